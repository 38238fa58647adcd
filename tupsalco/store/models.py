"""SQLAlchemy 2 typed models of the working database: pseudonymised data only."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


# ids are never reused: on SQLite an INTEGER PRIMARY KEY takes max(id) + 1, so deleting the
# newest coding and adding another gave the new one the old id (and the old one's memo)
NEVER_REUSED = {"sqlite_autoincrement": True}


class ProjectRow(Base):
    __tablename__ = "project"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    vault_path: Mapped[str] = mapped_column(Text)
    k_threshold: Mapped[int] = mapped_column(Integer, default=3)
    # bumped by every change of stored text: caches and re-runs key on it
    text_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # blind coding: coders see only their own codings until an admin lifts it
    blind: Mapped[bool] = mapped_column(default=False, server_default="0")
    # how age bands are written in attributions, e.g. {"46-65": "45-65"}
    band_labels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # what the project adds to the study's vocabulary: {"professions": [...], "settings": [...]}
    vocabulary: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # signs the session tokens that let a signed-in browser survive a reload
    session_secret: Mapped[str | None] = mapped_column(
        String(64), default=lambda: secrets.token_hex(32))


class ParticipantRow(Base):
    __tablename__ = "participants"

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    profession: Mapped[str] = mapped_column(String(40))
    sex: Mapped[str] = mapped_column(String(1))
    age_band: Mapped[str] = mapped_column(String(10))
    settings: Mapped[str] = mapped_column(String(60))  # "CP/CDS"
    site: Mapped[str] = mapped_column(String(80))
    network: Mapped[str] = mapped_column(String(80), default="")
    function: Mapped[str] = mapped_column(String(120), default="")


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participants.id"))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(10), default="")
    period: Mapped[str | None] = mapped_column(String(7))  # observation month, YYYY-MM
    site: Mapped[str | None] = mapped_column(String(80))
    activity: Mapped[str | None] = mapped_column(String(20))
    present: Mapped[list[Any] | None] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    # pseudonymisation review: "unchecked" until a reviewer marks it "checked"
    review_status: Mapped[str] = mapped_column(String(12), default="unchecked",
                                               server_default="unchecked")
    reviewed_by: Mapped[str | None] = mapped_column(String(80))
    reviewed_at: Mapped[datetime | None] = mapped_column()
    # the recording, as a file under the project's media/ folder: its name and hash only
    media_path: Mapped[str | None] = mapped_column(String(255))
    media_hash: Mapped[str | None] = mapped_column(String(64))
    # changes so far: a change made against an older version is refused (another coder
    # saved meanwhile), never silently overwritten
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    turns: Mapped[list[TurnRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="TurnRow.idx"
    )
    entities: Mapped[list[EntityRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="EntityRow.start"
    )


class TurnRow(Base):
    __tablename__ = "turns"
    # the turn holding an offset is looked up by (document, start)
    __table_args__ = (UniqueConstraint("document_id", "idx"),
                      Index("ix_turns_document_start", "document_id", "start"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    idx: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(40))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    timestamp: Mapped[str | None] = mapped_column(String(16))
    marks: Mapped[list[Any]] = mapped_column(JSON, default=list)

    document: Mapped[DocumentRow] = relationship(back_populates="turns")


class EntityRow(Base):
    """A replaced identifier: where its surrogate sits in the stored text. No original."""

    __tablename__ = "entities"
    __table_args__ = (Index("ix_entities_document", "document_id"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(10))
    surrogate: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(20), default="")
    # which of the surrogate's original forms (kept in the vault) stood here
    form_index: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    accepted_by: Mapped[str | None] = mapped_column(String(80))
    # found by a weak rule only: replaced, and in the reviewer's queue of doubts until decided
    doubt: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    document: Mapped[DocumentRow] = relationship(back_populates="entities")


class AllowTermRow(Base):
    """A word a reviewer said is not an identifier: never redacted again in this project."""

    __tablename__ = "allow_terms"

    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    added_by: Mapped[str] = mapped_column(String(80))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEventRow(Base):
    """Append-only: the database refuses UPDATE and DELETE on this table (triggers). Holds
    who, when, the command's kind, ids, counts and lengths: never a word of a document, a
    memo or a name, so that it can stay append-only without ever holding an identifier."""

    __tablename__ = "audit_events"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(255), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CodeRow(Base):
    """A code of the codebook; top-level codes (no parent) are the study's themes."""

    __tablename__ = "codes"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("codes.id"))
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    color: Mapped[str] = mapped_column(String(9), default="#888888")
    position: Mapped[int] = mapped_column(Integer, default=0)
    lemmas: Mapped[list[Any]] = mapped_column(JSON, default=list)
    examples: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # a GUID another tool gave the code (REFI-QDA), kept so its links survive a round trip
    guid: Mapped[str | None] = mapped_column(String(36))
    # changes so far: a change made against an older version is refused (another coder
    # saved meanwhile), never silently overwritten
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class CodingRow(Base):
    """A span of a document's stored text coded with one code by one coder."""

    __tablename__ = "codings"
    # exploring reads codings in document order, groups them into passages from the index
    # alone (never the quotes) and lists the coders; the same index keeps a passage coded with
    # the same code by the same coder one coding, whatever path writes it (unique); the few
    # codings an accepted suggestion made are found in an index of their own (0018)
    __table_args__ = (Index("ix_codings_document", "document_id"),
                      Index("ix_codings_spans", "document_id", "start", "end", "code_id",
                            "coder", unique=True),
                      Index("ix_codings_coder", "coder"),
                      Index("ix_codings_suggested", "document_id",
                            sqlite_where=sql_text("meta IS NOT NULL"),
                            postgresql_where=sql_text("meta IS NOT NULL")), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    code_id: Mapped[str] = mapped_column(ForeignKey("codes.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    coder: Mapped[str] = mapped_column(String(80))
    quote: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # what made it, when not a coder's hand alone: an accepted suggestion's model
    meta: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    # changes so far: a change made against an older version is refused (another coder
    # saved meanwhile), never silently overwritten
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class MemoRow(Base):
    """A memo on the project, a document, a code or a coding."""

    __tablename__ = "memos"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_kind: Mapped[str] = mapped_column(String(12))  # project, document, code, coding
    target_id: Mapped[str] = mapped_column(String(80), default="")
    author: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # changes so far: a change made against an older version is refused (another coder
    # saved meanwhile), never silently overwritten
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class CoderRow(Base):
    __tablename__ = "coders"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AccountRow(Base):
    """A local account: the password only as an argon2 hash."""

    __tablename__ = "accounts"

    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    role: Mapped[str] = mapped_column(String(12))  # admin, coder, committee, author
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BasketItemRow(Base):
    """A verbatim in an author's quotation basket: possibly trimmed, possibly coarsened."""

    __tablename__ = "basket_items"
    __table_args__ = (Index("ix_basket_owner", "owner"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(80))
    coding_id: Mapped[int] = mapped_column(ForeignKey("codings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    # attribute names dropped from the attribution ("age_band", "setting")
    dropped: Mapped[list[Any]] = mapped_column(JSON, default=list)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class UndoEntryRow(Base):
    """What undo and redo need, apart from the audit log: one of an account's undoable
    changes. Mutable on purpose: its positions follow every edit of the text and its words
    are scrubbed by every marked identifier, so an undo always lands on the same words."""

    __tablename__ = "undo_journal"
    __table_args__ = (Index("ix_undo_actor", "actor"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(8), default="applied")  # applied or undone
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SuggestionRejectionRow(Base):
    """A code a coder turned down for a passage: not suggested to them there again."""

    __tablename__ = "suggestion_rejections"
    __table_args__ = (Index("ix_rejections_document", "document_id"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    code_id: Mapped[str] = mapped_column(String(80))
    coder: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignInThrottleRow(Base):
    """Failed sign-ins per attempted name (a keyed hash: a mistyped name may be a person's):
    each failure lengthens the wait before the next try, existing account or not."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[datetime] = mapped_column(default=utcnow)


class RoundRow(Base):
    """A coding round: which documents, which coders, blind or not, open or closed. Its
    name is the admin's and stays out of the audit log."""

    __tablename__ = "rounds"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    blind: Mapped[bool] = mapped_column(default=True, server_default="1")
    status: Mapped[str] = mapped_column(String(8), default="open", server_default="open")
    documents: Mapped[list[Any]] = mapped_column(JSON, default=list)
    coders: Mapped[list[Any]] = mapped_column(JSON, default=list)
    previous: Mapped[int | None] = mapped_column(Integer, nullable=True)
    opened_by: Mapped[str] = mapped_column(String(80))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by: Mapped[str | None] = mapped_column(String(80))
    closed_at: Mapped[datetime | None] = mapped_column()


class AdjudicationRow(Base):
    """An admin's decision on one disagreement of a closed round, and the reference codings
    it made (offsets and ids only)."""

    __tablename__ = "adjudications"
    __table_args__ = (Index("ix_adjudications_round", "round_id"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    code_id: Mapped[str] = mapped_column(String(80))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(8))  # keep, union, reject
    kept: Mapped[str | None] = mapped_column(String(80))
    decided_by: Mapped[str] = mapped_column(String(80))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    codings: Mapped[list[Any]] = mapped_column(JSON, default=list)


class SessionRow(Base):
    """A signed-in browser session (by a hash of its id: the token is never stored), until
    it expires or its account signs out."""

    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_username", "username"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()
