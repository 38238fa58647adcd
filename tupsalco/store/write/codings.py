"""Codings: add, import, remove, recode, reconcile, and suggestions turned down."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import select

from ...agreement.intra import PASS_LABEL, pass_name, split_pass
from ...errors import ConflictError, InputError, PermissionDeniedError
from ...records import REFERENCE, AccountRole
from ..commands import (
    AddCodings,
    ImportCodings,
    Recode,
    Reconcile,
    RejectSuggestion,
    RemoveCodings,
    SetAsidePass,
    Span,
)
from ..models import CodeRow, CodingRow, DocumentRow, SuggestionRejectionRow
from .core import Applied, Ctx, handles, reverses
from .rows import (
    CODING_FIELDS,
    REJECTION_FIELDS,
    check_codings_can_return,
    fold_coding,
    put_codings,
    put_rows,
    same_coding,
    snapshot,
    take_codings,
    take_rejections,
    unfold_codings,
)


def _known_codes(ctx: Ctx, code_ids: tuple[str, ...] | set[str]) -> None:
    known = set(ctx.session.scalars(select(CodeRow.id).where(CodeRow.id.in_(list(code_ids)))))
    if not code_ids or known != set(code_ids):
        raise InputError("Choisissez un ou plusieurs codes du codebook.")


def _trimmed(ctx: Ctx, span: Span, texts: dict[int, str]) -> tuple[int, int]:
    """The span without the spaces around it, checked against its document."""
    if span.document_id not in texts:
        texts[span.document_id] = ctx.get(DocumentRow, span.document_id, "Le document").text
    text = texts[span.document_id]
    start, end = span.start, span.end
    if not 0 <= start < end <= len(text):
        raise InputError(f"Le passage {start}-{end} sort du document.", id=span.document_id)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InputError("La sélection est vide.", id=span.document_id)
    return start, end


META_KEYS, META_KEY_LENGTH, META_VALUE_LENGTH = 12, 40, 200


def _meta(meta: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A coding's metadata: a few short named values (a model's name, a version, a score),
    never a passage: it is checked, not trusted."""
    if meta is None:
        return None
    bad = InputError("Les métadonnées d'un codage sont quelques valeurs courtes nommées "
                     "(modèle, version, score).")
    if not isinstance(meta, Mapping) or len(meta) > META_KEYS:
        raise bad
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if not isinstance(key, str) or not 0 < len(key) <= META_KEY_LENGTH:
            raise bad
        if isinstance(value, float) and not math.isfinite(value) or not (
                value is None or isinstance(value, bool | int | float)
                or isinstance(value, str) and len(value) <= META_VALUE_LENGTH):
            raise bad
        out[key] = float(value) if isinstance(value, float) else value
    return out or None


Meta = Callable[[str, int, int], dict[str, Any] | None]  # (coder, start, end) -> meta


def _insert(ctx: Ctx, items: list[tuple[Span, str, str]], meta: Meta | None = None, *,
            checked: bool = False) -> list[CodingRow]:
    """The codings of ``items`` not made yet (see :func:`_new`; ``checked``: already
    sorted out by it), made now."""
    texts: dict[int, str] = {}
    rows = []
    for span, code_id, coder in items if checked else _new(ctx, items)[0]:
        start, end = _trimmed(ctx, span, texts)
        row = CodingRow(document_id=span.document_id, code_id=code_id, start=start, end=end,
                        coder=coder, quote=texts[span.document_id][start:end],
                        meta=meta(coder, start, end) if meta else None)
        ctx.session.add(row)
        rows.append(row)
    ctx.session.flush()
    return rows


