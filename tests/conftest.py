"""Shared fixtures: the real French model, the committed demo corpus, real project folders."""

from __future__ import annotations

import array
import json
import math
import os
import sys
import wave
from collections.abc import Iterator
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
def demo_project(tmp_path_factory: pytest.TempPathFactory):
    """The demo project built once from the committed corpus, as the app builds it."""
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
# .ci/run always does); without it only the SQLite half of the two-backend tests runs
POSTGRES = os.environ.get("TUPSALCO_TEST_POSTGRES")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module with ``BOTH_BACKENDS = True`` runs its project tests on SQLite and on
    PostgreSQL."""
    if "backend" in metafunc.fixturenames:
        both = getattr(metafunc.module, "BOTH_BACKENDS", False)
        metafunc.parametrize("backend", ["sqlite", "postgresql"] if both else ["sqlite"],
                             indirect=True)
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
    """None for a SQLite file, else the URL of a fresh PostgreSQL database, dropped after."""
    if request.param == "sqlite":
        yield None
        return
    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("CI runs the PostgreSQL half: $TUPSALCO_TEST_POSTGRES is not set")
        pytest.skip("no PostgreSQL server ($TUPSALCO_TEST_POSTGRES; scripts/postgres)")
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"tupsalco_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(POSTGRES).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES).set(drivername="postgresql+psycopg", database=name) \
            .render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def project(tmp_path: Path, backend: str | None) -> Project:
    sheet = tmp_path / "participants.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    p = Project.create(tmp_path / "proj", PASS, vault_path=tmp_path / "keys" / "p.vault",
                       admin=(ANA.username, PASSWORD), database_url=backend)
    p.import_participants(ANA, sheet, PASS)
    yield p
    p.close()


FALSE_POSITIVE = "Kaïros"  # the CSAPA's discussion group, not a place
MISSED = "Tilleuls"  # a shelter the pipeline does not see


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
