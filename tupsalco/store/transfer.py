"""A project's database moved whole from one backend to another (SQLite to PostgreSQL and
back), with counts and checksums to show nothing was lost."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, func, select, text

from ..errors import StorageError
from .database import Database
from .models import Base

BATCH = 2_000  # rows per insert: bounded memory whatever the project's size


@dataclass(frozen=True, slots=True)
class TableCopy:
    """One table on both sides: rows and a checksum of their contents in id order."""

    table: str
    rows_source: int
    rows_target: int
    checksum_source: str
    checksum_target: str

    @property
    def same(self) -> bool:
        return (self.rows_source, self.checksum_source) == (self.rows_target,
                                                            self.checksum_target)


def _value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat()
    return v


def checksum(db: Database, table: Table, conn: Connection | None = None) -> tuple[int, str]:
    """Rows and a SHA-256 of the table's rows, read in primary-key order, values in a
    backend-neutral JSON form (through ``conn`` when given: inside its snapshot)."""
    if conn is None:
        with db.engine.connect() as own:
            return checksum(db, table, own)
    digest = hashlib.sha256()
    n = 0
    order = list(table.primary_key.columns)
    for row in conn.execute(select(table).order_by(*order)).mappings():
        digest.update(json.dumps({k: _value(v) for k, v in row.items()}, sort_keys=True,
                                 ensure_ascii=False, default=str).encode())
        n += 1
    return n, digest.hexdigest()


@contextmanager
def snapshot(db: Database) -> Iterator[Connection]:
    """A connection that sees one state of the database from its first read to its last,
    whatever other coders commit meanwhile (a repeatable-read transaction on PostgreSQL, a
    read transaction holding its shared lock on SQLite)."""
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")
        else:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        try:
            yield conn
        finally:
            conn.rollback()


def _next_ids(db: Database, conn: Connection | None = None) -> dict[str, int]:
    """What each table's id counter has reached (ids deleted at the top are not reused)."""
    if conn is None:
        with db.engine.connect() as own:
            return _next_ids(db, own)
    if db.engine.dialect.name == "sqlite":
        return dict(conn.execute(text("SELECT name, seq FROM sqlite_sequence")).all())
    out = {}
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.autoincrement is not False \
                and table.c.id.type.python_type is int:
            seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"),
                               {"t": table.name}).scalar()
            if seq:
                value = conn.execute(text(f"SELECT last_value, is_called FROM {seq}")).one()
                out[table.name] = value[0] if value[1] else 0
    return out


def _set_next_ids(db: Database, reached: dict[str, int]) -> None:
    with db.engine.begin() as conn:
        for name, value in reached.items():
            if not value:
                continue
            if db.engine.dialect.name == "sqlite":
                conn.execute(text("DELETE FROM sqlite_sequence WHERE name = :n"), {"n": name})
                conn.execute(text("INSERT INTO sqlite_sequence (name, seq) VALUES (:n, :v)"),
                             {"n": name, "v": value})
            else:
                conn.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                             {"t": name, "v": value})


def copy_database(source: Database, target: Database) -> list[TableCopy]:
    """Copy every table of ``source`` into the empty, migrated ``target`` (parents first, in
    batches), carry the id counters, and compare both sides table by table."""
    tables = Base.metadata.sorted_tables
    with target.engine.connect() as conn:
        for table in tables:
            if conn.execute(select(func.count()).select_from(table)).scalar():
                raise StorageError(f"la base de données cible contient déjà des données "
                                   f"(table {table.name}) ; copiez le projet dans une base "
                                   "vide.")
    # one snapshot of the source: coders may go on working while it is copied
    with snapshot(source) as src:
        with target.engine.begin() as dst:
            for table in tables:
                rows = src.execution_options(yield_per=BATCH).execute(
                    select(table).order_by(*table.primary_key.columns)).mappings()
                for chunk in rows.partitions(BATCH):
                    dst.execute(table.insert(), [dict(r) for r in chunk])
        reached = _next_ids(source, src)
        sums = {table.name: checksum(source, table, src) for table in tables}
    _set_next_ids(target, reached)
    out = []
    for table in tables:
        (n_src, c_src), (n_dst, c_dst) = sums[table.name], checksum(target, table)
        out.append(TableCopy(table.name, n_src, n_dst, c_src, c_dst))
    return out
