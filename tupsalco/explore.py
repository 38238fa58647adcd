"""Explore coded verbatims: filters, matrix coding queries, code co-occurrence.

Every function takes the viewer, and the rules of each role are applied here, not in the
pages: a coder in a blind project sees only their own codings; the committee never receives
a document name, a participant, an attribution, a coder or an offset, and its view is
protected as statistical offices protect tables (``disclosure``): a fixed set of questions
(a theme's verbatims or one profession's within it; every theme by profession, setting or
age band), primary and secondary suppression, counts rounded to a multiple of k. No two of
its answers differ by what fewer than k participants said.
"""

from __future__ import annotations

import bisect
import gc
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from . import coding, spans
from .codebook import Codebook
from .disclosure import masked_cells, rounded
from .errors import InputError, PermissionDeniedError
from .folding import fold
from .project import Project
from .query import DocumentFilter, attribution
from .records import (
    REFERENCE,
    AccountRole,
    Coding,
    DocumentKind,
    DocumentSummary,
    Participant,
    Verbatim,
    Viewer,
    suggested_by,
)
from .store import reads
from .store import repository as repo


class Attribute(StrEnum):
    """Participant attributes a matrix can be drawn against."""

    PROFESSION = "profession"
    SETTING = "setting"
    AGE_BAND = "age_band"
    SEX = "sex"
    SITE = "site"
    KIND = "kind"


ATTRIBUTE_NAMES = {
    Attribute.PROFESSION: "profession", Attribute.SETTING: "lieu d'exercice",
    Attribute.AGE_BAND: "tranche d'âge", Attribute.SEX: "sexe", Attribute.SITE: "site",
    Attribute.KIND: "type de document",
}
# the committee's view: themes across these, never by site (three sites, few people each)
COMMITTEE_ATTRIBUTES = (Attribute.PROFESSION, Attribute.SETTING, Attribute.AGE_BAND)
# the one attribute the committee's lists are split by: two partitions of one theme's list
# (by profession and by band) would leave, subtracted, what the GPs of one band said
COMMITTEE_LISTS = Attribute.PROFESSION
SUPPRESSED = "masqué (< k)"
FIXED_QUESTIONS = ("the committee asks a fixed set of questions: a theme's verbatims, or one "
                   "profession's within a theme; the tables of every theme by profession, "
                   "setting or age band (a narrower or a wider question would let answers be "
                   "subtracted from each other).")


@dataclass(frozen=True, slots=True)
class VerbatimFilter:
    """Empty fields do not filter; the fields combine (AND), values within one field OR."""

    themes: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()  # a code selects its sub-codes too
    professions: frozenset[str] = frozenset()
    settings: frozenset[str] = frozenset()
    age_bands: frozenset[str] = frozenset()
    sexes: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()
    kinds: frozenset[DocumentKind] = frozenset()
    coders: frozenset[str] = frozenset()
    text: str = ""  # accent- and case-insensitive full-text search within the results


@dataclass(frozen=True, slots=True)
class VerbatimSet:
    """A list of verbatims and how many participants said them. For the committee, the
    verbatims of masked cells are held back (``suppressed``) and ``participants`` is rounded
    to a multiple of ``k``."""

    items: tuple[Verbatim, ...]
    participants: int
    k: int
    suppressed: bool = False


@dataclass(frozen=True, slots=True)
class Matrix:
    """Counts of themes (rows) against an attribute's values (columns); suppressed cells
    hold None, and the committee's counts are rounded to a multiple of ``k``."""

    table: pd.DataFrame
    measure: str  # "passages" or "participants"
    attribute: Attribute
    k: int
    suppressed: tuple[tuple[str, str], ...] = field(default=())


# -- what the questions read: the database filters and counts, the answers are cached by the
# project's version (every change, of any kind, makes a new one) --------------------------------
_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_SIZE = 32
_CACHE_LOCK = threading.Lock()


