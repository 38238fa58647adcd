"""A project: a folder with the working database, and a key vault kept apart.

Importing a batch is a stream: each file is read, its identifiers detected (on worker
processes, see ``pseudonymise.analysis``) and propagated (``Pseudonymiser.stream``), and the
document stored in its own transaction (document, turns, entity positions and audit event
together) while the next files are read. The vault is saved before each commit, so every
surrogate in the database can be reversed; a kill loses only the documents in flight.
"""

from __future__ import annotations

import itertools
import logging
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import ProjectError, TupsalcoError
from .ingest import ParticipantSheet, read_document, read_participants
from .progress import Progress
from .pseudonymise.analysis import AnalysisFailed
from .pseudonymise.documents import mark_spans
from .pseudonymise.engine import PseudonymisedText, Pseudonymiser
from .pseudonymise.vault import KeyData, Vault
from .records import (
    Document,
    DocumentSummary,
    ImportResult,
    Mark,
    ParsedDocument,
    Participant,
    Viewer,
)
from .store import Database
from .store import repository as repo
from .store.commands import (
    Command,
    CreateProject,
    ImportDocument,
    ImportParticipants,
    SetProjectOption,
    StoredCoding,
)
from .store.write import execute

log = logging.getLogger(__name__)
DB_NAME = "tupsalco.db"


def tupsalco_home() -> Path:
    return Path(os.environ.get("TUPSALCO_HOME", Path.home() / ".local/share/tupsalco"))


