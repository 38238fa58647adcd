from __future__ import annotations

import pytest
from sqlalchemy import text

from tupsalco import coding
from tupsalco.codebook import Code
from tupsalco.errors import InputError, StorageError
from tupsalco.store import repository as repo


def doc_id(project, name: str = "PAT01.docx") -> int:
    return next(d.id for d in project.documents() if d.name == name)


def audit_actions(project) -> list[str]:
    with project.db.session() as s:
        return [e.action for e in repo.audit_events(s, limit=1000)]


def test_coding_a_span_records_coder_offsets_quote_and_audit(coded) -> None:
    d = doc_id(coded)
    text_ = coded.document(d).text
    start = text_.index("groupe de parole")
    made = coding.add_coding(coded, d, ["objectifs", "strategies"], start - 1, start + 17, "ana")
    assert [c.code_id for c in made] == ["objectifs", "strategies"]
    assert all(c.quote == "groupe de parole" and c.coder == "ana" for c in made)  # trimmed
    assert all(text_[c.start:c.end] == c.quote for c in made)
    assert audit_actions(coded)[0] == "add_codings"


def test_a_failed_change_writes_neither_coding_nor_audit(coded) -> None:
    before = audit_actions(coded)
    with pytest.raises(StorageError):
        coding.perform(coded, "ana", "add_codings", {"codings": [
            {"document_id": 999_999, "code_id": "objectifs", "start": 0, "end": 3,
             "coder": "ana", "quote": "abc"}]})
    assert audit_actions(coded) == before and coding.codings(coded) == []


def test_undo_redo_own_actions_only(coded) -> None:
    d = doc_id(coded)
    coding.code_turn(coded, d, 1, ["objectifs"], "ana")
    coding.code_turn(coded, d, 0, ["tensions"], "bea")
    second = coding.code_turn(coded, d, 0, ["strategies"], "ana")[0]
    assert coding.undo(coded, "ana") == "add_codings"
    assert {c.code_id for c in coding.codings(coded)} == {"objectifs", "tensions"}
    assert coding.undo(coded, "ana") == "add_codings"
    assert {c.code_id for c in coding.codings(coded)} == {"tensions"}  # bea's stays
    assert coding.undo(coded, "ana") is None
    assert coding.redo(coded, "ana") == "add_codings"
    assert coding.redo(coded, "ana") == "add_codings"
    restored = [c for c in coding.codings(coded) if c.code_id == "strategies"]
    assert restored[0].id == second.id  # the same coding comes back
    assert coding.redo(coded, "ana") is None
    coding.undo(coded, "ana")
    coding.code_turn(coded, d, 1, ["tensions"], "ana")  # a new action forgets the redo
    assert coding.redo(coded, "ana") is None


def test_merge_moves_codings_and_undo_restores(coded) -> None:
    d = doc_id(coded)
    coding.code_turn(coded, d, 1, ["objectifs_reduction"], "ana")
    coding.code_turn(coded, d, 0, ["strategies"], "ana")
    assert coding.merge_codes(coded, "strategies", "objectifs", "ana") == 1
    assert "strategies" not in coding.codebook(coded).by_id
    assert {c.code_id for c in coding.codings(coded)} == {"objectifs_reduction", "objectifs"}
    coding.undo(coded, "ana")
    assert {c.code_id for c in coding.codings(coded)} == {"objectifs_reduction", "strategies"}


def test_codebook_edits(coded) -> None:
    coding.add_code(coded, Code("tensions_attente", "Listes d'attente", "tensions"), "ana")
    coding.rename_code(coded, "tensions_attente", "Délais d'attente", "ana")
    coding.move_code(coded, "tensions_attente", "strategies", "ana")
    book = coding.codebook(coded)
    assert (book.by_id["tensions_attente"].label, book.by_id["tensions_attente"].parent) == (
        "Délais d'attente", "strategies")
    with pytest.raises(InputError, match="under itself"):
        coding.move_code(coded, "objectifs", "objectifs_reduction", "ana")
    d = doc_id(coded)
    coding.code_turn(coded, d, 1, ["tensions_attente"], "ana")
    assert coding.delete_code(coded, "tensions_attente", "ana") == 1
    assert coding.codings(coded) == []
    coding.undo(coded, "ana")
    assert [c.code_id for c in coding.codings(coded)] == ["tensions_attente"]


def test_memos_are_searchable(coded) -> None:
    coding.add_memo(coded, "project", "", "Penser à comparer les sites.", "ana")
    m = coding.add_memo(coded, "document", str(doc_id(coded)), "Groupe de parole central.", "ana")
    coding.edit_memo(coded, m, "Groupe de parole : central dans le parcours.", "ana")
    found = coding.memos(coded, search="parcours")
    assert [x.text for x in found] == ["Groupe de parole : central dans le parcours."]
    coding.undo(coded, "ana")
    assert coding.memos(coded, search="parcours") == []


def test_codings_follow_their_words_through_a_text_edit(coded) -> None:
    """Marking a missed name shortens or lengthens text before a coding: offsets follow."""
    from tupsalco import review

    from .conftest import MISSED, PASS

    d = doc_id(coded)
    text_ = coded.document(d).text
    start = text_.index("elle est gentille")
    c = coding.add_coding(coded, d, ["tensions"], start, start + len("elle est gentille"),
                          "ana")[0]
    assert text_.index(MISSED) < start
    review.mark_missed(coded, MISSED, "ORG", PASS, "ana")
    moved = coding.codings(coded, d)[0]
    new_text = coded.document(d).text
    assert moved.id == c.id and new_text[moved.start:moved.end] == "elle est gentille"
    assert moved.quote == "elle est gentille"


def test_audit_log_stays_append_only(coded) -> None:
    coding.code_turn(coded, doc_id(coded), 1, ["objectifs"], "ana")
    with pytest.raises(Exception, match="append-only"), coded.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events"))


def test_reconcile_keeps_one_version_or_merges_and_undoes(coded) -> None:
    d = doc_id(coded)
    text_ = coded.document(d).text
    a = text_.index("groupe de parole")
    coding.add_coding(coded, d, ["objectifs"], a, a + 16, "ana")
    coding.add_coding(coded, d, ["objectifs"], a, a + 24, "bea")
    assert coding.reconcile(coded, d, "objectifs", ["ana", "bea"], "ana", "chef") == 1
    spans = {(c.coder, c.start, c.end) for c in coding.codings(coded, d)}
    assert spans == {("ana", a, a + 16), ("bea", a, a + 16)}
    coding.undo(coded, "chef")
    assert {(c.coder, c.end) for c in coding.codings(coded, d)} == {("ana", a + 16),
                                                                    ("bea", a + 24)}
    assert coding.reconcile(coded, d, "objectifs", ["ana", "bea"], None, "chef") == 2
    assert len(coding.codings(coded, d)) == 4  # both versions, for both coders
