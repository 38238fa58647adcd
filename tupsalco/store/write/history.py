"""Undo and redo of an account's own changes, from the undo journal (never the audit log).

An account's journal is a line: the changes still applied, then those undone (which a new
change forgets). Undo takes the newest applied one, redo the oldest undone one. A change
whose ground moved since (a code deleted by someone else, a corrected passage rewritten)
cannot be replayed: it leaves the journal and the caller is told."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ...errors import TupsalcoError
from ..commands import Redo, Undo
from ..models import UndoEntryRow
from .core import INVERSES, Applied, Ctx, handles


@dataclass(frozen=True, slots=True)
class Replayed:
    """What undo or redo did: the kind of change, and whether it had to be dropped."""

    kind: str
    dropped: bool = False
    reason: str = ""


def _entry(ctx: Ctx, state: str) -> UndoEntryRow | None:
    order = UndoEntryRow.id.desc() if state == "applied" else UndoEntryRow.id
    return ctx.session.scalars(select(UndoEntryRow).where(
        UndoEntryRow.actor == ctx.viewer.username, UndoEntryRow.state == state)
        .order_by(order).limit(1)).first()


def _replay(ctx: Ctx, state: str, side: int, new_state: str, verb: str) -> Applied:
    entry = _entry(ctx, state)
    if entry is None:
        return Applied(result=None, audited=False)
    try:
        payload = INVERSES[entry.kind][side](ctx, dict(entry.payload))
    except TupsalcoError as exc:
        # every inverse checks before it writes: on a refusal nothing was written, and the
        # entry alone goes
        ctx.session.delete(entry)
        return Applied(result=Replayed(entry.kind, True, str(exc)),
                       target=f"undo:{entry.id}", detail={verb: entry.kind, "dropped": True})
    entry.payload = payload
    entry.state = new_state
    return Applied(result=Replayed(entry.kind), target=f"undo:{entry.id}",
                   detail={verb: entry.kind})


@handles(Undo)
def undo(ctx: Ctx, cmd: Undo) -> Applied:
    return _replay(ctx, "applied", 0, "undone", "undone")


@handles(Redo)
def redo(ctx: Ctx, cmd: Redo) -> Applied:
    return _replay(ctx, "undone", 1, "applied", "redone")
