"""Participants and their documents: assign a transcript to its participant."""

from __future__ import annotations

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
    typer.echo(f"document {document_id} " + (f"assigned to {pid}" if pid else "unassigned"))
