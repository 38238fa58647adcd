"""Citations: the author's basket of verbatims, trimmed, ordered, checked, exported."""

from __future__ import annotations

import streamlit as st

from tupsalco import basket, coding
from tupsalco.export import docx_bytes, from_basket, quotes_table, table_bytes
from tupsalco.records import AccountRole
from tupsalco.ui.state import act as run_action
from tupsalco.ui.state import allow, project, quote_md, show_flash

st.title("Citations")
me = allow(AccountRole.ADMIN, AccountRole.CODER, AccountRole.AUTHOR)
p = project()
k = p.k_threshold
DROP_LABELS = {"age_band": "tranche d'âge", "setting": "lieu d'exercice"}

show_flash("basket_flash")


def act(fn, done: str) -> None:  # noqa: ANN001
    run_action(fn, done, "basket_flash")


items = basket.items(p, me)
if not items:
    st.info("Le panier est vide : ajoutez des verbatims depuis la page Explorer.")
    st.stop()

by_coding = {c.id: c for c in coding.codings_by_id(p, me, [i.coding_id for i in items])}
book = coding.codebook(p)
themes = {i.coding_id: (book.theme_of(by_coding[i.coding_id].code_id),
                        by_coding[i.coding_id].code_id)
          for i in items if i.coding_id in by_coding and by_coding[i.coding_id].code_id
          in book.by_id}
risky = {i.id: basket.warnings(p, i) for i in items}

for n, item in enumerate(items):
    with st.container(border=True):
        st.markdown(f"**{n + 1}.** {quote_md(item.text)} {item.attribution}")
        for warning in risky[item.id]:
            st.warning(warning, icon="⚠️")
        cols = st.columns([1, 1, 1, 3])
        if cols[0].button("↑", key=f"basket_up_{item.id}", disabled=n == 0):
            act(lambda i=item: basket.move(p, me, i.id, -1), "Citation déplacée.")
        if cols[1].button("↓", key=f"basket_down_{item.id}", disabled=n == len(items) - 1):
            act(lambda i=item: basket.move(p, me, i.id, 1), "Citation déplacée.")
        if cols[2].button("Retirer", key=f"basket_remove_{item.id}"):
            act(lambda i=item: basket.remove(p, me, i.id), "Citation retirée.")
        dropped = cols[3].multiselect(
            "Retirer de l'attribution", list(DROP_LABELS), default=list(item.dropped),
            format_func=DROP_LABELS.get, placeholder="Choisir",
            select_all=False, key=f"basket_drop_{item.id}")
        if sorted(dropped) != sorted(item.dropped):
            act(lambda i=item, d=dropped: basket.coarsen(p, me, i.id, d), "Attribution modifiée.")
        with st.expander("Couper le verbatim ([...])"):
            trimmed = st.text_area("Texte cité", item.text, key=f"basket_text_{item.id}",
                                   help="Supprimez des passages et marquez chaque coupe [...] : "
                                        "rien ne peut être ajouté ni reformulé.")
            if st.button("Enregistrer la coupe", key=f"basket_trim_{item.id}"):
                act(lambda i=item, t=trimmed: basket.trim(p, me, i.id, t), "Coupe enregistrée.")

st.divider()
flagged = [i for i in items if risky[i.id]]
if flagged:
    st.warning(f"{len(flagged)} citation(s) peuvent désigner moins de {k} personnes : "
               "retirez la tranche d'âge ou le lieu d'exercice, ou coupez le passage.")
confirmed = not flagged or st.checkbox("J'ai vérifié ces citations et j'exporte quand même",
                                       key="basket_confirm")
quotes = from_basket(items, themes)
coarsened = [f"{n + 1}: sans {', '.join(DROP_LABELS[d] for d in i.dropped)}"
             for n, i in enumerate(items) if i.dropped]
note = ("Attributions élargies — " + "; ".join(coarsened)) if coarsened else None
c1, c2, c3 = st.columns(3)
word = docx_bytes(quotes, note=note, author=p.name)
if c1.download_button("Exporter en Word", word, "citations.docx",
                      key="basket_docx", disabled=not confirmed,
                      on_click=basket.record_export, args=(p, me, items, "docx")):
    st.success("Export Word enregistré.")
if c2.download_button("Exporter en CSV", table_bytes(quotes_table(quotes), "csv"),
                      "citations.csv", key="basket_csv", disabled=not confirmed,
                      on_click=basket.record_export, args=(p, me, items, "csv")):
    st.success("Export CSV enregistré.")
if c3.button("Vider le panier", key="basket_clear"):
    act(lambda: basket.clear(p, me), "Panier vidé.")
