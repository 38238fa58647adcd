"""The workbench in a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tupsalco import basket, coding, review
from tupsalco.demo import DEMO_ACCOUNTS
from tupsalco.records import AccountRole, Viewer

from .browser_helpers import CHROMIUM, drag_across, serve
from .conftest import ANA, FALSE_POSITIVE, MISSED, PASS, PASSWORD, ROOT

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium (see .ci/run)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)",
                allow_module_level=True)


USER = ANA.username  # the test projects' first account, an admin


@pytest.fixture
def server(reviewed, tmp_path: Path) -> Iterator[str]:
    with serve(reviewed.folder, tmp_path / "streamlit.log") as url:
        yield url


@pytest.fixture
def coding_server(coded, tmp_path: Path) -> Iterator[str]:
    with serve(coded.folder, tmp_path / "streamlit.log") as url:
        yield url


@pytest.fixture
def demo_server(demo_project, tmp_path: Path) -> Iterator[str]:
    with serve(demo_project.folder, tmp_path / "streamlit.log") as url:
        yield url


def _open(page, url: str, user: str = USER, password: str = PASSWORD) -> None:
    """Open ``url`` and sign in: a new browser load is a new session, which asks who you are
    and then shows the page the address names."""
    page.goto(url)
    page.get_by_label("Nom d'utilisateur").fill(user)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text(f"Connecté·e : {user}").wait_for()


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        yield page
        browser.close()


def _fill(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    _settle(page)


def _settle(page) -> None:  # noqa: ANN001
    """Wait until the script run an interaction started has finished: Streamlit shows its
    status widget while a run is under way."""
    page.wait_for_timeout(400)  # the rerun's request has left the browser
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden")
    page.wait_for_timeout(300)  # the last deltas are drawn


def _choose(page, label: str, option: str) -> None:
    """Pick an option; the list is opened again if a rerun of the page closed it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.get_by_role("combobox", name=label).first
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(6):
        box.click()
        try:
            wanted.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    wanted.click()
    _settle(page)


def test_reviewer_rejects_a_false_positive_and_marks_a_missed_name(server, page, reviewed):
    sur = next(i.surrogate for i in review.identifiers(reviewed)
               if all("groupe" in c or "bien" in c for c in i.contexts))
    _open(page, f"{server}/pseudonymisation")
    page.get_by_role("heading", name="Pseudonymisation").wait_for()
    _fill(page, "Phrase de passe de la clé", PASS)
    page.get_by_role("tab", name="Identifiants détectés").click()  # after the doubts' tab
    _choose(page, "Identifiant", sur)
    page.get_by_role("button", name="Rejeter (ce n'est pas un identifiant)").click()
    page.get_by_text("rejeté").first.wait_for()

    page.get_by_role("tab", name="Signaler un oubli").click()
    _fill(page, "Mots oubliés", MISSED)
    page.get_by_role("tab", name="Signaler un oubli").click()
    _choose(page, "Type", "Établissement")
    page.get_by_role("button", name="Pseudonymiser partout").click()
    page.get_by_text("Remplacé dans 2 occurrence(s).").wait_for()
    page.screenshot(path=str(ROOT / "docs" / "pseudonymisation.png"))

    texts = [reviewed.document(d.id).text for d in reviewed.documents()]
    assert all(FALSE_POSITIVE in t and MISSED not in t for t in texts)
    for doc in reviewed.documents():  # and so the reader shows it
        _open(page, f"{server}/reader")
        _choose(page, "Document", doc.name)
        body = page.locator("section.main, [data-testid='stMain']").first.inner_text()
        assert FALSE_POSITIVE in body and MISSED not in body


