from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tupsalco import coding, review
from tupsalco.codebook import Code
from tupsalco.editing import edit_transcript
from tupsalco.errors import (
    InputError,
    NotFoundError,
    PassphraseRequiredError,
    PermissionDeniedError,
    WrongPassphraseError,
)
from tupsalco.store import repository as repo

from .conftest import ANA, MISSED, PASS, member


def doc_id(project, name: str = "PAT01.docx") -> int:
    return next(d.id for d in project.documents() if d.name == name)


def audit(project) -> list:
    with project.db.session() as s:
        return repo.audit_events(s, limit=1000)


def everything(project) -> list:
    return coding.codings(project, ANA)


def test_coding_a_span_records_coder_offsets_quote_and_audit(coded) -> None:
    d = doc_id(coded)
    text_ = coded.document(d).text
    start = text_.index("groupe de parole")
    made = coding.add_coding(coded, ANA, d, ["objectifs", "strategies"], start - 1, start + 17)
    assert [c.code_id for c in made] == ["objectifs", "strategies"]
    assert all(c.quote == "groupe de parole" and c.coder == "ana" for c in made)  # trimmed
    assert all(text_[c.start:c.end] == c.quote for c in made)
    event = audit(coded)[0]
    assert (event.actor, event.action, event.target) == ("ana", "add_codings", f"document:{d}")
    assert event.detail == {"codings": [c.id for c in made], "codes": ["objectifs", "strategies"],
                            "documents": 1, "length": 32}


def test_a_refused_change_writes_neither_coding_nor_audit(coded) -> None:
    before = audit(coded)
    with pytest.raises(NotFoundError):
        coding.add_coding(coded, ANA, 999_999, ["objectifs"], 0, 3)
    with pytest.raises(InputError):
        coding.add_coding(coded, ANA, doc_id(coded), ["inconnu"], 0, 3)
    assert audit(coded) == before and everything(coded) == []


def test_undo_redo_own_actions_only(coded) -> None:
    bea = member(coded, "bea")
    d = doc_id(coded)
    coding.code_turn(coded, ANA, d, 1, ["objectifs"])
    coding.code_turn(coded, bea, d, 0, ["tensions"])
    second = coding.code_turn(coded, ANA, d, 0, ["strategies"])[0]
    assert coding.undo(coded, ANA).kind == "add_codings"
    assert {c.code_id for c in everything(coded)} == {"objectifs", "tensions"}
    assert coding.undo(coded, ANA).kind == "add_codings"
    assert {c.code_id for c in everything(coded)} == {"tensions"}  # bea's stays
    assert coding.undo(coded, ANA) is None
    assert coding.redo(coded, ANA).kind == "add_codings"
    assert coding.redo(coded, ANA).kind == "add_codings"
    restored = [c for c in everything(coded) if c.code_id == "strategies"]
    assert restored[0].id == second.id  # the same coding comes back
    assert coding.redo(coded, ANA) is None
    coding.undo(coded, ANA)
    coding.code_turn(coded, ANA, d, 1, ["tensions"])  # a new action forgets the redo
    assert coding.redo(coded, ANA) is None
    assert coding.said(coding.undo(coded, ANA), "Annulé") == "Annulé : codage."


def test_ids_are_never_reused_and_a_memo_goes_with_its_coding(coded) -> None:
    d = doc_id(coded)
    first = coding.code_turn(coded, ANA, d, 1, ["objectifs"])[0]
    memo = coding.add_memo(coded, ANA, "coding", str(first.id), "À relire avec l'équipe.", PASS)
    coding.remove_coding(coded, ANA, first.id)
    assert coding.memos(coded, ANA) == []  # no memo points at a deleted coding
    again = coding.code_turn(coded, ANA, d, 1, ["objectifs"])[0]
    assert again.id > first.id
    assert coding.memos(coded, ANA) == []
    newer = coding.add_memo(coded, ANA, "project", "", "Autre mémo.", PASS)
    assert newer > memo
    coding.undo(coded, ANA)  # the memo
    coding.undo(coded, ANA)  # the second coding
    coding.undo(coded, ANA)  # the removal: the coding comes back with its memo
    assert [c.id for c in everything(coded)] == [first.id]
    assert [(m.id, m.target_id) for m in coding.memos(coded, ANA)] == [(memo, str(first.id))]


