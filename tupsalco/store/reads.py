"""Read-only selects for exploring many codings: Core columns, filtered and counted by the
database, never one ORM object per coding. ``explore`` turns them into records."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Select,
    Text,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from ..records import DocumentKind, DocumentSummary, ObservationHeader, Participant
from .models import CodingRow, DocumentRow, ParticipantRow, TurnRow

C = CodingRow.__table__.c
T = TurnRow.__table__.c


@dataclass(frozen=True, slots=True)
class CodingScope:
    """Which codings a question reads; None does not filter, an empty set matches nothing."""

    code_ids: frozenset[str] | None = None
    document_ids: frozenset[int] | None = None
    coders: frozenset[str] | None = None
    # the documents of an open blind round the reader codes in: there only ``seen`` coders'
    # codings (the reader's own and the reference) are read
    blind_documents: frozenset[int] = frozenset()
    seen: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return any(s is not None and not s for s in (self.code_ids, self.document_ids,
                                                     self.coders))


def raw_rows(session: Session, query: Select) -> list[tuple[Any, ...]]:
    """The rows as the database driver gives them: plain tuples, without a Row object or a
    type conversion per row (a JSON column comes as text on SQLite: see ``json_value``)."""
    result = session.connection().execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def scoped(query: Select, scope: CodingScope) -> Select:
    """``query`` (on the codings) limited to a scope's codes, documents and coders."""
    if scope.code_ids is not None:
        query = query.where(C.code_id.in_(sorted(scope.code_ids)))
    if scope.document_ids is not None:
        # ids written into the statement: a thousand documents would pass SQLite's limit of
        # bound parameters on older builds
        query = query.where(C.document_id.in_(bindparam(
            "document_ids", sorted(scope.document_ids), expanding=True, literal_execute=True)))
    if scope.coders is not None:
        query = query.where(C.coder.in_(sorted(scope.coders)))
    if scope.blind_documents:
        query = query.where(or_(C.document_id.not_in(sorted(scope.blind_documents)),
                                C.coder.in_(sorted(scope.seen))))
    return query


def document_facts(session: Session) -> list[DocumentSummary]:
    """Every document with its participant and header, without its text or its counts
    (``n_turns``, ``n_chars`` and ``n_entities`` are 0): what exploring needs of it."""
    d, p = DocumentRow.__table__.c, ParticipantRow.__table__.c
    rows = raw_rows(session, select(
        d.id, d.name, d.kind, d.site, d.activity, d.period, d.present, d.media_path,
        p.id, p.profession, p.sex, p.age_band, p.settings, p.site, p.network, p.function)
        .outerjoin(ParticipantRow, d.participant_id == p.id).order_by(d.kind, d.name))
    out = []
    for id_, name, kind, site, activity, period, present, media, *person in rows:
        header = (ObservationHeader(period or "", site or "", activity or "",
                                    tuple(json_value(present) or ()))
                  if kind == DocumentKind.OBSERVATION.value else None)
        pid, profession, sex, band, settings, psite, network, function = person
        part = None if pid is None else Participant(
            id=pid, profession=profession, sex=sex, age_band=band,
            settings=tuple(settings.split("/")), site=psite, network=network,
            function=function)
        out.append(DocumentSummary(
            id=id_, name=name, kind=DocumentKind(kind), participant=part,
            n_turns=0, n_chars=0, n_entities=0, header=header, has_media=bool(media)))
    return out


def coding_rows(session: Session, scope: CodingScope, *, with_turns: bool = True
                ) -> list[Any]:
    """(id, document id, code id, start, end, coder, quote, meta, turn index or None) in
    document order; the turn is found by the database from the coding's start."""
    if scope.empty:
        return []
    columns = [C.id, C.document_id, C.code_id, C.start, C.end, C.coder, C.quote, C.meta]
    columns.append(
        select(T.idx).where(T.document_id == C.document_id, T.start <= C.start,
                            T.end > C.start)
        .order_by(T.start.desc()).limit(1).scalar_subquery() if with_turns
        else null().label("turn"))
    query = scoped(select(*columns), scope).order_by(C.document_id, C.start, C.id)
    return raw_rows(session, query)  # meta as the driver gives it: read it with ``json_value``


