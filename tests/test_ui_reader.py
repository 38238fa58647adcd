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


# -- listening ---------------------------------------------------------------------------------

def test_an_unassigned_interview_says_so(project, tmp_path, monkeypatch) -> None:
    from .conftest import ANA, PASS, transcript

    stray = transcript(tmp_path / "entretien_mars.docx", [("E", "Bonjour."), ("P", "Oui.")])
    (result,) = project.import_files(ANA, [stray], PASS)
    at = open_page(project, "reader.py", monkeypatch)
    at.selectbox(key="reader_document").set_value(result.document_id).run()
    assert any("non attribué" in m.value for m in at.markdown)


@pytest.fixture
def recorded(project, tmp_path):
    """A Transcriber transcript (times on its turns) with its recording attached."""
    from tupsalco.media import attach_media

    from .conftest import ANA, PASS, write_wav
    from .test_media import DATA

    (result,) = project.import_files(ANA, [DATA / "PAT01_transcriber.trs"], PASS)
    attach_media(project, ANA, result.document_id, write_wav(tmp_path / "r.wav", seconds=70))
    return project, result.document_id


def _players(at: AppTest) -> list:
    return list(at.get("audio"))


def test_a_recording_plays_from_the_chosen_turn(recorded, monkeypatch) -> None:
    project, doc_id = recorded
    at = open_page(project, "reader.py", monkeypatch)
    at.selectbox(key="reader_document").set_value(doc_id).run()
    (player,) = _players(at)
    assert player.proto.start_time == 0 and player.proto.url
    listen = at.selectbox(key=f"reader_listen_{doc_id}")
    assert listen.options[2].startswith("3. Enquêtrice · 00:00:41")
    listen.set_value(5).run()  # the participant's last turn, at 00:00:52
    (player,) = _players(at)
    assert player.proto.start_time == 52
    assert any("Lecture à partir de 00:00:52 (tour 6)" in c.value for c in at.caption)


def test_a_link_to_a_turn_starts_there(recorded, monkeypatch) -> None:
    project, doc_id = recorded
    at = open_page(project, None, monkeypatch)
    at.query_params["doc"], at.query_params["turn"] = str(doc_id), "3"
    at.switch_page("tupsalco/ui/reader.py").run()
    (player,) = _players(at)
    assert player.proto.start_time == 45


def test_an_author_reads_but_does_not_hear(recorded, monkeypatch) -> None:
    project, doc_id = recorded
    at = open_page(project, "reader.py", monkeypatch, user="autrice", role="author")
    at.selectbox(key="reader_document").set_value(doc_id).run()
    assert _players(at) == []
    assert any("réservé à l'équipe de recherche" in c.value for c in at.caption)
    assert any("class='tup-turn'" in m.value for m in at.markdown)

