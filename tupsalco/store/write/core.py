"""The one write path: a command, the viewer's account as it is now, one transaction with
the change, its audit event and (for undoable commands) its undo journal entry."""

from __future__ import annotations

import importlib
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ...errors import (
    AuthenticationError,
    BusyError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    StorageError,
)
from ...records import REFERENCE, ROLE_LABELS, AccountRole, Viewer
from ..commands import Command, CreateAccount, CreateProject, RecordSignIn
from ..database import Database
from ..models import AccountRow, AuditEventRow, ProjectRow, UndoEntryRow
from ..repository import blind_round_documents

C = TypeVar("C", bound=Command)
JOURNAL_DEPTH = 200  # undoable changes kept per account
ATTEMPTS = 12  # runs of a change that keeps losing races before the page is told to retry

# keys of an audit event's detail that may hold a string, and what such a string may look
# like: an enum value, a code id, a surrogate, a user name. Anything else is a number.
AUDIT_STRING_KEYS = frozenset({
    "role", "status", "type", "new_type", "kind", "format", "decision", "target_kind",
    "undone", "redone", "code", "codes", "target", "source", "parent", "old_parent",
    "new_parent", "surrogate", "new_surrogate", "account", "coders", "keep", "dropped",
    "option", "pending",
})
_AUDIT_STRING = re.compile(r"^[\w.:\-\[\] ]{0,80}$")


@dataclass
class Ctx:
    """What a handler works with: the open transaction and who acts, as the database
    knows them now (a role changed in another session applies at once)."""

    session: Session
    viewer: Viewer

    @property
    def blind(self) -> bool:
        row = self.session.scalar(select(ProjectRow))
        return bool(row and row.blind)

    def hidden(self, coder: str, document_id: int) -> bool:
        """Whether a coding of ``coder`` on this document is hidden from the viewer: a coder
        of an open blind round sees only their own and the reference on its documents."""
        if self.viewer.role is AccountRole.ADMIN or coder in (self.viewer.username, REFERENCE):
            return False
        return document_id in blind_round_documents(self.session, self.viewer.username)

    def own(self, owner: str, what: str) -> None:
        """A coder or an author changes their own things; an admin anyone's."""
        if owner != self.viewer.username and self.viewer.role is not AccountRole.ADMIN:
            raise PermissionDeniedError(f"{what} appartient à un·e autre membre de l'équipe : "
                                        "seul·e l'administration peut le modifier.")

    def current(self, row: Any, expected: int | None, what: str) -> None:
        """Refuse a change made on an older version of ``row`` (a page shown before a
        colleague saved), then count this change: nobody's work is overwritten unseen."""
        if expected is not None and (row.version or 1) != expected:
            raise ConflictError(f"Quelqu'un a modifié {what} entre-temps ; rechargez la page "
                                "pour voir sa version actuelle, puis refaites votre "
                                "modification.", id=getattr(row, "id", None))
        row.version = (row.version or 1) + 1

    def get(self, row_type: type, key: Any, what: str) -> Any:
        row = self.session.get(row_type, key)
        if row is None:
            raise NotFoundError(f"{what} {key} n'existe pas (ou plus) dans le projet.", id=key)
        return row


@dataclass
class Applied:
    """What a handler did: the caller's result, the audit event's target and detail (ids,
    counts, lengths), and what undo needs (words allowed: the journal is scrubbed)."""

    result: Any = None
    target: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    journal: dict[str, Any] | None = None
    audited: bool = True


Handler = Callable[[Ctx, Any], Applied]
HANDLERS: dict[type[Command], Handler] = {}


def handles(command: type[C]) -> Callable[[Callable[[Ctx, C], Applied]],
                                           Callable[[Ctx, C], Applied]]:
    def register(fn: Callable[[Ctx, C], Applied]) -> Callable[[Ctx, C], Applied]:
        HANDLERS[command] = fn
        return fn
    return register