def test_undo_after_an_edit_puts_a_coding_back_on_its_words(coded) -> None:
    """A removed coding is kept in the undo journal; an edit earlier in the document moves
    its words; undo puts it back on them."""
    d = doc_id(coded)
    text_ = coded.document(d).text
    start = text_.index("elle est gentille")
    c = coding.add_coding(coded, ANA, d, ["tensions"], start, start + 17)[0]
    coding.remove_coding(coded, ANA, c.id)
    assert text_.index(MISSED) < start
    review.mark_missed(coded, ANA, MISSED, "ORG", PASS)
    coding.undo(coded, ANA)  # the removal (a review decision is not undoable)
    back = everything(coded)[0]
    new_text = coded.document(d).text
    assert back.id == c.id and new_text[back.start:back.end] == "elle est gentille"
    assert back.quote == "elle est gentille"


def test_a_transcript_correction_is_undone_and_redone_exactly(coded) -> None:
    from tupsalco.editing import edit_transcript

    d = doc_id(coded)
    before = coded.document(d).text
    start = before.index("elle est gentille")
    c = coding.add_coding(coded, ANA, d, ["tensions"], start, start + 17)[0]
    edit_transcript(coded, ANA, d, start, start + 4, "la directrice", PASS)
    assert coding.coding(coded, c.id).quote == "la directrice est gentille"
    assert coding.undo(coded, ANA).kind == "edit_text"
    assert coded.document(d).text == before
    assert coding.coding(coded, c.id).quote == "elle est gentille"
    coding.redo(coded, ANA)
    assert "la directrice est gentille" in coded.document(d).text


def test_merge_moves_codings_and_undo_restores(coded) -> None:
    d = doc_id(coded)
    coding.code_turn(coded, ANA, d, 1, ["objectifs_reduction"])
    coding.code_turn(coded, ANA, d, 0, ["strategies"])
    coding.add_memo(coded, ANA, "code", "strategies", "Le code des stratégies.", PASS)
    assert coding.merge_codes(coded, ANA, "strategies", "objectifs") == 1
    assert "strategies" not in coding.codebook(coded).by_id
    assert {c.code_id for c in everything(coded)} == {"objectifs_reduction", "objectifs"}
    assert [m.target_id for m in coding.memos(coded, ANA)] == ["objectifs"]
    coding.undo(coded, ANA)
    assert {c.code_id for c in everything(coded)} == {"objectifs_reduction", "strategies"}
    assert [m.target_id for m in coding.memos(coded, ANA)] == ["strategies"]


def test_codebook_edits(coded) -> None:
    coding.add_code(coded, ANA, Code("tensions_attente", "Listes d'attente", "tensions"))
    coding.rename_code(coded, ANA, "tensions_attente", "Délais d'attente")
    coding.move_code(coded, ANA, "tensions_attente", "strategies")
    book = coding.codebook(coded)
    assert (book.by_id["tensions_attente"].label, book.by_id["tensions_attente"].parent) == (
        "Délais d'attente", "strategies")
    with pytest.raises(InputError, match="sous lui-même"):
        coding.move_code(coded, ANA, "objectifs", "objectifs_reduction")
    d = doc_id(coded)
    coding.code_turn(coded, ANA, d, 1, ["tensions_attente"])
    assert coding.delete_code(coded, ANA, "tensions_attente") == 1
    assert everything(coded) == []
    coding.undo(coded, ANA)
    assert [c.code_id for c in everything(coded)] == ["tensions_attente"]
    renamed = next(e for e in audit(coded) if e.action == "rename_code")
    assert "Délais" not in json.dumps(renamed.detail)  # labels stay out of the audit log


