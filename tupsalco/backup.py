"""Backup and restore of a whole project: its database, its encrypted key, its recordings.

A backup is one ``.tar.gz`` archive (written 0600: it holds health data):

- ``database.sqlite``: every table of the working database, copied in one snapshot of it
  (coders may go on working meanwhile) into a SQLite file, whatever the project's backend:
  the portable form, restored into SQLite or PostgreSQL alike; id counters come along;
- ``key.vault``: the pseudonym key file as it is on disk, **still encrypted**: a backup is
  never a way round the passphrase;
- ``media/``: the recordings attached to documents;
- ``manifest.json``: the schema revision and, per table, its rows and checksum.

A restore checks the archive against its manifest, copies the tables into a new, empty
database, compares every table's rows and checksum with the archive, puts the key file where
this machine keeps keys, and is signed by one of the restored project's admins. All or
nothing: whatever fails, the new folder and key file are taken back.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from .errors import ProjectError, StorageError, TupsalcoError, VaultError
from .records import AccountRole, Viewer

FORMAT = "tupsalco-backup"
VERSION = 1
DUMP, KEY, MANIFEST, MEDIA = "database.sqlite", "key.vault", "manifest.json", "media"


@dataclass(frozen=True, slots=True)
class TableCheck:
    """One table: rows and checksum in the archive, and where it went (or came from)."""

    table: str
    rows: int
    checksum: str
    rows_other: int
    checksum_other: str

    @property
    def same(self) -> bool:
        return (self.rows, self.checksum) == (self.rows_other, self.checksum_other)


@dataclass(frozen=True, slots=True)
class BackupReport:
    archive: Path
    schema: str
    tables: tuple[TableCheck, ...]
    media: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _revision(db: object) -> str:
    with db.engine.connect() as conn:  # type: ignore[attr-defined]
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""


def backup_project(project: object, viewer: Viewer, out: Path) -> BackupReport:
    """Write ``out`` (a new ``.tar.gz``): the database in one snapshot, the encrypted key
    and the recordings (an admin); the backup is audited in the project."""
    from .accounts import require
    from .store import Database
    from .store.commands import RecordBackup
    from .store.transfer import copy_database

    require(viewer, AccountRole.ADMIN)
    out = Path(out)
    if out.exists():
        raise ProjectError(f"{out} : ce fichier existe déjà ; choisissez un autre nom.")
    key_file = Path(project.vault_path)  # type: ignore[attr-defined]
    if not key_file.is_file():
        raise VaultError(f"{key_file} : le fichier de clé est introuvable ; une sauvegarde "
                         "sans lui ne pourrait jamais être relue. Remettez-le à sa place.")
    with tempfile.TemporaryDirectory(prefix="tupsalco-backup-") as tmp:
        dump = Database.sqlite(Path(tmp) / DUMP)
        dump.migrate()
        copied = copy_database(project.db, dump)  # type: ignore[attr-defined]
        schema = _revision(dump)
        dump.dispose()
        if not all(t.same for t in copied):
            raise StorageError("La copie de la sauvegarde diffère de la base de données ; "
                               "rien n'a été écrit. Relancez la sauvegarde.")
        media = sorted((Path(project.folder) / MEDIA).glob("*"))  # type: ignore[attr-defined]
        manifest = {
            "format": FORMAT, "version": VERSION, "project_id": project.id,  # type: ignore[attr-defined]
            "schema": schema, "source": project.db.engine.dialect.name,  # type: ignore[attr-defined]
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "tables": {t.table: {"rows": t.rows_target, "sha256": t.checksum_target}
                       for t in copied},
            "key_sha256": _sha256(key_file),
            "media": {m.name: _sha256(m) for m in media if m.is_file()},
        }
        (Path(tmp) / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        partial = out.with_name(out.name + ".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(Path(tmp) / MANIFEST, MANIFEST)
                tar.add(Path(tmp) / DUMP, DUMP)
                tar.add(key_file, KEY)  # the encrypted bytes, as they are
                for m in media:
                    if m.is_file():
                        tar.add(m, f"{MEDIA}/{m.name}")
            partial.replace(out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    rows = sum(t.rows_target for t in copied)
    project.execute(viewer, RecordBackup(len(copied), rows,  # type: ignore[attr-defined]
                                         len(manifest["media"])))
    checks = tuple(TableCheck(t.table, t.rows_target, t.checksum_target, t.rows_source,
                              t.checksum_source) for t in copied)
    return BackupReport(out, schema, checks, len(manifest["media"]))


def _read_archive(archive: Path, into: Path) -> dict:
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            names = tar.getnames()
            allowed = {MANIFEST, DUMP, KEY}
            for name in names:
                if name not in allowed and not (name.startswith(f"{MEDIA}/")
                                                and "/" not in name[len(MEDIA) + 1:]
                                                and ".." not in name):
                    raise ProjectError(f"{archive} : ce n'est pas une sauvegarde tupsalco "
                                       "(membre inattendu).")
            tar.extractall(into, filter="data")
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, EOFError, tarfile.TarError, ValueError, KeyError):
        raise ProjectError(f"{archive} : ce n'est pas une sauvegarde tupsalco lisible.") \
            from None
    if manifest.get("format") != FORMAT or not (into / DUMP).is_file() \
            or not (into / KEY).is_file():
        raise ProjectError(f"{archive} : ce n'est pas une sauvegarde tupsalco (manifeste, "
                           "base de données ou clé absents).")
    if _sha256(into / KEY) != manifest["key_sha256"]:
        raise VaultError(f"{archive} : le fichier de clé de l'archive a été modifié ou "
                         "endommagé ; prenez une autre sauvegarde.")
    for name, digest in manifest.get("media", {}).items():
        if _sha256(into / MEDIA / name) != digest:
            raise ProjectError(f"{archive} : un enregistrement de l'archive a été modifié "
                               "ou endommagé ; prenez une autre sauvegarde.")
    return manifest


def restore_project(archive: Path, folder: Path, username: str, password: str, *,
                    database_url: str | None = None,
                    vault_path: Path | None = None) -> tuple[object, tuple[TableCheck, ...]]:
    """A new project folder from ``archive``: its database (a SQLite file, or the empty
    PostgreSQL database at ``database_url``), every table compared with the archive, the
    key file at ``vault_path`` (default: this machine's key folder), signed by ``username``,
    an admin of the restored project. Returns the opened project and the comparison."""
    from .accounts import admin_in, authenticate, require
    from .project import Project, tupsalco_home
    from .store import Database
    from .store.commands import RecordRestore
    from .store.location import DB_NAME, URL_FILE, is_project, new_database
    from .store.models import Base
    from .store.transfer import checksum, copy_database

    folder = Path(folder)
    if is_project(folder):
        raise ProjectError(f"{folder} : un projet existe déjà ici ; restaurez dans un "
                           "nouveau dossier.")
    with tempfile.TemporaryDirectory(prefix="tupsalco-restore-") as tmp:
        manifest = _read_archive(Path(archive), Path(tmp))
        vault_path = Path(vault_path or tupsalco_home() / "vaults"
                          / f"{manifest['project_id']}.vault")
        if vault_path.exists():
            raise ProjectError(f"{vault_path} : un fichier de clé existe déjà ici ; "
                               "choisissez un autre chemin (--vault).")
        dump = Database.sqlite(Path(tmp) / DUMP)
        try:
            tables = {t.name: t for t in Base.metadata.sorted_tables}
            if _revision(dump) == manifest["schema"]:  # the archive is what was written
                for name, want in manifest["tables"].items():
                    if name in tables and checksum(dump, tables[name]) != (
                            want["rows"], want["sha256"]):
                        raise StorageError(f"{archive} : la table {name} diffère du "
                                           "manifeste de l'archive ; elle a été modifiée ou "
                                           "endommagée.")
            dump.migrate()  # an older backup comes to the current schema
            admin_in(dump, username, password)  # before anything is written
        finally:
            dump.dispose()
        dump = Database.sqlite(Path(tmp) / DUMP)
        made_folder = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        db = None
        project = None
        try:
            db = new_database(folder, database_url)
            db.migrate()
            copied = copy_database(dump, db)
            if not all(t.same for t in copied):
                raise StorageError("La base restaurée diffère de l'archive ; ne "
                                   "l'utilisez pas.")
            vault_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(vault_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write((Path(tmp) / KEY).read_bytes())
            if manifest.get("media"):
                (folder / MEDIA).mkdir(exist_ok=True)
                for name in manifest["media"]:
                    shutil.copyfile(Path(tmp) / MEDIA / name, folder / MEDIA / name)
            db.dispose()
            db = None
            project = Project.open(folder)
            viewer = authenticate(project, username, password)
            require(viewer, AccountRole.ADMIN)
            project.execute(viewer, RecordRestore(
                str(vault_path), len(copied), sum(t.rows_target for t in copied),
                len(manifest.get("media", {}))))
            project.vault_path = vault_path
        except BaseException as exc:
            if project is not None:
                project.close()
            if db is not None:
                db.dispose()
            if vault_path.exists() and not isinstance(exc, FileExistsError):
                vault_path.unlink()
            for name in (DB_NAME, URL_FILE):
                (folder / name).unlink(missing_ok=True)
            shutil.rmtree(folder / MEDIA, ignore_errors=True)
            if made_folder:
                shutil.rmtree(folder, ignore_errors=True)
            if isinstance(exc, OSError):
                raise TupsalcoError(f"{folder} : le projet ne peut pas être restauré "
                                    f"({exc.strerror or type(exc).__name__}) ; rien n'a été "
                                    "laissé sur le disque.") from None
            raise
        finally:
            dump.dispose()
    checks = tuple(TableCheck(t.table, t.rows_source, t.checksum_source, t.rows_target,
                              t.checksum_target) for t in copied)
    return project, checks
