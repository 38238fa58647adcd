from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tupsalco.cli import app

from .conftest import SHEET, transcript

runner = CliRunner()
PLANTED = ["Gwenaëlle", "Kerbrat", "07 81 22 45 19", "gwen.kerbrat@exemple.fr",
           "1 75 11 29 044 512 08", "Montreuil"]
TEXT = ("E : Vous voyez qui ?\nP : Gwenaëlle Kerbrat, ma sœur, au 07 81 22 45 19 ou "
        "gwen.kerbrat@exemple.fr. Mon NIR c'est 1 75 11 29 044 512 08. Elle vit à Montreuil. "
        "Le médecin m'a mis sous baclofène et Aotal, et je vois la TS pour l'AME.\n")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tupsalco.cli", *args], capture_output=True,
                          text=True, timeout=300)


def test_pseudonymise_prints_text_and_jsonl(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(TEXT.replace("\n", "\r\n").encode("cp1252"))
    b.write_text("Gwenaëlle est revenue hier.", encoding="utf-8")
    plain = run_cli("pseudonymise", str(a), str(b))
    assert plain.returncode == 0, plain.stderr
    for clear in PLANTED:
        assert clear not in plain.stdout and clear not in plain.stderr
    for kept in ("baclofène", "Aotal", "TS", "AME"):
        assert kept in plain.stdout
    out = run_cli("pseudonymise", "--jsonl", str(a), str(b))
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["file"] for r in rows] == [str(a), str(b)]
    for row in rows:
        assert set(row) == {"file", "text", "entities"}
        for e in row["entities"]:
            assert set(e) == {"type", "start", "end", "surrogate"}
            assert row["text"][e["start"]:e["end"]] == e["surrogate"]
    # the same person keeps the same surrogate from one file to the next
    first = next(e["surrogate"] for e in rows[0]["entities"] if e["type"] == "PER")
    assert rows[1]["text"].startswith(first)
    assert "Gwenaëlle" not in out.stdout


def test_pseudonymise_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00\x01")
    result = run_cli("pseudonymise", str(bad))
    assert result.returncode == 2 and "bad.txt" in result.stderr


def test_init_import_documents(tmp_path: Path) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    secret = tmp_path / "secret"
    secret.write_text("phrase secrète\n")
    project = tmp_path / "proj"
    res = runner.invoke(app, ["init", str(project), "--vault", str(tmp_path / "k.vault"),
                              "--participants", str(sheet), "--passphrase-file", str(secret)])
    assert res.exit_code == 0, res.output
    doc = transcript(tmp_path / "PAT01.docx", [("E", "Bonjour."), ("Patiente", "Je vois Octave.")])
    res = runner.invoke(app, ["import", str(project), str(doc), "--passphrase-file", str(secret)])
    assert res.exit_code == 0 and "imported" in res.output
    res = runner.invoke(app, ["documents", str(project)])
    assert "PAT01.docx" in res.output and "patiente" in res.output and "36-45" in res.output
    wrong = tmp_path / "wrong"
    wrong.write_text("nope")
    res = runner.invoke(app, ["import", str(project), str(doc), "--passphrase-file", str(wrong)])
    assert res.exit_code == 2 and "wrong passphrase" in res.output


def test_reveal_rerun_risk(reviewed, tmp_path: Path) -> None:
    from tupsalco import review
    from tupsalco.store import repository as repo

    from .conftest import PASS

    secret = tmp_path / "secret"
    secret.write_text(PASS)
    sur = next(i.surrogate for i in review.identifiers(reviewed, "PER"))
    res = runner.invoke(app, ["reveal", str(reviewed.folder), sur, "--passphrase-file",
                              str(secret), "--actor", "chef"])
    assert res.exit_code == 0 and res.output.strip()
    with reviewed.db.session() as s:
        event = repo.audit_events(s)[0]
    assert (event.action, event.actor) == ("reveal_surrogate", "chef")
    assert res.output.strip().split(" / ")[0] not in str(event.detail)
    res = runner.invoke(app, ["rerun", str(reviewed.folder), "--passphrase-file", str(secret)])
    assert res.exit_code == 0 and "new identifier" in res.output
    res = runner.invoke(app, ["risk", str(reviewed.folder), "--k", "3"])
    assert res.exit_code == 0 and "profil=patiente" in res.output