def execute(db: Database, viewer: Viewer | None, command: Command, *,
            before_commit: Callable[[], None] | None = None) -> Any:
    """Run one command for ``viewer``: check, write, audit, journal; all or nothing.
    ``before_commit`` runs inside the transaction after the writes (saving the key file,
    so that every stored surrogate can be reversed)."""
    handler = HANDLERS.get(type(command))
    if handler is None:
        # a thread that reached this module while another was still importing the package
        # (whose import registers every handler): wait for that import, then look again
        importlib.import_module(__package__ or "tupsalco.store.write")
        handler = HANDLERS.get(type(command))
    if handler is None:
        raise StorageError(f"commande inconnue : {type(command).__name__}.")
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _run(db, viewer, command, handler, before_commit)
        except BusyError:
            # another change took the same rows first: run again on what it wrote (a stale
            # version is then refused by the handler, a duplicate seen and skipped)
            if attempt == ATTEMPTS:
                raise
            time.sleep(random.uniform(0.002, 0.02) * attempt)
    raise AssertionError  # the loop returns or raises


def _run(db: Database, viewer: Viewer | None, command: Command, handler: Handler,
         before_commit: Callable[[], None] | None) -> Any:
    with db.transaction() as session:
        ctx = Ctx(session, _signed(session, viewer, command))
        applied = handler(ctx, command)
        if command.undoable and applied.journal is not None:
            _journal(session, ctx.viewer.username, command.kind, applied.journal)
        if applied.audited:
            session.add(AuditEventRow(actor=ctx.viewer.username, action=command.kind,
                                      target=applied.target, detail=wordless(applied.detail)))
        if before_commit is not None:
            session.flush()
            before_commit()
    return applied.result


def _signed(session: Session, viewer: Viewer | None, command: Command) -> Viewer:
    """The acting account as stored now; the bootstrap commands (a project's creation, its
    first account, a sign-in) act for the account they name."""
    if isinstance(command, CreateProject):
        return Viewer(command.username, AccountRole.ADMIN)
    if isinstance(command, RecordSignIn):
        return Viewer(command.username or "", AccountRole.COMMITTEE)
    if isinstance(command, CreateAccount) and viewer is None \
            and session.scalar(select(func.count()).select_from(AccountRow)) == 0:
        return Viewer(command.username, command.role)
    if viewer is None:
        raise AuthenticationError("Connectez-vous d'abord : chaque modification est signée "
                                  "par un compte.")
    row = session.get(AccountRow, viewer.username)
    if row is None or not row.active:
        raise AuthenticationError("Ce compte n'existe plus ou a été désactivé : "
                                  "reconnectez-vous avec un compte actif.")
    current = Viewer(row.username, AccountRole(row.role))
    if current.role not in command.roles:
        raise PermissionDeniedError(
            f"Le rôle « {ROLE_LABELS[current.role]} » ne permet pas cette action.")
    return current


def _journal(session: Session, actor: str, kind: str, payload: dict[str, Any]) -> None:
    # a new change forgets what could be redone, as in every editor
    session.execute(delete(UndoEntryRow).where(UndoEntryRow.actor == actor,
                                               UndoEntryRow.state == "undone"))
    session.add(UndoEntryRow(actor=actor, kind=kind, payload=payload, state="applied"))
    old = session.scalars(select(UndoEntryRow.id).where(UndoEntryRow.actor == actor)
                          .order_by(UndoEntryRow.id.desc()).offset(JOURNAL_DEPTH)).all()
    if old:
        session.execute(delete(UndoEntryRow).where(UndoEntryRow.id.in_(old)))


def wordless(detail: dict[str, Any]) -> dict[str, Any]:
    """Refuse an audit detail that could hold a word of a document, a memo or a name:
    numbers anywhere, strings only under known keys and shaped like ids."""
    for key, value in _leaves(detail, ""):
        if isinstance(value, str) and (key not in AUDIT_STRING_KEYS
                                       or not _AUDIT_STRING.match(value)):
            raise StorageError(f"interne : le détail d'audit « {key} » contiendrait du texte.")
    return detail


def _leaves(value: Any, key: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, str(k))
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _leaves(v, key)
    else:
        yield key, value


# what undo and redo do for each undoable kind: (ctx, payload) -> the payload kept for the
# way back; a ConflictError is raised before anything is written
Inverse = Callable[[Ctx, dict[str, Any]], dict[str, Any]]
INVERSES: dict[str, tuple[Inverse, Inverse]] = {}


def reverses(kind: str, undo: Inverse, redo: Inverse) -> None:
    INVERSES[kind] = (undo, redo)
