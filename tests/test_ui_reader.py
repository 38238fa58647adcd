from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tupsalco.query import attribution

from .conftest import open_page


@pytest.fixture
def reader(demo_project, monkeypatch) -> AppTest:
    return open_page(demo_project, "reader.py", monkeypatch)


def _page_html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_reads_a_transcript_turn_by_turn(reader: AppTest, demo_project) -> None:
    docs = {d.name: d for d in demo_project.documents()}
    reader.selectbox(key="reader_document").set_value(docs["PAT07.docx"].id).run()
    page = _page_html(reader)
    document = demo_project.document(docs["PAT07.docx"].id)
    assert attribution(document.participant) == "(patiente 66-85, MSP)"
    assert "(patiente 66-85, MSP)" in page
    assert page.count("class='tup-turn'") == len(document.turns) >= 15
    assert "Enquêtrice" in page and "Participant·e" in page
    assert "class='tup-sur'>[Personne" in page


def test_reads_an_observation_note(reader: AppTest, demo_project) -> None:
    docs = {d.name: d for d in demo_project.documents()}
    reader.selectbox(key="reader_document").set_value(docs["OBS03.docx"].id).run()
    page = _page_html(reader)
    assert "Observation" in page and "RCP" in page and "2023-11" in page


def test_raw_identifiers_never_reach_the_page(reader: AppTest, demo_project, sheet) -> None:
    docs = {d.name: d for d in demo_project.documents()}
    reader.selectbox(key="reader_document").set_value(docs["MG02.docx"].id).run()
    page = _page_html(reader)
    first, last = sheet.names["MG02"]
    assert first not in page and last not in page


# -- an interview not assigned -----------------------------------------------------------------

def test_an_unassigned_interview_says_so(project, tmp_path, monkeypatch) -> None:
    from .conftest import ANA, PASS, transcript

    stray = transcript(tmp_path / "entretien_mars.docx", [("E", "Bonjour."), ("P", "Oui.")])
    (result,) = project.import_files(ANA, [stray], PASS)
    at = open_page(project, "reader.py", monkeypatch)
    at.selectbox(key="reader_document").set_value(result.document_id).run()
    assert any("non attribué" in m.value for m in at.markdown)
