"""one coding per passage, code and coder

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04

``codings`` gets a unique index on (document, code, coder, start, end): the same passage
coded with the same code by the same coder is one coding, whatever path (an import, an
undo, two servers at once) writes it. Duplicates made before are merged first into the
oldest of each group, losing nothing: the memos written on a duplicate and its places in
quotation baskets move to the kept coding, an adjudication's list of reference codings
names the kept one, the kept coding takes a duplicate's metadata if it had none. The merge
is recorded as one audit event (ids and counts only); the audit log is only appended to.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

KEY = ("document_id", "code_id", "coder", "start", "end")
codings = sa.table("codings", sa.column("id", sa.Integer), sa.column("meta", sa.JSON),
                   sa.column("version", sa.Integer),
                   *(sa.column(c) for c in KEY))
memos = sa.table("memos", sa.column("target_kind", sa.String),
                 sa.column("target_id", sa.String))
basket = sa.table("basket_items", sa.column("coding_id", sa.Integer))
adjudications = sa.table("adjudications", sa.column("id", sa.Integer),
                         sa.column("codings", sa.JSON))
audit = sa.table("audit_events", sa.column("at", sa.DateTime), sa.column("actor", sa.String),
                 sa.column("action", sa.String), sa.column("target", sa.String),
                 sa.column("detail", sa.JSON))


def _duplicates(bind: Any) -> dict[int, list[int]]:
    """The kept coding (the oldest id) of each group, with the ids merged into it."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    key = [codings.c[c] for c in KEY]
    doubled = sa.select(*key).group_by(*key).having(sa.func.count() > 1).subquery()
    rows = bind.execute(sa.select(codings.c.id, *key).join(
        doubled, sa.and_(*(codings.c[c] == doubled.c[c] for c in KEY)))
        .order_by(codings.c.id)).all()
    for row in rows:
        groups.setdefault(tuple(row[1:]), []).append(row[0])
    return {ids[0]: ids[1:] for ids in groups.values()}


def _merge(bind: Any, kept: int, dups: list[int]) -> tuple[int, int]:
    moved_memos = bind.execute(memos.update().where(
        memos.c.target_kind == "coding", memos.c.target_id.in_([str(d) for d in dups]))
        .values(target_id=str(kept))).rowcount
    moved_basket = bind.execute(basket.update().where(basket.c.coding_id.in_(dups))
                                .values(coding_id=kept)).rowcount
    rows = {r.id: r for r in bind.execute(sa.select(codings.c.id, codings.c.meta,
                                                    codings.c.version)
                                          .where(codings.c.id.in_([kept, *dups])))}
    meta = rows[kept].meta or next((rows[d].meta for d in dups if rows[d].meta), None)
    version = max((r.version or 1) for r in rows.values()) + 1
    bind.execute(codings.update().where(codings.c.id == kept)
                 .values(meta=meta, version=version))
    bind.execute(codings.delete().where(codings.c.id.in_(dups)))
    return max(moved_memos, 0), max(moved_basket, 0)


def _renamed_in_adjudications(bind: Any, into: dict[int, int]) -> None:
    for row in bind.execute(sa.select(adjudications.c.id, adjudications.c.codings)).all():
        ids = row.codings if not isinstance(row.codings, str) else json.loads(row.codings)
        if not isinstance(ids, list) or not any(i in into for i in ids):
            continue
        named = list(dict.fromkeys(into.get(i, i) for i in ids))
        bind.execute(adjudications.update().where(adjudications.c.id == row.id)
                     .values(codings=named))


def upgrade() -> None:
    bind = op.get_bind()
    groups = _duplicates(bind)
    if groups:
        moved = [0, 0]
        for kept, dups in groups.items():
            m, b = _merge(bind, kept, dups)
            moved[0], moved[1] = moved[0] + m, moved[1] + b
        _renamed_in_adjudications(bind, {d: k for k, ds in groups.items() for d in ds})
        bind.execute(audit.insert().values(
            at=datetime.now(UTC).replace(tzinfo=None), actor="migration",
            action="merge_duplicate_codings", target="",
            detail={"codings": sorted(d for ds in groups.values() for d in ds),
                    "kept": sorted(groups), "memos": moved[0], "basket": moved[1]}))
    op.create_index("uq_codings_span", "codings", list(KEY), unique=True)


def downgrade() -> None:
    op.drop_index("uq_codings_span", "codings")
