"""Explore coded verbatims: filters, matrix coding queries, code co-occurrence.

Every function takes the viewer, and the rules of each role are applied here, not in the
pages: the committee never receives a document name, a participant, an attribution, a coder
or an offset, and never a count, a chart bar or a list drawn from fewer than k participants
(the project's k); a coder in a blind project sees only their own codings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

import pandas as pd

from . import coding
from .codebook import Codebook
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
SUPPRESSED = "masqué (< k)"


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
    """A list of verbatims, or nothing and ``suppressed`` when it would come from fewer than
    ``k`` participants and the viewer is the committee."""

    items: tuple[Verbatim, ...]
    participants: int
    k: int
    suppressed: bool = False


@dataclass(frozen=True, slots=True)
class Matrix:
    """Counts of themes (rows) against an attribute's values (columns); suppressed cells
    hold None."""

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
    coder), everyone's otherwise."""
    return coding.codings(project, viewer, document_id)


def _rows(project: Project, viewer: Viewer, book: Codebook) -> list[_Row]:
    docs = {d.id: d for d in project.documents()}
    rows = []
    seen: set[tuple[int, str, int, int]] = set()
    for c in visible_codings(project, viewer):
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


def _select(project: Project, viewer: Viewer, flt: VerbatimFilter,
            book: Codebook | None = None) -> tuple[Codebook, list[_Row]]:
    if not viewer.sees_attributions and (flt.sites or flt.sexes or flt.coders or flt.kinds):
        # a site, a sex or a coder narrows a list to a handful of known people
        raise PermissionDeniedError("the committee filters by theme, profession, setting and "
                                    "age band only.")
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
    """Coded verbatims of a selection, in document order (for the committee: by theme and
    text, so the order tells nothing about who spoke)."""
    _, rows = _select(project, viewer, flt)
    k = project.k_threshold
    n = _sources(rows)
    if not viewer.sees_attributions:
        if n < k:
            # the exact number (1 or 2 people) is itself a count drawn from fewer than k
            return VerbatimSet((), 0, k, suppressed=bool(rows))
        # one passage once per theme, whichever coder or sub-code it came under
        unique = {(r.theme, r.coding.quote): r for r in rows}
        items = sorted((Verbatim(None, r.coding.code_id, r.theme, r.coding.quote, r.doc.kind)
                        for r in unique.values()), key=lambda v: (v.theme_id, v.code_id, v.text))
        return VerbatimSet(tuple(items), n, k)
    labels = project.band_labels
    turns: dict[int, list[tuple[int, int, int]]] = {}
    items = []
    for r in rows:
        c, p = r.coding, r.doc.participant
        items.append(Verbatim(
            c.id, c.code_id, r.theme, c.quote, r.doc.kind, r.doc.id, r.doc.name, c.start, c.end,
            _turn_index(project, c, turns) if with_turns else None, c.coder, p,
            attribution(p, labels) if p else _observation_attribution(r.doc), c.suggested_by))
    return VerbatimSet(tuple(items), n, k)


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
    passages or distinct participants. For the committee, a cell drawn from fewer than k
    participants is None, and only profession, setting and age band are offered."""
    attribute = Attribute(attribute)
    if measure not in ("passages", "participants"):
        raise InputError("measure is 'passages' or 'participants'.")
    if not viewer.sees_attributions and attribute not in COMMITTEE_ATTRIBUTES:
        raise PermissionDeniedError(
            f"the committee sees themes by {', '.join(a.value for a in COMMITTEE_ATTRIBUTES)}.")
    book, rows = _select(project, viewer, flt)
    themes = [c.id for c in book.codes if c.parent is None]
    cells: dict[tuple[str, str], list[_Row]] = {}
    for r in rows:
        for value in _participant_values(r.doc.participant, r.doc, attribute):
            cells.setdefault((r.theme, value), []).append(r)
    columns = sorted({v for _, v in cells})
    k = project.k_threshold
    data: dict[str, list[int | None]] = {v: [] for v in columns}
    suppressed = []
    for theme in themes:
        for value in columns:
            cell = cells.get((theme, value), [])
            n = len(cell) if measure == "passages" else _sources(cell)
            if not viewer.sees_attributions and cell and _sources(cell) < k:
                suppressed.append((theme, value))
                data[value].append(None)
            else:
                data[value].append(n)
    table = pd.DataFrame(data, index=pd.Index(themes, name="thème"), dtype="Int64")
    return Matrix(table, measure, attribute, k, tuple(suppressed))


def cell_verbatims(project: Project, viewer: Viewer, theme: str, attribute: Attribute | str,
                   value: str, flt: VerbatimFilter = VerbatimFilter()) -> VerbatimSet:
    """The verbatims behind one matrix cell (same suppression as the cell)."""
    attribute = Attribute(attribute)
    field_name = {
        Attribute.PROFESSION: "professions", Attribute.SETTING: "settings",
        Attribute.AGE_BAND: "age_bands", Attribute.SEX: "sexes", Attribute.SITE: "sites",
        Attribute.KIND: "kinds",
    }[attribute]
    wanted = frozenset({DocumentKind(value) if attribute is Attribute.KIND else value})
    if not viewer.sees_attributions and attribute not in COMMITTEE_ATTRIBUTES:
        return VerbatimSet((), 0, project.k_threshold, suppressed=True)
    return verbatims(project, viewer,
                     replace(flt, themes=frozenset({theme}), **{field_name: wanted}))


def cooccurrence(project: Project, viewer: Viewer, flt: VerbatimFilter = VerbatimFilter(),
                 level: str = "theme") -> pd.DataFrame:
    """How often two themes (or codes) code overlapping text of the same document; the
    diagonal counts the passages. For the committee, a pair drawn from fewer than k
    participants is None."""
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
            hidden = not viewer.sees_attributions and _sources(cell) < k
            table.loc[a, b] = pd.NA if hidden else len(cell)
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
