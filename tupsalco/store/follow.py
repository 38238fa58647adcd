"""What follows an edit of a stored text besides the document itself: the positions kept for
later (suggestions turned down, the undo journal), and the words kept elsewhere (memos,
baskets, the codebook, the undo journal) when an identifier is marked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..offsets import OffsetMap
from .models import (
    BasketItemRow,
    CodeRow,
    CodingRow,
    MemoRow,
    RoundRow,
    SuggestionRejectionRow,
    UndoEntryRow,
)


def _span(offsets: OffsetMap, start: int, end: int) -> tuple[int, int]:
    """A span keeps covering its words: a start inside an edit snaps to the edit's start."""
    new_start = offsets.to_new(start, inside="start")
    return new_start, max(new_start, offsets.to_new(end))


def fold_into(session: Session, row: CodingRow, kept: int) -> tuple[list[int], list[int]]:
    """Merge the coding ``row`` into ``kept``, of the same passage, code and coder: the memos
    written on it and its basket places move to ``kept``, then it goes. Returns the ids of
    the memos and basket places moved."""
    memos = list(session.scalars(select(MemoRow.id).where(MemoRow.target_kind == "coding",
                                                          MemoRow.target_id == str(row.id))))
    basket = list(session.scalars(select(BasketItemRow.id).where(
        BasketItemRow.coding_id == row.id)))
    session.execute(update(MemoRow).where(MemoRow.id.in_(memos)).values(target_id=str(kept)))
    session.execute(update(BasketItemRow).where(BasketItemRow.id.in_(basket))
                    .values(coding_id=kept))
    session.delete(row)
    session.flush()
    return memos, basket


def move_codings(session: Session, document_id: int, offsets: OffsetMap, text: str) -> None:
    """Codings keep covering their words: a start inside an edit snaps to the edit's start.
    Two codings of one code by one coder that an edit brings onto the same words become one
    (the older keeps the other's memos and basket places)."""
    rows = list(session.scalars(select(CodingRow).where(CodingRow.document_id == document_id)
                                .order_by(CodingRow.id)))
    was = {(r.code_id, r.coder, r.start, r.end): r.id for r in rows}
    placed: dict[tuple[str, str, int, int], CodingRow] = {}
    moves: list[tuple[CodingRow, int, int]] = []
    for row in rows:
        start, end = _span(offsets, row.start, row.end)
        key = (row.code_id, row.coder, start, end)
        if key in placed:
            fold_into(session, row, placed[key].id)
            continue
        placed[key] = row
        if (start, end) != (row.start, row.end):
            moves.append((row, start, end))
        else:
            row.quote = text[start:end]  # words replaced inside it
    # rows are updated one by one: a coding moving onto the words another one leaves in the
    # same change goes through a place of its own first, never two on one passage at once
    parked = [(r, a, b) for r, a, b in moves if was.get((r.code_id, r.coder, a, b), r.id) != r.id]
    for row, _, _ in parked:
        row.start, row.end = -row.id, -row.id
    if parked:
        session.flush()
    for row, start, end in moves:
        row.start, row.end, row.quote = start, end, text[start:end]
    session.flush()


def remap(session: Session, document_id: int, offsets: OffsetMap) -> None:
    for row in session.scalars(select(SuggestionRejectionRow).where(
            SuggestionRejectionRow.document_id == document_id)):
        row.start, row.end = _span(offsets, row.start, row.end)
    for entry in session.scalars(select(UndoEntryRow)):
        moved = _remap_payload(entry.payload, document_id, offsets)
        if moved != entry.payload:
            entry.payload = moved


def _remap_payload(value: Any, document_id: int, offsets: OffsetMap) -> Any:
    if isinstance(value, dict):
        out = {k: _remap_payload(v, document_id, offsets) for k, v in value.items()}
        if out.get("document_id") == document_id and isinstance(out.get("start"), int) \
                and isinstance(out.get("end"), int):
            out["start"], out["end"] = _span(offsets, out["start"], out["end"])
        return out
    if isinstance(value, list):
        return [_remap_payload(v, document_id, offsets) for v in value]
    return value


def scrub(session: Session, rewrite: Callable[[str], str]) -> int:
    """Rewrite every stored word outside the documents; returns how many values changed."""
    changed = 0
    for row_type, fields in ((MemoRow, ("text",)), (BasketItemRow, ("text",)),
                             (CodeRow, ("label", "description")), (RoundRow, ("name",))):
        for row in session.scalars(select(row_type)):
            for name in fields:
                old = getattr(row, name) or ""
                new = rewrite(old)
                if new != old:
                    setattr(row, name, new)
                    changed += 1
    for row in session.scalars(select(CodeRow)):  # a codebook's examples may quote a passage
        examples = [rewrite(x) if isinstance(x, str) else x for x in row.examples or ()]
        if examples != list(row.examples or ()):
            row.examples = examples
            changed += 1
    for entry in session.scalars(select(UndoEntryRow)):
        new_payload = _scrub_payload(entry.payload, rewrite)
        if new_payload != entry.payload:
            entry.payload = new_payload
            changed += 1
    return changed


def _scrub_payload(value: Any, rewrite: Callable[[str], str]) -> Any:
    if isinstance(value, dict):
        return {k: _scrub_payload(v, rewrite) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_payload(v, rewrite) for v in value]
    return rewrite(value) if isinstance(value, str) else value
