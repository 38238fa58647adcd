"""A project: a folder with the working database, and a key vault kept apart.

Importing a batch: parse every file, detect identifiers in one ``nlp.pipe`` pass with
propagation across the batch, then store each document in its own transaction (document,
turns, entity positions and audit event together). The vault is saved before each commit, so
every surrogate in the database can be reversed.
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ProjectError, TupsalcoError
from .ingest import ParticipantSheet, read_document, read_participants
from .pseudonymise.engine import PseudonymisedText, Pseudonymiser
from .pseudonymise.vault import KeyData, Vault
from .records import Document, DocumentSummary, ImportResult, Mark, ParsedDocument, Participant
from .store import Database
from .store import repository as repo
from .store.models import CodingRow, ProjectRow

log = logging.getLogger(__name__)
DB_NAME = "tupsalco.db"
Progress = Callable[[int, int, str], None]


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
        cls, folder: Path, passphrase: str, *, name: str | None = None,
        vault_path: Path | None = None, actor: str = "admin",
    ) -> Project:
        folder = Path(folder)
        if (folder / DB_NAME).exists():
            raise ProjectError(f"{folder}: a project already exists here; open it instead.")
        folder.mkdir(parents=True, exist_ok=True)
        project_id = str(uuid.uuid4())
        vault_path = Path(vault_path or tupsalco_home() / "vaults" / f"{project_id}.vault")
        Vault.create(vault_path, passphrase, KeyData(project_id=project_id))
        db = Database.sqlite(folder / DB_NAME)
        db.migrate()
        name = name or folder.name
        with db.change(actor, "create_project", name, {"vault": "created"}) as s:
            s.add(ProjectRow(id=project_id, name=name, vault_path=str(vault_path)))
        log.info("created project %s", name)
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

    def open_vault(self, passphrase: str) -> tuple[Vault, KeyData]:
        vault, keys = Vault.open(self.vault_path, passphrase)
        if keys.project_id != self.id:
            raise ProjectError(f"{self.vault_path}: this key file belongs to another project.")
        return vault, keys

    # -- imports ---------------------------------------------------------------------------
    def import_participants(self, sheet_path: Path, passphrase: str, actor: str = "admin") -> int:
        sheet = read_participants(Path(sheet_path))
        vault, keys = self.open_vault(passphrase)
        for pid, (first, last) in sheet.names.items():
            keys.participants[pid] = [first, last]
        vault.save(keys)
        with self.db.change(actor, "import_participants", Path(sheet_path).name,
                            {"participants": len(sheet.participants)}) as s:
            n = repo.upsert_participants(s, sheet.participants)
        log.info("imported %d participants", n)
        return n

    def participants(self) -> list[Participant]:
        with self.db.session() as s:
            return repo.list_participants(s)

    def import_files(
        self, paths: Sequence[Path], passphrase: str, *, actor: str = "admin",
        progress: Progress | None = None, pseudonymiser: Pseudonymiser | None = None,
    ) -> list[ImportResult]:
        """Import transcripts and notes; one failing file never stops or spoils the others."""
        sheet = ParticipantSheet(tuple(self.participants()))
        docs: list[ParsedDocument | ImportResult] = []
        for path in map(Path, paths):
            try:
                docs.append(read_document(path, sheet))
            except (TupsalcoError, OSError) as exc:
                docs.append(ImportResult(path.name, "failed", error=_message(path, exc)))
                log.warning("import failed: %s", docs[-1].error)
        return self.import_parsed(docs, passphrase, actor=actor, progress=progress,
                                  pseudonymiser=pseudonymiser)

    def import_parsed(
        self, docs: Sequence[ParsedDocument | ImportResult], passphrase: str, *,
        actor: str = "admin", progress: Progress | None = None,
        pseudonymiser: Pseudonymiser | None = None,
        codings: Callable[[ParsedDocument, PseudonymisedText], list[dict]] | None = None,
        opened: tuple[Vault, KeyData] | None = None,
    ) -> list[ImportResult]:
        """Pseudonymise and store parsed documents (an ``ImportResult`` stands for one that
        could not be read), each in its own transaction. ``codings`` gives the codings that
        come with a document (``CodingRow`` fields, offsets in the stored text): they are
        written in the document's transaction. ``opened`` is the vault already opened with
        ``passphrase`` by the caller (its key derivation is slow on purpose)."""
        vault, keys = opened or self.open_vault(passphrase)
        results: dict[int, ImportResult] = {}
        parsed: list[tuple[int, ParsedDocument]] = []
        total = len(docs)
        for i, doc in enumerate(docs):
            if isinstance(doc, ImportResult):
                results[i] = doc
                continue
            with self.db.session() as s:
                existing = repo.document_id_by_hash(s, doc.content_hash)
                same_name = repo.document_id_by_name(s, doc.name)
            if existing is not None:
                results[i] = ImportResult(doc.name, "unchanged", existing)
            elif same_name is not None:
                results[i] = ImportResult(
                    doc.name, "failed",
                    error=f"{doc.name}: another version of this document is already in the "
                    "project; rename the file to import it as a new document.")
            else:
                parsed.append((i, doc))
        if parsed:
            engine = pseudonymiser or Pseudonymiser(keys, allow=self.allow_terms())
            engine.keys = keys
            engine.book.keys = keys
            detected = engine.detect(
                [d.text for _, d in parsed],
                protected=[[(m.start, m.end) for t in d.turns for m in t.marks] for _, d in parsed],
            )
            for (i, doc), entities in zip(parsed, detected, strict=True):
                if progress:
                    progress(len(results), total, doc.name)
                results[i] = self._store(doc, engine, entities, vault, keys, actor, codings)
        if progress:
            progress(total, total, "")
        return [results[i] for i in range(total)]

    def _store(self, doc, engine, entities, vault, keys, actor, codings) -> ImportResult:  # noqa: ANN001
        result = engine.apply(doc.text, entities)
        turns = [
            replace(
                t, start=result.offsets.to_new(t.start), end=result.offsets.to_new(t.end),
                marks=tuple(Mark(result.offsets.to_new(m.start), result.offsets.to_new(m.end),
                                 m.label) for m in t.marks),
            )
            for t in doc.turns
        ]
        coded = codings(doc, result) if codings else []
        vault.save(keys)  # before the commit: every stored surrogate is reversible
        detail = {"kind": doc.kind.value, "turns": len(turns), "entities": len(result.entities),
                  "content_hash": doc.content_hash}
        if coded:
            detail["codings"] = len(coded)
        try:
            with self.db.change(actor, "import_document", doc.name, detail) as s:
                row = repo.add_document(
                    s, name=doc.name, kind=doc.kind, text=result.text, turns=turns,
                    entities=result.entities, content_hash=doc.content_hash,
                    participant_id=doc.participant_id, header=doc.header,
                    source_format=doc.source_format,
                )
                doc_id = row.id
                for c in coded:
                    s.add(CodingRow(document_id=doc_id, **c))
        except TupsalcoError as exc:
            return ImportResult(doc.name, "failed", error=str(exc))
        log.info("imported %s: %d turns, %d identifiers replaced", doc.name, len(turns),
                 len(result.entities))
        return ImportResult(doc.name, "imported", doc_id, len(result.entities))

    def allow_terms(self) -> list[str]:
        with self.db.session() as s:
            return repo.allow_terms(s)

    def set_k_threshold(self, k: int, actor: str = "admin") -> None:
        if not 2 <= k <= 50:
            raise ProjectError("k must be between 2 and 50.")
        with self.db.change(actor, "set_k_threshold", self.name, {"k": k}) as s:
            repo.get_project(s).k_threshold = k
        self.k_threshold = k

    @property
    def blind(self) -> bool:
        """Blind coding: each coder sees only their own codings."""
        with self.db.session() as s:
            return bool(repo.get_project(s).blind)

    def set_blind(self, blind: bool, actor: str = "admin") -> None:
        with self.db.change(actor, "set_blind", self.name, {"blind": blind}) as s:
            repo.get_project(s).blind = blind

    @property
    def band_labels(self) -> dict[str, str]:
        """How age bands are written in attributions (the published note writes 45-65)."""
        with self.db.session() as s:
            return dict(repo.get_project(s).band_labels or {})

    def set_band_labels(self, labels: dict[str, str], actor: str = "admin") -> None:
        for band, label in labels.items():
            if not re.fullmatch(r"\d{2}-\d{2}", band) or not re.fullmatch(r"\d{2}-\d{2}", label):
                raise ProjectError(f"an age band is written like 45-65, not '{label}'.")
        with self.db.change(actor, "set_band_labels", self.name, {"labels": labels}) as s:
            repo.get_project(s).band_labels = dict(labels)

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


def _message(path: Path, exc: Exception) -> str:
    if isinstance(exc, TupsalcoError):
        return str(exc)
    return f"{path.name}: cannot be read ({type(exc).__name__}); check the file exists."
