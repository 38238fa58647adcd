"""Explorer: coded verbatims by theme and attributes, matrix coding query, co-occurrences."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from tupsalco import basket, coding, explore
from tupsalco.export import table_bytes
from tupsalco.query import KIND_NAMES
from tupsalco.records import AccountRole, DocumentKind, Viewer
from tupsalco.ui import charts
from tupsalco.ui.state import act, allow, project, project_folder, quote_md, show_flash

st.title("Explorer")
me = allow(AccountRole.ADMIN, AccountRole.CODER, AccountRole.AUTHOR)
p = project()
folder = str(project_folder())
book = coding.codebook(p)
themes = [c for c in book.codes if c.parent is None]
labels = {c.id: c.label for c in book.codes}

show_flash("explore_flash")


def _options(folder: str, viewer: Viewer, version: int) -> dict[str, list[str]]:
    return explore.filter_values(p, viewer)  # cached by the library, by version


def _cooc(folder: str, viewer: Viewer, flt: explore.VerbatimFilter, level: str,
          version: int) -> pd.DataFrame:
    return explore.cooccurrence(p, viewer, flt, level)


@st.cache_data(show_spinner=False, max_entries=32)
def _table(table: pd.DataFrame, kind: str) -> bytes:
    """A small table's file (a matrix, co-occurrences), made once per content."""
    return table_bytes(table, kind, index=True)


@st.cache_resource(show_spinner="Préparation du fichier…", max_entries=6)
def _download(folder: str, viewer: Viewer, flt: explore.VerbatimFilter, version: int,
              kind: str) -> bytes:
    """A download of every verbatim of a selection, made when asked, kept for this version
    (both built by passage, column by column, without a record per coding)."""
    if kind == "iramuteq":
        return explore.download_corpus(p, viewer, flt)
    return table_bytes(explore.download_table(p, viewer, flt), kind)


version = charts.codings_version()
options = _options(folder, me, version)


def pick(column, label: str, values: list, key: str, fmt=str) -> list:  # noqa: ANN001
    return column.multiselect(label, values, format_func=fmt, select_all=False,
                              key=f"explore_{key}",
                              placeholder="Tous")


with st.expander("Filtres", expanded=False):
    c1, c2, c3 = st.columns(3)
    f_themes = pick(c1, "Thèmes", [t.id for t in themes], "themes", labels.get)
    f_codes = pick(c1, "Sous-codes", [c.id for c in book.codes if c.parent], "codes",
                   labels.get)
    f_coder = pick(c1, "Codeur·se", options["coders"], "coders")
    f_prof = pick(c2, "Profession", options["professions"], "professions")
    f_set = pick(c2, "Lieu d'exercice", options["settings"], "settings")
    f_age = pick(c2, "Tranche d'âge", options["age_bands"], "ages")
    f_sex = pick(c3, "Sexe", options["sexes"], "sexes")
    f_site = pick(c3, "Site", options["sites"], "sites")
    f_kind = pick(c3, "Type de document", list(DocumentKind), "kinds", KIND_NAMES.get)
    f_text = st.text_input("Rechercher dans les verbatims", key="explore_text")
flt = explore.VerbatimFilter(
    themes=frozenset(f_themes), codes=frozenset(f_codes), professions=frozenset(f_prof),
    settings=frozenset(f_set), age_bands=frozenset(f_age), sexes=frozenset(f_sex),
    sites=frozenset(f_site), kinds=frozenset(f_kind), coders=frozenset(f_coder),
    text=f_text.strip())

# a key keeps the open tab when a choice inside it reruns the page
tab_list, tab_matrix, tab_cooc = st.tabs(["Verbatims", "Matrice", "Cooccurrences"],
                                        key="explore_tabs")

