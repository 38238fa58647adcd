"""Shared fixtures: the real French model, the committed demo corpus, real project folders."""

from __future__ import annotations

import array
import json
import math
import os
import queue
import sys
import threading
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest

from tupsalco.codebook import codebook_from_data
from tupsalco.ingest import ParticipantSheet, read_document, read_participants
from tupsalco.project import Project
from tupsalco.pseudonymise.evaluate import GoldSpan
from tupsalco.pseudonymise.pipeline import load_pipeline
from tupsalco.records import AccountRole, Participant, Viewer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
sys.path.insert(0, str(CORPUS))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Vaults of test projects never land in the developer's home."""
    monkeypatch.setenv("TUPSALCO_HOME", str(tmp_path_factory.getbasetemp() / "home"))
    # a page that fails shows its traceback to the tests instead of the French message
    monkeypatch.setenv("TUPSALCO_DEBUG", "1")
    monkeypatch.delenv("TUPSALCO_PASSPHRASE", raising=False)
    # an AppTest runs app.py as the main module and leaves it there; a process spawned later
    # (the concurrency tests) would run app.py again on start-up and build the demo
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def sheet() -> ParticipantSheet:
    return read_participants(CORPUS / "participants.csv")


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    return sorted([*CORPUS.glob("interviews/*"), *CORPUS.glob("observations/*")])


@pytest.fixture(scope="session")
def corpus_texts(corpus_files: list[Path], sheet: ParticipantSheet) -> dict[str, str]:
    """The raw text the workbench reads from each committed corpus file."""
    return {f.name: read_document(f, sheet).text for f in corpus_files}


def _load(path: Path, with_type: bool) -> list[GoldSpan]:
    spans = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        spans.append(GoldSpan(r["document"], r["start"], r["end"], r.get("type", "KEEP")))
    return spans


@pytest.fixture(scope="session")
def gold() -> list[GoldSpan]:
    return _load(CORPUS / "gold.jsonl", True)


@pytest.fixture(scope="session")
def gold_records() -> list[dict]:
    return [json.loads(line) for line in (CORPUS / "gold.jsonl").read_text("utf-8").splitlines()]


@pytest.fixture(scope="session")
def keep() -> list[GoldSpan]:
    return _load(CORPUS / "keep.jsonl", False)


@pytest.fixture(scope="session")
def _demo_sqlite(tmp_path_factory: pytest.TempPathFactory):
    """The demo project built once from the committed corpus, as the app builds it (in its
    own SQLite file)."""
    from tupsalco.demo import build_demo

    folder = tmp_path_factory.mktemp("demo")
    old = os.environ.get("TUPSALCO_DEMO_DIR")
    os.environ["TUPSALCO_DEMO_DIR"] = str(folder)
    try:
        project = build_demo(folder)
    finally:
        if old is None:
            os.environ.pop("TUPSALCO_DEMO_DIR", None)
        else:
            os.environ["TUPSALCO_DEMO_DIR"] = old
    yield project
    project.close()


@pytest.fixture(scope="session")
def demo_project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The demo project on each backend (the parameter ``pytest_generate_tests`` gives): the
    built SQLite demo, or that demo moved by the workbench's own copy (``tupsalco copy``) into
    a PostgreSQL database kept for the session. Shared by the session: a test that changes it
    works on a copy (``copy_project``) or undoes what it did."""
    sqlite = request.getfixturevalue("_demo_sqlite")
    if getattr(request, "param", "sqlite") == "sqlite":
        yield sqlite
        return
    with _postgres_database(request.getfixturevalue("_postgres_template")) as url:
        folder = tmp_path_factory.mktemp("demo_postgresql") / "project"
        project = copy_project(sqlite, folder, url)
        yield project
        project.close()


def copy_project(source: Project, folder: Path, url: str | None = None) -> Project:
    """A copy of ``source`` in a new project folder, on the same backend as ``source`` (a new
    SQLite file, or the fresh PostgreSQL database at ``url``, a new one if not given), made
    by the workbench's own copy (``tupsalco copy``): every table's rows and checksum must
    match. The key file is shared, as ``tupsalco copy`` leaves it where it is."""
    from tupsalco.store.location import new_database
    from tupsalco.store.transfer import copy_database

    folder.mkdir(parents=True)
    if url is None and source.db.engine.dialect.name != "sqlite":
        url = _new_postgres_database()
    db = new_database(folder, url)
    db.migrate()
    copied = copy_database(source.db, db)
    db.dispose()
    assert copied and all(t.same for t in copied), [t for t in copied if not t.same]
    return Project.open(folder)


PASS = "une phrase de passe"
ANA = Viewer("ana", AccountRole.ADMIN)  # the test projects' first account, an admin
PASSWORD = "mot-de-passe-de-test"
SHEET = ("id,prenom,nom,profession,fonction,sexe,tranche_age,lieu_exercice,site,reseau\n"
         "PAT01,Zoéline,Brunchard,patiente,,F,36-45,CDS,Pantin,Proses\n"
         "MG01,Octave,Vermandois,MG,,H,45-65,CP,Pantin,Proses\n")


def transcript(path: Path, turns: list[tuple[str, str]]) -> Path:
    document = docx.Document()
    for label, text in turns:
        p = document.add_paragraph()
        p.add_run(f"{label} :").bold = True
        p.add_run(f" {text}")
    document.save(path)
    return path


# the PostgreSQL server the tests may use (scripts/postgres starts one and prints its URL;
# .ci/run always does); without it only the SQLite half of the tests runs
POSTGRES = os.environ.get("TUPSALCO_TEST_POSTGRES")
BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that stores a project (through ``backend``: ``project``, ``reviewed``,
    ``coded``..., or through ``demo_project``) runs on SQLite and on PostgreSQL, unless it
    (or its module, through ``pytestmark``) is marked ``sqlite_only("why")``: a test whose
    subject is not the database."""
    names = [n for n in ("backend", "demo_project") if n in metafunc.fixturenames]
    if not names:
        return
    only = metafunc.definition.get_closest_marker("sqlite_only")
    kinds = ["sqlite"] if only else list(BACKENDS)
    if len(names) == 1:
        metafunc.parametrize(names[0], kinds, indirect=True)
    else:  # a test on the demo and on a project of its own: both on the same backend
        metafunc.parametrize(names, [(k, k) for k in kinds], indirect=True, ids=kinds)


