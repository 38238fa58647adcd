"""Agreement between coders: per code pooled over documents, per document, disagreements."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from tupsalco import coding
from tupsalco.agreement import RELIABLE, TENTATIVE, compare, reading
from tupsalco.ui.state import project

st.title("Accord inter-codeurs")
p = project()
all_coders = coding.coders(p)
if len(all_coders) < 2:
    st.info("Il faut au moins deux codeur·ses pour comparer.")
    st.stop()
chosen = st.multiselect("Codeur·ses comparé·es", all_coders, default=all_coders[:2],
                        key="agree_coders")
if len(chosen) < 2:
    st.warning("Choisissez au moins deux codeur·ses.")
    st.stop()
book = coding.codebook(p)
docs = {d.id: d for d in p.documents()}
lengths = {d.id: d.n_chars for d in docs.values()}
done = [(c.document_id, c.code_id, c.coder, c.start, c.end) for c in coding.codings(p)
        if c.coder in chosen]
doc_choice = st.selectbox("Documents", ["tous", *docs], key="agree_document",
                          format_func=lambda d: "tous (caractères mis en commun)" if d == "tous"
                          else docs[d].name)
if doc_choice != "tous":
    done = [x for x in done if x[0] == doc_choice]
rows = compare(done, lengths, chosen)
table = pd.DataFrame([{
    "code": book.by_id[r.code].label if r.code in book.by_id else r.code,
    "thème": book.theme_of(r.code) if r.code in book.by_id else "",
    "les deux": r.table.both, f"{chosen[0]} seul·e": r.table.first_only,
    f"{chosen[1]} seul·e": r.table.second_only, "aucun": r.table.neither,
    "accord %": round(100 * r.table.agreement, 2), "kappa": round(r.kappa, 3),
    "alpha": round(r.alpha, 3), "lecture": reading(r.alpha),
} for r in rows])
st.caption(f"Caractères comme unités (comme NVivo). Kappa de Cohen entre {chosen[0]} et "
           f"{chosen[1]} ; alpha de Krippendorff pour les {len(chosen)} codeur·ses. Seuils de "
           f"lecture : {RELIABLE:.3f} fiable, {TENTATIVE:.3f} conclusions provisoires.")
st.dataframe(table, hide_index=True, width="stretch", key="agree_table")
left, right = st.columns(2)
left.download_button("Exporter (CSV)", table.to_csv(index=False).encode("utf-8"),
                     file_name="accord.csv", mime="text/csv", key="agree_csv")
excel = io.BytesIO()
table.to_excel(excel, index=False)
right.download_button("Exporter (Excel)", excel.getvalue(), file_name="accord.xlsx",
                      key="agree_xlsx")

st.subheader("Désaccords en contexte")
actor = st.text_input("Qui réconcilie", key="agree_actor",
                      help="Garder une version ou fusionner est tracé et s'annule.")
codes = [r.code for r in rows if r.code in book.by_id]
if codes:
    code = st.selectbox("Code", codes, format_func=lambda c: book.by_id[c].label,
                        key="agree_code")
    shown = [c for c in coding.codings(p, None if doc_choice == "tous" else doc_choice, chosen)
             if c.code_id == code]
    for doc_id in sorted({c.document_id for c in shown}):
        mine = {who: [c for c in shown if c.document_id == doc_id and c.coder == who]
                for who in chosen}
        spans = {who: {(c.start, c.end) for c in cs} for who, cs in mine.items()}
        if len({frozenset(s) for s in spans.values()}) == 1:
            continue  # the same spans: no disagreement here
        st.markdown(f"**{docs[doc_id].name}**")
        cols = st.columns(len(chosen))
        for col, who in zip(cols, chosen, strict=True):
            col.caption(who)
            for c in mine[who]:
                col.markdown(f"> {c.quote[:300]}")
            if col.button(f"Garder la version de {who}", key=f"agree_keep_{doc_id}_{who}"):
                coding.reconcile(p, doc_id, code, chosen, who, actor or "reconciliation")
                st.rerun()
        if st.button("Fusionner les versions", key=f"agree_merge_{doc_id}"):
            coding.reconcile(p, doc_id, code, chosen, None, actor or "reconciliation")
            st.rerun()
