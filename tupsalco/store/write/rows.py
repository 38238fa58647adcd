"""Rows as JSON snapshots for the undo journal, and back: a coding with the memos written on
it and its places in quotation baskets leaves and comes back as one bundle, under its own
ids (ids are never reused, so they are still free)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...errors import ConflictError
from ..follow import fold_into
from ..models import (
    BasketItemRow,
    CodeRow,
    CodingRow,
    DocumentRow,
    MemoRow,
    SuggestionRejectionRow,
)

Snapshot = dict[str, Any]
Bundle = dict[str, list[Snapshot]]

CODING_FIELDS = ("id", "document_id", "code_id", "start", "end", "coder", "created_at", "meta",
                 "version")
MEMO_FIELDS = ("id", "target_kind", "target_id", "author", "text", "created_at", "updated_at",
               "version")
BASKET_FIELDS = ("id", "owner", "coding_id", "position", "text", "dropped", "added_at")
CODE_FIELDS = ("id", "parent_id", "label", "description", "color", "position", "lemmas",
               "examples", "guid", "version")
REJECTION_FIELDS = ("id", "document_id", "start", "end", "code_id", "coder", "created_at")


def snapshot(row: Any, fields: tuple[str, ...]) -> Snapshot:
    out = {}
    for name in fields:
        value = getattr(row, name)
        out[name] = value.isoformat() if isinstance(value, datetime) else value
    return out


def revive(snap: Snapshot) -> dict[str, Any]:
    """A snapshot's fields as a row's keyword arguments (dates parsed back)."""
    return {k: datetime.fromisoformat(v) if k.endswith("_at") and isinstance(v, str) else v
            for k, v in snap.items()}


def take_codings(s: Session, ids: list[int]) -> Bundle:
    """Delete codings with what hangs on them; returns the bundle that brings them back."""
    rows = list(s.scalars(select(CodingRow).where(CodingRow.id.in_(ids)).order_by(CodingRow.id)))
    keys = [str(r.id) for r in rows]
    memos = list(s.scalars(select(MemoRow).where(MemoRow.target_kind == "coding",
                                                 MemoRow.target_id.in_(keys))))
    basket = list(s.scalars(select(BasketItemRow).where(
        BasketItemRow.coding_id.in_([r.id for r in rows]))))
    bundle = {"codings": [snapshot(r, CODING_FIELDS) for r in rows],
              "memos": [snapshot(m, MEMO_FIELDS) for m in memos],
              "basket": [snapshot(b, BASKET_FIELDS) for b in basket]}
    for row in [*basket, *memos, *rows]:
        s.delete(row)
    s.flush()
    return bundle


def check_codings_can_return(s: Session, bundle: Bundle) -> None:
    codes = {c["code_id"] for c in bundle.get("codings", [])}
    missing = codes - set(s.scalars(select(CodeRow.id).where(CodeRow.id.in_(codes))))
    if missing:
        raise ConflictError("un code de ces codages a été supprimé depuis : ils ne peuvent "
                            "pas revenir.")


def same_coding(s: Session, document_id: int, code_id: str, coder: str, start: int, end: int,
                ) -> int | None:
    """The id of the coding of this passage with this code by this coder, if there is one:
    there is at most one (``ix_codings_spans``)."""
    return s.scalar(select(CodingRow.id).where(
        CodingRow.document_id == document_id, CodingRow.code_id == code_id,
        CodingRow.coder == coder, CodingRow.start == start, CodingRow.end == end))


def fold_coding(s: Session, row: CodingRow, kept: int) -> Snapshot:
    """Merge ``row`` into the coding ``kept`` it now duplicates (memos and basket places
    move to ``kept``); returns what :func:`unfold_codings` needs to part them again."""
    snap = snapshot(row, CODING_FIELDS)
    memos, basket = fold_into(s, row, kept)
    return {"coding": snap, "kept": kept, "memos": memos, "basket": basket}


def unfold_codings(s: Session, folds: list[Snapshot]) -> None:
    """Bring back codings merged by :func:`fold_coding`, with their memos and basket places
    (those still on the kept coding)."""
    put_codings(s, {"codings": [f["coding"] for f in folds]})
    for f in folds:
        back = f["coding"]["id"]
        s.execute(update(MemoRow).where(MemoRow.id.in_(f["memos"]),
                                        MemoRow.target_id == str(f["kept"]))
                  .values(target_id=str(back)))
        s.execute(update(BasketItemRow).where(BasketItemRow.id.in_(f["basket"]),
                                              BasketItemRow.coding_id == f["kept"])
                  .values(coding_id=back))
    s.flush()


def put_codings(s: Session, bundle: Bundle) -> Bundle:
    """Insert a bundle's codings (on the words now at their offsets), memos and basket
    places. A coding whose words were all replaced since comes back empty: it is left out,
    with what hangs on it. A coding made again since (same passage, code and coder) is not
    doubled: what hangs on the returning one goes to it, and the bundle kept for the way
    back names it."""
    texts: dict[int, str] = {}
    kept: list[Snapshot] = []
    into: dict[int, int] = {}
    for snap in bundle.get("codings", []):
        if snap["end"] <= snap["start"]:
            continue
        there = same_coding(s, snap["document_id"], snap["code_id"], snap["coder"],
                            snap["start"], snap["end"])
        if there is not None:
            into[snap["id"]] = there
            kept.append(snapshot(s.get(CodingRow, there), CODING_FIELDS))
            continue
        text = texts.get(snap["document_id"])
        if text is None:
            text = texts[snap["document_id"]] = s.get(DocumentRow, snap["document_id"]).text
        s.add(CodingRow(**revive(snap), quote=text[snap["start"]:snap["end"]]))
        kept.append(snap)
    s.flush()
    ids = {str(c["id"]) for c in kept} | {str(i) for i in into}
    memos = [{**m, "target_id": str(into.get(int(m["target_id"]), int(m["target_id"])))}
             for m in bundle.get("memos", []) if m["target_id"] in ids]
    basket = [{**b, "coding_id": into.get(b["coding_id"], b["coding_id"])}
              for b in bundle.get("basket", []) if str(b["coding_id"]) in ids]
    for m in memos:
        s.add(MemoRow(**revive(m)))
    for b in basket:
        s.add(BasketItemRow(**revive(b)))
    s.flush()
    return {"codings": list({c["id"]: c for c in kept}.values()), "memos": memos,
            "basket": basket}


def take_rows(s: Session, row_type: type, ids: list[int],
              fields: tuple[str, ...]) -> list[Snapshot]:
    rows = list(s.scalars(select(row_type).where(row_type.id.in_(ids))))
    snaps = [snapshot(r, fields) for r in rows]
    for r in rows:
        s.delete(r)
    s.flush()
    return snaps


def put_rows(s: Session, row_type: type, snaps: list[Snapshot]) -> None:
    for snap in snaps:
        s.add(row_type(**revive(snap)))
    s.flush()


def take_rejections(s: Session, ids: list[int]) -> list[Snapshot]:
    return take_rows(s, SuggestionRejectionRow, ids, REJECTION_FIELDS)
