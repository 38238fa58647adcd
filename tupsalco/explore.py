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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

import pandas as pd

from . import coding
from .codebook import Codebook
from .disclosure import masked_cells, rounded
from .errors import InputError, PermissionDeniedError
from .folding import fold
from .project import Project
from .query import DocumentFilter, attribution
from .records import (
    AccountRole,
    Coding,
    DocumentKind,
    DocumentSummary,
    Participant,
    Verbatim,
    Viewer,
)
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


@dataclass(frozen=True, slots=True)
class _Row:
    coding: Coding
    doc: DocumentSummary
    theme: str


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


def _read_codings(project: Project, viewer: Viewer) -> list[Coding]:
    """What the queries count from: for the committee every coding, read here and never
    returned (the answers built from them carry no coder, document or position)."""
    if viewer.sees_attributions:
        return visible_codings(project, viewer)
    with project.db.session() as s:
        return repo.codings(s)


def _rows(project: Project, viewer: Viewer, book: Codebook) -> list[_Row]:
    docs = {d.id: d for d in project.documents()}
    rows = []
    seen: set[tuple[int, str, int, int]] = set()
    for c in _read_codings(project, viewer):
        if c.code_id not in book.by_id or c.document_id not in docs:
            continue
        if viewer.role is AccountRole.COMMITTEE:
            # two coders on the same span are one passage to a reader
            key = (c.document_id, c.code_id, c.start, c.end)
            if key in seen:
                continue
            seen.add(key)
        rows.append(_Row(c, docs[c.document_id], book.theme_of(c.code_id)))
    return rows


def _descendants(book: Codebook, code_ids: Iterable[str]) -> set[str]:
    wanted = set(code_ids)
    return {c.id for c in book.codes if any(a in wanted for a in _lineage(book, c.id))}


def _lineage(book: Codebook, code_id: str) -> list[str]:
    out = [code_id]
    while (parent := book.by_id[out[-1]].parent) is not None:
        out.append(parent)
    return out


def _matches(row: _Row, flt: VerbatimFilter, documents: DocumentFilter,
             codes: set[str] | None) -> bool:
    if flt.themes and row.theme not in flt.themes:
        return False
    if codes is not None and row.coding.code_id not in codes:
        return False
    if flt.coders and row.coding.coder not in flt.coders:
        return False
    if not documents.matches(row.doc):  # the Documents page's own attribute rules
        return False
    return not flt.text or fold(flt.text) in fold(row.coding.quote)


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


def _select(project: Project, viewer: Viewer, flt: VerbatimFilter,
            book: Codebook | None = None) -> tuple[Codebook, list[_Row]]:
    book = book or coding.codebook(project)
    codes = _descendants(book, flt.codes) if flt.codes else None
    documents = DocumentFilter(flt.kinds, flt.professions, flt.settings, flt.age_bands,
                               flt.sexes, flt.sites)
    return book, [r for r in _rows(project, viewer, book)
                  if _matches(r, flt, documents, codes)]


def _sources(rows: Iterable[_Row]) -> int:
    """Distinct interviewed participants behind rows. Observation notes name nobody and count
    for no one, so a list drawn from notes alone is suppressed for the committee."""
    return len({r.doc.participant.id for r in rows if r.doc.participant is not None})


def _turn_index(project: Project, c: Coding, cache: dict[int, list[tuple[int, int, int]]]
                ) -> int | None:
    if c.document_id not in cache:
        cache[c.document_id] = [(t.index, t.start, t.end)
                                for t in project.document(c.document_id).turns]
    for index, start, end in cache[c.document_id]:
        if start <= c.start < end:
            return index
    return None


