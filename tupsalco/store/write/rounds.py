"""Coding rounds: open, close (agreed passages go to the reference), adjudicate.

The reference is made of codings signed ``référence`` with ``{"round": id}`` as their meta: a
later round's reference on the same passage of the same code replaces an earlier one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...agreement.disputes import DECISIONS, Passage, Span, split_passages
from ...errors import ConflictError, InputError
from ...records import REFERENCE, AccountRole
from ..commands import Adjudicate, CloseRound, OpenRound
from ..commands import Span as Place
from ..models import AccountRow, AdjudicationRow, CodingRow, DocumentRow, RoundRow, utcnow
from .codings import _insert
from .core import Applied, Ctx, handles, reverses
from .rows import (
    CODING_FIELDS,
    Bundle,
    check_codings_can_return,
    put_codings,
    put_rows,
    snapshot,
    take_codings,
    take_rows,
)

ROUND_FIELDS = ("id", "name", "blind", "status", "documents", "coders", "previous", "opened_by",
                "opened_at", "closed_by", "closed_at")
ADJUDICATION_FIELDS = ("id", "round_id", "document_id", "code_id", "start", "end", "decision",
                       "kept", "decided_by", "decided_at", "codings")
NAME_LENGTH = 120
CODER_ROLES = (AccountRole.CODER.value, AccountRole.ADMIN.value)


def _round(ctx: Ctx, round_id: int) -> RoundRow:
    return ctx.get(RoundRow, round_id, "La ronde")


def _coded(ctx: Ctx, rnd: RoundRow, document_id: int | None = None,
           code_id: str | None = None) -> list[tuple[int, str, str, int, int]]:
    """The round's coders' codings of its documents (one document, one code if asked)."""
    q = select(CodingRow).where(CodingRow.document_id.in_(list(rnd.documents)),
                                CodingRow.coder.in_(list(rnd.coders)))
    if document_id is not None:
        q = q.where(CodingRow.document_id == document_id)
    if code_id is not None:
        q = q.where(CodingRow.code_id == code_id)
    return [(c.document_id, c.code_id, c.coder, c.start, c.end) for c in ctx.session.scalars(q)]


def _superseded(ctx: Ctx, round_id: int, passages: list[Passage]) -> Bundle:
    """Earlier rounds' reference codings on these passages: the new decision replaces them."""
    ids = []
    for p in passages:
        for row in ctx.session.scalars(select(CodingRow).where(
                CodingRow.document_id == p.document_id, CodingRow.code_id == p.code_id,
                CodingRow.coder == REFERENCE, CodingRow.start < p.end, CodingRow.end > p.start)):
            if (row.meta or {}).get("round") != round_id:
                ids.append(row.id)
    return take_codings(ctx.session, ids)


def _reference(ctx: Ctx, round_id: int, items: list[tuple[Passage, list[Span]]]
               ) -> list[CodingRow]:
    spans = [(Place(p.document_id, a, b), p.code_id, REFERENCE) for p, found in items
             for a, b in found]
    return _insert(ctx, spans, lambda *_: {"round": round_id}) if spans else []


def _bundle(rows: list[CodingRow]) -> Bundle:
    return {"codings": [snapshot(r, CODING_FIELDS) for r in rows], "memos": [], "basket": []}


@handles(OpenRound)
def open_round(ctx: Ctx, cmd: OpenRound) -> Applied:
    name = " ".join(cmd.name.split())
    if not name or len(name) > NAME_LENGTH:
        raise InputError(f"Donnez un nom à la ronde ({NAME_LENGTH} caractères au plus).")
    documents = sorted(set(cmd.document_ids))
    if not documents:
        raise InputError("Choisissez au moins un document pour la ronde.")
    for d in documents:
        ctx.get(DocumentRow, d, "Le document")
    coders = list(dict.fromkeys(cmd.coders))
    if len(coders) < 2:
        raise InputError("Une ronde compare au moins deux codeur·ses : choisissez-en deux.")
    for who in coders:
        row = ctx.session.get(AccountRow, who)
        if row is None or not row.active or row.role not in CODER_ROLES:
            raise InputError(f"Le compte « {who} » n'est pas un compte actif de codeur·se : "
                             "choisissez les codeur·ses parmi les comptes de l'équipe.")
    rounds = list(ctx.session.scalars(select(RoundRow).order_by(RoundRow.id)))
    for other in rounds:
        shared = set(other.documents) & set(documents)
        if other.status == "open" and shared:
            raise ConflictError(f"La ronde n° {other.id} est encore ouverte sur {len(shared)} "
                                "de ces documents : closez-la d'abord.", id=other.id)
    previous = max((r.id for r in rounds if set(r.documents) & set(documents)), default=None)
    row = RoundRow(name=name, blind=cmd.blind, status="open", documents=documents,
                   coders=coders, previous=previous, opened_by=ctx.viewer.username)
    ctx.session.add(row)
    ctx.session.flush()
    return Applied(result=row.id, target=f"round:{row.id}",
                   detail={"round": row.id, "documents": documents, "coders": coders,
                           "blind": cmd.blind, "previous": previous},
                   journal={"round": snapshot(row, ROUND_FIELDS)})


