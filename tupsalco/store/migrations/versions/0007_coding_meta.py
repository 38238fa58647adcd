"""codings keep what made them: the model of an accepted suggestion

Revision ID: 0007
Revises: 0006
Create Date: 2027-01-12

A nullable JSON ``meta`` on codings (``{"suggester": ..., "version": ..., "score": ...}``
for a suggestion accepted on the Code page). Batch mode on SQLite; the table keeps
AUTOINCREMENT when the downgrade rebuilds it (ids are never reused).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('codings', table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.add_column(sa.Column('meta', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('codings', table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column('meta')
