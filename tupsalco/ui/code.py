"""Code: read a transcript, select a passage with the mouse, apply codes; memos; undo."""

from __future__ import annotations

from concurrent.futures import Future

import pandas as pd
import streamlit as st

from tupsalco import basket, coding, rounds, search
from tupsalco.codebook import Codebook, codes_in_order, load_codebook
from tupsalco.demo import REPO
from tupsalco.editing import edit_transcript
from tupsalco.errors import TupsalcoError
from tupsalco.pseudonymise.surrogates import SURROGATE
from tupsalco.query import ROLE_NAMES
from tupsalco.records import REFERENCE, AccountRole, Viewer
from tupsalco.suggest.team import TeamSuggester, prepare
from tupsalco.ui.listen import player
from tupsalco.ui.selectable_text import selectable_text
from tupsalco.ui.state import act as run_action
from tupsalco.ui.state import (
    allow,
    load_document,
    load_documents,
    project,
    project_folder,
    round_banner,
    show_flash,
    shown_versions,
)

st.title("Coder")
me = allow(AccountRole.ADMIN, AccountRole.CODER)
p = project()
folder = str(project_folder())

show_flash("code_flash")


def act(fn, done: str) -> None:  # noqa: ANN001
    run_action(fn, done, "code_flash")


@st.cache_resource(show_spinner=False, max_entries=8)
def suggester(folder: str, book: Codebook, learner: Viewer) -> Future[TeamSuggester]:
    """One per codebook and learner, kept up with the codings (each learned once, by its
    id): coding a passage retrains nothing. In blind mode a coder's suggestions learn from
    their own codings only, or they would leak the others' choices. Built in the background:
    the page never waits for the models to load."""
    return prepare(p, learner)


@st.fragment(run_every=1.0)
def wait_for(preparing: Future[TeamSuggester]) -> None:
    """Said while the suggester is built; the page runs again once it is there."""
    if preparing.done():
        st.rerun()
    st.caption("Préparation des suggestions (chargement des modèles)…")


def suggestions(team: TeamSuggester, passage: str, span: tuple[int, int],
                refused: set[str]) -> None:
    """The three best codes for the passage, each to accept or reject."""
    # never waits for a retraining: the codings made since are learned in the background,
    # and the suggestions read the model as last solved (its version kept with them)
    engine = team.current()
    for i, sug in enumerate(engine.suggest(passage, top=3, exclude=refused)):
        c0, c1, c2 = st.columns([4, 2, 2], vertical_alignment="center")
        c0.markdown(f"**{book.by_id[sug.code].label}** · {sug.score:.2f}  \n"
                    f"<small>{sug.reason}</small>", unsafe_allow_html=True)
        if c1.button("Accepter", key=f"code_sugg_ok_{i}", width="stretch"):
            # the coding keeps which model suggested it (the Accord page and exports
            # show it); the audit log only says a suggestion was accepted
            made_by = {"suggester": engine.model_name, "version": engine.model_version,
                       "score": round(float(sug.score), 4)}
            act(lambda code=sug.code, m=made_by: coding.add_coding(
                p, me, document_id, [code], span[0], span[1], meta=m),
                "Suggestion acceptée.")
        if c2.button("Rejeter", key=f"code_sugg_no_{i}", width="stretch"):
            act(lambda code=sug.code: coding.reject_suggestion(
                p, me, document_id, span[0], span[1], code), "Suggestion écartée.")
    if team.learning:
        st.caption("Les suggestions apprennent les derniers codages de l'équipe.")


book = coding.codebook(p)
if not book.codes:
    st.info("Le projet n'a pas encore de codebook.")
    if st.button("Charger le codebook de l'étude (codebooks/tupsalco.yaml)", key="code_load_book"):
        act(lambda: coding.import_codebook(p, me, load_codebook(REPO / "codebooks" /
                                                                "tupsalco.yaml")),
            "{result} codes chargés.")
    st.stop()