def verbatims(project: Project, viewer: Viewer, flt: VerbatimFilter = VerbatimFilter(),
              with_turns: bool = True) -> VerbatimSet:
    """Coded verbatims of a selection, in document order (for the committee: a theme's, or
    one profession's within a theme, by theme and text, so the order tells nothing about who
    spoke)."""
    if not viewer.sees_attributions:
        return _committee_verbatims(project, viewer, flt)
    _, rows = _select(project, viewer, flt)
    labels = project.band_labels
    turns: dict[int, list[tuple[int, int, int]]] = {}
    items = []
    for r in rows:
        c, p = r.coding, r.doc.participant
        items.append(Verbatim(
            c.id, c.code_id, r.theme, c.quote, r.doc.kind, r.doc.id, r.doc.name, c.start, c.end,
            _turn_index(project, c, turns) if with_turns else None, c.coder, p,
            attribution(p, labels) if p else _observation_attribution(r.doc), c.suggested_by))
    return VerbatimSet(tuple(items), _sources(rows), project.k_threshold)


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
    book, rows = _select(project, viewer, flt)
    themes = [c.id for c in book.codes if c.parent is None]
    cells = _cells(rows, attribute)
    k = project.k_threshold
    if viewer.sees_attributions:
        columns, masked = sorted({v for _, v in cells}), set()
    else:
        members = _members(project, attribute)
        columns, masked = sorted(members), _masks(rows, themes, attribute, members, k)
    data: dict[str, list[int | None]] = {v: [] for v in columns}
    for theme in themes:
        for value in columns:
            cell = cells.get((theme, value), [])
            # a passage two coders coded with the same code counts once (as ``passages``)
            n = (len({(r.doc.id, r.coding.code_id, r.coding.start, r.coding.end)
                      for r in cell})
                 if measure == "passages" else _sources(cell))
            if viewer.sees_attributions:
                data[value].append(n)
            else:
                data[value].append(None if (theme, value) in masked else rounded(n, k))
    table = pd.DataFrame(data, index=pd.Index(themes, name="thème"), dtype="Int64")
    suppressed = tuple((t, v) for t in themes for v in columns if (t, v) in masked)
    return Matrix(table, measure, attribute, k, suppressed)


def _cells(rows: Iterable[_Row], attribute: Attribute) -> dict[tuple[str, str], list[_Row]]:
    cells: dict[tuple[str, str], list[_Row]] = {}
    for r in rows:
        for value in _participant_values(r.doc.participant, r.doc, attribute):
            cells.setdefault((r.theme, value), []).append(r)
    return cells


def _members(project: Project, attribute: Attribute) -> dict[str, set[str]]:
    """For each value of an attribute, the project's interviewed participants who have it
    (the groups a cell speaks of, whatever they said)."""
    out: dict[str, set[str]] = {}
    for d in project.documents():
        if d.participant is not None:
            for value in _participant_values(d.participant, d, attribute):
                out.setdefault(value, set()).add(d.participant.id)
    return out


def _masks(rows: Sequence[_Row], themes: Sequence[str], attribute: Attribute,
           members: dict[str, set[str]], k: int) -> set[tuple[str, str]]:
    """The committee's masked (theme, value) cells: a whole row when the theme is drawn from
    fewer than k participants, else its primary and secondary suppression."""
    cells = _cells(rows, attribute)
    masked = set()
    for theme in themes:
        n = _sources(r for r in rows if r.theme == theme)
        if 0 < n < k:
            hidden = set(members)
        else:
            speakers = {v: {r.doc.participant.id for r in cells.get((theme, v), [])
                            if r.doc.participant is not None} for v in members}
            hidden = masked_cells(speakers, members, k)
        masked |= {(theme, v) for v in hidden}
    return masked


