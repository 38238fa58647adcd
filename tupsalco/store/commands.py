"""Typed commands: every change to a project is one of these frozen dataclasses.

A command is data only. :func:`tupsalco.store.write.execute` takes it with the viewer, checks
what the viewer's account may do now (its current role, whether it is active, blind coding,
ownership), writes the change and its audit event in one transaction and, for the undoable
ones, an entry of the undo journal. Faces and services build commands; nothing else writes.

``roles`` is who may run a command at all; finer rules (a coder touches their own codings and
memos, an author their own basket) are checked by its handler.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from ..codebook import Code
from ..records import (
    AccountRole,
    Entity,
    ObservationHeader,
    Participant,
    TextEdit,
    Turn,
)

ADMIN, CODER, COMMITTEE, AUTHOR = AccountRole
RESEARCHERS = frozenset({ADMIN, CODER})
READERS = frozenset({ADMIN, CODER, AUTHOR})
EVERYONE = frozenset(AccountRole)


@dataclass(frozen=True, slots=True)
class Command:
    kind: ClassVar[str] = ""
    roles: ClassVar[frozenset[AccountRole]] = RESEARCHERS
    undoable: ClassVar[bool] = False


@dataclass(frozen=True, slots=True)
class Span:
    """A passage to code: offsets into the document's stored text."""

    document_id: int
    start: int
    end: int


# -- the codebook ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AddCode(Command):
    kind: ClassVar[str] = "add_code"
    undoable: ClassVar[bool] = True
    code: Code


@dataclass(frozen=True, slots=True)
class ImportCodes(Command):
    """Codes of a codebook file that the project does not have yet (parents first)."""

    kind: ClassVar[str] = "import_codes"
    codes: tuple[Code, ...]


@dataclass(frozen=True, slots=True)
class RenameCode(Command):
    kind: ClassVar[str] = "rename_code"
    undoable: ClassVar[bool] = True
    code_id: str
    label: str
    version: int | None = None  # the version the change was made on (None: the current)


@dataclass(frozen=True, slots=True)
class MoveCode(Command):
    kind: ClassVar[str] = "move_code"
    undoable: ClassVar[bool] = True
    code_id: str
    parent: str | None
    version: int | None = None  # the version the change was made on (None: the current)


@dataclass(frozen=True, slots=True)
class MergeCodes(Command):
    """Every coding, sub-code and memo of ``source`` goes to ``target``; ``source`` goes."""

    kind: ClassVar[str] = "merge_codes"
    undoable: ClassVar[bool] = True
    source: str
    target: str
    version: int | None = None  # of ``source``


@dataclass(frozen=True, slots=True)
class DeleteCode(Command):
    """A code without sub-codes, with its codings and the memos on them."""

    kind: ClassVar[str] = "delete_code"
    undoable: ClassVar[bool] = True
    code_id: str
    version: int | None = None  # the version the change was made on (None: the current)


# -- codings ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AddCodings(Command):
    """Code passages with codes, signed by the viewer. ``meta`` goes with each coding (an
    accepted suggestion's model, version and score); the audit event only says whether a
    suggestion was accepted."""

    kind: ClassVar[str] = "add_codings"
    undoable: ClassVar[bool] = True
    spans: tuple[Span, ...]
    code_ids: tuple[str, ...]
    meta: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class ImportCodings(Command):
    """Codings made elsewhere (a reference coding, another tool), under their coders'
    names: an admin's import, undoable like any coding."""

    kind: ClassVar[str] = "import_codings"
    roles: ClassVar[frozenset[AccountRole]] = frozenset({ADMIN})
    undoable: ClassVar[bool] = True
    codings: tuple[tuple[Span, str, str], ...]  # (span, code id, coder)


@dataclass(frozen=True, slots=True)
class RemoveCodings(Command):
    """Codings, with the memos written on them and their places in quotation baskets."""

    kind: ClassVar[str] = "remove_codings"
    undoable: ClassVar[bool] = True
    coding_ids: tuple[int, ...]
    versions: tuple[int, ...] | None = None  # one per coding, as shown


