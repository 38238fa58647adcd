"""codes keep the GUID another tool gave them

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('codes') as batch:
        batch.add_column(sa.Column('guid', sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('codes') as batch:
        batch.drop_column('guid')