def test_memos_are_searchable_and_their_words_stay_out_of_the_audit(coded) -> None:
    coding.add_memo(coded, ANA, "project", "", "Penser à comparer les sites.", PASS)
    m = coding.add_memo(coded, ANA, "document", str(doc_id(coded)),
                        "Le groupe de parole est central.", PASS)
    coding.edit_memo(coded, ANA, m, "Le groupe de parole : central dans le parcours.", PASS)
    found = coding.memos(coded, ANA, search="parcours")
    assert [x.text for x in found] == ["Le groupe de parole : central dans le parcours."]
    coding.undo(coded, ANA)
    assert coding.memos(coded, ANA, search="parcours") == []
    assert "parole" not in json.dumps([e.detail for e in audit(coded)], ensure_ascii=False)
    with pytest.raises(NotFoundError):
        coding.add_memo(coded, ANA, "coding", "424242", "sur un codage qui n'existe pas", PASS)


MEMO = ("Mme Zoéline Brunchard rappelle demain au 06 31 98 44 27, elle habite 12 rue des "
        "Capucines ; sa voisine Ginette Kowalczyk l'accompagne au CSAPA.")
IN_MEMO = ["Zoéline", "Brunchard", "06 31 98 44 27", "rue des Capucines", "Ginette",
           "Kowalczyk"]


def test_a_memo_is_pseudonymised_with_the_project_key(coded) -> None:
    d = doc_id(coded)
    memo = coding.add_memo(coded, ANA, "document", str(d), MEMO, PASS)
    [stored] = coding.memos(coded, ANA)
    assert stored.id == memo and "CSAPA" in stored.text and "Mme [Personne" in stored.text
    for clear in IN_MEMO:
        assert clear not in stored.text, clear
    # the surrogates are the key's: reversible, and the same wherever the words come back
    _, keys = coded.open_vault(PASS)
    phone = keys.lexicon["PHONE|0631984427"]
    ginette = keys.lexicon["PER|ginette"]
    assert phone in stored.text and ginette in stored.text
    assert "Ginette" in keys.originals[ginette][0]
    coding.edit_memo(coded, ANA, memo, stored.text + " Ginette rappellera au 06.31.98.44.27.",
                     PASS)
    [edited] = coding.memos(coded, ANA)
    assert edited.text.endswith(f"{ginette} rappellera au {phone}.")
    turn = coded.document(d).turns[1]
    edit_transcript(coded, ANA, d, turn.end, turn.end, " Ginette Kowalczyk viendra.", PASS)
    assert f"{ginette} viendra." in coded.document(d).text


@pytest.mark.parametrize("passphrase", [None, ""])
def test_a_memo_without_the_passphrase_is_refused_saying_why(coded, passphrase) -> None:
    with pytest.raises(PassphraseRequiredError) as refused:
        coding.add_memo(coded, ANA, "project", "", MEMO, passphrase)
    assert "phrase de passe de la clé" in str(refused.value)
    assert "resteraient en clair" in str(refused.value)
    memo = coding.add_memo(coded, ANA, "project", "", "Un mémo.", PASS)
    with pytest.raises(PassphraseRequiredError):
        coding.edit_memo(coded, ANA, memo, MEMO, passphrase)
    with pytest.raises(WrongPassphraseError):
        coding.edit_memo(coded, ANA, memo, MEMO, "pas la bonne")
    assert [m.text for m in coding.memos(coded, ANA)] == ["Un mémo."]


def test_a_coder_changes_only_their_own_codings_and_memos(coded) -> None:
    bea = member(coded, "bea")
    d = doc_id(coded)
    mine = coding.code_turn(coded, ANA, d, 1, ["objectifs"])[0]
    memo = coding.add_memo(coded, ANA, "document", str(d), "Mémo d'ana.", PASS)
    with pytest.raises(PermissionDeniedError):
        coding.remove_coding(coded, bea, mine.id)
    with pytest.raises(PermissionDeniedError):
        coding.edit_memo(coded, bea, memo, "réécrit par bea", PASS)
    theirs = coding.code_turn(coded, bea, d, 0, ["tensions"])[0]
    coding.remove_coding(coded, ANA, theirs.id)  # an admin may


