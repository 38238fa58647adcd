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


# -- a fresh project: assigning -----------------------------------------------------------------

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
