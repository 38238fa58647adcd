from __future__ import annotations

import json
from pathlib import Path

import pytest

from tupsalco.errors import VaultError, WrongPassphraseError
from tupsalco.pseudonymise.vault import KeyData, Vault, change_passphrase


def make(tmp_path: Path) -> Path:
    path = tmp_path / "k.vault"
    data = KeyData("p1", participants={"PAT01": ["Zoéline", "Brunchard"]},
                   lexicon={"PER|brunchard": "[Personne 1]"})
    Vault.create(path, "correct horse", data)
    return path


def test_round_trip_and_nothing_in_clear(tmp_path: Path) -> None:
    path = make(tmp_path)
    assert "Brunchard" not in path.read_text() and "Personne" not in path.read_text()
    _, data = Vault.open(path, "correct horse")
    assert data.participants["PAT01"] == ["Zoéline", "Brunchard"]
    assert oct(path.stat().st_mode)[-3:] == "600"


def test_wrong_passphrase_is_told_apart_from_tampering(tmp_path: Path) -> None:
    path = make(tmp_path)
    before = path.read_bytes()
    with pytest.raises(WrongPassphraseError, match="phrase de passe incorrecte"):
        Vault.open(path, "wrong")
    assert path.read_bytes() == before
    envelope = json.loads(before)
    token = envelope["token"]
    envelope["token"] = token[:50] + ("A" if token[50] != "A" else "B") + token[51:]
    path.write_text(json.dumps(envelope))
    with pytest.raises(VaultError, match="a été modifié : son contrôle d.intégrité échoue"):
        Vault.open(path, "correct horse")


@pytest.mark.parametrize("content", ["", "{not json", '{"format": "other"}'])
def test_damaged_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "k.vault"
    path.write_text(content)
    with pytest.raises(VaultError, match="pas un fichier de clé des pseudonymes lisible.*"
                       "restaurez-le"):
        Vault.open(path, "x")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(VaultError, match="introuvable ; restaurez-le"):
        Vault.open(tmp_path / "none.vault", "x")


def test_change_passphrase(tmp_path: Path) -> None:
    path = make(tmp_path)
    change_passphrase(path, "correct horse", "battery staple")
    with pytest.raises(WrongPassphraseError):
        Vault.open(path, "correct horse")
    assert Vault.open(path, "battery staple")[1].lexicon == {"PER|brunchard": "[Personne 1]"}
    with pytest.raises(WrongPassphraseError):
        change_passphrase(path, "nope", "other")
    assert Vault.open(path, "battery staple")[1].project_id == "p1"
