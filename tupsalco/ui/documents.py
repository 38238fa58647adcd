"""Documents: every transcript and note with its participant's attributes, filterable."""

from __future__ import annotations

import streamlit as st

from tupsalco.query import DocumentFilter, document_table, filter_documents, filter_options
from tupsalco.records import AccountRole, DocumentKind
from tupsalco.ui.state import allow, load_documents, project_folder

st.title("Documents")
allow(AccountRole.ADMIN, AccountRole.CODER)
folder = str(project_folder())
docs = load_documents(folder)
options = filter_options(docs)

cols = st.columns(6)
kinds = cols[0].multiselect("Type", ["entretien", "observation"], key="documents_kind")
professions = cols[1].multiselect("Profession", options["professions"],
                                  key="documents_profession")
settings = cols[2].multiselect("Lieu d'exercice", options["settings"], key="documents_setting")
bands = cols[3].multiselect("Tranche d'âge", options["age_bands"], key="documents_age_band")
sexes = cols[4].multiselect("Sexe", options["sexes"], key="documents_sex")
sites = cols[5].multiselect("Site", options["sites"], key="documents_site")

flt = DocumentFilter(
    kinds=frozenset({"entretien": DocumentKind.INTERVIEW,
                     "observation": DocumentKind.OBSERVATION}[k] for k in kinds),
    professions=frozenset(professions), settings=frozenset(settings),
    age_bands=frozenset(bands), sexes=frozenset(sexes), sites=frozenset(sites),
)
shown = filter_documents(docs, flt)
st.caption(f"{len(shown)} document(s) sur {len(docs)}")
table = document_table(shown)
st.dataframe(table, hide_index=True, width="stretch", key="documents_table")

if shown:
    names = {d.id: d.name for d in shown}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox("Document à lire", list(names), format_func=names.get,
                            key="documents_open")
    if right.button("Lire le document", key="documents_read", width="stretch"):
        st.session_state["reader_document"] = chosen
        st.switch_page("tupsalco/ui/reader.py")
else:
    st.info("Aucun document ne correspond à ces filtres.")
