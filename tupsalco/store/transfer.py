"""A project's database moved whole from one backend to another (SQLite to PostgreSQL and
back), with counts and checksums to show nothing was lost."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, select, text

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


def checksum(db: Database, table: Table) -> tuple[int, str]:
    """Rows and a SHA-256 of the table's rows, read in primary-key order, values in a
    backend-neutral JSON form."""
    digest = hashlib.sha256()
    n = 0
    order = list(table.primary_key.columns)
    with db.engine.connect() as conn:
        for row in conn.execute(select(table).order_by(*order)).mappings():
            digest.update(json.dumps({k: _value(v) for k, v in row.items()}, sort_keys=True,
                                     ensure_ascii=False, default=str).encode())
            n += 1
    return n, digest.hexdigest()


def _next_ids(db: Database) -> dict[str, int]:
    """What each table's id counter has reached (ids deleted at the top are not reused)."""
    with db.engine.connect() as conn:
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
                raise StorageError(f"the target database already holds data ({table.name}); "
                                   "copy into an empty database.")
    with source.engine.connect() as src, target.engine.begin() as dst:
        for table in tables:
            rows = src.execution_options(yield_per=BATCH).execute(
                select(table).order_by(*table.primary_key.columns)).mappings()
            for chunk in rows.partitions(BATCH):
                dst.execute(table.insert(), [dict(r) for r in chunk])
    _set_next_ids(target, _next_ids(source))
    out = []
    for table in tables:
        (n_src, c_src), (n_dst, c_dst) = checksum(source, table), checksum(target, table)
        out.append(TableCopy(table.name, n_src, n_dst, c_src, c_dst))
    return out
