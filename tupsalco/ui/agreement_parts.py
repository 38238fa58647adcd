"""Two sections of the Accord page: the code × document table (NVivo's coding comparison
table) and intra-coder agreement (one coder's two passes, side by side)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from tupsalco import coding
from tupsalco.agreement import (
    passes,
    reading,
    retest,
    split_pass,
)
from tupsalco.agreement.cells import Cells, cells
from tupsalco.agreement.matrix import table_of
from tupsalco.export import table_bytes
from tupsalco.records import REFERENCE, AccountRole, Coding, DocumentSummary, Viewer
from tupsalco.ui.state import act, project

STATISTICS = {"kappa": "kappa", "alpha": "alpha", "AC1": "AC1", "accord %": "accord %"}


def _round(value: float, digits: int = 3) -> float | None:
    return None if np.isnan(value) else round(float(value), digits)


# what every widget change would otherwise recompute, kept per version of the project (any
# change makes a new one): the coders and the documents, read once for every section of the
# page, and the codings of a few coders (not all 200,000 when two are compared)
@st.cache_resource(show_spinner=False, max_entries=4)
def compared(folder: str, version: int, viewer: Viewer
             ) -> tuple[list[str], dict[int, DocumentSummary]]:
    p = project()
    coding.compared_codings(p, viewer, [])  # the library decides who may compare
    return coding.coders(p, viewer), {d.id: d for d in p.documents()}


@st.cache_resource(show_spinner=False, max_entries=8)
def codings_of(folder: str, version: int, viewer: Viewer, coders: tuple[str, ...]
               ) -> list[Coding]:
    """These coders' codings the viewer may compare, in document order."""
    return coding.compared_codings(project(), viewer, list(coders))


@st.cache_resource(show_spinner="Calcul de l'accord…", max_entries=16)
def all_cells(folder: str, version: int, viewer: Viewer, coders: tuple[str, ...],
              document: int | str) -> Cells:
    """Every code × document cell of these coders: the pooled table and the code × document
    table are both made of them."""
    documents = compared(folder, version, viewer)[1]
    lengths = {d.id: d.n_chars for d in documents.values()}
    done = [(c.document_id, c.code_id, c.coder, c.start, c.end)
            for c in codings_of(folder, version, viewer, coders)
            if document in ("tous", c.document_id)]
    return cells(done, lengths, coders)


@st.cache_data(show_spinner="Tableau code × document…")
def cells_frame(folder: str, version: int, viewer: Viewer, coders: tuple[str, ...],
                document: int | str) -> pd.DataFrame:
    """The long table, one row per (code, document); read again only when the project
    changes (``version``), for these coders and this document filter."""
    book = coding.codebook(project())
    documents = compared(folder, version, viewer)[1]
    docs = {d.id: d.name for d in documents.values()}
    first, second = coders[0], coders[1]
    return pd.DataFrame([{
        "code": book.by_id[c.code].label if c.code in book.by_id else c.code,
        "document": docs.get(c.document, str(c.document)),
        "kappa": _round(c.kappa), "alpha": _round(c.alpha), "AC1": _round(c.ac1),
        "accord %": _round(100 * c.table.agreement, 2) if c.table.total else None,
        "les deux": c.table.both, f"{first} seul·e": c.table.first_only,
        f"{second} seul·e": c.table.second_only, "aucun": c.table.neither,
        "lecture (alpha)": reading(c.alpha),
    } for c in table_of(all_cells(folder, version, viewer, coders, document))],
        columns=["code", "document", "kappa", "alpha", "AC1", "accord %", "les deux",
                 f"{first} seul·e", f"{second} seul·e", "aucun", "lecture (alpha)"])