def _added(rows: list[CodingRow]) -> Applied:
    # the model's name and score stay with the coding: the log only says one was accepted
    suggested = {"suggested": True} if any((r.meta or {}).get("suggester") for r in rows) \
        else {}
    return Applied(
        result=[r.id for r in rows],
        target=f"document:{rows[0].document_id}" if len({r.document_id for r in rows}) == 1
        else "",
        detail={"codings": [r.id for r in rows], "codes": sorted({r.code_id for r in rows}),
                "documents": len({r.document_id for r in rows}),
                "length": sum(r.end - r.start for r in rows), **suggested},
        journal={"codings": [snapshot(r, CODING_FIELDS) for r in rows], "memos": [],
                 "basket": []})


def _new(ctx: Ctx, items: list[tuple[Span, str, str]]) -> tuple[list[tuple[Span, str, str]],
                                                                  list[int]]:
    """The codings not made yet, and the ids of those already there: the same passage coded
    with the same code by the same coder is one coding, however often (two tabs, a double
    click, two servers) it is applied."""
    texts: dict[int, str] = {}
    seen: set[tuple[int, str, int, int, str]] = set()
    new, existing = [], []
    for span, code_id, coder in items:
        start, end = _trimmed(ctx, span, texts)
        key = (span.document_id, code_id, start, end, coder)
        if key in seen:
            continue
        seen.add(key)
        found = same_coding(ctx.session, span.document_id, code_id, coder, start, end)
        if found is None:
            new.append((span, code_id, coder))
        else:
            existing.append(found)
    return new, existing


@handles(AddCodings)
def add_codings(ctx: Ctx, cmd: AddCodings) -> Applied:
    _known_codes(ctx, cmd.code_ids)
    if not cmd.spans:
        raise InputError("Rien à coder.")
    me = ctx.viewer.username  # a coding is signed by whoever makes it
    meta = _meta(cmd.meta)
    return _once(ctx, [(span, code, me) for span in cmd.spans for code in cmd.code_ids],
                 lambda *_: dict(meta) if meta else None)


@handles(ImportCodings)
def import_codings(ctx: Ctx, cmd: ImportCodings) -> Applied:
    _known_codes(ctx, {code for _, code, _ in cmd.codings})
    if not cmd.codings:
        raise InputError("Rien à importer.")
    return _once(ctx, list(cmd.codings))


def _once(ctx: Ctx, items: list[tuple[Span, str, str]], meta: Meta | None = None) -> Applied:
    """Make the codings not made yet; the result names every coding asked for, new or not."""
    new, existing = _new(ctx, items)
    if not new:  # all there already: nothing changes, nothing to log or undo
        return Applied(result=existing, audited=False)
    applied = _added(_insert(ctx, new, meta, checked=True))
    if existing:
        applied.result = [*applied.result, *existing]
        applied.detail["existing"] = len(existing)
    return applied


def _codings(ctx: Ctx, ids: tuple[int, ...],
             versions: tuple[int, ...] | None = None) -> list[CodingRow]:
    rows = list(ctx.session.scalars(select(CodingRow).where(CodingRow.id.in_(list(ids)))))
    found = {r.id: r for r in rows}
    if missing := [i for i in ids if i not in found]:
        raise ConflictError(f"Le codage {missing[0]} n'existe plus : quelqu'un l'a retiré "
                            "entre-temps ; rechargez la page.", id=missing[0])
    if versions is not None and len(versions) != len(ids):
        raise InputError("Une version par codage.")
    for i, coding_id in enumerate(ids):
        r = found[coding_id]
        ctx.own(r.coder, f"Le codage {r.id}")
        ctx.current(r, versions[i] if versions is not None else None,
                    f"le codage n° {r.id}")
    return rows


@handles(RemoveCodings)
def remove_codings(ctx: Ctx, cmd: RemoveCodings) -> Applied:
    rows = _codings(ctx, cmd.coding_ids, cmd.versions)
    bundle = take_codings(ctx.session, [r.id for r in rows])
    return Applied(result=len(rows), target=f"coding:{rows[0].id}" if len(rows) == 1 else "",
                   detail={"codings": [r["id"] for r in bundle["codings"]],
                           "memos": len(bundle["memos"]), "basket": len(bundle["basket"])},
                   journal=bundle)


