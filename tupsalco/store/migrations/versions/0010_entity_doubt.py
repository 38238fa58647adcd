"""identifiers found by a weak rule only are kept as doubts for the reviewer

Revision ID: 0010
Revises: 0009
Create Date: 2027-01-20

A ``doubt`` flag on entities: the surrogate stands in the text (privacy first), but the
Pseudonymisation page lists it in its queue of doubts until someone accepts or rejects it.
Rows stored before keep ``false``. Batch mode on SQLite; the table keeps AUTOINCREMENT when
the downgrade rebuilds it (ids are never reused).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('entities', table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.add_column(sa.Column('doubt', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('entities', table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column('doubt')