def code_document_section(folder: str, version: int, viewer: Viewer, chosen: Sequence[str],
                          document: int | str) -> None:
    st.subheader("Tableau code × document (comme NVivo)")
    st.caption("Pour chaque code dans chaque document codé par au moins deux des "
               "codeur·ses : kappa de Cohen entre les deux premier·es, alpha de Krippendorff "
               "et AC1 de Gwet pour tou·tes, sur les caractères de ce document. Une case "
               "n'existe que si quelqu'un a codé ce code dans ce document (NVivo liste aussi "
               "les paires que personne n'a codées, avec kappa = 1). Un kappa vide : l'un·e "
               "des deux premier·es n'a rien codé dans le document. Les tableaux par code "
               "ci-dessus mettent les caractères en commun ; ils ne font pas la moyenne de "
               "ces cases.")
    frame = cells_frame(folder, version, viewer, tuple(chosen), document)
    if frame.empty:
        st.info("Aucun document codé par au moins deux des codeur·ses choisi·es.")
        return
    statistic = st.radio("Valeur des cases", list(STATISTICS), horizontal=True,
                         key="agree_cells_statistic")
    grid = frame.pivot_table(index="code", columns="document", values=statistic,
                             aggfunc="first")
    # a page of documents, a page of cells: drawing 1,000 documents' columns or every cell
    # at once takes seconds at each rerun, and nobody reads them all on one screen
    shown = _page(len(grid.columns), GRID_COLUMNS, "Documents", "agree_cells_grid_page")
    st.dataframe(_shown(grid.iloc[:, shown]), width="stretch", key="agree_cells_grid")
    with st.expander(f"Le tableau complet ({len(frame)} cases)"):
        rows = _page(len(frame), TABLE_ROWS, "Cases", "agree_cells_page")
        st.dataframe(_shown(frame.iloc[rows]), hide_index=True, width="stretch",
                     key="agree_cells")
    cols = st.columns(3)
    # the files are made when a button is clicked, not at every rerun
    cols[0].download_button("Tableau code × document (CSV)",
                            lambda: table_bytes(frame, "csv"),
                            file_name="accord_code_document.csv", mime="text/csv",
                            key="agree_cells_csv")
    cols[1].download_button("Tableau code × document (Excel)",
                            lambda: table_bytes(frame, "xlsx"),
                            file_name="accord_code_document.xlsx", key="agree_cells_xlsx")
    cols[2].download_button(f"Grille des {statistic} (CSV)",
                            lambda: table_bytes(grid, "csv", index=True),
                            file_name=f"accord_grille_{statistic.split()[0]}.csv",
                            mime="text/csv", key="agree_cells_grid_csv")


GRID_COLUMNS = 50  # documents in the code × document grid at once
TABLE_ROWS = 500  # cells of the full table at once