def test_select_a_passage_with_the_mouse_code_it_and_find_it_after_reload(
    coding_server, page, coded
):
    doc = next(d for d in coded.documents() if d.name == "PAT01.docx")
    _open(page, f"{coding_server}/code?doc={doc.id}")
    frame = page.frame_locator("iframe[title*='selectable_text']")
    target = frame.get_by_text("groupe de parole du CSAPA", exact=False).first
    target.wait_for()
    # drag the mouse across "groupe de parole" inside the transcript
    handle = target.element_handle()
    box = handle.evaluate("""(el) => {
        const text = el.firstChild, i = text.textContent.indexOf("groupe de parole du");
        const r = document.createRange();
        r.setStart(text, i); r.setEnd(text, i + 1);
        const a = r.getBoundingClientRect();
        const n = "groupe de parole".length;
        r.setStart(text, i + n - 1); r.setEnd(text, i + n);
        const b = r.getBoundingClientRect();
        return {x1: a.left + 1, y1: a.top + a.height / 2,
                x2: b.right - 1, y2: b.top + b.height / 2};
    }""")
    iframe = page.locator("iframe[title*='selectable_text']").bounding_box()
    page.mouse.move(iframe["x"] + box["x1"], iframe["y"] + box["y1"])
    page.mouse.down()
    page.mouse.move(iframe["x"] + box["x2"], iframe["y"] + box["y2"], steps=8)
    page.mouse.up()
    page.get_by_text("« groupe de parole »").wait_for()
    page.get_by_role("combobox", name="Codes").click()
    page.get_by_role("option", name="Stratégies").click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Coder la sélection").click()
    page.get_by_text("Sélection codée").wait_for()
    made = coding.codings(coded, ANA, doc.id)
    assert [(c.quote, c.code_id, c.coder) for c in made] == [
        ("groupe de parole", "strategies", "ana")]
    _open(page, f"{coding_server}/code?doc={doc.id}")  # a reload is a new session
    frame = page.frame_locator("iframe[title*='selectable_text']")
    highlight = frame.locator("span.hl", has_text="groupe de parole").first
    highlight.wait_for()
    assert highlight.get_attribute("title") == "Stratégies"
    assert frame.locator(".tag", has_text="Stratégies").count() >= 1


def _attribution_leaks(text: str, sheet) -> list[str]:
    """Anything in ``text`` that says who spoke: an attribution in the study's style, a
    participant id, a document name."""
    found = re.findall(r"\((?:MG|Psy|TS|Coordinatrice|patiente?|présidente)\b[^)]*\)", text)
    for p in sheet.participants:
        found += [w for w in (p.id, f"{p.id}.docx", f"{p.id}.txt") if w in text]
    return found


def test_the_committee_finds_no_attribution_anywhere(demo_server, page, sheet):
    user = "comite"
    _open(page, demo_server, user, DEMO_ACCOUNTS[user][1])
    page.get_by_role("heading", name="Thèmes de l'étude").wait_for()
    nav = page.locator("[data-testid='stSidebarNav']")
    assert nav.count() == 0 or nav.inner_text().split() == ["Thèmes"]  # one page only
    main = page.locator("[data-testid='stMain']").first
    seen = 0
    for attribute in ("profession", "lieu d'exercice", "tranche d'âge"):
        page.get_by_text(attribute, exact=True).first.click()
        _settle(page)
        for measure in ("passages codés", "participant·e·s"):
            page.get_by_text(measure, exact=True).first.click()
            _settle(page)
            body = main.inner_text()
            assert not _attribution_leaks(body, sheet), _attribution_leaks(body, sheet)
            seen += 1
    assert "masqué (< k)" in main.inner_text() or "masquée" in main.inner_text()
    page.set_viewport_size({"width": 1400, "height": 1500})
    page.locator("[data-testid='stMain']").first.evaluate("e => e.scrollTo(0, 0)")
    page.wait_for_timeout(1000)
    for theme in ("Des stratégies thérapeutiques différenciées",
                  "Délégation des tâches, source de tensions entre les professionnels"):
        page.get_by_text("verbatims.").first.wait_for()
        _settle(page)
        _choose(page, "Thème", theme)
        main.get_by_text("«").first.wait_for()
        body = main.inner_text()
        assert "«" in body  # verbatims are shown...
        assert not _attribution_leaks(body, sheet)  # ...without attribution
    # the researchers' pages are not served to this session, even by their address
    for path in ("explore", "reader", "code", "documents"):
        page.goto(f"{demo_server}/{path}")
        page.get_by_label("Nom d'utilisateur").wait_for()  # a new session: sign in again
        page.get_by_label("Nom d'utilisateur").fill(user)
        page.get_by_label("Mot de passe").fill(DEMO_ACCOUNTS[user][1])
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_role("heading", name="Thèmes de l'étude").wait_for()
        assert not _attribution_leaks(main.inner_text(), sheet)
    assert seen == 6


def test_an_author_explores_and_fills_the_basket(demo_server, page, demo_project):
    try:
        _author_explores(demo_server, page)
    finally:  # the demo project is shared by the whole session: leave the basket empty
        basket.clear(demo_project, Viewer("auteur", AccountRole.AUTHOR))


def _author_explores(demo_server, page) -> None:  # noqa: ANN001
    user = "auteur"
    _open(page, demo_server, user, DEMO_ACCOUNTS[user][1])
    page.get_by_role("heading", name="Explorer").wait_for()
    main = page.locator("[data-testid='stMain']").first
    page.get_by_text("verbatims codés").first.wait_for()
    page.get_by_role("button", name="Ajouter aux citations").first.wait_for()
    assert re.search(r"\((?:MG|Psy|TS|Coordinatrice|patiente?)\b", main.inner_text())
    page.get_by_role("button", name="Ajouter aux citations").first.click()
    page.get_by_text("Verbatim ajouté aux citations.").wait_for()
    page.get_by_role("tab", name="Matrice").click()
    _settle(page)
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.wait_for_timeout(1000)
    page.get_by_role("link", name="Citations").click()
    page.get_by_role("heading", name="Citations").wait_for()
    # the heading is drawn before the basket's items: wait for the export button
    page.get_by_role("button", name="Exporter en Word").wait_for()
    body = main.inner_text()
    assert "Le panier est vide" not in body
    assert re.search(r"1\.\s*«.+»\s*\((?:MG|Psy|TS|Coordinatrice|patiente?)\b", body, re.S)


