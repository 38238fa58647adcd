"""Correcting a transcript after coding: the edit is pseudonymised, audited, and every
position of the document (turns, marks, identifiers, codings) follows its words."""

from __future__ import annotations

from .errors import InputError
from .project import Project
from .records import Entity, Viewer
from .store.commands import EditText


def edit_transcript(project: Project, viewer: Viewer, document_id: int, start: int, end: int,
                    new_text: str, passphrase: str, *, version: int | None = None) -> int:
    """Replace ``text[start:end]`` by ``new_text``; identifiers typed in it are replaced by
    the project's surrogates. Returns how many were. One transaction, undoable.
    ``version`` is the document's as the page showed it: offsets chosen on a text someone
    corrected since are refused (ConflictError), never applied to other words."""
    document = project.document(document_id)
    if not 0 <= start <= end <= len(document.text):
        raise InputError(f"Le passage {start}-{end} sort du document.", id=document_id)
    vault, keys = project.open_vault(passphrase)
    engine = project.pseudonymiser(keys)
    # detect in context: the words around help the model, only the new words are kept
    candidate = document.text[:start] + new_text + document.text[end:]
    found = engine.detect([candidate])[0]
    inside = [Entity(e.start - start, e.end - start, e.type, source=e.source) for e in found
              if start <= e.start and e.end <= start + len(new_text)]
    result = engine.apply(new_text, inside)
    return project.execute(
        viewer, EditText(document_id, start, end, result.text, tuple(result.entities),
                         version),
        before_commit=lambda: vault.save(keys))
