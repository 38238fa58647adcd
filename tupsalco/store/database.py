"""The working database: engine, migrations, and the one audited write path."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, text
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
                raise StorageError("the migration would leave rows pointing at nothing; "
                                   "nothing was changed.")
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


# SQLSTATEs of a change that lost a race and can simply run again: serialization failure,
# deadlock, and a unique key another transaction took meanwhile (the handler's own check then
# sees it and answers in French)
_RETRYABLE = {"40001", "40P01", "23505"}


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
        session = self._writes()
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