def _cached(project: Project, name: str, key: tuple[Any, ...], compute: Callable[[], Any]
            ) -> Any:
    version = project.version()
    full = (project.id, project.db.url, version, project.k_threshold, name, *key)
    with _CACHE_LOCK:
        # a new version makes the older answers of this project useless: let them go now
        # (a list of every verbatim can weigh a hundred megabytes)
        for old in [k for k in _CACHE if k[:2] == full[:2] and k[2] != version]:
            del _CACHE[old]
        if full in _CACHE:
            _CACHE.move_to_end(full)
            return _CACHE[full]
    value = compute()
    with _CACHE_LOCK:
        _CACHE[full] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def clear_cache() -> None:
    """Forget every cached answer (they are keyed by the project's version: only a bench or
    a test timing the computation itself needs this)."""
    with _CACHE_LOCK:
        _CACHE.clear()


@contextmanager
def _bulk() -> Iterator[None]:
    """No cyclic garbage collection while building a few hundred thousand small records:
    the collector would walk them again and again, and they make no cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _documents(project: Project) -> dict[int, DocumentSummary]:
    def read() -> dict[int, DocumentSummary]:
        with project.db.session() as s:
            return {d.id: d for d in reads.document_facts(s)}
    return _cached(project, "documents", (), read)


def _codebook(project: Project) -> Codebook:
    return _cached(project, "codebook", (), lambda: coding.codebook(project))


def _participant_values(p: Participant | None, doc: DocumentSummary,
                        attribute: Attribute) -> tuple[str, ...]:
    if attribute is Attribute.KIND:
        return (doc.kind.value,)
    if attribute is Attribute.SITE:
        return ((p.site,) if p else ((doc.header.site,) if doc.header else ()))
    if p is None:
        return ()
    if attribute is Attribute.SETTING:
        return p.settings  # a CP/CDS participant counts in CP and in CDS
    return (getattr(p, attribute.value),)


def visible_codings(project: Project, viewer: Viewer,
                    document_id: int | None = None) -> list[Coding]:
    """The codings this viewer may see: their own only while the project is blind (for a
    coder), everyone's otherwise; refused to the committee (a coding names its coder, its
    document and its positions)."""
    if not viewer.sees_attributions:
        raise PermissionDeniedError("the committee reads themes, counts and verbatims, never "
                                    "codings (their coders, documents and positions).")
    return coding.codings(project, viewer, document_id)


def _descendants(book: Codebook, code_ids: Iterable[str]) -> set[str]:
    wanted = set(code_ids)
    return {c.id for c in book.codes if any(a in wanted for a in _lineage(book, c.id))}


def _lineage(book: Codebook, code_id: str) -> list[str]:
    out = [code_id]
    while (parent := book.by_id[out[-1]].parent) is not None:
        out.append(parent)
    return out


def _check_committee(flt: VerbatimFilter, *, lists: bool) -> None:
    """The committee's questions are a fixed partition (``disclosure``): a theme's list or one
    profession's within it, and tables over the whole project. A site, a sex or a coder
    narrows a list to a handful of known people; two values, a code or a word search make
    answers whose differences nobody checked."""
    extra = (flt.codes or flt.settings or flt.age_bands or flt.sexes or flt.sites or flt.kinds
             or flt.coders or flt.text.strip())
    if extra or (not lists and (flt.themes or flt.professions)) \
            or len(flt.themes) > 1 or len(flt.professions) > 1:
        raise PermissionDeniedError(FIXED_QUESTIONS)


def _scope(project: Project, viewer: Viewer, book: Codebook, flt: VerbatimFilter,
           s: Session) -> reads.CodingScope:
    """The codings a filter selects, as the database is asked for them: codes (a theme's or
    a code's with their sub-codes), documents (the Documents page's own attribute rules),
    coders (a blind coder's own only); read in the caller's session ``s``."""
    codes: set[str] | None = None
    if flt.themes:
        codes = {c.id for c in book.codes if book.theme_of(c.id) in flt.themes}
    if flt.codes:
        under = _descendants(book, flt.codes)
        codes = under if codes is None else codes & under
    coders = set(flt.coders) if flt.coders else None
    if viewer.role is AccountRole.CODER and project.blind:
        coders = {viewer.username} & coders if coders is not None else {viewer.username}
    documents = DocumentFilter(flt.kinds, flt.professions, flt.settings, flt.age_bands,
                               flt.sexes, flt.sites)
    doc_ids = None
    if any((flt.kinds, flt.professions, flt.settings, flt.age_bands, flt.sexes, flt.sites)):
        doc_ids = frozenset(d.id for d in _documents(project).values() if documents.matches(d))
    # an open blind round's documents: own codings only
    in_round = frozenset(repo.blind_round_documents(s, viewer.username))
    return reads.CodingScope(None if codes is None else frozenset(codes), doc_ids,
                             None if coders is None else frozenset(coders), in_round,
                             frozenset({viewer.username, REFERENCE}))


def _spans(project: Project, viewer: Viewer, flt: VerbatimFilter
           ) -> tuple[spans.Spans, reads.CodingScope]:
    """A selection's passages (two coders on the same span with the same code are one),
    cached by the project's version, and the scope they were read with."""
    book = _codebook(project)
    with project.db.session() as s:
        scope = _scope(project, viewer, book, flt, s)

    def read() -> spans.Spans:
        with project.db.session() as s, _bulk():
            return spans.read(s, scope, [c.id for c in book.codes], flt.text)
    return _cached(project, "spans", (scope, flt.text), read), scope


def _theme_counts(found: spans.Spans, book: Codebook) -> list[tuple[str, int, int]]:
    """(theme, document, passages) of a selection."""
    themes = sorted({book.theme_of(c) for c in found.codes})
    position = {t: i for i, t in enumerate(themes)}
    theme_of = np.array([position[book.theme_of(c)] for c in found.codes], dtype=np.int64)
    return [(themes[t], d, n) for t, d, n in spans.by_key_and_document(found, theme_of)]


@dataclass(frozen=True, slots=True)
class _Tally:
    """A selection counted by theme and by an attribute's value."""

    passages: dict[tuple[str, str], int]
    speakers: dict[tuple[str, str], set[str]]
    theme_speakers: dict[str, set[str]]
    theme_passages: dict[str, int]  # observation notes included (they count for no one)


def _tally(counts: Iterable[tuple[str, int, int]], docs: dict[int, DocumentSummary],
           attribute: Attribute) -> _Tally:
    """``counts``: (theme, document, passages)."""
    tally = _Tally({}, {}, {}, {})
    values = {d.id: _participant_values(d.participant, d, attribute) for d in docs.values()}
    speaker = {d.id: d.participant.id if d.participant is not None else None
               for d in docs.values()}
    for theme, doc_id, n in counts:
        p = speaker[doc_id]
        tally.theme_passages[theme] = tally.theme_passages.get(theme, 0) + n
        who = tally.theme_speakers.setdefault(theme, set())
        if p is not None:
            who.add(p)
        for value in values[doc_id]:
            tally.passages[theme, value] = tally.passages.get((theme, value), 0) + n
            cell = tally.speakers.setdefault((theme, value), set())
            if p is not None:
                cell.add(p)
    return tally


def _turn_attribution(doc: DocumentSummary, labels: dict[str, str]) -> str:
    p = doc.participant
    return attribution(p, labels) if p else _observation_attribution(doc)


def verbatims(project: Project, viewer: Viewer, flt: VerbatimFilter = VerbatimFilter(),
              with_turns: bool = True) -> VerbatimSet:
    """Coded verbatims of a selection, in document order (for the committee: a theme's, or
    one profession's within a theme, by theme and text, so the order tells nothing about who
    spoke)."""
    if not viewer.sees_attributions:
        _check_committee(flt, lists=True)
        return _cached(project, "committee_verbatims", (viewer, flt),
                       lambda: _committee_verbatims(project, viewer, flt))
    return _cached(project, "verbatims", (viewer, flt, with_turns),
                   lambda: _verbatims(project, viewer, flt, with_turns))


def _verbatims(project: Project, viewer: Viewer, flt: VerbatimFilter, with_turns: bool
               ) -> VerbatimSet:
    with _bulk():
        return _read_verbatims(project, viewer, flt, with_turns)


def _read_verbatims(project: Project, viewer: Viewer, flt: VerbatimFilter,
                    with_turns: bool) -> VerbatimSet:
    book, docs, labels = _codebook(project), _documents(project), project.band_labels
    theme_of = {c.id: book.theme_of(c.id) for c in book.codes}
    with project.db.session() as s:
        rows = reads.coding_rows(s, _scope(project, viewer, book, flt, s), with_turns=with_turns)
    if flt.text:
        needle = fold(flt.text)
        rows = [r for r in rows if needle in fold(r[6])]
    said = {d.id: _turn_attribution(d, labels) for d in docs.values()}
    items = []
    for id_, doc_id, code, start, end, coder, quote, meta, turn in rows:
        d = docs[doc_id]
        items.append(Verbatim(id_, code, theme_of[code], quote, d.kind, doc_id, d.name, start,
                              end, turn, coder, d.participant, said[doc_id],
                              suggested_by(reads.json_value(meta)) if meta else None))
    sources = {docs[d].participant.id for d in {r[1] for r in rows}
               if docs[d].participant is not None}
    return VerbatimSet(tuple(items), len(sources), project.k_threshold)


@dataclass(frozen=True, slots=True)
class Passage:
    """A coded passage shown once, with every coder who coded it with that code."""

    verbatim: Verbatim
    coders: tuple[str, ...]


def passages(items: Iterable[Verbatim]) -> list[Passage]:
    """Verbatims merged when several coders coded the same words with the same code (for
    the committee, which sees no offsets: the same words under the same code), in order."""
    merged: dict[tuple, list[Verbatim]] = {}
    for v in items:
        key = ((v.document_id, v.start, v.end, v.code_id) if v.start is not None
               else (v.code_id, v.text))
        merged.setdefault(key, []).append(v)
    return [Passage(group[0], tuple(sorted({v.coder for v in group if v.coder})))
            for group in merged.values()]


@dataclass(frozen=True, slots=True)
class VerbatimPage:
    """One page of a selection's passages, with the counts of the whole selection: its
    passages (``total``) and participants (rounded to a multiple of ``k`` for the
    committee)."""

    passages: tuple[Passage, ...]
    total: int
    participants: int
    k: int
    suppressed: bool = False


def verbatim_page(project: Project, viewer: Viewer, flt: VerbatimFilter = VerbatimFilter(),
                  page: int = 1, per_page: int = 25) -> VerbatimPage:
    """The passages a page shows (``passages`` of ``verbatims``, page ``page`` counted from
    1), read alone: the selection is counted from its passages, and only the page's
    codings are read in full (their quotes, coders and turns)."""
    if per_page < 1 or page < 1:
        raise InputError("page and per_page count from 1.")
    lo = (page - 1) * per_page
    if not viewer.sees_attributions:
        found = verbatims(project, viewer, flt)
        merged = passages(found.items)
        return VerbatimPage(tuple(merged[lo:lo + per_page]), len(merged), found.participants,
                            found.k, found.suppressed)
    return _cached(project, "verbatim_page", (viewer, flt, page, per_page),
                   lambda: _verbatim_page(project, viewer, flt, lo, per_page))


def _verbatim_page(project: Project, viewer: Viewer, flt: VerbatimFilter, lo: int,
                   per_page: int) -> VerbatimPage:
    found, scope = _spans(project, viewer, flt)
    docs, book, labels = _documents(project), _codebook(project), project.band_labels
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
                     _turn_attribution(d, labels),
                     suggested_by(reads.json_value(meta)) if meta else None),
            tuple(sorted({r[5] for r in group}))))
    sources = {docs[d].participant.id for d in np.unique(found.doc).tolist()
               if docs[d].participant is not None}
    return VerbatimPage(tuple(shown), len(found), len(sources), project.k_threshold)


