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
    document_id: Annotated[int, typer.Argument(help="Le numéro du document (tupsalco "
                                               "documents).")],
    participant_id: Annotated[str, typer.Argument(help="L'identifiant de la personne (PAT01…), "
                                                  "ou 'none' pour le laisser non attribué.")],
    user: UserOpt,
) -> None:
    """Rattacher une transcription à sa ou son participant·e (quand le nom du fichier n'en
    désignait aucun·e)."""
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
    document_id: Annotated[int, typer.Argument(help="Le numéro du document (tupsalco "
                                               "documents).")],
    file: Annotated[Path, typer.Argument(help="Son enregistrement : audio ou vidéo (.wav, "
                                         ".mp3, .m4a, .ogg, .flac, .mp4, .webm…).")],
    user: UserOpt,
) -> None:
    """Joindre l'enregistrement d'une transcription : copié dans le dossier du projet, sous
    media/ (jamais dans la base), et écouté depuis l'heure d'un tour sur les pages Lecture et
    Coder."""
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
        help="Une profession que le projet ajoute à celles de l'étude (à répéter ; remplace "
             "la liste du projet).")] = None,
    setting: Annotated[list[str] | None, typer.Option(
        help="Un lieu d'exercice que le projet ajoute (à répéter ; remplace la liste du "
             "projet).")] = None,
) -> None:
    """Afficher, ou étendre (administration), le vocabulaire auquel les feuilles des
    participant·e·s sont comparées."""
    try:
        p, viewer = signed_in(project, user)
        if profession is not None or setting is not None:
            p.set_vocabulary(viewer, professions=profession, settings=setting)
        words = p.vocabulary
    except TupsalcoError as exc:
        fail(exc)
    typer.echo("professions :       " + ", ".join(words.all_professions))
    typer.echo("lieux d'exercice : " + ", ".join(words.all_settings))
