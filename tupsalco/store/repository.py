"""Reads and writes of the working database, in and out of records (never rows)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..codebook import Code
from ..errors import NotFoundError
from ..offsets import OffsetMap, rewrite
from ..records import (
    Account,
    AccountRole,
    Adjudication,
    AuditEvent,
    Coding,
    Document,
    DocumentKind,
    DocumentReview,
    DocumentSummary,
    Entity,
    Mark,
    MediaFile,
    Memo,
    ObservationHeader,
    Participant,
    Role,
    Round,
    TextEdit,
    Turn,
)
from . import follow
from .models import (
    AccountRow,
    AdjudicationRow,
    AllowTermRow,
    AuditEventRow,
    BasketItemRow,
    CodeRow,
    CoderRow,
    CodingRow,
    DocumentRow,
    EntityRow,
    MemoRow,
    ParticipantRow,
    ProjectRow,
    RoundRow,
    SessionRow,
    SignInThrottleRow,
    SuggestionRejectionRow,
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
                  form_index=e.form_index, doubt=e.doubt)
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
        raise NotFoundError(f"Le document {document_id} n'est pas dans le projet.",
                            id=document_id)
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
                accepted_by=e.accepted_by, doubt=e.doubt))
    follow.move_codings(session, document_id, offsets, new_text)
    row.text = new_text
    row.version = (row.version or 1) + 1  # a correction made on the old text is refused
    follow.remap(session, document_id, offsets)
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
        media=MediaFile(row.media_path, row.media_hash or "") if row.media_path else None,
        version=row.version or 1,
    )


def media_users(session: Session, path: str) -> int:
    """How many documents a recording's file serves."""
    return session.scalar(select(func.count()).select_from(DocumentRow)
                          .where(DocumentRow.media_path == path)) or 0


def document_entities(session: Session, document_id: int) -> list[Entity]:
    rows = session.scalars(
        select(EntityRow).where(EntityRow.document_id == document_id).order_by(EntityRow.start)
    )
    return [Entity(r.start, r.end, r.type, r.surrogate, r.source, r.form_index, r.accepted_by,
                   r.doubt) for r in rows]


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
            has_media=bool(doc.media_path),
        )
        for doc, part, turns, ents, length in session.execute(query)
    ]


def get_project(session: Session) -> ProjectRow | None:
    return session.scalar(select(ProjectRow))


def audit_events(session: Session, limit: int = 200) -> list[AuditEvent]:
    rows = session.scalars(select(AuditEventRow).order_by(AuditEventRow.id.desc()).limit(limit))
    return [AuditEvent(r.id, r.at, r.actor, r.action, r.target, dict(r.detail or {}))
            for r in rows]


def passphrase_change_committed(session: Session, pending: str) -> bool:
    """Whether a committed passphrase change names the pending key file ``pending``."""
    rows = session.scalars(select(AuditEventRow.detail)
                           .where(AuditEventRow.action == "change_passphrase"))
    return any((detail or {}).get("pending") == pending for detail in rows)


def session_secret(session: Session) -> str | None:
    """The project's key for signing session tokens."""
    row = get_project(session)
    return row.session_secret if row is not None else None


def open_session(session: Session, key: str, now: datetime) -> str | None:
    """The account of a signed-in session (by its key) that is neither ended nor expired."""
    row = session.get(SessionRow, key)
    if row is None or row.ended_at is not None or row.expires_at <= now:
        return None
    return row.username


def last_change(session: Session) -> int:
    """The id of the newest audit event: it grows with every change to the project."""
    return session.scalar(select(func.max(AuditEventRow.id))) or 0


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
                                         r.form_index, r.accepted_by, r.doubt))
            for r, name in rows]


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
        raise NotFoundError(f"Le document {document_id} n'est pas dans le projet.",
                            id=document_id)
    row.review_status, row.reviewed_by, row.reviewed_at = status, actor, utcnow()


def review_statuses(session: Session) -> list[DocumentReview]:
    rows = session.execute(
        select(DocumentRow.id, DocumentRow.name, DocumentRow.review_status,
               DocumentRow.reviewed_by, DocumentRow.reviewed_at).order_by(DocumentRow.name)
    )
    return [DocumentReview(*r) for r in rows]


def doubts_by_document(session: Session) -> dict[int, int]:
    """How many undecided doubts each document holds (documents without any are absent)."""
    rows = session.execute(
        select(EntityRow.document_id, func.count()).where(EntityRow.doubt.is_(True))
        .where(EntityRow.accepted_by.is_(None)).group_by(EntityRow.document_id))
    return {doc_id: n for doc_id, n in rows}


def add_entities(session: Session, document_id: int, entities: Sequence[Entity]) -> None:
    for e in entities:
        session.add(EntityRow(document_id=document_id, start=e.start, end=e.end, type=e.type,
                              surrogate=e.surrogate, source=e.source, form_index=e.form_index,
                              doubt=e.doubt))


# -- the codebook, codings, memos ------------------------------------------------------------
def codes(session: Session) -> list[Code]:
    rows = session.scalars(select(CodeRow).order_by(CodeRow.position, CodeRow.id))
    return [Code(r.id, r.label, r.parent_id, r.description, r.color, tuple(r.lemmas or ()),
                 tuple(r.examples or ()), r.position, r.guid, r.version or 1) for r in rows]


def _coding(r: CodingRow) -> Coding:
    return Coding(r.id, r.document_id, r.code_id, r.start, r.end, r.coder, r.quote, r.created_at,
                  r.meta, r.version or 1)


