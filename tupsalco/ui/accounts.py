"""Comptes: an admin manages accounts and roles, blind coding and how age bands are written."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tupsalco import accounts
from tupsalco.records import AccountRole
from tupsalco.ui.state import ROLE_LABELS, allow, project, show_flash
from tupsalco.ui.state import act as run_action

st.title("Comptes et réglages")
me = allow(AccountRole.ADMIN)
p = project()

show_flash("accounts_flash")


def act(fn, done: str) -> None:  # noqa: ANN001
    run_action(fn, done, "accounts_flash")


rows = accounts.accounts(p)
st.dataframe(pd.DataFrame([{"compte": a.username, "rôle": ROLE_LABELS[a.role],
                            "actif": "oui" if a.active else "non"} for a in rows]),
             hide_index=True, key="accounts_table")
roles = list(AccountRole)

with st.form("accounts_new"):
    st.subheader("Nouveau compte")
    c1, c2, c3 = st.columns(3)
    name = c1.text_input("Nom d'utilisateur", key="accounts_new_name")
    password = c2.text_input("Mot de passe", type="password", key="accounts_new_password")
    role = c3.selectbox("Rôle", roles, index=roles.index(AccountRole.CODER),  # the least power
                        format_func=ROLE_LABELS.get, key="accounts_new_role")
    if st.form_submit_button("Créer"):
        act(lambda: accounts.create_account(p, me, name, password, role),
            f"Compte {name} créé.")

st.subheader("Modifier un compte")
names = [a.username for a in rows]
target = st.selectbox("Compte", names, key="accounts_target")
current = next(a for a in rows if a.username == target)
c1, c2, c3 = st.columns(3)
new_role = c1.selectbox("Rôle", roles, index=roles.index(current.role),
                        format_func=ROLE_LABELS.get, key="accounts_role")
if c1.button("Changer le rôle", key="accounts_set_role"):
    act(lambda: accounts.set_role(p, me, target, new_role),
        f"{target} : rôle {ROLE_LABELS[new_role]}.")
if c2.button("Désactiver" if current.active else "Réactiver", key="accounts_toggle"):
    act(lambda: accounts.set_active(p, me, target, not current.active),
        f"{target} : {'désactivé' if current.active else 'réactivé'}.")
new_password = c3.text_input("Nouveau mot de passe", type="password", key="accounts_password")
if c3.button("Réinitialiser", key="accounts_reset"):
    act(lambda: accounts.set_password(p, me, target, new_password),
        f"{target} : mot de passe changé.")

st.subheader("Réglages du projet")
blind = st.toggle("Codage en aveugle (chaque codeur·se ne voit que ses codages ; la page "
                  "Accord est réservée à l'administration)", value=p.blind, key="accounts_blind")
if blind != p.blind:
    act(lambda: p.set_blind(me, blind),
        "Codage en aveugle " + ("activé." if blind else "levé."))
labels = p.band_labels
written = st.text_input("La tranche 46-65 s'écrit dans les attributions",
                        labels.get("46-65", "46-65"), key="accounts_band")
if written != labels.get("46-65", "46-65"):
    act(lambda: p.set_band_labels(me, {**labels, "46-65": written}),
        f"La tranche 46-65 s'écrit désormais {written}.")

st.markdown("**Vocabulaire de la feuille des participant·e·s.** Celui de l'étude, plus ce que "
            "le projet ajoute (les professions et lieux d'exercice d'une autre étude).")
words = p.vocabulary
st.caption("Professions : " + ", ".join(words.all_professions) + ". Lieux d'exercice : "
           + ", ".join(words.all_settings) + ".")
c1, c2 = st.columns(2)
professions = c1.text_input("Professions ajoutées (séparées par des virgules)",
                            ", ".join(words.professions), key="accounts_professions")
places = c2.text_input("Lieux d'exercice ajoutés (séparés par des virgules)",
                       ", ".join(words.settings), key="accounts_settings")


def _split(text: str) -> list[str]:
    return [w.strip() for w in text.split(",") if w.strip()]


if st.button("Enregistrer le vocabulaire", key="accounts_vocabulary"):
    act(lambda: p.set_vocabulary(me, professions=_split(professions), settings=_split(places)),
        "Vocabulaire du projet enregistré.")
