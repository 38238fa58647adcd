"""Codings: read as the viewer may see them, changed through typed commands."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..accounts import require
from ..errors import InputError, PermissionDeniedError
from ..project import Project
from ..records import REFERENCE, AccountRole, Coding, Viewer
from ..store import repository as repo
from ..store.commands import (
    AddCodings,
    ImportCodings,
    Recode,
    Reconcile,
    RejectSuggestion,
    RemoveCodings,
    SetAsidePass,
    Span,
)


def _blind_coder(project: Project, viewer: Viewer) -> bool:
    return viewer.role is AccountRole.CODER and project.blind


def _not_the_committee(viewer: Viewer) -> None:
    if viewer.role is AccountRole.COMMITTEE:
        raise PermissionDeniedError("Le comité de pilotage lit les thèmes, les effectifs et "
                                    "les verbatims, jamais les codages (leurs codeur·ses, "
                                    "documents et positions).")


def codings(project: Project, viewer: Viewer, document_id: int | None = None,
            coders: Sequence[str] | None = None) -> list[Coding]:
    """The codings this viewer may see (a coder's own only while coding is blind), of one
    document and of some coders if asked; none for the committee."""
    _not_the_committee(viewer)
    if _blind_coder(project, viewer):
        coders = [c for c in (coders or [viewer.username]) if c == viewer.username]
    with project.db.session() as s:
        return _round_blind(s, viewer, repo.codings(s, document_id, coders))


def _round_blind(s: Session, viewer: Viewer, found: list[Coding]) -> list[Coding]:
    """On the documents of an open blind round, its coders see their own codings and the
    reference only; everywhere else, what the project's blind mode allows."""
    if viewer.role is AccountRole.ADMIN:
        return found
    hidden = repo.blind_round_documents(s, viewer.username)
    return [c for c in found if c.document_id not in hidden
            or c.coder in (viewer.username, REFERENCE)]


def codings_by_id(project: Project, viewer: Viewer, ids: Sequence[int]) -> list[Coding]:
    """Those of these codings the viewer may see (a page needing a few of 200,000)."""
    _not_the_committee(viewer)
    coders = [viewer.username] if _blind_coder(project, viewer) else None
    with project.db.session() as s:
        return repo.codings_by_id(s, ids, coders)


def coders(project: Project, viewer: Viewer) -> list[str]:
    """Who coded: oneself only for a blind coder; refused to the committee."""
    _not_the_committee(viewer)
    if _blind_coder(project, viewer):
        return [viewer.username]
    with project.db.session() as s:
        return repo.coder_names(s)


def coding(project: Project, coding_id: int) -> Coding:
    with project.db.session() as s:
        found = repo.coding(s, coding_id)
    if found is None:
        raise InputError(f"Le codage {coding_id} n'existe pas (ou plus).", id=coding_id)
    return found


def add_coding(project: Project, viewer: Viewer, document_id: int, code_ids: Sequence[str],
               start: int, end: int, meta: Mapping[str, Any] | None = None) -> list[Coding]:
    """Code a passage with one or several codes (the spaces around it are left out).
    ``meta`` stays with each coding: an accepted suggestion passes
    ``{"suggester": model name, "version": model version, "score": ...}``."""
    ids = project.execute(viewer, AddCodings((Span(document_id, start, end),), tuple(code_ids),
                                             meta))
    return [coding(project, i) for i in ids]


def add_coding_many(project: Project, viewer: Viewer, spans: Sequence[tuple[int, int, int]],
                    code_ids: Sequence[str]) -> list[Coding]:
    """Code many ``(document id, start, end)`` spans in one undoable action (auto-coding)."""
    ids = project.execute(viewer, AddCodings(tuple(Span(*s) for s in spans), tuple(code_ids)))
    with project.db.session() as s:
        return [c for c in repo.codings(s) if c.id in set(ids)]


def code_turn(project: Project, viewer: Viewer, document_id: int, turn_index: int,
              code_ids: Sequence[str]) -> list[Coding]:
    turn = next((t for t in project.document(document_id).turns if t.index == turn_index), None)
    if turn is None:
        raise InputError(f"Il n'y a pas de tour {turn_index + 1} dans ce document.")
    return add_coding(project, viewer, document_id, code_ids, turn.start, turn.end)


def remove_coding(project: Project, viewer: Viewer, coding_id: int, *,
                  version: int | None = None) -> None:
    """A coding goes with the memos written on it and its places in quotation baskets;
    ``version`` is the coding's as the page showed it (a change since is a ConflictError)."""
    project.execute(viewer, RemoveCodings((coding_id,),
                                          None if version is None else (version,)))


def recode(project: Project, viewer: Viewer, coding_id: int, code_id: str, *,
           version: int | None = None) -> None:
    project.execute(viewer, Recode(coding_id, code_id, version))


def reconcile(project: Project, viewer: Viewer, document_id: int, code_id: str,
              coders: Sequence[str], keep: str | None) -> int:
    """Settle a disagreement on one code in one document: every coder takes ``keep``'s
    spans, or (``keep=None``) the union of everyone's. Signed by the viewer, undoable."""
    return project.execute(viewer, Reconcile(document_id, code_id, tuple(coders), keep))


def set_aside_pass(project: Project, viewer: Viewer, coder: str, label: str,
                   document_ids: Sequence[int]) -> int:
    """Set ``coder``'s codings in these documents aside as pass ``label`` before they code
    the documents again (intra-coder agreement); returns how many codings were set aside."""
    return project.execute(viewer, SetAsidePass(coder, label, tuple(document_ids)))


def reject_suggestion(project: Project, viewer: Viewer, document_id: int, start: int,
                      end: int, code_id: str) -> None:
    """Not suggested to this coder there again (the place follows later edits)."""
    project.execute(viewer, RejectSuggestion(Span(document_id, start, end), code_id))


def rejected_codes(project: Project, viewer: Viewer, document_id: int, start: int,
                   end: int) -> set[str]:
    with project.db.session() as s:
        return repo.rejected_codes(s, document_id, start, end, viewer.username)


def import_reference_codings(project: Project, viewer: Viewer, path: Path) -> tuple[int, int]:
    """Codings written by the corpus authors (``document, coder, code, quote`` per JSON line),
    placed where each quote stands in the stored text; one undoable import by an admin.
    Returns (placed, not found)."""
    rows = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line]
    docs = {d.participant.id: d.id for d in project.documents() if d.participant}
    with project.db.session() as s:
        known = {c.id for c in repo.codes(s)}
    texts: dict[int, str] = {}
    placed: list[tuple[Span, str, str]] = []
    for r in rows:
        doc_id = docs.get(r["document"])
        if doc_id is None or r["code"] not in known:
            continue
        text = texts.setdefault(doc_id, project.document(doc_id).text)
        start = text.find(r["quote"])
        if start >= 0:
            placed.append((Span(doc_id, start, start + len(r["quote"])), r["code"], r["coder"]))
    if placed:
        project.execute(viewer, ImportCodings(tuple(placed)))
    return len(placed), len(rows) - len(placed)


def compared_codings(project: Project, viewer: Viewer,
                     coders: Sequence[str] | None = None) -> list[Coding]:
    """Everyone's codings, for agreement and reconciliation: researchers, and while coding
    is blind the administration only (a coder would see how the others coded)."""
    require(viewer, AccountRole.ADMIN, AccountRole.CODER)
    if project.blind and viewer.role is not AccountRole.ADMIN:
        raise PermissionDeniedError("Codage en aveugle : la comparaison est réservée à "
                                    "l'administration.")
    with project.db.session() as s:
        return _round_blind(s, viewer, repo.codings(s, None, coders))
