"""Where a project's working database lives: a SQLite file in the project folder (one
researcher), or a PostgreSQL server named by a URL (a team).

The URL comes from ``$TUPSALCO_DATABASE_URL``, else from the folder's ``database.url`` file
(written 0600 when the project is created; it should name no password: the server's own
means, ``~/.pgpass`` or ``$PGPASSWORD``, give it). Without either, ``tupsalco.db`` in the
folder."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ..errors import ProjectError
from .database import Database

DB_NAME = "tupsalco.db"
URL_FILE = "database.url"
ENV = "TUPSALCO_DATABASE_URL"


def _normalise(url: str, where: str | None = None) -> str:
    """``postgresql://`` goes through psycopg 3, the driver the workbench installs. ``where``
    names the URL's source (the variable, the file) for the message; the URL itself is never
    quoted, since it may hold a password."""
    head = f"{where} : l'adresse" if where else "L'adresse"
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise ProjectError(f"{head} de la base de données ne se lit pas ; écrivez-la sous la "
                           "forme postgresql://utilisateur@serveur:5432/base.") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if not parsed.drivername.startswith(("postgresql", "sqlite")):
        raise ProjectError(f"{head} de la base de données désigne « {parsed.drivername} », "
                           "qui n'est pas pris en charge ; donnez une adresse PostgreSQL "
                           "(postgresql://…) ou SQLite (sqlite:///…).")
    return parsed.render_as_string(hide_password=False)


def database_url(folder: Path) -> str | None:
    """The server URL this project folder uses, or None for its SQLite file."""
    if os.environ.get(ENV):
        return _normalise(os.environ[ENV], f"${ENV}")
    file = Path(folder) / URL_FILE
    if file.exists():
        return _normalise(file.read_text(encoding="utf-8"), str(file))
    return None


def is_project(folder: Path) -> bool:
    folder = Path(folder)
    return (folder / DB_NAME).exists() or (folder / URL_FILE).exists()


def open_database(folder: Path) -> Database:
    url = database_url(folder)
    return Database(url) if url else Database.sqlite(Path(folder) / DB_NAME)


def new_database(folder: Path, url: str | None = None) -> Database:
    """The database of a new project: the server at ``url`` (kept in the folder, 0600), or
    a SQLite file created readable by its owner only."""
    folder = Path(folder)
    url = _normalise(url) if url else database_url(folder)
    if url:
        file = folder / URL_FILE
        file.touch(mode=0o600)
        file.write_text(url + "\n", encoding="utf-8")
        return Database(url)
    path = folder / DB_NAME
    path.touch(mode=0o600)  # health data: not world-readable, like the key
    return Database.sqlite(path)
