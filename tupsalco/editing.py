"""Correcting a transcript after coding: the edit is pseudonymised, audited, and every
position of the document (turns, marks, identifiers, codings) follows its words."""

from __future__ import annotations

from .errors import InputError
from .project import Project
from .pseudonymise.engine import Pseudonymiser
from .records import Entity, TextEdit
from .store import repository as repo


def edit_transcript(project: Project, document_id: int, start: int, end: int, new_text: str,
                    passphrase: str, actor: str) -> int:
    """Replace ``text[start:end]`` by ``new_text``; identifiers typed in it are replaced by
    the project's surrogates. Returns how many were. One transaction."""
    document = project.document(document_id)
    if not 0 <= start <= end <= len(document.text):
        raise InputError(f"the span {start}-{end} is outside the document.")
    if "\n" in new_text and "\n" not in document.text[start:end]:
        raise InputError("a correction stays within its speaker turn (no new line).")
    vault, keys = project.open_vault(passphrase)
    engine = Pseudonymiser(keys, allow=project.allow_terms())
    # detect in context: the words around help the model, only the new words are kept
    candidate = document.text[:start] + new_text + document.text[end:]
    found = engine.detect([candidate])[0]
    inside = [Entity(e.start - start, e.end - start, e.type, source=e.source) for e in found
              if start <= e.start and e.end <= start + len(new_text)]
    result = engine.apply(new_text, inside)
    with project.db.change(actor, "edit_transcript", document.name, {
        "start": start, "end": end, "new_length": len(result.text),
        "identifiers": len(result.entities),
    }) as s:
        repo.edit_document_text(s, document_id, [TextEdit(start, end, result.text)])
        repo.add_entities(s, document_id, [
            Entity(start + e.start, start + e.end, e.type, e.surrogate, e.source, e.form_index)
            for e in result.entities])
        vault.save(keys)
    return len(result.entities)
