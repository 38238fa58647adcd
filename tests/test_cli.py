from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tupsalco.cli import app

from .conftest import ANA, PASS, PASSWORD, SHEET, member, transcript, write_wav

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
        assert set(row) == {"file", "text", "turns", "entities"}
        for e in row["entities"]:
            assert set(e) == {"type", "start", "end", "surrogate", "doubt"}
            assert row["text"][e["start"]:e["end"]] == e["surrogate"]
    # the same person keeps the same surrogate from one file to the next
    first = next(e["surrogate"] for e in rows[0]["entities"] if e["type"] == "PER")
    assert rows[1]["text"].startswith(first)
    assert "Gwenaëlle" not in out.stdout


def test_pseudonymise_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00\x01")
    result = run_cli("pseudonymise", str(bad))
    # named by its place among the files given, never by its name (it may be a person's)
    assert result.returncode == 2 and "fichier 1 du lot (.txt) : " in result.stderr
    assert "bad.txt" not in result.stderr


def test_init_import_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               backend: str | None) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    secret = tmp_path / "secret"
    secret.write_text("phrase secrète\n")
    project = tmp_path / "proj"
    monkeypatch.setenv("TUPSALCO_NEW_PASSWORD", PASSWORD)
    res = runner.invoke(app, ["init", str(project), "-u", "ana", "--vault",
                              str(tmp_path / "k.vault"), "--participants", str(sheet),
                              "--passphrase-file", str(secret),
                              *(["--db", backend] if backend else [])])
    assert res.exit_code == 0, res.output
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    doc = transcript(tmp_path / "PAT01.docx", [("E", "Bonjour."), ("Patiente", "Je vois Octave.")])
    res = runner.invoke(app, ["import", str(project), str(doc), "-u", "ana",
                              "--passphrase-file", str(secret)])
    assert res.exit_code == 0 and "importé " in res.output
    res = runner.invoke(app, ["documents", str(project), "-u", "ana"])
    assert "PAT01.docx" in res.output and "patiente" in res.output and "36-45" in res.output
    wrong = tmp_path / "wrong"
    wrong.write_text("nope")
    res = runner.invoke(app, ["import", str(project), str(doc), "-u", "ana",
                              "--passphrase-file", str(wrong)])
    assert res.exit_code == 2 and "phrase de passe incorrecte" in res.output


