from __future__ import annotations

import threading

import pytest
from streamlit.testing.v1 import AppTest

from tupsalco import coding

from .conftest import ANA, PASS, ROOT, member, open_page


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
    made = coding.codings(coded, ANA)
    assert {c.code_id for c in made} == {"objectifs", "tensions"} and made[0].coder == "ana"
    assert len(page.dataframe[0].value) == 2
    page.button(key="code_undo").click().run()
    assert coding.codings(coded, ANA) == []
    page.button(key="code_redo").click().run()
    assert len(coding.codings(coded, ANA)) == 2


def test_recode_remove_and_memo(page: AppTest, coded) -> None:
    page.multiselect(key="code_codes").select("objectifs").run()
    page.button(key="code_apply_turn").click().run()
    page.selectbox(key="code_new_code").set_value("strategies").run()
    page.button(key="code_recode").click().run()
    assert [c.code_id for c in coding.codings(coded, ANA)] == ["strategies"]
    page.button(key="code_remove").click().run()
    assert coding.codings(coded, ANA) == []
    page.text_area(key="code_memo_text").input(
        "Le groupe de parole revient souvent, Ginette Kowalczyk en parle.").run()
    # without the key's passphrase the memo is refused, saying why
    assert any("pseudonymisé avant d'être enregistré" in c.value for c in page.caption)
    page.button(key="code_memo_save").click().run()
    assert any("phrase de passe de la clé" in e.value for e in page.error)
    assert coding.memos(coded, ANA) == []
    page.text_input(key="code_passphrase").input(PASS).run()
    page.button(key="code_memo_save").click().run()
    assert not page.exception and not page.error, [e.value for e in page.error]
    [memo] = coding.memos(coded, ANA)
    assert "Ginette" not in memo.text and "Kowalczyk" not in memo.text
    assert "[Personne" in memo.text
    page.text_input(key="code_memo_search").input("groupe").run()
    assert len(page.dataframe[-1].value) == 1


def suggester_built() -> None:
    """Return once the suggesters the pages started building in the background are built
    (the page shows without waiting for them, and their suggestions on its next run)."""
    for thread in threading.enumerate():
        if thread.name == "tupsalco-suggest-build":
            thread.join()


def test_suggestions_for_the_turn_accept_and_reject(coded, monkeypatch) -> None:
    from tupsalco.codebook import load_codebook
    from tupsalco.suggest import team

    coding.import_codebook(coded, ANA, load_codebook(ROOT / "codebooks" / "tupsalco.yaml"))
    with team._building:  # another suggester being built: the page does not wait for this one
        page = open_page(coded, "code.py", monkeypatch)
        page.selectbox(key="code_turn").set_value(1).run()
        assert any("Préparation des suggestions" in c.value for c in page.caption)
        assert not [b for b in page.button if b.key == "code_sugg_ok_0"]
    suggester_built()
    page.run()
    assert page.button(key="code_sugg_ok_0")  # three ranked suggestions for the turn
    first_label = next(m for m in page.markdown  # "**label** · score", its reason below
                       if m.value.startswith("**") and "** · " in m.value)
    page.button(key="code_sugg_no_0").click().run()
    assert first_label.value not in [m.value for m in page.markdown]  # remembered
    page.button(key="code_sugg_ok_0").click().run()
    assert len(coding.codings(coded, ANA)) == 1 and coding.codings(coded, ANA)[0].coder == "ana"
    meta = coding.codings(coded, ANA)[0].meta  # which model suggested it, kept with it
    assert meta["suggester"].startswith("tupsalco-suggest/") and len(meta["version"]) == 12
    assert isinstance(meta["score"], float)


def test_blind_coding_hides_the_others_codings_from_a_coder(coded, monkeypatch) -> None:
    doc = coded.documents()[0]
    coding.code_turn(coded, member(coded, "bea"), doc.id, 1, ["tensions"])
    coded.set_blind(ANA, True)
    page = open_page(coded, "code.py", monkeypatch, user="lea", role="coder")
    assert not [m for m in page.multiselect if m.key == "code_others"]
    assert any("aveugle" in i.value for i in page.info)
    page.multiselect(key="code_codes").select("objectifs").run()
    page.button(key="code_apply_turn").click().run()
    shown = page.dataframe[0].value
    assert set(shown["codeur·se"]) == {"lea"}  # bea's coding of the same turn is not shown
    admin = open_page(coded, "code.py", monkeypatch, user="zoe", role="admin")
    admin.multiselect(key="code_others").select("bea").run()
    assert "bea" in set(admin.dataframe[0].value["codeur·se"])
    coded.set_blind(ANA, False)
    assert not coded.blind


def test_blind_coding_keeps_the_agreement_page_for_the_admin(coded, monkeypatch) -> None:
    coded.set_blind(ANA, True)
    page = open_page(coded, None, monkeypatch, user="lea", role="coder")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        page.switch_page("tupsalco/ui/agreement.py")  # not offered to a coder while blind
    admin = open_page(coded, "agreement.py", monkeypatch, user="zoe", role="admin")
    assert [t.value for t in admin.title] == ["Accord inter-codeurs"]
    coded.set_blind(ANA, False)
    coder = open_page(coded, "agreement.py", monkeypatch, user="lea", role="coder")
    assert [t.value for t in coder.title] == ["Accord inter-codeurs"]


def test_a_coded_passage_goes_to_the_quotation_basket(page: AppTest, coded) -> None:
    from tupsalco import basket

    page.multiselect(key="code_codes").select("objectifs").run()
    page.button(key="code_apply_turn").click().run()
    page.button(key="code_to_basket").click().run()
    assert not page.exception and not page.error
    items = basket.items(coded, ANA)
    assert [i.coding_id for i in items] == [c.id for c in coding.codings(coded, ANA)]
    assert items[0].attribution.startswith("(") and items[0].text == items[0].original


def test_the_search_tab_finds_inflected_forms_and_codes_them(page: AppTest, coded) -> None:
    """Typing a word in "Recherche et autocodage" crashed the page (a text input's value
    shadowed the search module); the hits are listed and coded in one undoable action."""
    page.text_input(key="code_search_query").input("gentille").run()
    assert not page.exception and not page.error, [e.value for e in page.error]
    assert any("résultat(s)" in c.value and not c.value.startswith("0 ") for c in page.caption)
    page.multiselect(key="code_codes").select("tensions").run()
    page.button(key="code_search_all").click().run()
    assert not page.exception
    made = coding.codings(coded, ANA)
    assert made and {c.code_id for c in made} == {"tensions"}
    assert all("gentille" in c.quote for c in made)


def test_the_recording_plays_from_the_chosen_turn(coded, tmp_path, monkeypatch) -> None:
    from tupsalco.media import attach_media

    from .conftest import PASS, write_wav
    from .test_media import DATA

    (result,) = coded.import_files(ANA, [DATA / "PAT01_transcriber.trs"], PASS)
    attach_media(coded, ANA, result.document_id, write_wav(tmp_path / "r.wav", seconds=70))
    at = open_page(coded, "code.py", monkeypatch)
    at.selectbox(key="code_document").set_value(result.document_id).run()
    at.selectbox(key="code_turn").set_value(2).run()  # the interviewer at 00:00:41
    (player,) = at.get("audio")
    assert player.proto.start_time == 41
    at.selectbox(key="code_turn").set_value(4).run()  # a third speaker in the same second
    (player,) = at.get("audio")
    assert player.proto.start_time == 45
