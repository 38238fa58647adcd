"""One journey per role, end to end in a real headless Chromium (Debian's), on a copy of the
demo project served once for the module. Every journey fails on an exception the page shows
(Streamlit's exception block, or the French "unexpected error" message) and on any traceback
or error the server logs. The README's screenshots are taken here."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tupsalco import accounts, basket, coding
from tupsalco.demo import DEMO_ACCOUNTS, DEMO_PASSPHRASE
from tupsalco.project import Project
from tupsalco.records import AccountRole, Viewer
from tupsalco.store.repository import audit_events
from tupsalco.ui.state import UNEXPECTED

from .browser_helpers import CHROMIUM, drag_across, serve
from .conftest import ROOT, copy_project
from .test_browser import _attribution_leaks

pytestmark = pytest.mark.browser
DOCS = ROOT / "docs"
# what Streamlit writes by default where a page does not choose its own words
STREAMLIT_ENGLISH = re.compile(r"Choose options|Choose an option|Select all|No options to select"
                               r"|Press Enter to apply|\bempty\b")


class Server:
    """The app served on a copy of the demo project; ``errors()`` reads what its log gained."""

    def __init__(self, url: str, log: Path, folder: Path) -> None:
        self.url, self.log, self.folder, self._read = url, log, folder, 0

    def errors(self) -> list[str]:
        text = self.log.read_text(errors="replace")
        new, self._read = text[self._read:], len(text)
        return [line for line in new.splitlines()
                if re.search(r"Traceback|Error|Exception|CRITICAL", line)]


@pytest.fixture(scope="module")
def server(demo_project, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("journeys")
    folder = base / "project"
    copy_project(demo_project, folder).close()  # the session's demo stays as built
    log_path = base / "streamlit.log"
    env = {"TUPSALCO_DEBUG": "1", "TUPSALCO_HOME": str(base / "home")}
    with serve(folder, log_path, env, ("--logger.level", "warning")) as url:
        yield Server(url, log_path, folder)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server: Server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
    assert not server.errors(), server.errors()


def check(page, server: Server) -> None:  # noqa: ANN001
    """No exception on the page, none in the server's log since the last check."""
    settle(page)
    shown = page.locator("[data-testid='stException']")
    assert shown.count() == 0, shown.first.inner_text()
    body = page.locator("body").inner_text()
    assert UNEXPECTED not in body
    assert not STREAMLIT_ENGLISH.findall(body), STREAMLIT_ENGLISH.findall(body)
    assert not server.errors(), server.errors()


def settle(page) -> None:  # noqa: ANN001
    """Wait until the script run an interaction started has finished."""
    page.wait_for_timeout(400)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden")
    page.wait_for_timeout(300)


def sign_in(page, url: str, user: str) -> None:  # noqa: ANN001
    page.goto(url)
    page.get_by_label("Nom d'utilisateur").fill(user)
    page.get_by_label("Mot de passe").fill(DEMO_ACCOUNTS[user][1])
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text(f"Connecté·e : {user}").wait_for()
    settle(page)


def choose(page, label: str, option: str, scope=None) -> None:  # noqa: ANN001
    """Pick an option in a select box; the list is opened again if a rerun closed it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = (scope or page).get_by_role("combobox", name=label, exact=True).first
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(6):
        settle(page)
        box.scroll_into_view_if_needed()
        box.click()
        try:
            wanted.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    wanted.click()
    settle(page)


def fill(page, label: str, value: str) -> None:  # noqa: ANN001
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    settle(page)


def main(page):  # noqa: ANN001, ANN201
    return page.locator("[data-testid='stMain']").first


def select_in_transcript(page, words: str) -> None:  # noqa: ANN001
    """Drag the mouse across ``words`` inside the Coder page's transcript."""
    frame = page.frame_locator("iframe[title*='selectable_text']")
    drag_across(page, frame.get_by_text(words, exact=False).first, words)
    settle(page)


def opened(server: Server) -> Project:
    return Project.open(server.folder)


