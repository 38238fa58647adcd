"""The Explorer page: filters narrow the verbatims, a click puts one in the basket, the matrix
is the library's."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tupsalco import basket, explore
from tupsalco.explore import VerbatimFilter
from tupsalco.records import AccountRole, Viewer

from .conftest import member, open_page

USER = "redac-ui-explore"
ME = Viewer(USER, AccountRole.AUTHOR)
F = frozenset


def shown_count(page: AppTest) -> tuple[int, int]:
    """(verbatims, participants) from the list's caption."""
    for c in page.caption:
        m = re.fullmatch(r"(\d+) verbatims codés, (\d+) participant·e·s\.", c.value)
        if m:
            return int(m[1]), int(m[2])
    raise AssertionError([c.value for c in page.caption])


def quotations(page: AppTest) -> list[str]:
    """The quotations of the list tab (the matrix tab prints a cell's verbatims too)."""
    return [m.value for m in page.tabs[0].markdown if m.value.startswith("«")]


@pytest.fixture
def page(demo_project, monkeypatch) -> AppTest:  # noqa: ANN001
    member(demo_project, USER, "author")
    basket.clear(demo_project, ME)
    at = open_page(demo_project, "explore.py", monkeypatch, user=USER, role="author")
    yield at
    basket.clear(demo_project, ME)


def library_count(demo_project, **flt: frozenset | str) -> int:  # noqa: ANN001
    # a passage two coders coded with the same code is shown and counted once
    return len(explore.passages(explore.verbatims(demo_project, ME, VerbatimFilter(**flt),
                                                  with_turns=False).items))


def test_filters_change_the_number_of_verbatims(page: AppTest, demo_project) -> None:  # noqa: ANN001
    everything, people = shown_count(page)
    assert everything == library_count(demo_project) and people == 21
    assert len(quotations(page)) == 25  # one page of 25
    page.multiselect(key="explore_professions").set_value(["MG"]).run()
    assert not page.exception
    n_mg, people_mg = shown_count(page)
    assert n_mg == library_count(demo_project, professions=F({"MG"})) < everything
    assert people_mg == 5
    page.multiselect(key="explore_themes").set_value(["coordination"]).run()
    n_both = shown_count(page)[0]
    assert n_both == library_count(demo_project, professions=F({"MG"}),
                                   themes=F({"coordination"})) < n_mg
    assert all(re.search(r"\*\*\(MG, (CP|CDS|MSP)\)\*\*$", q) for q in quotations(page))
    page.text_input(key="explore_text").input("PATIENT").run()
    n_text = shown_count(page)[0]
    assert n_text == library_count(demo_project, professions=F({"MG"}),
                                   themes=F({"coordination"}), text="patient")
    assert 0 < n_text <= n_both
    assert all("patient" in q.lower() for q in quotations(page))
    page.multiselect(key="explore_professions").set_value(["MG", "Psy"]).run()  # OR within
    assert shown_count(page)[0] >= n_text
    page.text_input(key="explore_text").input("").run()
    page.multiselect(key="explore_themes").set_value([]).run()
    page.multiselect(key="explore_professions").set_value([]).run()
    assert shown_count(page)[0] == everything


def test_the_list_shows_the_convention_attribution(page: AppTest) -> None:
    page.multiselect(key="explore_professions").set_value(["TS"]).run()
    page.multiselect(key="explore_settings").set_value(["CP"]).run()
    shown = quotations(page)
    assert shown and all(q.endswith("**(TS, CP/CDS)**") for q in shown)
    page.multiselect(key="explore_settings").set_value([]).run()
    page.multiselect(key="explore_professions").set_value(["patient"]).run()
    page.multiselect(key="explore_ages").set_value(["46-65"]).run()
    shown = quotations(page)
    assert shown and all(re.search(r"\*\*\(patient 45-65, (CP|CDS)\)\*\*$", q) for q in shown)


def test_add_to_the_basket(page: AppTest, demo_project) -> None:  # noqa: ANN001
    page.multiselect(key="explore_themes").set_value(["femmes_stigmatisation"]).run()
    buttons = [b for b in page.button if b.key and b.key.startswith("explore_add_")]
    assert buttons and all(b.label == "Ajouter aux citations" for b in buttons)
    first, third = buttons[0].key, buttons[2].key
    page.button(key=first).click().run()
    assert not page.exception
    assert [s.value for s in page.success] == ["Verbatim ajouté aux citations."]
    page.button(key=third).click().run()
    got = basket.items(demo_project, ME)
    wanted = [int(first.removeprefix("explore_add_")), int(third.removeprefix("explore_add_"))]
    assert [i.coding_id for i in got] == wanted
    texts = {v.coding_id: v for v in explore.verbatims(
        demo_project, ME, VerbatimFilter(themes=F({"femmes_stigmatisation"}))).items}
    assert [i.text for i in got] == [texts[c].text for c in wanted]
    assert [i.attribution for i in got] == [texts[c].attribution for c in wanted]
    assert basket.items(demo_project, Viewer("auteur", AccountRole.AUTHOR)) == []


def test_the_matrix_tab_is_the_library_matrix(page: AppTest, demo_project) -> None:  # noqa: ANN001
    from tupsalco import coding

    labels = {c.id: c.label for c in coding.codebook(demo_project).codes}
    page.selectbox(key="explore_attribute").set_value(explore.Attribute.SETTING).run()
    page.radio(key="explore_measure").set_value("participants").run()
    assert not page.exception
    expected = explore.matrix(demo_project, ME, "setting", "participants").table
    shown = next(d.value for d in page.dataframe if "CDS" in d.value.columns)
    assert list(shown.index) == [labels[t] for t in expected.index]
    assert shown.to_numpy().tolist() == expected.to_numpy().tolist()
    # opening a cell lists the verbatims behind it
    page.selectbox(key="explore_cell_theme").set_value("tensions").run()
    page.selectbox(key="explore_cell_value").set_value("CP").run()
    cell = explore.cell_verbatims(demo_project, ME, "tensions", "setting", "CP")
    assert f"{len(cell.items)} verbatims, {cell.participants} participant·e·s." in [
        c.value for c in page.caption]


@pytest.mark.parametrize("role", ["committee"])
def test_the_committee_cannot_open_the_explorer(demo_project, monkeypatch, role: str) -> None:  # noqa: ANN001,E501
    at = open_page(demo_project, None, monkeypatch, user="comite", role=role)
    with pytest.raises(ValueError, match="Known pages"):
        at.switch_page("tupsalco/ui/explore.py")