def test_codings_follow_their_words_through_a_text_edit(coded) -> None:
    """Marking a missed name shortens or lengthens text before a coding: offsets follow."""
    d = doc_id(coded)
    text_ = coded.document(d).text
    start = text_.index("elle est gentille")
    c = coding.add_coding(coded, ANA, d, ["tensions"], start, start + len("elle est gentille"))[0]
    assert text_.index(MISSED) < start
    review.mark_missed(coded, ANA, MISSED, "ORG", PASS)
    moved = coding.codings(coded, ANA, d)[0]
    new_text = coded.document(d).text
    assert moved.id == c.id and new_text[moved.start:moved.end] == "elle est gentille"
    assert moved.quote == "elle est gentille"


def test_audit_log_stays_append_only(coded) -> None:
    coding.code_turn(coded, ANA, doc_id(coded), 1, ["objectifs"])
    with pytest.raises(Exception, match="append-only"), coded.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events"))


def test_reconcile_keeps_one_version_or_merges_and_undoes(coded) -> None:
    bea, chef = member(coded, "bea"), member(coded, "chef", "admin")
    d = doc_id(coded)
    text_ = coded.document(d).text
    a = text_.index("groupe de parole")
    coding.add_coding(coded, ANA, d, ["objectifs"], a, a + 16)
    coding.add_coding(coded, bea, d, ["objectifs"], a, a + 24)
    assert coding.reconcile(coded, chef, d, "objectifs", ["ana", "bea"], "ana") == 1
    spans = {(c.coder, c.start, c.end) for c in coding.codings(coded, chef, d)}
    assert spans == {("ana", a, a + 16), ("bea", a, a + 16)}
    assert audit(coded)[0].actor == "chef"  # signed by the account, never a typed name
    coding.undo(coded, chef)
    assert {(c.coder, c.end) for c in coding.codings(coded, chef, d)} == {("ana", a + 16),
                                                                          ("bea", a + 24)}
    assert coding.reconcile(coded, chef, d, "objectifs", ["ana", "bea"], None) == 2
    assert len(coding.codings(coded, chef, d)) == 4  # both versions, for both coders


def test_blind_rules_are_the_library_s(coded) -> None:
    bea = member(coded, "bea")
    d = doc_id(coded)
    coding.code_turn(coded, ANA, d, 1, ["objectifs"])
    coding.add_memo(coded, ANA, "document", str(d), "Mémo d'ana.", PASS)
    coded.set_blind(ANA, True)
    assert coding.codings(coded, bea) == [] and coding.memos(coded, bea) == []
    assert coding.coders(coded, bea) == ["bea"]
    with pytest.raises(PermissionDeniedError):
        coding.compared_codings(coded, bea)
    with pytest.raises(PermissionDeniedError):
        coding.reconcile(coded, bea, d, "objectifs", ["ana", "bea"], "ana")
    coded.set_blind(ANA, False)
    assert len(coding.compared_codings(coded, bea)) == 1


MODEL = {"suggester": "tupsalco-suggest/2 (lemmes)", "version": "0123456789ab", "score": 0.42}


