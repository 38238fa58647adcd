"""No file can hurt a project: each bad input of tests/data/bad (the large ones made by its
script at test time) gets an error naming the file and the place, the rest of its batch is
stored, the project is otherwise unchanged (every table's rows and checksum, the key file),
through the library and the CLI, without a traceback. A kill of `tupsalco import` at any
moment leaves a database that opens with exactly the documents committed, and a re-run
completes the batch."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tupsalco import coding
from tupsalco.codebook import load_codebook
from tupsalco.errors import (
    CodebookError,
    ParticipantSheetError,
    SheetProblemsError,
    TupsalcoError,
    VaultError,
    WrongPassphraseError,
)
from tupsalco.project import DB_NAME, Project
from tupsalco.pseudonymise.analysis import BATCH_CHARS
from tupsalco.pseudonymise.vault import (
    ORPHAN_SECONDS,
    PENDING_SUFFIX,
    Vault,
    pending_id,
    stage_passphrase,
)
from tupsalco.refi import from_qdc, import_qdpx
from tupsalco.store.location import URL_FILE, database_url
from tupsalco.store.models import Base
from tupsalco.store.transfer import checksum

from .conftest import (
    ANA,
    BACKENDS,
    PASS,
    PASSWORD,
    SHEET,
    _need_postgres,
    _postgres_database,
    transcript,
)

BAD = Path(__file__).parent / "data" / "bad"
_spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
make_bad = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_bad)

# the inputs read as documents, what their error says (beside the file's label), in a batch
# between good files; sizes past the limits but smaller than the bench's
DOCUMENTS = {
    "PAT01_document_corrompu.docx": (None, r"XML bien formé \(ligne \d+, colonne \d+\)"),
    "PAT01_zip_menteur.docx": (None, r"sa partie word/document.xml ne se lit pas"),
    "PAT01_encodages_melanges.txt": (None, r"ligne\(s\) 3, 4 en Windows-1252"),
    "PAT01_etiquettes_seules.txt": (None, r"rien de dit ni d'écrit"),
    "PAT01_bombe.docx": (lambda: make_bad.bomb_docx(60_000_000),
                         r"une fois décompressé, le fichier dépasse"),
    "PAT01_bombe_menteuse.docx": (lambda: make_bad.bomb_docx(60_000_000, declared=40_000),
                                  r"sa partie word/document.xml ne se lit pas"),
}
LONG = "PAT01_tres_long.txt"  # read whole: more than spaCy's million characters, in parts


def snapshot(project: Project) -> dict[str, object]:
    """Every table's rows and checksum, and the key file's bytes."""
    state: dict[str, object] = {t.name: checksum(project.db, t)
                                for t in Base.metadata.sorted_tables}
    state["key file"] = project.vault_path.read_bytes()
    return state


def good(folder: Path, name: str, n: int) -> Path:
    return transcript(folder / name, [("Enquêtrice", f"Et ensuite, entretien {n} ?"),
                                      ("Patiente", "Je bois moins le soir depuis le CSAPA.")])


def long_good(folder: Path, name: str, n: int) -> Path:
    """A transcript longer than half a batch of the model's reading (``BATCH_CHARS``): the
    import reads and commits such documents one or two at a time, never all at once, so that a
    kill can fall between two commits."""
    said = "Je bois moins le soir depuis le CSAPA, et le week-end aussi. "
    return transcript(folder / name, [("Enquêtrice", f"Et ensuite, entretien {n} ?"),
                                      ("Patiente", said * (BATCH_CHARS // 2 // len(said) + 1))])


def new_project(folder: Path, url: str | None = None) -> Project:
    folder.mkdir(parents=True, exist_ok=True)
    sheet = folder / "participants.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    p = Project.create(folder / "proj", PASS, vault_path=folder / "keys" / "p.vault",
                       admin=(ANA.username, PASSWORD), database_url=url)
    p.import_participants(ANA, sheet, PASS)
    return p


@pytest.fixture(scope="module", params=BACKENDS)
def batch(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """One batch: a good file, then each bad one followed by a good one, on each backend."""
    if request.param == "sqlite":
        yield from _batch(tmp_path_factory, None)
        return
    _need_postgres()
    with _postgres_database(request.getfixturevalue("_postgres_template")) as url:
        yield from _batch(tmp_path_factory, url)


def _batch(tmp_path_factory: pytest.TempPathFactory, url: str | None):  # noqa: ANN202
    folder = tmp_path_factory.mktemp("bad")
    project = new_project(folder, url)
    files = [good(folder, "MG01.docx", 0)]
    for n, (name, (make, _)) in enumerate(DOCUMENTS.items(), 1):
        bad = folder / name
        if make is None:
            bad.write_bytes((BAD / name).read_bytes())
        else:
            bad.write_bytes(make())
        files += [bad, good(folder, f"entretien_{n}.docx", n)]
    (folder / LONG).write_bytes(make_bad.long_text(cheap=True))
    files.append(folder / LONG)
    results = project.import_files(ANA, files, PASS)
    yield project, files, results
    project.close()


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_a_bad_document_fails_alone_named_by_its_place(batch, name: str) -> None:
    project, files, results = batch
    i = [f.name for f in files].index(name)
    result = results[i]
    assert result.status == "failed"
    assert result.error.startswith(f"fichier {i + 1} du lot (PAT01….{name.rsplit('.')[1]}) : ")
    assert re.search(DOCUMENTS[name][1], result.error), result.error
    assert name not in result.error
    # the files around it are stored
    assert results[i - 1].status == results[i + 1].status == "imported"


def test_the_rest_of_the_batch_is_stored_and_a_rerun_changes_nothing(batch) -> None:
    project, files, results = batch
    stored = [r for r in results if r.status == "imported"]
    assert len(stored) == len(DOCUMENTS) + 2  # the good ones and the long text
    assert sorted(d.id for d in project.documents()) == sorted(r.document_id for r in stored)
    long = project.document(results[-1].document_id)
    assert len(long.text) > 900_000 and "anticonstitutionnellement" in long.text[-100:]
    before = snapshot(project)
    again = project.import_files(ANA, files, PASS)
    assert [r.status for r in again] == ["unchanged" if r.status == "imported" else r.status
                                         for r in results]
    assert snapshot(project) == before


@pytest.fixture
def project(tmp_path: Path, backend: str | None):
    p = new_project(tmp_path, backend)
    yield p
    p.close()


@pytest.mark.parametrize("n, r, p", [(2**40, 8, 1), (2**22, 8, 1), (2**15, 8, 64), (1, 8, 1),
                                     (2**15, 0, 1), (3, 8, 1)])
def test_a_tampered_key_derivation_is_refused_before_it_runs(project, n, r, p) -> None:
    before = snapshot(project)
    envelope = json.loads(project.vault_path.read_text(encoding="utf-8"))
    envelope["kdf"].update(n=n, r=r, p=p)
    project.vault_path.write_text(json.dumps(envelope), encoding="utf-8")
    tampered = project.vault_path.read_bytes()
    with pytest.raises(VaultError, match="paramètres de dérivation de clé"):
        project.open_vault(PASS)
    assert snapshot(project) == {**before, "key file": tampered}


def test_an_orphan_temporary_key_file_is_removed(project) -> None:
    folder = project.vault_path.parent
    old, fresh = folder / ".vault-k1l2m3.tmp", folder / ".vault-n4o5p6.tmp"
    for f in (old, fresh):
        f.write_text("{}")
    past = time.time() - ORPHAN_SECONDS - 3600
    os.utime(old, (past, past))
    project.open_vault(PASS)
    assert not old.exists() and fresh.exists()  # a recent one may be a save in progress


def test_a_passphrase_change_is_the_key_and_its_event_together(project) -> None:
    from tupsalco.errors import PermissionDeniedError
    from tupsalco.store import repository as repo

    from .conftest import member

    def events() -> int:
        with project.db.session() as s:
            return sum(e.action == "change_passphrase" for e in repo.audit_events(s))

    coder = member(project, "cora", "coder")
    before = snapshot(project)
    with pytest.raises(PermissionDeniedError):
        project.change_passphrase(coder, PASS, "une autre phrase")
    assert snapshot(project) == before and events() == 0
    assert not _beside_the_key(project)
    project.change_passphrase(ANA, PASS, "une autre phrase")
    assert events() == 1
    Vault.open(project.vault_path, "une autre phrase")
    assert not _beside_the_key(project)


def _beside_the_key(project) -> list[Path]:
    """The temporary and pending key files beside the project's key."""
    folder = project.vault_path.parent
    return [*folder.glob(".vault-*.tmp"), *folder.glob(f"*{PENDING_SUFFIX}")]


