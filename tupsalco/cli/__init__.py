"""The ``tupsalco`` command line: each command only calls the library.

Every command that opens a project signs in first (``-u NAME``, the password from
``$TUPSALCO_PASSWORD`` or a prompt): what it may read and change is what that account may,
and every change it makes is signed by it. Imports are lazy: ``tupsalco --help`` loads no
model and no database driver."""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ..errors import TupsalcoError

if TYPE_CHECKING:
    from ..progress import Progress
    from ..project import Project
    from ..records import Viewer

app = typer.Typer(help="Atelier Tupsalco : importer, pseudonymiser et explorer des entretiens.",
                  no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode="markdown")

LOADING = "chargement du modèle français…"
# what the import of a file became, as the Documents page says it
STATUS = {"imported": "importé", "unchanged": "déjà là", "failed": "refusé",
          "left out": "laissé de côté"}

ProjectArg = Annotated[Path, typer.Argument(help="Le dossier du projet.")]
PassphraseFile = Annotated[
    Path | None,
    typer.Option("--passphrase-file", help="Fichier contenant la phrase de passe de la clé "
                 "(sinon $TUPSALCO_PASSPHRASE, sinon elle est demandée)."),
]
UserOpt = Annotated[str, typer.Option("--user", "-u", help="Votre compte (son mot de passe "
                                      "dans $TUPSALCO_PASSWORD, sinon il est demandé).")]


def passphrase(path: Path | None, confirm: bool = False) -> str:
    if path is not None:
        return read(path).decode("utf-8").strip()
    if os.environ.get("TUPSALCO_PASSPHRASE"):
        return os.environ["TUPSALCO_PASSPHRASE"]
    return typer.prompt("Phrase de passe de la clé des pseudonymes", hide_input=True,
                        confirmation_prompt=confirm)


def new_password(username: str) -> str:
    return os.environ.get("TUPSALCO_NEW_PASSWORD") or typer.prompt(
        f"Mot de passe de {username}", hide_input=True, confirmation_prompt=True)


def read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        from ..ingest.labels import file_label  # a file's name may be a person's: not quoted

        label = file_label(file.name)
        raise TupsalcoError(f"{label} : le fichier ne se lit pas ({exc.strerror}).",
                            file=label) from None


def fail(exc: TupsalcoError) -> NoReturn:
    typer.secho(f"erreur : {exc}", err=True, fg=typer.colors.RED)
    raise typer.Exit(2)


@contextmanager
def progress_bar(what: str) -> Iterator[Progress]:
    """A bar on the terminal (documents done, the current file, time elapsed and left) that
    a long task updates through the callback given; nothing when stderr is not a terminal."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda done, total, name: None
        return
    with Bar(TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
             TextColumn("reste"), TimeRemainingColumn(), TextColumn("{task.fields[name]}"),
             console=console) as bar:
        task = bar.add_task(what, total=None, name=LOADING)

        def step(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total,
                       name=name if done else LOADING)

        yield step


def signed_in(project: Path, user: str) -> tuple[Project, Viewer]:
    """Open a project as one of its accounts (the only way a command reads a project)."""
    from ..accounts import authenticate
    from ..project import Project

    p = Project.open(project)
    password = os.environ.get("TUPSALCO_PASSWORD") or typer.prompt(
        f"Mot de passe de {user}", hide_input=True)
    return p, authenticate(p, user, password)


@app.callback()
def _main(verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Détailler le déroulement (journal).")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


# the command groups register themselves on ``app``, in the order --help shows them
for _group in ("project", "participants", "analysis", "rounds", "accounts", "exchange"):
    importlib.import_module(f".{_group}", __name__)

__all__ = ["app"]