def _page(n: int, size: int, what: str, key: str) -> slice:
    """The slice of ``n`` items that a page number (drawn when there are several) shows."""
    pages = max(1, -(-n // size))
    if pages == 1:
        return slice(0, n)
    page = st.number_input(f"{what} : page (sur {pages})", 1, pages, 1, key=key)
    return slice((page - 1) * size, page * size)


Loader = Callable[[Sequence[str]], Sequence[Coding]]  # some coders' codings, as compared


def _set_aside_form(viewer: Viewer, names: Sequence[str], codings: Loader,
                    docs: dict[int, DocumentSummary], flash: str) -> None:
    """The administration sets a coder's codings aside before they code again."""
    current = sorted(c for c in names if split_pass(c)[1] is None and c != REFERENCE)
    if viewer.role is not AccountRole.ADMIN or not current:
        return
    with st.expander("Mettre de côté une passe avant un nouveau codage"):
        st.caption("Les codages du ou de la codeur·se dans ces documents deviennent une "
                   "passe, signée « nom · passe étiquette » : plus personne ne peut les "
                   "modifier et, en codage en aveugle, le ou la codeur·se ne les voit plus. "
                   "Ce qu'il ou elle code ensuite dans ces documents est la passe suivante. "
                   "Annulable depuis la page Coder.")
        coder = st.selectbox("Codeur·se", current, key="agree_pass_coder")
        theirs = sorted({c.document_id for c in codings([coder]) if c.coder == coder})
        chosen = st.multiselect("Documents", theirs, default=theirs,
                                format_func=lambda d: docs[d].name if d in docs else str(d),
                                placeholder="Choisir des documents", select_all=False,
                                key="agree_pass_documents")
        done = {split_pass(c)[1] for c in names if split_pass(c)[0] == coder}
        n = 1
        while str(n) in done:
            n += 1
        label = st.text_input("Étiquette de la passe", str(n), max_chars=20,
                              key="agree_pass_label")
        if st.button("Mettre de côté", key="agree_pass_set_aside"):
            act(lambda: coding.set_aside_pass(project(), viewer, coder, label.strip(), chosen),
                "Passe mise de côté : {result} codages.", flash)


def intra_section(viewer: Viewer, names: Sequence[str], codings: Loader,
                  docs: dict[int, DocumentSummary], label: Callable[[str], str],
                  flash: str) -> None:
    """``names``: who coded; ``codings`` reads some of them (a pass's, when there is one)."""
    st.subheader("Accord intra-codeur (test-retest)")
    st.caption("Les deux passes d'un·e même codeur·se sur les mêmes documents, comparées "
               "comme deux codeur·ses : kappa, alpha et AC1 par code, caractères comme "
               "unités, sur les documents codés dans les deux passes seulement.")
    _set_aside_form(viewer, names, codings, docs, flash)
    found = passes(names)
    if found:  # those whose codings the viewer may see (a blind round hides some)
        involved = sorted({n for found_names in found.values() for n in found_names})
        found = passes({c.coder for c in codings(involved)})
    if not found:
        st.info("Aucune passe mise de côté : l'administration met de côté les codages d'un·e "
                "codeur·se (ci-dessus), qui code ensuite à nouveau les mêmes documents.")
        return
    coder = st.selectbox("Codeur·se", list(found), key="agree_intra_coder")
    names = found[coder]
    if len(names) < 2:
        st.info(f"{coder} n'a pas encore recodé les documents de sa passe.")
        return
    left, right = st.columns(2)
    first = left.selectbox("Passe", names[:-1], key="agree_intra_first",
                           format_func=_pass_label)
    later = names[names.index(first) + 1:]
    second = right.selectbox("comparée à", later, index=len(later) - 1,
                             key="agree_intra_second", format_func=_pass_label)
    lengths = {d: docs[d].n_chars for d in docs}
    everyone = codings([first, second])
    done = [(c.document_id, c.code_id, c.coder, c.start, c.end) for c in everyone
            if c.coder in (first, second)]
    r = retest(done, lengths, first, second)
    if not r.documents:
        st.info("Aucun document n'est codé dans les deux passes.")
        return
    left_out = len(r.first_only) + len(r.second_only)
    st.caption(f"{len(r.documents)} document(s) codé(s) dans les deux passes"
               + (f" ; {left_out} codé(s) dans une seule, laissé(s) de côté." if left_out
                  else "."))
    first_label, second_label = _pass_label(first), _pass_label(second)
    table = pd.DataFrame([{
        "code": label(x.code), "les deux passes": x.table.both,
        f"{first_label} seule": x.table.first_only,
        f"{second_label} seule": x.table.second_only, "aucune": x.table.neither,
        "accord %": round(100 * x.table.agreement, 2), "kappa": _round(x.kappa),
        "AC1": _round(x.ac1), "alpha": _round(x.alpha), "lecture": reading(x.alpha),
    } for x in r.rows])
    st.dataframe(_shown(table), hide_index=True, width="stretch", key="agree_intra_table")
    st.download_button("Exporter l'accord intra-codeur (CSV)", lambda: table_bytes(table, "csv"),
                       file_name="accord_intra.csv", mime="text/csv", key="agree_intra_csv")
    doc = st.selectbox("Les deux passes côte à côte", r.documents,
                       format_func=lambda d: docs[d].name if d in docs else str(d),
                       key="agree_intra_document")
    shown = [c for c in everyone if c.document_id == doc and c.coder in (first, second)]
    for code in sorted({c.code_id for c in shown}, key=label):
        spans = {who: sorted((c.start, c.end, c.quote) for c in shown
                             if c.coder == who and c.code_id == code)
                 for who in (first, second)}
        same = [s[:2] for s in spans[first]] == [s[:2] for s in spans[second]]
        st.markdown(f"**{label(code)}**" + (" — identique dans les deux passes" if same
                                             else ""))
        if same:
            continue
        cols = st.columns(2)
        for col, who in zip(cols, (first, second), strict=True):
            col.caption(_pass_label(who))
            for _, _, quote in spans[who]:
                col.markdown(f"> {quote[:300]}")
            if not spans[who]:
                col.caption("(rien)")


def _pass_label(name: str) -> str:
    coder, label = split_pass(name)
    return f"passe {label}" if label is not None else "codages actuels"


__all__ = ["all_cells", "cells_frame", "code_document_section", "codings_of", "compared",
           "intra_section"]


def _shown(frame: pd.DataFrame) -> Styler:
    """A table as the page shows it: a value that cannot be computed (a kappa where one of
    the two coders coded nothing) or an empty cell is drawn as a dash, never "nan"; the
    values stay numbers (sorting, downloads)."""
    return frame.style.format(na_rep="—", precision=3)
