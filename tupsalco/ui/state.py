"""Shared resources of the Streamlit pages: the open project, cached reads."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from ..demo import build_demo, demo_dir, demo_is_built
from ..project import Project
from ..query import ROLE_NAMES
from ..records import Document, DocumentSummary


def project_folder() -> Path:
    """``$TUPSALCO_PROJECT`` if set, else the embedded demo project."""
    env = os.environ.get("TUPSALCO_PROJECT")
    return Path(env) if env else demo_dir() / "project"


def ensure_project() -> None:
    """Build the demo project on first start, one progress step per document."""
    if os.environ.get("TUPSALCO_PROJECT") or demo_is_built():
        return
    with st.status("Construction du projet de démonstration à partir de corpus/…",
                   expanded=True) as status:
        st.write("Chargement du modèle français et pseudonymisation de chaque document.")
        bar = st.progress(0.0, text="Préparation…")

        def step(i: int, n: int, name: str) -> None:
            bar.progress(min(i / max(n, 1), 1.0),
                         text=f"{i}/{n} {name}" if name else f"{n}/{n} documents importés")

        build_demo(progress=step).close()
        status.update(label="Projet de démonstration prêt", state="complete", expanded=False)
    open_project.clear()
    load_documents.clear()


@st.cache_resource
def open_project(folder: str) -> Project:
    return Project.open(Path(folder))


def project() -> Project:
    return open_project(str(project_folder()))


@st.cache_data(show_spinner=False)
def load_documents(folder: str) -> list[DocumentSummary]:
    return open_project(folder).documents()


@st.cache_data(show_spinner=False)
def load_document(folder: str, document_id: int) -> Document:
    return open_project(folder).document(document_id)


ROLE_STYLE = {
    "interviewer": ("#5b6770", "#f3f4f6"),
    "participant": ("#1d4e89", "#eaf2fb"),
    "third": ("#7a4b00", "#fff4e0"),
    "note": ("#2f5d3a", "#eef7ef"),
}
__all__ = ["ROLE_NAMES", "ROLE_STYLE", "ensure_project", "load_document", "load_documents",
           "project", "project_folder"]
