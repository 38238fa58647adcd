"""Listening to a transcript's recording from a turn's time (Lecture and Coder pages)."""

from __future__ import annotations

import streamlit as st

from tupsalco.errors import TupsalcoError
from tupsalco.media import MIME, media_file, start_time
from tupsalco.project import Project
from tupsalco.records import AccountRole, Document, Viewer


def player(project: Project, viewer: Viewer, document: Document,
           turn_index: int | None) -> None:
    """The recording, ready at ``turn_index``'s time; the library decides who may hear it
    (researchers: a recording is not pseudonymised)."""
    if document.media is None:
        return
    if viewer.role not in (AccountRole.ADMIN, AccountRole.CODER):
        st.caption("Ce document a un enregistrement ; il n'est pas pseudonymisé et reste "
                   "réservé à l'équipe de recherche.")
        return
    try:
        path = media_file(project, viewer, document)
    except TupsalcoError as exc:
        st.warning(str(exc))
        return
    start = start_time(document, turn_index)
    suffix = document.media.path.rsplit(".", 1)[-1]
    show = st.video if document.media.kind == "video" else st.audio
    show(path, format=MIME.get(suffix, "audio/wav"), start_time=start)
    minutes, seconds = divmod(start, 60)
    st.caption(f"Lecture à partir de {minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d}"
               + (f" (tour {turn_index + 1})." if turn_index is not None else "."))
