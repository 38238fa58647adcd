"""The one exception hierarchy of tupsalco.

Messages name the file and the paragraph, line or row, and say what to do. They never
quote a raw identifier: a label, a cell or a sentence that may hold a name is described
by its position, not by its content.
"""

from __future__ import annotations


class TupsalcoError(Exception):
    """Base class of every error raised by tupsalco.

    Context travels as attributes (``file``, ``line``, ``row``, ``id``), so a face can point
    at the place without parsing the message."""

    def __init__(self, message: str = "", *, file: str | None = None, line: int | None = None,
                 row: int | None = None, id: int | str | None = None) -> None:  # noqa: A002
        super().__init__(message)
        self.file, self.line, self.row, self.id = file, line, row, id


class InputError(TupsalcoError, ValueError):
    """A file or value given by the user cannot be used."""


class DocumentError(InputError):
    """A transcript or observation note cannot be read."""


class EmptyDocumentError(DocumentError):
    """A document holds no text."""


class UnreadableDocumentError(DocumentError):
    """A document is corrupt, encrypted, binary or in an unknown encoding."""


class SpeakerLabelError(DocumentError):
    """A transcript paragraph starts with a speaker label that is not known."""


class PassphraseRequiredError(InputError):
    """Words typed in (a memo) are pseudonymised with the key: its passphrase was not given."""


class ParticipantSheetError(InputError):
    """The participants sheet has a missing column or an invalid value."""


class SheetProblemsError(ParticipantSheetError):
    """Values of the participants sheet are not in the vocabulary: all of them, with a
    suggestion each, in ``problems`` (no value of a name cell among them)."""

    def __init__(self, message: str, problems: tuple = (), **context: object) -> None:
        super().__init__(message, **context)  # type: ignore[arg-type]
        self.problems = problems


class NameLossError(ParticipantSheetError):
    """Importing this sheet would take names out of the pseudonym key (``participants``
    says whose); it needs an explicit confirmation."""

    def __init__(self, message: str, participants: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.participants = participants


class UnknownParticipantError(InputError):
    """A document refers to a participant who is not in the participants sheet."""


class CodebookError(InputError):
    """The codebook file (YAML or REFI-QDA) is malformed or inconsistent."""


class ExchangeError(InputError):
    """A REFI-QDA project file cannot be read, or part of it cannot come into the project."""


class ProjectError(TupsalcoError):
    """A project folder is missing, already exists or is not a tupsalco project."""


class VaultError(TupsalcoError):
    """The pseudonym key file is missing, unreadable or was changed."""


class WrongPassphraseError(VaultError, ValueError):
    """The passphrase does not open the pseudonym key file."""


class StorageError(TupsalcoError):
    """The working database refused a change; nothing was written."""


class BusyError(StorageError):
    """Another change was written to the same rows at the same moment; this one was rolled
    back whole and may be run again."""


class NotFoundError(TupsalcoError, LookupError):
    """A document, coding, memo, code, item or account named by its id is not in the project."""


class ConflictError(TupsalcoError):
    """What a change was based on has changed since (another session, a later edit)."""


class DetectionError(TupsalcoError):
    """The pseudonymisation pipeline failed on a text; nothing of it was stored."""


class ModelNotInstalledError(TupsalcoError):
    """The spaCy French model is not installed in this environment."""


class AccountError(InputError):
    """An account name, role or password cannot be used."""


class AuthenticationError(TupsalcoError):
    """The user name or the password is wrong, or the account is disabled."""


class PermissionDeniedError(TupsalcoError):
    """The viewer's role does not allow this action or this view."""
