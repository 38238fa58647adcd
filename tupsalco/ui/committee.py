"""Thèmes: the pilot committee's read-only view. Counts, charts and verbatims come from the
library's committee queries (``explore``, ``disclosure``): no attribution, no document, a
fixed set of questions, masked cells and counts rounded to a multiple of k."""

from __future__ import annotations

import streamlit as st

from tupsalco import coding, explore
from tupsalco.export import table_bytes
from tupsalco.records import AccountRole, Viewer
from tupsalco.ui import charts
from tupsalco.ui.state import allow, project, project_folder, quote_md

st.title("Thèmes de l'étude")
me = allow(AccountRole.ADMIN, AccountRole.COMMITTEE)
p = project()
if me.role is AccountRole.ADMIN:
    st.info("Vous voyez cette page comme le comité de pilotage la voit.")
# an admin previewing the page gets exactly the committee's view
committee = Viewer(me.username, AccountRole.COMMITTEE)
folder = str(project_folder())
version = charts.codings_version()
book = coding.codebook(p)
themes = [c for c in book.codes if c.parent is None]
labels = {c.id: c.label for c in book.codes}
k = p.k_threshold
st.caption(f"Lecture seule. Les verbatims sont présentés sans attribution ni document. "
           f"Les nombres sont arrondis au multiple de {k} le plus proche. Une case est masquée "
           f"quand moins de {k} participant·e·s y parlent, quand son groupe compte moins de "
           f"{k} personnes dans l'étude, ou pour que les cases masquées d'une ligne ne se "
           "déduisent pas des autres.")

c1, c2 = st.columns(2)
attribute = c1.radio("Thèmes selon", list(explore.COMMITTEE_ATTRIBUTES), horizontal=True,
                     format_func=lambda a: explore.ATTRIBUTE_NAMES[a], key="committee_attribute")
measure = c2.radio("Compter", ["participants", "passages"], horizontal=True,
                   format_func=lambda m: {"passages": "passages codés",
                                          "participants": "participant·e·s"}[m],
                   key="committee_measure")
result = charts.matrix(folder, committee, attribute, measure, explore.VerbatimFilter(),
                       version)
shown = result.table.astype("object").where(result.table.notna(), explore.SUPPRESSED).astype(str)
shown.index = [labels.get(i, i) for i in result.table.index]
# a static table wraps its headers: nothing is cut on the right of a 1,400 px screen
st.table(shown)
if result.suppressed:
    st.caption(f"{len(result.suppressed)} case(s) masquée(s) (moins de {k} participant·e·s, "
               "ou pour protéger une case masquée).")

heat, bars = charts.matrix_charts(result, labels)
g1, g2 = st.columns(2)
g1.altair_chart(heat, width="stretch", key="committee_heatmap")
g2.altair_chart(bars, width="stretch", key="committee_bars")
d1, d2 = st.columns(2)
d1.download_button("Tableau (CSV)", table_bytes(shown, "csv", index=True), "themes.csv",
                   key="committee_csv")
d2.download_button("Tableau (Excel)", table_bytes(shown, "xlsx", index=True), "themes.xlsx",
                   key="committee_xlsx")

st.subheader("Verbatims d'un thème")
# lists by profession only: split by two attributes, a theme's lists would give by
# difference what a handful of people said (the library refuses the others)
v1, v2 = st.columns(2)
theme = v1.selectbox("Thème", [t.id for t in themes], format_func=labels.get,
                     key="committee_theme")
professions = explore.filter_values(p, committee)["professions"]
value = v2.selectbox(explore.ATTRIBUTE_NAMES[explore.COMMITTEE_LISTS].capitalize(),
                     ["(toutes)", *professions], key="committee_value")
if value == "(toutes)":
    found = charts.verbatims(folder, committee,
                             explore.VerbatimFilter(themes=frozenset({theme})), version)
else:
    found = charts.cell_verbatims(folder, committee, theme, explore.COMMITTEE_LISTS, value,
                                  explore.VerbatimFilter(), version)
if found.suppressed:
    st.warning(f"Liste masquée : ces verbatims viennent de moins de {k} participant·e·s, "
               "ou leur case est masquée pour en protéger une autre.")
elif not found.items:
    st.info("Aucun verbatim.")
else:
    once = explore.passages(found.items)  # the same words coded by two coders: once
    st.caption(f"{len(once)} verbatims.")
    for passage in once[:60]:
        st.markdown(quote_md(passage.verbatim.text))