def _turn_of(turns: Sequence[tuple[int, int, int]], offset: int) -> int | None:
    """The index of the turn holding ``offset`` (turns in text order), None between turns."""
    i = bisect.bisect_right(turns, (offset, math.inf)) - 1
    return turns[i][2] if i >= 0 and turns[i][1] > offset else None


def _observation_attribution(doc: DocumentSummary) -> str:
    if doc.kind is DocumentKind.INTERVIEW:  # an imported transcript no participant claims
        return "(entretien)"
    if doc.kind is DocumentKind.TEXT:  # another tool's document: neither interview nor note
        return "(document)"
    activity = {"consultation": "observation de consultation", "rdv_ts": "observation de RDV TS",
                "rcp": "observation de RCP"}
    return f"({activity.get(doc.header.activity, 'observation') if doc.header else 'observation'})"


def matrix(project: Project, viewer: Viewer, attribute: Attribute | str,
           measure: str = "passages", flt: VerbatimFilter = VerbatimFilter()) -> Matrix:
    """NVivo's matrix coding query: themes against one attribute's values, counting coded
    passages or distinct participants. For the committee: only profession, setting and age
    band, over the whole project, with its cells masked and rounded (``disclosure``)."""
    attribute = Attribute(attribute)
    if measure not in ("passages", "participants"):
        raise InputError("measure is 'passages' or 'participants'.")
    if not viewer.sees_attributions:
        if attribute not in COMMITTEE_ATTRIBUTES:
            raise PermissionDeniedError(
                f"the committee sees themes by "
                f"{', '.join(a.value for a in COMMITTEE_ATTRIBUTES)}.")
        _check_committee(flt, lists=False)
    found = _cached(project, "matrix", (viewer, attribute, measure, flt),
                    lambda: _matrix(project, viewer, attribute, measure, flt))
    return replace(found, table=found.table.copy())


