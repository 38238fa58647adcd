"""Reader: one pseudonymised document, turn by turn, with speaker roles."""

from __future__ import annotations

import html
import re

import streamlit as st
import streamlit.components.v1 as components

from tupsalco.media import timed_turns
from tupsalco.pseudonymise.surrogates import SURROGATE
from tupsalco.query import ACTIVITY_NAMES, KIND_NAMES, ROLE_NAMES, attribution, turn_views
from tupsalco.records import AccountRole
from tupsalco.ui.listen import player
from tupsalco.ui.state import (
    ROLE_STYLE,
    allow,
    load_document,
    load_documents,
    project,
    project_folder,
)

folder = str(project_folder())
docs = load_documents(folder)
st.title("Lecture")
me = allow(AccountRole.ADMIN, AccountRole.CODER, AccountRole.AUTHOR)
if not docs:
    st.info("Le projet ne contient encore aucun document.")
    st.stop()

names = {d.id: d.name for d in docs}
params = st.query_params  # Explore links here with ?doc=ID&turn=N
link = (params.get("doc", ""), params.get("turn", ""))
if link[0].isdigit() and int(link[0]) in names and st.session_state.get("reader_link") != link:
    st.session_state["reader_document"] = int(link[0])  # a new link wins over the last choice
    st.session_state["reader_link"] = link
focus = int(params["turn"]) if params.get("turn", "").isdigit() else None
if st.session_state.get("reader_document") not in names:
    st.session_state["reader_document"] = next(iter(names))
document_id = st.selectbox("Document", list(names), format_func=names.get,
                           key="reader_document")
document = load_document(folder, document_id)

p = document.participant
if p is not None:
    st.markdown(
        f"**{KIND_NAMES[document.kind].capitalize()}** · participant `{p.id}` · "
        f"attribution **{attribution(p)}** · {p.sex} · site {p.site}"
        + (f" · réseau {p.network}" if p.network else "")
    )
elif document.header is not None:
    h = document.header
    st.markdown(
        f"**Observation** · {ACTIVITY_NAMES.get(h.activity, h.activity)} · site {h.site} · "
        f"{h.period} · présents : {', '.join(h.present)}"
    )
elif document.kind.value == "interview":
    st.markdown("**Entretien** · non attribué : attribuez-le à son ou sa participant·e sur la "
                "page Documents.")
if document.media is not None:
    timed = timed_turns(document)
    views = {t.index: t for t in turn_views(document)}
    listen_at = None
    if timed:
        listen_at = st.selectbox(
            "Écouter à partir du tour", list(timed),
            index=list(timed).index(focus) if focus in timed else 0,
            format_func=lambda i: f"{i + 1}. {views[i].speaker} · {views[i].timestamp} — "
            f"{views[i].text[:60]}", key=f"reader_listen_{document_id}")
    else:
        st.caption("Ce document n'a pas d'horodatage : l'enregistrement se lit depuis le "
                   "début.")
    player(project(), me, document, listen_at)
st.caption("Les identifiants directs ont été remplacés à l'import : "
           "[Personne n], [Lieu n], [Adresse n], [Établissement n], [Téléphone n], [Date n]…")

_TOKENS = re.compile(rf"(?P<sur>{SURROGATE.pattern})|(?P<mark>\[[^\[\]\d]{{1,40}}\])")


def _render(text: str) -> str:
    """Escape the text; show surrogates and non-verbal marks distinctly."""
    out, pos = [], 0
    for m in _TOKENS.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        css = "tup-sur" if m.group("sur") else "tup-mark"
        out.append(f"<span class='{css}'>{html.escape(m.group(0))}</span>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


blocks = ["<style>.tup-turn{border-left:4px solid var(--c);background:var(--b);padding:.4rem "
          ".7rem;margin:.3rem 0;border-radius:4px}.tup-who{font-weight:600;color:var(--c);"
          "font-size:.85rem}.tup-sur{background:#fde68a;border-radius:3px;padding:0 2px}"
          ".tup-mark{color:#6b7280;font-style:italic}.tup-ts{color:#9ca3af;font-size:.75rem;"
          "margin-left:.5rem}</style>"]
for turn in turn_views(document):
    color, background = ROLE_STYLE[turn.role.value]
    ts = f"<span class='tup-ts'>{html.escape(turn.timestamp)}</span>" if turn.timestamp else ""
    who = html.escape(turn.speaker)
    role = ROLE_NAMES[turn.role]
    role_html = "" if role == turn.speaker else f" <span style='font-weight:400'>· {role}</span>"
    outline = ";outline:3px solid #f59e0b" if turn.index == focus else ""
    blocks.append(
        f"<div class='tup-turn' id='turn-{turn.index}' style='--c:{color};--b:{background}"
        f"{outline}'>"
        f"<div class='tup-who'>{who}{role_html}{ts}</div>"
        f"<div>{_render(turn.text)}</div></div>"
    )
st.markdown("\n".join(blocks), unsafe_allow_html=True)
if focus is not None:
    # a link to a turn shows it: scroll the page to it once the transcript is drawn
    components.html(
        "<script>let tries = 0; const go = () => { const t = window.parent.document"
        f".getElementById('turn-{focus}'); if (t) {{ t.scrollIntoView({{block: 'center'}}); }}"
        " else if (tries++ < 50) { setTimeout(go, 100); } }; go();</script>", height=0)