CODER = Viewer("codeur", AccountRole.CODER)


def test_a_coder_codes_memos_searches_and_undoes(server: Server, page) -> None:  # noqa: ANN001
    p = opened(server)
    doc = next(d for d in p.documents() if d.name.startswith("PAT"))
    text = p.document(doc.id).text
    before = len(coding.codings(p, CODER))
    sign_in(page, f"{server.url}/code?doc={doc.id}", "codeur")
    page.get_by_role("heading", name="Coder").wait_for()
    check(page, server)
    # a passage of the participant's, selected with the mouse, coded with one click
    turn = next(t for t in p.document(doc.id).turns if t.role.value == "participant"
                and t.end - t.start > 60)
    words = " ".join(text[turn.start:turn.end].split()[:4])
    select_in_transcript(page, words)
    page.get_by_role("combobox", name="Codes").click()
    page.get_by_role("option", name="Adapter les objectifs aux besoins des patients").click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Coder la sélection").click()
    page.get_by_text("Sélection codée").wait_for(timeout=15_000)
    check(page, server)
    assert len(coding.codings(p, CODER)) == before + 1
    # a suggestion for the same passage, accepted
    page.get_by_role("button", name="Accepter").first.click(timeout=120_000)
    page.get_by_text("Suggestion acceptée.").wait_for()
    check(page, server)
    assert len(coding.codings(p, CODER)) == before + 2
    page.screenshot(path=str(DOCS / "journey-coder.png"))
    # a memo on one of my codings: the tab stays, the box is emptied once saved
    fill(page, "Phrase de passe de la clé", DEMO_PASSPHRASE)
    page.get_by_role("tab", name="Mémos").click()
    settle(page)
    choose(page, "Mémo sur", "un de mes codages")
    assert page.get_by_role("tab", name="Mémos").get_attribute("aria-selected") == "true"
    page.get_by_label("Mémo", exact=True).fill("Relance sur le groupe : à comparer.")
    page.keyboard.press("Tab")  # a text area sends its text when it loses the focus
    settle(page)
    page.get_by_role("button", name="Enregistrer le mémo").click()
    page.get_by_text("Mémo enregistré").wait_for()
    check(page, server)
    assert page.get_by_label("Mémo", exact=True).input_value() == ""
    assert any(m.text.startswith("Relance") and m.target_kind == "coding"
               for m in coding.memos(p, CODER))
    # search by lemma, then code every hit at once
    page.get_by_role("tab", name="Recherche et autocodage").click()
    settle(page)
    fill(page, "Chercher (par lemme : « buvais » trouve « boire »)", "buvais")
    page.get_by_text("résultat(s) dans").wait_for()
    check(page, server)
    n_hits = int(re.search(r"(\d+) résultat", main(page).inner_text()).group(1))
    assert n_hits > 0
    page.get_by_role("button", name="Coder tous les résultats").click()
    page.get_by_text("codage(s) créés").wait_for()
    check(page, server)
    after = len(coding.codings(p, CODER))
    assert after > before + 2
    # undo the auto-coding in one step, then redo it; the messages are French
    page.get_by_role("button", name="↶ Annuler").last.click()
    page.get_by_text("Annulé :").wait_for()
    check(page, server)
    said = page.get_by_text("Annulé :").first.inner_text()
    assert not re.search(r"[a-z]+_[a-z]+", said), said
    assert len(coding.codings(p, CODER)) == before + 2
    page.get_by_role("button", name="↷ Rétablir").last.click()
    page.get_by_text("Rétabli :").wait_for()
    check(page, server)
    assert len(coding.codings(p, CODER)) == after
    p.close()


