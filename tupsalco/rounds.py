"""Coding rounds: blind parallel coding, then adjudication into a reference coding.

An admin opens a round (its documents, its coders, blind or not). While it is open and blind,
its coders see, on its documents, their own codings and the reference of earlier rounds only,
in every read (``coding.codings``, the pages, exports, memos, comparisons). The admin closes
it: the passages every coder coded alike go to the reference at once; the agreement per code
and per document is computed over the round's coders and documents; each disagreement is
then settled (keep one coder's spans, their union, or reject), signed and audited. The next
round on these documents starts from that reference, shown to its coders as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .accounts import require
from .agreement import CodeAgreement, DocumentAgreement, Passage, by_document, compare
from .agreement.disputes import split_passages
from .errors import NotFoundError
from .project import Project
from .records import REFERENCE, AccountRole, Adjudication, Coding, Round, Viewer
from .store import repository as repo
from .store.commands import Adjudicate, CloseRound, OpenRound

__all__ = [
    "DECISION_LABELS", "REFERENCE", "Dispute", "RoundAgreement", "adjudicate", "agreement",
    "close_round", "current_rounds", "disputes", "get_round", "open_round", "progress",
    "reference", "rounds",
]

DECISION_LABELS = {"keep": "version gardée", "union": "union", "reject": "rejet"}


@dataclass(frozen=True, slots=True)
class RoundAgreement:
    """A round's agreement among its coders on its documents: per code (pooled over the
    documents) and per document (pooled over the codes)."""

    coders: tuple[str, ...]
    codes: tuple[CodeAgreement, ...]
    documents: tuple[DocumentAgreement, ...]


@dataclass(frozen=True, slots=True)
class Dispute:
    """A disagreement of a round and, once settled, its decision."""

    passage: Passage
    decision: Adjudication | None = None


def open_round(project: Project, viewer: Viewer, name: str, document_ids: Sequence[int],
               coders: Sequence[str], blind: bool = True) -> Round:
    """An admin opens a round; signed and audited (its name stays out of the audit log)."""
    round_id = project.execute(viewer, OpenRound(name, tuple(document_ids), tuple(coders),
                                                 blind))
    return get_round(project, viewer, round_id)


def close_round(project: Project, viewer: Viewer, round_id: int) -> int:
    """Close a round; returns how many disagreements wait for an adjudication."""
    return project.execute(viewer, CloseRound(round_id))


def adjudicate(project: Project, viewer: Viewer, round_id: int, passage: Passage,
               decision: str, keep: str | None = None) -> int:
    """Settle one disagreement into the reference: ``keep`` (``keep``'s spans), ``union`` or
    ``reject``; signed by the admin, audited, undoable. Returns the decision's id."""
    return project.execute(viewer, Adjudicate(round_id, passage.document_id, passage.code_id,
                                              passage.start, passage.end, decision, keep))


def rounds(project: Project, viewer: Viewer) -> list[Round]:
    require(viewer, AccountRole.ADMIN)
    with project.db.session() as s:
        return repo.rounds(s)


def get_round(project: Project, viewer: Viewer, round_id: int) -> Round:
    require(viewer, AccountRole.ADMIN)
    with project.db.session() as s:
        found = repo.get_round(s, round_id)
    if found is None:
        raise NotFoundError(f"La ronde n° {round_id} n'existe pas.", id=round_id)
    return found


def current_rounds(project: Project, viewer: Viewer) -> list[Round]:
    """The open rounds this account codes in (for its banner)."""
    with project.db.session() as s:
        return [r for r in repo.rounds(s) if r.is_open and viewer.username in r.coders]


def _coded(project: Project, rnd: Round) -> list[Coding]:
    with project.db.session() as s:
        return [c for c in repo.codings(s, None, list(rnd.coders))
                if c.document_id in set(rnd.documents)]


def progress(project: Project, viewer: Viewer, round_id: int) -> dict[tuple[str, int], int]:
    """How many codings each coder of the round made in each of its documents."""
    rnd = get_round(project, viewer, round_id)
    counts = {(who, d): 0 for who in rnd.coders for d in rnd.documents}
    for c in _coded(project, rnd):
        counts[(c.coder, c.document_id)] += 1
    return counts


def agreement(project: Project, viewer: Viewer, round_id: int) -> RoundAgreement:
    """Per code and per document, among the round's coders on its documents."""
    rnd = get_round(project, viewer, round_id)
    done = [(c.document_id, c.code_id, c.coder, c.start, c.end) for c in _coded(project, rnd)]
    lengths = {d.id: d.n_chars for d in project.documents() if d.id in set(rnd.documents)}
    return RoundAgreement(rnd.coders, tuple(compare(done, lengths, list(rnd.coders))),
                          tuple(by_document(done, lengths, list(rnd.coders), rnd.documents)))


def disputes(project: Project, viewer: Viewer, round_id: int) -> list[Dispute]:
    """Every disagreement of the round, in document and position order, with its decision
    once taken."""
    rnd = get_round(project, viewer, round_id)
    done = [(c.document_id, c.code_id, c.coder, c.start, c.end) for c in _coded(project, rnd)]
    with project.db.session() as s:
        decided = {(a.document_id, a.code_id, a.start, a.end): a
                   for a in repo.adjudications(s, round_id)}
    return [Dispute(p, decided.get((p.document_id, p.code_id, p.start, p.end)))
            for p in split_passages(done, rnd.coders) if not p.agreed]


def reference(project: Project, viewer: Viewer, round_id: int | None = None) -> list[Coding]:
    """The reference codings (of one round if asked)."""
    require(viewer, AccountRole.ADMIN, AccountRole.CODER)
    with project.db.session() as s:
        found = repo.codings(s, None, [REFERENCE])
    return [c for c in found if round_id is None or (c.meta or {}).get("round") == round_id]
