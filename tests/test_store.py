from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from tupsalco.errors import AuthenticationError, StorageError
from tupsalco.records import AccountRole, Participant, Viewer
from tupsalco.store import Database, reads
from tupsalco.store import repository as repo
from tupsalco.store.commands import CreateProject, ImportDocument, ImportParticipants
from tupsalco.store.write import execute, wordless

ANA = Viewer("ana", AccountRole.ADMIN)
P = Participant("MG1", "MG", "F", "36-45", ("CP", "CDS"), "Pantin", "Proses")


@pytest.fixture
def db(tmp_path: Path, backend: str | None) -> Database:
    # on PostgreSQL the database comes migrated from the session's template (the migrations
    # ran there once); migrating again changes nothing
    database = Database(backend) if backend else Database.sqlite(tmp_path / "t.db")
    database.migrate()
    yield database
    database.dispose()


def test_migrations_create_the_schema(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert {"project", "participants", "documents", "turns", "entities", "audit_events",
            "alembic_version"} <= tables
    db.migrate()  # idempotent


def test_a_command_writes_its_audit_event_in_the_same_transaction(db: Database) -> None:
    execute(db, None, CreateProject("p1", "projet", "/nulle/part", "ana", "hash"))
    assert execute(db, ANA, ImportParticipants((P,))) == 1
    with db.session() as s:
        assert repo.list_participants(s) == [P]
        events = repo.audit_events(s)
    assert [(e.actor, e.action, e.target, e.detail) for e in events][0] == (
        "ana", "import_participants", "", {"participants": 1})


def _document(name: str, digest: str) -> ImportDocument:
    return ImportDocument(name=name, doc_kind="interview", text="E : Bonjour.", turns=(),
                          entities=(), content_hash=digest, participant_id=None, header=None,
                          source_format="txt")


def test_failed_command_leaves_nothing(db: Database) -> None:
    execute(db, None, CreateProject("p1", "projet", "/nulle/part", "ana", "hash"))
    execute(db, ANA, _document("a.txt", "1" * 64))
    with pytest.raises(StorageError, match="rien n'a été écrit"):
        execute(db, ANA, _document("a.txt", "2" * 64))  # the name is taken: refused
    with db.session() as s:
        assert [d.name for d in repo.list_documents(s)] == ["a.txt"]
        assert [e.action for e in repo.audit_events(s)] == ["import_document", "create_project"]


def test_an_error_in_the_caller_rolls_back(db: Database) -> None:
    execute(db, None, CreateProject("p1", "projet", "/nulle/part", "ana", "hash"))

    def boom() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        execute(db, ANA, ImportParticipants((P,)), before_commit=boom)
    with db.session() as s:
        assert [e.action for e in repo.audit_events(s)] == ["create_project"]
        assert repo.list_participants(s) == []


def test_an_unknown_or_disabled_account_writes_nothing(db: Database) -> None:
    execute(db, None, CreateProject("p1", "projet", "/nulle/part", "ana", "hash"))
    with pytest.raises(AuthenticationError):
        execute(db, Viewer("eve", AccountRole.ADMIN), ImportParticipants((P,)))
    with pytest.raises(AuthenticationError):
        execute(db, None, ImportParticipants((P,)))
    with db.session() as s:
        assert repo.list_participants(s) == []


def test_the_audit_detail_refuses_words() -> None:
    assert wordless({"codings": [1, 2], "code": "objectifs", "length": 12})
    for bad in ({"quote": "Gwenaëlle m'a dit"}, {"code": "une phrase, avec des mots ?"},
                {"payload": {"text": "x"}}):
        with pytest.raises(StorageError):
            wordless(bad)


def test_audit_log_is_append_only(db: Database) -> None:
    execute(db, None, CreateProject("p1", "projet", "/nulle/part", "ana", "hash"))
    for statement in ("UPDATE audit_events SET actor='eve'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))
    with db.session() as s:
        assert [e.actor for e in repo.audit_events(s)] == ["ana"]


def _alembic(db: Database, verb: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from tupsalco.store.database import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        getattr(command, verb)(cfg, revision)


def test_migration_0007_adds_a_nullable_meta_to_codings(tmp_path: Path) -> None:
    """Codings made before keep their ids and get no meta; the table keeps AUTOINCREMENT
    through the batch rebuild of a downgrade (ids never reused)."""
    db = Database.sqlite(tmp_path / "old.db")
    _alembic(db, "upgrade", "0006")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO documents (id, name, kind, text, content_hash, "
                          "source_format, imported_at) VALUES (1, 'd', 'interview', "
                          "'Bonjour.', 'h', 'txt', '2026-01-01')"))
        conn.execute(text("INSERT INTO codes (id, label, description, color, position, lemmas, "
                          "examples) VALUES ('objectifs', 'Objectifs', '', '#000', 0, '[]', "
                          "'[]')"))
        conn.execute(text("INSERT INTO codings (id, document_id, code_id, start, \"end\", "
                          "coder, quote, created_at) VALUES (7, 1, 'objectifs', 0, 7, 'ana', "
                          "'Bonjour', '2026-01-01')"))
    db.migrate()
    assert {"name": "meta", "nullable": True}.items() <= next(
        c for c in inspect(db.engine).get_columns("codings") if c["name"] == "meta").items()
    with db.session() as s:
        assert [(c.id, c.meta) for c in repo.codings(s)] == [(7, None)]
    _alembic(db, "downgrade", "0006")
    with db.engine.connect() as conn:
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'codings'")).scalar()
    assert "AUTOINCREMENT" in sql and "meta" not in sql
    db.migrate()
    db.dispose()


def test_migration_0018_indexes_the_suggested_codings_alone(tmp_path: Path,
                                                            backend: str | None) -> None:
    """A partial index on the codings an accepted suggestion made: added by 0018, taken
    away by its downgrade and added again; the suggested codings are read as before."""
    db = Database(backend or f"sqlite:///{tmp_path / 'old.db'}")
    _alembic(db, "downgrade" if backend else "upgrade", "0016")

    def indexes() -> set[str]:
        return {i["name"] for i in inspect(db.engine).get_indexes("codings")}

    assert "ix_codings_suggested" not in indexes()
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO documents (id, name, kind, text, content_hash, "
                          "source_format, imported_at, review_status, version) VALUES (1, 'd', "
                          "'interview', 'Bonjour à tous.', 'h', 'txt', '2026-01-01', "
                          "'unchecked', 1)"))
        conn.execute(text("INSERT INTO codes (id, label, description, color, position, lemmas, "
                          "examples, version) VALUES ('objectifs', 'Objectifs', '', '#000', 0, "
                          "'[]', '[]', 1)"))
        for i, (start, meta) in enumerate([(0, '{"suggester": "m"}'), (8, None), (3, "null")],
                                          start=1):
            conn.execute(text(
                "INSERT INTO codings (id, document_id, code_id, start, \"end\", coder, quote, "
                "created_at, meta, version) VALUES (:i, 1, 'objectifs', :s, 15, 'ana', 'q', "
                "'2026-01-01', :m, 1)"), {"i": i, "s": start, "m": meta})
    db.migrate()
    assert "ix_codings_suggested" in indexes()
    with db.session() as s:
        found = reads.suggested_codings(s, reads.CodingScope())
    assert [(r[:5], reads.json_value(r[5])) for r in found] == [
        ((1, 0, 15, "objectifs", "ana"), {"suggester": "m"})]
    _alembic(db, "downgrade", "0016")
    assert "ix_codings_suggested" not in indexes()
    db.migrate()
    assert "ix_codings_suggested" in indexes()
    db.dispose()
