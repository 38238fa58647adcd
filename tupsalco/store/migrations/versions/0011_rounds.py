"""coding rounds and their adjudications

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

``rounds``: an admin's coding round (documents, coders, blind, open or closed, the round whose
reference it starts from). ``adjudications``: a decision on one disagreement of a closed round
(offsets, the decision, who decided, the reference codings it made). The reference codings
themselves are codings signed ``référence``.

Numbered 0011 to leave 0010 to another branch; ``down_revision`` says 0009 until the merge
chains it after that 0010.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'rounds',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('blind', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('status', sa.String(length=8), server_default='open', nullable=False),
        sa.Column('documents', sa.JSON(), nullable=False),
        sa.Column('coders', sa.JSON(), nullable=False),
        sa.Column('previous', sa.Integer(), nullable=True),
        sa.Column('opened_by', sa.String(length=80), nullable=False),
        sa.Column('opened_at', sa.DateTime(), nullable=False),
        sa.Column('closed_by', sa.String(length=80), nullable=True),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    op.create_table(
        'adjudications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('code_id', sa.String(length=80), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('decision', sa.String(length=8), nullable=False),
        sa.Column('kept', sa.String(length=80), nullable=True),
        sa.Column('decided_by', sa.String(length=80), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=False),
        sa.Column('codings', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_adjudications_round', 'adjudications', ['round_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_adjudications_round', table_name='adjudications')
    op.drop_table('adjudications')
    op.drop_table('rounds')
