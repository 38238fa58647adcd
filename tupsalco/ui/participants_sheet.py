"""The participants sheet on the Documents page: upload, map its columns, correct its values
all at once, load it. Names never show: the preview lists attributes, the corrections table
masks a name cell and any value holding a name of the sheet."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from tupsalco.errors import NameLossError, TupsalcoError
from tupsalco.ingest import FIELDS, SheetTable, guess_mapping, read_sheet
from tupsalco.ingest.sheet import missing_fields
from tupsalco.project import Project
from tupsalco.records import Viewer

HIDDEN = "(masquée : un nom)"


def _table(name: str, data: bytes) -> SheetTable:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        return read_sheet(path)


def _new_sheet(digest: str) -> None:
    """A new file: the last one's mapping and corrections do not apply to it."""
    if st.session_state.get("participants_digest") == digest:
        return
    for k in [k for k in st.session_state if str(k).startswith("participants_map_")]:
        del st.session_state[k]
    st.session_state["participants_digest"] = digest
    st.session_state["participants_fixes"] = {}
    st.session_state["participants_round"] = 0
    st.session_state.pop("participants_name_loss", None)


def participants_panel(p: Project, me: Viewer) -> None:
    if done := st.session_state.pop("participants_done", None):
        st.success(done)
    upload = st.file_uploader("Feuille des participant·e·s (.csv ou .xlsx)", type=["csv", "xlsx"],
                              key="participants_upload")
    if upload is None:
        st.caption("Une ligne par participant·e : identifiant, prénom, nom, profession, sexe, "
                   "tranche d'âge ou âge exact, lieu d'exercice, site, réseau, fonction. Les "
                   "colonnes peuvent porter les noms de votre équipe : vous direz laquelle est "
                   "laquelle. Les noms ne vont que dans la clé chiffrée.")
        return
    data = upload.getvalue()
    _new_sheet(hashlib.sha256(data).hexdigest())
    try:
        table = _table(upload.name, data)
    except TupsalcoError as exc:
        st.error(str(exc))
        return
    mapping = _mapping_step(table)
    if mapping is None:
        return
    fixes: dict[tuple[int, str], str] = st.session_state["participants_fixes"]
    try:
        check = p.check_participants(table, mapping, fixes)
    except TupsalcoError as exc:
        st.error(str(exc))
        return
    for note in check.notices:
        st.info(note)
    if check.problems:
        _corrections_step(check)
        return
    _load_step(p, me, check)


def _mapping_step(table: SheetTable) -> dict[str, int] | None:
    st.markdown("**Colonnes.** Dites quelle colonne de la feuille tient chaque champ "
                "(deviné d'après les en-têtes).")
    guess = guess_mapping(table)
    for note in guess.notices:
        st.info(note)
    options: list[int | None] = [None, *range(len(table.columns))]
    mapping: dict[str, int] = {}
    cols = st.columns(5)
    for i, (name, label) in enumerate(FIELDS.items()):
        chosen = cols[i % 5].selectbox(
            label[0].upper() + label[1:], options, index=options.index(guess.mapping.get(name)),
            format_func=lambda c: "— aucune —" if c is None else table.label(c),
            key=f"participants_map_{name}")
        if chosen is not None:
            mapping[name] = chosen
    taken = [c for c in mapping.values()]
    twice = sorted({table.label(c) for c in taken if taken.count(c) > 1})
    if twice:
        st.error("Une colonne ne tient qu'un champ : " + ", ".join(twice) + " est choisie "
                 "deux fois.")
        return None
    if missing := missing_fields(mapping):
        st.warning("Choisissez la colonne de : " + ", ".join(FIELDS[f] for f in missing) + ".")
        return None
    return mapping


def _corrections_step(check) -> None:  # noqa: ANN001
    st.warning(f"{len(check.problems)} valeur(s) hors du vocabulaire du projet : corrigez-les "
               "toutes ci-dessous (une suggestion est proposée quand une valeur connue est "
               "proche), puis appliquez. Rien n'est chargé tant qu'il en reste.")
    frame = pd.DataFrame([{
        "ligne": pr.row, "colonne": pr.column,
        "valeur": HIDDEN if pr.hidden else pr.value, "problème": pr.why,
        "correction": pr.suggestion} for pr in check.problems])
    round_ = st.session_state.get("participants_round", 0)
    edited = st.data_editor(frame, hide_index=True, width="stretch",
                            disabled=["ligne", "colonne", "valeur", "problème"],
                            key=f"participants_fix_table_{round_}")
    left, right = st.columns(2)
    fixes = st.session_state["participants_fixes"]
    if left.button("Appliquer les corrections", key="participants_apply", type="primary"):
        for pr, value in zip(check.problems, edited["correction"], strict=True):
            if isinstance(value, str) and value.strip():
                fixes[(pr.row, pr.field)] = value.strip()
        st.session_state["participants_round"] = round_ + 1
        st.rerun()
    if right.button("Accepter toutes les suggestions", key="participants_accept"):
        fixes.update(check.suggestions)
        st.session_state["participants_round"] = round_ + 1
        st.rerun()


def _load_step(p: Project, me: Viewer, check) -> None:  # noqa: ANN001
    st.success(f"{len(check.participants)} participant·e·s prêt·e·s à charger.")
    st.dataframe(pd.DataFrame([{
        "participant": q.id, "profession": q.profession, "sexe": q.sex,
        "tranche d'âge": q.age_band, "lieu d'exercice": q.setting, "site": q.site,
        "réseau": q.network, "fonction": q.function} for q in check.participants]),
        hide_index=True, key="participants_preview")
    secret = st.text_input("Phrase de passe de la clé", type="password",
                           key="participants_passphrase")
    confirm = False
    if loss := st.session_state.get("participants_name_loss"):
        st.warning(loss)
        confirm = st.checkbox("Je confirme : ces noms sortent de la clé",
                              key="participants_confirm")
    if st.button("Charger la feuille", key="participants_import", disabled=not secret):
        try:
            n = p.import_participants(me, check, secret, confirm_name_loss=confirm)
        except NameLossError as exc:
            st.session_state["participants_name_loss"] = str(exc)
            st.rerun()
        except TupsalcoError as exc:
            st.error(str(exc))
            return
        st.cache_data.clear()
        st.session_state.pop("participants_name_loss", None)
        st.session_state["participants_done"] = f"{n} participant·e·s chargé·e·s."
        st.rerun()