def span_counts(session: Session, scope: CodingScope, *, distinct_spans: bool
                ) -> list[tuple[str, int, int]]:
    """(code id, document id, codings) for each code and document; with ``distinct_spans``
    two coders on the same span count once."""
    if scope.empty:
        return []
    if distinct_spans:
        spans = scoped(select(C.code_id, C.document_id, C.start, C.end).distinct(),
                       scope).subquery()
        query = (select(spans.c.code_id, spans.c.document_id, func.count())
                 .group_by(spans.c.code_id, spans.c.document_id))
    else:
        query = scoped(select(C.code_id, C.document_id, func.count()), scope).group_by(
            C.code_id, C.document_id)
    return raw_rows(session, query)


def spans(session: Session, scope: CodingScope, *, distinct_spans: bool, with_quote: bool,
          code_numbers: Mapping[str, int] | None = None) -> list[Any]:
    """(document id, code id, start, end[, quote]) ordered by document and start; with
    ``code_numbers`` the code comes as its number (every column an integer, so the rows
    make a numpy array at once)."""
    if scope.empty:
        return []
    if code_numbers is None:
        code = C.code_id
    elif code_numbers:
        code = case(dict(code_numbers), value=C.code_id, else_=-1)
    else:  # no code known (an empty codebook): a CASE with no WHEN is no SQL
        code = literal(-1)
    columns = [C.document_id, code, C.start, C.end] + ([C.quote] if with_quote else [])
    query = select(*columns).distinct() if distinct_spans else select(*columns)
    order = [C.document_id, C.start] + ([] if distinct_spans else [C.id])
    return raw_rows(session, scoped(query, scope).order_by(*order))


def span_groups(session: Session, scope: CodingScope) -> list[Any]:
    """(document id, start, end, code id, codings, first coding's id): one row per passage
    (two coders on the same span with the same code make one), in document order; read
    from the index ``ix_codings_spans`` alone."""
    if scope.empty:
        return []
    key = [C.document_id, C.start, C.end, C.code_id]
    query = scoped(select(*key, func.count(), func.min(C.id)), scope)
    return raw_rows(session, query.group_by(*key).order_by(*key))


def coding_rows_in(session: Session, scope: CodingScope, document_ids: Sequence[int]
                   ) -> list[Any]:
    """(id, document id, code id, start, end, coder, quote, meta) of a few documents'
    codings within a scope (a page of passages)."""
    if scope.empty or not document_ids:
        return []
    query = scoped(select(C.id, C.document_id, C.code_id, C.start, C.end, C.coder, C.quote,
                          C.meta), scope)
    return raw_rows(session, query.where(C.document_id.in_(sorted(set(document_ids)))))


def turn_spans(session: Session, document_ids: Sequence[int]
               ) -> list[tuple[int, int, int, int]]:
    """(document id, start, end, index) of some documents' turns, in document and text
    order."""
    if not document_ids:
        return []
    query = select(T.document_id, T.start, T.end, T.idx).where(T.document_id.in_(bindparam(
        "turn_documents", sorted(set(document_ids)), expanding=True, literal_execute=True)))
    return raw_rows(session, query.order_by(T.document_id, T.start))


def quotes_of(session: Session, ids: Sequence[int]) -> list[tuple[str, str, int]]:
    """(code id, quote, document id) of some codings."""
    if not ids:
        return []
    return raw_rows(session, select(C.code_id, C.quote, C.document_id).where(_ids_in(C.id, ids)))


def _ids_in(column: Any, ids: Sequence[int]) -> Any:
    """``column IN (ids)`` with the ids written into the statement: as bound parameters,
    thousands of them pass SQLite's limit on older builds, and SQLAlchemy's own literal
    rendering spends longer on 15,000 ids than the database on reading their rows."""
    listed = ",".join(str(int(i)) for i in sorted(ids))
    return text(f"{column.table.name}.{column.name} IN ({listed})")


