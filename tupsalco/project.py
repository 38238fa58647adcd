"""A project: a folder with the working database, and a key vault kept apart.

Importing a batch is a stream: each file is read, its identifiers detected (on worker
processes, see ``pseudonymise.analysis``) and propagated (``Pseudonymiser.stream``), and the
document stored in its own transaction (document, turns, entity positions and audit event
together) while the next files are read. The vault is saved before each commit, so every
surrogate in the database can be reversed; a kill loses only the documents in flight.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import NameLossError, ProjectError, TupsalcoError
from .ingest import (
    ParticipantSheet,
    SheetCheck,
    SheetTable,
    check_sheet,
    file_label,
    guess_mapping,
    parse_mapping,
    read_document,
    read_sheet,
)
from .ingest.participants import Corrections
from .ingest.sheet import ColumnMap
from .ingest.vocabulary import Vocabulary, key
from .progress import Progress
from .pseudonymise.analysis import AnalysisFailed
from .pseudonymise.documents import mark_spans
from .pseudonymise.engine import PseudonymisedText, Pseudonymiser
from .pseudonymise.names import DocumentNamer
from .pseudonymise.vault import (
    KeyData,
    Vault,
    finish_passphrase_changes,
    pending_id,
    stage_passphrase,
)
from .records import (
    AccountRole,
    Document,
    DocumentKind,
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
    AssignParticipant,
    Command,
    CreateProject,
    ImportDocument,
    ImportParticipants,
    RecordPassphraseChange,
    SetProjectOption,
    StoredCoding,
)
from .store.location import DB_NAME, URL_FILE, is_project, new_database, open_database
from .store.write import execute

log = logging.getLogger(__name__)


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
        database_url: str | None = None,
        participants: Path | SheetTable | None = None,
        columns: str | list[str] | ColumnMap | None = None,
    ) -> Project:
        """A new project folder, its encrypted key, its first account (``admin`` is the
        (user name, password) of the administrator who signs the creation) and, if given,
        its participants sheet. The working database is a SQLite file in the folder, or the
        (empty) PostgreSQL database at ``database_url`` or ``$TUPSALCO_DATABASE_URL``.
        All or nothing: whatever fails (a sheet with values to correct, a key file that
        cannot be written...), no project folder, database file or key file is left
        behind."""
        from .accounts import new_account

        folder = Path(folder)
        if is_project(folder):
            raise ProjectError(f"{folder} : un projet existe déjà ici ; ouvrez-le plutôt.")
        username, password_hash = new_account(*admin)
        # a bad sheet fails here, before anything is written
        checked = (check_participants_sheet(participants, columns, Vocabulary())
                   if participants is not None else None)
        if checked is not None:
            checked.sheet()
        project_id = str(uuid.uuid4())
        vault_path = Path(vault_path or tupsalco_home() / "vaults" / f"{project_id}.vault")
        if vault_path.exists():
            raise ProjectError(f"{vault_path} : un fichier de clé des pseudonymes existe "
                               "déjà ici ; choisissez un autre chemin ou ouvrez le projet "
                               "existant.")
        made = _Made(folder, vault_path)
        project = None
        try:
            made.make_dirs()
            Vault.create(vault_path, passphrase, KeyData(project_id=project_id))
            db = new_database(folder, database_url)
            made.db = db
            if db.engine.dialect.name != "sqlite":
                held = db.table_names()
                # an empty database, or one `tupsalco migrate` prepared (no project in it yet)
                if held and ("project" not in held or db.holds_project()):
                    raise ProjectError(
                        f"la base de données indiquée contient déjà {len(held)} table(s) : "
                        "un projet se crée dans une base vide ; ouvrez le projet qui l'utilise "
                        "ou donnez une autre base.")
                made.server_schema = not held  # a failure drops what migrate made, only then
            db.migrate()
            name = name or folder.name
            execute(db, None, CreateProject(project_id, name, str(vault_path), username,
                                            password_hash))
            project = cls(folder, db, project_id, name, vault_path)
            if checked is not None:
                project.import_participants(Viewer(username, AccountRole.ADMIN), checked,
                                            passphrase)
        except OSError as exc:
            made.undo()
            raise ProjectError(f"{exc.filename or folder} : le projet ne peut pas être "
                               f"créé ({exc.strerror or type(exc).__name__}) ; rien n'a été "
                               "laissé sur le disque.") from None
        except BaseException:
            made.undo()
            raise
        log.info("created a project")
        return project

    @classmethod
    def open(cls, folder: Path) -> Project:
        folder = Path(folder)
        if not is_project(folder):
            raise ProjectError(
                f"{folder} : ce n'est pas un projet tupsalco (pas de {DB_NAME}) ; créez-le "
                "avec `tupsalco init`."
            )
        db = open_database(folder)
        db.migrate()
        with db.session() as s:
            row = repo.get_project(s)
        if row is None:
            raise ProjectError(f"{folder} : la base de données du projet n'a pas de fiche "
                               "de projet ; restaurez une sauvegarde.")
        return cls(folder, db, row.id, row.name, Path(row.vault_path), row.k_threshold)

    def close(self) -> None:
        self.db.dispose()

    def execute(self, viewer: Viewer | None, command: Command, *,
                before_commit: Callable[[], None] | None = None) -> Any:
        """Run one typed command for ``viewer`` (see ``store.write.execute``)."""
        return execute(self.db, viewer, command, before_commit=before_commit)

    def open_vault(self, passphrase: str) -> tuple[Vault, KeyData]:
        self._finish_passphrase_changes()
        vault, keys = Vault.open(self.vault_path, passphrase)
        if keys.project_id != self.id:
            raise ProjectError(f"{self.vault_path} : ce fichier de clé appartient à un autre "
                               "projet.")
        return vault, keys

    def change_passphrase(self, viewer: Viewer, old: str, new: str) -> None:
        """Re-encrypt the key under a new passphrase. The new key file is written beside the
        old one first, as a pending change (the slow part); the change's audit event names
        it, and once the event is committed the rename makes it the key. The commit decides:
        a kill before it leaves the old key and no event; a kill between the commit and the
        rename leaves the event, and the next ``open_vault`` installs the pending key."""
        from .accounts import require

        require(viewer, AccountRole.ADMIN)
        self.open_vault(old)
        staged = stage_passphrase(self.vault_path, old, new)
        try:
            self.execute(viewer, RecordPassphraseChange(
                pending=pending_id(staged.tmp, self.vault_path)))
        except BaseException:
            staged.discard()
            raise
        self._finish_passphrase_changes()

    def _finish_passphrase_changes(self) -> int:
        """Install the pending key of a committed passphrase change (see
        ``finish_passphrase_changes``)."""
        def committed(pending: str) -> bool:
            with self.db.session() as s:
                return repo.passphrase_change_committed(s, pending)

        return finish_passphrase_changes(self.vault_path, committed)

    # -- imports ---------------------------------------------------------------------------
    @property
    def vocabulary(self) -> Vocabulary:
        """The study's vocabulary with what this project adds (its settings)."""
        with self.db.session() as s:
            added = repo.get_project(s).vocabulary or {}
        return Vocabulary(tuple(added.get("professions", ())), tuple(added.get("settings", ())))

    def set_vocabulary(self, viewer: Viewer, *, professions: Sequence[str] | None = None,
                       settings: Sequence[str] | None = None) -> Vocabulary:
        """The professions and settings this project adds to the study's (an admin)."""
        self.execute(viewer, SetProjectOption(
            professions=None if professions is None else tuple(professions),
            settings=None if settings is None else tuple(settings)))
        return self.vocabulary

    def check_participants(self, sheet: Path | SheetTable,
                           columns: str | list[str] | ColumnMap | None = None,
                           corrections: Corrections | None = None) -> SheetCheck:
        """What a sheet would give under ``columns`` (a mapping, or a ``--map`` text that
        changes the guessed one), against this project's vocabulary: nothing is written."""
        return check_participants_sheet(sheet, columns, self.vocabulary, corrections)

    def import_participants(
        self, viewer: Viewer, sheet: Path | SheetTable | SheetCheck, passphrase: str, *,
        columns: str | list[str] | ColumnMap | None = None,
        corrections: Corrections | None = None, confirm_name_loss: bool = False,
    ) -> int:
        """Load (or update) the participants: attributes into the database, names into the
        key. Refused, with every value to correct, while a value is outside the vocabulary;
        refused while it would take names out of the key, unless ``confirm_name_loss``."""
        checked = sheet if isinstance(sheet, SheetCheck) else self.check_participants(
            sheet, columns, corrections)
        parsed = checked.sheet()
        vault, keys = self.open_vault(passphrase)
        lost = names_lost(keys.participants, parsed.names)
        if lost and not confirm_name_loss:
            raise NameLossError(
                f"{checked.name} : la clé perdrait des noms de {len(lost)} participant·e·s "
                f"({', '.join(lost[:10])}{'…' if len(lost) > 10 else ''}) : vérifiez les "
                "colonnes lues comme prénom et nom (un en-tête fusionné sur deux colonnes ?), "
                "ou confirmez que ces noms doivent sortir de la clé.", tuple(lost))
        for pid, (first, last) in parsed.names.items():
            keys.participants[pid] = [first, last]
        n = self.execute(viewer, ImportParticipants(tuple(parsed.participants)),
                         before_commit=lambda: vault.save(keys))
        log.info("imported %d participants", n)
        return n

    def participants(self) -> list[Participant]:
        with self.db.session() as s:
            return repo.list_participants(s)

    def import_files(
        self, viewer: Viewer, paths: Sequence[Path | tuple[str, bytes]], passphrase: str, *,
        progress: Progress | None = None, pseudonymiser: Pseudonymiser | None = None,
        workers: int | None = None,
    ) -> list[ImportResult]:
        """Import transcripts and notes as a stream: each file is read, pseudonymised and
        stored in its own transaction while the next ones are being read. One failing file
        never stops or spoils the others; a kill loses only the documents in flight. A file is
        a path, or an upload read in memory: (its name, its bytes).

        A file's name is never quoted: a file that fails is named by its place in the batch
        and the study id in its name (``file 3 of the batch (PAT01….txt)``), a document by
        its name with the names in it replaced (``PAT01_Belkacem_Yanis.txt`` comes in as
        ``PAT01.txt``)."""
        files = [(Path(p[0]), p[1]) if isinstance(p, tuple) else (Path(p), None)
                 for p in paths]
        opened = self.open_vault(passphrase)  # a wrong passphrase stops before any reading
        sheet = ParticipantSheet(tuple(self.participants()))
        ids = [p.id for p in sheet.participants]
        unassigned: dict[int, str] = {}

        def read_all() -> Iterator[ParsedDocument | ImportResult]:
            for i, (path, data) in enumerate(files):
                doc = read_file(path, sheet, ids, i + 1, data)
                if (isinstance(doc, ParsedDocument) and doc.kind is DocumentKind.INTERVIEW
                        and doc.participant_id is None):
                    unassigned[i] = unassigned_notice(len(sheet.ids_in_name(path)))
                yield doc

        results = self.import_parsed(viewer, read_all(), passphrase, total=len(files),
                                     progress=progress, pseudonymiser=pseudonymiser,
                                     opened=opened, workers=workers)
        return [replace(r, notice=unassigned[i]) if i in unassigned and r.status == "imported"
                else r for i, r in enumerate(results)]

    def assign(self, viewer: Viewer, document_id: int, participant_id: str | None) -> None:
        """Link a transcript to its participant (or, with None, unlink it); undoable."""
        self.execute(viewer, AssignParticipant(document_id, participant_id))

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
        read the texts with the model (default: the cores available).

        A document is stored, reported and logged under its name pseudonymised
        (``pseudonymise.names``), never its file's; ``codings`` is given the document as
        parsed."""
        vault, keys = opened or self.open_vault(passphrase)
        namer = DocumentNamer(keys, [p.id for p in self.participants()], self.allow_terms())
        if total is None:
            docs = list(docs)
            total = len(docs)
        results: dict[int, ImportResult] = {}
        waiting: dict[int, tuple[ParsedDocument, str]] = {}
        first_of: dict[str, int] = {}  # a content's first file in the batch
        twins: dict[int, int] = {}  # a file whose content an earlier one of the batch has
        if progress:
            progress(0, total, "")

        def done(i: int, result: ImportResult) -> None:
            results[i] = result
            if progress:
                progress(len(results), total, result.name)

        def to_detect() -> Iterator[tuple[int, str, list[tuple[int, int]]]]:
            for i, doc in enumerate(docs):
                if isinstance(doc, ImportResult):
                    done(i, doc)
                    continue
                name = namer(doc.name)
                if doc.content_hash in first_of:  # the same file twice in one batch
                    twins[i] = first_of[doc.content_hash]
                    done(i, ImportResult(name, "unchanged"))
                    continue
                known = self._known(doc, name)
                if known is not None:
                    done(i, known)
                    continue
                first_of[doc.content_hash] = i
                waiting[i] = (doc, name)
                yield i, doc.text, mark_spans(doc)

        stream = to_detect()
        first = next(stream, None)
        if first is not None:
            engine = pseudonymiser or self.pseudonymiser(keys)
            engine.keys = keys
            engine.book.keys = keys
            # the detection of pseudonymise_documents (one path with `tupsalco pseudonymise`)
            for i, entities in engine.stream(itertools.chain([first], stream),
                                             workers=workers):
                doc, name = waiting.pop(i)
                if isinstance(entities, AnalysisFailed):
                    done(i, ImportResult(name, "failed", error=(
                        f"{name} : le pseudonymiseur a échoué sur ce texte "
                        f"({entities.reason}) ; rien n'en a été enregistré. Signalez-le avec "
                        "le format du fichier (pas son contenu).")))
                    continue
                done(i, self._store(viewer, doc, name, engine, entities, vault, keys, codings))
        for i, first_i in twins.items():
            if results[first_i].status == "imported":
                results[i] = replace(results[i], document_id=results[first_i].document_id)
            else:
                results[i] = replace(results[i], status="failed", error=results[first_i].error)
        return [results[i] for i in sorted(results)]

    def _known(self, doc: ParsedDocument, name: str) -> ImportResult | None:
        """The result for a document already in the project (same content, or same name),
        ``None`` for a new one."""
        with self.db.session() as s:
            existing = repo.document_id_by_hash(s, doc.content_hash)
            same_name = repo.document_id_by_name(s, name)
        if existing is not None:
            return ImportResult(name, "unchanged", existing)
        if same_name is not None:
            return ImportResult(
                name, "failed",
                error=f"{name} : une autre version de ce document est déjà dans le "
                "projet ; renommez le fichier pour l'importer comme nouveau document.")
        return None

    def _store(self, viewer, doc, name, engine, entities, vault, keys, codings  # noqa: ANN001
               ) -> ImportResult:
        known = self._known(doc, name)  # two files of the batch named alike: the first stays
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
                name=name, doc_kind=doc.kind.value, text=result.text, turns=tuple(turns),
                entities=tuple(result.entities), content_hash=doc.content_hash,
                participant_id=doc.participant_id, header=doc.header,
                source_format=doc.source_format,
                codings=tuple(codings(doc, result)) if codings else ())
            # the key is saved before the commit: every stored surrogate is reversible
            doc_id = self.execute(viewer, command, before_commit=lambda: vault.save(keys))
        except TupsalcoError as exc:
            return ImportResult(name, "failed", error=str(exc))
        except Exception as exc:  # a bug must not stop the batch: this document only fails
            log.warning("a document could not be stored: %s", type(exc).__name__)
            return ImportResult(name, "failed", error=(
                f"{name} : le document n'a pas pu être enregistré ({type(exc).__name__}) "
                "; rien n'en a été écrit. Les autres fichiers continuent."))
        log.info("imported document %d: %d turns, %d identifiers replaced", doc_id,
                 len(turns), len(result.entities))
        return ImportResult(name, "imported", doc_id, len(result.entities))

    def version(self) -> int:
        """Grows with every change: what cached reads key on."""
        with self.db.session() as s:
            return repo.last_change(s)

    def allow_terms(self) -> list[str]:
        with self.db.session() as s:
            return repo.allow_terms(s)

    def site_names(self) -> list[str]:
        """Its participants' sites: places the pseudonymiser removes wherever they stand."""
        return sorted({p.site for p in self.participants() if p.site})

    def pseudonymiser(self, keys: KeyData, kind: type[Pseudonymiser] = Pseudonymiser
                      ) -> Pseudonymiser:
        """The project's pseudonymiser (``kind``): its key, allow-list and sites."""
        return kind(keys, allow=self.allow_terms(), places=self.site_names())

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
            raise ProjectError(f"Le document {document_id} n'est pas dans le projet.",
                               id=document_id)
        return doc