def test_reveal_rerun_risk(reviewed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tupsalco import review
    from tupsalco.store import repository as repo

    secret = tmp_path / "secret"
    secret.write_text(PASS)
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    sur = next(i.surrogate for i in review.identifiers(reviewed) if i.type != "ORG")
    res = runner.invoke(app, ["reveal", str(reviewed.folder), sur, "-u", "ana",
                              "--passphrase-file", str(secret)])
    assert res.exit_code == 0 and res.output.strip()
    with reviewed.db.session() as s:
        event = repo.audit_events(s)[0]
    assert (event.action, event.actor) == ("reveal_surrogate", "ana")
    assert res.output.strip().split(" / ")[0] not in str(event.detail)
    res = runner.invoke(app, ["rerun", str(reviewed.folder), "-u", "ana", "--passphrase-file",
                              str(secret)])
    assert res.exit_code == 0 and "nouvel(s) identifiant(s) remplacé(s)" in res.output
    res = runner.invoke(app, ["risk", str(reviewed.folder), "-u", "ana", "--k", "3"])
    assert res.exit_code == 0 and "profil=patiente" in res.output


# every command that opens a project, with what it needs besides the account
PROJECT_COMMANDS = {
    "import": ["{p}", "{doc}"], "documents": ["{p}"], "passphrase": ["{p}"],
    "reveal": ["{p}", "[Personne 1]"], "rerun": ["{p}"], "risk": ["{p}"],
    "agreement": ["{p}"], "quotes": ["{p}", "--out", "{out}"],
    "suggest": ["{doc}", "--project", "{p}"],
    "codebook export": ["{p}", "--out", "{out}"], "codebook import": ["{p}", "{doc}"],
    "qdpx export": ["{p}", "--out", "{out}"], "qdpx import": ["{p}", "{doc}"],
    "account list": ["{p}"], "account set": ["{p}", "ana", "--role", "coder"],
    "assign": ["{p}", "1", "PAT01"], "attach": ["{p}", "1", "{doc}"], "vocabulary": ["{p}"],
    "round open": ["{p}", "--name", "R", "--document", "1", "--coder", "ana", "--coder", "bob"],
    "round list": ["{p}"], "round close": ["{p}", "1"], "round agreement": ["{p}", "1"],
    "round disputes": ["{p}", "1"], "round adjudicate": ["{p}", "1", "1", "--union"],
}


@pytest.mark.parametrize("command", sorted(PROJECT_COMMANDS))
def test_every_project_command_signs_in(reviewed, tmp_path: Path, command: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an account, or with a wrong password, a command reads and changes nothing."""
    doc = tmp_path / "passage.txt"
    doc.write_text("P : Je bois moins.", encoding="utf-8")
    args = [a.format(p=reviewed.folder, doc=doc, out=tmp_path / "out.docx")
            for a in PROJECT_COMMANDS[command]]
    monkeypatch.setenv("TUPSALCO_PASSPHRASE", PASS)
    before = audit_count(reviewed)
    res = runner.invoke(app, [*command.split(), *args])
    assert res.exit_code != 0
    assert "-u" in res.output or "--user" in res.output or "Missing" in res.output
    monkeypatch.setenv("TUPSALCO_PASSWORD", "pas le bon mot de passe")
    res = runner.invoke(app, [*command.split(), *args, "-u", "ana"])
    assert res.exit_code == 2 and "mot de passe incorrect" in res.output, res.output
    assert "PAT01" not in res.output and "MG01" not in res.output
    assert not (tmp_path / "out.docx").exists()
    # nothing but the failed sign-in was written
    assert audit_count(reviewed) == before + (1 if command != "suggest" else 1)


def audit_count(project) -> int:  # noqa: ANN001
    from tupsalco.store import repository as repo

    with project.db.session() as s:
        return len(repo.audit_events(s, limit=100_000))


@pytest.mark.parametrize("command", ["documents", "agreement", "risk", "reveal", "rerun",
                                     "codebook export", "qdpx export", "assign", "attach"])
def test_the_committee_is_refused_where_it_must_be(reviewed, tmp_path: Path, command: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    member(reviewed, "comite", "committee")
    args = [a.format(p=reviewed.folder, doc=tmp_path / "x.txt", out=tmp_path / "out.docx")
            for a in PROJECT_COMMANDS.get(command, ["{p}"])]
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    monkeypatch.setenv("TUPSALCO_PASSPHRASE", PASS)
    res = runner.invoke(app, [*command.split(), *args, "-u", "comite"])
    assert res.exit_code == 2 and "comité de pilotage" in res.output, res.output
    assert "PAT01" not in res.output and "MG01" not in res.output


TEAM = ("Code;Prénom;Nom de famille;Quoi;Genre;Âge;Structure;Ville\n"
        "PAT01;Zoéline;Brunchard;Patiente;F;42;CDS;Pantin\n"
        "MG01;Octave;Vermandois;médecin;Homme;51;CP;Pantin\n")


def test_init_maps_the_teams_columns_and_leaves_nothing_when_the_sheet_is_bad(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str | None) -> None:
    sheet = tmp_path / "équipe.csv"
    sheet.write_text(TEAM.replace("médecin;Homme", "Octave;Homme").replace(";42;", ";17;"),
                     encoding="utf-8")
    monkeypatch.setenv("TUPSALCO_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("TUPSALCO_PASSPHRASE", PASS)
    project, vault = tmp_path / "proj", tmp_path / "keys" / "k.vault"
    args = ["init", str(project), "-u", "ana", "--vault", str(vault), "--participants",
            str(sheet), *(["--db", backend] if backend else [])]
    res = runner.invoke(app, [*args, "--map", "Quoi=profession"])
    assert res.exit_code == 2, res.output
    # every value to correct, in one table: row, column, value (a name never), suggestion
    assert "2 valeur(s) à corriger" in res.output
    assert "D · Quoi" in res.output and "(masquée : un nom)" in res.output
    assert "F · Âge" in res.output and "17" in res.output and "hors des tranches" in res.output
    assert "Octave" not in res.output and "Zoéline" not in res.output
    assert not project.exists() and not vault.parent.exists()  # nothing half made
    # without the mapping, the profession column is not found: said, and nothing made
    sheet.write_text(TEAM, encoding="utf-8")
    res = runner.invoke(app, args)
    assert res.exit_code == 2 and "profession" in res.output and "--map" in res.output
    assert not project.exists()
    res = runner.invoke(app, [*args, "--map", "Quoi=profession"])
    assert res.exit_code == 0, res.output
    assert "2 participant·e·s chargé·e·s" in res.output
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    res = runner.invoke(app, ["import", str(project), "-u", "ana", "--participants", str(sheet),
                              "--map", "Quoi=profession,Prénom=ignore"])
    assert res.exit_code == 2 and "perdrait des noms" in res.output and "Zoéline" not in res.output
    res = runner.invoke(app, ["import", str(project), "-u", "ana", "--participants", str(sheet),
                              "--map", "Quoi=profession"])
    assert res.exit_code == 0 and "2 participant·e·s chargé·e·s" in res.output, res.output


def test_a_transcript_without_participant_id_is_assigned_later(
        project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    monkeypatch.setenv("TUPSALCO_PASSPHRASE", PASS)
    doc = transcript(tmp_path / "entretien_mars.docx", [("E", "Bonjour."), ("P", "Bonjour.")])
    res = runner.invoke(app, ["import", str(project.folder), str(doc), "-u", "ana"])
    assert res.exit_code == 0 and "entretien non attribué" in res.output, res.output
    res = runner.invoke(app, ["documents", str(project.folder), "-u", "ana"])
    assert "(non attribué)" in res.output
    doc_id = project.documents()[0].id
    res = runner.invoke(app, ["assign", str(project.folder), str(doc_id), "PAT01", "-u", "ana"])
    assert res.exit_code == 0 and f"document {doc_id} attribué à PAT01" in res.output
    assert project.document(doc_id).participant.id == "PAT01"
    res = runner.invoke(app, ["assign", str(project.folder), str(doc_id), "X99", "-u", "ana"])
    assert res.exit_code == 2 and "X99" in res.output
    res = runner.invoke(app, ["assign", str(project.folder), str(doc_id), "none", "-u", "ana"])
    assert res.exit_code == 0 and project.document(doc_id).participant is None


def test_the_vocabulary_is_shown_and_extended_by_an_admin(
        project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    res = runner.invoke(app, ["vocabulary", str(project.folder), "-u", "ana", "--profession",
                              "Infirmier", "--setting", "CSAPA"])
    assert res.exit_code == 0 and "Infirmier" in res.output and "CSAPA" in res.output
    assert project.vocabulary.professions == ("Infirmier",)
    member(project, "codeuse", "coder")
    res = runner.invoke(app, ["vocabulary", str(project.folder), "-u", "codeuse"])
    assert res.exit_code == 0 and "MG, Psy" in res.output
    res = runner.invoke(app, ["vocabulary", str(project.folder), "-u", "codeuse",
                              "--setting", "CMP"])
    assert res.exit_code == 2 and "codage" in res.output


def test_a_recording_is_attached(project, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    monkeypatch.setenv("TUPSALCO_PASSPHRASE", PASS)
    doc = transcript(tmp_path / "PAT01.docx", [("E", "Bonjour."), ("P", "Bonjour.")])
    (result,) = project.import_files(ANA, [doc], PASS)
    wav = write_wav(tmp_path / "Zoéline.wav", seconds=2)
    res = runner.invoke(app, ["attach", str(project.folder), str(result.document_id), str(wav),
                              "-u", "ana"])
    assert res.exit_code == 0 and "media/" in res.output and "Zoéline" not in res.output
    assert project.document(result.document_id).media is not None
    res = runner.invoke(app, ["attach", str(project.folder), str(result.document_id), str(doc),
                              "-u", "ana"])
    assert res.exit_code == 2 and "audio ou vidéo" in res.output