@handles(Recode)
def recode(ctx: Ctx, cmd: Recode) -> Applied:
    row = _codings(ctx, (cmd.coding_id,),
                   None if cmd.version is None else (cmd.version,))[0]
    _known_codes(ctx, (cmd.code_id,))
    _not_twice(ctx, row, cmd.code_id, row.coder)
    old, row.code_id = row.code_id, cmd.code_id
    return Applied(target=f"coding:{row.id}", detail={"source": old, "code": cmd.code_id},
                   journal={"coding_id": row.id, "old": old, "new": cmd.code_id})


def _not_twice(ctx: Ctx, row: CodingRow, code_id: str, coder: str) -> None:
    """Refuse a change that would make ``row`` the double of another coding."""
    there = same_coding(ctx.session, row.document_id, code_id, coder, row.start, row.end)
    if there is not None and there != row.id:
        raise ConflictError(f"Ce passage porte déjà le code « {code_id} » de ce·tte "
                            f"codeur·se (codage n° {there}) : retirez plutôt ce codage-ci.",
                            id=there)


@handles(Reconcile)
def reconcile(ctx: Ctx, cmd: Reconcile) -> Applied:
    if ctx.blind and ctx.viewer.role is not AccountRole.ADMIN:
        raise PermissionDeniedError("Codage en aveugle : seule l'administration réconcilie.")
    if any(ctx.hidden(who, cmd.document_id) for who in cmd.coders):
        raise PermissionDeniedError("Ronde de codage en aveugle : seule l'administration "
                                    "compare les versions de ce document.")
    if cmd.keep is not None and cmd.keep not in cmd.coders:
        raise InputError("La version gardée doit être celle d'un·e des codeur·ses comparé·es.")
    current = list(ctx.session.scalars(select(CodingRow).where(
        CodingRow.document_id == cmd.document_id, CodingRow.code_id == cmd.code_id,
        CodingRow.coder.in_(list(cmd.coders)))))
    spans = sorted({(c.start, c.end) for c in current if cmd.keep in (None, c.coder)})
    # a coder who already had a span keeps what made it (an accepted suggestion's model)
    kept_meta = {(c.coder, c.start, c.end): c.meta for c in current if c.meta}
    removed = take_codings(ctx.session, [c.id for c in current])
    added = _insert(ctx, [(Span(cmd.document_id, a, b), cmd.code_id, who)
                          for who in cmd.coders for a, b in spans],
                    lambda who, a, b: kept_meta.get((who, a, b)))
    return Applied(
        result=len(spans), target=f"document:{cmd.document_id}",
        detail={"code": cmd.code_id, "coders": list(cmd.coders), "keep": cmd.keep or "union",
                "removed": len(removed["codings"]), "added": len(added)},
        journal={"removed": removed, "added": {
            "codings": [snapshot(r, CODING_FIELDS) for r in added], "memos": [],
            "basket": []}})


@handles(SetAsidePass)
def set_aside_pass(ctx: Ctx, cmd: SetAsidePass) -> Applied:
    if split_pass(cmd.coder)[1] is not None:
        raise InputError("Ce sont déjà les codages d'une passe mise de côté.")
    if cmd.coder == REFERENCE:
        raise InputError("La référence d'une ronde n'est pas une passe d'un·e codeur·se.")
    if not PASS_LABEL.match(cmd.label):
        raise InputError("Le nom d'une passe : 1 à 20 lettres, chiffres ou tirets (« 1 », "
                         "« 2 », « juin »).")
    name = pass_name(cmd.coder, cmd.label)
    docs = list(cmd.document_ids)
    rows = list(ctx.session.scalars(select(CodingRow).where(
        CodingRow.coder == cmd.coder, CodingRow.document_id.in_(docs))))
    if not rows:
        raise InputError("Ce·tte codeur·se n'a rien codé dans ces documents : il n'y a pas "
                         "de passe à mettre de côté.")
    taken = ctx.session.scalars(select(CodingRow.document_id).where(
        CodingRow.coder == name, CodingRow.document_id.in_(docs))).first()
    if taken is not None:
        raise ConflictError(f"Le document {taken} a déjà une passe « {cmd.label} » de ce·tte "
                            "codeur·se : donnez un autre nom à celle-ci.", id=taken)
    for row in rows:
        row.coder = name
    return Applied(result=len(rows), detail={
        "codings": [r.id for r in rows], "documents": len({r.document_id for r in rows})},
        journal={"ids": [r.id for r in rows], "old": cmd.coder, "new": name})


