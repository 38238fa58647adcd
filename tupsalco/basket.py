"""An author's quotation basket: verbatims kept in order, trimmed with ``[...]``, attributions
checked against k and coarsened when they would point to fewer than k people."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select

from .accounts import require
from .errors import InputError, PermissionDeniedError
from .project import Project
from .query import DROPPABLE, attribution
from .records import AccountRole, BasketItem, Participant, Viewer
from .review import quasi_identifier_kinds
from .store import repository as repo
from .store.models import BasketItemRow, CodingRow, DocumentRow

CUT = "[...]"
_CUTS = re.compile(r"\s*\[(?:\.\.\.|…)\]\s*")


def _owner(viewer: Viewer) -> str:
    require(viewer, AccountRole.ADMIN, AccountRole.CODER, AccountRole.AUTHOR)
    return viewer.username


def matching_participants(participants: Sequence[Participant], p: Participant,
                          dropped: Sequence[str] = ()) -> int:
    """How many participants the attribution of ``p`` (coarsened by ``dropped``) could
    designate: same printed profession, and the same band and settings when printed."""
    def printed(q: Participant) -> tuple[str, ...]:
        out = [q.function or q.profession]
        if q.is_patient and "age_band" not in dropped:
            out.append(q.age_band)
        if "setting" not in dropped and not q.function:
            out.append("/".join(sorted(q.settings)))
        return tuple(out)

    target = printed(p)
    return sum(printed(q) == target for q in participants)


def _whole_words(original: str, start: int, end: int) -> bool:
    """A kept piece neither starts nor ends inside a word: cutting letters rewords
    ("possible" is no trim of "impossible")."""
    inside_start = start > 0 and original[start - 1].isalnum() and original[start].isalnum()
    inside_end = (end < len(original) and original[end - 1].isalnum()
                  and original[end].isalnum())
    return not (inside_start or inside_end)


def is_trim_of(text: str, original: str) -> bool:
    """``text`` keeps the original's words in order, cuts marked ``[...]``: nothing added."""
    pieces = [piece.strip() for piece in _CUTS.split(text)]
    pos = 0
    for piece in pieces:
        if not piece:
            continue
        found = original.find(piece, pos)
        while found >= 0 and not _whole_words(original, found, found + len(piece)):
            found = original.find(piece, found + 1)
        if found < 0:
            return False
        pos = found + len(piece)
    return any(pieces)


def items(project: Project, viewer: Viewer) -> list[BasketItem]:
    """The viewer's basket, in order, each attribution with how many people it could fit."""
    owner = _owner(viewer)
    participants = project.participants()
    labels = project.band_labels
    with project.db.session() as s:
        rows = s.execute(
            select(BasketItemRow, CodingRow.quote, DocumentRow.participant_id)
            .join(CodingRow, CodingRow.id == BasketItemRow.coding_id)
            .join(DocumentRow, DocumentRow.id == CodingRow.document_id)
            .where(BasketItemRow.owner == owner)
            .order_by(BasketItemRow.position, BasketItemRow.id)).all()
    by_id = {p.id: p for p in participants}
    out = []
    for row, quote, participant_id in rows:
        p = by_id.get(participant_id) if participant_id else None
        dropped = tuple(row.dropped or ())
        out.append(BasketItem(
            row.id, row.coding_id, row.position, row.text, quote,
            attribution(p, labels, dropped) if p else "(observation)", dropped,
            matching_participants(participants, p, dropped) if p else 0))
    return out


def add(project: Project, viewer: Viewer, coding_id: int) -> int:
    """Put a coded verbatim at the end of the viewer's basket; returns the item's id."""
    owner = _owner(viewer)
    with project.db.session() as s:
        row = s.get(CodingRow, coding_id)
        if row is None:
            raise InputError(f"there is no coding {coding_id}.")
        if project.blind and viewer.role is AccountRole.CODER and row.coder != owner:
            raise PermissionDeniedError("blind coding: you can quote your own codings only.")
        quote = row.quote
        last = s.scalar(select(func.max(BasketItemRow.position))
                        .where(BasketItemRow.owner == owner))
    with project.db.change(owner, "basket.add", f"coding:{coding_id}") as s:
        item = BasketItemRow(owner=owner, coding_id=coding_id,
                             position=(last or 0) + 1, text=quote, dropped=[])
        s.add(item)
        s.flush()
        return item.id


