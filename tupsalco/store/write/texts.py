"""Stored texts: transcript corrections (undoable) and the pseudonymisation review's
decisions (not undoable: they follow the key, and a marked identifier must not come back)."""

from __future__ import annotations

from typing import Any

from ...errors import ConflictError, InputError
from ...pseudonymise.surrogates import SURROGATE, TYPE_LABELS
from ...records import Entity, TextEdit
from .. import follow
from .. import repository as repo
from ..commands import (
    AcceptSurrogate,
    EditText,
    MarkMissed,
    RecordPassphraseChange,
    RecordReveal,
    Rerun,
    RestoreWords,
    Retype,
    ReviewEdits,
    SetReviewStatus,
)
from ..models import DocumentRow
from .core import Applied, Ctx, handles, reverses

_TYPES = {label: type_ for type_, label in TYPE_LABELS.items()}


def _entity_snaps(entities: list[Entity] | tuple[Entity, ...], base: int) -> list[dict]:
    return [{"start": e.start - base, "end": e.end - base, "type": e.type,
             "surrogate": e.surrogate, "source": e.source, "form_index": e.form_index,
             "doubt": e.doubt} for e in entities]


def _located(text: str, snaps: list[dict], base: int) -> list[Entity]:
    """The surrogates standing in ``text``, with what the journal knew of each (a surrogate
    a marked identifier put there since is typed by its label)."""
    unused = list(snaps)
    out = []
    for m in SURROGATE.finditer(text):
        known = next((e for e in unused if e["surrogate"] == m.group(0)), None)
        if known is not None:
            unused.remove(known)
        label = m.group(0)[1:-1].rsplit(" ", 1)[0]
        out.append(Entity(base + m.start(), base + m.end(),
                          known["type"] if known else _TYPES[label], m.group(0),
                          known["source"] if known else "review",
                          known["form_index"] if known else 0,
                          doubt=bool(known and known.get("doubt"))))
    return out


def _replace(ctx: Ctx, document_id: int, start: int, end: int, new: str,
             entities: list[Entity]) -> None:
    repo.edit_document_text(ctx.session, document_id, [TextEdit(start, end, new)])
    repo.add_entities(ctx.session, document_id, entities)


@handles(EditText)
def edit_text(ctx: Ctx, cmd: EditText) -> Applied:
    row = ctx.get(DocumentRow, cmd.document_id, "Le document")
    if cmd.version is not None and (row.version or 1) != cmd.version:
        raise ConflictError(f"Quelqu'un a modifié le texte du document n° {row.id} entre-temps "
                            "; rechargez la page pour voir sa version actuelle, puis refaites "
                            "votre correction.", id=row.id)
    if not 0 <= cmd.start <= cmd.end <= len(row.text):
        raise InputError(f"Le passage {cmd.start}-{cmd.end} sort du document.",
                         id=cmd.document_id)
    if "\n" in cmd.new and "\n" not in row.text[cmd.start:cmd.end]:
        raise InputError("Une correction reste dans son tour de parole (pas de retour à la "
                         "ligne).")
    old = row.text[cmd.start:cmd.end]
    old_entities = [e for e in repo.document_entities(ctx.session, cmd.document_id)
                    if cmd.start <= e.start and e.end <= cmd.end]
    new_entities = [Entity(cmd.start + e.start, cmd.start + e.end, e.type, e.surrogate,
                           e.source, e.form_index, doubt=e.doubt) for e in cmd.entities]
    _replace(ctx, cmd.document_id, cmd.start, cmd.end, cmd.new, new_entities)
    return Applied(
        result=len(cmd.entities), target=f"document:{cmd.document_id}",
        detail={"start": cmd.start, "old_length": len(old), "new_length": len(cmd.new),
                "identifiers": len(cmd.entities)},
        journal={"document_id": cmd.document_id, "start": cmd.start,
                 "end": cmd.start + len(cmd.new), "old": old, "new": cmd.new,
                 "old_entities": _entity_snaps(old_entities, cmd.start),
                 "new_entities": _entity_snaps(new_entities, cmd.start)})


def _swap_text(current: str, wanted: str) -> Any:
    def do(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
        row = ctx.session.get(DocumentRow, p["document_id"])
        start, end = p["start"], p["end"]
        if row is None or row.text[start:end] != p[current]:
            raise ConflictError("Ce passage a été modifié depuis : la correction ne peut plus "
                                "être annulée ni rétablie.", id=p["document_id"])
        text = p[wanted]
        _replace(ctx, p["document_id"], start, end, text,
                 _located(text, p[f"{wanted}_entities"], start))
        return {**p, "end": start + len(text)}
    return do


reverses(EditText.kind, _swap_text("new", "old"), _swap_text("old", "new"))


@handles(RestoreWords)
@handles(Retype)
@handles(MarkMissed)
@handles(Rerun)
def review_edits(ctx: Ctx, cmd: ReviewEdits) -> Applied:
    for document_id, edits in cmd.edits:
        repo.edit_document_text(ctx.session, document_id, list(edits))
    for term in cmd.allow:
        repo.add_allow_term(ctx.session, term, ctx.viewer.username)
    scrubbed = follow.scrub(ctx.session, cmd.scrub) if cmd.scrub is not None else 0
    occurrences = sum(len(edits) for _, edits in cmd.edits)
    return Applied(result=occurrences, target=cmd.surrogate,
                   detail={"occurrences": occurrences,
                           "documents": len(cmd.edits), "other_texts": scrubbed})


@handles(AcceptSurrogate)
def accept_surrogate(ctx: Ctx, cmd: AcceptSurrogate) -> Applied:
    n = repo.accept_surrogate(ctx.session, cmd.surrogate, ctx.viewer.username)
    if not n:
        raise InputError(f"{cmd.surrogate} n'est pas un pseudonyme de ce projet.")
    return Applied(result=n, target=cmd.surrogate, detail={"occurrences": n})


@handles(SetReviewStatus)
def set_review_status(ctx: Ctx, cmd: SetReviewStatus) -> Applied:
    status = "checked" if cmd.checked else "unchecked"
    repo.set_review_status(ctx.session, cmd.document_id, status, ctx.viewer.username)
    return Applied(target=f"document:{cmd.document_id}", detail={"status": status})


@handles(RecordReveal)
def record_reveal(ctx: Ctx, cmd: RecordReveal) -> Applied:
    return Applied(target=cmd.surrogate, detail={"forms": cmd.forms})


@handles(RecordPassphraseChange)
def record_passphrase_change(ctx: Ctx, cmd: RecordPassphraseChange) -> Applied:
    return Applied(detail={"pending": cmd.pending})
