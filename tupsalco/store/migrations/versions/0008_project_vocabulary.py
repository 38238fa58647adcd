"""a project's own vocabulary for its participants sheet

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10

``project.vocabulary``: the professions and settings a project adds to the study's.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('project') as batch:
        batch.add_column(sa.Column('vocabulary', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('project') as batch:
        batch.drop_column('vocabulary')