with tab_list:
    per_page = 25
    # the page's passages alone are read; a filter that leaves fewer pages starts again at 1
    asked = st.session_state.get("explore_page", 1)
    found = charts.verbatim_page(folder, me, flt, version, asked, per_page)
    pages = max(1, -(-found.total // per_page))
    if asked > pages:
        st.session_state["explore_page"] = asked = 1
        found = charts.verbatim_page(folder, me, flt, version, 1, per_page)
    st.caption(f"{found.total} verbatims codés, {found.participants} "
               "participant·e·s.")
    # the files are made when asked: at 200,000 verbatims each takes seconds
    d1, d2, d3 = st.columns(3)
    for col, kind, label, name in ((d1, "csv", "CSV", "verbatims.csv"),
                                   (d2, "xlsx", "Excel", "verbatims.xlsx"),
                                   (d3, "iramuteq", "Corpus IRaMuTeQ", "corpus_iramuteq.txt")):
        if col.button(f"Préparer : {label}", key=f"explore_make_{kind}") \
                or st.session_state.get(f"explore_ready_{kind}") == (flt, version):
            st.session_state[f"explore_ready_{kind}"] = (flt, version)
            col.download_button(label, _download(folder, me, flt, version, kind), name,
                                key=f"explore_{kind}" if kind != "iramuteq"
                                else "explore_iramuteq")
    if pages > 1:
        st.number_input("Page", 1, pages, key="explore_page")
    for passage in found.passages:
        v = passage.verbatim
        with st.container(border=True):
            st.markdown(f"{quote_md(v.text)} **{v.attribution}**")
            cols = st.columns([3, 1, 1])
            turn = f" · tour {v.turn_index + 1}" if v.turn_index is not None else ""
            # turns are counted from 1, as on the Coder page
            cols[0].caption(f"{labels.get(v.code_id, v.code_id)} · {v.document}{turn} · "
                            f"codé par {', '.join(passage.coders)}")
            cols[1].page_link("tupsalco/ui/reader.py", label="Voir dans la transcription",
                              query_params={"doc": str(v.document_id),
                                            "turn": str(v.turn_index)})
            if cols[2].button("Ajouter aux citations", key=f"explore_add_{v.coding_id}"):
                act(lambda v=v: basket.add(p, me, v.coding_id), "Verbatim ajouté aux citations.",
                    "explore_flash")

with tab_matrix:
    m1, m2 = st.columns(2)
    attribute = m1.selectbox("Thèmes croisés avec", list(explore.Attribute),
                             format_func=lambda a: explore.ATTRIBUTE_NAMES[a],
                             key="explore_attribute")
    measure = m2.radio("Compter", ["passages", "participants"], horizontal=True,
                       format_func=lambda m: {"passages": "passages codés",
                                              "participants": "participant·e·s distinct·e·s"}[m],
                       key="explore_measure")
    result = charts.matrix(folder, me, attribute, measure, flt, version)
    shown = result.table.rename(index=labels)
    st.dataframe(shown, key="explore_matrix_table", width="stretch")
    heat, bars = charts.matrix_charts(result, labels)
    g1, g2 = st.columns(2)
    g1.altair_chart(heat, width="stretch", key="explore_heatmap")
    g2.altair_chart(bars, width="stretch", key="explore_bars")
    e1, e2 = st.columns(2)
    e1.download_button("Matrice (CSV)", _table(shown, "csv"), "matrice.csv",
                       key="explore_matrix_csv")
    e2.download_button("Matrice (Excel)", _table(shown, "xlsx"),
                       "matrice.xlsx", key="explore_matrix_xlsx")
    st.subheader("Ouvrir une cellule")
    k1, k2 = st.columns(2)
    cell_theme = k1.selectbox("Thème", [t.id for t in themes], format_func=labels.get,
                              key="explore_cell_theme")
    cell_value = k2.selectbox("Valeur", list(result.table.columns), key="explore_cell_value")
    if cell_value is not None:
        cell = charts.cell_verbatims(folder, me, cell_theme, attribute, cell_value, flt,
                                     version)
        in_cell = explore.passages(cell.items)
        st.caption(f"{len(in_cell)} verbatims, {cell.participants} participant·e·s.")
        for passage in in_cell[:50]:
            v = passage.verbatim
            st.markdown(f"{quote_md(v.text)} **{v.attribution}** · codé par "
                        f"{', '.join(passage.coders)}")

with tab_cooc:
    level = st.radio("Niveau", ["theme", "code"], horizontal=True,
                     format_func=lambda x: {"theme": "thèmes", "code": "codes"}[x],
                     key="explore_cooc_level")
    cooc = _cooc(folder, me, flt, level, version)
    shown = cooc.rename(index=labels, columns=labels)
    st.dataframe(shown, key="explore_cooc_table", width="stretch")
    long = shown.reset_index(names="a").melt(id_vars="a", var_name="b", value_name="n")
    st.altair_chart(alt.Chart(long).mark_rect().encode(
        x=alt.X("b:N", title=None), y=alt.Y("a:N", title=None), color="n:Q",
        tooltip=["a", "b", "n"]), width="stretch", key="explore_cooc_chart")
    c1, c2 = st.columns(2)
    c1.download_button("Cooccurrences (CSV)", _table(shown, "csv"),
                       "cooccurrences.csv", key="explore_cooc_csv")
    c2.download_button("Cooccurrences (Excel)", _table(shown, "xlsx"),
                       "cooccurrences.xlsx", key="explore_cooc_xlsx")
