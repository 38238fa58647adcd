"""Domain records: frozen dataclasses passed between layers (never database rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    """Who speaks in a transcript turn."""

    INTERVIEWER = "interviewer"
    PARTICIPANT = "participant"
    THIRD = "third"
    NOTE = "note"  # a segment of an observation note: the observer writing


class DocumentKind(StrEnum):
    INTERVIEW = "interview"
    OBSERVATION = "observation"


@dataclass(frozen=True, slots=True)
class Mark:
    """A non-verbal mark such as ``[rires]``, kept in the text at these offsets."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Turn:
    """A speaker turn (or a note segment): offsets into its document's text."""

    index: int
    role: Role
    label: str  # the label as normalised, e.g. "Enquêtrice", "MG", "P"
    start: int
    end: int
    timestamp: str | None = None
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True, slots=True)
class Participant:
    """A participant's attributes; never their name (names live only in the key vault)."""

    id: str
    profession: str  # MG, Psy, TS, Coordinatrice, patient, patiente...
    sex: str  # H or F
    age_band: str  # normalised: 46-65, never 45-65
    settings: tuple[str, ...]  # ("CP", "CDS") for CP/CDS
    site: str
    network: str = ""
    function: str = ""  # e.g. "présidente du CNRMS": replaces the attribution

    @property
    def setting(self) -> str:
        return "/".join(self.settings)

    @property
    def is_patient(self) -> bool:
        return self.profession in ("patient", "patiente")


@dataclass(frozen=True, slots=True)
class ObservationHeader:
    """Header of an observation note. The date is kept to the month."""

    period: str  # YYYY-MM
    site: str
    activity: str  # consultation, rdv_ts, rcp
    present: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A document as read from its file, before pseudonymisation (raw text, in memory only)."""

    name: str
    kind: DocumentKind
    text: str
    turns: tuple[Turn, ...]
    content_hash: str
    participant_id: str | None = None
    header: ObservationHeader | None = None
    source_format: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A detected identifier: offsets into the raw text, its type and its surrogate."""

    start: int
    end: int
    type: str
    surrogate: str = ""
    source: str = ""  # which rule or model found it


@dataclass(frozen=True, slots=True)
class Document:
    """A stored, pseudonymised document."""

    id: int
    name: str
    kind: DocumentKind
    text: str
    turns: tuple[Turn, ...]
    participant: Participant | None = None
    header: ObservationHeader | None = None
    content_hash: str = ""
    imported_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One row of the documents list."""

    id: int
    name: str
    kind: DocumentKind
    participant: Participant | None
    n_turns: int
    n_chars: int
    n_entities: int
    header: ObservationHeader | None = None


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing one file did."""

    name: str
    status: str  # "imported", "unchanged", "failed"
    document_id: int | None = None
    n_entities: int = 0
    error: str | None = None
