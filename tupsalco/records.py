"""Domain records: frozen dataclasses passed between layers (never database rows)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from itertools import repeat
from operator import itemgetter
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


# a Verbatim's fields in its constructor's order; the passage's fields, shared by the codings of
# one passage, are held in one tuple, in this order
VERBATIM_FIELDS = ("coding_id", "code_id", "theme_id", "text", "kind", "document_id", "document",
                   "start", "end", "turn_index", "coder", "participant", "attribution",
                   "suggested_by")
VERBATIM_OWN = ("coding_id", "coder", "suggested_by")
VERBATIM_PASSAGE = tuple(f for f in VERBATIM_FIELDS if f not in VERBATIM_OWN)


def _own_field(i: int) -> property:
    return property(itemgetter(i))


def _passage_field(i: int) -> property:
    return property(lambda v: tuple.__getitem__(v, 3)[i])


class Verbatim(tuple):  # noqa: SLOT001 - a record: its fields are the tuple's four items
    """A coded passage as a reader sees it. For the committee, ``document``, ``participant``,
    ``attribution``, ``coder`` and the offsets are None: they are never filled for that role.

    Made like a frozen dataclass of ``VERBATIM_FIELDS`` (positional or by keyword) and read
    by its attributes. Underneath it is four items: the coding's id, coder and suggesting
    model, and one tuple of its passage's fields, which the codings of one passage share, so
    that 200,000 of them are made without a Python call each (``Verbatim.of_passages``).
    Equal only to a Verbatim with the same fields; not to be read as a sequence."""

    __slots__ = ()

    def __new__(cls, coding_id: int | None, code_id: str, theme_id: str, text: str,
                kind: DocumentKind, document_id: int | None = None, document: str | None = None,
                start: int | None = None, end: int | None = None, turn_index: int | None = None,
                coder: str | None = None, participant: Participant | None = None,
                attribution: str | None = None, suggested_by: str | None = None) -> Verbatim:
        return tuple.__new__(cls, (coding_id, coder, suggested_by,
                                   (code_id, theme_id, text, kind, document_id, document, start,
                                    end, turn_index, participant, attribution)))

    @classmethod
    def of_passage(cls, coding_id: int | None, coder: str | None, suggested_by: str | None,
                   passage: tuple[Any, ...]) -> Verbatim:
        """The record of one coding of a passage (its fields in ``VERBATIM_PASSAGE``'s order)."""
        return tuple.__new__(cls, (coding_id, coder, suggested_by, passage))

    @classmethod
    def of_passages(cls, ids: Iterable[int | None], coders: Iterable[str | None],
                    models: Iterable[str | None], passages: Iterable[tuple[Any, ...]]
                    ) -> tuple[Verbatim, ...]:
        """The records of codings given field by field: ids, coders, suggesting models, and
        each one's passage fields (a tuple in ``VERBATIM_PASSAGE``'s order, the same tuple
        for the codings of one passage)."""
        return tuple(map(tuple.__new__, repeat(cls), zip(ids, coders, models, passages,
                                                         strict=True)))

    coding_id: int | None = _own_field(0)  # type: ignore[assignment]
    coder: str | None = _own_field(1)  # type: ignore[assignment]
    suggested_by: str | None = _own_field(2)  # type: ignore[assignment]  # see Coding
    code_id: str = _passage_field(0)  # type: ignore[assignment]
    theme_id: str = _passage_field(1)  # type: ignore[assignment]
    text: str = _passage_field(2)  # type: ignore[assignment]
    kind: DocumentKind = _passage_field(3)  # type: ignore[assignment]
    document_id: int | None = _passage_field(4)  # type: ignore[assignment]
    document: str | None = _passage_field(5)  # type: ignore[assignment]
    start: int | None = _passage_field(6)  # type: ignore[assignment]
    end: int | None = _passage_field(7)  # type: ignore[assignment]
    turn_index: int | None = _passage_field(8)  # type: ignore[assignment]
    participant: Participant | None = _passage_field(9)  # type: ignore[assignment]
    attribution: str | None = _passage_field(10)  # type: ignore[assignment]

    def fields(self) -> tuple[Any, ...]:
        """The values of ``VERBATIM_FIELDS``, in that order."""
        (coding_id, coder, model, (code_id, theme_id, text, kind, document_id, document,
                                    start, end, turn, participant, attribution)) = self
        return (coding_id, code_id, theme_id, text, kind, document_id, document, start, end,
                turn, coder, participant, attribution, model)

    def replace(self, **changes: Any) -> Verbatim:
        """A copy with some fields changed (what ``dataclasses.replace`` does)."""
        return Verbatim(**{**dict(zip(VERBATIM_FIELDS, self.fields(), strict=True)), **changes})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, tuple):
            return NotImplemented
        return other.__class__ is self.__class__ and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, tuple):
            return NotImplemented
        return other.__class__ is not self.__class__ or tuple.__ne__(self, other)

    __hash__ = tuple.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (Verbatim, self.fields())

    def __repr__(self) -> str:
        return "Verbatim(" + ", ".join(f"{f}={v!r}" for f, v in
                                       zip(VERBATIM_FIELDS, self.fields(), strict=True)) + ")"

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
