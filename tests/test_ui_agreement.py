from __future__ import annotations

from streamlit.testing.v1 import AppTest

from .conftest import open_page


def test_agreement_page_on_the_demo_coders(demo_project, monkeypatch) -> None:
    page: AppTest = open_page(demo_project, "agreement.py", monkeypatch)
    table = page.dataframe[0].value
    assert len(table) > 20 and {"kappa", "alpha", "lecture"} <= set(table.columns)
    assert set(table["lecture"]) <= {"fiable", "conclusions provisoires", "insuffisant",
                                     "indéfini (aucune variation)"}
    assert any(m.value.startswith("> ") for m in page.markdown)  # disagreements side by side
    doc = demo_project.documents()[0].id
    page.selectbox(key="agree_document").set_value(doc).run()
    assert not page.exception
    assert len(page.dataframe[0].value) <= len(table)


def test_keep_one_version_from_the_page(coded, monkeypatch) -> None:
    from tupsalco import coding

    d = coded.documents()[0].id
    text = coded.document(d).text
    coding.add_coding(coded, d, ["objectifs"], 0, 10, "ana")
    coding.add_coding(coded, d, ["objectifs"], 0, 20, "bea")
    page = open_page(coded, "agreement.py", monkeypatch)
    page.text_input(key="agree_actor").input("chef").run()
    page.button(key=f"agree_keep_{d}_ana").click().run()
    assert not page.exception
    assert {(c.coder, c.end) for c in coding.codings(coded, d)} == {("ana", 10), ("bea", 10)}
    assert text[:10] == coding.codings(coded, d)[0].quote
