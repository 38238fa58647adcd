"""Memos on the project, a document, a code or a coding: pseudonymised at the door with the
project's key, like any text, and kept apart per coder while coding is blind.

A memo is where a researcher writes what they heard ("Mme Belkacem rappelle au 06..."): a
name, a phone number or an address typed in it is replaced by its surrogate, the same as in
the documents, before the memo is written. So writing or editing a memo needs the key's
passphrase (or the vault already opened with it); without one it is refused, saying why:
storing the words in clear would put identifiers in the working database, and pseudonymising
them without the key would give surrogates that match nothing and could never be reversed.
"""

from __future__ import annotations

from ..errors import PassphraseRequiredError
from ..project import Project
from ..pseudonymise.vault import KeyData, Vault
from ..records import AccountRole, Memo, Viewer
from ..store import repository as repo
from ..store.commands import MEMO_TARGETS, AddMemo, Command, DeleteMemo, EditMemo

__all__ = ["MEMO_TARGETS", "add_memo", "delete_memo", "edit_memo", "memos"]

NO_PASSPHRASE = ("Un mémo est pseudonymisé avant d'être enregistré, avec la clé du projet, "
                 "comme les documents : donnez la phrase de passe de la clé. Sans elle, un "
                 "nom, un numéro ou une adresse tapés dans le mémo resteraient en clair.")
Opened = tuple[Vault, KeyData]


def memos(project: Project, viewer: Viewer, target_kind: str | None = None,
          target_id: str | None = None, search: str = "") -> list[Memo]:
    """The memos this viewer may read: a blind coder's own only (the others' would tell
    how they coded)."""
    author = viewer.username if viewer.role is AccountRole.CODER and project.blind else None
    with project.db.session() as s:
        found = repo.memos(s, target_kind, target_id, search, author)
        hidden = (repo.blind_round_documents(s, viewer.username)
                  if viewer.role is not AccountRole.ADMIN else set())
        if not hidden:
            return found
        # in an open blind round, another coder's memo on one of its documents or codings
        # would tell how they coded it
        on_hidden = {str(c.id) for c in repo.codings(s) if c.document_id in hidden}
        return [m for m in found if m.author == viewer.username
                or not (m.target_kind == "document" and m.target_id.isdigit()
                        and int(m.target_id) in hidden
                        or m.target_kind == "coding" and m.target_id in on_hidden)]


def add_memo(project: Project, viewer: Viewer, target_kind: str, target_id: str, text: str,
             passphrase: str | None = None, *, opened: Opened | None = None) -> int:
    """Write a memo, its identifiers replaced by the project's surrogates; ``passphrase``
    opens the key (or ``opened`` is the vault already opened with it)."""
    return _pseudonymised(project, viewer, text, passphrase, opened,
                          lambda clean: AddMemo(target_kind, str(target_id), clean))


def edit_memo(project: Project, viewer: Viewer, memo_id: int, text: str,
              passphrase: str | None = None, *, opened: Opened | None = None,
              version: int | None = None) -> None:
    """Rewrite one's memo, pseudonymised as when it was written; ``version`` is the memo's
    as the page showed it (someone's change since is a ConflictError)."""
    _pseudonymised(project, viewer, text, passphrase, opened,
                   lambda clean: EditMemo(memo_id, clean, version))


def delete_memo(project: Project, viewer: Viewer, memo_id: int, *,
                version: int | None = None) -> None:
    project.execute(viewer, DeleteMemo(memo_id, version))


def _pseudonymised(project: Project, viewer: Viewer, text: str, passphrase: str | None,
                   opened: Opened | None, command) -> int | None:  # noqa: ANN001
    if opened is None and not passphrase:
        raise PassphraseRequiredError(NO_PASSPHRASE)
    vault, keys = opened or project.open_vault(passphrase)
    engine = project.pseudonymiser(keys)
    clean = engine.pseudonymise([text])[0].text
    built: Command = command(clean)
    # the key is saved before the commit: every surrogate in the memo can be reversed
    return project.execute(viewer, built, before_commit=lambda: vault.save(keys))