def _matrix(project: Project, viewer: Viewer, attribute: Attribute, measure: str,
            flt: VerbatimFilter) -> Matrix:
    book, docs = _codebook(project), _documents(project)
    themes = [c.id for c in book.codes if c.parent is None]
    tally = _tally(_theme_counts(_spans(project, viewer, flt)[0], book), docs, attribute)
    k = project.k_threshold
    if viewer.sees_attributions:
        columns, masked = sorted({v for _, v in tally.passages}), set()
    else:
        members = _members(docs, attribute)
        columns, masked = sorted(members), _masks(tally, themes, members, k)
    data: dict[str, list[int | None]] = {v: [] for v in columns}
    for theme in themes:
        for value in columns:
            n = (tally.passages.get((theme, value), 0) if measure == "passages"
                 else len(tally.speakers.get((theme, value), ())))
            if viewer.sees_attributions:
                data[value].append(n)
            else:
                data[value].append(None if (theme, value) in masked else rounded(n, k))
    table = pd.DataFrame(data, index=pd.Index(themes, name="thème"), dtype="Int64")
    suppressed = tuple((t, v) for t in themes for v in columns if (t, v) in masked)
    return Matrix(table, measure, attribute, k, suppressed)


def _members(docs: dict[int, DocumentSummary], attribute: Attribute) -> dict[str, set[str]]:
    """For each value of an attribute, the project's interviewed participants who have it
    (the groups a cell speaks of, whatever they said)."""
    out: dict[str, set[str]] = {}
    for d in docs.values():
        if d.participant is not None:
            for value in _participant_values(d.participant, d, attribute):
                out.setdefault(value, set()).add(d.participant.id)
    return out


