"""Local accounts: argon2 password hashes, four roles, every change audited."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from .errors import AccountError, AuthenticationError, PermissionDeniedError
from .project import Project
from .records import Account, AccountRole, Viewer
from .store.models import AccountRow

_hasher = PasswordHasher()
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 8


def _account(r: AccountRow) -> Account:
    return Account(r.username, AccountRole(r.role), r.active, r.created_at)


def _role(role: str | AccountRole) -> AccountRole:
    try:
        return AccountRole(role)
    except ValueError:
        raise AccountError(f"unknown role '{role}': use one of "
                           f"{', '.join(r.value for r in AccountRole)}.") from None


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is too short: use at least {MIN_PASSWORD} characters.")


def require(viewer: Viewer, *roles: AccountRole) -> None:
    """Refuse unless the viewer has one of ``roles``."""
    if viewer.role not in roles:
        raise PermissionDeniedError(
            f"the '{viewer.role.value}' role cannot do this "
            f"(needs {' or '.join(r.value for r in roles)}).")


def accounts(project: Project) -> list[Account]:
    with project.db.session() as s:
        return [_account(r) for r in s.scalars(select(AccountRow).order_by(AccountRow.username))]


def has_accounts(project: Project) -> bool:
    with project.db.session() as s:
        return s.scalars(select(AccountRow.username).limit(1)).first() is not None


def create_account(project: Project, username: str, password: str, role: str | AccountRole,
                   actor: Viewer | None = None) -> Account:
    """Create an account. Only an admin may, except for the very first account (an admin)."""
    role = _role(role)
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise AccountError("a user name is 2 to 40 lower-case letters, digits, '.', '_' or '-'.")
    _check_password(password)
    first = not has_accounts(project)
    if first and role is not AccountRole.ADMIN:
        raise AccountError("the first account of a project must be an admin.")
    if not first:
        if actor is None:
            raise PermissionDeniedError("only an admin can create accounts.")
        require(actor, AccountRole.ADMIN)
    with project.db.session() as s:
        if s.get(AccountRow, username) is not None:
            raise AccountError(f"the account '{username}' already exists.")
    with project.db.change(actor.username if actor else username, "account.create",
                           username, {"role": role.value}) as s:
        s.add(AccountRow(username=username, role=role.value,
                         password_hash=_hasher.hash(password)))
    return Account(username, role)


def authenticate(project: Project, username: str, password: str) -> Viewer:
    """The viewer for these credentials; the same error whatever was wrong."""
    username = username.strip().lower()
    with project.db.session() as s:
        row = s.get(AccountRow, username)
        stored = (row.password_hash, row.role, row.active) if row else None
    if stored is None:
        _hasher.hash(password)  # same cost whether or not the name exists
        raise AuthenticationError("wrong user name or password.")
    try:
        _hasher.verify(stored[0], password)
    except (VerificationError, InvalidHashError):
        raise AuthenticationError("wrong user name or password.") from None
    if not stored[2]:
        # the same words as a wrong password: a disabled account is not confirmed to exist
        raise AuthenticationError("wrong user name or password.")
    if _hasher.check_needs_rehash(stored[0]):
        with project.db.change(username, "account.rehash", username) as s:
            s.get(AccountRow, username).password_hash = _hasher.hash(password)
    return Viewer(username, AccountRole(stored[1]))


def _update(project: Project, actor: Viewer, username: str, action: str, detail: dict,
            **fields: object) -> None:
    if not (action == "account.password" and actor.username == username):
        require(actor, AccountRole.ADMIN)
    with project.db.session() as s:
        row = s.get(AccountRow, username)
        if row is None:
            raise AccountError(f"there is no account '{username}'.")
        admins = [r.username for r in s.scalars(select(AccountRow).where(
            AccountRow.role == AccountRole.ADMIN.value, AccountRow.active))]
    losing_admin = admins == [username] and (
        fields.get("role", AccountRole.ADMIN.value) != AccountRole.ADMIN.value
        or fields.get("active") is False)
    if losing_admin:
        raise AccountError("this is the last active admin: make another admin first.")
    with project.db.change(actor.username, action, username, detail) as s:
        row = s.get(AccountRow, username)
        for key, value in fields.items():
            setattr(row, key, value)


def set_role(project: Project, actor: Viewer, username: str, role: str | AccountRole) -> None:
    role = _role(role)
    _update(project, actor, username, "account.role", {"role": role.value}, role=role.value)


def set_active(project: Project, actor: Viewer, username: str, active: bool) -> None:
    _update(project, actor, username, "account.active", {"active": active}, active=active)


def set_password(project: Project, actor: Viewer, username: str, password: str) -> None:
    """An admin resets anyone's password; anyone changes their own."""
    _check_password(password)
    _update(project, actor, username, "account.password", {},
            password_hash=_hasher.hash(password))
