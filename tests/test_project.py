from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tupsalco import accounts, basket, coding, explore
from tupsalco.errors import (
    InputError,
    NameLossError,
    NotFoundError,
    PermissionDeniedError,
    ProjectError,
    SheetProblemsError,
    WrongPassphraseError,
)
from tupsalco.project import DB_NAME, Project
from tupsalco.query import document_table
from tupsalco.records import AccountRole
from tupsalco.store import repository as repo
from tupsalco.store.location import URL_FILE

from .conftest import ANA, BOOK, PASS, PASSWORD, SHEET, member, transcript

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
    results = project.import_files(ANA, [files[0], bad], PASS)
    assert [r.status for r in results] == ["imported", "failed"]
    # a file is named by its place in the batch and the study id in its name
    assert results[1].error.startswith("fichier 2 du lot (PAT01….txt) : ")
    assert "binaire" in results[1].error and "suite" not in results[1].error
    assert [d.name for d in project.documents()] == ["PAT01.docx"]
    with project.db.session() as s:
        assert [e.action for e in repo.audit_events(s)].count("import_document") == 1


def test_wrong_passphrase_imports_nothing(project, files) -> None:
    with pytest.raises(WrongPassphraseError):
        project.import_files(ANA, files, "not it")
    assert project.documents() == []


def test_open_and_create_errors(project, tmp_path, backend) -> None:
    with pytest.raises(ProjectError, match="existe déjà"):
        Project.create(project.folder, PASS, admin=("ana", PASSWORD))
    with pytest.raises(ProjectError, match="pas un projet tupsalco"):
        Project.open(tmp_path / "nowhere")
    assert (project.folder / (DB_NAME if backend is None else URL_FILE)).exists()
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


NAMED = {  # file names that say whose interview it is, and what must not come out of them
    "PAT01_Brunchard_Zoéline.docx": ["Brunchard", "Zoéline"],
    "MG01_Ginette_Kowalczyk.docx": ["Ginette", "Kowalczyk"],
    "Entretien_Aurélien_Pantin.docx": ["Aurélien", "Pantin"],  # no id: unassigned
    "X42_Ginette_06 31 98 44 27.docx": ["Ginette", "06 31 98 44 27"],  # unassigned too
    "PAT01_Maëlys_Brunchard.txt": ["Maëlys", "Brunchard"],  # an unreadable file
}


