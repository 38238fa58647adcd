"""The pseudonym key: surrogate to original, encrypted, in a file apart from the database.

The file is JSON holding scrypt parameters, a passphrase verifier and a Fernet token
(AES-128-CBC with HMAC-SHA256). A wrong passphrase and a modified file are told apart:
the verifier checks the passphrase, Fernet's HMAC checks the content.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ..errors import VaultError, WrongPassphraseError

FORMAT = "tupsalco-vault"
VERSION = 1
SCRYPT_N = 2**15
# what a key file's scrypt parameters may ask: the file is read before the passphrase is
# checked, so a modified cost must not make the derivation take gigabytes (128 * n * r * p
# bytes) nor fail inside the library; the workbench writes n = 2**15, r = 8, p = 1
SCRYPT_N_RANGE = (2**14, 2**17)
SCRYPT_R_RANGE = (8, 8)
SCRYPT_P_RANGE = (1, 1)
# a temporary key file (written, then renamed over the key) older than this was left by a
# crash, not by a save in progress
ORPHAN_SECONDS = 60
# a key re-encrypted under a new passphrase waits beside the key under this suffix until
# the change's audit event is committed; the project installs it then, or at its next open
# when a kill came between the commit and the rename (see ``finish_passphrase_changes``)
PENDING_SUFFIX = ".pending"


@dataclass
class KeyData:
    """What the vault protects. Held in memory only while a project is open for import."""

    project_id: str
    participants: dict[str, list[str]] = field(default_factory=dict)  # id -> [first, last]
    lexicon: dict[str, str] = field(default_factory=dict)  # "TYPE|normalised form" -> surrogate
    originals: dict[str, list[str]] = field(default_factory=dict)  # surrogate -> forms seen
    counters: dict[str, int] = field(default_factory=dict)
    deny: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "participants": self.participants,
            "lexicon": self.lexicon,
            "originals": self.originals,
            "counters": self.counters,
            "deny": self.deny,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeyData:
        return cls(
            project_id=data["project_id"],
            participants=data.get("participants", {}),
            lexicon=data.get("lexicon", {}),
            originals=data.get("originals", {}),
            counters=data.get("counters", {}),
            deny=data.get("deny", []),
        )


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    if not passphrase:
        raise WrongPassphraseError("La phrase de passe est vide ; donnez celle de la clé du "
                                   "projet.")
    raw = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return base64.urlsafe_b64encode(raw[:32]), hashlib.sha256(raw[32:]).digest()


class Vault:
    """An open key file: the passphrase is stretched once, then each save re-encrypts."""

    def __init__(self, path: Path, salt: bytes, fernet_key: bytes, verifier: bytes) -> None:
        self.path = path
        self._salt = salt
        self._fernet = Fernet(fernet_key)
        self._verifier = verifier

    @classmethod
    def create(cls, path: Path, passphrase: str, data: KeyData) -> Vault:
        if path.exists():
            raise VaultError(f"{path} : un fichier de clé des pseudonymes existe déjà ici ; "
                             "choisissez un autre chemin ou ouvrez le projet existant.")
        vault = cls._new_key(path, passphrase)
        vault.save(data)
        return vault

    @classmethod
    def _new_key(cls, path: Path, passphrase: str) -> Vault:
        salt = secrets.token_bytes(16)
        fernet_key, verifier = _derive(passphrase, salt, SCRYPT_N, 8, 1)
        return cls(path, salt, fernet_key, verifier)

    @classmethod
    def open(cls, path: Path, passphrase: str) -> tuple[Vault, KeyData]:
        if not path.exists():
            raise VaultError(
                f"{path} : le fichier de clé des pseudonymes est introuvable ; restaurez-le "
                "depuis votre sauvegarde (sans lui, les substituts ne peuvent être ni gardés "
                "cohérents ni ramenés à l'original)."
            )
        try:
            envelope = json.loads(path.read_text(encoding="utf-8"))
            kdf = envelope["kdf"]
            salt = base64.b64decode(kdf["salt"])
            verifier = base64.b64decode(envelope["verifier"])
            token = envelope["token"].encode()
            if envelope.get("format") != FORMAT or kdf.get("name") != "scrypt":
                raise ValueError
            n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
            raise VaultError(f"{path} : ce n'est pas un fichier de clé des pseudonymes "
                             "lisible ; il a été endommagé ou modifié : restaurez-le depuis "
                             "votre sauvegarde.") from None
        if not _bounded(n, r, p):
            raise VaultError(f"{path} : les paramètres de dérivation de clé (scrypt) du "
                             "fichier de clé des pseudonymes ne sont pas ceux qu'écrit "
                             "Tupsalco : le fichier a été modifié ; restaurez-le depuis votre "
                             "sauvegarde.")
        clean_orphans(path.parent)
        fernet_key, expected = _derive(passphrase, salt, n, r, p)
        if not hmac.compare_digest(expected, verifier):
            raise WrongPassphraseError(f"{path} : phrase de passe incorrecte pour ce fichier "
                                       "de clé des pseudonymes ; vérifiez-la (majuscules, "
                                       "accents) et réessayez.")
        try:
            payload = Fernet(fernet_key).decrypt(token)
            data = KeyData.from_json(json.loads(payload))
        except (InvalidToken, ValueError, KeyError):
            raise VaultError(f"{path} : le fichier de clé des pseudonymes a été modifié : son "
                             "contrôle d'intégrité échoue ; restaurez-le depuis votre "
                             "sauvegarde.") from None
        return cls(path, salt, fernet_key, verifier), data

    def stage(self, data: KeyData, *, prefix: str = ".vault-", suffix: str = ".tmp") -> Staged:
        """Encrypt and write the key beside its file, to be installed by one rename."""
        token = self._fernet.encrypt(json.dumps(data.to_json()).encode("utf-8"))
        envelope = {
            "format": FORMAT,
            "version": VERSION,
            "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": 8, "p": 1,
                    "salt": base64.b64encode(self._salt).decode()},
            "verifier": base64.b64encode(self._verifier).decode(),
            "token": token.decode(),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=prefix, suffix=suffix)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(envelope, f)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            staged = Staged(Path(tmp), self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return staged

    def save(self, data: KeyData) -> None:
        """Encrypt and write atomically: a crash leaves the old file or the new, never half."""
        staged = self.stage(data)
        try:
            staged.install()
        finally:
            staged.discard()


@dataclass
class Staged:
    """A key file written beside the key, ready to take its place in one rename."""

    tmp: Path
    path: Path

    def install(self) -> None:
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        """Remove the written file if it was not installed."""
        self.tmp.unlink(missing_ok=True)


def _bounded(n: int, r: int, p: int) -> bool:
    return (SCRYPT_N_RANGE[0] <= n <= SCRYPT_N_RANGE[1] and n & (n - 1) == 0
            and SCRYPT_R_RANGE[0] <= r <= SCRYPT_R_RANGE[1]
            and SCRYPT_P_RANGE[0] <= p <= SCRYPT_P_RANGE[1])


def clean_orphans(folder: Path) -> int:
    """Remove the temporary key files a crash left in ``folder`` (a save killed between
    writing and renaming); a recent one may be a save in progress and stays."""
    removed = 0
    now = time.time()
    try:
        leftovers = list(folder.glob(".vault-*.tmp"))
    except OSError:
        return 0
    for tmp in leftovers:
        try:
            if now - tmp.stat().st_mtime > ORPHAN_SECONDS:
                tmp.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def change_passphrase(path: Path, old: str, new: str) -> None:
    """Re-encrypt the key under a new passphrase (and a new salt)."""
    stage_passphrase(path, old, new).install()


def _pending_prefix(path: Path) -> str:
    return f".{path.name}-change-"


def pending_id(pending: Path, path: Path) -> str:
    """The random letters that tell a pending key file of the key at ``path`` apart (what
    the change's audit event records: never the key's file name, which a user chose)."""
    return pending.name[len(_pending_prefix(path)):-len(PENDING_SUFFIX)]


def stage_passphrase(path: Path, old: str, new: str) -> Staged:
    """The key re-encrypted under a new passphrase (and a new salt), written beside the key
    file as a pending change: installing it (one rename) is the change, which a project does
    once the change's audit event, naming the pending file, is committed."""
    _, data = Vault.open(path, old)
    return Vault._new_key(path, new).stage(data, prefix=_pending_prefix(path),
                                           suffix=PENDING_SUFFIX)


def finish_passphrase_changes(path: Path, committed: Callable[[str], bool]) -> int:
    """Settle the passphrase changes a kill left pending beside the key at ``path``: one
    whose event was committed (``committed(pending_id)``) is installed, so that the key and the
    audit log agree; one without an event was never made and goes once it is older than
    a change in progress could be. Returns how many were installed."""
    installed = 0
    try:
        pending = sorted(path.parent.glob(f"{_pending_prefix(path)}*{PENDING_SUFFIX}"),
                         key=lambda f: f.stat().st_mtime)
    except OSError:
        return 0
    now = time.time()
    for staged in pending:
        try:
            if committed(pending_id(staged, path)):
                os.replace(staged, path)
                installed += 1
            elif now - staged.stat().st_mtime > ORPHAN_SECONDS:
                staged.unlink()
        except FileNotFoundError:  # another process settled it first
            continue
    return installed
