"""signed sessions that survive a page reload

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

``sessions``: one row per signed-in browser session, by a hash of its id (the token itself
is never stored), with its expiry and when it was ended by a sign-out. ``project.session_
secret``: the project's key for signing session tokens, drawn at random here for an existing
project (a new one draws its own).
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sessions',
        sa.Column('id', sa.String(length=64), primary_key=True),
        sa.Column('username', sa.String(length=80), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
    )
    op.create_index('ix_sessions_username', 'sessions', ['username'])
    op.add_column('project', sa.Column('session_secret', sa.String(length=64), nullable=True))
    project = sa.table('project', sa.column('session_secret', sa.String))
    op.execute(project.update().values(session_secret=secrets.token_hex(32)))


def downgrade() -> None:
    op.drop_column('project', 'session_secret')
    op.drop_index('ix_sessions_username', 'sessions')
    op.drop_table('sessions')