@handles(CloseRound)
def close_round(ctx: Ctx, cmd: CloseRound) -> Applied:
    rnd = _round(ctx, cmd.round_id)
    if rnd.status != "open":
        raise ConflictError(f"La ronde n° {rnd.id} est déjà close.", id=rnd.id)
    found = split_passages(_coded(ctx, rnd), rnd.coders)
    agreed = [p for p in found if p.agreed]
    removed = _superseded(ctx, rnd.id, agreed)
    added = _reference(ctx, rnd.id, [(p, list(p.spans[0][1])) for p in agreed])
    rnd.status, rnd.closed_by, rnd.closed_at = "closed", ctx.viewer.username, utcnow()
    return Applied(result=len(found) - len(agreed), target=f"round:{rnd.id}",
                   detail={"round": rnd.id, "agreed": len(agreed),
                           "disagreements": len(found) - len(agreed),
                           "reference": len(added), "superseded": len(removed["codings"])},
                   journal={"round": rnd.id, "added": _bundle(added), "removed": removed,
                            "closed_by": rnd.closed_by})


@handles(Adjudicate)
def adjudicate(ctx: Ctx, cmd: Adjudicate) -> Applied:
    rnd = _round(ctx, cmd.round_id)
    if rnd.status != "closed":
        raise ConflictError(f"La ronde n° {rnd.id} est encore ouverte : closez-la avant de "
                            "trancher ses désaccords.", id=rnd.id)
    if cmd.decision not in DECISIONS:
        raise InputError("Décision inconnue : garder une version, l'union, ou rejeter.")
    if cmd.decision == "keep" and cmd.keep not in rnd.coders:
        raise InputError("La version gardée doit être celle d'un·e codeur·se de la ronde.")
    done = ctx.session.scalar(select(AdjudicationRow).where(
        AdjudicationRow.round_id == rnd.id, AdjudicationRow.document_id == cmd.document_id,
        AdjudicationRow.code_id == cmd.code_id, AdjudicationRow.start == cmd.start,
        AdjudicationRow.end == cmd.end))
    if done is not None:
        raise ConflictError(f"Ce désaccord est déjà tranché (décision n° {done.id}) : "
                            "annulez-la pour en changer.", id=done.id)
    passage = next((p for p in split_passages(_coded(ctx, rnd, cmd.document_id, cmd.code_id),
                                              rnd.coders)
                    if (p.start, p.end) == (cmd.start, cmd.end) and not p.agreed), None)
    if passage is None:
        raise ConflictError("Les codages de ce passage ont changé depuis leur affichage : "
                            "rechargez la page.", id=cmd.document_id)
    spans = passage.decided(cmd.decision, cmd.keep)
    removed = _superseded(ctx, rnd.id, [passage])
    added = _reference(ctx, rnd.id, [(passage, spans)])
    row = AdjudicationRow(round_id=rnd.id, document_id=cmd.document_id, code_id=cmd.code_id,
                          start=cmd.start, end=cmd.end, decision=cmd.decision,
                          kept=cmd.keep if cmd.decision == "keep" else None,
                          decided_by=ctx.viewer.username, codings=[r.id for r in added])
    ctx.session.add(row)
    ctx.session.flush()
    return Applied(
        result=row.id, target=f"document:{cmd.document_id}",
        detail={"round": rnd.id, "adjudication": row.id, "code": cmd.code_id,
                "decision": cmd.decision, "keep": row.kept or "",
                "start": cmd.start, "end": cmd.end, "reference": len(added),
                "length": sum(b - a for a, b in spans),
                "superseded": len(removed["codings"])},
        journal={"adjudication": snapshot(row, ADJUDICATION_FIELDS), "added": _bundle(added),
                 "removed": removed})


# -- undo and redo ---------------------------------------------------------------------------
def _unopen(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    row = ctx.session.get(RoundRow, p["round"]["id"])
    if row is None:
        return p
    if row.status != "open":
        raise ConflictError("La ronde a été close depuis : son ouverture ne s'annule plus.")
    return {"round": take_rows(ctx.session, RoundRow, [row.id], ROUND_FIELDS)[0]}


def _reopen(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    put_rows(ctx.session, RoundRow, [p["round"]])
    return p


def _exchange(ctx: Ctx, gone: Bundle, back: Bundle) -> tuple[Bundle, Bundle]:
    check_codings_can_return(ctx.session, back)
    return (take_codings(ctx.session, [c["id"] for c in gone["codings"]]),
            put_codings(ctx.session, back))


def _unclose(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    rnd = _round(ctx, p["round"])
    if ctx.session.scalar(select(AdjudicationRow.id).where(AdjudicationRow.round_id == rnd.id)):
        raise ConflictError("Des désaccords de cette ronde sont déjà tranchés : annulez "
                            "d'abord ces décisions.")
    added, removed = _exchange(ctx, p["added"], p["removed"])
    rnd.status, rnd.closed_by, rnd.closed_at = "open", None, None
    return {**p, "added": added, "removed": removed}


def _reclose(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    rnd = _round(ctx, p["round"])
    removed, added = _exchange(ctx, p["removed"], p["added"])
    rnd.status, rnd.closed_by, rnd.closed_at = "closed", p["closed_by"], utcnow()
    return {**p, "added": added, "removed": removed}


def _unadjudicate(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    added, removed = _exchange(ctx, p["added"], p["removed"])
    take_rows(ctx.session, AdjudicationRow, [p["adjudication"]["id"]], ADJUDICATION_FIELDS)
    return {**p, "added": added, "removed": removed}


def _readjudicate(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    if ctx.session.get(RoundRow, p["adjudication"]["round_id"]) is None:
        raise ConflictError("La ronde de cette décision n'existe plus.")
    removed, added = _exchange(ctx, p["removed"], p["added"])
    put_rows(ctx.session, AdjudicationRow, [p["adjudication"]])
    return {**p, "added": added, "removed": removed}


reverses(OpenRound.kind, _unopen, _reopen)
reverses(CloseRound.kind, _unclose, _reclose)
reverses(Adjudicate.kind, _unadjudicate, _readjudicate)