def read_file(path: Path, sheet: ParticipantSheet | None, ids: Sequence[str] = (),
              number: int | None = None, data: bytes | None = None
              ) -> ParsedDocument | ImportResult:
    """A file read into a document, or the failed result that says why it cannot be: any
    error of a reader is this file's alone. The file is named by ``labels.file_label``
    (its place ``number`` in the batch and the study id in its name), never by its name."""
    label = file_label(path.name, ids, number)
    try:
        return read_document(path, sheet, data, number=number)
    except TupsalcoError as exc:
        error = str(exc)
    except OSError as exc:
        error = f"{label} : le fichier ne se lit pas ({type(exc).__name__}) ; vérifiez " \
            "qu'il existe et qu'il peut être lu."
    except RecursionError:
        error = f"{label} : le fichier est trop imbriqué pour être lu ; enregistrez-le " \
            "de nouveau depuis son application."
    except MemoryError:
        error = f"{label} : lire le fichier demande plus de mémoire qu'il n'y en a ; " \
            "découpez-le."
    except Exception as exc:  # a reader's bug on an odd file: this file only fails
        error = f"{label} : le fichier ne se lit pas ({type(exc).__name__}) ; ouvrez-le " \
            "dans son application et enregistrez-le de nouveau."
    log.warning("import failed: %s", error)
    return ImportResult(label, "failed", error=error)


