from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tupsalco import coding
from tupsalco.store import repository as repo

from .conftest import ANA, open_page


@pytest.fixture
def page(coded, monkeypatch) -> AppTest:
    return open_page(coded, "codebook.py", monkeypatch)  # signed in as ana


def test_lists_the_codebook(page: AppTest, coded) -> None:
    table = page.dataframe[0].value
    assert len(table) == len(coding.codebook(coded).codes)
    assert set(table["thème"]) == {"objectifs", "strategies", "tensions"}


def test_add_rename_merge(page: AppTest, coded) -> None:
    page.text_input(key="book_new_id").input("tensions_attente").run()
    page.text_input(key="book_new_label").input("Listes d'attente").run()
    page.selectbox(key="book_new_parent").set_value("tensions").run()
    page.button(key="book_add").click().run()
    assert coding.codebook(coded).by_id["tensions_attente"].parent == "tensions"
    page.selectbox(key="book_ren_code").set_value("tensions_attente").run()
    page.text_input(key="book_ren_label").input("Délais").run()
    page.button(key="book_rename").click().run()
    assert coding.codebook(coded).by_id["tensions_attente"].label == "Délais"
    d = coded.documents()[0].id
    coding.code_turn(coded, ANA, d, 0, ["tensions_attente"])
    page.selectbox(key="book_mg_src").set_value("tensions_attente").run()
    page.selectbox(key="book_mg_dst").set_value("tensions").run()
    page.button(key="book_merge").click().run()
    assert any("1 codage" in s.value for s in page.success)
    assert [c.code_id for c in coding.codings(coded, ANA)] == ["tensions"]
    with coded.db.session() as s:  # every change is signed by the account, not typed in
        events = [e for e in repo.audit_events(s) if e.action.endswith("_code")
                  or e.action == "merge_codes"]
    assert {e.actor for e in events} == {"ana"} and len(events) == 3


def test_the_codebook_page_has_no_actor_field(page: AppTest) -> None:
    assert not [t for t in page.text_input if t.key == "book_actor"]



def test_exports_the_project_as_qdpx(page: AppTest) -> None:
    import io
    import zipfile

    page.button(key="book_qdpx").click().run()
    assert not page.exception
    data = page.session_state["book_qdpx_data"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "project.qde" in archive.namelist()
        assert sum(n.startswith("sources/") for n in archive.namelist()) == 2
    assert [e for e in page.get("download_button") if "qdpx" in str(e.proto.label)]


def test_the_tree_shows_colours_counts_and_whole_descriptions(page: AppTest, coded) -> None:
    d = coded.documents()[0].id
    coding.code_turn(coded, ANA, d, 1, ["objectifs_reduction"])
    page.run()
    tree = next(m.value for m in page.markdown if "background:" in m.value)
    book = coding.codebook(coded)
    for code in book.codes:
        assert code.label in tree and code.color in tree
    assert "1 codage(s)" in tree and "0 codage(s), 1 avec ses sous-codes" in tree
    assert "#" not in "".join(str(v) for v in page.dataframe[0].value.columns)
