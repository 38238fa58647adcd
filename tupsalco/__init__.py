"""Tupsalco workbench: ingest, pseudonymise, store and read qualitative interview material.

The public API is imported lazily (PEP 562): ``import tupsalco.errors`` and ``tupsalco --help``
load no model, no database driver and no data library."""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, tuple[str, ...]] = {
    ".codebook": ('Code', 'Codebook', 'codes_in_order', 'dump_codebook', 'load_codebook'),
    ".errors": (
        'AccountError', 'AuthenticationError', 'BusyError', 'CodebookError', 'ConflictError',
        'DocumentError', 'EmptyDocumentError', 'InputError', 'ModelNotInstalledError',
        'NameLossError', 'NotFoundError', 'ParticipantSheetError', 'PassphraseRequiredError',
        'SheetProblemsError',
        'PermissionDeniedError', 'ProjectError', 'SpeakerLabelError', 'StorageError',
        'TupsalcoError', 'UnknownParticipantError', 'UnreadableDocumentError', 'VaultError',
        'WrongPassphraseError'
    ),
    ".ingest": ('ParticipantSheet', 'SheetCheck', 'check_sheet', 'read_document',
                'read_participants', 'read_sheet'),
    ".ingest.vocabulary": ('Vocabulary',),
    ".media": ('attach_media', 'media_file'),
    ".project": ('Project',),
    ".pseudonymise.engine": ('PseudonymisedText', 'Pseudonymiser'),
    ".pseudonymise.vault": ('KeyData', 'Vault', 'change_passphrase'),
    ".query": ('DocumentFilter', 'attribution', 'filter_documents'),
    ".records": (
        'Account', 'AccountRole', 'AuditEvent', 'BasketItem', 'Coding', 'Document',
        'DocumentKind', 'DocumentSummary', 'Entity', 'ImportResult', 'Mark', 'MediaFile', 'Memo',
        'ObservationHeader', 'ParsedDocument', 'Participant', 'Role', 'Turn', 'Verbatim', 'Viewer'
    ),
    ".refi": ('from_qdc', 'to_qdc'),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__version__ = "0.1.0"
__all__ = [
    "Account",
    "AccountError",
    "AccountRole",
    "AuditEvent",
    "AuthenticationError",
    "BasketItem",
    "BusyError",
    "Code",
    "Codebook",
    "CodebookError",
    "ConflictError",
    "Coding",
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
    "MediaFile",
    "Memo",
    "ModelNotInstalledError",
    "NameLossError",
    "NotFoundError",
    "ObservationHeader",
    "ParsedDocument",
    "Participant",
    "ParticipantSheet",
    "ParticipantSheetError",
    "PassphraseRequiredError",
    "PermissionDeniedError",
    "Project",
    "ProjectError",
    "PseudonymisedText",
    "Pseudonymiser",
    "Role",
    "SheetCheck",
    "SheetProblemsError",
    "SpeakerLabelError",
    "StorageError",
    "TupsalcoError",
    "Turn",
    "UnknownParticipantError",
    "UnreadableDocumentError",
    "Vault",
    "VaultError",
    "Verbatim",
    "Viewer",
    "Vocabulary",
    "WrongPassphraseError",
    "attach_media",
    "attribution",
    "change_passphrase",
    "check_sheet",
    "codes_in_order",
    "dump_codebook",
    "filter_documents",
    "from_qdc",
    "load_codebook",
    "media_file",
    "read_document",
    "read_participants",
    "read_sheet",
    "to_qdc",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'tupsalco' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
