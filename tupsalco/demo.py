"""The embedded demo project, built from the fictional corpus in ``corpus/`` on first use."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .errors import ProjectError
from .ingest import SUPPORTED_SUFFIXES
from .project import DB_NAME, Progress, Project
from .records import AccountRole, Viewer

DEMO_PASSPHRASE = "tupsalco-demo"  # the demo corpus is fictional; real projects ask for one
# one account per role, passwords printed in the README: the demo holds no real data
DEMO_ACCOUNTS = {
    "admin": ("admin", "demo-admin"),
    "codeur": ("coder", "demo-codeur"),
    "comite": ("committee", "demo-comite"),
    "auteur": ("author", "demo-auteur"),
}
REPO = Path(__file__).resolve().parents[1]
_BUILD_LOCK = threading.Lock()  # two browser sessions opening the app at once build it once


def corpus_dir() -> Path:
    return Path(os.environ.get("TUPSALCO_CORPUS", REPO / "corpus"))


def demo_dir() -> Path:
    return Path(os.environ.get("TUPSALCO_DEMO_DIR", REPO / ".demo"))


def corpus_files(corpus: Path | None = None) -> list[Path]:
    corpus = corpus or corpus_dir()
    return sorted(
        p for sub in ("interviews", "observations") for p in (corpus / sub).glob("*")
        if p.suffix.lower() in SUPPORTED_SUFFIXES
    )


def demo_is_built(folder: Path | None = None) -> bool:
    folder = folder or demo_dir()
    if not (folder / "project" / DB_NAME).exists():
        return False
    from .coding import codebook

    project = Project.open(folder / "project")
    try:
        from .accounts import accounts

        return (len(project.documents()) >= len(corpus_files())
                and bool(codebook(project).codes)
                and {a.username for a in accounts(project)} >= set(DEMO_ACCOUNTS))
    finally:
        project.close()


def build_demo(folder: Path | None = None, progress: Progress | None = None) -> Project:
    """Create (or finish building) the demo project; later calls just open it."""
    with _BUILD_LOCK:
        return _build(folder or demo_dir(), progress)


ADMIN = Viewer("admin", AccountRole.ADMIN)  # the demo's admin signs its construction


def _build(folder: Path, progress: Progress | None) -> Project:
    corpus = corpus_dir()
    files = corpus_files(corpus)
    if not files:
        raise ProjectError(f"{corpus} : aucun corpus de démonstration (dossiers "
                           "interviews/ et observations/ attendus) ; lancez la commande depuis "
                           "un clone du dépôt.")
    if (folder / "project" / DB_NAME).exists():
        project = Project.open(folder / "project")
    else:
        project = Project.create(folder / "project", DEMO_PASSPHRASE, name="Démo Tupsalco",
                                 vault_path=folder / "keys" / "pseudonyms.vault",
                                 admin=(ADMIN.username, DEMO_ACCOUNTS["admin"][1]))
    if len(project.participants()) == 0:
        project.import_participants(ADMIN, corpus / "participants.csv", DEMO_PASSPHRASE)
    if len(project.documents()) < len(files):
        project.import_files(ADMIN, files, DEMO_PASSPHRASE, progress=progress)
    _code_demo(project, corpus)
    _accounts_demo(project)
    return project


def _accounts_demo(project: Project) -> None:
    from .accounts import accounts, create_account

    existing = {a.username for a in accounts(project)}
    for username, (role, password) in DEMO_ACCOUNTS.items():
        if username not in existing:
            create_account(project, ADMIN, username, password, role)
    # the published note writes the 46-65 band as 45-65
    if not project.band_labels:
        project.set_band_labels(ADMIN, {"46-65": "45-65"})


def _code_demo(project: Project, corpus: Path) -> None:
    """The study's codebook, and the corpus authors' reference codings (two coders)."""
    from .codebook import load_codebook
    from .coding import codebook, codings, import_codebook, import_reference_codings

    if not codebook(project).codes:
        import_codebook(project, ADMIN, load_codebook(REPO / "codebooks" / "tupsalco.yaml"))
    reference = corpus / "codings.jsonl"
    if reference.exists() and not codings(project, ADMIN):
        import_reference_codings(project, ADMIN, reference)