def test_an_accepted_suggestion_keeps_its_model_through_undo_redo_and_export(coded, tmp_path
                                                                              ) -> None:
    import pandas as pd

    from tupsalco import explore
    from tupsalco.export import from_verbatims, write_csv

    d = doc_id(coded)
    start = coded.document(d).text.index("groupe de parole")
    made = coding.add_coding(coded, ANA, d, ["objectifs"], start, start + 16, meta=MODEL)[0]
    assert made.meta == MODEL
    assert made.suggested_by == "tupsalco-suggest/2 (lemmes) · 0123456789ab"
    event = audit(coded)[0]  # a flag, never the model's name nor its score
    assert event.detail["suggested"] is True
    assert "tupsalco-suggest" not in json.dumps(event.detail) + event.target
    assert "0.42" not in json.dumps(event.detail)

    coding.undo(coded, ANA)
    assert everything(coded) == []
    coding.redo(coded, ANA)
    back = everything(coded)
    assert [(c.id, c.meta) for c in back] == [(made.id, MODEL)]
    # reconciling keeps it on the coder's own span
    other = member(coded, "bea")
    coding.add_coding(coded, other, d, ["objectifs"], start, start + 5)
    coding.reconcile(coded, ANA, d, "objectifs", ["ana", "bea"], "ana")
    assert {(c.coder, c.suggested_by is not None) for c in everything(coded)} == {
        ("ana", True), ("bea", False)}

    path = write_csv(from_verbatims(explore.verbatims(coded, ANA).items), tmp_path / "v.csv")
    table = pd.read_csv(path, sep=";", encoding="utf-8-sig", keep_default_na=False)
    assert sorted(table["suggéré par"]) == ["", "tupsalco-suggest/2 (lemmes) · 0123456789ab"]
    shown = explore.verbatim_table(explore.verbatims(coded, ANA).items)
    assert "tupsalco-suggest/2 (lemmes) · 0123456789ab" in set(shown["suggéré par"])
    # the download's table, built column by column, places the model on its coding only
    columns = list(shown.columns)
    assert (explore.download_table(coded, ANA).sort_values(columns).reset_index(drop=True)
            .equals(shown.sort_values(columns).reset_index(drop=True)))


@pytest.mark.parametrize("meta", [{"quote": "x" * 500}, {"": 1}, {"score": float("nan")},
                                  {"nested": {"a": 1}}, {f"k{i}": i for i in range(20)}])
def test_coding_metadata_is_a_few_short_values(coded, meta) -> None:
    with pytest.raises(InputError, match="métadonnées"):
        coding.add_coding(coded, ANA, doc_id(coded), ["objectifs"], 0, 5, meta=meta)
    assert everything(coded) == []


def test_a_pass_set_aside_is_frozen_unseen_while_blind_and_undoable(coded) -> None:
    from tupsalco.agreement import pass_name, passes

    bea, chef = member(coded, "bea"), member(coded, "chef", "admin")
    d = doc_id(coded)
    coding.code_turn(coded, bea, d, 1, ["objectifs"])
    first = {(c.code_id, c.start, c.end) for c in coding.codings(coded, chef, d)}
    with pytest.raises(PermissionDeniedError):
        coding.set_aside_pass(coded, bea, "bea", "1", [d])  # the administration's
    with pytest.raises(InputError, match="nom d'une passe"):
        coding.set_aside_pass(coded, chef, "bea", "une phrase entière", [d])
    with pytest.raises(InputError, match="rien codé"):
        coding.set_aside_pass(coded, chef, "ana", "1", [d])
    assert coding.set_aside_pass(coded, chef, "bea", "1", [d]) == len(first)
    set_aside = coding.codings(coded, chef, d)
    assert {(c.coder, c.code_id, c.start, c.end) for c in set_aside} == {
        (pass_name("bea", "1"), *x) for x in first}  # the same codings, signed by the pass
    event = audit(coded)[0]
    assert event.action == "set_aside_pass" and "passe" not in json.dumps(event.detail)
    coded.set_blind(chef, True)
    assert coding.codings(coded, bea, d) == []  # coding again without seeing the first pass
    with pytest.raises(PermissionDeniedError):
        coding.remove_coding(coded, bea, set_aside[0].id)  # nobody's account: frozen
    coding.code_turn(coded, bea, d, 1, ["objectifs", "strategies"])
    assert passes(coding.coders(coded, chef)) == {"bea": ["bea · passe 1", "bea"]}
    with pytest.raises(Exception, match="déjà une passe"):
        coding.set_aside_pass(coded, chef, "bea", "1", [d])
    coding.undo(coded, chef)  # the administration's last change: the set-aside
    assert {c.coder for c in coding.codings(coded, chef, d)} == {"bea"}
    coding.redo(coded, chef)
    assert {c.coder for c in coding.codings(coded, chef, d)} == {"bea", "bea · passe 1"}
