"""Shared resources of the Streamlit pages: the open project, cached reads."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

import streamlit as st

from .. import accounts
from ..demo import build_demo, demo_dir, demo_is_built
from ..errors import TupsalcoError
from ..progress import Eta, french_duration
from ..project import Project
from ..query import ROLE_NAMES
from ..records import ROLE_LABELS, AccountRole, Document, DocumentSummary, Viewer

log = logging.getLogger(__name__)


def project_folder() -> Path:
    """``$TUPSALCO_PROJECT`` if set, else the embedded demo project."""
    env = os.environ.get("TUPSALCO_PROJECT")
    return Path(env) if env else demo_dir() / "project"


def ensure_project() -> None:
    """Build the demo project on first start, one progress step per document."""
    if os.environ.get("TUPSALCO_PROJECT") or demo_is_built():
        return
    with st.status("Construction du projet de démonstration à partir de corpus/…",
                   expanded=True) as status:
        st.write("Chargement du modèle français, puis pseudonymisation de chaque document.")
        bar = st.progress(0.0, text="Étape 1 : chargement du modèle français de spaCy "
                                    "(une vingtaine de secondes)…")
        from ..pseudonymise.pipeline import load_pipeline

        load_pipeline()  # the longest silent step: shown as a step of its own, then cached
        # the model is a tenth of the work; the documents share the rest of the bar
        bar.progress(0.1, text="Étape 2 : modèle chargé ; import des documents…")
        eta = Eta()

        def step(i: int, n: int, name: str) -> None:
            done = 0.1 + 0.9 * min(i / max(n, 1), 1.0)
            left = french_duration(eta.remaining(i, n)) if i < n else ""
            text = (f"Étape 2 : document {i}/{n} — {name}" if name
                    else f"{n}/{n} documents importés")
            bar.progress(done, text=text + (f" — {left} restantes" if left else ""))

        build_demo(progress=step).close()
        status.update(label="Projet de démonstration prêt", state="complete", expanded=False)
    open_project.clear()
    _documents.clear()


@st.cache_resource
def open_project(folder: str) -> Project:
    return Project.open(Path(folder))


def project() -> Project:
    return open_project(str(project_folder()))


# cached reads key on the project's last change: what another coder (another tab, another
# app server on the same database) saved shows at this page's next run
@st.cache_data(show_spinner=False)
def _documents(folder: str, changed: int) -> list[DocumentSummary]:
    return open_project(folder).documents()


@st.cache_data(show_spinner=False)
def _document(folder: str, document_id: int, changed: int) -> Document:
    return open_project(folder).document(document_id)


def load_documents(folder: str) -> list[DocumentSummary]:
    return _documents(folder, open_project(folder).version())


def load_document(folder: str, document_id: int) -> Document:
    return _document(folder, document_id, open_project(folder).version())


def shown_versions(kind: str, current: dict[object, int]) -> dict[object, int]:
    """The versions of ``kind`` things (codings, codes, a document's text) as the page showed
    them at its previous run, i.e. what the person looked at when they clicked; the current
    ones are remembered for the next. A change is made on the shown version: if a colleague
    saved since, the library refuses it and the page says so, instead of overwriting."""
    seen = st.session_state.setdefault("shown_versions", {})
    before = {key: seen.get((kind, key), version) for key, version in current.items()}
    for key, version in current.items():
        seen[(kind, key)] = version
    return before




def act(fn: Callable[[], object], done: str, flash: str) -> None:
    """Run one action of a page: show its error in French, or clear the cached reads and
    report ``done`` (formatted with the result) after the rerun."""
    try:
        result = fn()
    except TupsalcoError as exc:
        st.error(str(exc))
        return
    except Exception:  # never a traceback on a page: the log keeps the details
        if os.environ.get("TUPSALCO_DEBUG"):
            raise
        log.exception("an action failed")
        st.error(UNEXPECTED)
        return
    st.cache_data.clear()
    st.session_state[flash] = done.format(result=result)
    st.rerun()


def round_banner(viewer: Viewer, document_id: int | None = None) -> list[str]:
    """What a coder reads about the open rounds they code in (of one document if asked)."""
    from ..rounds import current_rounds

    return [f"Ronde de codage « {r.name} » en cours : {len(r.documents)} document(s)"
            + (", en aveugle (sur ces documents, vous ne voyez que vos codages et la "
               "référence)." if r.blind else ".")
            for r in current_rounds(project(), viewer)
            if document_id is None or document_id in r.documents]


def show_flash(flash: str) -> None:
    """The report of the last action, once."""
    if message := st.session_state.pop(flash, None):
        st.success(message)


def viewer() -> Viewer:
    """The signed-in account; pages call this, the frame guarantees it is set."""
    v = st.session_state.get("viewer")
    if not isinstance(v, Viewer):
        st.error("Connectez-vous d'abord.")
        st.stop()
    return v


def allow(*roles: AccountRole) -> Viewer:
    """Stop the page unless the signed-in account has one of ``roles``."""
    v = viewer()
    if v.role not in roles:
        st.error("Cette page n'est pas ouverte à votre rôle.")
        st.stop()
    return v


def go_to_requested_page(pages: list[st.Page], current: st.Page) -> None:
    """After signing in, open the page the address named (a new browser load, a link)."""
    wanted = st.session_state.pop("after_sign_in", None)
    if not wanted or not wanted[0]:
        return
    path, params = wanted
    for page in pages:
        if page.url_path == path and page is not current:
            st.switch_page(page, query_params=params or None)


UNEXPECTED = ("Une erreur inattendue s'est produite ; rien n'a été enregistré de cette action. "
              "Réessayez, ou signalez-la à l'administration du projet.")


def sign_in() -> Viewer:
    """Who is there: the signed-in account as the project knows it now (a role changed or
    an account disabled meanwhile applies at once), else ask (or, in a project without
    accounts, create its first admin)."""
    p = project()
    v = st.session_state.get("viewer")
    token = st.query_params.get(SESSION_PARAM)
    if not isinstance(v, Viewer) and token:
        # a reload (or a new tab on the same address): the signed token in the address
        # brings the session back, unless it expired or its account signed out
        try:
            v = accounts.resume_session(p, token)
            st.session_state["viewer"], st.session_state["session_token"] = v, token
        except TupsalcoError as exc:
            del st.query_params[SESSION_PARAM]
            st.session_state["sign_in_notice"] = str(exc)
    if isinstance(v, Viewer):
        try:
            current = accounts.refresh(p, v)
        except TupsalcoError as exc:
            st.session_state.clear()
            st.query_params.pop(SESSION_PARAM, None)
            st.session_state["sign_in_notice"] = str(exc)
        else:
            st.session_state["viewer"] = current
            # a page switch drops the address's parameters: the token goes back in
            kept = st.session_state.get("session_token")
            if kept and st.query_params.get(SESSION_PARAM) != kept:
                st.query_params[SESSION_PARAM] = kept
            return current
    if notice := st.session_state.pop("sign_in_notice", None):
        st.warning(notice)
    # the address asked for (a page, a document) is shown once signed in
    if "after_sign_in" not in st.session_state:
        path = urlparse(st.context.url or "").path.strip("/")
        st.session_state["after_sign_in"] = (path, dict(st.query_params))
    st.title("Tupsalco")
    if not accounts.has_accounts(p):
        st.info("Ce projet n'a pas encore de compte : créez le premier compte d'administration.")
        with st.form("first_admin"):
            name = st.text_input("Nom d'utilisateur", key="login_new_name")
            pw = st.text_input("Mot de passe", type="password", key="login_new_password")
            if st.form_submit_button("Créer le compte"):
                try:
                    accounts.create_account(p, None, name, pw, AccountRole.ADMIN)
                    _signed_in(p, accounts.authenticate(p, name, pw))
                    st.rerun()
                except TupsalcoError as exc:
                    st.error(str(exc))
        st.stop()
    with st.form("login"):
        name = st.text_input("Nom d'utilisateur", key="login_name")
        pw = st.text_input("Mot de passe", type="password", key="login_password")
        if st.form_submit_button("Se connecter"):
            try:
                _signed_in(p, accounts.authenticate(p, name, pw))
                st.rerun()
            except TupsalcoError as exc:
                st.error(str(exc))
    st.stop()
    raise AssertionError  # st.stop() does not return


SESSION_PARAM = "session"


def _signed_in(p: Project, v: Viewer) -> None:
    """Remember who signed in, and put a signed, expiring token for this session in the
    address, so that a reload or a new tab of it stays signed in."""
    token = accounts.start_session(p, v)
    st.session_state["viewer"], st.session_state["session_token"] = v, token
    st.query_params[SESSION_PARAM] = token


def sign_out() -> None:
    """End this session: its token opens nothing any more, here or in another tab."""
    v = st.session_state.get("viewer")
    if isinstance(v, Viewer):
        try:
            accounts.end_session(project(), v, st.session_state.get("session_token"))
        except TupsalcoError:
            log.warning("a sign-out could not be recorded")
    st.session_state.clear()
    st.query_params.clear()


def run_page(page: st.Page) -> None:
    """Run a page; an error shows a French message, never a traceback with file paths."""
    try:
        page.run()
    except TupsalcoError as exc:
        st.error(str(exc))
    except Exception:
        if os.environ.get("TUPSALCO_DEBUG"):
            raise  # developers and the tests see the traceback
        log.exception("a page failed")
        st.error(UNEXPECTED)


_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~$])")


def quote_md(text: str) -> str:
    """A verbatim in italics between French quotation marks, its own characters shown as
    spoken, never read as Markdown (an asterisk, a bracketed [rires], a dollar)."""
    escaped = _MARKDOWN.sub(r"\\\1", " ".join(text.split()))
    return f"«\u00a0*{escaped}*\u00a0»"


ROLE_STYLE = {
    "interviewer": ("#5b6770", "#f3f4f6"),
    "participant": ("#1d4e89", "#eaf2fb"),
    "third": ("#7a4b00", "#fff4e0"),
    "note": ("#2f5d3a", "#eef7ef"),
}
__all__ = ["ROLE_LABELS", "ROLE_NAMES", "ROLE_STYLE", "act", "allow", "ensure_project",
           "shown_versions", "sign_out",
           "go_to_requested_page", "quote_md", "run_page", "show_flash",
           "load_document", "load_documents", "project", "project_folder", "round_banner",
           "sign_in", "viewer"]
