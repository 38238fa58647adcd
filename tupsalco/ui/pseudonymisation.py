"""Pseudonymisation: review what was replaced, mark what was missed, weigh re-identification."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tupsalco import review
from tupsalco.errors import TupsalcoError
from tupsalco.pseudonymise.surrogates import TYPE_LABELS
from tupsalco.records import AccountRole
from tupsalco.ui.state import allow, project

st.title("Pseudonymisation")
me = allow(AccountRole.ADMIN, AccountRole.CODER)
p = project()

if flash := st.session_state.pop("pseudo_flash", None):
    st.success(flash)

left, right = st.columns(2)
reviewer = me.username  # every decision is traced to the signed-in account
left.markdown(f"Relecteur·rice : **{reviewer}**")
passphrase = right.text_input("Phrase de passe de la clé", type="password",
                              key="pseudo_passphrase",
                              help="Nécessaire pour rétablir, retyper, signaler ou révéler.")
TYPES = list(TYPE_LABELS)


def act(action, *args, done: str) -> None:  # noqa: ANN001
    """Run one decision; report its error, or refresh every cached read."""
    try:
        result = action(p, *args)
    except TupsalcoError as exc:
        st.error(str(exc))
        return
    st.cache_data.clear()
    st.session_state["pseudo_flash"] = done.format(result=result)
    st.rerun()


everything = review.identifiers(p)  # read once per render, shared by the tabs
queue = review.doubts(p, everything)
(tab_doubts, tab_found, tab_missed, tab_docs, tab_risk, tab_key) = st.tabs([
    "Doutes à trancher", "Identifiants détectés", "Signaler un oubli", "Documents relus",
    "Risque de ré-identification", "Clé",
], key="pseudo_tabs")

with tab_doubts:
    st.write("Ce qu'une règle faible a seule trouvé (un prénom en minuscules après « mon "
             "frère », un mot après « foyer », le diminutif d'un nom…) est déjà remplacé dans "
             "le texte. Tranchez : **Confirmer** si c'est bien un identifiant, **Rétablir** "
             "si ce n'en est pas un (le mot revient partout et ne sera plus remplacé).")
    st.metric("Doutes à trancher", sum(d.doubts for d in queue))
    if not queue:
        st.success("Aucun doute à trancher.")
    else:
        st.dataframe(pd.DataFrame([{
            "substitut": d.surrogate, "type": TYPE_LABELS.get(d.type, d.type),
            "doutes": d.doubts, "documents": ", ".join(d.documents), "contexte": d.contexts[0],
            "règle": ", ".join(d.sources),
        } for d in queue]), hide_index=True, width="stretch", key="pseudo_doubt_table")
        doubtful = {d.surrogate: d for d in queue}
        pick = st.selectbox("Doute", list(doubtful), key="pseudo_doubt")
        for ctx in doubtful[pick].contexts:
            st.markdown(f"> {ctx}")
        d1, d2 = st.columns(2)
        if d1.button("Confirmer : c'est un identifiant", key="pseudo_doubt_accept",
                     width="stretch"):
            act(lambda pr, s: review.accept(pr, me, s), pick,
                done=f"{pick} confirmé ({{result}} occurrences).")
        if d2.button("Rétablir le mot (ce n'est pas un identifiant)", key="pseudo_doubt_reject",
                     width="stretch"):
            act(lambda pr, s: review.reject(pr, me, s, passphrase), pick,
                done=f"{pick} : le mot est rétabli dans {{result}} occurrence(s).")

with tab_found:
    type_filter = st.selectbox("Type", ["tous", *TYPES], key="pseudo_type_filter",
                               format_func=lambda t: t if t == "tous" else TYPE_LABELS[t])
    found = [d for d in everything if type_filter in ("tous", d.type)]
    st.caption(f"{len(found)} identifiant(s) ; une décision vaut pour toutes les occurrences "
               "du projet.")
    st.dataframe(pd.DataFrame([{
        "substitut": d.surrogate, "type": TYPE_LABELS.get(d.type, d.type),
        "occurrences": d.occurrences,
        "documents": ", ".join(d.documents), "contexte": d.contexts[0],
        "détecté par": ", ".join(d.sources),
        "statut": "accepté" if d.accepted else "doute" if d.doubts else "à relire",
    } for d in found]), hide_index=True, width="stretch", key="pseudo_table")
    if found:
        by_sur = {d.surrogate: d for d in found}
        chosen = st.selectbox("Identifiant", list(by_sur), key="pseudo_selected")
        for ctx in by_sur[chosen].contexts:
            st.markdown(f"> {ctx}")
        c1, c2, c3, c4 = st.columns([1, 1, 1, 1], vertical_alignment="bottom")
        if c1.button("Accepter", key="pseudo_accept", width="stretch"):
            act(lambda pr, s: review.accept(pr, me, s), chosen,
                done=f"{chosen} accepté ({{result}} occurrences).")
        if c2.button("Rejeter (ce n'est pas un identifiant)", key="pseudo_reject",
                     width="stretch"):
            act(lambda pr, s: review.reject(pr, me, s, passphrase), chosen,
                done=f"{chosen} rejeté : le mot est rétabli dans {{result}} occurrence(s) et "
                "rejoint la liste autorisée du projet.")
        new_type = c3.selectbox("Nouveau type", TYPES, format_func=TYPE_LABELS.get,
                                key="pseudo_new_type")
        if c4.button("Retyper", key="pseudo_retype", width="stretch"):
            act(lambda pr, s, t: review.retype(pr, me, s, t, passphrase), chosen,
                new_type, done=f"{chosen} devient {{result}} partout.")

with tab_missed:
    st.write("Un nom, un lieu… resté en clair : copiez-le tel qu'il apparaît dans le texte. "
             "Il sera remplacé dans tous les documents, dans toutes ses casses, et lors des "
             "imports suivants.")
    missed = st.text_input("Mots oubliés", key="pseudo_missed_text")
    missed_type = st.selectbox("Type", TYPES, key="pseudo_missed_type",
                               format_func=TYPE_LABELS.get)
    if st.button("Pseudonymiser partout", key="pseudo_mark"):
        act(lambda pr, w, t: review.mark_missed(pr, me, w, t, passphrase), missed,
            missed_type, done="Remplacé dans {result} occurrence(s).")

with tab_docs:
    statuses = review.review_statuses(p)
    st.dataframe(pd.DataFrame([{
        "document": r.document, "statut": "vérifiée" if r.status == "checked" else "à vérifier",
        "doutes restants": r.doubts,
        "par": r.reviewed_by or "", "le": r.reviewed_at.strftime("%Y-%m-%d %H:%M")
        if r.reviewed_at else "",
    } for r in statuses]), hide_index=True, width="stretch", key="pseudo_statuses")
    if statuses:
        names = {r.document_id: r.document for r in statuses}
        doc_id = st.selectbox("Document", list(names), format_func=names.get, key="pseudo_doc")
        left_here = next(r.doubts for r in statuses if r.document_id == doc_id)
        if left_here:
            st.warning(f"{left_here} doute(s) restent à trancher dans ce document (onglet "
                       "« Doutes à trancher »).")
        if st.button("Marquer « pseudonymisation vérifiée »", key="pseudo_check"):
            act(lambda pr, d: review.set_checked(pr, me, d), doc_id,
                done=f"{names[doc_id]} : pseudonymisation vérifiée.")
    st.divider()
    st.write("Relancer la détection sur les textes stockés, avec les listes du projet : les "
             "substituts restent, ce qui est trouvé en plus est remplacé.")
    if st.button("Relancer la pseudonymisation", key="pseudo_rerun"):
        act(lambda pr: review.rerun(pr, me, passphrase),
            done="{result} nouvel(s) identifiant(s) remplacé(s).")

with tab_risk:
    k = st.number_input("k (taille minimale d'un groupe citable)", min_value=2, max_value=50,
                        value=p.k_threshold, key="pseudo_k")
    if k != p.k_threshold and st.button("Enregistrer k", key="pseudo_set_k"):
        act(lambda pr, v: pr.set_k_threshold(me, int(v)), k, done=f"k = {k}.")
    groups = review.risky_combinations(p.participants(), int(k))
    st.subheader(f"Combinaisons d'attributs couvrant moins de {k} participant·es")
    st.dataframe(pd.DataFrame([{
        "attributs": " · ".join(f"{n} = {v}" for n, v in g.attributes),
        "participant·es": g.participants,
    } for g in groups]), hide_index=True, width="stretch", key="pseudo_groups")
    flags = review.quasi_identifiers(p)
    st.subheader("Détails quasi-identifiants à relire")
    st.caption("Âges exacts, métiers rares : signalés, jamais supprimés automatiquement.")
    st.dataframe(pd.DataFrame([{"document": f.document, "type": f.kind, "contexte": f.context}
                               for f in flags]), hide_index=True, width="stretch",
                 key="pseudo_flags")

with tab_key:
    st.write("Révéler l'original d'un substitut (administrateur, avec la phrase de passe). "
             "Le journal garde qui a demandé quoi, jamais la valeur.")
    surrogates = [d.surrogate for d in everything]
    if surrogates:
        sur = st.selectbox("Substitut", surrogates, key="pseudo_reveal_sur")
        if st.button("Révéler", key="pseudo_reveal"):
            try:
                forms = review.reveal(p, me, sur, passphrase)
                st.warning(f"{sur} : " + " / ".join(forms))
            except TupsalcoError as exc:
                st.error(str(exc))
