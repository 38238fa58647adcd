"""Documents: every transcript and note with its participant's attributes, filterable."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tupsalco.errors import TupsalcoError
from tupsalco.ingest import SUPPORTED_SUFFIXES
from tupsalco.media import SUFFIXES as MEDIA_SUFFIXES
from tupsalco.media import attach_media
from tupsalco.progress import Eta, french_duration
from tupsalco.query import DocumentFilter, document_table, filter_documents, filter_options
from tupsalco.records import AccountRole, DocumentKind
from tupsalco.refi import import_qdpx
from tupsalco.ui.participants_sheet import participants_panel
from tupsalco.ui.state import act, allow, load_documents, project, project_folder, show_flash

UPLOADS = sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES)
RESULTS = {"imported": "importé", "unchanged": "déjà là", "failed": "refusé"}

st.title("Documents")
me = allow(AccountRole.ADMIN, AccountRole.CODER)
p = project()
folder = str(project_folder())
docs = load_documents(folder)
options = filter_options(docs)
show_flash("documents_flash")
unassigned = [d for d in docs if d.kind is DocumentKind.INTERVIEW and d.participant is None]
if unassigned:
    st.warning(f"{len(unassigned)} entretien(s) non attribué(s) : leur nom de fichier ne "
               "désignait aucun·e participant·e. Attribuez-les ci-dessous (« Attribuer un "
               "entretien »).")

cols = st.columns(6)
kinds = cols[0].multiselect("Type", ["entretien", "observation", "texte"], placeholder="Choisir",
                            select_all=False, key="documents_kind")
professions = cols[1].multiselect("Profession", options["professions"],
                                  placeholder="Choisir", select_all=False,
                                  key="documents_profession")
settings = cols[2].multiselect("Lieu d'exercice", options["settings"], placeholder="Choisir",
                               select_all=False, key="documents_setting")
bands = cols[3].multiselect("Tranche d'âge", options["age_bands"], placeholder="Choisir",
                            select_all=False, key="documents_age_band")
sexes = cols[4].multiselect("Sexe", options["sexes"], placeholder="Choisir",
                            select_all=False, key="documents_sex")
sites = cols[5].multiselect("Site", options["sites"], placeholder="Choisir",
                            select_all=False, key="documents_site")

flt = DocumentFilter(
    kinds=frozenset({"entretien": DocumentKind.INTERVIEW,
                     "observation": DocumentKind.OBSERVATION,
                     "texte": DocumentKind.TEXT}[k] for k in kinds),
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

with st.expander("Attribuer un entretien", expanded=bool(unassigned)):
    interviews = sorted((d for d in docs if d.kind is DocumentKind.INTERVIEW),
                        key=lambda d: (d.participant is not None, d.name))
    people = [q.id for q in p.participants()]
    if not interviews or not people:
        st.caption("Il faut des entretiens et une feuille des participant·e·s.")
    else:
        labels = {d.id: f"{d.name} — " + (d.participant.id if d.participant else "non attribué")
                  for d in interviews}
        left, middle, right = st.columns([3, 2, 1], vertical_alignment="bottom")
        target = left.selectbox("Entretien", list(labels), format_func=labels.get,
                                key="documents_assign_doc")
        who = middle.selectbox("Participant·e", people, key="documents_assign_participant")
        if right.button("Attribuer", key="documents_assign", width="stretch"):
            name = labels[target].split(" — ")[0].replace("{", "{{").replace("}", "}}")
            act(lambda: p.assign(me, target, who), f"{name} attribué à {who}.",
                "documents_flash")

with st.expander("Joindre un enregistrement"):
    st.caption("L'enregistrement audio ou vidéo d'un entretien horodaté se lit alors depuis "
               "chaque tour (pages Lecture et Coder). Il est copié dans le dossier du projet "
               "(media/), jamais dans la base ; il n'est pas pseudonymisé et reste réservé à "
               "l'équipe de recherche.")
    if docs:
        names = {d.id: d.name + (" (enregistrement joint)" if d.has_media else "") for d in docs}
        target = st.selectbox("Document", list(names), format_func=names.get,
                              key="documents_media_doc")
        recording = st.file_uploader("Enregistrement", type=sorted(MEDIA_SUFFIXES),
                                     key="documents_media_file")
        if st.button("Joindre", key="documents_attach", disabled=recording is None):
            def attach() -> str:  # read in memory: a crash leaves no copy of the upload
                return attach_media(p, me, target, Path(Path(recording.name).name),
                                    recording.getvalue()).path
            act(attach, "Enregistrement joint.", "documents_flash")

with st.expander("Feuille des participant·e·s"):
    participants_panel(p, me)

with st.expander("Importer des entretiens, des notes ou un projet REFI-QDA"):
    st.caption("Word (.docx), OpenDocument (.odt), texte (.txt), PDF, Transcriber (.trs), "
               "CHAT (.cha), ELAN (.eaf) ou sous-titres (.vtt, .srt) nommés d'après le "
               "participant (PAT01.docx ; sans identifiant, un entretien arrive non "
               "attribué), ou un projet .qdpx de NVivo, ATLAS.ti, MAXQDA, QualCoder : tout est "
               "pseudonymisé à l'entrée, les codages du projet suivent leur texte.")
    uploads = st.file_uploader("Fichiers", type=[*UPLOADS, "qdpx", "qde"],
                               accept_multiple_files=True, key="documents_upload")
    passphrase = st.text_input("Phrase de passe de la clé", type="password",
                               key="documents_passphrase")
    if st.button("Importer", key="documents_import", disabled=not uploads or not passphrase):
        bar = st.progress(0.0, text="Chargement du modèle français…")
        eta = Eta()

        def step(i: int, n: int, name: str) -> None:
            left = french_duration(eta.remaining(i, n))
            bar.progress(min(i / max(n, 1), 1.0),
                         text=f"{i}/{n} {name}" + (f" — {left} restantes" if left else ""))

        rows, left_out, n_codings = [], [], 0
        try:
            files: list[tuple[str, bytes]] = []  # read in memory: no copy on the disk
            for upload in uploads:
                if upload.name.lower().endswith((".qdpx", ".qde")):
                    done = import_qdpx(p, upload.getvalue(), upload.name, passphrase, me,
                                       progress=step)
                    rows += done.documents
                    left_out += [*done.warnings, *done.left_out]
                    n_codings += done.codings
                else:
                    files.append((Path(upload.name).name, upload.getvalue()))
            if files:
                rows += p.import_files(me, files, passphrase, progress=step)
        except TupsalcoError as exc:
            st.error(str(exc))
        else:
            st.cache_data.clear()
            n_docs = sum(r.status == "imported" for r in rows)
            st.session_state["documents_imported"] = (
                f"{n_docs} document(s) importé(s) avec {n_codings} codage(s).",
                [{"document": r.name, "résultat": RESULTS.get(r.status, r.status),
                  "erreur": r.error or "", "remarque": r.notice or ""}
                 for r in rows], left_out)
            st.rerun()
    if imported := st.session_state.get("documents_imported"):
        summary, table, left = imported
        st.success(summary)
        st.dataframe(table, hide_index=True, key="documents_import_table")
        for why in left:
            st.warning(why)
