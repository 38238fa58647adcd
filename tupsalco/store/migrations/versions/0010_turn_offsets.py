"""turns looked up by offset, codings read in document order

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

An index on ``turns(document_id, start)``: exploring finds the turn of each verbatim in the
database, from the coding's start, instead of loading whole documents; on
``codings(document_id, start)`` (codings read in document order without a sort) and on
``codings(coder)`` (the coders listed without reading every coding).
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_turns_document_start', 'turns', ['document_id', 'start'])
    op.create_index('ix_codings_document_start', 'codings', ['document_id', 'start'])
    op.create_index('ix_codings_coder', 'codings', ['coder'])


def downgrade() -> None:
    op.drop_index('ix_codings_coder', table_name='codings')
    op.drop_index('ix_codings_document_start', table_name='codings')
    op.drop_index('ix_turns_document_start', table_name='turns')
