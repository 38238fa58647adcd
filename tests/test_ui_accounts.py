"""The Comptes page: an admin creates accounts, changes roles, disables, resets, blinds."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tupsalco import accounts
from tupsalco.errors import AuthenticationError
from tupsalco.records import AccountRole, Viewer

from .conftest import ANA, PASSWORD, open_page

ANA_PW = PASSWORD


@pytest.fixture
def admin_project(project):  # noqa: ANN001, ANN201
    """A fresh project (not the shared demo) whose first account is the admin ana."""
    return project


@pytest.fixture
def page(admin_project, monkeypatch) -> AppTest:  # noqa: ANN001
    return open_page(admin_project, "accounts.py", monkeypatch, user="ana", role="admin")


def create(page: AppTest, name: str, password: str, role: AccountRole) -> None:
    page.text_input(key="accounts_new_name").input(name)
    page.text_input(key="accounts_new_password").input(password)
    page.selectbox(key="accounts_new_role").set_value(role)
    next(b for b in page.button if b.label == "Créer").click().run()
    assert not page.exception


def table(page: AppTest) -> list[tuple[str, str, bool]]:
    t = page.dataframe[0].value
    return list(zip(t["compte"], t["rôle"], t["actif"], strict=True))


def test_create_an_account_from_the_page(page: AppTest, admin_project) -> None:  # noqa: ANN001
    assert [t.value for t in page.title] == ["Comptes et réglages"]
    assert table(page) == [("ana", "administration", "oui")]
    create(page, "zoe", "zoe-redige-bien", AccountRole.AUTHOR)
    assert "Compte zoe créé." in [s.value for s in page.success]
    assert accounts.authenticate(admin_project, "zoe", "zoe-redige-bien") == Viewer(
        "zoe", AccountRole.AUTHOR)
    assert table(page) == [("ana", "administration", "oui"), ("zoe", "rédaction", "oui")]


@pytest.mark.parametrize("name,password,message", [
    ("z", "assez-long-ok", "nom d'utilisateur"), ("zoe", "court", "trop court"),
    ("ana", "assez-long-ok", "existe déjà")])
def test_a_bad_account_shows_the_error(page: AppTest, admin_project, name: str,
                                       password: str, message: str) -> None:  # noqa: ANN001
    create(page, name, password, AccountRole.CODER)
    assert any(message in e.value for e in page.error)
    assert [a.username for a in accounts.accounts(admin_project)] == ["ana"]


def test_change_a_role_disable_and_reset(page: AppTest, admin_project) -> None:  # noqa: ANN001
    accounts.create_account(admin_project, ANA, "bob", "bob-code-beaucoup", "coder")
    page.run()
    page.selectbox(key="accounts_target").set_value("bob").run()
    page.selectbox(key="accounts_role").set_value(AccountRole.COMMITTEE).run()
    page.button(key="accounts_set_role").click().run()
    assert not page.exception
    assert "bob : rôle comité de pilotage." in [s.value for s in page.success]
    assert accounts.authenticate(admin_project, "bob", "bob-code-beaucoup").role is (
        AccountRole.COMMITTEE)
    assert ("bob", "comité de pilotage", "oui") in table(page)

    page.selectbox(key="accounts_target").set_value("bob").run()
    assert page.button(key="accounts_toggle").label == "Désactiver"
    page.button(key="accounts_toggle").click().run()
    with pytest.raises(AuthenticationError):
        accounts.authenticate(admin_project, "bob", "bob-code-beaucoup")
    assert ("bob", "comité de pilotage", "non") in table(page)
    page.selectbox(key="accounts_target").set_value("bob").run()
    assert page.button(key="accounts_toggle").label == "Réactiver"
    page.button(key="accounts_toggle").click().run()

    page.selectbox(key="accounts_target").set_value("bob").run()
    page.text_input(key="accounts_password").input("bob-nouveau-mot").run()
    page.button(key="accounts_reset").click().run()
    assert accounts.authenticate(admin_project, "bob", "bob-nouveau-mot").username == "bob"


def test_the_last_admin_cannot_demote_herself_on_the_page(page: AppTest, admin_project) -> None:  # noqa: ANN001,E501
    page.selectbox(key="accounts_target").set_value("ana").run()
    page.selectbox(key="accounts_role").set_value(AccountRole.CODER).run()
    page.button(key="accounts_set_role").click().run()
    assert any("dernier compte d'administration" in e.value for e in page.error)
    page.button(key="accounts_toggle").click().run()
    assert accounts.authenticate(admin_project, "ana", ANA_PW).role is AccountRole.ADMIN


def test_toggle_blind_coding_and_the_band_label(page: AppTest, admin_project) -> None:  # noqa: ANN001,E501
    assert admin_project.blind is False
    page.toggle(key="accounts_blind").set_value(True).run()
    assert not page.exception
    assert admin_project.blind is True
    assert "Codage en aveugle activé." in [s.value for s in page.success]
    assert page.toggle(key="accounts_blind").value is True
    page.toggle(key="accounts_blind").set_value(False).run()
    assert admin_project.blind is False
    page.text_input(key="accounts_band").input("45-65").run()
    assert admin_project.band_labels == {"46-65": "45-65"}
    page.text_input(key="accounts_band").input("quarante").run()
    assert any("45-65" in e.value for e in page.error)
    assert admin_project.band_labels == {"46-65": "45-65"}


@pytest.mark.parametrize("role", ["coder", "author", "committee"])
def test_only_an_admin_gets_the_accounts_page(admin_project, monkeypatch, role: str) -> None:  # noqa: ANN001,E501
    page = open_page(admin_project, None, monkeypatch, user="bob", role=role)
    with pytest.raises(ValueError, match="Known pages"):
        page.switch_page("tupsalco/ui/accounts.py")


def test_a_blind_project_hides_the_agreement_page_from_coders(admin_project,
                                                              monkeypatch) -> None:  # noqa: ANN001
    open_page(admin_project, "agreement.py", monkeypatch, user="bob", role="coder")
    admin_project.set_blind(ANA, True)
    page = open_page(admin_project, None, monkeypatch, user="bob", role="coder")
    with pytest.raises(ValueError, match="Known pages"):
        page.switch_page("tupsalco/ui/agreement.py")
    open_page(admin_project, "agreement.py", monkeypatch, user="ana", role="admin")


def test_a_demoted_account_loses_its_pages_at_its_next_action(admin_project,
                                                              monkeypatch) -> None:  # noqa: ANN001
    """An open session of a coder: an admin makes them committee, then disables them; each
    change applies at the session's next rerun, without a reload."""
    page = open_page(admin_project, "explore.py", monkeypatch, user="bob", role="coder")
    assert [t.value for t in page.title] == ["Explorer"]
    accounts.set_role(admin_project, ANA, "bob", "committee")
    page.run()
    assert not page.exception
    assert page.session_state["viewer"].role is AccountRole.COMMITTEE
    assert [t.value for t in page.title] == ["Thèmes de l'étude"]  # Explorer is gone
    with pytest.raises(ValueError, match="Known pages"):
        page.switch_page("tupsalco/ui/explore.py")
    accounts.set_active(admin_project, ANA, "bob", False)
    page.run()
    assert "viewer" not in page.session_state
    assert any("désactivé" in w.value for w in page.warning)
    assert page.button(key="FormSubmitter:login-Se connecter") is not None
