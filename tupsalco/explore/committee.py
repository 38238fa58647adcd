"""The committee's questions: a fixed set (``disclosure``), the masks of a table's rows, and
a theme's list of verbatims, or one profession's within it, from published cells only."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import spans
from ..disclosure import masked_cells, rounded
from ..errors import PermissionDeniedError
from ..project import Project
from ..records import DocumentKind, DocumentSummary, Verbatim, Viewer
from ..store import reads
from .cache import codebook, documents
from .model import COMMITTEE_LISTS, FIXED_QUESTIONS, VerbatimFilter, VerbatimSet
from .selection import Tally, members, selected_spans, tally, theme_counts


def check_committee(flt: VerbatimFilter, *, lists: bool) -> None:
    """The committee's questions are a fixed partition (``disclosure``): a theme's list or one
    profession's within it, and tables over the whole project. A site, a sex or a coder
    narrows a list to a handful of known people; two values, a code or a word search make
    answers whose differences nobody checked."""
    extra = (flt.codes or flt.settings or flt.age_bands or flt.sexes or flt.sites or flt.kinds
             or flt.coders or flt.text.strip())
    if extra or (not lists and (flt.themes or flt.professions)) \
            or len(flt.themes) > 1 or len(flt.professions) > 1:
        raise PermissionDeniedError(FIXED_QUESTIONS)


def masks(counted: Tally, themes: Sequence[str], groups: dict[str, set[str]], k: int
          ) -> set[tuple[str, str]]:
    """The committee's masked (theme, value) cells: a whole row when the theme is drawn from
    fewer than k participants, else its primary and secondary suppression."""
    masked = set()
    for theme in themes:
        n = len(counted.theme_speakers.get(theme, ()))
        if 0 < n < k:
            hidden = set(groups)
        else:
            speakers = {v: counted.speakers.get((theme, v), set()) for v in groups}
            hidden = masked_cells(speakers, groups, k)
        masked |= {(theme, v) for v in hidden}
    return masked


def committee_verbatims(project: Project, viewer: Viewer, flt: VerbatimFilter) -> VerbatimSet:
    """A theme's verbatims (every theme's when none is named), or one profession's within
    it: published cells only, so any two answers differ by published cells."""
    book, docs = codebook(project), documents(project)
    k = project.k_threshold
    themes = [c.id for c in book.codes if c.parent is None
              and (not flt.themes or c.id in flt.themes)]
    groups = members(docs, COMMITTEE_LISTS)
    # a theme's row is counted from that theme's passages alone: read no other
    found, _ = selected_spans(project, viewer, VerbatimFilter(themes=flt.themes))
    counted = tally(theme_counts(found, book), docs, COMMITTEE_LISTS)
    masked = masks(counted, themes, groups, k) if flt.professions else set()
    profession = next(iter(flt.professions)) if flt.professions else None
    shown: list[str] = []
    speakers: set[str] = set()
    held_back = False
    for theme in themes:
        if counted.theme_passages.get(theme) and len(counted.theme_speakers[theme]) < k:
            # fewer than k, or observation notes alone (they count for no one)
            held_back = True
            continue
        if profession is not None:
            if (theme, profession) in masked:
                held_back = True
                continue
            speakers |= counted.speakers.get((theme, profession), set())
        else:
            speakers |= counted.theme_speakers.get(theme, set())
        shown.append(theme)
    theme_of = {c.id: book.theme_of(c.id) for c in book.codes}
    keep = np.isin(found.code, [i for i, c in enumerate(found.codes) if theme_of[c] in shown])
    if profession is not None:
        keep &= np.isin(found.doc, [d.id for d in docs.values() if d.participant is not None
                                    and d.participant.profession == profession])
    items = _once_per_theme(project, found.where(keep), docs, theme_of)
    return VerbatimSet(tuple(items), rounded(len(speakers), k), k, suppressed=held_back)


def _once_per_theme(project: Project, kept: spans.Spans, docs: dict[int, DocumentSummary],
                    theme_of: dict[str, str]) -> list[Verbatim]:
    """The passages' words once per theme, whichever coder or sub-code they came under (the
    first code by name, and its first document's kind), by theme, code and words. A
    passage's words are its document's ``text[start:end]``, as its codings' quotes are."""
    with project.db.session() as s:
        texts = dict(reads.texts(s, np.unique(kept.doc).tolist()))
    by_name = np.argsort(np.argsort(np.array(kept.codes, dtype=object)))
    order = np.lexsort((kept.doc, by_name[kept.code])) if len(kept) else kept.doc
    unique: dict[tuple[str, str], tuple[str, DocumentKind]] = {}
    for doc_id, start, end, at in zip(kept.doc[order].tolist(), kept.start[order].tolist(),
                                      kept.end[order].tolist(), kept.code[order].tolist(),
                                      strict=True):
        code = kept.codes[at]
        unique.setdefault((theme_of[code], texts[doc_id][start:end]),
                          (code, docs[doc_id].kind))
    return sorted((Verbatim(None, code, theme, quote, kind)
                   for (theme, quote), (code, kind) in unique.items()),
                  key=lambda v: (v.theme_id, v.code_id, v.text))