def test_an_author_filters_opens_a_cell_trims_and_exports(server: Server, page) -> None:  # noqa: ANN001
    import docx
    from docx.shared import Cm

    author = Viewer("auteur", AccountRole.AUTHOR)
    p = opened(server)
    basket.clear(p, author)
    sign_in(page, server.url, "auteur")
    page.get_by_role("heading", name="Explorer").wait_for()
    page.get_by_text("verbatims codés").first.wait_for()
    check(page, server)
    total = int(re.search(r"(\d+) verbatims codés", main(page).inner_text()).group(1))
    # filters: the MG's words only
    page.get_by_text("Filtres").click()
    choose(page, "Profession", "MG")
    check(page, server)
    page.keyboard.press("Escape")
    settle(page)
    body = main(page).inner_text()
    shown = int(re.search(r"(\d+) verbatims codés", body).group(1))
    assert 0 < shown < total
    assert "(MG," in body and "(patient" not in body
    assert not re.search(r"tour 0\b", body)  # turns are counted from 1, as on the Coder page
    page.get_by_role("button", name="Ajouter aux citations").first.click()
    page.get_by_text("Verbatim ajouté aux citations.").wait_for()
    check(page, server)
    # a verbatim far down its transcript, seen in context: the reader scrolls to its turn
    turns = [int(n) for n in re.findall(r"tour (\d+)", main(page).inner_text())]
    far = max(range(len(turns)), key=turns.__getitem__)
    page.get_by_role("link", name="Voir dans la transcription").nth(far).click()
    page.get_by_role("heading", name="Lecture").wait_for()
    turn = page.locator(f"#turn-{turns[far] - 1}")
    turn.wait_for()
    check(page, server)
    page.wait_for_timeout(1500)
    box = turn.bounding_box()
    assert turns[far] > 10 and 0 <= box["y"] < 1000, (turns[far], box)
    page.get_by_role("link", name="Explorer").click()
    page.get_by_text("verbatims codés").first.wait_for()
    settle(page)
    # a matrix cell
    page.get_by_role("tab", name="Matrice").click()
    settle(page)
    choose(page, "Thème", "Des stratégies thérapeutiques différenciées")
    choose(page, "Valeur", "MG")
    check(page, server)
    assert re.search(r"\d+ verbatims, \d+ participant", main(page).inner_text())
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.wait_for_timeout(800)
    page.screenshot(path=str(DOCS / "journey-author.png"))
    # the basket: trim the verbatim, then export to Word
    page.get_by_role("link", name="Citations").click()
    page.get_by_role("heading", name="Citations").wait_for()
    page.get_by_role("button", name="Exporter en Word").wait_for()
    check(page, server)
    item = basket.items(p, author)[0]
    words = item.text.split()
    assert len(words) > 6
    trimmed = " ".join(words[:3]) + " [...] " + " ".join(words[-3:])
    page.get_by_text("Couper le verbatim ([...])").first.click()
    page.get_by_role("textbox", name="Texte cité").first.fill(trimmed)
    page.keyboard.press("Tab")  # a text area sends its text when it loses the focus
    settle(page)
    page.get_by_role("button", name="Enregistrer la coupe").first.click()
    page.get_by_text("Coupe enregistrée.").wait_for()
    check(page, server)
    confirm = page.get_by_text("J'ai vérifié ces citations et j'exporte quand même")
    if confirm.count():
        confirm.click()
        settle(page)
    export = page.locator("button:not([disabled])", has_text="Exporter en Word")
    export.wait_for()
    with page.expect_download() as download:
        export.click()
    check(page, server)
    document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.1)
    langs = {e.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
             for e in document.styles.element.iter(
                 "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")}
    assert langs == {"fr-FR"}, langs
    assert document.core_properties.language == "fr-FR"
    paragraph = next(x for x in document.paragraphs if "«" in x.text)
    assert paragraph.text.startswith("«")
    assert "[...]" in paragraph.text and words[0] in paragraph.text
    assert any(r.italic for r in paragraph.runs if words[0] in r.text)
    assert re.search(r"»\s*\(MG, [^)]+\)", paragraph.text), paragraph.text
    basket.clear(p, author)
    p.close()