@dataclass(frozen=True, slots=True)
class Recode(Command):
    kind: ClassVar[str] = "recode"
    undoable: ClassVar[bool] = True
    coding_id: int
    code_id: str
    version: int | None = None  # the version the change was made on (None: the current)


@dataclass(frozen=True, slots=True)
class SetAsidePass(Command):
    """A coder's codings in some documents set aside as a pass, before they code them again
    (test-retest): signed ``"<coder> · passe <label>"`` from then on, which no account is,
    so they stay as they were. An administrator's, undoable."""

    kind: ClassVar[str] = "set_aside_pass"
    roles: ClassVar[frozenset[AccountRole]] = frozenset({ADMIN})
    undoable: ClassVar[bool] = True
    coder: str
    label: str
    document_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Reconcile(Command):
    """Settle a disagreement on one code in one document: every coder compared takes
    ``keep``'s spans, or (``keep=None``) the union of everyone's."""

    kind: ClassVar[str] = "reconcile"
    undoable: ClassVar[bool] = True
    document_id: int
    code_id: str
    coders: tuple[str, ...]
    keep: str | None


@dataclass(frozen=True, slots=True)
class RejectSuggestion(Command):
    kind: ClassVar[str] = "reject_suggestion"
    undoable: ClassVar[bool] = True
    span: Span
    code_id: str


# -- coding rounds ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class OpenRound(Command):
    """Some coders code some documents, blind to one another's codings of them if ``blind``;
    the round starts from the reference of the last closed round on these documents."""

    kind: ClassVar[str] = "round.open"
    roles: ClassVar[frozenset[AccountRole]] = frozenset({ADMIN})
    undoable: ClassVar[bool] = True
    name: str
    document_ids: tuple[int, ...]
    coders: tuple[str, ...]
    blind: bool = True


@dataclass(frozen=True, slots=True)
class CloseRound(Command):
    """The coders' codings become visible to the admin's comparison; passages every coder
    coded alike go to the reference at once, the others wait for an adjudication."""

    kind: ClassVar[str] = "round.close"
    roles: ClassVar[frozenset[AccountRole]] = frozenset({ADMIN})
    undoable: ClassVar[bool] = True
    round_id: int


@dataclass(frozen=True, slots=True)
class Adjudicate(Command):
    """One disagreement of a closed round (a passage: one code, one document, ``start`` to
    ``end``) settled into the reference: ``keep`` one coder's spans, their ``union``, or
    ``reject`` (no reference coding there)."""

    kind: ClassVar[str] = "round.adjudicate"
    roles: ClassVar[frozenset[AccountRole]] = frozenset({ADMIN})
    undoable: ClassVar[bool] = True
    round_id: int
    document_id: int
    code_id: str
    start: int
    end: int
    decision: str
    keep: str | None = None


# -- memos -----------------------------------------------------------------------------------
MEMO_TARGETS = ("project", "document", "code", "coding")


@dataclass(frozen=True, slots=True)
class AddMemo(Command):
    """``text`` is already pseudonymised by the service that built the command."""

    kind: ClassVar[str] = "add_memo"
    undoable: ClassVar[bool] = True
    target_kind: str
    target_id: str
    text: str


@dataclass(frozen=True, slots=True)
class EditMemo(Command):
    kind: ClassVar[str] = "edit_memo"
    undoable: ClassVar[bool] = True
    memo_id: int
    text: str
    version: int | None = None  # the version the change was made on (None: the current)


@dataclass(frozen=True, slots=True)
class DeleteMemo(Command):
    kind: ClassVar[str] = "delete_memo"
    undoable: ClassVar[bool] = True
    memo_id: int
    version: int | None = None  # the version the change was made on (None: the current)


# -- stored texts ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EditText(Command):
    """A transcript correction, already pseudonymised: ``text[start:end]`` becomes ``new``,
    with ``entities`` (offsets relative to ``new``) for the surrogates in it."""

    kind: ClassVar[str] = "edit_text"
    undoable: ClassVar[bool] = True
    document_id: int
    start: int
    end: int
    new: str
    entities: tuple[Entity, ...] = ()
    version: int | None = None  # of the document's text the correction was made on


