"""The Citations page: the basket moved, trimmed, coarsened and checked against k."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tupsalco import basket, explore
from tupsalco.records import AccountRole, Viewer
from tupsalco.ui.state import quote_md

from .conftest import member, open_page

USER = "redac-ui-basket"
ME = Viewer(USER, AccountRole.AUTHOR)


def first_coding(demo_project, pid: str) -> tuple[int, str]:  # noqa: ANN001
    found = [v for v in explore.verbatims(demo_project, ME, with_turns=False).items
             if Path(v.document).stem == pid]
    v = min(found, key=lambda v: len(v.text))
    return v.coding_id, v.text


@pytest.fixture
def filled(demo_project):  # noqa: ANN001, ANN201
    """Three quotations: the one 66-85 patient (fits 1 < k), a GP in an MSP (one of 2), the
    CP/CDS social worker (1)."""
    member(demo_project, USER, "author")
    basket.clear(demo_project, ME)
    ids = {pid: basket.add(demo_project, ME, first_coding(demo_project, pid)[0])
           for pid in ("PAT07", "MG05", "TS01")}
    yield demo_project, ids
    basket.clear(demo_project, ME)


def lines(page: AppTest) -> list[str]:
    return [m.value for m in page.markdown if m.value.startswith("**")]


def test_the_page_lists_the_basket_and_warns_about_k(filled, monkeypatch) -> None:  # noqa: ANN001
    project, ids = filled
    page = open_page(project, "basket.py", monkeypatch, user=USER, role="author")
    assert [t.value for t in page.title] == ["Citations"]
    shown = lines(page)
    assert len(shown) == 3
    texts = [i.text for i in basket.items(project, ME)]
    assert shown == [f"**1.** {quote_md(texts[0])} (patiente 66-85, MSP)",
                     f"**2.** {quote_md(texts[1])} (MG, MSP)",
                     f"**3.** {quote_md(texts[2])} (TS, CP/CDS)"]
    warnings = [w.value for w in page.warning]
    assert any("(patiente 66-85, MSP) ne correspond qu'à 1 participant" in w for w in warnings)
    assert any("(TS, CP/CDS) ne correspond qu'à 1 participant" in w for w in warnings)
    assert any("(MG, MSP) ne correspond qu'à 2 participant" in w for w in warnings)  # MG03, MG05
    assert any(w.startswith("3 citation(s) peuvent désigner moins de 3 personnes")
               for w in warnings)
    # exporting asks for a confirmation first
    assert page.checkbox(key="basket_confirm").value is False


def test_move_and_remove_from_the_page(filled, monkeypatch) -> None:  # noqa: ANN001
    project, ids = filled
    page = open_page(project, "basket.py", monkeypatch, user=USER, role="author")
    assert page.button(key=f"basket_up_{ids['PAT07']}").disabled
    assert page.button(key=f"basket_down_{ids['TS01']}").disabled
    page.button(key=f"basket_down_{ids['PAT07']}").click().run()
    assert not page.exception
    assert [i.id for i in basket.items(project, ME)] == [ids["MG05"], ids["PAT07"], ids["TS01"]]
    assert "Citation déplacée." in [s.value for s in page.success]
    assert lines(page)[0].endswith("(MG, MSP)")
    page.button(key=f"basket_up_{ids['TS01']}").click().run()
    assert [i.id for i in basket.items(project, ME)] == [ids["MG05"], ids["TS01"], ids["PAT07"]]
    page.button(key=f"basket_remove_{ids['MG05']}").click().run()
    assert [i.id for i in basket.items(project, ME)] == [ids["TS01"], ids["PAT07"]]
    assert len(lines(page)) == 2 and lines(page)[0].startswith("**1.**")


def test_coarsening_on_the_page_lifts_the_k_warning(filled, monkeypatch) -> None:  # noqa: ANN001
    project, ids = filled
    page = open_page(project, "basket.py", monkeypatch, user=USER, role="author")
    page.multiselect(key=f"basket_drop_{ids['PAT07']}").set_value(["age_band"]).run()
    assert not page.exception
    item = basket.items(project, ME)[0]
    assert item.dropped == ("age_band",) and item.attribution == "(patiente, MSP)"
    assert lines(page)[0].endswith("\u00a0» (patiente, MSP)")
    page.multiselect(key=f"basket_drop_{ids['PAT07']}").set_value(
        ["age_band", "setting"]).run()
    item = basket.items(project, ME)[0]
    assert item.attribution == "(patiente)" and item.participants_matching == 3
    assert lines(page)[0].endswith("\u00a0» (patiente)")
    assert not any("(patiente" in w.value for w in page.warning)
    assert any("(TS, CP/CDS)" in w.value for w in page.warning)  # the others still warn


def test_trimming_on_the_page(filled, monkeypatch) -> None:  # noqa: ANN001
    project, ids = filled
    _, original = first_coding(project, "MG05")
    words = original.split()
    page = open_page(project, "basket.py", monkeypatch, user=USER, role="author")
    key = ids["MG05"]
    page.text_area(key=f"basket_text_{key}").input(f"{' '.join(words[:2])} inventé").run()
    page.button(key=f"basket_trim_{key}").click().run()
    assert any(f"Extrait {key}" in e.value for e in page.error)
    assert basket.items(project, ME)[1].text == original
    trimmed = f"{' '.join(words[:2])} [...] {words[-1]}"
    page.text_area(key=f"basket_text_{key}").input(trimmed).run()
    page.button(key=f"basket_trim_{key}").click().run()
    assert not page.error
    assert basket.items(project, ME)[1].text == trimmed
    assert lines(page)[1] == f"**2.** {quote_md(trimmed)} (MG, MSP)"


def test_clear_from_the_page(filled, monkeypatch) -> None:  # noqa: ANN001
    project, _ = filled
    page = open_page(project, "basket.py", monkeypatch, user=USER, role="author")
    page.button(key="basket_clear").click().run()
    assert basket.items(project, ME) == []
    assert [i.value for i in page.info] == [
        "Le panier est vide : ajoutez des verbatims depuis la page Explorer."]


def test_the_committee_has_no_citations_page(demo_project, monkeypatch) -> None:  # noqa: ANN001
    page = open_page(demo_project, None, monkeypatch, user="comite", role="committee")
    with pytest.raises(ValueError, match="Known pages"):
        page.switch_page("tupsalco/ui/basket.py")


def test_export_waits_for_the_confirmation_and_is_audited(filled, monkeypatch) -> None:  # noqa: ANN001,E501
    from sqlalchemy import select

    from tupsalco.store.models import AuditEventRow

    project, ids = filled
    basket.coarsen(project, ME, ids["PAT07"], ["age_band", "setting"])
    page = open_page(project, "basket.py", monkeypatch, user=USER, role="author")
    assert page.download_button(key="basket_docx").disabled
    assert page.download_button(key="basket_csv").disabled
    page.checkbox(key="basket_confirm").check().run()
    assert not page.download_button(key="basket_docx").disabled
    with project.db.session() as s:
        before = s.scalar(select(AuditEventRow.id).order_by(AuditEventRow.id.desc()).limit(1))
    page.download_button(key="basket_docx").click().run()
    assert not page.exception
    with project.db.session() as s:
        exported = [(e.actor, e.detail) for e in s.scalars(
            select(AuditEventRow).where(AuditEventRow.id > before,
                                        AuditEventRow.action == "basket.export"))]
    assert len(exported) == 1 and exported[0][0] == USER
    detail = exported[0][1]
    assert detail["format"] == "docx"
    assert [q["dropped"] for q in detail["items"]] == [["age_band", "setting"], [], []]