@dataclass
class Project:
    folder: Path
    db: Database
    id: str
    name: str
    vault_path: Path
    k_threshold: int = 3

    # -- life cycle ------------------------------------------------------------------------
    @classmethod
    def create(
        cls, folder: Path, passphrase: str, *, admin: tuple[str, str],
        name: str | None = None, vault_path: Path | None = None,
    ) -> Project:
        """A new project folder, its encrypted key, and its first account: ``admin`` is the
        (user name, password) of the administrator who signs the creation."""
        from .accounts import new_account

        folder = Path(folder)
        if (folder / DB_NAME).exists():
            raise ProjectError(f"{folder}: a project already exists here; open it instead.")
        username, password_hash = new_account(*admin)
        folder.mkdir(parents=True, exist_ok=True)
        project_id = str(uuid.uuid4())
        vault_path = Path(vault_path or tupsalco_home() / "vaults" / f"{project_id}.vault")
        Vault.create(vault_path, passphrase, KeyData(project_id=project_id))
        db = Database.sqlite(folder / DB_NAME)
        db.migrate()
        name = name or folder.name
        execute(db, None, CreateProject(project_id, name, str(vault_path), username,
                                        password_hash))
        log.info("created a project")
        return cls(folder, db, project_id, name, vault_path)

    @classmethod
    def open(cls, folder: Path) -> Project:
        folder = Path(folder)
        if not (folder / DB_NAME).exists():
            raise ProjectError(
                f"{folder}: not a tupsalco project (no {DB_NAME}); create it with `tupsalco init`."
            )
        db = Database.sqlite(folder / DB_NAME)
        db.migrate()
        with db.session() as s:
            row = repo.get_project(s)
        if row is None:
            raise ProjectError(f"{folder}: the project database has no project record.")
        return cls(folder, db, row.id, row.name, Path(row.vault_path), row.k_threshold)

    def close(self) -> None:
        self.db.dispose()

    def execute(self, viewer: Viewer | None, command: Command, *,
                before_commit: Callable[[], None] | None = None) -> Any:
        """Run one typed command for ``viewer`` (see ``store.write.execute``)."""
        return execute(self.db, viewer, command, before_commit=before_commit)

    def open_vault(self, passphrase: str) -> tuple[Vault, KeyData]:
        vault, keys = Vault.open(self.vault_path, passphrase)
        if keys.project_id != self.id:
            raise ProjectError(f"{self.vault_path}: this key file belongs to another project.")
        return vault, keys

    # -- imports ---------------------------------------------------------------------------
    def import_participants(self, viewer: Viewer, sheet_path: Path, passphrase: str) -> int:
        sheet = read_participants(Path(sheet_path))
        vault, keys = self.open_vault(passphrase)
        for pid, (first, last) in sheet.names.items():
            keys.participants[pid] = [first, last]
        n = self.execute(viewer, ImportParticipants(tuple(sheet.participants)),
                         before_commit=lambda: vault.save(keys))
        log.info("imported %d participants", n)
        return n

    def participants(self) -> list[Participant]:
        with self.db.session() as s:
            return repo.list_participants(s)

    def import_files(
        self, viewer: Viewer, paths: Sequence[Path], passphrase: str, *,
        progress: Progress | None = None, pseudonymiser: Pseudonymiser | None = None,
        workers: int | None = None,
    ) -> list[ImportResult]:
        """Import transcripts and notes as a stream: each file is read, pseudonymised and
        stored in its own transaction while the next ones are being read. One failing file
        never stops or spoils the others; a kill loses only the documents in flight."""
        paths = [Path(p) for p in paths]
        opened = self.open_vault(passphrase)  # a wrong passphrase stops before any reading
        sheet = ParticipantSheet(tuple(self.participants()))
        return self.import_parsed(viewer, (read_file(path, sheet) for path in paths),
                                  passphrase, total=len(paths), progress=progress,
                                  pseudonymiser=pseudonymiser, opened=opened, workers=workers)

    def import_parsed(
        self, viewer: Viewer, docs: Iterable[ParsedDocument | ImportResult], passphrase: str,
        *, total: int | None = None, progress: Progress | None = None,
        pseudonymiser: Pseudonymiser | None = None,
        codings: Callable[[ParsedDocument, PseudonymisedText], list[StoredCoding]] | None = None,
        opened: tuple[Vault, KeyData] | None = None, workers: int | None = None,
    ) -> list[ImportResult]:
        """Pseudonymise and store parsed documents (an ``ImportResult`` stands for one that
        could not be read), each in its own transaction, as they come (``docs`` may be a
        generator; ``total`` is its length, for ``progress``). ``codings`` gives the codings
        that come with a document (offsets in the stored text): they are written in the
        document's transaction. ``opened`` is the vault already opened with ``passphrase``
        by the caller (its key derivation is slow on purpose). ``workers``: processes that
        read the texts with the model (default: the cores available)."""
        vault, keys = opened or self.open_vault(passphrase)
        if total is None:
            docs = list(docs)
            total = len(docs)
        results: dict[int, ImportResult] = {}
        waiting: dict[int, ParsedDocument] = {}
        if progress:
            progress(0, total, "")

        def done(i: int, result: ImportResult) -> None:
            results[i] = result
            if progress:
                progress(len(results), total, result.name)

        def to_detect() -> Iterator[tuple[int, str, list[tuple[int, int]]]]:
            for i, doc in enumerate(docs):
                known = doc if isinstance(doc, ImportResult) else self._known(doc)
                if known is not None:
                    done(i, known)
                    continue
                waiting[i] = doc
                yield i, doc.text, mark_spans(doc)

        stream = to_detect()
        first = next(stream, None)
        if first is not None:
            engine = pseudonymiser or Pseudonymiser(keys, allow=self.allow_terms())
            engine.keys = keys
            engine.book.keys = keys
            # the detection of pseudonymise_documents (one path with `tupsalco pseudonymise`)
            for i, entities in engine.stream(itertools.chain([first], stream),
                                             workers=workers):
                doc = waiting.pop(i)
                if isinstance(entities, AnalysisFailed):
                    done(i, ImportResult(doc.name, "failed", error=(
                        f"{doc.name}: the pseudonymiser failed on this text "
                        f"({entities.reason}); nothing of it was stored. Report it with the "
                        "file's format (not its content).")))
                    continue
                done(i, self._store(viewer, doc, engine, entities, vault, keys, codings))
        return [results[i] for i in sorted(results)]

    def _known(self, doc: ParsedDocument) -> ImportResult | None:
        """The result for a document already in the project (same content, or same name),
        ``None`` for a new one."""
        with self.db.session() as s:
            existing = repo.document_id_by_hash(s, doc.content_hash)
            same_name = repo.document_id_by_name(s, doc.name)
        if existing is not None:
            return ImportResult(doc.name, "unchanged", existing)
        if same_name is not None:
            return ImportResult(
                doc.name, "failed",
                error=f"{doc.name}: another version of this document is already in the "
                "project; rename the file to import it as a new document.")
        return None

    def _store(self, viewer, doc, engine, entities, vault, keys, codings) -> ImportResult:  # noqa: ANN001
        known = self._known(doc)  # the same file twice in one batch: the first is stored
        if known is not None:
            return known
        try:
            result = engine.apply(doc.text, entities)
            turns = [
                replace(
                    t, start=result.offsets.to_new(t.start), end=result.offsets.to_new(t.end),
                    marks=tuple(Mark(result.offsets.to_new(m.start),
                                     result.offsets.to_new(m.end), m.label) for m in t.marks),
                )
                for t in doc.turns
            ]
            command = ImportDocument(
                name=doc.name, doc_kind=doc.kind.value, text=result.text, turns=tuple(turns),
                entities=tuple(result.entities), content_hash=doc.content_hash,
                participant_id=doc.participant_id, header=doc.header,
                source_format=doc.source_format,
                codings=tuple(codings(doc, result)) if codings else ())
            # the key is saved before the commit: every stored surrogate is reversible
            doc_id = self.execute(viewer, command, before_commit=lambda: vault.save(keys))
        except TupsalcoError as exc:
            return ImportResult(doc.name, "failed", error=str(exc))
        except Exception as exc:  # a bug must not stop the batch: this document only fails
            log.warning("a document could not be stored: %s", type(exc).__name__)
            return ImportResult(doc.name, "failed", error=(
                f"{doc.name}: could not be stored ({type(exc).__name__}); nothing of it was "
                "written. The other files go on."))
        log.info("imported document %d: %d turns, %d identifiers replaced", doc_id,
                 len(turns), len(result.entities))
        return ImportResult(doc.name, "imported", doc_id, len(result.entities))

    def version(self) -> int:
        """Grows with every change: what cached reads key on."""
        with self.db.session() as s:
            return repo.last_change(s)

    def allow_terms(self) -> list[str]:
        with self.db.session() as s:
            return repo.allow_terms(s)

    def set_k_threshold(self, viewer: Viewer, k: int) -> None:
        self.execute(viewer, SetProjectOption(k_threshold=k))
        self.k_threshold = k

    @property
    def blind(self) -> bool:
        """Blind coding: each coder sees only their own codings."""
        with self.db.session() as s:
            return bool(repo.get_project(s).blind)

    def set_blind(self, viewer: Viewer, blind: bool) -> None:
        self.execute(viewer, SetProjectOption(blind=blind))

    @property
    def band_labels(self) -> dict[str, str]:
        """How age bands are written in attributions (the published note writes 45-65)."""
        with self.db.session() as s:
            return dict(repo.get_project(s).band_labels or {})

    def set_band_labels(self, viewer: Viewer, labels: dict[str, str]) -> None:
        self.execute(viewer, SetProjectOption(band_labels=tuple(sorted(labels.items()))))

    # -- reading ---------------------------------------------------------------------------
    def documents(self) -> list[DocumentSummary]:
        with self.db.session() as s:
            return repo.list_documents(s)

    def document(self, document_id: int) -> Document:
        with self.db.session() as s:
            doc = repo.get_document(s, document_id)
        if doc is None:
            raise ProjectError(f"document {document_id} is not in the project.")
        return doc


def read_file(path: Path, sheet: ParticipantSheet | None) -> ParsedDocument | ImportResult:
    """A file read into a document, or the failed result that says why it cannot be: any
    error of a reader is this file's alone."""
    try:
        return read_document(path, sheet)
    except TupsalcoError as exc:
        error = str(exc)
    except OSError as exc:
        error = f"{path.name}: cannot be read ({exc.strerror or type(exc).__name__}); " \
            "check the file exists and can be read."
    except RecursionError:
        error = f"{path.name}: the file is nested too deeply to be read; save it again " \
            "from its application."
    except MemoryError:
        error = f"{path.name}: the file needs more memory than there is to be read; " \
            "split it."
    except Exception as exc:  # a reader's bug on an odd file: this file only fails
        error = f"{path.name}: cannot be read ({type(exc).__name__}); open it in its " \
            "application and save it again."
    log.warning("import failed: %s", error)
    return ImportResult(path.name, "failed", error=error)