@dataclass(frozen=True, slots=True)
class AcceptSurrogate(Command):
    kind: ClassVar[str] = "review_accept"
    surrogate: str


@dataclass(frozen=True, slots=True)
class ReviewEdits(Command):
    """A review decision that rewrites stored texts (one of the four below).

    ``scrub`` rewrites any other stored words (memos, baskets, the codebook, the undo
    journal) so that a marked identifier is nowhere in the database afterwards."""

    edits: tuple[tuple[int, tuple[TextEdit, ...]], ...]
    surrogate: str = ""
    allow: tuple[str, ...] = ()
    scrub: Callable[[str], str] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class RestoreWords(ReviewEdits):
    """A surrogate that was no identifier: its words come back and are allowed from now on."""

    kind: ClassVar[str] = "review_reject"


@dataclass(frozen=True, slots=True)
class Retype(ReviewEdits):
    kind: ClassVar[str] = "review_retype"


@dataclass(frozen=True, slots=True)
class MarkMissed(ReviewEdits):
    kind: ClassVar[str] = "review_mark"


@dataclass(frozen=True, slots=True)
class Rerun(ReviewEdits):
    kind: ClassVar[str] = "rerun_pipeline"


@dataclass(frozen=True, slots=True)
class SetReviewStatus(Command):
    kind: ClassVar[str] = "review_document"
    document_id: int
    checked: bool


@dataclass(frozen=True, slots=True)
class RecordReveal(Command):
    """Who asked for which surrogate's original forms: never the forms."""

    kind: ClassVar[str] = "reveal_surrogate"
    surrogate: str
    forms: int


@dataclass(frozen=True, slots=True)
class RecordPassphraseChange(Command):
    """The key is re-encrypted: ``pending`` tells apart (by its random letters) the pending
    key file that this event, once committed, makes the key."""

    kind: ClassVar[str] = "change_passphrase"
    roles: ClassVar[frozenset[AccountRole]] = frozenset({ADMIN})
    pending: str = ""


# -- backups -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RecordBackup(Command):
    """A backup was written: how many tables and rows, and whether the key went with it."""

    kind: ClassVar[str] = "backup"
    roles: ClassVar[frozenset[AccountRole]] = frozenset({ADMIN})
    tables: int
    rows: int
    media: int


@dataclass(frozen=True, slots=True)
class RecordRestore(Command):
    """A project restored from a backup, signed by one of its admins: its key now lives at
    ``vault_path``."""

    kind: ClassVar[str] = "restore"
    roles: ClassVar[frozenset[AccountRole]] = frozenset({ADMIN})
    vault_path: str
    tables: int
    rows: int
    media: int


# -- the project -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CreateProject(Command):
    """A new project and its first account (an admin), who signs the creation."""

    kind: ClassVar[str] = "create_project"
    project_id: str
    name: str
    vault_path: str
    username: str
    password_hash: str


@dataclass(frozen=True, slots=True)
class ImportParticipants(Command):
    kind: ClassVar[str] = "import_participants"
    participants: tuple[Participant, ...]


@dataclass(frozen=True, slots=True)
class StoredCoding:
    """A coding that comes with an imported document: offsets into its stored text."""

    code_id: str
    start: int
    end: int
    coder: str


@dataclass(frozen=True, slots=True)
class ImportDocument(Command):
    """A pseudonymised document with its turns, identifiers and the codings that came with
    it (another tool's), in one transaction."""

    kind: ClassVar[str] = "import_document"
    name: str
    doc_kind: str
    text: str
    turns: tuple[Turn, ...]
    entities: tuple[Entity, ...]
    content_hash: str
    participant_id: str | None
    header: ObservationHeader | None
    source_format: str
    codings: tuple[StoredCoding, ...] = ()


@dataclass(frozen=True, slots=True)
class AssignParticipant(Command):
    """Link a transcript to its participant (one whose file name named none), or to
    another; ``participant_id=None`` leaves it unassigned."""

    kind: ClassVar[str] = "assign_participant"
    undoable: ClassVar[bool] = True
    document_id: int
    participant_id: str | None


