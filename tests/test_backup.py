"""Backup and restore: a project's database (one snapshot), its key file still encrypted and
its recordings in one archive, restored into a fresh SQLite or PostgreSQL database with every
table's rows and checksum compared."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tupsalco import coding
from tupsalco.backup import backup_project, restore_project
from tupsalco.cli import app
from tupsalco.errors import AuthenticationError, ProjectError
from tupsalco.project import Project
from tupsalco.store.models import Base
from tupsalco.store.transfer import checksum

from .conftest import ANA, PASS, PASSWORD, POSTGRES

runner = CliRunner()


def _tables(project: Project) -> dict[str, tuple[int, str]]:
    return {t.name: checksum(project.db, t) for t in Base.metadata.sorted_tables}


def _fresh_url() -> str:
    from .test_backends import _fresh_url as fresh

    return fresh()


@pytest.mark.parametrize("into", ["sqlite", "postgresql"])
def test_restore_into_a_fresh_database_loses_nothing(coded, backend, tmp_path: Path,
                                                     into: str) -> None:  # noqa: ANN001
    if into == "postgresql" and not POSTGRES:
        pytest.skip("no PostgreSQL server to restore into")
    d = coded.documents()[0].id
    made = coding.code_turn(coded, ANA, d, 1, ["objectifs"])[0]
    coding.add_memo(coded, ANA, "coding", str(made.id), "À relire.", PASS)
    gone = coding.code_turn(coded, ANA, d, 1, ["strategies"])[0]
    coding.remove_coding(coded, ANA, gone.id)  # the newest id is gone: it must stay used
    before = _tables(coded)
    archive = tmp_path / "sauvegarde.tar.gz"
    report = backup_project(coded, ANA, archive)
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert {t.table: (t.rows, t.checksum) for t in report.tables} == before
    with tarfile.open(archive) as tar:
        key = tar.extractfile("key.vault").read()
    assert key == coded.vault_path.read_bytes()  # the key travels encrypted, as it is

    url = _fresh_url() if into == "postgresql" else None
    restored, checks = restore_project(archive, tmp_path / "restauré", "ana", PASSWORD,
                                       database_url=url, vault_path=tmp_path / "k2.vault")
    try:
        assert restored.db.engine.dialect.name == into
        assert all(c.same for c in checks) and {c.table: (c.rows_other, c.checksum_other)
                                                for c in checks} == before
        now = _tables(restored)
        # every table as it was; the project's row names the new key file; the log grew by
        # the admin's sign-in and the restore it signs
        for name in set(before) - {"project", "audit_events"}:
            assert now[name] == before[name], name
        assert now["audit_events"][0] == before["audit_events"][0] + 2
        assert restored.vault_path == tmp_path / "k2.vault"
        assert oct(restored.vault_path.stat().st_mode & 0o777) == "0o600"
        restored.open_vault(PASS)  # the same key, same passphrase
        assert [x.id for x in coding.codings(restored, ANA, d)] == [
            x.id for x in coding.codings(coded, ANA, d)]
        new = coding.code_turn(restored, ANA, d, 1, ["tensions"])[0]
        assert new.id > gone.id  # ids never repeat, even after a restore
    finally:
        restored.close()


def test_a_restore_checks_who_signs_and_leaves_nothing_behind(coded, tmp_path: Path) -> None:  # noqa: ANN001
    archive = tmp_path / "b.tar.gz"
    backup_project(coded, ANA, archive)
    with pytest.raises(AuthenticationError):
        restore_project(archive, tmp_path / "r", "ana", "pas le bon", vault_path=tmp_path / "k")
    assert not (tmp_path / "r").exists() and not (tmp_path / "k").exists()
    with pytest.raises(ProjectError):  # the original key is still there: never overwritten
        restore_project(archive, tmp_path / "r", "ana", PASSWORD, vault_path=coded.vault_path)
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(archive.read_bytes()[:200])
    with pytest.raises(ProjectError):
        restore_project(broken, tmp_path / "r", "ana", PASSWORD, vault_path=tmp_path / "k")


def test_backup_and_restore_commands(coded, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    archive = tmp_path / "b.tar.gz"
    res = runner.invoke(app, ["backup", str(coded.folder), str(archive), "-u", "ana"])
    assert res.exit_code == 0, res.output
    assert "la clé chiffrée" in res.output
    res = runner.invoke(app, ["restore", str(archive), str(tmp_path / "r"), "-u", "ana",
                              "--vault", str(tmp_path / "k.vault")])
    assert res.exit_code == 0, res.output
    assert "chaque table a la même somme de contrôle que l'archive" in res.output
    p = Project.open(tmp_path / "r")
    assert [d.name for d in p.documents()] == [d.name for d in coded.documents()]
    p.close()
