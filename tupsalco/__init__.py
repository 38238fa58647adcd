"""Tupsalco workbench: ingest, pseudonymise, store and read qualitative interview material."""

from .errors import (
    DocumentError,
    EmptyDocumentError,
    InputError,
    ModelNotInstalledError,
    ParticipantSheetError,
    ProjectError,
    SpeakerLabelError,
    StorageError,
    TupsalcoError,
    UnknownParticipantError,
    UnreadableDocumentError,
    VaultError,
    WrongPassphraseError,
)
from .ingest import ParticipantSheet, read_document, read_participants
from .project import Project
from .pseudonymise.engine import PseudonymisedText, Pseudonymiser
from .pseudonymise.vault import KeyData, Vault, change_passphrase
from .query import DocumentFilter, attribution, filter_documents
from .records import (
    AuditEvent,
    Document,
    DocumentKind,
    DocumentSummary,
    Entity,
    ImportResult,
    Mark,
    ObservationHeader,
    ParsedDocument,
    Participant,
    Role,
    Turn,
)

__version__ = "0.1.0"
__all__ = [
    "AuditEvent",
    "Document",
    "DocumentError",
    "DocumentFilter",
    "DocumentKind",
    "DocumentSummary",
    "EmptyDocumentError",
    "Entity",
    "ImportResult",
    "InputError",
    "KeyData",
    "Mark",
    "ModelNotInstalledError",
    "ObservationHeader",
    "ParsedDocument",
    "Participant",
    "ParticipantSheet",
    "ParticipantSheetError",
    "Project",
    "ProjectError",
    "PseudonymisedText",
    "Pseudonymiser",
    "Role",
    "SpeakerLabelError",
    "StorageError",
    "TupsalcoError",
    "Turn",
    "UnknownParticipantError",
    "UnreadableDocumentError",
    "Vault",
    "VaultError",
    "WrongPassphraseError",
    "attribution",
    "change_passphrase",
    "filter_documents",
    "read_document",
    "read_participants",
]
