"""Reads and writes of the working database, in and out of records (never rows)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..offsets import OffsetMap, rewrite
from ..records import (
    AuditEvent,
    Document,
    DocumentKind,
    DocumentReview,
    DocumentSummary,
    Entity,
    Mark,
    ObservationHeader,
    Participant,
    Role,
    TextEdit,
    Turn,
)
from .models import (
    AllowTermRow,
    AuditEventRow,
    CodingRow,
    DocumentRow,
    EntityRow,
    ParticipantRow,
    ProjectRow,
    TurnRow,
    utcnow,
)


def participant_from_row(row: ParticipantRow) -> Participant:
    return Participant(
        id=row.id, profession=row.profession, sex=row.sex, age_band=row.age_band,
        settings=tuple(row.settings.split("/")), site=row.site, network=row.network,
        function=row.function,
    )


def upsert_participants(session: Session, participants: Sequence[Participant]) -> int:
    for p in participants:
        row = session.get(ParticipantRow, p.id) or ParticipantRow(id=p.id)
        row.profession, row.sex, row.age_band = p.profession, p.sex, p.age_band
        row.settings, row.site, row.network, row.function = p.setting, p.site, p.network, p.function
        session.add(row)
    return len(participants)


def list_participants(session: Session) -> list[Participant]:
    rows = session.scalars(select(ParticipantRow).order_by(ParticipantRow.id))
    return [participant_from_row(r) for r in rows]


def document_id_by_hash(session: Session, content_hash: str) -> int | None:
    return session.scalar(select(DocumentRow.id).where(DocumentRow.content_hash == content_hash))


def document_id_by_name(session: Session, name: str) -> int | None:
    return session.scalar(select(DocumentRow.id).where(DocumentRow.name == name))


def add_document(
    session: Session,
    *,
    name: str,
    kind: DocumentKind,
    text: str,
    turns: Sequence[Turn],
    entities: Sequence[Entity],
    content_hash: str,
    participant_id: str | None,
    header: ObservationHeader | None,
    source_format: str,
) -> DocumentRow:
    row = DocumentRow(
        name=name, kind=kind.value, text=text, content_hash=content_hash,
        participant_id=participant_id, source_format=source_format,
        period=header.period if header else None, site=header.site if header else None,
        activity=header.activity if header else None,
        present=list(header.present) if header else None,
    )
    row.turns = [
        TurnRow(idx=t.index, role=t.role.value, label=t.label, start=t.start, end=t.end,
                timestamp=t.timestamp,
                marks=[{"start": m.start, "end": m.end, "label": m.label} for m in t.marks])
        for t in turns
    ]
    row.entities = [
        EntityRow(start=e.start, end=e.end, type=e.type, surrogate=e.surrogate, source=e.source,
                  form_index=e.form_index)
        for e in entities
    ]
    session.add(row)
    session.flush()
    return row


def edit_document_text(session: Session, document_id: int, edits: Sequence[TextEdit]) -> OffsetMap:
    """Rewrite a stored text and carry turns, marks and entities through the edit.

    Entities overlapping an edit are replaced by the edit's own entity, if any; every other
    position is remapped, never left shifted.
    """
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise LookupError(document_id)
    ordered = sorted(edits, key=lambda e: e.start)
    new_text, offsets = rewrite(row.text, [(e.start, e.end, e.new) for e in ordered])
    for turn in row.turns:
        turn.start, turn.end = offsets.to_new(turn.start), offsets.to_new(turn.end)
        turn.marks = [{**m, "start": offsets.to_new(m["start"]), "end": offsets.to_new(m["end"])}
                      for m in turn.marks or []]
    spans = [(e.start, e.end) for e in ordered]
    for ent in list(row.entities):
        if any(s < ent.end and ent.start < e for s, e in spans):
            row.entities.remove(ent)
        else:
            ent.start, ent.end = offsets.to_new(ent.start), offsets.to_new(ent.end)
    for i, edit in enumerate(ordered):
        if edit.entity is not None:
            e = edit.entity
            row.entities.append(EntityRow(
                start=offsets.new_starts[i], end=offsets.new_ends[i], type=e.type,
                surrogate=e.surrogate, source=e.source, form_index=e.form_index,
                accepted_by=e.accepted_by))
    # codings keep covering their words: a start inside an edit snaps to the edit's start
    for coding in session.scalars(select(CodingRow).where(CodingRow.document_id == document_id)):
        coding.start = offsets.to_new(coding.start, inside="start")
        coding.end = max(coding.start, offsets.to_new(coding.end))
        coding.quote = new_text[coding.start:coding.end]
    row.text = new_text
    project = get_project(session)
    if project is not None:
        project.text_version += 1
    session.flush()
    return offsets


def _turn(row: TurnRow) -> Turn:
    return Turn(
        index=row.idx, role=Role(row.role), label=row.label, start=row.start, end=row.end,
        timestamp=row.timestamp,
        marks=tuple(Mark(m["start"], m["end"], m["label"]) for m in row.marks or []),
    )


def _header(row: DocumentRow) -> ObservationHeader | None:
    if row.kind != DocumentKind.OBSERVATION.value:
        return None
    return ObservationHeader(period=row.period or "", site=row.site or "",
                             activity=row.activity or "", present=tuple(row.present or ()))


def get_document(session: Session, document_id: int) -> Document | None:
    row = session.get(DocumentRow, document_id)
    if row is None:
        return None
    participant = (session.get(ParticipantRow, row.participant_id)
                   if row.participant_id else None)
    return Document(
        id=row.id, name=row.name, kind=DocumentKind(row.kind), text=row.text,
        turns=tuple(_turn(t) for t in row.turns),
        participant=participant_from_row(participant) if participant else None,
        header=_header(row), content_hash=row.content_hash, imported_at=row.imported_at,
    )


def document_entities(session: Session, document_id: int) -> list[Entity]:
    rows = session.scalars(
        select(EntityRow).where(EntityRow.document_id == document_id).order_by(EntityRow.start)
    )
    return [Entity(r.start, r.end, r.type, r.surrogate, r.source, r.form_index, r.accepted_by)
            for r in rows]


def list_documents(session: Session) -> list[DocumentSummary]:
    n_turns = (select(TurnRow.document_id, func.count().label("n")).group_by(TurnRow.document_id)
               .subquery())
    n_ents = (select(EntityRow.document_id, func.count().label("n"))
              .group_by(EntityRow.document_id).subquery())
    query = (
        select(DocumentRow, ParticipantRow, n_turns.c.n, n_ents.c.n,
               func.length(DocumentRow.text))
        .outerjoin(ParticipantRow, DocumentRow.participant_id == ParticipantRow.id)
        .outerjoin(n_turns, n_turns.c.document_id == DocumentRow.id)
        .outerjoin(n_ents, n_ents.c.document_id == DocumentRow.id)
        .order_by(DocumentRow.kind, DocumentRow.name)
    )
    return [
        DocumentSummary(
            id=doc.id, name=doc.name, kind=DocumentKind(doc.kind),
            participant=participant_from_row(part) if part else None,
            n_turns=turns or 0, n_chars=length or 0, n_entities=ents or 0, header=_header(doc),
        )
        for doc, part, turns, ents, length in session.execute(query)
    ]


def get_project(session: Session) -> ProjectRow | None:
    return session.scalar(select(ProjectRow))


def audit_events(session: Session, limit: int = 200) -> list[AuditEvent]:
    rows = session.scalars(select(AuditEventRow).order_by(AuditEventRow.id.desc()).limit(limit))
    return [AuditEvent(r.id, r.at, r.actor, r.action, r.target, dict(r.detail or {}))
            for r in rows]


def allow_terms(session: Session) -> list[str]:
    return list(session.scalars(select(AllowTermRow.term).order_by(AllowTermRow.term)))


def add_allow_term(session: Session, term: str, actor: str) -> None:
    if session.get(AllowTermRow, term) is None:
        session.add(AllowTermRow(term=term, added_by=actor))


def all_entities(session: Session) -> list[tuple[int, str, Entity]]:
    """(document id, document name, entity) for every replaced identifier of the project."""
    rows = session.execute(
        select(EntityRow, DocumentRow.name).join(DocumentRow)
        .order_by(EntityRow.surrogate, DocumentRow.name, EntityRow.start)
    )
    return [(r.document_id, name, Entity(r.start, r.end, r.type, r.surrogate, r.source,
                                         r.form_index, r.accepted_by)) for r, name in rows]


def accept_surrogate(session: Session, surrogate: str, actor: str) -> int:
    rows = session.scalars(select(EntityRow).where(EntityRow.surrogate == surrogate)).all()
    for r in rows:
        r.accepted_by = actor
    return len(rows)


def document_texts(session: Session) -> list[tuple[int, str, str]]:
    return list(session.execute(select(DocumentRow.id, DocumentRow.name, DocumentRow.text)
                                .order_by(DocumentRow.id)))


def set_review_status(session: Session, document_id: int, status: str, actor: str) -> None:
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise LookupError(document_id)
    row.review_status, row.reviewed_by, row.reviewed_at = status, actor, utcnow()


def review_statuses(session: Session) -> list[DocumentReview]:
    rows = session.execute(
        select(DocumentRow.id, DocumentRow.name, DocumentRow.review_status,
               DocumentRow.reviewed_by, DocumentRow.reviewed_at).order_by(DocumentRow.name)
    )
    return [DocumentReview(*r) for r in rows]


def add_entities(session: Session, document_id: int, entities: Sequence[Entity]) -> None:
    for e in entities:
        session.add(EntityRow(document_id=document_id, start=e.start, end=e.end, type=e.type,
                              surrogate=e.surrogate, source=e.source, form_index=e.form_index))
