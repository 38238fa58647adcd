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
