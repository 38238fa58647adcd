"""Accounts: creation, role, activity, password, and sign-ins (for the throttle)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select

from ...errors import AccountError, PermissionDeniedError
from ...records import AccountRole
from ..commands import CreateAccount, EndSession, RecordSignIn, StartSession, UpdateAccount
from ..models import AccountRow, SessionRow, SignInThrottleRow, utcnow
from .core import Applied, Ctx, handles


@handles(CreateAccount)
def create_account(ctx: Ctx, cmd: CreateAccount) -> Applied:
    s = ctx.session
    first = s.scalar(select(func.count()).select_from(AccountRow)) == 0
    if first and cmd.role is not AccountRole.ADMIN:
        raise AccountError("Le premier compte d'un projet est un compte d'administration.")
    if s.get(AccountRow, cmd.username) is not None:
        raise AccountError(f"Le compte « {cmd.username} » existe déjà.")
    s.add(AccountRow(username=cmd.username, role=cmd.role.value,
                     password_hash=cmd.password_hash))
    return Applied(target=f"account:{cmd.username}", detail={"role": cmd.role.value})


def _active_admins(ctx: Ctx) -> list[str]:
    return list(ctx.session.scalars(select(AccountRow.username).where(
        AccountRow.role == AccountRole.ADMIN.value, AccountRow.active)))


@handles(UpdateAccount)
def update_account(ctx: Ctx, cmd: UpdateAccount) -> Applied:
    own_password = (cmd.username == ctx.viewer.username and cmd.role is None
                    and cmd.active is None)
    if not own_password and ctx.viewer.role is not AccountRole.ADMIN:
        raise PermissionDeniedError("Seule l'administration modifie les comptes des autres.")
    row = ctx.session.get(AccountRow, cmd.username)
    if row is None:
        raise AccountError(f"Il n'y a pas de compte « {cmd.username} ».")
    losing = ((cmd.role is not None and cmd.role is not AccountRole.ADMIN)
              or cmd.active is False)
    if losing and _active_admins(ctx) == [cmd.username]:
        raise AccountError("C'est le dernier compte d'administration actif : nommez d'abord "
                           "un·e autre administrateur·rice.")
    detail: dict[str, object] = {}
    if cmd.role is not None:
        row.role = detail["role"] = cmd.role.value
    if cmd.active is not None:
        row.active = detail["active"] = cmd.active
    if cmd.password_hash is not None:
        row.password_hash = cmd.password_hash
        detail["password"] = True
    return Applied(target=f"account:{cmd.username}", detail=detail)


@handles(RecordSignIn)
def record_sign_in(ctx: Ctx, cmd: RecordSignIn) -> Applied:
    s = ctx.session
    throttle = s.get(SignInThrottleRow, cmd.key)
    if cmd.ok:
        if throttle is not None:
            s.delete(throttle)
        if cmd.password_hash and cmd.username:
            s.get(AccountRow, cmd.username).password_hash = cmd.password_hash
    else:
        if throttle is None:
            throttle = SignInThrottleRow(key=cmd.key, failures=0)
            s.add(throttle)
        throttle.failures += 1
        throttle.last_at = utcnow()
    return Applied(target=f"account:{cmd.username}" if cmd.username else "",
                   detail={"ok": cmd.ok,
                           "failures": 0 if cmd.ok else throttle.failures})


@handles(StartSession)
def start_session(ctx: Ctx, cmd: StartSession) -> Applied:
    now = utcnow()
    # sessions over for a day are forgotten: the audit log keeps that they were
    ctx.session.execute(delete(SessionRow).where(SessionRow.expires_at < now - timedelta(days=1)))
    ctx.session.add(SessionRow(id=cmd.key, username=ctx.viewer.username, created_at=now,
                               expires_at=cmd.expires_at))
    return Applied(target=f"account:{ctx.viewer.username}",
                   detail={"hours": round((cmd.expires_at - now).total_seconds() / 3600, 1)})


@handles(EndSession)
def end_session(ctx: Ctx, cmd: EndSession) -> Applied:
    row = ctx.session.get(SessionRow, cmd.key)
    if row is None or row.username != ctx.viewer.username:
        return Applied(audited=False)  # nothing of this account's to end
    row.ended_at = utcnow()
    return Applied(target=f"account:{ctx.viewer.username}")
