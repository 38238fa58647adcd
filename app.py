"""Tupsalco workbench: the Streamlit frame. Pages live in tupsalco/ui/."""

import streamlit as st

from tupsalco.ui.state import ensure_project

st.set_page_config(page_title="Tupsalco", page_icon="📑", layout="wide")
ensure_project()
page = st.navigation([
    st.Page("tupsalco/ui/documents.py", title="Documents", icon=":material/folder_open:",
            default=True),
    st.Page("tupsalco/ui/reader.py", title="Lecture", icon=":material/article:"),
    st.Page("tupsalco/ui/code.py", title="Coder", icon=":material/edit_note:"),
    st.Page("tupsalco/ui/codebook.py", title="Codebook", icon=":material/account_tree:"),
    st.Page("tupsalco/ui/agreement.py", title="Accord", icon=":material/compare_arrows:"),
    st.Page("tupsalco/ui/pseudonymisation.py", title="Pseudonymisation",
            icon=":material/shield_person:"),
])
page.run()
