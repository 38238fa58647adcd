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
from tupsalco.project import DB_NAME, Project
from tupsalco.records import AccountRole, Viewer
from tupsalco.store.models import AccountRow, AuditEventRow

from .conftest import PASS, PASSWORD

ADMIN_PW = PASSWORD
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
    """A project with an admin (ana, its first account) and a coder (bob)."""
    accounts.create_account(project, ADMIN, "bob", CODER_PW, AccountRole.CODER)
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
    query = "SELECT username, password_hash FROM accounts"
    if (team.folder / DB_NAME).exists():
        with sqlite3.connect(team.folder / DB_NAME) as con:
            hashes = dict(con.execute(query))
    else:  # a server: through its own driver
        with team.db.engine.connect() as con:
            hashes = dict(con.exec_driver_sql(query).all())
    assert set(hashes) == {"ana", "bob"} and hashes["ana"] != hashes["bob"]
    assert accounts.authenticate(team, "ana", ADMIN_PW) == ADMIN
    assert accounts.authenticate(team, "  BOB ", CODER_PW) == Viewer("bob", AccountRole.CODER)


def test_two_accounts_with_one_password_get_different_hashes(team) -> None:
    accounts.create_account(team, ADMIN, "cleo", CODER_PW, "author")
    assert stored_hash(team, "cleo") != stored_hash(team, "bob")  # salted


def test_a_project_is_created_with_its_first_admin(tmp_path: Path, backend) -> None:
    p = Project.create(tmp_path / "p", PASS, vault_path=tmp_path / "k.vault",
                       admin=("Zoe", "zoe-mot-de-passe"), database_url=backend)
    assert [(a.username, a.role, a.active) for a in accounts.accounts(p)] == [
        ("zoe", AccountRole.ADMIN, True)]
    assert audit(p)[0].actor == "zoe"  # the creation is signed by that account
    p.close()
    with pytest.raises(AccountError, match="trop court"):
        Project.create(tmp_path / "q", PASS, vault_path=tmp_path / "q.vault",
                       admin=("zoe", "court"), database_url=backend)
    assert not (tmp_path / "q").exists() and not (tmp_path / "q.vault").exists()


@pytest.mark.parametrize("actor", [None, Viewer("bob", AccountRole.CODER),
                                   Viewer("bob", AccountRole.ADMIN),
                                   Viewer("x", AccountRole.COMMITTEE)])
def test_only_an_admin_creates_accounts(team, actor: Viewer | None) -> None:
    """Whatever role a session claims, the database's account decides."""
    with pytest.raises((PermissionDeniedError, AuthenticationError)):
        accounts.create_account(team, actor, "intrus", "assez-long-pour-passer", "admin")
    assert [a.username for a in accounts.accounts(team)] == ["ana", "bob"]


def test_an_existing_name_and_an_unknown_role_are_refused(team) -> None:
    with pytest.raises(AccountError, match="existe déjà"):
        accounts.create_account(team, ADMIN, "Bob", "un autre mot de passe", "coder")
    with pytest.raises(AccountError, match="Rôle inconnu"):
        accounts.create_account(team, ADMIN, "zoe", "un autre mot de passe", "superuser")
    with pytest.raises(AccountError, match="Rôle inconnu"):
        accounts.set_role(team, ADMIN, "bob", "chef")


@pytest.mark.parametrize("username", ["", "a", "ana maria", "-ana", ".ana", "ana/x", "ana@x",
                                      "élise", "x" * 41, "an a"])
def test_bad_user_names_are_refused(project, username: str) -> None:
    with pytest.raises(AccountError) as info:
        accounts.create_account(project, ADMIN, username, ADMIN_PW, "admin")
    assert isinstance(info.value, ValueError)
    assert [a.username for a in accounts.accounts(project)] == ["ana"]


@pytest.mark.parametrize("password", ["", "court", "1234567", "sept ch"])
def test_short_passwords_are_refused(team, password: str) -> None:
    with pytest.raises(AccountError, match="trop court") as info:
        accounts.create_account(team, ADMIN, "zoe", password, "coder")
    assert isinstance(info.value, ValueError)
    with pytest.raises(AccountError, match="trop court"):
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
        with pytest.raises(AccountError, match="dernier compte d'administration"):
            change()
    assert accounts.authenticate(team, "ana", ADMIN_PW).role is AccountRole.ADMIN
    # a disabled admin does not count as the other admin
    accounts.create_account(team, ADMIN, "carla", "carla-admin-pw", "admin")
    accounts.set_active(team, ADMIN, "carla", False)
    with pytest.raises(AccountError, match="dernier compte d'administration"):
        accounts.set_role(team, ADMIN, "ana", "author")
    # with a second active admin, the first may step down
    accounts.set_active(team, ADMIN, "carla", True)
    accounts.set_role(team, ADMIN, "ana", "author")
    assert accounts.authenticate(team, "ana", ADMIN_PW).role is AccountRole.AUTHOR
    carla = Viewer("carla", AccountRole.ADMIN)
    with pytest.raises(AccountError, match="dernier compte d'administration"):
        accounts.set_active(team, carla, "carla", False)


