from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tupsalco import coding

from .conftest import ROOT, open_page


@pytest.fixture
def page(coded, monkeypatch) -> AppTest:
    return open_page(coded, "code.py", monkeypatch)


def test_codings_are_signed_by_the_signed_in_account(page: AppTest) -> None:
    assert any("Codeur·se : **ana**" in m.value for m in page.markdown)


def test_code_a_whole_turn_then_undo(page: AppTest, coded) -> None:
    page.multiselect(key="code_codes").select("objectifs").select("tensions").run()
    page.selectbox(key="code_turn").set_value(1).run()
    page.button(key="code_apply_turn").click().run()
    assert not page.exception and not page.error, [e.value for e in page.error]
    made = coding.codings(coded)
    assert {c.code_id for c in made} == {"objectifs", "tensions"} and made[0].coder == "ana"
    assert len(page.dataframe[0].value) == 2
    page.button(key="code_undo").click().run()
    assert coding.codings(coded) == []
    page.button(key="code_redo").click().run()
    assert len(coding.codings(coded)) == 2


def test_recode_remove_and_memo(page: AppTest, coded) -> None:
    page.multiselect(key="code_codes").select("objectifs").run()
    page.button(key="code_apply_turn").click().run()
    page.selectbox(key="code_new_code").set_value("strategies").run()
    page.button(key="code_recode").click().run()
    assert [c.code_id for c in coding.codings(coded)] == ["strategies"]
    page.button(key="code_remove").click().run()
    assert coding.codings(coded) == []
    page.text_area(key="code_memo_text").input("Le groupe de parole revient souvent.").run()
    page.button(key="code_memo_save").click().run()
    page.text_input(key="code_memo_search").input("groupe").run()
    assert len(page.dataframe[-1].value) == 1


def test_suggestions_for_the_turn_accept_and_reject(coded, monkeypatch) -> None:
    from tupsalco.codebook import load_codebook

    coding.import_codebook(coded, load_codebook(ROOT / "codebooks" / "tupsalco.yaml"), "admin")
    page = open_page(coded, "code.py", monkeypatch)
    page.selectbox(key="code_turn").set_value(1).run()
    assert page.button(key="code_sugg_ok_0")  # three ranked suggestions for the turn
    first_label = page.markdown[[m.value.startswith("**") for m in page.markdown].index(True)]
    page.button(key="code_sugg_no_0").click().run()
    assert first_label.value not in [m.value for m in page.markdown]  # remembered
    page.button(key="code_sugg_ok_0").click().run()
    assert len(coding.codings(coded)) == 1 and coding.codings(coded)[0].coder == "ana"