def test_a_passphrase_change_killed_after_its_commit_is_installed_at_the_next_open(
        project) -> None:
    """The commit decides: a change whose event is committed but whose pending key was not
    yet renamed (a kill in between) is the key from the next opening on; a pending key
    with no event is not, and goes once older than a change in progress."""
    from tupsalco.store.commands import RecordPassphraseChange

    staged = stage_passphrase(project.vault_path, PASS, "une autre phrase")
    project.execute(ANA, RecordPassphraseChange(
        pending=pending_id(staged.tmp, project.vault_path)))  # then the kill
    Vault.open(project.vault_path, PASS)  # the key file alone is still the old one
    with pytest.raises(WrongPassphraseError):
        Project.open(project.folder).open_vault(PASS)
    project.open_vault("une autre phrase")
    assert not _beside_the_key(project)
    never = stage_passphrase(project.vault_path, "une autre phrase", "une troisième")
    project.open_vault("une autre phrase")
    assert never.tmp.exists()  # recent: it may be a change in progress
    old = time.time() - ORPHAN_SECONDS - 5
    os.utime(never.tmp, (old, old))
    project.open_vault("une autre phrase")
    assert not _beside_the_key(project)
    with pytest.raises(WrongPassphraseError):
        project.open_vault("une troisième")


