"""one write path: ids never reused, an undo journal apart from a wordless audit log

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

- SQLite tables with integer ids are rebuilt with AUTOINCREMENT (PostgreSQL's sequences
  never go back already).
- The undo journal, the suggestions turned down and the sign-in throttle get tables.
- Audit events written before hold words (quotes, memo texts, document names): their detail
  keeps numbers and known ids only, their target ids only. The append-only triggers are
  lifted for this one rewrite and put back.
- Suggestions turned down, kept until now as audit events, move to their table.
"""

from __future__ import annotations

import json
import re

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

REBUILT = ("documents", "turns", "entities", "audit_events", "codings", "memos", "basket_items")
STRING_KEYS = {
    "role", "status", "type", "new_type", "kind", "format", "decision", "target_kind",
    "code", "codes", "target", "source", "parent", "surrogate", "new_surrogate", "account",
    "dropped",
}
ID_LIKE = re.compile(r"^[\w.:\-\[\] ]{0,80}$")
TARGET = re.compile(r"^(?:(?:coding|item|memo|document|code|account|undo):[\w.\-]{1,80}|"
                    r"\[[^\]\[]{1,40} \d+\])$")


def upgrade() -> None:
    op.create_table(
        'undo_journal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('actor', sa.String(length=80), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('state', sa.String(length=8), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_undo_actor', 'undo_journal', ['actor'], unique=False)
    op.create_table(
        'suggestion_rejections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('code_id', sa.String(length=80), nullable=False),
        sa.Column('coder', sa.String(length=80), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_rejections_document', 'suggestion_rejections', ['document_id'],
                    unique=False)
    op.create_table(
        'sign_in_throttle',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    _move_rejections()
    _scrub_audit()
    if dialect == "sqlite":
        for table in REBUILT:
            with op.batch_alter_table(table, recreate="always",
                                      table_kwargs={"sqlite_autoincrement": True}):
                pass
    _create_triggers(dialect)


def _move_rejections() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT actor, target, detail, at FROM audit_events "
        "WHERE action = 'reject_suggestion'")).all()
    documents = {r[0] for r in bind.execute(sa.text("SELECT id FROM documents"))}
    for actor, code, detail, at in rows:
        d = json.loads(detail) if isinstance(detail, str) else (detail or {})
        if d.get("document_id") in documents:
            bind.execute(sa.text(
                "INSERT INTO suggestion_rejections (document_id, start, \"end\", code_id, "
                "coder, created_at) VALUES (:d, :s, :e, :c, :a, :t)"),
                {"d": d["document_id"], "s": d.get("start", 0), "e": d.get("end", 0),
                 "c": code, "a": actor, "t": at})


def _wordless(value: object, key: str = "") -> object:
    if isinstance(value, dict):
        out = {k: _wordless(v, str(k)) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not _DROP}
    if isinstance(value, list):
        kept = [_wordless(v, key) for v in value]
        return [v for v in kept if v is not _DROP]
    if isinstance(value, str):
        return value if key in STRING_KEYS and ID_LIKE.match(value) else _DROP
    return value


_DROP = object()


def _scrub_audit() -> None:
    bind = op.get_bind()
    for event_id, target, detail in bind.execute(sa.text(
            "SELECT id, target, detail FROM audit_events")).all():
        d = json.loads(detail) if isinstance(detail, str) else (detail or {})
        payload = d.pop("payload", None)
        if isinstance(payload, dict):  # undoable changes kept their rows here: counts only
            for name, value in payload.items():
                if isinstance(value, list):
                    d[name] = len(value)
        clean = _wordless(d)
        new_target = target if TARGET.match(target or "") else ""
        if clean != d or new_target != target or payload is not None:
            bind.execute(sa.text("UPDATE audit_events SET target = :t, detail = :d "
                                 "WHERE id = :i"),
                         {"t": new_target, "d": json.dumps(clean), "i": event_id})


def _drop_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")


def _create_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )


def downgrade() -> None:
    op.drop_table('sign_in_throttle')
    op.drop_index('ix_rejections_document', table_name='suggestion_rejections')
    op.drop_table('suggestion_rejections')
    op.drop_index('ix_undo_actor', table_name='undo_journal')
    op.drop_table('undo_journal')
