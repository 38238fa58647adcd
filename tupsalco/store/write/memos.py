"""Memos on the project, a document, a code or a coding."""

from __future__ import annotations

from typing import Any

from ...errors import ConflictError, InputError
from ..commands import MEMO_TARGETS, AddMemo, DeleteMemo, EditMemo
from ..models import CodeRow, CodingRow, DocumentRow, MemoRow, utcnow
from .core import Applied, Ctx, handles, reverses
from .rows import MEMO_FIELDS, put_rows, snapshot, take_rows

_TARGETS = {"document": (DocumentRow, int, "Le document"), "code": (CodeRow, str, "Le code"),
            "coding": (CodingRow, int, "Le codage")}


def _check_target(ctx: Ctx, kind: str, target_id: str) -> None:
    if kind not in MEMO_TARGETS:
        raise InputError(f"Un mémo porte sur {', '.join(MEMO_TARGETS)}.")
    if kind in _TARGETS:
        row_type, key, what = _TARGETS[kind]
        try:
            found = ctx.get(row_type, key(target_id), what)
        except ValueError:
            raise InputError(f"{what} visé par le mémo n'est pas désigné.") from None
        if kind == "coding" and (ctx.blind or ctx.hidden(found.coder, found.document_id)):
            ctx.own(found.coder, f"Le codage {found.id}")


@handles(AddMemo)
def add_memo(ctx: Ctx, cmd: AddMemo) -> Applied:
    if not cmd.text.strip():
        raise InputError("Le mémo est vide.")
    _check_target(ctx, cmd.target_kind, cmd.target_id)
    row = MemoRow(target_kind=cmd.target_kind, target_id=str(cmd.target_id),
                  author=ctx.viewer.username, text=cmd.text.strip())
    ctx.session.add(row)
    ctx.session.flush()
    return Applied(result=row.id, target=f"memo:{row.id}",
                   detail={"target_kind": row.target_kind, "target": row.target_id,
                           "length": len(row.text)},
                   journal={"memo": snapshot(row, MEMO_FIELDS)})


def _memo(ctx: Ctx, memo_id: int) -> MemoRow:
    row = ctx.session.get(MemoRow, memo_id)
    if row is None:
        raise ConflictError(f"Le mémo n° {memo_id} n'existe plus : quelqu'un l'a supprimé "
                            "entre-temps ; rechargez la page.", id=memo_id)
    ctx.own(row.author, f"Le mémo {memo_id}")
    return row


@handles(EditMemo)
def edit_memo(ctx: Ctx, cmd: EditMemo) -> Applied:
    row = _memo(ctx, cmd.memo_id)
    if not cmd.text.strip():
        raise InputError("Le mémo est vide : supprimez-le plutôt.")
    ctx.current(row, cmd.version, f"le mémo n° {row.id}")
    old, row.text, row.updated_at = row.text, cmd.text.strip(), utcnow()
    return Applied(target=f"memo:{row.id}", detail={"length": len(row.text)},
                   journal={"memo_id": row.id, "old": old, "new": row.text})


@handles(DeleteMemo)
def delete_memo(ctx: Ctx, cmd: DeleteMemo) -> Applied:
    ctx.current(_memo(ctx, cmd.memo_id), cmd.version, f"le mémo n° {cmd.memo_id}")
    snaps = take_rows(ctx.session, MemoRow, [cmd.memo_id], MEMO_FIELDS)
    return Applied(target=f"memo:{cmd.memo_id}", journal={"memo": snaps[0]})


def _take(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    snaps = take_rows(ctx.session, MemoRow, [p["memo"]["id"]], MEMO_FIELDS)
    return {"memo": snaps[0]} if snaps else p


def _put(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    memo = p["memo"]
    if memo["target_kind"] in _TARGETS:
        row_type, key, _ = _TARGETS[memo["target_kind"]]
        if ctx.session.get(row_type, key(memo["target_id"])) is None:
            raise ConflictError("Ce que le mémo commentait a été retiré depuis.")
    put_rows(ctx.session, MemoRow, [memo])
    return p


def _set_text(side: str) -> Any:
    def do(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
        row = ctx.session.get(MemoRow, p["memo_id"])
        if row is None:
            raise ConflictError("Ce mémo a été supprimé depuis.", id=p["memo_id"])
        row.text, row.updated_at = p[side], utcnow()
        row.version = (row.version or 1) + 1
        return p
    return do


reverses(AddMemo.kind, _take, _put)
reverses(DeleteMemo.kind, _put, _take)
reverses(EditMemo.kind, _set_text("old"), _set_text("new"))
