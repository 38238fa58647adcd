"""The project's codebook: add, import, rename, move, merge and delete codes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update

from ...codebook import Code
from ...errors import ConflictError, InputError, TupsalcoError
from ..commands import AddCode, DeleteCode, ImportCodes, MergeCodes, MoveCode, RenameCode
from ..models import CodeRow, CodingRow, MemoRow
from .core import Applied, Ctx, handles, reverses
from .rows import (
    CODE_FIELDS,
    MEMO_FIELDS,
    check_codings_can_return,
    fold_coding,
    put_codings,
    put_rows,
    same_coding,
    snapshot,
    take_codings,
    take_rows,
    unfold_codings,
)


def _row(code: Code, position: int) -> CodeRow:
    return CodeRow(id=code.id, parent_id=code.parent, label=code.label,
                   description=code.description, color=code.color, position=position,
                   lemmas=list(code.lemmas), examples=list(code.examples), guid=code.source_guid)


def _code(ctx: Ctx, code_id: str) -> CodeRow:
    return ctx.get(CodeRow, code_id, "Le code")


@handles(AddCode)
def add_code(ctx: Ctx, cmd: AddCode) -> Applied:
    if ctx.session.get(CodeRow, cmd.code.id) is not None:
        raise InputError(f"Un code « {cmd.code.id} » existe déjà.", id=cmd.code.id)
    if cmd.code.parent is not None:
        _code(ctx, cmd.code.parent)
    position = ctx.session.scalar(select(func.count()).select_from(CodeRow)) or 0
    row = _row(cmd.code, position)
    ctx.session.add(row)
    ctx.session.flush()
    return Applied(target=f"code:{row.id}", detail={"parent": row.parent_id or ""},
                   journal={"code": snapshot(row, CODE_FIELDS)})


@handles(ImportCodes)
def import_codes(ctx: Ctx, cmd: ImportCodes) -> Applied:
    existing = set(ctx.session.scalars(select(CodeRow.id)))
    new = [c for c in cmd.codes if c.id not in existing]
    for c in sorted(new, key=lambda c: c.parent is not None):
        ctx.session.add(_row(c, c.position))
        ctx.session.flush()
    return Applied(result=len(new), detail={"codes": len(new),
                                            "known": len(cmd.codes) - len(new)})


@handles(RenameCode)
def rename_code(ctx: Ctx, cmd: RenameCode) -> Applied:
    row = _code(ctx, cmd.code_id)
    if not cmd.label.strip():
        raise InputError("Un code a besoin d'un libellé.")
    ctx.current(row, cmd.version, f"le code « {row.id} »")
    old, row.label = row.label, cmd.label.strip()
    return Applied(target=f"code:{row.id}", detail={"length": len(row.label)},
                   journal={"code_id": row.id, "old": old, "new": row.label})


def _check_parent(ctx: Ctx, code_id: str, parent: str | None) -> None:
    ancestor = parent
    while ancestor is not None:
        if ancestor == code_id:
            raise InputError("Un code ne peut pas aller sous lui-même ni sous ses sous-codes.")
        ancestor = _code(ctx, ancestor).parent_id


@handles(MoveCode)
def move_code(ctx: Ctx, cmd: MoveCode) -> Applied:
    row = _code(ctx, cmd.code_id)
    _check_parent(ctx, cmd.code_id, cmd.parent)
    ctx.current(row, cmd.version, f"le code « {row.id} »")
    old, row.parent_id = row.parent_id, cmd.parent
    return Applied(target=f"code:{row.id}",
                   detail={"old_parent": old or "", "new_parent": cmd.parent or ""},
                   journal={"code_id": row.id, "old": old, "new": cmd.parent})


def _memos_on(ctx: Ctx, code_id: str) -> list[MemoRow]:
    return list(ctx.session.scalars(select(MemoRow).where(MemoRow.target_kind == "code",
                                                          MemoRow.target_id == code_id)))


def _move_to(ctx: Ctx, codings: list[int], children: list[str], memos: list[int],
             target: str) -> None:
    s = ctx.session
    s.execute(update(CodingRow).where(CodingRow.id.in_(codings)).values(code_id=target))
    s.execute(update(CodeRow).where(CodeRow.id.in_(children)).values(parent_id=target))
    s.execute(update(MemoRow).where(MemoRow.id.in_(memos)).values(target_id=target))
    s.flush()


@handles(MergeCodes)
def merge_codes(ctx: Ctx, cmd: MergeCodes) -> Applied:
    if cmd.source == cmd.target:
        raise InputError("Fusionnez deux codes différents.")
    source, _ = _code(ctx, cmd.source), _code(ctx, cmd.target)
    _check_parent(ctx, cmd.source, cmd.target)
    ctx.current(source, cmd.version, f"le code « {source.id} »")
    s = ctx.session
    payload = {"code": snapshot(source, CODE_FIELDS), "target": cmd.target,
               "codings": list(s.scalars(select(CodingRow.id).where(
                   CodingRow.code_id == cmd.source))),
               "children": list(s.scalars(select(CodeRow.id).where(
                   CodeRow.parent_id == cmd.source))),
               "memos": [m.id for m in _memos_on(ctx, cmd.source)]}
    payload = _merge(ctx, payload)
    return Applied(result=len(payload["codings"]), target=f"code:{cmd.source}",
                   detail={"target": cmd.target, "codings": len(payload["codings"]),
                           "children": len(payload["children"]), "memos": len(payload["memos"]),
                           "folded": len(payload["folded"])},
                   journal=payload)


def _merge(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    if ctx.session.get(CodeRow, p["target"]) is None:
        raise ConflictError("Le code cible a été supprimé depuis.")
    s = ctx.session
    # a passage a coder coded with both codes becomes one coding of the target, which takes
    # the other's memos and basket places (undo parts them again)
    folds = []
    for row in list(s.scalars(select(CodingRow).where(CodingRow.id.in_(p["codings"])))):
        there = same_coding(s, row.document_id, p["target"], row.coder, row.start, row.end)
        if there is not None:
            folds.append(fold_coding(s, row, there))
    _move_to(ctx, p["codings"], p["children"], p["memos"], p["target"])
    s.delete(s.get(CodeRow, p["code"]["id"]))
    s.flush()
    return {**p, "folded": folds}


def _unmerge(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    _absent(ctx, p["code"]["id"])
    put_rows(ctx.session, CodeRow, [p["code"]])
    _move_to(ctx, p["codings"], p["children"], p["memos"], p["code"]["id"])
    unfold_codings(ctx.session, p.get("folded", []))
    return p


def _absent(ctx: Ctx, code_id: str) -> None:
    if ctx.session.get(CodeRow, code_id) is not None:
        raise ConflictError(f"Un code « {code_id} » a été recréé depuis.", id=code_id)


@handles(DeleteCode)
def delete_code(ctx: Ctx, cmd: DeleteCode) -> Applied:
    ctx.current(_code(ctx, cmd.code_id), cmd.version, f"le code « {cmd.code_id} »")
    payload = _delete(ctx, {"code": {"id": cmd.code_id}})
    return Applied(result=len(payload["bundle"]["codings"]), target=f"code:{cmd.code_id}",
                   detail={"codings": len(payload["bundle"]["codings"]),
                           "memos": len(payload["memos"]) + len(payload["bundle"]["memos"])},
                   journal=payload)


def _delete(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    s = ctx.session
    code_id = p["code"]["id"]
    row = s.get(CodeRow, code_id)
    if row is None:
        raise ConflictError("Ce code a déjà été supprimé.", id=code_id)
    if s.scalar(select(CodeRow.id).where(CodeRow.parent_id == code_id).limit(1)):
        raise InputError("Ce code a des sous-codes : déplacez-les ou supprimez-les d'abord.")
    codings = list(s.scalars(select(CodingRow.id).where(CodingRow.code_id == code_id)))
    snap = snapshot(row, CODE_FIELDS)
    bundle = take_codings(s, codings)
    memos = take_rows(s, MemoRow, [m.id for m in _memos_on(ctx, code_id)], MEMO_FIELDS)
    s.delete(row)
    s.flush()
    return {"code": snap, "bundle": bundle, "memos": memos}


def _undelete(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    _absent(ctx, p["code"]["id"])
    if p["code"]["parent_id"] and ctx.session.get(CodeRow, p["code"]["parent_id"]) is None:
        raise ConflictError("Le code parent a été supprimé depuis.")
    others = {c["code_id"] for c in p["bundle"]["codings"]} - {p["code"]["id"]}
    check_codings_can_return(ctx.session, {"codings": [{"code_id": c} for c in others]})
    put_rows(ctx.session, CodeRow, [p["code"]])
    bundle = put_codings(ctx.session, p["bundle"])
    put_rows(ctx.session, MemoRow, p["memos"])
    return {**p, "bundle": bundle}


def _unadd(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    s = ctx.session
    code_id = p["code"]["id"]
    row = s.get(CodeRow, code_id)
    if row is None:
        return p
    used = (s.scalar(select(CodingRow.id).where(CodingRow.code_id == code_id).limit(1))
            or s.scalar(select(CodeRow.id).where(CodeRow.parent_id == code_id).limit(1))
            or _memos_on(ctx, code_id))
    if used:
        raise ConflictError("Ce code sert déjà (codages, sous-codes ou mémos) : supprimez-le "
                            "plutôt depuis le codebook.", id=code_id)
    snap = snapshot(row, CODE_FIELDS)
    s.delete(row)
    s.flush()
    return {"code": snap}


def _readd(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    _absent(ctx, p["code"]["id"])
    put_rows(ctx.session, CodeRow, [p["code"]])
    return p


def _set_field(name: str, side: str) -> Any:
    def do(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
        row = ctx.session.get(CodeRow, p["code_id"])
        if row is None:
            raise ConflictError("Ce code a été supprimé depuis.", id=p["code_id"])
        if name == "parent_id":
            try:
                _check_parent(ctx, p["code_id"], p[side])
            except TupsalcoError as exc:
                raise ConflictError(str(exc)) from None
        setattr(row, name, p[side])
        row.version = (row.version or 1) + 1
        return p
    return do


reverses(AddCode.kind, _unadd, _readd)
reverses(RenameCode.kind, _set_field("label", "old"), _set_field("label", "new"))
reverses(MoveCode.kind, _set_field("parent_id", "old"), _set_field("parent_id", "new"))
reverses(MergeCodes.kind, _unmerge, _merge)
reverses(DeleteCode.kind, _undelete, _delete)
