"""Tupsalco workbench: the Streamlit frame. Pages live in tupsalco/ui/; each role sees its own."""

import streamlit as st

from tupsalco.records import AccountRole
from tupsalco.ui.state import (
    ROLE_LABELS,
    ensure_project,
    go_to_requested_page,
    project,
    round_banner,
    run_page,
    sign_in,
    sign_out,
)

st.set_page_config(page_title="Tupsalco", page_icon="📑", layout="wide")
ensure_project()
viewer = sign_in()

ADMIN, CODER, COMMITTEE, AUTHOR = AccountRole
PAGES = [  # (file, title, icon, roles)
    ("documents.py", "Documents", "folder_open", {ADMIN, CODER}),
    ("reader.py", "Lecture", "article", {ADMIN, CODER, AUTHOR}),
    ("code.py", "Coder", "edit_note", {ADMIN, CODER}),
    ("codebook.py", "Codebook", "account_tree", {ADMIN, CODER}),
    ("agreement.py", "Accord", "compare_arrows", {ADMIN} if project().blind else {ADMIN, CODER}),
    ("rounds.py", "Rondes de codage", "group_work", {ADMIN}),
    ("explore.py", "Explorer", "travel_explore", {ADMIN, CODER, AUTHOR}),
    ("basket.py", "Citations", "format_quote", {ADMIN, CODER, AUTHOR}),
    ("committee.py", "Thèmes", "bar_chart", {ADMIN, COMMITTEE}),
    ("pseudonymisation.py", "Pseudonymisation", "shield_person", {ADMIN, CODER}),
    ("accounts.py", "Comptes", "manage_accounts", {ADMIN}),
]
HOME = {ADMIN: "documents.py", CODER: "documents.py", AUTHOR: "explore.py",
        COMMITTEE: "committee.py"}
pages = [st.Page(f"tupsalco/ui/{file}", title=title, icon=f":material/{icon}:",
                 default=file == HOME[viewer.role])
         for file, title, icon, roles in PAGES if viewer.role in roles]
with st.sidebar:
    st.caption(f"Connecté·e : **{viewer.username}** ({ROLE_LABELS[viewer.role]})")
    for current in round_banner(viewer):
        st.info(current)
    if st.button("Se déconnecter", key="logout"):
        sign_out()
        st.rerun()
page = st.navigation(pages)
go_to_requested_page(pages, page)
run_page(page)
