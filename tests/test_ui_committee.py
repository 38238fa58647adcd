"""The Thèmes page: the committee's read-only view, with no attribution anywhere and the
cells drawn from fewer than k participants masked."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tupsalco import coding, explore
from tupsalco.records import AccountRole, Viewer
from tupsalco.ui.state import quote_md

from .conftest import open_page

COMMITTEE = Viewer("comite", AccountRole.COMMITTEE)


def leak_pattern(demo_project, sheet) -> re.Pattern[str]:  # noqa: ANN001
    """Attributions, participant ids, document names and the sheet's names."""
    words = {p.id for p in sheet.participants}
    for d in demo_project.documents():
        words |= {d.name, Path(d.name).stem}
    words |= {w for pair in sheet.names.values() for w in pair if w}
    return re.compile(r"\((?:MG|patient|patiente|TS|Psy|Coordinatrice|présidente)\b|\b(?:"
                      + "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
                      + r")\b")


def page_text(page: AppTest) -> list[str]:
    out = [e.value for kind in ("title", "markdown", "caption", "info", "warning", "success",
                                "error", "subheader") for e in getattr(page, kind)]
    for d in (*page.dataframe, *page.table):
        table: pd.DataFrame = d.value
        out += [str(x) for x in [*table.index, *table.columns, *table.to_numpy().ravel()]]
    for widget in (*page.selectbox, *page.radio):
        out += [str(o) for o in widget.options]
    return out


def assert_no_leak(page: AppTest, pattern: re.Pattern[str]) -> None:
    assert pattern.search("(patient 36-45, CDS)") and pattern.search("vu MG01")
    for text in page_text(page):
        found = pattern.search(text)
        assert found is None, f"{found.group()!r} shown to the committee in {text[:80]!r}"


def check_table(page: AppTest, demo_project, attribute: str, measure: str) -> None:  # noqa: ANN001
    labels = {c.id: c.label for c in coding.codebook(demo_project).codes}
    expected = explore.matrix(demo_project, COMMITTEE, attribute, measure)
    shown = page.table[0].value  # a static table: nothing cut on the right
    assert list(shown.index) == [labels[t] for t in expected.table.index]
    assert list(shown.columns) == list(expected.table.columns)
    masked = 0
    for theme, value in [(t, v) for t in expected.table.index for v in expected.table.columns]:
        cell = shown.loc[labels[theme], value]
        if pd.isna(expected.table.loc[theme, value]):
            assert cell == explore.SUPPRESSED == "masqué (< k)"
            masked += 1
        else:
            assert cell == str(expected.table.loc[theme, value])
    assert masked == len(expected.suppressed) > 0
    assert (f"{masked} case(s) masquée(s) (moins de 3 participant·e·s, ou pour protéger une "
            "case masquée).") in [c.value for c in page.caption]
    assert all(int(x) % 3 == 0 for x in expected.table.to_numpy().ravel() if not pd.isna(x))


@pytest.fixture
def page(demo_project, monkeypatch) -> AppTest:  # noqa: ANN001
    return open_page(demo_project, "committee.py", monkeypatch, user="comite",
                     role="committee")


def test_the_committee_sees_no_attribution_and_masked_cells(page: AppTest, demo_project,
                                                            sheet) -> None:  # noqa: ANN001
    pattern = leak_pattern(demo_project, sheet)
    assert [t.value for t in page.title] == ["Thèmes de l'étude"]
    check_table(page, demo_project, "profession", "participants")
    assert_no_leak(page, pattern)
    for attribute in ("setting", "age_band"):
        for measure in ("passages", "participants"):
            page.radio(key="committee_attribute").set_value(explore.Attribute(attribute)).run()
            page.radio(key="committee_measure").set_value(measure).run()
            assert not page.exception
            check_table(page, demo_project, attribute, measure)
            assert_no_leak(page, pattern)
    # the committee is offered no site, sex or document type
    assert [str(o) for o in page.radio(key="committee_attribute").options] == [
        "profession", "lieu d'exercice", "tranche d'âge"]


def test_the_committee_reads_verbatims_without_attribution(page: AppTest, demo_project,
                                                           sheet) -> None:  # noqa: ANN001
    pattern = leak_pattern(demo_project, sheet)
    page.selectbox(key="committee_theme").set_value("acceptation").run()
    shown = [m.value for m in page.markdown if m.value.startswith("«")]
    expected = explore.verbatims(demo_project, COMMITTEE, explore.VerbatimFilter(
        themes=frozenset({"acceptation"}))).items
    assert len(shown) == min(60, len(expected)) > 0
    # the quotation alone: nothing after the closing quote
    assert shown == [quote_md(v.text) for v in expected[:60]]
    assert f"{len(expected)} verbatims." in [c.value for c in page.caption]
    assert_no_leak(page, pattern)


def test_a_list_from_fewer_than_k_is_masked(page: AppTest, demo_project, sheet) -> None:  # noqa: ANN001,E501
    # two social workers in the study: their list is masked, whatever they said
    assert sum(p.profession == "TS" for p in sheet.participants) == 2
    # lists are split by profession only, whichever attribute the table is drawn by
    page.radio(key="committee_attribute").set_value(explore.Attribute.AGE_BAND).run()
    assert page.selectbox(key="committee_value").options == [
        "(toutes)", "Coordinatrice", "MG", "Psy", "TS", "patient", "patiente"]
    page.selectbox(key="committee_theme").set_value("representations").run()
    page.selectbox(key="committee_value").set_value("TS").run()
    assert not page.exception
    assert [w.value for w in page.warning] == [
        "Liste masquée : ces verbatims viennent de moins de 3 participant·e·s, ou leur case "
        "est masquée pour en protéger une autre."]
    assert not [m for m in page.markdown if m.value.startswith("«")]
    assert_no_leak(page, leak_pattern(demo_project, sheet))
    # a profession shared by enough people shows its list
    page.selectbox(key="committee_value").set_value("MG").run()
    assert not page.warning
    assert [m for m in page.markdown if m.value.startswith("«")]


def test_an_admin_previews_the_committee_view(demo_project, monkeypatch, sheet) -> None:  # noqa: ANN001,E501
    page = open_page(demo_project, "committee.py", monkeypatch, user="admin", role="admin")
    assert "Vous voyez cette page comme le comité de pilotage la voit." in [
        i.value for i in page.info]
    check_table(page, demo_project, "profession", "participants")
    assert_no_leak(page, leak_pattern(demo_project, sheet))


def test_a_committee_account_sees_only_the_themes_page(demo_project, monkeypatch) -> None:  # noqa: ANN001,E501
    page = open_page(demo_project, None, monkeypatch, user="comite", role="committee")
    assert [t.value for t in page.title] == ["Thèmes de l'étude"]
    for other in ("documents.py", "reader.py", "code.py", "codebook.py", "agreement.py",
                  "explore.py", "basket.py", "pseudonymisation.py", "accounts.py"):
        with pytest.raises(ValueError, match=r"Known pages: \['[^']*committee\.py'\]"):
            page.switch_page(f"tupsalco/ui/{other}")
    assert any("comite" in c.value and "comité de pilotage" in c.value
               for c in page.sidebar.caption)