ordered = codes_in_order(book)
labels = {c.id: ("· " if c.parent else "") + c.label for c in ordered}

docs = load_documents(folder)
names = {d.id: d.name for d in docs}
# the document lives in the address too, so a reload finds the same page
params = st.query_params
if "code_document" not in st.session_state and params.get("doc", "").isdigit() \
        and int(params["doc"]) in names:
    st.session_state["code_document"] = int(params["doc"])
top = st.columns([2, 2, 3])
coder = me.username  # every coding is signed by the signed-in account
top[0].markdown(f"Codeur·se : **{coder}**")
document_id = top[1].selectbox("Document", list(names), format_func=names.get,
                               key="code_document")
params["doc"] = str(document_id)
# one shared model, except a blind coder's, which learns from their own codings only (in a
# blind round too: a model taught by the others' codings would suggest their choices)
in_rounds = rounds.current_rounds(p, me)
blind = me.role is AccountRole.CODER and (p.blind or any(r.blind for r in in_rounds))
learner = me if blind else Viewer("*", AccountRole.ADMIN)
# the reference is always shown, marked as such
others = [c for c in coding.coders(p, me) if c not in (coder, REFERENCE)]
if p.blind and me.role is AccountRole.CODER:
    top[2].info("Codage en aveugle : vous ne voyez que vos codages.")
for banner in round_banner(me, document_id):
    top[2].info(banner)
shown_coders = top[2].multiselect("Afficher aussi les codages de", others,
                                  placeholder="Choisir", select_all=False,
                                  key="code_others") if others else []

document = load_document(folder, document_id)
doc_codings = coding.codings(p, me, document_id, [coder, REFERENCE, *shown_coders])
# a change is made on what the page showed: a colleague's change since is refused, and said
shown_text = shown_versions("text", {document_id: document.version})[document_id]
shown_coding = shown_versions("coding", {c.id: c.version for c in doc_codings})
# the transcript scrolls on its own; what codes it stays beside it
left, right = st.columns([3, 2], gap="medium")
with left, st.container(height=720, key="code_transcript"):
    selection = selectable_text(
        document.text,
        [{"index": t.index, "start": t.start, "end": t.end, "role": t.role.value,
          "speaker": f"{t.index + 1}. {t.label or ROLE_NAMES[t.role]}"}
         for t in document.turns],
        [{"start": c.start, "end": c.end, "label": book.by_id[c.code_id].label
          + ("" if c.coder == coder else f" ({c.coder})"), "color": book.by_id[c.code_id].color}
         for c in doc_codings if c.code_id in book.by_id],
        key=f"code_text_{document_id}",
        surrogates=[[m.start(), m.end()] for m in SURROGATE.finditer(document.text)],
    )

