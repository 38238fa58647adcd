"""An author's quotation basket: each account changes its own."""

from __future__ import annotations

from sqlalchemy import func, select

from ...errors import NotFoundError, PermissionDeniedError
from ...records import AccountRole
from ..commands import BasketAdd, BasketChange, BasketClear, RecordExport
from ..models import BasketItemRow, CodingRow
from .core import Applied, Ctx, handles


def _ordered(ctx: Ctx) -> list[BasketItemRow]:
    return list(ctx.session.scalars(
        select(BasketItemRow).where(BasketItemRow.owner == ctx.viewer.username)
        .order_by(BasketItemRow.position, BasketItemRow.id)))


@handles(BasketAdd)
def basket_add(ctx: Ctx, cmd: BasketAdd) -> Applied:
    coding = ctx.get(CodingRow, cmd.coding_id, "Le codage")
    if ctx.blind and ctx.viewer.role is AccountRole.CODER and coding.coder != ctx.viewer.username:
        raise PermissionDeniedError("Codage en aveugle : vous ne citez que vos propres codages.")
    if ctx.hidden(coding.coder, coding.document_id):
        raise PermissionDeniedError("Ronde de codage en aveugle : vous ne citez, sur ses "
                                    "documents, que vos propres codages et la référence.")
    last = ctx.session.scalar(select(func.max(BasketItemRow.position))
                              .where(BasketItemRow.owner == ctx.viewer.username))
    item = BasketItemRow(owner=ctx.viewer.username, coding_id=coding.id,
                         position=(last or 0) + 1, text=coding.quote, dropped=[])
    ctx.session.add(item)
    ctx.session.flush()
    return Applied(result=item.id, target=f"item:{item.id}", detail={"coding": coding.id})


@handles(BasketChange)
def basket_change(ctx: Ctx, cmd: BasketChange) -> Applied:
    items = _ordered(ctx)
    item = next((r for r in items if r.id == cmd.item_id), None)
    if item is None:
        raise NotFoundError(f"L'extrait {cmd.item_id} n'est pas dans vos citations.",
                            id=cmd.item_id)
    detail: dict[str, object] = {}
    if cmd.text is not None:
        item.text = cmd.text
        detail["length"] = len(cmd.text)
    if cmd.dropped is not None:
        item.dropped = detail["dropped"] = sorted(cmd.dropped)
    if cmd.offset is not None:
        i = items.index(item)
        items.insert(max(0, min(len(items) - 1, i + cmd.offset)), items.pop(i))
        for n, row in enumerate(items, start=1):
            row.position = n
        detail["offset"] = cmd.offset
    if cmd.remove:
        ctx.session.delete(item)
        detail["removed"] = True
    return Applied(target=f"item:{cmd.item_id}", detail=detail)


@handles(BasketClear)
def basket_clear(ctx: Ctx, cmd: BasketClear) -> Applied:
    items = _ordered(ctx)
    for row in items:
        ctx.session.delete(row)
    return Applied(result=len(items), detail={"items": len(items)})


@handles(RecordExport)
def record_export(ctx: Ctx, cmd: RecordExport) -> Applied:
    return Applied(detail={"format": cmd.format, "items": [
        {"coding": coding, "dropped": list(dropped), "trimmed": trimmed, "matching": matching}
        for coding, dropped, trimmed, matching in cmd.items]})