def test_the_database_file_is_not_readable_by_others(project) -> None:
    # the SQLite file, or the file naming the PostgreSQL database (its URL)
    file = DB_NAME if database_url(project.folder) is None else URL_FILE
    mode = stat.S_IMODE((project.folder / file).stat().st_mode)
    assert mode == 0o600 and stat.S_IMODE(project.vault_path.stat().st_mode) == 0o600


def test_a_merged_header_never_takes_names_out_of_the_key(project) -> None:
    _, keys = project.open_vault(PASS)
    before = snapshot(project)
    with pytest.raises(ParticipantSheetError, match="aucune colonne n'est lue"):
        project.check_participants(BAD / "participants_entete_fusionnee.xlsx", None)
    assert snapshot(project) == before
    assert project.open_vault(PASS)[1].participants == keys.participants


@pytest.mark.parametrize("name, where", [
    ("participants_formules.xlsx", ["ligne 2, colonne I · site : formule de tableur"]),
    ("participants_formules.csv", ["ligne 2, colonne I · site : formule de tableur",
                                   "ligne 3, colonne J · reseau : formule de tableur"]),
])
def test_formulas_in_a_sheet_are_refused_where_they_are(project, name, where) -> None:
    before = snapshot(project)
    check = project.check_participants(BAD / name, None)
    with pytest.raises(SheetProblemsError) as caught:
        project.import_participants(ANA, check, PASS)
    for place in where:
        assert place in str(caught.value)
    assert "HYPERLINK" not in str(caught.value)
    assert snapshot(project) == before