def _masks(tally: _Tally, themes: Sequence[str], members: dict[str, set[str]], k: int
           ) -> set[tuple[str, str]]:
    """The committee's masked (theme, value) cells: a whole row when the theme is drawn from
    fewer than k participants, else its primary and secondary suppression."""
    masked = set()
    for theme in themes:
        n = len(tally.theme_speakers.get(theme, ()))
        if 0 < n < k:
            hidden = set(members)
        else:
            speakers = {v: tally.speakers.get((theme, v), set()) for v in members}
            hidden = masked_cells(speakers, members, k)
        masked |= {(theme, v) for v in hidden}
    return masked


def _committee_verbatims(project: Project, viewer: Viewer, flt: VerbatimFilter) -> VerbatimSet:
    """A theme's verbatims (every theme's when none is named), or one profession's within
    it: published cells only, so any two answers differ by published cells."""
    book, docs = _codebook(project), _documents(project)
    k = project.k_threshold
    themes = [c.id for c in book.codes if c.parent is None
              and (not flt.themes or c.id in flt.themes)]
    members = _members(docs, COMMITTEE_LISTS)
    # a theme's row is counted from that theme's passages alone: read no other
    found, _ = _spans(project, viewer, VerbatimFilter(themes=flt.themes))
    tally = _tally(_theme_counts(found, book), docs, COMMITTEE_LISTS)
    masked = _masks(tally, themes, members, k) if flt.professions else set()
    profession = next(iter(flt.professions)) if flt.professions else None
    shown: list[str] = []
    speakers: set[str] = set()
    held_back = False
    for theme in themes:
        if tally.theme_passages.get(theme) and len(tally.theme_speakers[theme]) < k:
            # fewer than k, or observation notes alone (they count for no one)
            held_back = True
            continue
        if profession is not None:
            if (theme, profession) in masked:
                held_back = True
                continue
            speakers |= tally.speakers.get((theme, profession), set())
        else:
            speakers |= tally.theme_speakers.get(theme, set())
        shown.append(theme)
    theme_of = {c.id: book.theme_of(c.id) for c in book.codes}
    keep = np.isin(found.code, [i for i, c in enumerate(found.codes) if theme_of[c] in shown])
    if profession is not None:
        keep &= np.isin(found.doc, [d.id for d in docs.values() if d.participant is not None
                                    and d.participant.profession == profession])
    with project.db.session() as s:
        rows = reads.quotes_of(s, found.first[keep].tolist())
    # the first document of a code's quote, codes in their order
    passages = sorted(rows, key=lambda r: (r[0], r[2]))
    # one passage once per theme, whichever coder or sub-code it came under
    unique: dict[tuple[str, str], tuple[str, DocumentKind]] = {}
    for code, quote, doc_id in passages:
        unique.setdefault((theme_of[code], quote), (code, docs[doc_id].kind))
    items = sorted((Verbatim(None, code, theme, quote, kind)
                    for (theme, quote), (code, kind) in unique.items()),
                   key=lambda v: (v.theme_id, v.code_id, v.text))
    return VerbatimSet(tuple(items), rounded(len(speakers), k), k, suppressed=held_back)


