"""Domain records: frozen dataclasses passed between layers (never database rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """Who speaks in a transcript turn."""

    INTERVIEWER = "interviewer"
    PARTICIPANT = "participant"
    THIRD = "third"
    NOTE = "note"  # a segment of an observation note: the observer writing


class DocumentKind(StrEnum):
    INTERVIEW = "interview"
    OBSERVATION = "observation"
    TEXT = "text"  # a text that is neither: an article, another study's material


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
    form_index: int = 0  # which of the surrogate's original forms (in the vault) stood here
    accepted_by: str | None = None
    doubt: bool = False  # found by a weak rule only (replaced, but to be reviewed)


@dataclass(frozen=True, slots=True)
class MediaFile:
    """The recording of a document: a file under the project's ``media/`` folder (its
    name is derived from its content, never from the file it came from) and its SHA-256."""

    path: str  # relative to the project folder, e.g. "media/3f2a….wav"
    sha256: str

    @property
    def kind(self) -> str:
        """``audio`` or ``video``, by the file's suffix."""
        return "video" if self.path.rsplit(".", 1)[-1] in VIDEO_SUFFIXES else "audio"


VIDEO_SUFFIXES = frozenset({"mp4", "m4v", "mov", "webm", "ogv", "mkv"})


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
    media: MediaFile | None = None
    version: int = 1  # of its text: a correction names the version it was made on


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
    has_media: bool = False


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace ``text[start:end]`` by ``new``; ``entity`` (type, surrogate, source, form) is
    set when the new text is a surrogate."""

    start: int
    end: int
    new: str
    entity: Entity | None = None


@dataclass(frozen=True, slots=True)
class DetectedIdentifier:
    """A surrogate of the project with where it stands: what a reviewer decides on."""

    surrogate: str
    type: str
    occurrences: int
    documents: tuple[str, ...]
    contexts: tuple[str, ...]  # pseudonymised text around a few occurrences
    sources: tuple[str, ...]
    accepted: bool
    # occurrences found by a weak rule only and not yet decided on: the queue of doubts
    doubts: int = 0


@dataclass(frozen=True, slots=True)
class DocumentReview:
    """Whether a document's pseudonymisation was checked, and by whom."""

    document_id: int
    document: str
    status: str  # "unchecked" or "checked"
    reviewed_by: str | None
    reviewed_at: datetime | None
    doubts: int = 0  # identifiers found by a weak rule only, still to be decided on


@dataclass(frozen=True, slots=True)
class RiskGroup:
    """A combination of participant attributes shared by fewer than k participants."""

    attributes: tuple[tuple[str, str], ...]
    participants: int


@dataclass(frozen=True, slots=True)
class QuasiIdentifier:
    """A detail that may identify someone indirectly: flagged for review, never removed."""

    document_id: int
    document: str
    start: int
    end: int
    kind: str  # "âge exact", "métier rare", "petite commune"...
    context: str


@dataclass(frozen=True, slots=True)
class Coding:
    """A coded span: offsets into the document's stored text, its code, its coder."""

    id: int
    document_id: int
    code_id: str
    start: int
    end: int
    coder: str
    quote: str
    created_at: datetime | None = None
    # an accepted suggestion's {"suggester", "version", "score"}; not hashed (a dict)
    meta: dict | None = field(default=None, hash=False)
    version: int = 1  # a change names the version it was made on

    @property
    def suggested_by(self) -> str | None:
        """The model that suggested this coding, with its version, if it was suggested."""
        return suggested_by(self.meta)


def suggested_by(meta: dict | None) -> str | None:
    """The model named by a coding's ``meta``, with its version: who suggested it, if any."""
    if not meta or not meta.get("suggester"):
        return None
    version = meta.get("version")
    return f"{meta['suggester']} · {version}" if version else str(meta["suggester"])


@dataclass(frozen=True, slots=True)
class Memo:
    id: int
    target_kind: str  # project, document, code, coding
    target_id: str
    author: str
    text: str
    updated_at: datetime | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing one file did."""

    name: str
    status: str  # "imported", "unchanged", "failed"
    document_id: int | None = None
    n_entities: int = 0
    error: str | None = None
    notice: str | None = None  # imported, with something to do (a transcript to assign)


class AccountRole(StrEnum):
    """What an account may see and do."""

    ADMIN = "admin"  # everything, accounts included
    CODER = "coder"  # code, review, compare
    COMMITTEE = "committee"  # read-only themes, no attribution, k-suppressed
    AUTHOR = "author"  # explore and export quotations


ROLE_LABELS = {AccountRole.ADMIN: "administration", AccountRole.CODER: "codage",
               AccountRole.COMMITTEE: "comité de pilotage", AccountRole.AUTHOR: "rédaction"}


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking: every read query that can reveal who said what takes one."""

    username: str
    role: AccountRole

    @property
    def sees_attributions(self) -> bool:
        return self.role is not AccountRole.COMMITTEE


@dataclass(frozen=True, slots=True)
class Account:
    username: str
    role: AccountRole
    active: bool = True
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Verbatim:
    """A coded passage as a reader sees it. For the committee, ``document``, ``participant``,
    ``attribution``, ``coder`` and the offsets are None: they are never filled for that role."""

    coding_id: int | None
    code_id: str
    theme_id: str
    text: str
    kind: DocumentKind
    document_id: int | None = None
    document: str | None = None
    start: int | None = None
    end: int | None = None
    turn_index: int | None = None
    coder: str | None = None
    participant: Participant | None = None
    attribution: str | None = None
    suggested_by: str | None = None  # the model of an accepted suggestion (see Coding)

    @property
    def passage_key(self) -> tuple[Any, ...]:
        """What makes one passage of the codings of several coders: the same span of the
        same document with the same code (for the committee, which sees no offsets, the same
        words under the same code)."""
        return ((self.document_id, self.start, self.end, self.code_id) if self.start is not None
                else (self.code_id, self.text))


@dataclass(frozen=True, slots=True)
class BasketItem:
    """A verbatim in an author's basket: ``text`` may be trimmed with ``[...]``; ``dropped``
    names the attributes removed from the attribution to coarsen it."""

    id: int
    coding_id: int
    position: int
    text: str
    original: str
    attribution: str
    dropped: tuple[str, ...] = ()
    participants_matching: int = 0  # people the attribution could designate


# who signs the reference codings an admin's adjudication makes: not an account's name (names
# are ASCII), so no one codes under it by hand
REFERENCE = "référence"


@dataclass(frozen=True, slots=True)
class Round:
    """A coding round: some coders code some documents, blind to one another if ``blind``,
    until an admin closes it and adjudicates their disagreements into the reference."""

    id: int
    name: str
    documents: tuple[int, ...]
    coders: tuple[str, ...]
    blind: bool
    status: str  # "open" or "closed"
    opened_by: str
    opened_at: datetime | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    previous: int | None = None  # the closed round whose reference it starts from

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True, slots=True)
class Adjudication:
    """An admin's decision on one disagreement of a round: ``keep`` (``kept``'s spans),
    ``union`` or ``reject``; ``codings`` are the reference codings it made."""

    id: int
    round_id: int
    document_id: int
    code_id: str
    start: int
    end: int
    decision: str
    kept: str | None
    decided_by: str
    decided_at: datetime | None = None
    codings: tuple[int, ...] = ()
