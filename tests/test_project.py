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
    # a file is named by its place in the batch and the study id in its name
    assert results[1].error.startswith("file 2 of the batch (PAT01….txt): ")
    assert "binary" in results[1].error and "suite" not in results[1].error
    assert results[2].error.startswith("file 3 of the batch (X42.docx): ")
    assert "participant" in results[2].error
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


NAMED = {  # file names that say whose interview it is, and what must not come out of them
    "PAT01_Brunchard_Zoéline.docx": ["Brunchard", "Zoéline"],
    "MG01_Ginette_Kowalczyk.docx": ["Ginette", "Kowalczyk"],
    "Entretien_Aurélien_Pantin.docx": ["Aurélien", "Pantin"],  # no id: unknown participant
    "X42_Ginette_06 31 98 44 27.docx": ["Ginette", "06 31 98 44 27"],
    "PAT01_Maëlys_Brunchard.txt": ["Maëlys", "Brunchard"],  # an unreadable file
}


def test_names_in_file_names_are_replaced_and_never_quoted(project, tmp_path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    files = [transcript(tmp_path / name, [("Enquêtrice", "Bonjour."),
                                          ("MG" if name.startswith("MG") else "Patiente",
                                           "Ginette m'a orientée vers la psy.")])
             for name in list(NAMED)[:4]]
    files.append(tmp_path / list(NAMED)[4])
    files[-1].write_bytes(b"\x00\x01binary")
    results = project.import_files(ANA, files, PASS)
    assert [r.status for r in results] == ["imported", "imported", "failed", "failed",
                                           "failed"]
    names = [d.name for d in project.documents()]
    _, keys = project.open_vault(PASS)
    ginette = keys.lexicon["PER|ginette"]
    # the participant's own names go (her id is already there); another person's name
    # takes the surrogate the key gives that person in the texts too
    assert [r.name for r in results[:2]] == ["PAT01.docx", f"MG01_{ginette}.docx"]
    assert sorted(names) == sorted(r.name for r in results[:2])
    assert ginette in project.document(results[1].document_id).text
    assert results[2].error.startswith("file 3 of the batch (.docx): ")
    assert "participant" in results[2].error
    assert results[3].error.startswith("file 4 of the batch (X42….docx): ")
    assert results[4].error.startswith("file 5 of the batch (PAT01….txt): ")
    shown = " ".join(f"{r.name} {r.error}" for r in results)
    logs = caplog.text + "".join(r.getMessage() for r in caplog.records)
    for words in NAMED.values():
        for word in words:
            assert word not in shown and word not in logs, word


def test_a_known_name_in_a_file_name_takes_its_surrogate(project, tmp_path) -> None:
    first = transcript(tmp_path / "PAT01.docx", [
        ("Enquêtrice", "Et le soir ?"), ("Patiente", "Je dors au foyer Kerguelen.")])
    project.import_files(ANA, [first], PASS)
    _, keys = project.open_vault(PASS)
    foyer = keys.lexicon["ORG|kerguelen"]  # in no gazetteer: the key knows it from the text
    late = transcript(tmp_path / "PAT01_Kerguelen_Octave.docx",
                      [("Enquêtrice", "On reprend."), ("Patiente", "D'accord.")])
    [result] = project.import_files(ANA, [late], PASS)
    # Octave is MG01, a participant: his study id stands for him
    assert result.status == "imported" and result.name == f"PAT01_{foyer}_MG01.docx"