def codings(session: Session, document_id: int | None = None,
            coders: Sequence[str] | None = None) -> list[Coding]:
    # columns, not ORM objects: a project can hold 200,000 codings
    t = CodingRow.__table__.c
    q = select(t.id, t.document_id, t.code_id, t.start, t.end, t.coder, t.quote,
               t.created_at, t.meta, t.version).order_by(t.document_id, t.start, t.id)
    if document_id is not None:
        q = q.where(t.document_id == document_id)
    if coders is not None:
        q = q.where(t.coder.in_(list(coders)))
    return [Coding(*r) for r in session.execute(q)]


def codings_by_id(session: Session, ids: Sequence[int],
                  coders: Sequence[str] | None = None) -> list[Coding]:
    q = select(CodingRow).where(CodingRow.id.in_(list(ids))).order_by(CodingRow.id)
    if coders is not None:
        q = q.where(CodingRow.coder.in_(list(coders)))
    return [_coding(r) for r in session.scalars(q)] if ids else []


def coding(session: Session, coding_id: int) -> Coding | None:
    row = session.get(CodingRow, coding_id)
    return _coding(row) if row is not None else None


def coder_names(session: Session) -> list[str]:
    named = set(session.scalars(select(CoderRow.name)))
    named |= set(session.scalars(select(CodingRow.coder).distinct()))
    return sorted(named)


def _memo(r: MemoRow) -> Memo:
    return Memo(r.id, r.target_kind, r.target_id, r.author, r.text, r.updated_at,
                r.version or 1)


def memos(session: Session, target_kind: str | None = None, target_id: str | None = None,
          search: str = "", author: str | None = None) -> list[Memo]:
    q = select(MemoRow).order_by(MemoRow.updated_at.desc(), MemoRow.id.desc())
    if target_kind:
        q = q.where(MemoRow.target_kind == target_kind)
    if target_id is not None:
        q = q.where(MemoRow.target_id == str(target_id))
    if author is not None:
        q = q.where(MemoRow.author == author)
    if search:
        q = q.where(func.lower(MemoRow.text).contains(search.lower()))
    return [_memo(r) for r in session.scalars(q)]


def memo(session: Session, memo_id: int) -> Memo | None:
    row = session.get(MemoRow, memo_id)
    return _memo(row) if row is not None else None


def rejected_codes(session: Session, document_id: int, start: int, end: int,
                   coder: str) -> set[str]:
    return set(session.scalars(select(SuggestionRejectionRow.code_id).where(
        SuggestionRejectionRow.document_id == document_id,
        SuggestionRejectionRow.coder == coder,
        SuggestionRejectionRow.start < end, start < SuggestionRejectionRow.end)))


def document_ids_by_name(session: Session) -> dict[str, int]:
    return dict(session.execute(select(DocumentRow.name, DocumentRow.id)).tuples())


def account(session: Session, username: str) -> tuple[Account, str] | None:
    """An account and its password hash (for the sign-in only)."""
    row = session.get(AccountRow, username)
    if row is None:
        return None
    return Account(row.username, AccountRole(row.role), row.active, row.created_at), \
        row.password_hash


def accounts(session: Session) -> list[Account]:
    return [Account(r.username, AccountRole(r.role), r.active, r.created_at)
            for r in session.scalars(select(AccountRow).order_by(AccountRow.username))]


def sign_in_failures(session: Session, key: str) -> tuple[int, datetime | None]:
    row = session.get(SignInThrottleRow, key)
    return (row.failures, row.last_at) if row is not None else (0, None)


BasketRow = tuple[int, int, int, str, str, tuple[str, ...], str | None, int]


def basket_rows(session: Session, owner: str) -> list[BasketRow]:
    """(item id, coding id, position, text, the coding's quote, dropped, participant id,
    document id)."""
    rows = session.execute(
        select(BasketItemRow, CodingRow.quote, DocumentRow.participant_id, DocumentRow.id)
        .join(CodingRow, CodingRow.id == BasketItemRow.coding_id)
        .join(DocumentRow, DocumentRow.id == CodingRow.document_id)
        .where(BasketItemRow.owner == owner)
        .order_by(BasketItemRow.position, BasketItemRow.id)).all()
    return [(r.id, r.coding_id, r.position, r.text, quote, tuple(r.dropped or ()), pid, doc)
            for r, quote, pid, doc in rows]


# -- coding rounds ---------------------------------------------------------------------------
def _round(r: RoundRow) -> Round:
    return Round(r.id, r.name, tuple(r.documents or ()), tuple(r.coders or ()), bool(r.blind),
                 r.status, r.opened_by, r.opened_at, r.closed_by, r.closed_at, r.previous)


def rounds(session: Session) -> list[Round]:
    return [_round(r) for r in session.scalars(select(RoundRow).order_by(RoundRow.id))]


def get_round(session: Session, round_id: int) -> Round | None:
    row = session.get(RoundRow, round_id)
    return _round(row) if row is not None else None


def adjudications(session: Session, round_id: int) -> list[Adjudication]:
    rows = session.scalars(select(AdjudicationRow).where(AdjudicationRow.round_id == round_id)
                           .order_by(AdjudicationRow.id))
    return [Adjudication(r.id, r.round_id, r.document_id, r.code_id, r.start, r.end, r.decision,
                         r.kept, r.decided_by, r.decided_at, tuple(r.codings or ()))
            for r in rows]


def blind_round_documents(session: Session, username: str) -> set[int]:
    """The documents of the open blind rounds ``username`` codes in: there they see their
    own codings and the reference only."""
    rows = session.scalars(select(RoundRow).where(RoundRow.status == "open",
                                                  RoundRow.blind.is_(True)))
    return {d for r in rows if username in (r.coders or ()) for d in (r.documents or ())}
