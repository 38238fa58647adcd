"""the codings an accepted suggestion made, read from a partial index

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-04

``codings(document_id) WHERE meta IS NOT NULL``: exploring looks for the suggested codings
of a selection (to say which model made them) on every list of verbatims; without this index
the database read every coding's row to find the few (often none) that carry a meta: at
200,000 codings, some 20 ms for nothing. The index holds the suggested codings alone, so it
costs nothing to keep up on a coder's own codings (a coding made by hand holds NULL; one
written as JSON's null is kept in it, and the query still leaves it out).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None

SUGGESTED = sa.text("meta IS NOT NULL")


def upgrade() -> None:
    op.create_index('ix_codings_suggested', 'codings', ['document_id'],
                    sqlite_where=SUGGESTED, postgresql_where=SUGGESTED, if_not_exists=True)


def downgrade() -> None:
    op.drop_index('ix_codings_suggested', table_name='codings')
