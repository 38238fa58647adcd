"""Lists of coded verbatims: a selection's, a page of its passages, a matrix cell's."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from .. import coding
from ..errors import InputError, PermissionDeniedError
from ..folding import fold
from ..project import Project
from ..records import Coding, DocumentKind, Verbatim, Viewer, suggested_by
from ..store import reads
from .cache import bulk, cached, codebook, documents
from .columns import every_verbatim
from .committee import check_committee, committee_verbatims
from .model import (
    COMMITTEE_LISTS,
    FILTER_FIELDS,
    FIXED_QUESTIONS,
    Attribute,
    Passage,
    VerbatimFilter,
    VerbatimPage,
    VerbatimSet,
)
from .selection import coding_scope, said_by, selected_spans


def visible_codings(project: Project, viewer: Viewer,
                    document_id: int | None = None) -> list[Coding]:
    """The codings this viewer may see: their own only while the project is blind (for a
    coder), everyone's otherwise; refused to the committee (a coding names its coder, its
    document and its positions)."""
    if not viewer.sees_attributions:
        raise PermissionDeniedError("Le comité lit des thèmes, des comptes et des verbatims, "
                                    "jamais les codages (codeur·ses, documents, positions).")
    return coding.codings(project, viewer, document_id)


def verbatims(project: Project, viewer: Viewer, flt: VerbatimFilter = VerbatimFilter(),
              with_turns: bool = True) -> VerbatimSet:
    """Coded verbatims of a selection, in document order (for the committee: a theme's, or
    one profession's within a theme, by theme and text, so the order tells nothing about who
    spoke)."""
    if not viewer.sees_attributions:
        check_committee(flt, lists=True)
        return cached(project, "committee_verbatims", (viewer, flt),
                      lambda: committee_verbatims(project, viewer, flt))
    return cached(project, "verbatims", (viewer, flt, with_turns),
                  lambda: _verbatims(project, viewer, flt, with_turns))


def _verbatims(project: Project, viewer: Viewer, flt: VerbatimFilter, with_turns: bool
               ) -> VerbatimSet:
    with bulk():
        found = every_verbatim(project, viewer, flt, with_turns)
        return found if found is not None else _read_verbatims(project, viewer, flt,
                                                               with_turns)


def _read_verbatims(project: Project, viewer: Viewer, flt: VerbatimFilter,
                    with_turns: bool) -> VerbatimSet:
    """``every_verbatim`` read one coding at a time (a coder's name holds its separator)."""
    book, docs, labels = codebook(project), documents(project), project.band_labels
    theme_of = {c.id: book.theme_of(c.id) for c in book.codes}
    with project.db.session() as s:
        rows = reads.coding_rows(s, coding_scope(project, viewer, book, flt, s),
                                 with_turns=with_turns)
    if flt.text:
        needle = fold(flt.text)
        rows = [r for r in rows if needle in fold(r[6])]
    said = {d.id: said_by(d, labels) for d in docs.values()}
    items = []
    for id_, doc_id, code, start, end, coder, quote, meta, turn in rows:
        d = docs[doc_id]
        items.append(Verbatim(id_, code, theme_of[code], quote, d.kind, doc_id, d.name, start,
                              end, turn, coder, d.participant, said[doc_id],
                              suggested_by(reads.json_value(meta)) if meta else None))
    sources = {docs[d].participant.id for d in {r[1] for r in rows}
               if docs[d].participant is not None}
    return VerbatimSet(tuple(items), len(sources), project.k_threshold)


def passages(items: Iterable[Verbatim]) -> list[Passage]:
    """Verbatims merged when several coders coded the same words with the same code (for
    the committee, which sees no offsets: the same words under the same code), in order."""
    merged: dict[tuple, list[Verbatim]] = {}
    for v in items:
        merged.setdefault(v.passage_key, []).append(v)
    return [Passage(group[0], tuple(sorted({v.coder for v in group if v.coder})))
            for group in merged.values()]


def verbatim_page(project: Project, viewer: Viewer, flt: VerbatimFilter = VerbatimFilter(),
                  page: int = 1, per_page: int = 25) -> VerbatimPage:
    """The passages a page shows (``passages`` of ``verbatims``, page ``page`` counted from
    1), read alone: the selection is counted from its passages, and only the page's
    codings are read in full (their quotes, coders and turns)."""
    if per_page < 1 or page < 1:
        raise InputError("Les pages et leur taille se comptent à partir de 1.")
    lo = (page - 1) * per_page
    if not viewer.sees_attributions:
        found = verbatims(project, viewer, flt)
        merged = passages(found.items)
        return VerbatimPage(tuple(merged[lo:lo + per_page]), len(merged), found.participants,
                            found.k, found.suppressed)
    return cached(project, "verbatim_page", (viewer, flt, page, per_page),
                  lambda: _verbatim_page(project, viewer, flt, lo, per_page))


def _verbatim_page(project: Project, viewer: Viewer, flt: VerbatimFilter, lo: int,
                   per_page: int) -> VerbatimPage:
    found, scope = selected_spans(project, viewer, flt)
    docs, book, labels = documents(project), codebook(project), project.band_labels
    chosen = found.page_order()[lo:lo + per_page]
    keys = {(d, a, b, found.codes[c]): i for i, (d, a, b, c) in enumerate(zip(
        found.doc[chosen].tolist(), found.start[chosen].tolist(), found.end[chosen].tolist(),
        found.code[chosen].tolist(), strict=True))}
    pages = sorted({d for d, *_ in keys})
    with project.db.session() as s:
        rows = reads.coding_rows_in(s, scope, pages)
        turns = reads.turn_spans(s, pages)
    groups: list[list[Any]] = [[] for _ in keys]
    for row in sorted(rows):  # by id: the oldest coding first
        i = keys.get((row[1], row[3], row[4], row[2]))
        if i is not None:
            groups[i].append(row)
    starts: dict[int, list[tuple[int, int, int]]] = {}
    for doc_id, start, end, idx in turns:
        starts.setdefault(doc_id, []).append((start, end, idx))
    shown = []
    for group in groups:
        id_, doc_id, code, start, end, _, quote, meta = group[0]
        d = docs[doc_id]
        shown.append(Passage(
            Verbatim(id_, code, book.theme_of(code), quote, d.kind, doc_id, d.name, start, end,
                     _turn_of(starts.get(doc_id, []), start), group[0][5], d.participant,
                     said_by(d, labels),
                     suggested_by(reads.json_value(meta)) if meta else None),
            tuple(sorted({r[5] for r in group}))))
    sources = {docs[d].participant.id for d in np.unique(found.doc).tolist()
               if docs[d].participant is not None}
    return VerbatimPage(tuple(shown), len(found), len(sources), project.k_threshold)


def _turn_of(turns: Sequence[tuple[int, int, int]], offset: int) -> int | None:
    """The index of the turn holding ``offset`` (turns in text order), None between turns."""
    i = bisect.bisect_right(turns, (offset, math.inf)) - 1
    return turns[i][2] if i >= 0 and turns[i][1] > offset else None


def cell_verbatims(project: Project, viewer: Viewer, theme: str, attribute: Attribute | str,
                   value: str, flt: VerbatimFilter = VerbatimFilter()) -> VerbatimSet:
    """The verbatims behind one matrix cell (same suppression as the cell); the committee
    opens the cells of the profession table only."""
    attribute = Attribute(attribute)
    wanted = frozenset({DocumentKind(value) if attribute is Attribute.KIND else value})
    if not viewer.sees_attributions and attribute is not COMMITTEE_LISTS:
        raise PermissionDeniedError(FIXED_QUESTIONS)
    return verbatims(project, viewer, replace(flt, themes=frozenset({theme}),
                                              **{FILTER_FIELDS[attribute]: wanted}))
