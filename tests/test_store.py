from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from tupsalco.errors import StorageError
from tupsalco.records import Participant
from tupsalco.store import Database
from tupsalco.store import repository as repo
from tupsalco.store.models import AuditEventRow, ParticipantRow

P = Participant("MG1", "MG", "F", "36-45", ("CP", "CDS"), "Pantin", "Proses")


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database.sqlite(tmp_path / "t.db")
    database.migrate()
    yield database
    database.dispose()


def test_migrations_create_the_schema(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert {"project", "participants", "documents", "turns", "entities", "audit_events",
            "alembic_version"} <= tables
    db.migrate()  # idempotent


def test_change_writes_its_audit_event_in_the_same_transaction(db: Database) -> None:
    with db.change("ana", "import_participants", "sheet.csv", {"participants": 1}) as s:
        repo.upsert_participants(s, [P])
    with db.session() as s:
        assert repo.list_participants(s) == [P]
        events = repo.audit_events(s)
    assert [(e.actor, e.action, e.target, e.detail) for e in events] == [
        ("ana", "import_participants", "sheet.csv", {"participants": 1})]


def test_failed_change_leaves_nothing(db: Database) -> None:
    with pytest.raises(StorageError, match="nothing was written"), \
            db.change("ana", "bad", "x") as s:
        s.add(ParticipantRow(id="MG2", profession="MG", sex="F", age_band="36-45",
                             settings="CP", site="Pantin"))
        s.flush()
        s.add(ParticipantRow(id="MG2", profession="MG", sex="F", age_band="36-45",
                             settings="CP", site="Pantin"))
    with db.session() as s:
        assert repo.list_participants(s) == []
        assert repo.audit_events(s) == []


def test_exception_in_caller_rolls_back(db: Database) -> None:
    with pytest.raises(RuntimeError), db.change("ana", "x") as s:
        repo.upsert_participants(s, [P])
        raise RuntimeError("boom")
    with db.session() as s:
        assert s.scalars(select(AuditEventRow)).all() == []
        assert repo.list_participants(s) == []


def test_audit_log_is_append_only(db: Database) -> None:
    with db.change("ana", "noop"):
        pass
    for statement in ("UPDATE audit_events SET actor='eve'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))
    with db.session() as s:
        assert [e.actor for e in repo.audit_events(s)] == ["ana"]