def _admin_engine():  # noqa: ANN202
    """A connection to the server's maintenance database, to create and drop the tests'."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    return create_engine(make_url(POSTGRES).set(drivername="postgresql+psycopg"),
                         isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _url_of(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(POSTGRES).set(drivername="postgresql+psycopg", database=name) \
        .render_as_string(hide_password=False)


def _new_postgres_database(template: str | None = None) -> str:
    """The URL of a new database on the test server (a copy of ``template`` if given),
    dropped at the end of the session if its test did not drop it."""
    import uuid

    from sqlalchemy import text

    name = f"tupsalco_test_{uuid.uuid4().hex[:12]}"
    engine = _admin_engine()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'
                          + (f' TEMPLATE "{template}"' if template else "")))
    engine.dispose()
    _MADE.append(name)
    return _url_of(name)


_MADE: list[str] = []  # every database the session made, for the last drop


def _drop(name: str) -> None:
    from sqlalchemy import text

    engine = _admin_engine()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _dropper() -> None:
    while True:
        name = _TO_DROP.get()
        try:
            _drop(name)
            _MADE.remove(name)
        except Exception:  # noqa: BLE001, S110 - the session's end drops what is left
            pass
        finally:
            _TO_DROP.task_done()


# a test's database is dropped behind the next tests' backs: a drop waits for the server to
# remove its files, which the next test need not wait for
_TO_DROP: queue.Queue[str] = queue.Queue()
_DROPPER = threading.Thread(target=_dropper, name="drop-test-databases", daemon=True)


@contextmanager
def _postgres_database(template: str | None = None) -> Iterator[str]:
    from sqlalchemy.engine import make_url

    url = _new_postgres_database(template)
    try:
        yield url
    finally:
        if not _DROPPER.is_alive():
            _DROPPER.start()
        _TO_DROP.put(make_url(url).database)


def _need_postgres() -> None:
    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("CI runs the PostgreSQL half: $TUPSALCO_TEST_POSTGRES is not set")
        pytest.skip("no PostgreSQL server ($TUPSALCO_TEST_POSTGRES; scripts/postgres)")


@pytest.fixture(scope="session")
def _postgres_template() -> Iterator[str]:
    """The name of an empty database migrated to the current schema once for the session:
    each test's database is created from it (``CREATE DATABASE ... TEMPLATE``), which costs
    a file copy where running every migration again cost seconds."""
    _need_postgres()
    from sqlalchemy.engine import make_url

    from tupsalco.store.database import Database

    url = _new_postgres_database()
    db = Database(url)
    db.migrate()
    db.dispose()  # a template may have no open connection while it is copied
    yield make_url(url).database


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The session's databases still there (the template, the demo's copies, the last
    tests' databases)."""
    if _DROPPER.is_alive():
        _TO_DROP.join()
    for name in list(_MADE):
        _drop(name)
    _MADE.clear()