def test_a_researcher_imports_another_tools_project(server, page, reviewed):
    from .test_refi_project import _other_tool_qdpx

    _open(page, f"{server}/documents")
    page.get_by_role("heading", name="Documents").wait_for()
    page.get_by_text("Importer des entretiens, des notes ou un projet REFI-QDA").click()
    panel = page.locator("[data-testid='stExpander']",
                         has_text="Importer des entretiens, des notes ou un projet REFI-QDA")
    panel.locator("input[type='file']").set_input_files(files=[{
        "name": "terrain.qdpx", "mimeType": "application/zip", "buffer": _other_tool_qdpx()}])
    _settle(page)
    _fill(page, "Phrase de passe de la clé", PASS)
    page.get_by_role("button", name="Importer", exact=True).click()
    page.get_by_text("2 document(s) importé(s) avec 2 codage(s).").wait_for(timeout=180_000)
    docs = {d.name: d for d in reviewed.documents()}
    assert docs["Entretien MG01"].participant.id == "MG01"
    quotes = {c.quote for c in coding.codings(reviewed, ANA, docs["PAT01 entretien"].id)}
    assert "je bois moins" in quotes and not any("Caradec" in q for q in quotes)
    assert "Notes perso" in page.locator("[data-testid='stMain']").first.inner_text()


def _code_words(page, words: str, code_label: str) -> None:  # noqa: ANN001
    """Select ``words`` in the transcript with the mouse and code them with one code."""
    frame = page.frame_locator("iframe[title*='selectable_text']")
    drag_across(page, frame.locator(".txt span", has_text=words).first, words)
    _choose(page, "Codes", code_label)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Coder la sélection").click()
    page.get_by_text("Sélection codée").wait_for()
    _settle(page)


def test_a_blind_round_two_coders_then_the_admin_adjudicates(coding_server, page, coded):
    from tupsalco import rounds
    from tupsalco.records import REFERENCE

    from .conftest import member

    member(coded, "bob")
    member(coded, "cleo")
    doc = next(d for d in coded.documents() if d.name == "PAT01.docx")

    # the admin opens a blind round on one transcript for two coders
    _open(page, f"{coding_server}/rounds")
    page.get_by_role("heading", name="Rondes de codage").wait_for()
    page.get_by_label("Nom de la ronde").fill("Ronde 1")
    _choose(page, "Documents de la ronde", doc.name)
    page.keyboard.press("Escape")
    for who in ("bob", "cleo"):
        _choose(page, "Codeur·ses de la ronde", who)
        page.keyboard.press("Escape")
    page.get_by_role("button", name="Ouvrir la ronde").click()
    page.get_by_text("Ronde n° 1 ouverte.").wait_for()

    # bob codes a passage; the banner says which round he is in
    _open(page, f"{coding_server}/code?doc={doc.id}", "bob")
    page.get_by_text("Ronde de codage « Ronde 1 » en cours").first.wait_for()
    _code_words(page, "la directrice des", "Tensions")

    # cleo codes it with other boundaries, and cannot see bob's even when she asks for them
    _open(page, f"{coding_server}/code?doc={doc.id}", "cleo")
    page.get_by_text("Ronde de codage « Ronde 1 » en cours").first.wait_for()
    _choose(page, "Afficher aussi les codages de", "bob")
    page.keyboard.press("Escape")
    frame = page.frame_locator("iframe[title*='selectable_text']")
    frame.locator(".txt").first.wait_for()
    assert frame.locator(".tag").count() == 0
    _code_words(page, "directrice des", "Tensions")
    frame.locator(".tag", has_text="Tensions").first.wait_for()
    assert frame.locator(".tag", has_text="(bob)").count() == 0
    assert frame.locator("span.hl").all_inner_texts() == ["directrice des"]

    # the admin closes the round, reads the agreement, settles the disagreement
    _open(page, f"{coding_server}/rounds")
    page.get_by_role("button", name="Clore la ronde").click()
    page.get_by_text("Ronde close : 1 désaccord(s) à trancher.").wait_for()
    _settle(page)
    page.get_by_role("heading", name="Accord", exact=True).first.wait_for()
    page.get_by_text("Par document").wait_for()
    page.locator("mark", has_text="la directrice des").wait_for()
    [tensions] = rounds.agreement(coded, ANA, 1).codes
    assert (tensions.table.first_only, tensions.table.second_only) == (3, 0)
    _settle(page)
    page.locator("mark", has_text="la directrice des").scroll_into_view_if_needed()
    page.screenshot(path=str(ROOT / "docs" / "rounds.png"))
    page.get_by_role("button", name="Garder la version de cleo").click()
    page.get_by_text("Tous les désaccords sont tranchés").wait_for()
    assert [(c.coder, c.quote) for c in rounds.reference(coded, ANA)] == [
        (REFERENCE, "directrice des")]
    [decision] = [d.decision for d in rounds.disputes(coded, ANA, 1)]
    assert (decision.decision, decision.kept, decision.decided_by) == ("keep", "cleo", "ana")

    # the reference is shown to the coders, marked as such
    _open(page, f"{coding_server}/code?doc={doc.id}", "bob")
    frame = page.frame_locator("iframe[title*='selectable_text']")
    frame.locator(".tag", has_text="Tensions (référence)").first.wait_for()


