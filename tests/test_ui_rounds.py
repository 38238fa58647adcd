"""The Rondes de codage page (AppTest): open, follow, close, agreement, adjudicate one by one;
the coder's banner on the Coder page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tupsalco import coding, rounds
from tupsalco.records import REFERENCE

from .conftest import ANA, member, open_page


def frame(page: AppTest, column: str):  # noqa: ANN201
    return next(d.value for d in page.dataframe if column in d.value.columns)


def test_a_round_from_opening_to_the_reference(coded, monkeypatch) -> None:
    bob, cleo = member(coded, "bob"), member(coded, "cleo")
    pat = next(d.id for d in coded.documents() if d.name == "PAT01.docx")
    page = open_page(coded, "rounds.py", monkeypatch)
    assert any("Aucune ronde" in i.value for i in page.info)

    page.text_input(key="rounds_name").set_value("Ronde 1")
    page.multiselect(key="rounds_documents").set_value([pat])
    page.multiselect(key="rounds_coders").set_value(["bob", "cleo"])
    page.button[0].click().run()  # the form's only button: open the round
    assert not page.exception
    assert "Ronde n° 1 ouverte." in [s.value for s in page.success]
    [rnd] = rounds.rounds(coded, ANA)
    assert rnd.is_open and rnd.blind and rnd.documents == (pat,)

    text = coded.document(pat).text
    start = text.index("la directrice des")
    coding.add_coding(coded, bob, pat, ["tensions"], start, start + 17)
    coding.add_coding(coded, cleo, pat, ["tensions"], start + 3, start + 17)
    page.run()
    progress = frame(page, "document")
    assert progress.loc[0, "bob"] == 1 and progress.loc[0, "cleo"] == 1

    # the coder reads, on the Coder page, which round they are in
    coder_page = open_page(coded, "code.py", monkeypatch, user="bob", role="coder")
    coder_page.selectbox(key="code_document").set_value(pat).run()
    assert any("Ronde de codage « Ronde 1 » en cours" in i.value for i in coder_page.info)

    page.button(key="rounds_close").click().run()
    assert not page.exception
    assert "1 désaccord(s) à trancher" in page.success[0].value
    by_code = frame(page, "lecture")
    assert list(by_code["code"]) == ["Tensions"]
    by_document = frame(page, "désaccords")
    assert by_document.loc[0, "désaccords"] == 1
    passage = next(m.value for m in page.markdown if "rounds-passage" in m.value)
    assert "<mark>la directrice des</mark>" in passage

    page.button(key="rounds_keep_cleo").click().run()
    assert not page.exception
    assert any("Tous les désaccords sont tranchés" in s.value for s in page.success)
    assert list(frame(page, "extrait")["extrait"]) == ["directrice des"]
    assert [c.coder for c in rounds.reference(coded, ANA)] == [REFERENCE]
    decided = frame(page, "décision")
    assert decided.loc[0, "décision"] == "version gardée (cleo)" and decided.loc[0, "par"] == "ana"

    page.button(key="rounds_undo").click().run()  # the decision can be taken back
    assert rounds.reference(coded, ANA) == []
    assert page.button(key="rounds_union") is not None