@handles(RejectSuggestion)
def reject_suggestion(ctx: Ctx, cmd: RejectSuggestion) -> Applied:
    _trimmed(ctx, cmd.span, {})
    row = SuggestionRejectionRow(document_id=cmd.span.document_id, start=cmd.span.start,
                                 end=cmd.span.end, code_id=cmd.code_id,
                                 coder=ctx.viewer.username)
    ctx.session.add(row)
    ctx.session.flush()
    return Applied(target=f"document:{row.document_id}", detail={"code": cmd.code_id},
                   journal={"rejections": [snapshot(row, REJECTION_FIELDS)]})


# -- undo and redo ---------------------------------------------------------------------------
def _take(ctx: Ctx, bundle: dict[str, Any]) -> dict[str, Any]:
    return take_codings(ctx.session, [c["id"] for c in bundle["codings"]])


def _put(ctx: Ctx, bundle: dict[str, Any]) -> dict[str, Any]:
    check_codings_can_return(ctx.session, bundle)
    return put_codings(ctx.session, bundle)


def _set_code(field: str) -> Any:
    def do(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
        row = ctx.session.get(CodingRow, p["coding_id"])
        if row is None or ctx.session.get(CodeRow, p[field]) is None:
            raise ConflictError("Ce codage ou son code a été retiré depuis.")
        _not_twice(ctx, row, p[field], row.coder)
        row.code_id = p[field]
        row.version = (row.version or 1) + 1
        return p
    return do


def _swap(first: str, second: str) -> Any:
    def do(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
        check_codings_can_return(ctx.session, p[second])
        return {first: _take(ctx, p[first]), second: put_codings(ctx.session, p[second])}
    return do


def _sign(field: str) -> Any:
    def do(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
        # codings the other way merged into one made since come back first, apart again
        unfold_codings(ctx.session, p.get("folded", []))
        rows = list(ctx.session.scalars(select(CodingRow).where(CodingRow.id.in_(p["ids"]))))
        if len(rows) != len(p["ids"]):
            raise ConflictError("Des codages de cette passe ont été retirés depuis.")
        folded = []
        for row in rows:
            there = same_coding(ctx.session, row.document_id, row.code_id, p[field],
                                row.start, row.end)
            if there is not None and there != row.id:  # coded again since: one coding
                folded.append(fold_coding(ctx.session, row, there))
            else:
                row.coder = p[field]
        return {**p, "folded": folded}
    return do


def _drop_rejections(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    return {"rejections": take_rejections(ctx.session, [r["id"] for r in p["rejections"]])}


def _put_rejections(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    put_rows(ctx.session, SuggestionRejectionRow, p["rejections"])
    return p


for _kind in (AddCodings.kind, ImportCodings.kind):
    reverses(_kind, _take, _put)
reverses(RemoveCodings.kind, _put, _take)
reverses(Recode.kind, _set_code("old"), _set_code("new"))
reverses(Reconcile.kind, _swap("added", "removed"), _swap("removed", "added"))
reverses(RejectSuggestion.kind, _drop_rejections, _put_rejections)
reverses(SetAsidePass.kind, _sign("old"), _sign("new"))
