"""A signed-in session survives a reload: a signed, expiring token whose session the
database knows; a sign-out, an expiry, a forged signature or a disabled account end it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tupsalco import accounts
from tupsalco.errors import AuthenticationError
from tupsalco.project import Project
from tupsalco.store.models import AuditEventRow, SessionRow

from .conftest import ANA, member


def test_a_token_brings_its_account_back_until_sign_out(project: Project) -> None:
    coder = member(project, "camille", "coder")
    token = accounts.start_session(project, coder)
    again = Project.open(project.folder)  # another app server reads the same database
    try:
        assert accounts.resume_session(again, token) == coder
        accounts.end_session(project, coder, token)
        with pytest.raises(AuthenticationError, match="reconnectez-vous"):
            accounts.resume_session(again, token)
    finally:
        again.close()
    with project.db.session() as s:
        assert s.scalar(select(SessionRow.id)) != token.split(".")[0]  # only a hash kept
        kinds = [e.action for e in s.scalars(select(AuditEventRow))]
    assert kinds.count("account.session_start") == 1 and "account.session_end" in kinds


def test_a_forged_expired_or_disabled_session_opens_nothing(project: Project) -> None:
    coder = member(project, "camille", "coder")
    token = accounts.start_session(project, coder)
    session_id, expires, signature = token.split(".")
    forged = [f"{session_id}.{int(expires) + 3600}.{signature}",  # a longer life, same sig
              f"{session_id}.{expires}.{'0' * 32}", "n'importe quoi", ""]
    for bad in forged:
        with pytest.raises(AuthenticationError):
            accounts.resume_session(project, bad)
    past = accounts.start_session(project, coder, hours=-1)
    with pytest.raises(AuthenticationError):
        accounts.resume_session(project, past)
    accounts.set_active(project, ANA, "camille", False)
    with pytest.raises(AuthenticationError):
        accounts.resume_session(project, token)
    accounts.set_active(project, ANA, "camille", True)
    accounts.set_role(project, ANA, "camille", "author")  # the role as it is now
    assert accounts.resume_session(project, token).role.value == "author"