@dataclass(frozen=True, slots=True)
class AttachMedia(Command):
    """The recording of a document, already copied under the project's ``media/`` folder
    (``path`` relative to the project, named from its content); ``path=None`` detaches it."""

    kind: ClassVar[str] = "attach_media"
    document_id: int
    path: str | None
    sha256: str | None = None
    size: int = 0


@dataclass(frozen=True, slots=True)
class SetProjectOption(Command):
    """k, blind coding, how age bands are written in attributions, or the professions and
    settings the project adds to the study's vocabulary."""

    kind: ClassVar[str] = "set_option"
    roles: ClassVar[frozenset[AccountRole]] = frozenset({ADMIN})
    k_threshold: int | None = None
    blind: bool | None = None
    band_labels: tuple[tuple[str, str], ...] | None = None
    professions: tuple[str, ...] | None = None
    settings: tuple[str, ...] | None = None


# -- accounts --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CreateAccount(Command):
    """By an admin; the very first account of a project (an admin) creates itself."""

    kind: ClassVar[str] = "account.create"
    roles: ClassVar[frozenset[AccountRole]] = frozenset({ADMIN})
    username: str
    role: AccountRole
    password_hash: str


@dataclass(frozen=True, slots=True)
class UpdateAccount(Command):
    """An admin changes a role or disables an account; anyone changes their own password."""

    kind: ClassVar[str] = "account.update"
    roles: ClassVar[frozenset[AccountRole]] = EVERYONE
    username: str
    role: AccountRole | None = None
    active: bool | None = None
    password_hash: str | None = None


@dataclass(frozen=True, slots=True)
class RecordSignIn(Command):
    """A sign-in, failed or not, for the throttle and the audit log. ``key`` is a keyed
    hash of the name tried; ``username`` is set only when that account exists."""

    kind: ClassVar[str] = "account.sign_in"
    roles: ClassVar[frozenset[AccountRole]] = EVERYONE
    key: str
    ok: bool
    username: str | None = None
    password_hash: str | None = None  # a rehash of a good password, when argon2 asks


@dataclass(frozen=True, slots=True)
class StartSession(Command):
    """A signed-in browser session that survives a reload until ``expires_at`` (UTC);
    ``key`` is a hash of its id, never the token."""

    kind: ClassVar[str] = "account.session_start"
    roles: ClassVar[frozenset[AccountRole]] = EVERYONE
    key: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class EndSession(Command):
    """A sign-out: the session's token opens nothing any more."""

    kind: ClassVar[str] = "account.session_end"
    roles: ClassVar[frozenset[AccountRole]] = EVERYONE
    key: str


# -- the quotation basket --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BasketAdd(Command):
    kind: ClassVar[str] = "basket.add"
    roles: ClassVar[frozenset[AccountRole]] = READERS
    coding_id: int


@dataclass(frozen=True, slots=True)
class BasketChange(Command):
    """Trim an item's text, coarsen its attribution, move it, or remove it."""

    kind: ClassVar[str] = "basket.change"
    roles: ClassVar[frozenset[AccountRole]] = READERS
    item_id: int
    text: str | None = None
    dropped: tuple[str, ...] | None = None
    offset: int | None = None
    remove: bool = False


@dataclass(frozen=True, slots=True)
class BasketClear(Command):
    kind: ClassVar[str] = "basket.clear"
    roles: ClassVar[frozenset[AccountRole]] = READERS


@dataclass(frozen=True, slots=True)
class RecordExport(Command):
    """A basket exported: for each quotation, its coding, what was dropped, whether it was
    trimmed and how many people its attribution fits."""

    kind: ClassVar[str] = "basket.export"
    roles: ClassVar[frozenset[AccountRole]] = READERS
    format: str
    items: tuple[tuple[int, tuple[str, ...], bool, int], ...]


# -- history ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Undo(Command):
    kind: ClassVar[str] = "undo"


@dataclass(frozen=True, slots=True)
class Redo(Command):
    kind: ClassVar[str] = "redo"