def test_the_committee_sees_every_view_and_nothing_else(server: Server, page, sheet) -> None:  # noqa: ANN001
    sign_in(page, server.url, "comite")
    page.get_by_role("heading", name="Thèmes de l'étude").wait_for()
    check(page, server)
    nav = page.locator("[data-testid='stSidebarNav']")
    assert nav.count() == 0 or nav.inner_text().split() == ["Thèmes"]
    for attribute in ("profession", "lieu d'exercice", "tranche d'âge"):
        page.get_by_text(attribute, exact=True).first.click()
        settle(page)
        for measure in ("passages codés", "participant·e·s"):
            page.get_by_text(measure, exact=True).first.click()
            check(page, server)
            body = main(page).inner_text()
            assert not _attribution_leaks(body, sheet), _attribution_leaks(body, sheet)
            # the table is whole at 1,400 px: nothing hidden behind a scrollbar
            table = page.locator("[data-testid='stTable']").first
            assert table.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
            box = table.bounding_box()
            assert box["x"] + box["width"] <= 1400
    for theme in ("Adapter les objectifs aux besoins des patients",
                  "Des stratégies thérapeutiques différenciées"):
        choose(page, "Thème", theme)
        for value in ("(toutes)", "MG"):
            choose(page, "Profession", value)
            check(page, server)
            body = main(page).inner_text()
            assert not _attribution_leaks(body, sheet)
    page.set_viewport_size({"width": 1400, "height": 1500})
    main(page).evaluate("e => e.scrollTo(0, 0)")
    page.wait_for_timeout(800)
    page.screenshot(path=str(DOCS / "journey-committee.png"))
    for path in ("explore", "reader", "code", "documents", "basket", "accounts", "agreement",
                 "codebook", "pseudonymisation"):
        page.goto(f"{server.url}/{path}")
        page.get_by_label("Nom d'utilisateur").fill("comite")
        page.get_by_label("Mot de passe").fill(DEMO_ACCOUNTS["comite"][1])
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_role("heading", name="Thèmes de l'étude").wait_for()
        check(page, server)
        assert not _attribution_leaks(main(page).inner_text(), sheet)


def test_an_admin_manages_accounts_blind_mode_and_reconciles(server: Server, page) -> None:  # noqa: ANN001
    p = opened(server)
    sign_in(page, f"{server.url}/accounts", "admin")
    page.get_by_role("heading", name="Comptes et réglages").wait_for()
    check(page, server)
    # a new account, then its role changed
    page.get_by_label("Nom d'utilisateur").fill("lea")
    page.get_by_label("Mot de passe", exact=True).fill("un-mot-de-passe-long")
    page.get_by_role("button", name="Créer").click()
    page.get_by_text("Compte lea créé.").wait_for()
    check(page, server)
    page.screenshot(path=str(DOCS / "journey-admin.png"))
    assert {a.username: a.role for a in accounts.accounts(p)}["lea"] is AccountRole.CODER
    # blind coding on, then off
    page.locator("[data-testid='stCheckbox'] label", has_text="Codage en aveugle").click()
    page.get_by_text("Codage en aveugle activé.").wait_for()
    check(page, server)
    assert Project.open(server.folder).blind
    page.locator("[data-testid='stCheckbox'] label", has_text="Codage en aveugle").click()
    page.get_by_text("Codage en aveugle levé.").wait_for()
    check(page, server)
    # reconciliation on the Accord page, signed by the signed-in account
    page.get_by_role("link", name="Accord").click()
    page.get_by_role("heading", name="Accord inter-codeurs", exact=True).wait_for()
    check(page, server)
    page.get_by_text("Désaccords en contexte").scroll_into_view_if_needed()
    page.get_by_role("button", name=re.compile("^Garder la version de")).first.click()
    page.get_by_text("Version gardée.").wait_for()
    check(page, server)
    with p.db.session() as s:
        signed = {e.actor for e in audit_events(s) if "reconcile" in e.action.lower()}
    assert signed == {"admin"}, signed
    p.close()
