"""The working database: engine, migrations, and the one audited write path."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import StorageError
from .models import AuditEventRow

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
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
            cur.close()
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest Alembic revision."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


class Database:
    """Reads through :meth:`session`; every change through :meth:`change`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

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
    def change(
        self, actor: str, action: str, target: str = "", detail: dict[str, Any] | None = None
    ) -> Iterator[Session]:
        """One transaction: the caller's writes and their audit event commit together or not
        at all. ``detail`` must hold no raw identifier (it is stored in clear)."""
        session = self._sessions()
        try:
            yield session
            session.add(AuditEventRow(actor=actor, action=action, target=target,
                                      detail=detail or {}))
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            log.warning("change %s on %s refused: %s", action, target, type(exc).__name__)
            raise StorageError(
                f"the database refused '{action}' on {target or 'the project'} "
                f"({type(exc).__name__}); nothing was written."
            ) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