def test_a_signed_in_session_survives_a_reload_until_sign_out(server, page):
    """A reload, or a new tab on the same address, stays signed in (a signed, expiring token
    in the address); after a sign-out that address asks to sign in again."""
    _open(page, server)
    page.wait_for_url(re.compile(r"[?&]session="))
    signed = page.url
    page.reload()
    page.get_by_text(f"Connecté·e : {USER}").wait_for()
    assert page.get_by_role("button", name="Se connecter").count() == 0
    tab = page.context.browser.new_page()
    tab.goto(signed)
    tab.get_by_text(f"Connecté·e : {USER}").wait_for()
    tab.close()
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("button", name="Se connecter").wait_for()
    page.goto(signed)
    page.get_by_text("Votre session a expiré ou a été fermée").wait_for()
    page.get_by_role("button", name="Se connecter").wait_for()  # drawn after the message
    assert page.get_by_role("button", name="Se connecter").count() == 1


# PostgreSQL is the subject: the test moves the coded SQLite project to the server itself
@pytest.mark.sqlite_only("moves its SQLite project to PostgreSQL itself")
def test_two_app_servers_on_one_postgresql_show_each_others_work(coded, page, tmp_path):
    """Two Streamlit servers (two processes, two ports) on one PostgreSQL database: what one
    coder saves, the other's page shows at its next action, both ways."""
    from tupsalco.store.location import new_database
    from tupsalco.store.transfer import copy_database

    from .conftest import POSTGRES
    from .test_backends import _fresh_url

    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("CI runs the PostgreSQL half: $TUPSALCO_TEST_POSTGRES is not set")
        pytest.skip("no PostgreSQL server ($TUPSALCO_TEST_POSTGRES; scripts/postgres)")
    folder = tmp_path / "equipe"
    folder.mkdir()
    db = new_database(folder, _fresh_url())  # the coded project, moved to the server
    db.migrate()
    assert all(t.same for t in copy_database(coded.db, db))
    db.dispose()
    doc = next(d for d in coded.documents() if d.name == "PAT01.docx")
    with serve(folder, tmp_path / "a.log") as one, serve(folder, tmp_path / "b.log") as two:
        assert one != two
        other = page.context.browser.new_page(viewport={"width": 1400, "height": 1000})
        other.set_default_timeout(60_000)
        _open(page, f"{one}/code?doc={doc.id}")
        _open(other, f"{two}/codebook")
        other.get_by_text("0 codage(s)").first.wait_for()

        def code_turn(tab, label: str) -> None:
            tab.get_by_role("combobox", name="Codes").click()
            tab.get_by_role("option", name=label).click()
            tab.keyboard.press("Escape")
            tab.get_by_role("button", name="Coder le tour entier").click()
            tab.get_by_text("Tour codé").wait_for()

        code_turn(page, "Stratégies")  # saved through the first server
        other.get_by_role("link", name="Coder").click()  # the other's next action
        other.get_by_role("link", name="Codebook").click()
        other.get_by_text("Stratégies · 1 codage(s)").wait_for()
        other.get_by_role("link", name="Coder").click()
        code_turn(other, "Tensions")  # saved through the second server
        page.get_by_role("link", name="Codebook").click()  # the first one's next action
        page.get_by_text("Tensions · 1 codage(s)").wait_for()
        page.get_by_text("Stratégies · 1 codage(s)").wait_for()
        other.close()
    from tupsalco.project import Project

    team = Project.open(folder)
    assert sorted(c.code_id for c in coding.codings(team, ANA)) == ["strategies", "tensions"]
    team.close()
