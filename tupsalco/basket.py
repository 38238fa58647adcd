"""An author's quotation basket: verbatims kept in order, trimmed with ``[...]``, attributions
checked against k and coarsened when they would point to fewer than k people."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .accounts import require
from .errors import InputError
from .project import Project
from .query import DROPPABLE, attribution, source_attribution
from .records import AccountRole, BasketItem, Participant, Viewer
from .review import quasi_identifier_kinds
from .store import repository as repo
from .store.commands import BasketAdd, BasketChange, BasketClear, RecordExport

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
        rows = repo.basket_rows(s, owner)
    by_id = {p.id: p for p in participants}
    # a passage no participant claims (a note, a transcript not assigned yet) says its source
    sources = ({d.id: d for d in project.documents()}
               if any(by_id.get(r[6] or "") is None for r in rows) else {})
    out = []
    for item_id, coding_id, position, text, quote, dropped, participant_id, doc in rows:
        p = by_id.get(participant_id) if participant_id else None
        out.append(BasketItem(
            item_id, coding_id, position, text, quote,
            attribution(p, labels, dropped) if p else source_attribution(
                sources[doc].kind, sources[doc].header), dropped,
            matching_participants(participants, p, dropped) if p else 0))
    return out


def add(project: Project, viewer: Viewer, coding_id: int) -> int:
    """Put a coded verbatim at the end of the viewer's basket; returns the item's id."""
    _owner(viewer)
    return project.execute(viewer, BasketAdd(coding_id))


def _item(project: Project, viewer: Viewer, item_id: int) -> BasketItem:
    found = next((i for i in items(project, viewer) if i.id == item_id), None)
    if found is None:
        raise InputError(f"L'extrait {item_id} n'est pas dans vos citations.", id=item_id)
    return found


def trim(project: Project, viewer: Viewer, item_id: int, text: str) -> None:
    """Replace the item's text by a trimmed version: cuts are written ``[...]`` and nothing
    may be added or reworded, so the quotation stays faithful."""
    text = _CUTS.sub(f" {CUT} ", text).strip()
    if not is_trim_of(text, _item(project, viewer, item_id).original):
        raise InputError(f"Extrait {item_id} : une citation coupée garde les mots du verbatim "
                         f"dans l'ordre et marque chaque coupure par {CUT} ; rien ne peut être "
                         "ajouté.", id=item_id)
    project.execute(viewer, BasketChange(item_id, text=text))


def coarsen(project: Project, viewer: Viewer, item_id: int, dropped: Sequence[str]) -> None:
    """Drop the age band and/or the setting from the item's attribution."""
    if any(d not in DROPPABLE for d in dropped):
        raise InputError("Seuls la tranche d'âge et le lieu d'exercice peuvent être retirés "
                         "d'une attribution.")
    project.execute(viewer, BasketChange(item_id, dropped=tuple(sorted(dropped))))


def move(project: Project, viewer: Viewer, item_id: int, offset: int) -> None:
    """Move an item up (offset < 0) or down in the basket."""
    project.execute(viewer, BasketChange(item_id, offset=offset))


def remove(project: Project, viewer: Viewer, item_id: int) -> None:
    project.execute(viewer, BasketChange(item_id, remove=True))


def clear(project: Project, viewer: Viewer) -> None:
    project.execute(viewer, BasketClear())


def warnings(project: Project, item: BasketItem) -> list[str]:
    """Why this quotation could single someone out: an attribution shared by fewer than k
    participants, or content that narrows it (an exact age, a rare occupation)."""
    k = project.k_threshold
    out = []
    if 0 < item.participants_matching < k:  # 0: no participant, the attribution names none
        out.append(f"l'attribution {item.attribution} ne correspond qu'à "
                   f"{item.participants_matching} participant·e(s) (k = {k}) : "
                   f"{_advice(item.attribution)}.")
    for kind in quasi_identifier_kinds(item.text):
        out.append(f"le verbatim contient un {kind} qui, avec l'attribution, peut désigner "
                   "quelqu'un : coupez-le avec [...].")
    return out


_BAND = re.compile(r"\b\d{2}-\d{2}\b")


def _advice(printed: str) -> str:
    """What can still be dropped from an attribution as printed: only what it shows (an MG
    attribution prints no age band)."""
    left = [what for what, shown in (("la tranche d'âge", bool(_BAND.search(printed))),
                                     ("le lieu d'exercice", "," in printed)) if shown]
    if not left:
        return ("rien ne peut plus en être retiré : choisissez un autre verbatim, ou citez-le "
                "sans attribution après accord de l'équipe")
    return "retirez " + " ou ".join(left)


def record_export(project: Project, viewer: Viewer, basket: Sequence[BasketItem],
                  fmt: str) -> None:
    """The export is audited with, for each quotation, which attributes were dropped."""
    project.execute(viewer, RecordExport(fmt, tuple(
        (b.coding_id, tuple(b.dropped), b.text != b.original, b.participants_matching)
        for b in basket)))