# the refusal is the codebook reader's, before any write: the database is not the subject
@pytest.mark.sqlite_only("refused while the codebook is read, before any write")
def test_fifty_thousand_nested_codes_are_refused(project, tmp_path: Path) -> None:
    before = snapshot(project)
    with pytest.raises(CodebookError, match="imbriqué sur plus de 50 niveaux"):
        from_qdc(make_bad.nested_codebook_qdc(), "codebook_imbrique.qdc")
    yaml_file = tmp_path / "codebook_imbrique.yaml"
    yaml_file.write_bytes(make_bad.nested_codebook_yaml())
    with pytest.raises(CodebookError, match="imbriqué sur plus de 50 niveaux"):
        coding.import_codebook(project, ANA, load_codebook(yaml_file))
    assert snapshot(project) == before


def test_a_refi_project_with_a_huge_source_or_project_file_is_bounded(project) -> None:
    before = snapshot(project)
    with pytest.raises(TupsalcoError) as caught:
        import_qdpx(project, make_bad.qdpx_huge_qde(120_000_000), "PAT01_projet_enorme.qdpx",
                    PASS, ANA)
    assert "le membre project.qde de l'archive dépasse 100 Mo" in str(caught.value)
    assert snapshot(project) == before
    done = import_qdpx(project, make_bad.qdpx_big_source(40_000_000),
                       "PAT01_source_enorme.qdpx", PASS, ANA)
    assert [s.status for s in done.sources] != ["imported"]
    assert any("dépasse 32 Mo" in (s.why or "") for s in done.sources) or any(
        "dépasse 32 Mo" in w for w in done.left_out), (done.sources, done.left_out)
    assert project.documents() == []


def test_uploads_are_read_in_memory(project) -> None:
    data = good(project.folder.parent, "PAT01_Brunchard.docx", 7).read_bytes()
    [result] = project.import_files(ANA, [("PAT01_Brunchard.docx", data)], PASS)
    assert result.status == "imported" and result.name == "PAT01.docx"
    source = (Path(__file__).parents[1] / "tupsalco" / "ui" / "documents.py").read_text()
    assert "tempfile" not in source


# -- the CLI ---------------------------------------------------------------------------------
def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "tupsalco.cli", *args]


@pytest.fixture
def cli_project(tmp_path: Path, backend: str | None):
    p = new_project(tmp_path, backend)
    p.close()
    secret = tmp_path / "secret"
    secret.write_text(PASS + "\n")
    env = {**os.environ, "TUPSALCO_PASSWORD": PASSWORD,
           "PYTHONPATH": str(Path(__file__).parents[1])}
    return tmp_path / "proj", secret, env


def test_the_cli_names_each_bad_file_and_stores_the_rest(cli_project, tmp_path: Path) -> None:
    folder, secret, env = cli_project
    files = [good(tmp_path, "MG01.docx", 0)]
    for n, name in enumerate(["PAT01_document_corrompu.docx", "PAT01_zip_menteur.docx",
                              "PAT01_encodages_melanges.txt", "PAT01_etiquettes_seules.txt"]):
        (tmp_path / name).write_bytes((BAD / name).read_bytes())
        files += [tmp_path / name, good(tmp_path, f"entretien_{n}.docx", n + 1)]
    run = subprocess.run(_cli("import", str(folder), *map(str, files), "-u", "ana",
                              "--passphrase-file", str(secret)),
                         capture_output=True, text=True, env=env, timeout=600)
    out = run.stdout + run.stderr
    assert run.returncode == 1 and "Traceback" not in out
    for n in (2, 4, 6, 8):
        assert f"refusé   fichier {n} du lot (PAT01…." in run.stdout, run.stdout
    assert run.stdout.count("importé  ") == 5
    for name in ("corrompu", "menteur", "melanges", "etiquettes"):
        assert name not in out
    sheet = subprocess.run(_cli("import", str(folder), "-u", "ana", "--participants",
                                str(BAD / "participants_entete_fusionnee.xlsx"),
                                "--passphrase-file", str(secret)),
                           capture_output=True, text=True, env=env, timeout=300)
    assert sheet.returncode != 0 and "Traceback" not in sheet.stdout + sheet.stderr
    assert "aucune colonne" in sheet.stdout + sheet.stderr


