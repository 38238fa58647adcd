"""Charts and cached reads shared by the Explorer and Thèmes pages."""

from __future__ import annotations

import altair as alt
import streamlit as st

from tupsalco import explore
from tupsalco.records import Viewer
from tupsalco.ui.state import project


def codings_version() -> int:
    """Cached reads are redone after any change to the project (a recode or an undo leaves
    the number of codings as it was)."""
    return project().version()


# no st.cache_data here: the library caches its answers by the project's version, and
# Streamlit's data cache would copy (pickle) 200,000 verbatims at every rerun
def verbatims(folder: str, viewer: Viewer, flt: explore.VerbatimFilter, version: int
              ) -> explore.VerbatimSet:
    with st.spinner("Sélection des verbatims…"):
        return explore.verbatims(project(), viewer, flt)


def verbatim_page(folder: str, viewer: Viewer, flt: explore.VerbatimFilter, version: int,
                  page: int, per_page: int) -> explore.VerbatimPage:
    with st.spinner("Sélection des verbatims…"):
        return explore.verbatim_page(project(), viewer, flt, page, per_page)


def cell_verbatims(folder: str, viewer: Viewer, theme: str, attribute: str, value: str,
                   flt: explore.VerbatimFilter, version: int) -> explore.VerbatimSet:
    return explore.cell_verbatims(project(), viewer, theme, attribute, value, flt)


def matrix(folder: str, viewer: Viewer, attribute: str, measure: str,
           flt: explore.VerbatimFilter, version: int) -> explore.Matrix:
    return explore.matrix(project(), viewer, attribute, measure, flt)


def matrix_charts(result: explore.Matrix, labels: dict[str, str]
                  ) -> tuple[alt.Chart, alt.Chart]:
    """A heatmap and stacked bars of a matrix, themes in codebook order; a suppressed cell
    draws nothing."""
    long = result.table.reset_index().melt(id_vars="thème", var_name="valeur", value_name="n")
    long["thème"] = long["thème"].map(labels)
    long = long.dropna(subset=["n"])
    attribute = explore.ATTRIBUTE_NAMES[result.attribute]
    # the table's order, even when a theme's first cells are masked (and so not drawn)
    theme_axis = alt.Y("thème:N", title=None,
                       sort=[labels.get(t, t) for t in result.table.index])
    tooltip = ["thème", "valeur", "n"]
    heat = alt.Chart(long).mark_rect().encode(
        x=alt.X("valeur:N", title=attribute), y=theme_axis,
        color=alt.Color("n:Q", title=result.measure), tooltip=tooltip)
    bars = alt.Chart(long).mark_bar().encode(
        x=alt.X("n:Q", title=result.measure), y=theme_axis,
        color=alt.Color("valeur:N", title=attribute), tooltip=tooltip)
    return heat, bars


__all__ = ["cell_verbatims", "codings_version", "matrix", "matrix_charts", "verbatim_page",
           "verbatims"]
