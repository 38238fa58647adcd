"""Local accounts: argon2 hashes, the first admin, roles, the last admin, audited changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from tupsalco import accounts
from tupsalco.errors import (
    AccountError,
    AuthenticationError,
    PermissionDeniedError,
)
from tupsalco.project import DB_NAME
from tupsalco.records import AccountRole, Viewer
from tupsalco.store.models import AccountRow, AuditEventRow

ADMIN_PW = "mot-de-passe-admin-42"
CODER_PW = "le codeur est là 7"
ADMIN = Viewer("ana", AccountRole.ADMIN)


def audit(project) -> list[AuditEventRow]:  # noqa: ANN001
    with project.db.session() as s:
        rows = list(s.scalars(select(AuditEventRow).order_by(AuditEventRow.id)))
        s.expunge_all()
    return rows


def stored_hash(project, username: str) -> str:  # noqa: ANN001
    with project.db.session() as s:
        return s.get(AccountRow, username).password_hash


@pytest.fixture
def team(project):  # noqa: ANN001, ANN201
    """A project with an admin (ana) and a coder (bob)."""
    accounts.create_account(project, "ana", ADMIN_PW, "admin")
    accounts.create_account(project, "bob", CODER_PW, AccountRole.CODER, ADMIN)
    return project


def project_bytes(folder: Path) -> bytes:
    """Every file of the project folder: the database, its WAL and journal if any."""
    return b"".join(f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file())


def test_the_database_holds_an_argon2_hash_never_the_password(team) -> None:
    raw = project_bytes(team.folder)
    for password in (ADMIN_PW, CODER_PW):
        assert password.encode("utf-8") not in raw
    for name in ("ana", "bob"):
        h = stored_hash(team, name)
        assert h.startswith("$argon2id$")
        assert ADMIN_PW not in h and CODER_PW not in h
    # the hash is what the file holds: read it with sqlite3, apart from the library
    with sqlite3.connect(team.folder / DB_NAME) as con:
        hashes = dict(con.execute("SELECT username, password_hash FROM accounts"))
    assert set(hashes) == {"ana", "bob"} and hashes["ana"] != hashes["bob"]
    assert accounts.authenticate(team, "ana", ADMIN_PW) == ADMIN
    assert accounts.authenticate(team, "  BOB ", CODER_PW) == Viewer("bob", AccountRole.CODER)


def test_two_accounts_with_one_password_get_different_hashes(team) -> None:
    accounts.create_account(team, "cleo", CODER_PW, "author", ADMIN)
    assert stored_hash(team, "cleo") != stored_hash(team, "bob")  # salted


@pytest.mark.parametrize("role", ["coder", "committee", "author"])
def test_the_first_account_must_be_an_admin(project, role: str) -> None:
    with pytest.raises(AccountError, match="first account"):
        accounts.create_account(project, "ana", ADMIN_PW, role)
    assert not accounts.has_accounts(project)
    accounts.create_account(project, "ana", ADMIN_PW, "admin")
    assert [(a.username, a.role, a.active) for a in accounts.accounts(project)] == [
        ("ana", AccountRole.ADMIN, True)]


@pytest.mark.parametrize("actor", [None, Viewer("bob", AccountRole.CODER),
                                   Viewer("x", AccountRole.COMMITTEE),
                                   Viewer("y", AccountRole.AUTHOR)])
def test_only_an_admin_creates_accounts(team, actor: Viewer | None) -> None:
    with pytest.raises(PermissionDeniedError):
        accounts.create_account(team, "intrus", "assez-long-pour-passer", "admin", actor)
    assert [a.username for a in accounts.accounts(team)] == ["ana", "bob"]


def test_an_existing_name_and_an_unknown_role_are_refused(team) -> None:
    with pytest.raises(AccountError, match="already exists"):
        accounts.create_account(team, "Bob", "un autre mot de passe", "coder", ADMIN)
    with pytest.raises(AccountError, match="unknown role"):
        accounts.create_account(team, "zoe", "un autre mot de passe", "superuser", ADMIN)
    with pytest.raises(AccountError, match="unknown role"):
        accounts.set_role(team, ADMIN, "bob", "chef")


@pytest.mark.parametrize("username", ["", "a", "ana maria", "-ana", ".ana", "ana/x", "ana@x",
                                      "élise", "x" * 41, "an a"])
def test_bad_user_names_are_refused(project, username: str) -> None:
    with pytest.raises(AccountError) as info:
        accounts.create_account(project, username, ADMIN_PW, "admin")
    assert isinstance(info.value, ValueError)
    assert not accounts.has_accounts(project)


@pytest.mark.parametrize("password", ["", "court", "1234567", "sept ch"])
def test_short_passwords_are_refused(team, password: str) -> None:
    with pytest.raises(AccountError, match="too short") as info:
        accounts.create_account(team, "zoe", password, "coder", ADMIN)
    assert isinstance(info.value, ValueError)
    with pytest.raises(AccountError, match="too short"):
        accounts.set_password(team, ADMIN, "bob", password)
    assert accounts.authenticate(team, "bob", CODER_PW).username == "bob"


def test_wrong_password_unknown_user_and_disabled_account_give_one_message(team) -> None:
    accounts.set_active(team, ADMIN, "bob", False)
    messages = set()
    for name, password in [("ana", "pas le bon mot"), ("ana", ADMIN_PW.upper()),
                           ("inconnu", ADMIN_PW), ("", ""), ("bob", CODER_PW),
                           ("bob", "pas le bon non plus")]:
        with pytest.raises(AuthenticationError) as info:
            accounts.authenticate(team, name, password)
        messages.add(str(info.value))
    # the message tells nobody whether the name exists or the account was disabled
    assert len(messages) == 1, messages
    accounts.set_active(team, ADMIN, "bob", True)
    assert accounts.authenticate(team, "bob", CODER_PW).role is AccountRole.CODER


def test_the_last_active_admin_cannot_be_demoted_or_disabled(team) -> None:
    for change in (lambda: accounts.set_role(team, ADMIN, "ana", "coder"),
                   lambda: accounts.set_active(team, ADMIN, "ana", False)):
        with pytest.raises(AccountError, match="last active admin"):
            change()
    assert accounts.authenticate(team, "ana", ADMIN_PW).role is AccountRole.ADMIN
    # a disabled admin does not count as the other admin
    accounts.create_account(team, "carla", "carla-admin-pw", "admin", ADMIN)
    accounts.set_active(team, ADMIN, "carla", False)
    with pytest.raises(AccountError, match="last active admin"):
        accounts.set_role(team, ADMIN, "ana", "author")
    # with a second active admin, the first may step down
    accounts.set_active(team, ADMIN, "carla", True)
    accounts.set_role(team, ADMIN, "ana", "author")
    assert accounts.authenticate(team, "ana", ADMIN_PW).role is AccountRole.AUTHOR
    carla = Viewer("carla", AccountRole.ADMIN)
    with pytest.raises(AccountError, match="last active admin"):
        accounts.set_active(team, carla, "carla", False)


@pytest.mark.parametrize("actor", [Viewer("bob", AccountRole.CODER),
                                   Viewer("x", AccountRole.COMMITTEE),
                                   Viewer("y", AccountRole.AUTHOR)])
def test_only_an_admin_changes_roles_and_activity(team, actor: Viewer) -> None:
    with pytest.raises(PermissionDeniedError):
        accounts.set_role(team, actor, "bob", "admin")
    with pytest.raises(PermissionDeniedError):
        accounts.set_active(team, actor, "ana", False)
    with pytest.raises(PermissionDeniedError):
        accounts.set_password(team, actor, "ana", "je prends la main")
    assert accounts.authenticate(team, "ana", ADMIN_PW).role is AccountRole.ADMIN
    assert accounts.authenticate(team, "bob", CODER_PW).role is AccountRole.CODER


def test_a_user_changes_their_own_password(team) -> None:
    bob = Viewer("bob", AccountRole.CODER)
    accounts.set_password(team, bob, "bob", "nouveau mot de passe")
    with pytest.raises(AuthenticationError):
        accounts.authenticate(team, "bob", CODER_PW)
    assert accounts.authenticate(team, "bob", "nouveau mot de passe") == bob
    # an admin resets someone else's
    accounts.set_password(team, ADMIN, "bob", "remis par ana")
    assert accounts.authenticate(team, "bob", "remis par ana") == bob


def test_changes_to_an_unknown_account_are_refused(team) -> None:
    with pytest.raises(AccountError, match="no account"):
        accounts.set_role(team, ADMIN, "fantome", "coder")


def test_every_change_is_audited_without_password_or_hash(team) -> None:
    before = len(audit(team))
    accounts.create_account(team, "cleo", "cleo-mot-de-passe", "author", ADMIN)
    accounts.set_role(team, ADMIN, "cleo", "committee")
    accounts.set_active(team, ADMIN, "cleo", False)
    accounts.set_active(team, ADMIN, "cleo", True)
    accounts.set_password(team, ADMIN, "cleo", "cleo-second-mot")
    accounts.set_password(team, Viewer("cleo", AccountRole.COMMITTEE), "cleo",
                          "cleo-troisieme-mot")
    new = audit(team)[before:]
    assert [(e.actor, e.action, e.target) for e in new] == [
        ("ana", "account.create", "cleo"), ("ana", "account.role", "cleo"),
        ("ana", "account.active", "cleo"), ("ana", "account.active", "cleo"),
        ("ana", "account.password", "cleo"), ("cleo", "account.password", "cleo")]
    assert new[0].detail == {"role": "author"}
    assert new[1].detail == {"role": "committee"}
    assert [new[2].detail, new[3].detail] == [{"active": False}, {"active": True}]
    secrets = [ADMIN_PW, CODER_PW, "cleo-mot-de-passe", "cleo-second-mot",
               "cleo-troisieme-mot", "$argon2", stored_hash(team, "cleo"),
               stored_hash(team, "ana")]
    for event in audit(team):  # every event of the project, the first admin's included
        written = f"{event.actor} {event.action} {event.target} {event.detail}"
        assert not any(s in written for s in secrets), event.action
    # refused changes write nothing
    with pytest.raises(AccountError):
        accounts.set_role(team, ADMIN, "ana", "coder")
    with pytest.raises(PermissionDeniedError):
        accounts.set_role(team, Viewer("bob", AccountRole.CODER), "cleo", "admin")
    assert len(audit(team)) == before + len(new)


def test_require_names_the_roles_needed() -> None:
    accounts.require(ADMIN, AccountRole.ADMIN, AccountRole.AUTHOR)
    with pytest.raises(PermissionDeniedError, match="committee.*admin or author"):
        accounts.require(Viewer("c", AccountRole.COMMITTEE), AccountRole.ADMIN,
                         AccountRole.AUTHOR)