def unassigned_notice(ids_in_name: int) -> str:
    why = ("son nom de fichier porte plusieurs identifiants de participant·e·s"
           if ids_in_name > 1 else "son nom de fichier ne porte aucun identifiant de la "
           "feuille des participant·e·s")
    return (f"entretien non attribué : {why} ; attribuez-le sur la page Documents "
            "(ou tupsalco assign).")


def check_participants_sheet(sheet: Path | SheetTable,
                             columns: str | list[str] | ColumnMap | None,
                             vocabulary: Vocabulary,
                             corrections: Corrections | None = None) -> SheetCheck:
    table = sheet if isinstance(sheet, SheetTable) else read_sheet(Path(sheet))
    guess = guess_mapping(table)
    mapping = dict(columns) if isinstance(columns, dict) else parse_mapping(
        table, columns, guess.mapping)
    checked = check_sheet(table, mapping, vocabulary, corrections)
    notices = guess.notices if mapping == guess.mapping else ()
    return replace(checked, notices=(*notices, *checked.notices))


def names_lost(known: dict[str, list[str]], names: dict[str, tuple[str, str]]) -> list[str]:
    """The participants whose names in the key the new sheet would drop (a name part the key
    holds that the sheet no longer gives)."""
    lost = []
    for pid, new in names.items():
        old = {key(n) for n in known.get(pid, ()) if n and n.strip()}
        if old - {key(n) for n in new if n and n.strip()}:
            lost.append(pid)
    return sorted(lost)


class _Made:
    """What creating a project wrote, to take it all back if the creation fails."""

    def __init__(self, folder: Path, vault_path: Path) -> None:
        self.folder, self.vault_path = folder, vault_path
        self.db: Database | None = None
        self.server_schema = False  # tables this creation migrated into an empty server db
        # the folders that do not exist yet, deepest first
        self.dirs = [d for d in (folder, *folder.parents) if not d.exists()]
        self.vault_dirs = [d for d in (vault_path.parent, *vault_path.parent.parents)
                           if not d.exists()]

    def make_dirs(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.vault_path.parent.mkdir(parents=True, exist_ok=True)

    def undo(self) -> None:
        if self.db is not None:
            if self.server_schema:
                with contextlib.suppress(Exception):  # the creation's own error is the one told
                    self.db.drop_schema()
            self.db.dispose()
        for leftover in (self.vault_path, self.folder / DB_NAME,
                         self.folder / f"{DB_NAME}-journal", self.folder / URL_FILE):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        if self.dirs and self.dirs[0] == self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)  # made by this creation
        for d in [*self.dirs, *self.vault_dirs]:
            # only if empty: a folder someone else filled meanwhile stays
            with contextlib.suppress(OSError):
                d.rmdir()

