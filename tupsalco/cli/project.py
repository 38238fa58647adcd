"""Project commands: create, import, list, check the pseudonymiser, the key, the risk."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import TupsalcoError
from . import (
    PassphraseFile,
    ProjectArg,
    UserOpt,
    app,
    fail,
    new_password,
    passphrase,
    progress_bar,
    read,
    signed_in,
)


@app.command()
def init(
    project: ProjectArg,
    user: Annotated[str, typer.Option("--user", "-u", help="The project's first account, an "
                                      "admin (its password asked twice, or "
                                      "$TUPSALCO_NEW_PASSWORD).")],
    name: Annotated[str | None, typer.Option(help="Project name.")] = None,
    vault: Annotated[Path | None, typer.Option(help="Where to keep the encrypted key "
                                               "(default ~/.local/share/tupsalco).")] = None,
    participants: Annotated[Path | None, typer.Option(help="Participants sheet to load.")] = None,
    passphrase_file: PassphraseFile = None,
) -> None:
    """Create a project folder, its encrypted pseudonym key and its first (admin) account."""
    from ..project import Project
    from ..records import AccountRole, Viewer

    try:
        secret = passphrase(passphrase_file, confirm=True)
        p = Project.create(project, secret, name=name, vault_path=vault,
                           admin=(user, new_password(user)))
        if participants:
            n = p.import_participants(Viewer(user.strip().lower(), AccountRole.ADMIN),
                                      participants, secret)
            typer.echo(f"{n} participants loaded")
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"project created in {project}; pseudonym key in {p.vault_path}")


@app.command("import")
def import_(
    project: ProjectArg,
    files: Annotated[list[Path], typer.Argument(help="Transcripts and notes (.docx, .txt).")],
    user: UserOpt,
    participants: Annotated[
        Path | None, typer.Option(help="Participants sheet to load first.")
    ] = None,
    passphrase_file: PassphraseFile = None,
) -> None:
    """Import transcripts and observation notes, pseudonymised at the door."""
    try:
        p, viewer = signed_in(project, user)
        secret = passphrase(passphrase_file)
        if participants:
            p.import_participants(viewer, participants, secret)
        with progress_bar("import") as step:
            results = p.import_files(viewer, files, secret, progress=step)
    except TupsalcoError as exc:
        fail(exc)
    for r in results:
        line = f"{r.status:9} {r.name}"
        if r.status == "imported":
            line += f" ({r.n_entities} identifiers replaced)"
        if r.error:
            line = f"{r.status:9} {r.error}"
        typer.echo(line)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


@app.command()
def documents(project: ProjectArg, user: UserOpt) -> None:
    """List the project's documents with their participant attributes."""
    from ..accounts import require
    from ..query import document_table
    from ..records import AccountRole

    try:
        p, viewer = signed_in(project, user)
        require(viewer, AccountRole.ADMIN, AccountRole.CODER, AccountRole.AUTHOR)
        table = document_table(p.documents())
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(table.to_string(index=False) if len(table) else "no documents")


@app.command()
def pseudonymise(
    files: Annotated[list[Path], typer.Argument(help="Transcripts and notes (.docx, .txt...).")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per file.")] = False,
) -> None:
    """Print the pseudonymised text of files (no project needed), read and pseudonymised
    exactly as the import does."""
    from ..ingest import read_document
    from ..pseudonymise.documents import labelled_text, pseudonymise_documents
    from ..pseudonymise.engine import Pseudonymiser

    try:
        docs = [read_document(f, data=read(f)) for f in files]
        results = pseudonymise_documents(Pseudonymiser(), docs)
    except TupsalcoError as exc:
        fail(exc)
    for path, doc, result in zip(files, docs, results, strict=True):
        if jsonl:
            entities = [{"type": e.type, "start": e.start, "end": e.end,
                         "surrogate": e.surrogate, "doubt": e.doubt} for e in result.entities]
            turns = [{"label": t.label, "start": result.offsets.to_new(t.start),
                      "end": result.offsets.to_new(t.end)} for t in doc.turns]
            sys.stdout.write(json.dumps({"file": str(path), "text": result.text, "turns": turns,
                                         "entities": entities}, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(labelled_text(doc, result) + "\n")


@app.command()
def demo(
    folder: Annotated[Path | None, typer.Option(help="Where to build it (default .demo/).")] = None,
) -> None:
    """Build the demo project from the fictional corpus (reused if already built)."""
    from ..demo import build_demo

    try:
        with progress_bar("demo") as step:
            p = build_demo(folder, progress=step)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"demo project ready in {p.folder}: {len(p.documents())} documents")


@app.command("passphrase")
def change_passphrase(project: ProjectArg, user: UserOpt) -> None:
    """Change the passphrase of the project's pseudonym key (an admin)."""
    from ..accounts import require
    from ..pseudonymise.vault import change_passphrase as change
    from ..records import AccountRole
    from ..store.commands import RecordPassphraseChange

    try:
        p, viewer = signed_in(project, user)
        require(viewer, AccountRole.ADMIN)
        old = typer.prompt("Current passphrase", hide_input=True)
        new = typer.prompt("New passphrase", hide_input=True, confirmation_prompt=True)
        change(p.vault_path, old, new)
        p.execute(viewer, RecordPassphraseChange())
    except TupsalcoError as exc:
        fail(exc)
    typer.echo("passphrase changed")


@app.command()
def reveal(
    project: ProjectArg,
    surrogate: Annotated[str, typer.Argument(help="e.g. '[Personne 3]'")],
    user: UserOpt,
    passphrase_file: PassphraseFile = None,
) -> None:
    """Show the original forms behind one surrogate (audited, without the value)."""
    from ..review import reveal as reveal_forms

    try:
        p, viewer = signed_in(project, user)
        forms = reveal_forms(p, viewer, surrogate, passphrase(passphrase_file))
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(" / ".join(forms))


@app.command()
def rerun(project: ProjectArg, user: UserOpt, passphrase_file: PassphraseFile = None) -> None:
    """Run the pseudonymiser again over the stored texts (surrogates stay)."""
    from ..review import rerun as rerun_pipeline

    try:
        p, viewer = signed_in(project, user)
        n = rerun_pipeline(p, viewer, passphrase(passphrase_file))
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"{n} new identifier(s) replaced")


@app.command()
def risk(
    project: ProjectArg,
    user: UserOpt,
    k: Annotated[int | None, typer.Option(help="Threshold (default: the project's k).")] = None,
) -> None:
    """Attribute combinations that cover fewer than k participants."""
    from ..accounts import require
    from ..records import AccountRole
    from ..review import risky_combinations

    try:
        p, viewer = signed_in(project, user)
        require(viewer, AccountRole.ADMIN, AccountRole.CODER)
        threshold = k or p.k_threshold
        groups = risky_combinations(p.participants(), threshold)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"k = {threshold}: {len(groups)} combination(s)")
    for g in groups:
        typer.echo(f"{g.participants:3}  " + " · ".join(f"{n}={v}" for n, v in g.attributes))
