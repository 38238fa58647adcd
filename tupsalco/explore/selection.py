"""What a question selects: the codings a filter names, as the database is asked for them,
their passages, and the passages counted by theme, document and participant."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from .. import spans
from ..codebook import Codebook
from ..project import Project
from ..query import DocumentFilter, attribution
from ..records import REFERENCE, AccountRole, DocumentKind, DocumentSummary, Participant, Viewer
from ..store import reads
from ..store import repository as repo
from .cache import bulk, cached, codebook, documents
from .model import Attribute, VerbatimFilter


def participant_values(p: Participant | None, doc: DocumentSummary,
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


def descendants(book: Codebook, code_ids: Iterable[str]) -> set[str]:
    wanted = set(code_ids)
    return {c.id for c in book.codes if any(a in wanted for a in _lineage(book, c.id))}


def _lineage(book: Codebook, code_id: str) -> list[str]:
    out = [code_id]
    while (parent := book.by_id[out[-1]].parent) is not None:
        out.append(parent)
    return out


def coding_scope(project: Project, viewer: Viewer, book: Codebook, flt: VerbatimFilter,
                 s: Session) -> reads.CodingScope:
    """The codings a filter selects, as the database is asked for them: codes (a theme's or
    a code's with their sub-codes), documents (the Documents page's own attribute rules),
    coders (a blind coder's own only); read in the caller's session ``s``."""
    codes: set[str] | None = None
    if flt.themes:
        codes = {c.id for c in book.codes if book.theme_of(c.id) in flt.themes}
    if flt.codes:
        under = descendants(book, flt.codes)
        codes = under if codes is None else codes & under
    coders = set(flt.coders) if flt.coders else None
    if viewer.role is AccountRole.CODER and project.blind:
        coders = {viewer.username} & coders if coders is not None else {viewer.username}
    by_document = DocumentFilter(flt.kinds, flt.professions, flt.settings, flt.age_bands,
                                 flt.sexes, flt.sites)
    doc_ids = None
    if any((flt.kinds, flt.professions, flt.settings, flt.age_bands, flt.sexes, flt.sites)):
        doc_ids = frozenset(d.id for d in documents(project).values()
                            if by_document.matches(d))
    # an open blind round's documents: own codings only
    in_round = frozenset(repo.blind_round_documents(s, viewer.username))
    return reads.CodingScope(None if codes is None else frozenset(codes), doc_ids,
                             None if coders is None else frozenset(coders), in_round,
                             frozenset({viewer.username, REFERENCE}))


def selected_spans(project: Project, viewer: Viewer, flt: VerbatimFilter
                   ) -> tuple[spans.Spans, reads.CodingScope]:
    """A selection's passages (two coders on the same span with the same code are one),
    cached by the project's version, and the scope they were read with."""
    book = codebook(project)
    with project.db.session() as s:
        scope = coding_scope(project, viewer, book, flt, s)

    def read() -> spans.Spans:
        with project.db.session() as s, bulk():
            return spans.read(s, scope, [c.id for c in book.codes], flt.text)
    return cached(project, "spans", (scope, flt.text), read), scope


def theme_counts(found: spans.Spans, book: Codebook) -> list[tuple[str, int, int]]:
    """(theme, document, passages) of a selection."""
    themes = sorted({book.theme_of(c) for c in found.codes})
    position = {t: i for i, t in enumerate(themes)}
    theme_of = np.array([position[book.theme_of(c)] for c in found.codes], dtype=np.int64)
    return [(themes[t], d, n) for t, d, n in spans.by_key_and_document(found, theme_of)]


@dataclass(frozen=True, slots=True)
class Tally:
    """A selection counted by theme and by an attribute's value."""

    passages: dict[tuple[str, str], int]
    speakers: dict[tuple[str, str], set[str]]
    theme_speakers: dict[str, set[str]]
    theme_passages: dict[str, int]  # observation notes included (they count for no one)


def tally(counts: Iterable[tuple[str, int, int]], docs: dict[int, DocumentSummary],
          attribute: Attribute) -> Tally:
    """``counts``: (theme, document, passages)."""
    out = Tally({}, {}, {}, {})
    values = {d.id: participant_values(d.participant, d, attribute) for d in docs.values()}
    speaker = {d.id: d.participant.id if d.participant is not None else None
               for d in docs.values()}
    for theme, doc_id, n in counts:
        p = speaker[doc_id]
        out.theme_passages[theme] = out.theme_passages.get(theme, 0) + n
        who = out.theme_speakers.setdefault(theme, set())
        if p is not None:
            who.add(p)
        for value in values[doc_id]:
            out.passages[theme, value] = out.passages.get((theme, value), 0) + n
            cell = out.speakers.setdefault((theme, value), set())
            if p is not None:
                cell.add(p)
    return out


def members(docs: dict[int, DocumentSummary], attribute: Attribute) -> dict[str, set[str]]:
    """For each value of an attribute, the project's interviewed participants who have it
    (the groups a cell speaks of, whatever they said)."""
    out: dict[str, set[str]] = {}
    for d in docs.values():
        if d.participant is not None:
            for value in participant_values(d.participant, d, attribute):
                out.setdefault(value, set()).add(d.participant.id)
    return out


def said_by(doc: DocumentSummary, labels: dict[str, str]) -> str:
    """A passage's attribution: its participant's, or its document's when no one's."""
    p = doc.participant
    return attribution(p, labels) if p else _observation_attribution(doc)


def _observation_attribution(doc: DocumentSummary) -> str:
    if doc.kind is DocumentKind.INTERVIEW:  # an imported transcript no participant claims
        return "(entretien)"
    if doc.kind is DocumentKind.TEXT:  # another tool's document: neither interview nor note
        return "(document)"
    activity = {"consultation": "observation de consultation", "rdv_ts": "observation de RDV TS",
                "rcp": "observation de RCP"}
    return f"({activity.get(doc.header.activity, 'observation') if doc.header else 'observation'})"
