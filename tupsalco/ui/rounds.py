"""Rondes de codage: an admin opens a round, follows its progress, closes it, sees the
agreement per code and per document, and settles its disagreements one by one."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import streamlit as st

from tupsalco import accounts, coding, rounds
from tupsalco.agreement import reading
from tupsalco.records import AccountRole
from tupsalco.ui.state import act as run_action
from tupsalco.ui.state import (
    allow,
    load_document,
    load_documents,
    project,
    project_folder,
    show_flash,
)

st.title("Rondes de codage")
me = allow(AccountRole.ADMIN)
p = project()
folder = str(project_folder())
show_flash("rounds_flash")
CONTEXT = 240  # characters shown around a disputed passage


def act(fn, done: str) -> None:  # noqa: ANN001
    run_action(fn, done, "rounds_flash")


def number(value: float, digits: int = 3) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), digits)


docs = {d.id: d.name for d in load_documents(folder)}
book = coding.codebook(p)
team = [a.username for a in accounts.accounts(p)
        if a.active and a.role in (AccountRole.CODER, AccountRole.ADMIN)]
every = rounds.rounds(p, me)

with st.expander("Ouvrir une ronde", expanded=not any(r.is_open for r in every)), \
        st.form("rounds_open"):
    name = st.text_input("Nom de la ronde", key="rounds_name",
                         placeholder="par exemple : Ronde 1, entretiens patients")
    chosen_docs = st.multiselect("Documents de la ronde", list(docs), format_func=docs.get,
                                 key="rounds_documents")
    chosen_coders = st.multiselect("Codeur·ses de la ronde", team, key="rounds_coders")
    blind = st.checkbox("En aveugle : sur ces documents, chaque codeur·se ne voit que ses "
                        "codages (et la référence des rondes précédentes)", value=True,
                        key="rounds_blind")
    if st.form_submit_button("Ouvrir la ronde", type="primary"):
        def opened() -> int:
            made = rounds.open_round(p, me, name, chosen_docs, chosen_coders, blind)
            st.session_state["rounds_pick"] = made.id  # show the new round
            return made.id
        act(opened, "Ronde n° {result} ouverte.")

if not every:
    st.info("Aucune ronde pour l'instant : ouvrez-en une ci-dessus.")
    st.stop()

labels = {r.id: f"n° {r.id} · {r.name} · {'ouverte' if r.is_open else 'close'}"
          for r in reversed(every)}
pick = st.selectbox("Ronde", list(labels), format_func=labels.get, key="rounds_pick")
rnd = rounds.get_round(p, me, pick)
st.caption(f"{len(rnd.documents)} document(s) ; codeur·ses : {', '.join(rnd.coders)} ; "
           + ("en aveugle" if rnd.blind else "à découvert")
           + f" ; ouverte par {rnd.opened_by}"
           + (f" ; part de la référence de la ronde n° {rnd.previous}" if rnd.previous else "")
           + (f" ; close par {rnd.closed_by}" if rnd.closed_by else ""))

st.subheader("Avancement")
counts = rounds.progress(p, me, rnd.id)
st.dataframe(pd.DataFrame([{"document": docs.get(d, str(d)),
                            **{who: counts[(who, d)] for who in rnd.coders}}
                           for d in rnd.documents]),
             hide_index=True, width="stretch", key="rounds_progress")
st.caption("Nombre de codages de chaque codeur·se dans chaque document de la ronde.")

if rnd.is_open:
    st.info("La ronde est ouverte" + (" et en aveugle : ses codeur·ses ne voient pas les "
                                      "codages des autres sur ses documents." if rnd.blind
                                      else "."))
    if st.button("Clore la ronde", type="primary", key="rounds_close"):
        act(lambda: rounds.close_round(p, me, rnd.id),
            "Ronde close : {result} désaccord(s) à trancher.")
    st.stop()


def label(code: str) -> str:
    return book.by_id[code].label if code in book.by_id else code


st.subheader("Accord")
found = rounds.agreement(p, me, rnd.id)
first, second = found.coders[0], found.coders[1]
st.caption(f"Caractères comme unités. Kappa de Cohen entre {first} et {second} ; alpha de "
           f"Krippendorff et AC1 de Gwet pour les {len(found.coders)} codeur·ses de la ronde.")
st.markdown("**Par code** (tous les documents de la ronde)")
st.dataframe(pd.DataFrame([{
    "code": label(r.code), "accord %": number(100 * r.table.agreement, 2),
    "kappa": number(r.kappa), "alpha": number(r.alpha), "AC1": number(r.ac1),
    "lecture": reading(r.alpha)} for r in found.codes],
    columns=["code", "accord %", "kappa", "alpha", "AC1", "lecture"]),
    hide_index=True, width="stretch", key="rounds_by_code")
st.markdown("**Par document** (tous les codes)")
st.dataframe(pd.DataFrame([{
    "document": docs.get(r.document_id, str(r.document_id)), "codes": r.codes,
    "passages en accord": r.agreed, "désaccords": r.disagreements,
    "accord %": number(100 * r.table.agreement, 2) if r.table.total else None,
    "kappa": number(r.kappa) if r.table.total else None, "alpha": number(r.alpha),
    "AC1": number(r.ac1)} for r in found.documents]),
    hide_index=True, width="stretch", key="rounds_by_document")

st.subheader("Désaccords")
disputes = rounds.disputes(p, me, rnd.id)
pending = [d for d in disputes if d.decision is None]
st.caption(f"{len(disputes) - len(pending)} tranché(s) sur {len(disputes)}. Chaque décision "
           f"est signée par votre compte ({me.username}), tracée sans un mot du texte, et "
           "s'annule ci-dessous. Les passages codés de même par tou·tes sont déjà dans la "
           "référence.")
if pending:
    passage = pending[0].passage
    text = load_document(folder, passage.document_id).text
    st.markdown(f"**{html.escape(docs.get(passage.document_id, ''))}** · code "
                f"« {html.escape(label(passage.code_id))} » · caractères "
                f"{passage.start}–{passage.end}")
    before = text[max(0, passage.start - CONTEXT):passage.start]
    after = text[passage.end:passage.end + CONTEXT]
    st.markdown(
        f"<div data-testid='rounds-passage' style='white-space: pre-wrap'>…"
        f"{html.escape(before)}<mark>{html.escape(text[passage.start:passage.end])}</mark>"
        f"{html.escape(after)}…</div>", unsafe_allow_html=True)
    cols = st.columns(len(rnd.coders))
    for col, who in zip(cols, rnd.coders, strict=True):
        col.markdown(f"**{who}**")
        spans = passage.by_coder.get(who, ())
        for a, b in spans:
            col.markdown(f"> {html.escape(' '.join(text[a:b].split()))}")
        if not spans:
            col.caption("pas codé")
        if spans and col.button(f"Garder la version de {who}", key=f"rounds_keep_{who}"):
            act(lambda w=who: rounds.adjudicate(p, me, rnd.id, passage, "keep", w),
                f"Version de {who} gardée dans la référence.")
    left, right = st.columns(2)
    if left.button("Union des versions", key="rounds_union"):
        act(lambda: rounds.adjudicate(p, me, rnd.id, passage, "union"),
            "Union des versions gardée dans la référence.")
    if right.button("Rejeter (pas de codage de référence ici)", key="rounds_reject"):
        act(lambda: rounds.adjudicate(p, me, rnd.id, passage, "reject"), "Passage rejeté.")
elif disputes:
    st.success("Tous les désaccords sont tranchés : la référence est prête pour la ronde "
               "suivante.")
else:
    st.success("Aucun désaccord dans cette ronde.")

decided = [d for d in disputes if d.decision is not None]
if decided:
    st.dataframe(pd.DataFrame([{
        "document": docs.get(d.passage.document_id, ""), "code": label(d.passage.code_id),
        "caractères": f"{d.passage.start}–{d.passage.end}",
        "décision": rounds.DECISION_LABELS[d.decision.decision]
        + (f" ({d.decision.kept})" if d.decision.kept else ""),
        "par": d.decision.decided_by} for d in decided]),
        hide_index=True, width="stretch", key="rounds_decided")
    if st.button("↶ Annuler ma dernière action", key="rounds_undo"):
        act(lambda: coding.said(coding.undo(p, me), "Annulé"), "{result}")

st.subheader("Référence")
reference = rounds.reference(p, me, rnd.id)
st.caption("Codages de référence faits par cette ronde : la ronde suivante sur ces documents "
           "les montre à ses codeur·ses, marqués « référence ».")
st.dataframe(pd.DataFrame([{"document": docs.get(c.document_id, ""), "code": label(c.code_id),
                            "extrait": c.quote[:160]} for c in reference],
                          columns=["document", "code", "extrait"]),
             hide_index=True, width="stretch", key="rounds_reference")
