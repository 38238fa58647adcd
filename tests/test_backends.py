"""A project on PostgreSQL as on SQLite: chosen by a URL, migrated, copied both ways with
nothing lost (every table's rows and checksum), ids never reused after a copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tupsalco import coding
from tupsalco.cli import app
from tupsalco.errors import ProjectError, StorageError
from tupsalco.project import Project
from tupsalco.store.location import ENV, URL_FILE, database_url
from tupsalco.store.models import Base
from tupsalco.store.transfer import checksum, copy_database

from .conftest import ANA, PASS, PASSWORD

runner = CliRunner()


def test_the_backend_is_chosen_by_the_folder(coded, backend) -> None:  # noqa: ANN001
    kind = coded.db.engine.dialect.name
    assert kind == ("sqlite" if backend is None else "postgresql")
    assert (database_url(coded.folder) is None) == (backend is None)
    if backend:
        assert oct((coded.folder / URL_FILE).stat().st_mode & 0o777) == "0o600"
    else:
        assert oct((coded.folder / "tupsalco.db").stat().st_mode & 0o777) == "0o600"
    again = Project.open(coded.folder)
    assert [d.name for d in again.documents()] == [d.name for d in coded.documents()]
    again.close()


def _tables(project: Project) -> dict[str, tuple[int, str]]:
    return {t.name: checksum(project.db, t) for t in Base.metadata.sorted_tables}


def test_copy_there_and_back_loses_nothing(coded, backend, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """SQLite -> the other side -> SQLite: the same rows, byte for byte in every table."""
    from .conftest import POSTGRES

    d = coded.documents()[0].id
    made = coding.code_turn(coded, ANA, d, 1, ["objectifs"])[0]
    coding.add_memo(coded, ANA, "coding", str(made.id), "À relire.", PASS)
    coding.remove_coding(coded, ANA, made.id)  # the newest id is gone: it must stay used
    before = _tables(coded)
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    there, back = tmp_path / "there", tmp_path / "back"
    if backend is None and not POSTGRES:
        pytest.skip("no PostgreSQL server to copy to")
    to = [] if backend else ["--to", _fresh_url()]
    res = runner.invoke(app, ["copy", str(coded.folder), str(there), "-u", "ana", *to])
    assert res.exit_code == 0, res.output
    assert "chaque table a la même somme de contrôle que la source" in res.output
    first = Project.open(there)
    assert _tables(first) == _tables(coded)  # the sign-in of the copy is in both logs
    first.close()
    res = runner.invoke(app, ["copy", str(there), str(back), "-u", "ana"])
    assert res.exit_code == 0, res.output
    for folder in (there, back):
        p = Project.open(folder)
        now = _tables(p)
        # only the audit log grew: by the copies' sign-ins
        assert {k: v for k, v in now.items() if k != "audit_events"} == {
            k: v for k, v in before.items() if k != "audit_events"}
        new = coding.code_turn(p, ANA, d, 1, ["objectifs"])[0]
        assert new.id > made.id  # the id counter came along
        p.close()


def _fresh_url() -> str:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from .conftest import POSTGRES

    name = f"tupsalco_test_{uuid.uuid4().hex[:12]}"
    server = create_engine(make_url(POSTGRES).set(drivername="postgresql+psycopg"),
                           isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)


def test_migrate_prints_the_schema_revision(coded, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    res = runner.invoke(app, ["migrate", str(coded.folder), "-u", "ana"])
    assert res.exit_code == 0, res.output
    assert "à la révision de schéma 00" in res.output


def test_a_project_is_created_only_in_an_empty_server_database(coded, backend,  # noqa: ANN001
                                                                tmp_path: Path) -> None:
    """A second project pointed at a database already in use is refused before anything is
    written, and the first project's rows are untouched; what a failed creation migrated is
    taken back, leaving the database as empty as it was."""
    if backend is None:
        pytest.skip("a SQLite project is a new file of its own: nothing to share")
    before = _tables(coded)
    with pytest.raises(ProjectError, match="contient déjà"):
        Project.create(tmp_path / "second", PASS, admin=("bea", PASSWORD),
                       vault_path=tmp_path / "keys2" / "p.vault", database_url=backend)
    assert not (tmp_path / "second").exists() and not (tmp_path / "keys2").exists()
    assert _tables(coded) == before
    # the undo of a failed creation on the database this test owns: nothing of ours is left
    coded.db.drop_schema()
    assert coded.db.table_names() == []
    coded.close()
    again = Project.create(tmp_path / "third", PASS, admin=("bea", PASSWORD),
                           vault_path=tmp_path / "keys3" / "p.vault", database_url=backend)
    assert [d.name for d in again.documents()] == []
    again.close()


@pytest.mark.parametrize("url, said", [
    ("pas une adresse", "l'adresse de la base de données ne se lit pas ; écrivez-la"),
    ("postgresql://ana:secret@serveur:port/base", "ne se lit pas"),
    ("mysql://ana:secret@serveur/base", "désigne « mysql », qui n'est pas pris en charge ; "
     r"donnez une adresse PostgreSQL"),
])
def test_a_wrong_database_url_names_where_it_came_from(tmp_path: Path, url: str, said: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Said in French with its source (the file, the variable), never with the URL itself:
    it may hold a password."""
    monkeypatch.delenv(ENV, raising=False)
    (tmp_path / URL_FILE).write_text(url, encoding="utf-8")
    with pytest.raises(ProjectError, match=f"^{re.escape(str(tmp_path / URL_FILE))} : .*{said}"
                       ) as info:
        database_url(tmp_path)
    assert "secret" not in str(info.value)
    monkeypatch.setenv(ENV, url)
    with pytest.raises(ProjectError, match=rf"^\$TUPSALCO_DATABASE_URL : .*{said}"):
        database_url(tmp_path)


def test_a_copy_goes_only_into_an_empty_database(coded) -> None:  # noqa: ANN001
    with pytest.raises(StorageError, match=r"la base de données cible contient déjà des "
                       r"données \(table \w+\) ; copiez le projet dans une base vide"):
        copy_database(coded.db, coded.db)
