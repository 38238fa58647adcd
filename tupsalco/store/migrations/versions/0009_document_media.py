"""a recording attached to a document

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-11

``documents.media_path`` and ``documents.media_hash``: the recording of a transcript, kept as
a file under the project's ``media/`` folder; the database holds only its relative name and
its SHA-256, never the sound.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('documents') as batch:
        batch.add_column(sa.Column('media_path', sa.String(length=255), nullable=True))
        batch.add_column(sa.Column('media_hash', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('documents') as batch:
        batch.drop_column('media_hash')
        batch.drop_column('media_path')
