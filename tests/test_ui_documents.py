from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import PASS, open_page


@pytest.fixture
def app(demo_project, monkeypatch) -> AppTest:
    return open_page(demo_project, None, monkeypatch)


def test_lists_every_document_with_attributes(app: AppTest, demo_project) -> None:
    table = app.dataframe[0].value
    assert len(table) == len(demo_project.documents()) == 29
    assert {"profession", "lieu d'exercice", "tranche d'âge", "sexe", "site"} <= set(table.columns)
    assert set(table["tranche d'âge"]) - {""} <= {"20-35", "25-35", "36-45", "46-65", "66-85"}


def test_filters_combine(app: AppTest) -> None:
    app.multiselect(key="documents_profession").select("patiente").run()
    table = app.dataframe[0].value
    assert len(table) == 3 and set(table["profession"]) == {"patiente"}
    app.multiselect(key="documents_age_band").select("66-85").run()
    table = app.dataframe[0].value
    assert list(table["tranche d'âge"]) == ["66-85"]
    app.multiselect(key="documents_site").select("Pantin").run()
    assert len(app.dataframe[0].value) == 0
    assert any("Aucun document" in i.value for i in app.info)


def test_setting_filter_matches_multiple_settings(app: AppTest) -> None:
    app.multiselect(key="documents_setting").select("CDS").run()
    table = app.dataframe[0].value
    assert "CP/CDS" in set(table["lieu d'exercice"])
    assert all("CDS" in s for s in table["lieu d'exercice"])


def test_open_a_document_in_the_reader(app: AppTest) -> None:
    app.multiselect(key="documents_profession").select("TS").run()
    app.button(key="documents_read").click().run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Lecture"
    assert app.selectbox(key="reader_document").value is not None


def test_import_waits_for_files_and_a_passphrase(app: AppTest) -> None:
    assert app.button(key="documents_import").disabled
    app.text_input(key="documents_passphrase").input("tupsalco-demo").run()
    assert app.button(key="documents_import").disabled  # still no file


# -- a fresh project: the participants sheet, assigning, attaching ------------------------------

SHEET_BYTES = ("Code;Prénom;Nom de famille;Quoi;Genre;Âge;Structure;Ville\n"
               "PAT01;Zoéline;Brunchard;Patiente;F;42;CDS;Pantin\n"
               "PAT02;Gontran;Pelissard;Pelissard;H;30;CDS;Pantin\n"
               "MG01;Octave;Vermandois;généraliste libéral;Homme;51;CP/cs;Pantin\n"
               "MG02;Albertine;Quérolle;MG;F;17;CP;Pantin\n").encode("cp1252")
NAMES = ("Zoéline", "Brunchard", "Gontran", "Pelissard", "Octave", "Vermandois", "Albertine",
         "Quérolle")


def _shown(at: AppTest) -> str:
    """Every text the page shows, tables and choices included."""
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success")
             for e in getattr(at, kind)]
    parts += [d.value.to_csv() for d in at.dataframe]
    parts += [o for s in at.selectbox for o in s.options]
    return "\n".join(map(str, parts))