@pytest.mark.parametrize("actor", [Viewer("bob", AccountRole.CODER),
                                   Viewer("x", AccountRole.COMMITTEE),
                                   Viewer("bob", AccountRole.ADMIN)])
def test_only_an_admin_changes_roles_and_activity(team, actor: Viewer) -> None:
    refused = (PermissionDeniedError, AuthenticationError)
    with pytest.raises(refused):
        accounts.set_role(team, actor, "bob", "admin")
    with pytest.raises(refused):
        accounts.set_active(team, actor, "ana", False)
    with pytest.raises(refused):
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
    with pytest.raises(AccountError, match="pas de compte"):
        accounts.set_role(team, ADMIN, "fantome", "coder")


def test_every_change_is_audited_without_password_or_hash(team) -> None:
    before = len(audit(team))
    accounts.create_account(team, ADMIN, "cleo", "cleo-mot-de-passe", "author")
    accounts.set_role(team, ADMIN, "cleo", "committee")
    accounts.set_active(team, ADMIN, "cleo", False)
    accounts.set_active(team, ADMIN, "cleo", True)
    accounts.set_password(team, ADMIN, "cleo", "cleo-second-mot")
    accounts.set_password(team, Viewer("cleo", AccountRole.COMMITTEE), "cleo",
                          "cleo-troisieme-mot")
    new = audit(team)[before:]
    who = "account:cleo"
    assert [(e.actor, e.action, e.target) for e in new] == [
        ("ana", "account.create", who), ("ana", "account.update", who),
        ("ana", "account.update", who), ("ana", "account.update", who),
        ("ana", "account.update", who), ("cleo", "account.update", who)]
    assert new[0].detail == {"role": "author"}
    assert new[1].detail == {"role": "committee"}
    assert [new[2].detail, new[3].detail] == [{"active": False}, {"active": True}]
    assert new[4].detail == new[5].detail == {"password": True}
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


def test_failed_sign_ins_are_audited_and_slowed_the_same_for_any_name(team) -> None:
    before = len(audit(team))
    for name in ("bob", "personne"):
        assert accounts.sign_in_delay(team, name) == 0
        for _ in range(accounts.FREE_TRIES):
            with pytest.raises(AuthenticationError):
                accounts.authenticate(team, name, "pas le bon mot de passe")
        first = accounts.sign_in_delay(team, name)
        with pytest.raises(AuthenticationError):
            accounts.authenticate(team, name, "toujours pas")
        assert 0 < first < accounts.sign_in_delay(team, name) <= accounts.MAX_WAIT
    assert accounts.sign_in_delay(team, "bob") == accounts.sign_in_delay(team, "personne")
    events = audit(team)[before:]
    assert {(e.action, e.detail["ok"]) for e in events} == {("account.sign_in", False)}
    assert {e.target for e in events} == {"account:bob", ""}  # a name tried is not kept
    assert "personne" not in str([(e.actor, e.target, e.detail) for e in events])
    accounts.authenticate(team, "bob", CODER_PW)  # a success starts afresh
    assert accounts.sign_in_delay(team, "bob") == 0


def test_a_role_changed_elsewhere_applies_at_the_next_action(team) -> None:
    from tupsalco import coding

    bob = accounts.authenticate(team, "bob", CODER_PW)  # an open session
    accounts.set_role(team, ADMIN, "bob", "committee")
    assert accounts.refresh(team, bob).role is AccountRole.COMMITTEE
    with pytest.raises(PermissionDeniedError):
        coding.add_memo(team, bob, "project", "", "un mémo", PASS)  # the session still says coder
    accounts.set_active(team, ADMIN, "bob", False)
    with pytest.raises(AuthenticationError):
        accounts.refresh(team, bob)


def test_require_names_the_roles_needed() -> None:
    accounts.require(ADMIN, AccountRole.ADMIN, AccountRole.AUTHOR)
    with pytest.raises(PermissionDeniedError, match="rôle"):
        accounts.require(Viewer("c", AccountRole.COMMITTEE), AccountRole.ADMIN,
                         AccountRole.AUTHOR)