with right:
    if selection:
        st.markdown(f"**Sélection** ({selection['start']}–{selection['end']}) : "
                    f"« {selection['text'][:160]} »")
    else:
        st.caption("Sélectionnez un passage à la souris dans le texte.")
    # no rerun when codes are picked: the button's click carries them, and is never lost
    # to a rerun the list started when it closed
    chosen = st.multiselect("Codes", list(labels), format_func=labels.get, key="code_codes",
                            on_change="ignore", placeholder="Choisir des codes",
                            select_all=False)
    if selection and st.button("Coder la sélection", key="code_apply", type="primary"):
        act(lambda: coding.add_coding(p, me, document_id, chosen, selection["start"],
                                      selection["end"]),
            f"Sélection codée ({len(chosen)} code(s)).")
    st.markdown("**Suggestions**")
    span = ((selection["start"], selection["end"]) if selection else
            next(((t.start, t.end) for t in document.turns if t.index == st.session_state.get(
                "code_turn", 0)), (0, 0)))
    passage = document.text[span[0]:span[1]]
    if passage.strip():
        refused = coding.rejected_codes(p, me, document_id, span[0], span[1])
        # a code the coder already put on these very words is no suggestion any more
        refused = {*refused, *(c.code_id for c in doc_codings if c.coder == coder
                               and (c.start, c.end) == span)}
        preparing = suggester(folder, book, learner)
        if not preparing.done():
            wait_for(preparing)
        elif preparing.exception() is not None:
            suggester.clear(folder, book, learner)  # built again on the next run
            st.warning("Les suggestions sont indisponibles pour le moment "
                       f"({type(preparing.exception()).__name__}).")
        else:
            suggestions(preparing.result(), passage, span, refused)
    turns = {t.index: f"{t.index + 1}. {t.label or ROLE_NAMES[t.role]} — "
             f"{document.text[t.start:t.end][:50]}" for t in document.turns}
    turn = st.selectbox("Tour de parole", list(turns), format_func=turns.get, key="code_turn")
    if st.button("Coder le tour entier", key="code_apply_turn"):
        act(lambda: coding.code_turn(p, me, document_id, turn, chosen), "Tour codé.")
    player(p, me, document, turn)  # the recording, from this turn's time
    undo, redo = st.columns(2)
    if undo.button("↶ Annuler", key="code_undo", width="stretch"):
        act(lambda: coding.said(coding.undo(p, me), "Annulé"), "{result}")
    if redo.button("↷ Rétablir", key="code_redo", width="stretch"):
        act(lambda: coding.said(coding.redo(p, me), "Rétabli"), "{result}")

# one field for the page: a memo and a correction are pseudonymised with the project's key
secret = st.text_input("Phrase de passe de la clé", type="password", key="code_passphrase",
                       help="Les mémos et les corrections du texte sont pseudonymisés avec la "
                       "clé du projet avant d'être enregistrés.")
# a key keeps the open tab across reruns (a widget appearing in a tab no longer resets it)
tab_codings, tab_memos, tab_search, tab_fix = st.tabs(
    ["Codages du document", "Mémos", "Recherche et autocodage", "Corriger le texte"],
    key="code_tabs")
with tab_codings:
    mine = doc_codings
    st.dataframe(pd.DataFrame([{
        "id": c.id, "code": book.by_id[c.code_id].label if c.code_id in book.by_id else c.code_id,
        "codeur·se": c.coder, "début": c.start, "fin": c.end, "extrait": c.quote[:120],
    } for c in mine]), hide_index=True, width="stretch", key="code_table")
    own = {c.id: f"{c.id} · {book.by_id[c.code_id].label} · {c.quote[:40]}" for c in mine
           if c.coder == coder and c.code_id in book.by_id}
    if own:
        cols = st.columns([3, 2, 1, 1], vertical_alignment="bottom")
        target = cols[0].selectbox("Codage", list(own), format_func=own.get, key="code_pick")
        new_code = cols[1].selectbox("Nouveau code", list(labels), format_func=labels.get,
                                     key="code_new_code")
        if cols[2].button("Changer", key="code_recode"):
            act(lambda: coding.recode(p, me, target, new_code,
                                      version=shown_coding.get(target)), "Codage modifié.")
        if cols[3].button("Retirer", key="code_remove"):
            act(lambda: coding.remove_coding(p, me, target, version=shown_coding.get(target)),
                "Codage retiré.")
    visible = {c.id: f"{c.id} · {c.coder} · {c.quote[:50]}" for c in mine}
    if visible:
        cols = st.columns([5, 2], vertical_alignment="bottom")
        quoted = cols[0].selectbox("Verbatim à citer", list(visible), format_func=visible.get,
                                   key="code_quote_pick")
        if cols[1].button("Ajouter aux citations", key="code_to_basket"):
            act(lambda: basket.add(p, me, quoted), "Verbatim ajouté aux citations.")

