"""Participants and their documents: assign a transcript, attach its recording, the project's
vocabulary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import TupsalcoError
from . import ProjectArg, UserOpt, app, fail, signed_in


@app.command()
def assign(
    project: ProjectArg,
    document_id: Annotated[int, typer.Argument(help="The document's id (tupsalco documents).")],
    participant_id: Annotated[str, typer.Argument(help="The participant's id (PAT01...), or "
                                                  "'none' to leave it unassigned.")],
    user: UserOpt,
) -> None:
    """Link a transcript to its participant (one whose file name named none)."""
    try:
        p, viewer = signed_in(project, user)
        pid = None if participant_id.lower() == "none" else participant_id
        p.assign(viewer, document_id, pid)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"document {document_id} " + (f"attribué à {pid}" if pid else "non attribué"))


@app.command()
def attach(
    project: ProjectArg,
    document_id: Annotated[int, typer.Argument(help="The document's id (tupsalco documents).")],
    file: Annotated[Path, typer.Argument(help="Its recording: audio or video (.wav, .mp3, "
                                         ".m4a, .ogg, .flac, .mp4, .webm...).")],
    user: UserOpt,
) -> None:
    """Attach the recording of a transcript: copied into the project folder under media/
    (never into the database), played from a turn's time on the Lecture and Coder pages."""
    from ..media import attach_media

    try:
        p, viewer = signed_in(project, user)
        media = attach_media(p, viewer, document_id, file)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"enregistrement joint au document {document_id} : {media.path}")


@app.command()
def vocabulary(
    project: ProjectArg,
    user: UserOpt,
    profession: Annotated[list[str] | None, typer.Option(
        help="A profession the project adds to the study's (repeat it; replaces the "
             "project's list).")] = None,
    setting: Annotated[list[str] | None, typer.Option(
        help="A setting (lieu d'exercice) the project adds (repeat it; replaces the "
             "project's list).")] = None,
) -> None:
    """Show, or extend (an admin), the vocabulary participants sheets are checked against."""
    try:
        p, viewer = signed_in(project, user)
        if profession is not None or setting is not None:
            p.set_vocabulary(viewer, professions=profession, settings=setting)
        words = p.vocabulary
    except TupsalcoError as exc:
        fail(exc)
    typer.echo("professions :       " + ", ".join(words.all_professions))
    typer.echo("lieux d'exercice : " + ", ".join(words.all_settings))
