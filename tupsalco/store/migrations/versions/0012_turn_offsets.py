"""turns looked up by offset, codings read in document order

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

An index on ``turns(document_id, start)``: exploring finds the turn of each verbatim in the
database, from the coding's start, instead of loading whole documents; on
``codings(document_id, start)`` (codings read in document order without a sort) and on
``codings(coder)`` (the coders listed without reading every coding).

Numbered 0012 to follow main's 0010 and 0011; ``down_revision`` says 0009 until the merge,
where it becomes '0011'.
"""

from __future__ import annotations

from alembic import op

revision = '0012'
# main holds 0010 and 0011 (another branch's); this one says 0009 until it is merged after them
down_revision = '0011'
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
