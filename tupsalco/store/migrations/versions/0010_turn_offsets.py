"""turns looked up by offset

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

An index on ``turns(document_id, start)``: exploring finds the turn of each verbatim in the
database, from the coding's start, instead of loading whole documents.
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_turns_document_start', 'turns', ['document_id', 'start'])


def downgrade() -> None:
    op.drop_index('ix_turns_document_start', table_name='turns')
