"""Local accounts: argon2 password hashes, four roles, every change a signed command.

A sign-in that fails is recorded, and each failure for the same name lengthens the wait
before the next try, whether or not that account exists (the answer and the wait never tell
which)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import AccountError, AuthenticationError, PermissionDeniedError
from .project import Project
from .records import ROLE_LABELS, Account, AccountRole, Viewer
from .store import repository as repo
from .store.commands import CreateAccount, EndSession, RecordSignIn, StartSession, UpdateAccount

_hasher = PasswordHasher()
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 8
FREE_TRIES = 3  # failures before any wait
MAX_WAIT = 30.0  # seconds
FORGET_AFTER = timedelta(minutes=15)
WRONG = "Nom d'utilisateur ou mot de passe incorrect."


def _role(role: str | AccountRole) -> AccountRole:
    try:
        return AccountRole(role)
    except ValueError:
        raise AccountError(f"Rôle inconnu : choisissez parmi "
                           f"{', '.join(r.value for r in AccountRole)}.") from None


def new_account(username: str, password: str) -> tuple[str, str]:
    """A checked user name and the hash of a long enough password."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise AccountError("Un nom d'utilisateur compte 2 à 40 lettres minuscules, chiffres, "
                           "« . », « _ » ou « - ».")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Mot de passe trop court : au moins {MIN_PASSWORD} caractères.")
    return username, _hasher.hash(password)


def require(viewer: Viewer, *roles: AccountRole) -> None:
    """Refuse unless the viewer has one of ``roles``."""
    if viewer.role not in roles:
        raise PermissionDeniedError(f"Le rôle « {ROLE_LABELS[viewer.role]} » ne permet pas "
                                    "cette action ou cette vue.")


def accounts(project: Project) -> list[Account]:
    with project.db.session() as s:
        return repo.accounts(s)


def has_accounts(project: Project) -> bool:
    return bool(accounts(project))


def create_account(project: Project, viewer: Viewer | None, username: str, password: str,
                   role: str | AccountRole) -> Account:
    """Create an account: by an admin, or the project's very first account (an admin)."""
    role = _role(role)
    username, password_hash = new_account(username, password)
    project.execute(viewer, CreateAccount(username, role, password_hash))
    return Account(username, role)


def _key(project: Project, username: str) -> str:
    """The throttle's key for a name tried: keyed by the project, so the table does not
    hold the names people typed."""
    return hmac.new(project.id.encode(), username.encode(), hashlib.sha256).hexdigest()


def sign_in_delay(project: Project, username: str) -> float:
    """How long the next try for this name waits: nothing for the first few failures, then
    1, 2, 4... seconds up to ``MAX_WAIT``; forgotten a while after the last failure."""
    with project.db.session() as s:
        failures, last = repo.sign_in_failures(s, _key(project, username.strip().lower()))
    now = datetime.now(UTC).replace(tzinfo=None)
    if last is None or now - last > FORGET_AFTER or failures < FREE_TRIES:
        return 0.0
    return min(MAX_WAIT, 2.0 ** (failures - FREE_TRIES))


def authenticate(project: Project, username: str, password: str) -> Viewer:
    """The viewer for these credentials; the same error and the same wait whatever was
    wrong."""
    username = username.strip().lower()
    time.sleep(sign_in_delay(project, username))
    with project.db.session() as s:
        found = repo.account(s, username)
    ok = False
    if found is None:
        _hasher.hash(password)  # the same cost whether or not the name exists
    else:
        try:
            ok = _hasher.verify(found[1], password) and found[0].active
        except (VerificationError, InvalidHashError):
            ok = False
    rehash = (_hasher.hash(password) if ok and _hasher.check_needs_rehash(found[1]) else None)
    project.execute(None, RecordSignIn(_key(project, username), ok,
                                       username if found else None, rehash))
    if not ok:
        raise AuthenticationError(WRONG)
    return Viewer(username, found[0].role)