def participant_values(session: Session) -> list[tuple[str, str, str, str, str]]:
    """(profession, settings, age band, sex, site) of the participants who have a document,
    each combination once; and observation notes' sites as ("", "", "", "", site)."""
    d, p = DocumentRow.__table__.c, ParticipantRow.__table__.c
    people = select(p.profession, p.settings, p.age_band, p.sex, p.site).distinct().where(
        p.id.in_(select(d.participant_id).where(d.participant_id.is_not(None))))
    notes = select(literal(""), literal(""), literal(""), literal(""),
                   func.coalesce(d.site, "")).distinct().where(
        d.kind == DocumentKind.OBSERVATION.value)
    return raw_rows(session, people.union_all(notes))


def passages(session: Session, scope: CodingScope) -> list[Any]:
    """(code id, quote, first document id) of each distinct quote of a code, ordered by code
    and first document."""
    if scope.empty:
        return []
    first = func.min(C.document_id)
    query = scoped(select(C.code_id, C.quote, first), scope).group_by(
        C.code_id, C.quote).order_by(C.code_id, first)
    return raw_rows(session, query)


def coders(session: Session, only: Sequence[str] | None = None) -> list[str]:
    """The coders who coded something (among ``only`` if given)."""
    if only is not None:
        query = select(C.coder).distinct().where(C.coder.in_(list(only)))
        return sorted(session.scalars(query))
    # one index look-up per coder (the next name after the last), not a scan of every coding
    found = select(func.min(C.coder).label("coder")).cte("found", recursive=True)
    after = select(func.min(C.coder)).where(C.coder > found.c.coder).scalar_subquery()
    found = found.union_all(select(after).where(found.c.coder.is_not(None)))
    return sorted(session.scalars(select(found.c.coder).where(found.c.coder.is_not(None))))


def coding_codes(session: Session, coders: Sequence[str] | None = None
                 ) -> dict[int, str]:
    """Each coding's code, by id (of some coders if asked)."""
    query = select(C.id, C.code_id)
    if coders is not None:
        query = query.where(C.coder.in_(list(coders)))
    return dict(raw_rows(session, query))


def coding_quotes(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """(quote, code id) of some codings, by id."""
    if not ids:
        return {}
    query = select(C.id, C.quote, C.code_id).where(C.id.in_(bindparam(
        "ids", sorted(ids), expanding=True, literal_execute=True)))
    return {i: (q, c) for i, q, c in raw_rows(session, query)}


CODER_SEPARATOR = "\x1f"  # the ASCII unit separator: in no username, typed by no one


def passage_coders(session: Session, scope: CodingScope) -> list[Any]:
    """(document id, start, end, code id, codings, coders): one row per passage in document
    order, its coders in one string (in name order, joined by ``CODER_SEPARATOR``), so that
    a list of every coding is read as some 15,000 rows, not 200,000. Read from the index
    ``ix_codings_spans`` alone (no quote: see ``texts``)."""
    if scope.empty:
        return []
    key = [C.document_id, C.start, C.end, C.code_id]
    # written into the statement: SQLite reads a bound separator again on every row
    separator = literal(CODER_SEPARATOR, literal_execute=True)
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import aggregate_order_by

        coders = func.string_agg(C.coder, aggregate_order_by(separator, C.coder))
    else:  # SQLite aggregates the rows in the order of the index it scans: by coder
        coders = func.group_concat(C.coder, separator)
    query = scoped(select(*key, func.count(), coders), scope)
    return raw_rows(session, query.group_by(*key).order_by(*key))


def suggested_codings(session: Session, scope: CodingScope) -> list[Any]:
    """(document id, start, end, code id, coder, meta) of the codings that carry a meta (an
    accepted suggestion's model), within a scope."""
    if scope.empty:
        return []
    # a coding made by hand holds SQL NULL or JSON's null, as the path that wrote it did
    query = select(C.document_id, C.start, C.end, C.code_id, C.coder, C.meta).where(
        C.meta.is_not(None), cast(C.meta, Text) != "null")
    return raw_rows(session, scoped(query, scope))


def texts(session: Session, document_ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, stored text) of some documents: a coding's quote is its document's
    ``text[start:end]`` (every write path keeps it so), and slicing a thousand texts costs
    less than looking up 15,000 quotes."""
    if not document_ids:
        return []
    d = DocumentRow.__table__.c
    return raw_rows(session, select(d.id, d.text).where(_ids_in(d.id, document_ids)))