def _read(folder: Path, sql: str, **params: object) -> list[tuple]:
    """Rows of the project's database read apart from the library's write path: sqlite3 on
    the file (its integrity checked), or a connection of its own to the PostgreSQL server."""
    url = database_url(folder)
    if url is None:
        with sqlite3.connect(folder / DB_NAME) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            return con.execute(sql, params).fetchall()
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as con:
            return [tuple(r) for r in con.execute(text(sql), params)]
    finally:
        engine.dispose()


def _documents(folder: Path) -> list[tuple[str, str]]:
    return sorted(_read(folder, "SELECT name, content_hash FROM documents"))


def _count(folder: Path) -> int:
    if database_url(folder) is not None:  # a reader never waits for a writer on PostgreSQL
        return _read(folder, "SELECT count(*) FROM documents")[0][0]
    try:
        with sqlite3.connect(f"file:{folder / DB_NAME}?mode=ro", uri=True, timeout=0.1) as con:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:  # locked by the import's commit: ask again
        return -1


# killed while the model loads, after the first document is committed, in the middle
@pytest.mark.parametrize("when", [0, 1, 6])
def test_a_killed_import_keeps_what_it_committed(cli_project, tmp_path: Path,
                                                 when: int) -> None:
    folder, secret, env = cli_project
    files = [long_good(tmp_path, "MG01.docx", 0), long_good(tmp_path, "PAT01.docx", 1)]
    files += [long_good(tmp_path, f"entretien_{n}.docx", n) for n in range(2, 12)]
    args = _cli("import", str(folder), *map(str, files), "-u", "ana", "--passphrase-file",
                str(secret))
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             start_new_session=True)
    try:
        while child.poll() is None and _count(folder) < when:
            time.sleep(0.02)
        if when == 0:
            time.sleep(1.0)
    finally:
        os.killpg(child.pid, signal.SIGKILL)  # the import and its worker processes
        child.wait()
    assert child.returncode == -signal.SIGKILL  # killed, not finished
    stored = _documents(folder)
    # exactly the committed documents: each whole, with its turns, none twice
    for (doc,) in _read(folder, "SELECT id FROM documents"):
        assert _read(folder, "SELECT count(*) FROM turns WHERE document_id = :d",
                     d=doc) == [(2,)]
    assert when <= len(stored) < len(files) and len(set(stored)) == len(stored)
    p = Project.open(folder)
    try:
        assert len(p.documents()) == len(stored)
        p.open_vault(PASS)  # the key opens, and holds every stored surrogate (saved first)
    finally:
        p.close()
    rerun = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert rerun.stdout.count("déjà là  ") == len(stored)
    assert len(_documents(folder)) == len(files)


@pytest.mark.parametrize("when", ["staged", 0.3, 1.5])
def test_a_killed_passphrase_change_leaves_its_event_or_nothing(cli_project, when) -> None:
    folder, _, env = cli_project
    keys = folder.parent / "keys"
    child = subprocess.Popen(_cli("passphrase", str(folder), "-u", "ana"),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, start_new_session=True)
    child.stdin.write(f"{PASS}\nune autre phrase\nune autre phrase\n".encode())
    child.stdin.flush()
    started = time.monotonic()
    try:
        while child.poll() is None:
            if when == "staged" and list(keys.glob(f"*{PENDING_SUFFIX}")):
                break
            if when != "staged" and time.monotonic() - started >= when:
                break
            time.sleep(0.005)
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have finished already
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    [(events,)] = _read(folder, "SELECT count(*) FROM audit_events WHERE action = "
                              "'change_passphrase'")
    # the next opening settles a change killed between its commit and its rename
    project = Project.open(folder)
    try:
        project.open_vault("une autre phrase" if events else PASS)
    finally:
        project.close()
    assert project.vault_path == keys / "p.vault"