def admin_in(db: object, username: str, password: str) -> Viewer:
    """The admin these credentials name in a database not yet opened as a project (a
    backup being restored): checked, not recorded as a sign-in (the copy must stay exact)."""
    username = username.strip().lower()
    with db.session() as s:  # type: ignore[attr-defined]
        found = repo.account(s, username)
    try:
        ok = found is not None and _hasher.verify(found[1], password) and found[0].active
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or found is None:
        raise AuthenticationError(WRONG)
    viewer = Viewer(found[0].username, found[0].role)
    require(viewer, AccountRole.ADMIN)
    return viewer


def refresh(project: Project, viewer: Viewer) -> Viewer:
    """The viewer as the project knows it now: a role changed or an account disabled in
    another session applies at the next action of every open session."""
    with project.db.session() as s:
        found = repo.account(s, viewer.username)
    if found is None or not found[0].active:
        raise AuthenticationError("Ce compte n'existe plus ou a été désactivé : "
                                  "reconnectez-vous avec un compte actif.")
    return Viewer(viewer.username, found[0].role)


def set_role(project: Project, viewer: Viewer, username: str, role: str | AccountRole) -> None:
    project.execute(viewer, UpdateAccount(username, role=_role(role)))


def set_active(project: Project, viewer: Viewer, username: str, active: bool) -> None:
    project.execute(viewer, UpdateAccount(username, active=active))


def set_password(project: Project, viewer: Viewer, username: str, password: str) -> None:
    """An admin resets anyone's password; anyone changes their own."""
    _, password_hash = new_account(username, password)
    project.execute(viewer, UpdateAccount(username, password_hash=password_hash))


# -- sessions that survive a reload ----------------------------------------------------------
SESSION_HOURS = 12  # a working day: a token older than this opens nothing
ENDED = ("Votre session a expiré ou a été fermée (déconnexion) : reconnectez-vous.")


def _sign(project: Project, message: str) -> str:
    with project.db.session() as s:
        secret = repo.session_secret(s)
    if not secret:
        raise AuthenticationError(ENDED)
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def _session_key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(project: Project, viewer: Viewer, hours: float = SESSION_HOURS) -> str:
    """A token for this signed-in account, signed with the project's secret and expiring in
    ``hours``: ``id.expiry.signature``. The database keeps a hash of the id, so a sign-out
    (:func:`end_session`) makes the token open nothing, whatever its signature says."""
    session_id = secrets.token_urlsafe(24)
    expires = int(time.time() + hours * 3600)
    project.execute(viewer, StartSession(
        _session_key(session_id), datetime.fromtimestamp(expires, UTC).replace(tzinfo=None)))
    return f"{session_id}.{expires}.{_sign(project, f'{session_id}.{expires}')}"


def _parse(project: Project, token: str) -> str:
    """The session id of a well-signed, unexpired token, else AuthenticationError."""
    parts = (token or "").split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        raise AuthenticationError(ENDED)
    session_id, expires, signature = parts
    if not hmac.compare_digest(_sign(project, f"{session_id}.{expires}"), signature) \
            or int(expires) <= time.time():
        raise AuthenticationError(ENDED)
    return session_id


def resume_session(project: Project, token: str) -> Viewer:
    """The account a session token was given to, as the project knows it now; refused if
    the token is forged or expired, its session ended by a sign-out, or the account
    disabled."""
    key = _session_key(_parse(project, token))
    with project.db.session() as s:
        username = repo.open_session(s, key, datetime.now(UTC).replace(tzinfo=None))
    if username is None:
        raise AuthenticationError(ENDED)
    return refresh(project, Viewer(username, AccountRole.COMMITTEE))


def end_session(project: Project, viewer: Viewer, token: str | None) -> None:
    """A sign-out: the token opens nothing any more."""
    if not token:
        return
    try:
        key = _session_key(_parse(project, token))
    except AuthenticationError:
        return  # expired or forged: it opens nothing already
    project.execute(viewer, EndSession(key))
