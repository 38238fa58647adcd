"""a version on codes, codings, memos and documents (optimistic concurrency)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

``version`` counts the changes of a code, a coding, a memo and a document's text: a change
made from a page that showed an older version is refused ("quelqu'un a modifié ... entre-
temps") instead of overwriting what a colleague saved meanwhile. Every existing row starts
at 1.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

TABLES = ("codes", "codings", "memos", "documents")


# plain ALTER TABLE on both backends (SQLite adds and drops a column in place since 3.35): a
# rebuild of these tables would cascade to the rows that refer to them


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column('version', sa.Integer(), nullable=False,
                                       server_default='1'))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, 'version')