def _committee_verbatims(project: Project, viewer: Viewer, flt: VerbatimFilter) -> VerbatimSet:
    """A theme's verbatims (every theme's when none is named), or one profession's within
    it: published cells only, so any two answers differ by published cells."""
    _check_committee(flt, lists=True)
    book = coding.codebook(project)
    rows = _rows(project, viewer, book)
    k = project.k_threshold
    themes = [c.id for c in book.codes if c.parent is None
              and (not flt.themes or c.id in flt.themes)]
    members = _members(project, COMMITTEE_LISTS)
    masked = _masks(rows, themes, COMMITTEE_LISTS, members, k) if flt.professions else set()
    shown: list[_Row] = []
    held_back = False
    for theme in themes:
        of_theme = [r for r in rows if r.theme == theme]
        if of_theme and _sources(of_theme) < k:
            # fewer than k, or observation notes alone (they count for no one)
            held_back = True
            continue
        if flt.professions:
            profession = next(iter(flt.professions))
            if (theme, profession) in masked:
                held_back = True
                continue
            of_theme = [r for r in of_theme if r.doc.participant is not None
                        and r.doc.participant.profession == profession]
        shown += of_theme
    # one passage once per theme, whichever coder or sub-code it came under
    unique: dict[tuple[str, str], _Row] = {}
    for r in sorted(shown, key=lambda r: r.coding.code_id):
        unique.setdefault((r.theme, r.coding.quote), r)
    items = sorted((Verbatim(None, r.coding.code_id, r.theme, r.coding.quote, r.doc.kind)
                    for r in unique.values()), key=lambda v: (v.theme_id, v.code_id, v.text))
    return VerbatimSet(tuple(items), rounded(_sources(shown), k), k, suppressed=held_back)


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
    book, rows = _select(project, viewer, flt)
    key = (lambda r: r.theme) if level == "theme" else (lambda r: r.coding.code_id)
    labels = ([c.id for c in book.codes if c.parent is None] if level == "theme"
              else [c.id for c in book.codes])
    pairs: dict[tuple[str, str], list[_Row]] = {}
    by_doc: dict[int, list[_Row]] = {}
    for r in rows:
        by_doc.setdefault(r.doc.id, []).append(r)
        pairs.setdefault((key(r), key(r)), []).append(r)
    for doc_rows in by_doc.values():
        doc_rows.sort(key=lambda r: r.coding.start)
        for i, a in enumerate(doc_rows):
            for b in doc_rows[i + 1:]:
                if b.coding.start >= a.coding.end:
                    break
                ka, kb = key(a), key(b)
                if ka != kb:
                    pairs.setdefault((ka, kb), []).append(a)
                    pairs.setdefault((kb, ka), []).append(a)
    k = project.k_threshold
    table = pd.DataFrame(0, index=labels, columns=labels, dtype="Int64")
    for (a, b), cell in pairs.items():
        if a in table.index and b in table.columns:
            if viewer.sees_attributions:
                table.loc[a, b] = len(cell)
            else:
                hidden = _sources(cell) < k or any(
                    0 < _sources(r for r in rows if r.theme == t) < k for t in (a, b))
                table.loc[a, b] = pd.NA if hidden else rounded(len(cell), k)
    return table


def filter_values(project: Project, viewer: Viewer) -> dict[str, list[str]]:
    """The values present, for each filter the viewer may use."""
    docs = project.documents()
    parts = [d.participant for d in docs if d.participant]
    out = {
        "professions": sorted({p.profession for p in parts}),
        "settings": sorted({s for p in parts for s in p.settings}),
        "age_bands": sorted({p.age_band for p in parts}),
    }
    if viewer.sees_attributions:
        out |= {
            "sexes": sorted({p.sex for p in parts}),
            "sites": sorted({p.site for p in parts} | {d.header.site for d in docs if d.header}),
            "coders": sorted({c.coder for c in visible_codings(project, viewer)}),
        }
    return out


def verbatim_table(items: Sequence[Verbatim]) -> pd.DataFrame:
    """A downloadable table of verbatims (with attribution when the viewer had them)."""
    return pd.DataFrame([{
        "thème": v.theme_id, "code": v.code_id, "verbatim": v.text,
        **({"attribution": v.attribution, "document": v.document, "codeur·se": v.coder,
            "suggéré par": v.suggested_by or ""} if v.attribution is not None else {}),
    } for v in items])
