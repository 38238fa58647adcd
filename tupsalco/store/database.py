"""The working database: engine, migrations, and the one audited write path."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import BusyError, StorageError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    # a server closes idle connections: check one before use rather than fail a change
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            # a rollback journal, not WAL: the app, the CLI and the tests open the same file
            # from several engines and processes, and WAL deleted its shared-memory file under
            # a still-open engine when another one closed ("disk I/O error" on the next read)
            cur.execute("PRAGMA journal_mode=DELETE")
            cur.execute("PRAGMA busy_timeout=10000")
            # a deleted or rewritten row is overwritten, not left in a free page: a name
            # marked as missed must be nowhere in the file afterwards
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest Alembic revision.

    On SQLite, foreign keys are off while migrating: a migration that rebuilds a table drops
    the old one, and with foreign keys on that drop would cascade to the rows referring to
    it. They are checked before the migration commits."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # only outside a transaction
            connection.commit()
        with connection.begin():
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise StorageError("la mise à jour du schéma laisserait des enregistrements "
                                   "renvoyer à des enregistrements absents ; rien n'a été "
                                   "modifié. Gardez une sauvegarde de la base et signalez-le "
                                   "(sans joindre ses données).")
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


# SQLSTATEs of a change that lost a race and can simply run again: serialization failure,
# deadlock, and a unique key another transaction took meanwhile (the handler's own check then
# sees it and answers in French)
_RETRYABLE = {"40001", "40P01", "23505"}
# the key of the lock that makes a project's changes take turns on PostgreSQL (advisory locks
# are per database: other projects on the server do not wait), and how long one waits for it
TURN = 0x7475_7073_616C_636F  # "tupsalco"
TURN_WAIT = 60


def transient(exc: SQLAlchemyError) -> bool:
    """Whether ``exc`` is a race with another change rather than a refusal."""
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in _RETRYABLE:
        return True
    return "database is locked" in str(orig or "")


class Database:
    """Reads through :meth:`session`; every change through ``store.write.execute``, which
    alone opens :meth:`transaction`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # a change runs as if alone: on PostgreSQL a serializable transaction (a race makes
        # one of them fail, and it runs again); SQLite has one writer at a time already, and
        # BEGIN IMMEDIATE makes a change's reads part of it
        writer = self.engine if self.engine.dialect.name == "sqlite" else \
            self.engine.execution_options(isolation_level="SERIALIZABLE")
        self._writer = writer
        self._writes = sessionmaker(writer, expire_on_commit=False)

    @classmethod
    def sqlite(cls, path: Path) -> Database:
        return cls(f"sqlite:///{path}")

    def migrate(self) -> None:
        migrate(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed if the block ends, rolled back if it raises. A refusal
        of the database becomes a :class:`StorageError` saying nothing was written, a race with
        another change a :class:`BusyError` (``store.write.execute`` runs the change again)."""
        if self.engine.dialect.name == "sqlite":
            with self._transaction(self._writes()) as session:
                yield session
            return
        with self._turn() as connection, self._transaction(
                self._writes(bind=connection)) as session:
            yield session

    @contextmanager
    def _turn(self) -> Iterator[Connection]:
        """On PostgreSQL, a project's changes take turns, as on SQLite: serializable
        transactions that ran side by side read and wrote the same small tables (the undo
        journal, the codings of a passage) and all but one failed and ran again, most of them
        several times over under load. The turn is a lock of the connection's session taken
        in a transaction of its own, so that the change's snapshot is taken once its turn has
        come; it is given back when the change ends, or by the server if the connection
        drops. Reads never wait for it."""
        try:
            connection = self._writer.connect()
        except SQLAlchemyError:
            raise StorageError("la base de données ne répond pas ; rien n'a été écrit.") \
                from None
        try:
            try:
                connection.execute(text("SELECT set_config('lock_timeout', :wait, true), "
                                        "pg_advisory_lock(:k)"),
                                   {"wait": f"{TURN_WAIT}s", "k": TURN})
                connection.commit()
            except SQLAlchemyError:
                connection.rollback()
                raise BusyError("la base de données était occupée par d'autres modifications "
                                "; rien n'a été écrit : réessayez.") from None
            try:
                yield connection
            finally:
                try:
                    connection.rollback()
                    # outside a transaction: one round trip while the others wait, not three
                    driver = connection.connection.dbapi_connection
                    driver.autocommit = True
                    try:
                        driver.execute("SELECT pg_advisory_unlock(%s)", (TURN,))
                    finally:
                        driver.autocommit = False
                except Exception:  # noqa: BLE001 - the driver's own errors: end the session
                    connection.invalidate()  # its session ends on the server, and its lock
        finally:
            connection.close()

    @contextmanager
    def _transaction(self, session: Session) -> Iterator[Session]:
        try:
            if self.engine.dialect.name == "sqlite":
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            if transient(exc):
                raise BusyError("la base de données était occupée par une autre modification "
                                "des mêmes données ; rien n'a été écrit : réessayez.") from None
            log.warning("a change was refused by the database: %s", type(exc).__name__)
            raise StorageError(
                f"la base de données a refusé la modification ({type(exc).__name__}) ; "
                "rien n'a été écrit.") from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def table_names(self) -> list[str]:
        """The tables the database holds now (a new project's server database has none)."""
        return inspect(self.engine).get_table_names()

    def holds_project(self) -> bool:
        """Whether the (migrated) database holds a project's record already."""
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM project")).scalar_one() > 0

    def drop_schema(self) -> None:
        """Take back what :meth:`migrate` made in a server database that was empty before it
        (a project creation that failed after migrating): every table, and the audit log's
        trigger function. Never called on a database that held anything before."""
        with self.engine.begin() as connection:
            for table in inspect(connection).get_table_names():
                connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
            if connection.dialect.name == "postgresql":
                connection.execute(text(
                    "DROP FUNCTION IF EXISTS audit_events_append_only() CASCADE"))

    def dispose(self) -> None:
        self.engine.dispose()