def test_the_sheet_is_mapped_corrected_and_loaded_on_the_page(project, monkeypatch) -> None:
    at = open_page(project, None, monkeypatch)
    at.file_uploader(key="participants_upload").set_value(
        ("équipe.csv", SHEET_BYTES, "text/csv")).run()
    assert not at.exception, at.exception
    # the mapping step: the team's headers guessed, one left for the person to choose
    guessed = {f: at.selectbox(key=f"participants_map_{f}").value
               for f in ("id", "first_name", "last_name", "profession", "sex", "age_band",
                         "settings", "site")}
    assert guessed == {"id": 0, "first_name": 1, "last_name": 2, "profession": None,
                       "sex": 4, "age_band": 5, "settings": 6, "site": 7}
    assert any("Choisissez la colonne de : profession" in w.value for w in at.warning)
    at.selectbox(key="participants_map_profession").set_value(3).run()
    # every value outside the vocabulary at once, names masked, suggestions given
    (editor,) = at.data_editor
    table = editor.value
    assert list(table["ligne"]) == [3, 4, 4, 5]
    assert list(table["valeur"]) == ["(masquée : un nom)", "généraliste libéral", "CP/cs", "17"]
    assert list(table["correction"]) == ["", "", "CP/CDS", ""]
    assert not any(name in _shown(at) for name in NAMES)
    # the person types two corrections, then takes the suggestions for the rest
    at.session_state["participants_fix_table_0"] = {
        "edited_rows": {0: {"correction": "patient"}, 1: {"correction": "MG"},
                        2: {"correction": ""}, 3: {"correction": "25-35"}},
        "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="participants_apply").click().run()
    assert not at.exception, at.exception
    (editor,) = at.data_editor
    assert list(editor.value["ligne"]) == [4]  # only the setting is left
    at.button(key="participants_accept").click().run()
    assert not at.data_editor and any("4 participant·e·s prêt·e·s" in s.value
                                      for s in at.success)
    preview = next(d.value for d in at.dataframe if "fonction" in d.value.columns)
    assert list(preview["tranche d'âge"]) == ["36-45", "20-35", "46-65", "25-35"]
    assert list(preview["lieu d'exercice"]) == ["CDS", "CDS", "CP/CDS", "CP"]
    assert not any(name in _shown(at) for name in NAMES)
    at.text_input(key="participants_passphrase").input(PASS).run()
    at.button(key="participants_import").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("4 participant·e·s chargé·e·s" in s.value for s in at.success)
    assert {p.id: p.profession for p in project.participants()} == {
        "PAT01": "patiente", "PAT02": "patient", "MG01": "MG", "MG02": "MG"}
    assert project.open_vault(PASS)[1].participants["PAT02"] == ["Gontran", "Pelissard"]


def test_a_sheet_that_would_erase_names_asks_for_a_confirmation(project, monkeypatch) -> None:
    at = open_page(project, None, monkeypatch)
    sheet = ("id;prenom;nom;profession;sexe;tranche_age;lieu_exercice;site\n"
             "PAT01;Zoéline;Brunchard;patiente;F;36-45;CDS;Pantin\n"
             "MG01;Octave;Vermandois;MG;H;46-65;CP;Pantin\n").encode()
    at.file_uploader(key="participants_upload").set_value(("p.csv", sheet, "text/csv")).run()
    at.selectbox(key="participants_map_last_name").select_index(0).run()  # "— aucune —"
    at.text_input(key="participants_passphrase").input(PASS).run()
    at.button(key="participants_import").click().run()
    assert any("perdrait des noms de 2 participant·e·s" in w.value for w in at.warning)
    assert project.open_vault(PASS)[1].participants["PAT01"] == ["Zoéline", "Brunchard"]
    at.checkbox(key="participants_confirm").check().run()
    at.button(key="participants_import").click().run()
    assert any("2 participant·e·s chargé·e·s" in s.value for s in at.success)
    assert project.open_vault(PASS)[1].participants["PAT01"] == ["Zoéline", ""]


def test_an_unassigned_interview_is_listed_and_assigned(reviewed, tmp_path,
                                                         monkeypatch) -> None:
    from .conftest import ANA, transcript

    stray = transcript(tmp_path / "entretien_mars.docx", [("E", "Bonjour."), ("P", "Oui.")])
    (result,) = reviewed.import_files(ANA, [stray], PASS)
    at = open_page(reviewed, None, monkeypatch)
    assert any("1 entretien(s) non attribué(s)" in w.value for w in at.warning)
    table = at.dataframe[0].value.set_index("document")
    assert table.loc["entretien_mars.docx", "participant"] == "(non attribué)"
    assert table.loc["PAT01.docx", "participant"] == "PAT01"
    picker = at.selectbox(key="documents_assign_doc")
    assert picker.value == result.document_id  # the ones to assign come first
    at.selectbox(key="documents_assign_participant").set_value("MG01").run()
    at.button(key="documents_assign").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert reviewed.document(result.document_id).participant.id == "MG01"
    assert any("entretien_mars.docx attribué à MG01" in s.value for s in at.success)
    assert not any("non attribué(s)" in w.value for w in at.warning)
    table = at.dataframe[0].value.set_index("document")
    assert table.loc["entretien_mars.docx", "participant"] == "MG01"


def test_a_recording_is_attached_from_the_page(reviewed, tmp_path, monkeypatch) -> None:
    from .conftest import write_wav

    at = open_page(reviewed, None, monkeypatch)
    doc = next(d for d in reviewed.documents() if d.name == "PAT01.docx")
    at.selectbox(key="documents_media_doc").set_value(doc.id).run()
    wav = write_wav(tmp_path / "Zoéline.wav", seconds=2).read_bytes()
    at.file_uploader(key="documents_media_file").set_value(("Zoéline.wav", wav, "audio/wav"))
    at.run()
    at.button(key="documents_attach").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    media = reviewed.document(doc.id).media
    assert media is not None and (reviewed.folder / media.path).read_bytes() == wav
    table = at.dataframe[0].value.set_index("document")
    assert table.loc["PAT01.docx", "enregistrement"] == "oui"
