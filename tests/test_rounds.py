"""Coding rounds: blind while open, agreement and adjudication once closed, the reference
carried to the next round; on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tupsalco import basket, coding, rounds
from tupsalco.errors import ConflictError, InputError, PermissionDeniedError
from tupsalco.explore import verbatims, visible_codings
from tupsalco.records import REFERENCE
from tupsalco.refi.project_export import to_qdpx
from tupsalco.store.models import AuditEventRow

from .conftest import ANA, PASS, PASSWORD, member


def place(project, doc_id: int, words: str) -> tuple[int, int]:  # noqa: ANN001
    start = project.document(doc_id).text.index(words)
    return start, start + len(words)


@pytest.fixture
def team(coded):  # noqa: ANN001, ANN201
    bob, cleo = member(coded, "bob"), member(coded, "cleo")
    docs = {d.name: d.id for d in coded.documents()}
    return coded, bob, cleo, docs["PAT01.docx"], docs["MG01.docx"]


def code(project, who, doc: int, code_id: str, words: str, cut: int = 0) -> int:  # noqa: ANN001
    start, end = place(project, doc, words)
    return coding.add_coding(project, who, doc, [code_id], start + cut, end)[0].id


def audit(project) -> list[AuditEventRow]:  # noqa: ANN001
    with project.db.session() as s:
        rows = list(s.scalars(select(AuditEventRow).order_by(AuditEventRow.id)))
        s.expunge_all()
    return rows


def test_an_open_blind_round_hides_the_other_coders_on_its_documents_only(team) -> None:
    p, bob, cleo, pat, mg = team
    rnd = rounds.open_round(p, ANA, "Ronde 1", [pat], ["bob", "cleo"])
    assert rnd.is_open and rnd.blind and rnd.coders == ("bob", "cleo") and rnd.previous is None
    mine = code(p, bob, pat, "strategies", "groupe de parole")
    hers = code(p, cleo, pat, "strategies", "groupe de parole du CSAPA")
    outside = code(p, cleo, mg, "tensions", "c'est très bien")
    coding.add_memo(p, cleo, "coding", str(hers), "Passage clair.", PASS)
    coding.add_memo(p, cleo, "document", str(pat), "Entretien riche.", PASS)

    # every read path a coder has: codings, explore, verbatims, exports, memos, comparisons
    assert {c.id for c in coding.codings(p, bob)} == {mine, outside}
    assert {c.id for c in coding.codings(p, bob, pat, ["bob", "cleo"])} == {mine}
    assert {c.id for c in visible_codings(p, bob)} == {mine, outside}
    assert {v.coding_id for v in verbatims(p, bob).items} == {mine, outside}
    assert {c.id for c in coding.compared_codings(p, bob)} == {mine, outside}
    assert "groupe de parole du CSAPA" not in to_qdpx(p, bob).decode("utf-8", "replace")
    assert coding.memos(p, bob) == []
    assert {c.id for c in coding.codings(p, cleo)} == {hers, outside}
    # nor through a change that would copy or cite the other's version
    with pytest.raises(PermissionDeniedError):
        coding.reconcile(p, bob, pat, "strategies", ["bob", "cleo"], "cleo")
    with pytest.raises(PermissionDeniedError):
        basket.add(p, bob, hers)
    with pytest.raises(PermissionDeniedError):
        coding.add_memo(p, bob, "coding", str(hers), "Pas d'accord.", PASS)
    # the admin sees everything, and a coder outside the round is not blinded by it
    assert {c.id for c in coding.codings(p, ANA)} == {mine, hers, outside}
    dan = member(p, "dan")
    assert {c.id for c in coding.codings(p, dan)} == {mine, hers, outside}
    assert rounds.current_rounds(p, bob) == [rnd] and rounds.current_rounds(p, dan) == []
    assert rounds.progress(p, ANA, rnd.id) == {("bob", pat): 1, ("cleo", pat): 1}

    rounds.close_round(p, ANA, rnd.id)  # once closed, nothing is hidden any more
    assert {c.coder for c in coding.codings(p, bob, pat)} >= {"bob", "cleo"}


def test_close_agreement_adjudication_reference_and_the_next_round(team) -> None:
    p, bob, cleo, pat, _ = team
    rnd = rounds.open_round(p, ANA, "Ronde 1", [pat], ["bob", "cleo"])
    first = [code(p, who, pat, "strategies", "groupe de parole du CSAPA")  # agreed
             for who in (bob, cleo)]
    code(p, bob, pat, "tensions", "la directrice des", cut=0)  # different boundaries
    code(p, cleo, pat, "tensions", "la directrice des", cut=3)
    code(p, bob, pat, "objectifs", "elle est gentille")  # bob alone
    assert rounds.close_round(p, ANA, rnd.id) == 2
    assert [(c.code_id, c.coder, c.quote) for c in rounds.reference(p, ANA, rnd.id)] == [
        ("strategies", REFERENCE, "groupe de parole du CSAPA")]

    agreed = rounds.agreement(p, ANA, rnd.id)
    by_code = {r.code: r for r in agreed.codes}
    assert by_code["strategies"].alpha == pytest.approx(1.0)
    assert by_code["tensions"].table.first_only == 3 and by_code["tensions"].table.second_only == 0
    assert by_code["objectifs"].table.second_only == 0 and by_code["objectifs"].alpha < 0.5
    [doc] = agreed.documents
    assert (doc.document_id, doc.codes, doc.agreed, doc.disagreements) == (pat, 3, 1, 2)
    assert 0 < doc.alpha < 1

    disputes = rounds.disputes(p, ANA, rnd.id)
    assert [(d.passage.code_id, d.decision) for d in disputes] == [
        ("objectifs", None), ("tensions", None)]
    tension = next(d.passage for d in disputes if d.passage.code_id == "tensions")
    alone = next(d.passage for d in disputes if d.passage.code_id == "objectifs")
    with pytest.raises(InputError):
        rounds.adjudicate(p, ANA, rnd.id, tension, "keep", "dan")
    with pytest.raises(PermissionDeniedError):
        rounds.adjudicate(p, bob, rnd.id, tension, "union")
    rounds.adjudicate(p, ANA, rnd.id, tension, "keep", "cleo")
    rounds.adjudicate(p, ANA, rnd.id, alone, "reject")
    with pytest.raises(ConflictError):
        rounds.adjudicate(p, ANA, rnd.id, alone, "union")
    quotes = sorted((c.code_id, c.quote) for c in rounds.reference(p, ANA, rnd.id))
    assert quotes == [("strategies", "groupe de parole du CSAPA"),
                      ("tensions", "directrice des")]
    decided = {d.passage.code_id: d.decision for d in rounds.disputes(p, ANA, rnd.id)}
    assert decided["tensions"].decision == "keep" and decided["tensions"].kept == "cleo"
    assert decided["objectifs"].decision == "reject" and decided["objectifs"].decided_by == "ana"

    # each step is signed and audited, with ids and counts, never a word of the text
    events = [e for e in audit(p) if e.action.startswith("round.")]
    assert [(e.action, e.actor) for e in events] == [
        ("round.open", "ana"), ("round.close", "ana"), ("round.adjudicate", "ana"),
        ("round.adjudicate", "ana")]
    assert events[2].detail["decision"] == "keep" and events[2].detail["keep"] == "cleo"
    logged = json.dumps([e.detail for e in events], ensure_ascii=False)
    for words in ("directrice", "groupe", "gentille", "Ronde 1"):
        assert words not in logged

    # the last decision is undone and redone by its author
    coding.undo(p, ANA)
    assert rounds.disputes(p, ANA, rnd.id)[0].decision is None  # objectifs comes first
    coding.redo(p, ANA)
    assert all(d.decision for d in rounds.disputes(p, ANA, rnd.id))

    # the next round on the document starts from the reference, shown to its coders
    nxt = rounds.open_round(p, ANA, "Ronde 2", [pat], ["bob", "cleo"])
    assert nxt.previous == rnd.id
    seen = coding.codings(p, bob, pat, ["bob", REFERENCE])
    assert {c.coder for c in seen} == {"bob", REFERENCE}
    assert {c.coder for c in coding.codings(p, bob, pat)} == {"bob", REFERENCE}
    # its own decisions replace the earlier reference on the same passage
    for who, old in zip((bob, cleo), first, strict=True):
        coding.remove_coding(p, who, old)
    code(p, bob, pat, "strategies", "parole du CSAPA")
    code(p, cleo, pat, "strategies", "parole du CSAPA")
    rounds.close_round(p, ANA, nxt.id)
    assert [c.quote for c in rounds.reference(p, ANA) if c.code_id == "strategies"] == [
        "parole du CSAPA"]


def test_what_rounds_refuse(team) -> None:
    p, bob, _, pat, mg = team
    with pytest.raises(PermissionDeniedError):
        rounds.open_round(p, bob, "R", [pat], ["bob", "cleo"])
    with pytest.raises(InputError):
        rounds.open_round(p, ANA, "R", [pat], ["bob"])
    with pytest.raises(InputError):
        rounds.open_round(p, ANA, "  ", [pat], ["bob", "cleo"])
    with pytest.raises(InputError):
        rounds.open_round(p, ANA, "R", [], ["bob", "cleo"])
    with pytest.raises(InputError):
        rounds.open_round(p, ANA, "R", [pat], ["bob", "nobody"])
    # opening is undone while the round is open
    first = rounds.open_round(p, ANA, "R", [pat], ["bob", "cleo"])
    coding.undo(p, ANA)
    assert rounds.rounds(p, ANA) == []
    coding.redo(p, ANA)
    assert rounds.rounds(p, ANA) == [first]
    coding.undo(p, ANA)
    rnd = rounds.open_round(p, ANA, "R", [pat], ["bob", "cleo"])
    assert rnd.id > first.id  # ids are never reused
    with pytest.raises(ConflictError):  # one open round per document
        rounds.open_round(p, ANA, "R bis", [pat, mg], ["bob", "cleo"])
    code(p, bob, pat, "strategies", "groupe de parole")
    with pytest.raises(ConflictError):  # not before it is closed
        rounds.adjudicate(p, ANA, rnd.id, rounds.disputes(p, ANA, rnd.id)[0].passage, "union")
    with pytest.raises(PermissionDeniedError):
        rounds.close_round(p, bob, rnd.id)
    rounds.close_round(p, ANA, rnd.id)
    with pytest.raises(ConflictError):
        rounds.close_round(p, ANA, rnd.id)
    # closing is undone (the round opens again) until a disagreement is settled
    coding.undo(p, ANA)
    assert rounds.get_round(p, ANA, rnd.id).is_open
    coding.redo(p, ANA)
    assert not rounds.get_round(p, ANA, rnd.id).is_open


def test_a_round_from_the_command_line(team, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from tupsalco.cli import app

    p, bob, cleo, pat, _ = team
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    runner = CliRunner()

    def run(*args: str) -> str:
        res = runner.invoke(app, ["round", args[0], str(p.folder), "-u", "ana", *args[1:]])
        assert res.exit_code == 0, res.output
        return res.output

    assert "ronde 1 ouverte" in run("open", "--name", "R1", "--document", str(pat),
                                 "--coder", "bob", "--coder", "cleo")
    code(p, bob, pat, "tensions", "la directrice des")
    code(p, cleo, pat, "tensions", "la directrice des", cut=3)
    assert "ouverte" in run("list")
    assert "1 désaccord(s) à trancher" in run("close", "1")
    assert "tensions" in run("agreement", "1")
    assert "[à trancher]" in run("disputes", "1")
    assert "version gardée" in run("adjudicate", "1", "1", "--keep", "bob")
    assert [c.quote for c in rounds.reference(p, ANA)] == ["la directrice des"]
    assert "[version gardée : bob]" in run("disputes", "1")