with tab_memos:
    kinds = {"document": f"ce document ({document.name})", "project": "le projet",
             "code": "un code", "coding": "un de mes codages"}
    kind = st.selectbox("Mémo sur", list(kinds), format_func=kinds.get, key="code_memo_kind")
    code_target = st.selectbox("Code", list(labels), format_func=labels.get,
                               key="code_memo_code") if kind == "code" else None
    own_codings = {c.id: f"{c.id} · {c.quote[:50]}" for c in doc_codings if c.coder == coder}
    coding_target = st.selectbox("Codage", list(own_codings), format_func=own_codings.get,
                                 key="code_memo_coding") if kind == "coding" else None
    if st.session_state.pop("code_memo_saved", False):
        st.session_state["code_memo_text"] = ""  # saved: the box is ready for the next one
    text = st.text_area("Mémo", key="code_memo_text")
    if not secret:
        st.caption("Le mémo est pseudonymisé avant d'être enregistré : donnez la phrase de "
                   "passe de la clé, au-dessus des onglets.")
    if st.button("Enregistrer le mémo", key="code_memo_save"):
        target_id = {"document": str(document_id), "project": "", "code": code_target,
                     "coding": str(coding_target or "")}[kind]
        def save() -> None:
            coding.add_memo(p, me, kind, target_id, text, secret)
            st.session_state["code_memo_saved"] = True

        act(save, "Mémo enregistré (identifiants pseudonymisés).")
    memo_search = st.text_input("Chercher dans les mémos", key="code_memo_search")

    def memo_target(kind: str, target: str) -> str:
        """What a memo is on, as a reader names it (never an internal word)."""
        if kind == "document":
            return f"document « {names.get(int(target), target)} »" if target.isdigit() \
                else "document"
        if kind == "code":
            return f"code « {labels.get(target, target).lstrip('· ')} »"
        return f"codage n° {target}" if kind == "coding" else "le projet"

    st.dataframe(pd.DataFrame([{"sur": memo_target(m.target_kind, m.target_id),
                                "par": m.author, "mémo": m.text}
                               for m in coding.memos(p, me, search=memo_search)],
                              columns=["sur", "par", "mémo"]),
                 hide_index=True, width="stretch", key="code_memo_table")

with tab_search:
    query = st.text_input("Chercher (par lemme : « buvais » trouve « boire »)",
                          key="code_search_query")
    if query.strip():
        try:
            hits = search.search(p, query)
        except TupsalcoError as exc:
            st.error(str(exc))
            hits = []
        st.caption(f"{len(hits)} résultat(s) dans {len({h.document_id for h in hits})} "
                   "document(s).")
        st.dataframe(pd.DataFrame([{"document": h.document, "tour": (h.turn_index or 0) + 1,
                                    "contexte": h.context} for h in hits]),
                     hide_index=True, width="stretch", key="code_search_table")
        if hits:
            cols = st.columns(2)
            if cols[0].button("Coder tous les résultats", key="code_search_all"):
                act(lambda: len(search.code_hits(p, me, hits, chosen)),
                    "{result} codage(s) créés (annulable d'un coup).")
            if cols[1].button("Coder les tours contenant un résultat", key="code_search_turns"):
                act(lambda: len(search.code_hits(p, me, hits, chosen, whole_turns=True)),
                    "{result} codage(s) créés (annulable d'un coup).")

with tab_fix:
    st.write("Sélectionnez à la souris le passage à corriger (coquille, mot mal entendu, "
             "identifiant oublié). La correction est pseudonymisée et tracée ; les codages "
             "restent sur leurs mots.")
    if selection:
        replacement = st.text_input("Remplacer la sélection par", value=selection["text"],
                                    key=f"code_fix_text_{selection['nonce']}")
        if st.button("Remplacer", key="code_fix_apply"):
            act(lambda: edit_transcript(p, me, document_id, selection["start"],
                                        selection["end"], replacement, secret,
                                        version=shown_text),
                "Texte corrigé ({result} identifiant(s) pseudonymisé(s)).")