def _row(s, owner: str, item_id: int) -> BasketItemRow:  # noqa: ANN001
    row = s.get(BasketItemRow, item_id)
    if row is None or row.owner != owner:
        raise InputError(f"item {item_id} is not in your basket.")
    return row


def trim(project: Project, viewer: Viewer, item_id: int, text: str) -> None:
    """Replace the item's text by a trimmed version: cuts are written ``[...]`` and nothing
    may be added or reworded, so the quotation stays faithful."""
    owner = _owner(viewer)
    text = _CUTS.sub(f" {CUT} ", text).strip()
    with project.db.session() as s:
        quote = s.get(CodingRow, _row(s, owner, item_id).coding_id).quote
    if not is_trim_of(text, quote):
        raise InputError(f"item {item_id}: a trimmed quotation keeps the verbatim's words in "
                         f"order and marks each cut with {CUT}; nothing can be added.")
    with project.db.change(owner, "basket.trim", f"item:{item_id}") as s:
        _row(s, owner, item_id).text = text


def coarsen(project: Project, viewer: Viewer, item_id: int, dropped: Sequence[str]) -> None:
    """Drop the age band and/or the setting from the item's attribution."""
    owner = _owner(viewer)
    bad = [d for d in dropped if d not in DROPPABLE]
    if bad:
        raise InputError(f"only {', '.join(DROPPABLE)} can be dropped from an attribution.")
    with project.db.change(owner, "basket.coarsen", f"item:{item_id}",
                           {"dropped": sorted(dropped)}) as s:
        _row(s, owner, item_id).dropped = sorted(dropped)


def move(project: Project, viewer: Viewer, item_id: int, offset: int) -> None:
    """Move an item up (offset < 0) or down in the basket."""
    owner = _owner(viewer)
    with project.db.change(owner, "basket.move", f"item:{item_id}", {"offset": offset}) as s:
        rows = list(s.scalars(select(BasketItemRow).where(BasketItemRow.owner == owner)
                              .order_by(BasketItemRow.position, BasketItemRow.id)))
        ids = [r.id for r in rows]
        if item_id not in ids:
            raise InputError(f"item {item_id} is not in your basket.")
        i = ids.index(item_id)
        j = max(0, min(len(ids) - 1, i + offset))
        ids.insert(j, ids.pop(i))
        order = {item: n for n, item in enumerate(ids, start=1)}
        for r in rows:
            r.position = order[r.id]


def remove(project: Project, viewer: Viewer, item_id: int) -> None:
    owner = _owner(viewer)
    with project.db.change(owner, "basket.remove", f"item:{item_id}") as s:
        s.delete(_row(s, owner, item_id))


def clear(project: Project, viewer: Viewer) -> None:
    owner = _owner(viewer)
    with project.db.change(owner, "basket.clear", owner) as s:
        for r in s.scalars(select(BasketItemRow).where(BasketItemRow.owner == owner)):
            s.delete(r)


def warnings(project: Project, item: BasketItem) -> list[str]:
    """Why this quotation could single someone out: an attribution shared by fewer than k
    participants, or content that narrows it (an exact age, a rare occupation)."""
    k = project.k_threshold
    out = []
    if item.attribution != "(observation)" and item.participants_matching < k:
        out.append(f"l'attribution {item.attribution} ne correspond qu'à "
                   f"{item.participants_matching} participant·e(s) (k = {k}) : retirez la "
                   "tranche d'âge ou le lieu d'exercice.")
    for kind in quasi_identifier_kinds(item.text):
        out.append(f"le verbatim contient un {kind} qui, avec l'attribution, peut désigner "
                   "quelqu'un : coupez-le avec [...].")
    return out


def record_export(project: Project, viewer: Viewer, basket: Sequence[BasketItem],
                  fmt: str) -> None:
    """The export is audited with, for each quotation, which attributes were dropped."""
    owner = _owner(viewer)
    detail = {"format": fmt, "items": [{"coding": b.coding_id, "dropped": list(b.dropped),
                                        "trimmed": b.text != b.original,
                                        "matching": b.participants_matching}
                                       for b in basket]}
    with project.db.change(owner, "basket.export", owner, detail) as s:
        repo.get_project(s)  # the audit event is the write
