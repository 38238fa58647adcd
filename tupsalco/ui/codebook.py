"""Codebook: the study's themes and sub-codes; add, rename, move, merge, delete; REFI-QDA."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from tupsalco import coding
from tupsalco.codebook import Code, codes_in_order
from tupsalco.records import AccountRole
from tupsalco.refi import from_qdc, to_qdc, to_qdpx
from tupsalco.ui.state import act as run_action
from tupsalco.ui.state import allow, project, show_flash, shown_versions

st.title("Codebook")
viewer = allow(AccountRole.ADMIN, AccountRole.CODER)
p = project()
show_flash("book_flash")


def act(fn, done: str) -> None:  # noqa: ANN001
    run_action(fn, done, "book_flash")


book = coding.codebook(p)
ordered = codes_in_order(book)
# a change is made on the code as the page showed it: a colleague's change since is refused
shown = shown_versions("code", {c.id: c.version for c in book.codes})
counts: dict[str, int] = {}
for c in coding.codings(p, viewer):
    counts[c.code_id] = counts.get(c.code_id, 0) + 1


def with_descendants(code_id: str) -> int:
    """Codings of a code and of every code under it."""
    return counts.get(code_id, 0) + sum(with_descendants(c.id) for c in book.children(code_id))


def tree_line(code: Code, depth: int) -> str:
    """A code as the tree shows it: its colour as a colour, its label, its codings (with
    those of its sub-codes), its description in full."""
    swatch = (f'<span style="display:inline-block;width:0.9em;height:0.9em;border-radius:2px;'
              f'background:{html.escape(code.color)};margin-right:0.4em;vertical-align:-0.1em">'
              '</span>')
    own, total = counts.get(code.id, 0), with_descendants(code.id)
    tally = f"{own} codage(s)" + (f", {total} avec ses sous-codes" if total != own else "")
    desc = (f'<br><small style="color:#555">{html.escape(code.description)}</small>'
            if code.description else "")
    return (f'<div style="margin-left:{1.6 * depth}em;margin-bottom:0.35em">{swatch}'
            f"<b>{html.escape(code.label)}</b> <small>· {tally}</small>{desc}</div>")


tree, table = st.tabs(["Arborescence", "Tableau"], key="codebook_view_tabs")
with tree:
    depth = {c.id: 0 for c in ordered}
    for c in ordered:
        depth[c.id] = depth[c.parent] + 1 if c.parent else 0
    st.markdown("".join(tree_line(c, depth[c.id]) for c in ordered), unsafe_allow_html=True)
with table:
    st.dataframe(pd.DataFrame([{
        "code": ("    " if c.parent else "") + c.label, "id": c.id,
        "thème": book.theme_of(c.id), "codages": counts.get(c.id, 0),
        "sous-codes compris": with_descendants(c.id), "description": c.description,
    } for c in ordered]), hide_index=True, width="stretch", key="book_table")

labels = {c.id: ("· " if c.parent else "") + c.label for c in ordered}
add, rename, move, merge, delete, exchange = st.tabs(
    ["Ajouter", "Renommer", "Déplacer", "Fusionner", "Supprimer", "REFI-QDA"],
    key="codebook_edit_tabs")
with add:
    new_id = st.text_input("Identifiant (minuscules, _)", key="book_new_id")
    new_label = st.text_input("Libellé", key="book_new_label")
    parent = st.selectbox("Sous", [None, *labels], format_func=lambda c: "— thème —"
                          if c is None else labels[c], key="book_new_parent")
    if st.button("Ajouter le code", key="book_add"):
        color = book.by_id[parent].color if parent else "#888888"
        act(lambda: coding.add_code(p, viewer, Code(new_id.strip(), new_label.strip(), parent,
                                                    color=color)), f"Code {new_id} ajouté.")
if labels:
    with rename:
        which = st.selectbox("Code", list(labels), format_func=labels.get, key="book_ren_code")
        label = st.text_input("Nouveau libellé", key="book_ren_label")
        if st.button("Renommer", key="book_rename"):
            act(lambda: coding.rename_code(p, viewer, which, label, version=shown.get(which)),
                "Code renommé.")
    with move:
        which_m = st.selectbox("Code", list(labels), format_func=labels.get, key="book_mv_code")
        to = st.selectbox("Sous", [None, *labels], format_func=lambda c: "— thème —"
                          if c is None else labels[c], key="book_mv_parent")
        if st.button("Déplacer", key="book_move"):
            act(lambda: coding.move_code(p, viewer, which_m, to, version=shown.get(which_m)),
                "Code déplacé.")
    with merge:
        src = st.selectbox("Fusionner", list(labels), format_func=labels.get, key="book_mg_src")
        dst = st.selectbox("dans", list(labels), format_func=labels.get, key="book_mg_dst")
        if st.button("Fusionner", key="book_merge"):
            act(lambda: coding.merge_codes(p, viewer, src, dst, version=shown.get(src)),
                "Fusion faite : {result} codage(s) déplacé(s).")
    with delete:
        gone = st.selectbox("Code", list(labels), format_func=labels.get, key="book_del_code")
        if st.button("Supprimer (avec ses codages)", key="book_delete"):
            act(lambda: coding.delete_code(p, viewer, gone, version=shown.get(gone)),
                "Code supprimé avec {result} codage(s) (annulable).")
with exchange:
    st.download_button("Exporter le codebook (.qdc)", to_qdc(book), file_name="tupsalco.qdc",
                       mime="application/xml", key="book_export")
    upload = st.file_uploader("Importer un codebook REFI-QDA (.qdc, ou le codebook d'un "
                              "projet .qde / .qdpx)", type=["qdc", "qde", "qdpx", "xml"],
                              key="book_import_file")
    if st.button("Préparer l'export du projet (.qdpx)", key="book_qdpx",
                 help="Textes pseudonymisés, codebook, codages, mémos et attributs des "
                      "participant·e·s (en cas) pour NVivo, ATLAS.ti, MAXQDA, QualCoder ; "
                      "jamais la clé des pseudonymes."):
        st.session_state["book_qdpx_data"] = to_qdpx(p, viewer)
    if data := st.session_state.get("book_qdpx_data"):
        st.download_button("Télécharger le projet (.qdpx)", data, file_name="tupsalco.qdpx",
                           mime="application/zip", key="book_qdpx_download")
    if upload is not None and st.button("Importer", key="book_import"):
        act(lambda: coding.import_codebook(p, viewer, from_qdc(upload.getvalue(), upload.name,
                                                                book.codes)),
            "{result} code(s) ajouté(s).")
st.caption("Chaque modification est tracée et s'annule depuis la page Coder (↶).")