def write_wav(path: Path, seconds: float = 60.0, rate: int = 8000) -> Path:
    """A real recording: a 440 Hz tone, 16-bit mono PCM, written by the standard library."""
    frames = int(seconds * rate)
    tone = array.array("h", (int(8000 * math.sin(2 * math.pi * 440 * i / rate))
                             for i in range(rate)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        for start in range(0, frames, rate):
            out.writeframes(tone[:min(rate, frames - start)].tobytes())
    return path


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for a SQLite file, else the URL of a fresh PostgreSQL database (empty, migrated
    to the current schema), dropped after."""
    if request.param == "sqlite":
        yield None
        return
    _need_postgres()
    with _postgres_database(request.getfixturevalue("_postgres_template")) as url:
        yield url


@pytest.fixture
def project(tmp_path: Path, backend: str | None) -> Project:
    sheet = tmp_path / "participants.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    p = Project.create(tmp_path / "proj", PASS, vault_path=tmp_path / "keys" / "p.vault",
                       admin=(ANA.username, PASSWORD), database_url=backend)
    p.import_participants(ANA, sheet, PASS)
    yield p
    p.close()


def stored_bytes(project: Project) -> bytes:
    """What the project's database holds, as bytes to search for a word that must not be
    there: the SQLite file itself, or every row of every table on PostgreSQL."""
    from sqlalchemy import select

    from tupsalco.store.location import DB_NAME
    from tupsalco.store.models import Base

    if project.db.engine.dialect.name == "sqlite":
        return (project.folder / DB_NAME).read_bytes()
    with project.db.engine.connect() as conn:
        return "\n".join(repr(tuple(row)) for table in Base.metadata.sorted_tables
                         for row in conn.execute(select(table))).encode()


FALSE_POSITIVE = "Kaïros"  # the CSAPA's discussion group, not a place
MISSED = "Lucioles"  # a shelter the pipeline does not see (neither the rules nor the token model)


@pytest.fixture
def reviewed(project, tmp_path: Path):
    files = [
        transcript(tmp_path / "PAT01.docx", [
            ("Enquêtrice", "Et le groupe de parole ?"),
            ("Patiente", f"Le jeudi je vais à {FALSE_POSITIVE}, le groupe de parole du CSAPA. "
             f"Avant j'étais hébergée, j'appelle la directrice des {MISSED}, elle est gentille."),
        ]),
        transcript(tmp_path / "MG01.docx", [
            ("Enquêtrice", "Vous orientez vers le groupe ?"),
            ("MG", f"Oui, {FALSE_POSITIVE} c'est très bien. Et la directrice des {MISSED} "
             "m'appelle souvent. [rires]"),
        ]),
    ]
    results = project.import_files(ANA, files, PASS)
    assert [r.status for r in results] == ["imported", "imported"]
    return project


BOOK = codebook_from_data({"codes": [
    {"id": "objectifs", "label": "Objectifs", "color": "#1b9e77"},
    {"id": "objectifs_reduction", "parent": "objectifs", "label": "Réduction"},
    {"id": "strategies", "label": "Stratégies", "color": "#d95f02"},
    {"id": "tensions", "label": "Tensions", "color": "#7570b3"},
]}, None, "test")


@pytest.fixture
def coded(reviewed):
    from tupsalco import coding

    coding.import_codebook(reviewed, ANA, BOOK)
    return reviewed


def open_page(project, page: str | None, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN201
              user: str = "ana", role: str = "admin"):
    """The Streamlit app on ``project`` through AppTest, signed in as ``user`` with ``role``,
    switched to ``page`` (a path under tupsalco/ui/) after a first run of the frame."""
    from streamlit.testing.v1 import AppTest

    viewer = member(project, user, role)
    monkeypatch.setenv("TUPSALCO_PROJECT", str(project.folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["viewer"] = viewer
    at.run()
    if page is not None:
        at.switch_page(f"tupsalco/ui/{page}").run()
    assert not at.exception, at.exception
    return at


def member(project, username: str, role: str = "coder") -> Viewer:  # noqa: ANN001
    """An account of ``project`` with this role (created, or its role set, by an admin of
    the project): every change is signed by an existing account."""
    from tupsalco import accounts

    admin = next(Viewer(a.username, a.role) for a in accounts.accounts(project)
                 if a.role is AccountRole.ADMIN and a.active)
    known = {a.username: a for a in accounts.accounts(project)}
    if username not in known:
        accounts.create_account(project, admin, username, PASSWORD, role)
    elif known[username].role.value != role or not known[username].active:
        accounts.set_role(project, admin, username, role)
        accounts.set_active(project, admin, username, True)
    return Viewer(username, AccountRole(role))


def expected_attribution(p: Participant) -> str:
    """The study's convention, written out from the sheet: (MG, CDS), (patiente 20-35, CP),
    (TS, CP/CDS), (présidente du CNRMS); the demo writes the 46-65 band as 45-65."""
    if p.function:
        return f"({p.function})"
    if p.profession in ("patient", "patiente"):
        band = "45-65" if p.age_band == "46-65" else p.age_band
        return f"({p.profession} {band}, {'/'.join(p.settings)})"
    return f"({p.profession}, {'/'.join(p.settings)})"
