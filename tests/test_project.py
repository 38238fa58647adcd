from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tupsalco.errors import ProjectError, WrongPassphraseError
from tupsalco.project import DB_NAME, Project
from tupsalco.store import repository as repo

from .conftest import ANA, PASS, PASSWORD, transcript

# Planted identifiers of every shaped kind, plus the participants' own names.
PLANTED = ["Zoéline", "Brunchard", "Octave", "Vermandois", "06 31 98 44 27",
           "zoeline.brunchard@exemple.fr", "2 84 03 13 055 123 45", "12/03/1984",
           "rue des Capucines"]

@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    return [
        transcript(tmp_path / "PAT01.docx", [
            ("Enquêtrice", "Bonjour Madame Brunchard, merci."),
            ("Patiente", "Oui, moi c'est Zoéline. Mon numéro c'est le 06 31 98 44 27, mon mail "
             "zoeline.brunchard@exemple.fr. Je suis née le 12/03/1984, j'habite 3 rue des "
             "Capucines. Ma carte vitale : 2 84 03 13 055 123 45. On me donne du Seresta."),
            ("Enquêtrice", "Et votre médecin ?"),
            ("Patiente", "Le docteur Vermandois, Octave, au CSAPA. [rires]"),
        ]),
        transcript(tmp_path / "MG01.docx", [
            ("Enquêtrice", "Vous suivez des patientes ?"),
            ("MG", "Oui, zoéline par exemple, je l'ai orientée vers la psy en RCP."),
        ]),
    ]


def test_import_stores_only_pseudonymised_text(project, files, tmp_path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    results = project.import_files(ANA, files, PASS)
    assert [r.status for r in results] == ["imported", "imported"]
    raw_db = b"".join(p.read_bytes() for p in (tmp_path / "proj").iterdir() if p.is_file())
    logs = caplog.text + "".join(r.getMessage() for r in caplog.records)
    for clear in PLANTED:
        assert clear.encode() not in raw_db, clear
        assert clear.lower().encode() not in raw_db.lower(), clear
        assert clear not in logs
    doc = project.document(results[0].document_id)
    assert "Seresta" in doc.text and "CSAPA" in doc.text and "[rires]" in doc.text
    mark = doc.turns[3].marks[0]
    assert doc.text[mark.start:mark.end] == "[rires]"
    with project.db.session() as s:
        entities = repo.document_entities(s, doc.id)
    assert all(doc.text[e.start:e.end] == e.surrogate for e in entities)
    # the participant's first name is one person in both documents
    other = project.document(results[1].document_id)
    zoe = {e.surrogate for e in entities if e.type == "PER"}
    assert any(s in other.text for s in zoe)


def test_reimport_changes_nothing(project, files) -> None:
    project.import_files(ANA, files, PASS)
    with project.db.session() as s:
        before = len(repo.audit_events(s))
    again = project.import_files(ANA, files, PASS)
    assert [r.status for r in again] == ["unchanged", "unchanged"]
    with project.db.session() as s:
        assert len(repo.audit_events(s)) == before
    assert len(project.documents()) == 2


def test_a_bad_file_spoils_nothing(project, files, tmp_path) -> None:
    bad = tmp_path / "PAT01_suite.txt"
    bad.write_bytes(b"\x00\x01binary")
    stranger = transcript(tmp_path / "X42.docx", [("E", "Bonjour."), ("P", "Bonjour.")])
    results = project.import_files(ANA, [files[0], bad, stranger], PASS)
    assert [r.status for r in results] == ["imported", "failed", "failed"]
    assert "PAT01_suite.txt" in results[1].error and "binary" in results[1].error
    assert "X42.docx" in results[2].error and "participant" in results[2].error
    assert [d.name for d in project.documents()] == ["PAT01.docx"]
    with project.db.session() as s:
        assert [e.action for e in repo.audit_events(s)].count("import_document") == 1


def test_wrong_passphrase_imports_nothing(project, files) -> None:
    with pytest.raises(WrongPassphraseError):
        project.import_files(ANA, files, "not it")
    assert project.documents() == []


def test_open_and_create_errors(project, tmp_path) -> None:
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(project.folder, PASS, admin=("ana", PASSWORD))
    with pytest.raises(ProjectError, match="not a tupsalco project"):
        Project.open(tmp_path / "nowhere")
    assert (project.folder / DB_NAME).exists()
    assert not any(p.suffix == ".vault" for p in project.folder.rglob("*"))
    reopened = Project.open(project.folder)
    assert reopened.id == project.id and len(reopened.participants()) == 2


def test_the_time_left_follows_the_pace_after_the_first_document() -> None:
    from tupsalco.progress import Eta, french_duration

    now = [0.0]
    eta = Eta(clock=lambda: now[0])
    assert eta.remaining(0, 10) is None
    now[0] = 30.0  # the model loaded, the first document stored: no pace yet
    assert eta.remaining(1, 10) is None
    now[0] = 40.0
    assert eta.remaining(3, 10) == pytest.approx(35.0)  # 2 documents in 10 s, 7 to go
    assert french_duration(35.0) == "moins d'une minute"
    assert french_duration(7 * 60 + 10) == "environ 7 min"
    assert french_duration(3600 + 5 * 60) == "environ 1 h 05"
    assert french_duration(None) == ""


def test_progress_is_told_after_each_document(project, files) -> None:
    seen: list[tuple[int, int, str]] = []
    project.import_files(ANA, files, PASS, progress=lambda *a: seen.append(a))
    assert seen == [(0, 2, ""), (1, 2, "PAT01.docx"), (2, 2, "MG01.docx")]