def cell_verbatims(project: Project, viewer: Viewer, theme: str, attribute: Attribute | str,
                   value: str, flt: VerbatimFilter = VerbatimFilter()) -> VerbatimSet:
    """The verbatims behind one matrix cell (same suppression as the cell); the committee
    opens the cells of the profession table only."""
    attribute = Attribute(attribute)
    field_name = {
        Attribute.PROFESSION: "professions", Attribute.SETTING: "settings",
        Attribute.AGE_BAND: "age_bands", Attribute.SEX: "sexes", Attribute.SITE: "sites",
        Attribute.KIND: "kinds",
    }[attribute]
    wanted = frozenset({DocumentKind(value) if attribute is Attribute.KIND else value})
    if not viewer.sees_attributions and attribute is not COMMITTEE_LISTS:
        raise PermissionDeniedError(FIXED_QUESTIONS)
    return verbatims(project, viewer,
                     replace(flt, themes=frozenset({theme}), **{field_name: wanted}))


def cooccurrence(project: Project, viewer: Viewer, flt: VerbatimFilter = VerbatimFilter(),
                 level: str = "theme") -> pd.DataFrame:
    """How often two themes (or codes) code overlapping text of the same document; the
    diagonal counts the passages. For the committee, a pair drawn from fewer than k
    participants is None, and its counts are rounded to a multiple of k (themes only, over
    the whole project)."""
    if not viewer.sees_attributions:
        _check_committee(flt, lists=False)
        if level != "theme":
            raise PermissionDeniedError(FIXED_QUESTIONS)
    return _cached(project, "cooccurrence", (viewer, flt, level),
                   lambda: _cooccurrence(project, viewer, flt, level)).copy()