def test_names_in_file_names_are_replaced_and_never_quoted(project, tmp_path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    files = [transcript(tmp_path / name, [("Enquêtrice", f"Bonjour, entretien {n}."),
                                          ("MG" if name.startswith("MG") else "Patiente",
                                           "Ginette m'a orientée vers la psy.")])
             for n, name in enumerate(list(NAMED)[:4])]
    files.append(tmp_path / list(NAMED)[4])
    files[-1].write_bytes(b"\x00\x01binary")
    results = project.import_files(ANA, files, PASS)
    assert [r.status for r in results] == ["imported"] * 4 + ["failed"]
    names = [d.name for d in project.documents()]
    _, keys = project.open_vault(PASS)
    ginette = keys.lexicon["PER|ginette"]
    # the participant's own names go (her id is already there); another person's name
    # takes the surrogate the key gives that person in the texts too
    assert [r.name for r in results[:2]] == ["PAT01.docx", f"MG01_{ginette}.docx"]
    assert sorted(names) == sorted(r.name for r in results[:4])
    assert ginette in project.document(results[1].document_id).text
    # no participant id in the name: in, unassigned, and said so
    assert all("non attribué" in r.notice for r in results[2:4])
    assert {project.document(r.document_id).participant for r in results[2:4]} == {None}
    assert results[4].error.startswith("fichier 5 du lot (PAT01….txt) : ")
    shown = " ".join(f"{r.name} {r.error} {r.notice}" for r in results)
    logs = caplog.text + "".join(r.getMessage() for r in caplog.records)
    for words in NAMED.values():
        for word in words:
            assert word not in shown and word not in logs, word


def test_the_same_file_twice_in_a_batch_comes_in_once(project, files, tmp_path) -> None:
    twin = tmp_path / "copie" / files[0].name
    twin.parent.mkdir()
    twin.write_bytes(files[0].read_bytes())
    first, second = project.import_files(ANA, [files[0], twin], PASS)
    assert (first.status, second.status) == ("imported", "unchanged")
    assert second.document_id == first.document_id and len(project.documents()) == 1


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


# -- a transcript whose file name names no participant -----------------------------------------

def test_a_transcript_named_after_no_participant_comes_in_unassigned(project, tmp_path) -> None:
    """It used to be refused (no participant id in its name); it now comes in, is listed as
    not assigned, quoted as "(entretien)", and is assigned later by a typed command."""
    stranger = transcript(tmp_path / "Entretien du 12 mars.docx", [
        ("Enquêtrice", "Comment êtes-vous arrivée ici ?"),
        ("Patiente", "Par mon médecin, il m'a parlé de la psychologue du mardi.")])
    observation = tmp_path / "OBS01.txt"
    observation.write_text("Date : 12/11/2023\nSite : Pantin\nActivité : RCP\nPrésents : MG, TS\n"
                           "Notes :\nLa réunion commence.\n", encoding="utf-8")
    results = project.import_files(ANA, [stranger, observation], PASS)
    assert [r.status for r in results] == ["imported", "imported"], results
    assert "non attribué" in results[0].notice and "tupsalco assign" in results[0].notice
    assert results[1].notice is None  # a note names nobody: nothing to assign
    doc_id, obs_id = results[0].document_id, results[1].document_id
    assert project.document(doc_id).participant is None
    table = document_table(project.documents()).set_index("id")
    assert table.loc[doc_id, "participant"] == "(non attribué)"
    assert table.loc[obs_id, "participant"] == ""
    # coded and quoted before it is assigned: "(entretien)", in Explore and in the basket
    coding.import_codebook(project, ANA, BOOK)
    document = project.document(doc_id)
    turn = document.turns[1]
    coding_id = coding.add_coding(project, ANA, doc_id, ["strategies"], turn.start,
                                  turn.end)[0].id
    assert [v.attribution for v in explore.verbatims(project, ANA).items] == ["(entretien)"]
    basket.add(project, ANA, coding_id)
    assert [i.attribution for i in basket.items(project, ANA)] == ["(entretien)"]
    assert basket.warnings(project, basket.items(project, ANA)[0]) == []
    # assigned later: attributions follow; the audit event holds no id of a person
    project.assign(ANA, doc_id, "PAT01")
    assert project.document(doc_id).participant.id == "PAT01"
    assert [v.attribution for v in explore.verbatims(project, ANA).items] == [
        "(patiente 36-45, CDS)"]
    with project.db.session() as s:
        event = repo.audit_events(s, limit=1)[0]
    assert (event.action, event.target) == ("assign_participant", f"document:{doc_id}")
    assert event.detail == {"assigned": True, "was_assigned": False}
    # undoable like any change of one's own
    assert coding.undo(project, ANA).kind == "assign_participant"
    assert project.document(doc_id).participant is None
    coding.redo(project, ANA)
    assert project.document(doc_id).participant.id == "PAT01"
    with pytest.raises(NotFoundError, match="X99"):
        project.assign(ANA, doc_id, "X99")
    with pytest.raises(InputError, match="note d'observation"):
        project.assign(ANA, obs_id, "PAT01")
    with pytest.raises(PermissionDeniedError):
        project.assign(member(project, "comite", "committee"), doc_id, "MG01")
    assert project.document(doc_id).participant.id == "PAT01"


# -- the participants sheet -------------------------------------------------------------------

TEAM_SHEET = ("Identifiant;Prénom;Nom de famille;Métier;Genre;Âge;Structure;Ville\n"
              "PAT01;Zoéline;Brunchard;Patiente;F;42;CDS;Pantin\n"
              "MG01;Octave;Vermandois;médecin généraliste;Homme;51;CP;Pantin\n"
              "IDE01;Gontran;Pelissard;infirmier;H;33;CSAPA;Pantin\n")


def test_a_project_vocabulary_is_a_typed_audited_option(project, tmp_path) -> None:
    sheet = tmp_path / "équipe.csv"
    sheet.write_text(TEAM_SHEET, encoding="utf-8")
    check = project.check_participants(sheet)
    assert [(p.row, p.field, p.value) for p in check.problems] == [
        (4, "profession", "infirmier"), (4, "settings", "CSAPA")]
    with pytest.raises(SheetProblemsError):
        project.import_participants(ANA, sheet, PASS)
    with pytest.raises(PermissionDeniedError):
        project.set_vocabulary(member(project, "codeuse", "coder"), professions=["infirmier"])
    words = project.set_vocabulary(ANA, professions=["Infirmier"], settings=["CSAPA"])
    assert "Infirmier" in words.all_professions and "CSAPA" in words.all_settings
    assert Project.open(project.folder).vocabulary == words
    with project.db.session() as s:
        event = repo.audit_events(s, limit=1)[0]
    assert (event.action, event.detail) == ("set_option", {"professions": 1, "settings": 1})
    assert project.import_participants(ANA, sheet, PASS) == 3
    ide = next(p for p in project.participants() if p.id == "IDE01")
    assert (ide.profession, ide.age_band, ide.setting) == ("Infirmier", "25-35", "CSAPA")
    with pytest.raises(InputError, match="libellé court"):
        project.set_vocabulary(ANA, settings=["CP/CDS"])


def test_a_key_never_loses_names_without_confirmation(project, tmp_path) -> None:
    """A sheet read with a name column left out (a header merged over both name columns,
    a column not mapped) would erase names from the key: refused unless confirmed."""
    sheet = tmp_path / "p.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    with pytest.raises(NameLossError) as err:
        project.import_participants(ANA, sheet, PASS, columns="prenom=ignore")
    assert err.value.participants == ("MG01", "PAT01")
    assert "Zoéline" not in str(err.value) and "Octave" not in str(err.value)
    _, keys = project.open_vault(PASS)
    assert keys.participants["PAT01"] == ["Zoéline", "Brunchard"]  # nothing was written
    # the same sheet, both name columns read: nothing is lost
    assert project.import_participants(ANA, sheet, PASS) == 2
    # confirmed: the key takes what the sheet gives
    project.import_participants(ANA, sheet, PASS, columns="prenom=ignore",
                                confirm_name_loss=True)
    _, keys = project.open_vault(PASS)
    assert keys.participants["PAT01"] == ["", "Brunchard"]


# -- creating a project: all or nothing -------------------------------------------------------

def test_create_with_a_bad_sheet_leaves_nothing(tmp_path, backend) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text(SHEET.replace("patiente,,F", "patiente,,X"), encoding="utf-8")
    folder, vault = tmp_path / "a" / "proj", tmp_path / "keys" / "p.vault"
    with pytest.raises(SheetProblemsError):
        Project.create(folder, PASS, admin=("ana", PASSWORD), vault_path=vault,
                       participants=sheet, database_url=backend)
    assert not (tmp_path / "a").exists() and not (tmp_path / "keys").exists()
    # a failure after the folder and the key were written takes them back too: here the
    # key file's folder cannot be made (a file stands in its way)
    (tmp_path / "blocked").write_text("a file, not a folder")
    with pytest.raises(ProjectError, match="rien n.a été laissé sur le disque"):
        Project.create(folder, PASS, admin=("ana", PASSWORD), database_url=backend,
                       vault_path=tmp_path / "blocked" / "p.vault")
    assert not (tmp_path / "a").exists()
    # a folder that was there before stays, empty again
    (tmp_path / "kept").mkdir()
    with pytest.raises(SheetProblemsError):
        Project.create(tmp_path / "kept", PASS, admin=("ana", PASSWORD), vault_path=vault,
                       participants=sheet, database_url=backend)
    assert list((tmp_path / "kept").iterdir()) == [] and not vault.exists()
    # with a good sheet: the project, its admin and its participants, in one go
    sheet.write_text(TEAM_SHEET.rsplit("IDE01", 1)[0], encoding="utf-8")
    p = Project.create(folder, PASS, admin=("ana", PASSWORD), vault_path=vault,
                       participants=sheet, database_url=backend)
    assert [q.id for q in p.participants()] == ["MG01", "PAT01"]
    assert p.open_vault(PASS)[1].participants["MG01"] == ["Octave", "Vermandois"]
    with p.db.session() as s:
        assert [e.actor for e in repo.audit_events(s)] == ["ana", "ana"]
    assert [(a.username, a.role) for a in accounts.accounts(p)] == [("ana", AccountRole.ADMIN)]
    p.close()