def _cooccurrence(project: Project, viewer: Viewer, flt: VerbatimFilter, level: str
                  ) -> pd.DataFrame:
    book, docs = _codebook(project), _documents(project)
    committee = viewer.role is AccountRole.COMMITTEE
    labels = ([c.id for c in book.codes if c.parent is None] if level == "theme"
              else [c.id for c in book.codes])
    position = {c: i for i, c in enumerate(labels)}
    found, _ = _spans(project, viewer, flt)
    key_of = np.array([position[book.theme_of(c) if level == "theme" else c]
                       for c in found.codes], dtype=np.int64)
    people = {d.participant.id for d in docs.values() if d.participant is not None}
    person = {p: i for i, p in enumerate(sorted(people))}
    speaker_of = np.full(max(docs, default=0) + 1, -1, dtype=np.int64)
    for d in docs.values():
        if d.participant is not None:
            speaker_of[d.id] = person[d.participant.id]
    n_labels = len(labels)
    # the authors count codings (two coders on one passage: twice), the committee passages
    counts, cell, speaker = spans.overlaps(found, key_of, n_labels, weighted=not committee,
                                           speaker_of=speaker_of)
    if not committee:
        return pd.DataFrame(counts, index=labels, columns=labels).astype("Int64")
    k = project.k_threshold
    spoken = speaker >= 0
    pairs = np.unique(cell[spoken] * (len(person) + 1) + speaker[spoken])
    sources = np.bincount(pairs // (len(person) + 1),
                          minlength=n_labels * n_labels).reshape(n_labels, n_labels)
    theme_sources = np.diag(sources)
    thin = (theme_sources > 0) & (theme_sources < k)
    hidden = (sources < k) | thin[:, None] | thin[None, :]
    values = np.empty((n_labels, n_labels), dtype=object)
    for i in range(n_labels):
        for j in range(n_labels):
            c = int(counts[i, j])
            values[i, j] = 0 if c == 0 else (pd.NA if hidden[i, j] else rounded(c, k))
    return pd.DataFrame(values, index=labels, columns=labels, dtype="Int64")


def filter_values(project: Project, viewer: Viewer) -> dict[str, list[str]]:
    """The values present, for each filter the viewer may use."""
    def read() -> dict[str, list[str]]:
        blind = viewer.role is AccountRole.CODER and project.blind
        with project.db.session() as s:
            rows = reads.participant_values(s)
            coders = (reads.coders(s, [viewer.username] if blind else None)
                      if viewer.sees_attributions else [])
        people = [r for r in rows if r[0]]
        out = {
            "professions": sorted({r[0] for r in people}),
            "settings": sorted({x for r in people for x in r[1].split("/")}),
            "age_bands": sorted({r[2] for r in people}),
        }
        if viewer.sees_attributions:
            out |= {"sexes": sorted({r[3] for r in people}),
                    "sites": sorted({r[4] for r in rows}), "coders": coders}
        return out
    return _cached(project, "filter_values", (viewer,), read)


def verbatim_table(items: Sequence[Verbatim]) -> pd.DataFrame:
    """A downloadable table of verbatims (with attribution when the viewer had them)."""
    return pd.DataFrame([{
        "thème": v.theme_id, "code": v.code_id, "verbatim": v.text,
        **({"attribution": v.attribution, "document": v.document, "codeur·se": v.coder,
            "suggéré par": v.suggested_by or ""} if v.attribution is not None else {}),
    } for v in items])
