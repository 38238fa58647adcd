"""The project itself: its creation, participants, imported documents and options."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import insert

from ...errors import ConflictError, InputError, ParticipantSheetError, ProjectError
from ...ingest.sheet import is_formula
from ...ingest.vocabulary import valid_label
from ...records import DocumentKind
from .. import repository as repo
from ..commands import (
    AssignParticipant,
    AttachMedia,
    CreateProject,
    ImportDocument,
    ImportParticipants,
    RecordBackup,
    RecordRestore,
    SetProjectOption,
)
from ..models import AccountRow, CodingRow, DocumentRow, ParticipantRow, ProjectRow, utcnow
from .core import Applied, Ctx, handles, reverses

_BAND = re.compile(r"\d{2}-\d{2}")
_MEDIA = re.compile(r"media/[0-9a-f]{16,64}\.[a-z0-9]{2,5}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_WORDS = 50  # professions or settings a project adds


@handles(CreateProject)
def create_project(ctx: Ctx, cmd: CreateProject) -> Applied:
    if repo.get_project(ctx.session) is not None:
        raise ProjectError("Ce dossier contient déjà un projet.")
    ctx.session.add(ProjectRow(id=cmd.project_id, name=cmd.name, vault_path=cmd.vault_path))
    ctx.session.add(AccountRow(username=cmd.username, role="admin",
                               password_hash=cmd.password_hash))
    return Applied(target=f"account:{cmd.username}", detail={"role": "admin"})


# the sheet's check refuses formulas with the other corrections; a command built elsewhere
# meets the same rule here
FREE_ATTRIBUTES = (("site", "site"), ("network", "reseau"), ("function", "fonction"))


@handles(ImportParticipants)
def import_participants(ctx: Ctx, cmd: ImportParticipants) -> Applied:
    for p in cmd.participants:
        for field, column in FREE_ATTRIBUTES:
            if is_formula(getattr(p, field)):
                raise ParticipantSheetError(
                    f"participant·e {p.id} : la colonne {column} commence comme une formule de "
                    "tableur (=, +, -, @) ; une formule serait exécutée par le tableur qui "
                    "ouvrirait un export. Tapez la valeur elle-même ; rien n'a été importé.",
                    id=p.id)
    n = repo.upsert_participants(ctx.session, cmd.participants)
    return Applied(result=n, detail={"participants": n})


@handles(ImportDocument)
def import_document(ctx: Ctx, cmd: ImportDocument) -> Applied:
    row = repo.add_document(
        ctx.session, name=cmd.name, kind=DocumentKind(cmd.doc_kind), text=cmd.text,
        turns=cmd.turns, entities=cmd.entities, content_hash=cmd.content_hash,
        participant_id=cmd.participant_id, header=cmd.header, source_format=cmd.source_format)
    for c in cmd.codings:
        if not 0 <= c.start < c.end <= len(cmd.text):
            raise InputError(f"Un codage importé sort du document ({c.start}-{c.end}).")
    if cmd.codings:
        # one executemany, not one ORM object per coding: a document can bring hundreds
        ctx.session.flush()
        # a file can hold the same coding twice (two selections of one passage): one coding
        once = dict.fromkeys((c.code_id, c.coder, c.start, c.end) for c in cmd.codings)
        ctx.session.execute(insert(CodingRow), [
            {"document_id": row.id, "code_id": code, "start": start, "end": end,
             "coder": coder, "quote": cmd.text[start:end], "created_at": utcnow()}
            for code, coder, start, end in once])
    return Applied(result=row.id, target=f"document:{row.id}",
                   detail={"kind": cmd.doc_kind, "turns": len(cmd.turns),
                           "entities": len(cmd.entities), "codings": len(cmd.codings),
                           "length": len(cmd.text), "format": cmd.source_format})


@handles(SetProjectOption)
def set_option(ctx: Ctx, cmd: SetProjectOption) -> Applied:
    row = repo.get_project(ctx.session)
    detail: dict[str, object] = {}
    if cmd.k_threshold is not None:
        if not 2 <= cmd.k_threshold <= 50:
            raise ProjectError("k est compris entre 2 et 50.")
        row.k_threshold = detail["k"] = cmd.k_threshold
    if cmd.blind is not None:
        row.blind = detail["blind"] = cmd.blind
    if cmd.band_labels is not None:
        for band, label in cmd.band_labels:
            if not _BAND.fullmatch(band) or not _BAND.fullmatch(label):
                raise ProjectError("Une tranche d'âge s'écrit comme 45-65.")
        row.band_labels = dict(cmd.band_labels)
        detail["band_labels"] = len(cmd.band_labels)
    vocabulary = dict(row.vocabulary or {})
    for name, words in (("professions", cmd.professions), ("settings", cmd.settings)):
        if words is None:
            continue
        if len(words) > MAX_WORDS or not all(valid_label(w) for w in words):
            raise InputError(f"Le vocabulaire du projet prend au plus {MAX_WORDS} "
                             f"{'professions' if name == 'professions' else 'lieux'}, chacun "
                             "un libellé court sans « / » ni virgule.")
        vocabulary[name] = list(dict.fromkeys(w.strip() for w in words))
        detail[name] = len(vocabulary[name])  # how many, never which: the audit holds no word
    if cmd.professions is not None or cmd.settings is not None:
        row.vocabulary = vocabulary
    return Applied(detail=detail)


@handles(AssignParticipant)
def assign_participant(ctx: Ctx, cmd: AssignParticipant) -> Applied:
    row = ctx.get(DocumentRow, cmd.document_id, "Le document")
    if row.kind == DocumentKind.OBSERVATION.value:
        raise InputError("Une note d'observation ne nomme personne : elle n'est attribuée à "
                         "aucun·e participant·e.", id=cmd.document_id)
    if cmd.participant_id is not None:
        ctx.get(ParticipantRow, cmd.participant_id, "Le ou la participant·e")
    old = row.participant_id
    row.participant_id = cmd.participant_id
    # the participant's id stays out of the audit event (an id chosen by a team can be a
    # first name); the undo journal, scrubbed like every stored word, keeps it
    return Applied(target=f"document:{row.id}",
                   detail={"assigned": cmd.participant_id is not None,
                           "was_assigned": old is not None},
                   journal={"document_id": row.id, "old": old, "new": cmd.participant_id})


def _reassign(current: str, wanted: str) -> Any:
    def do(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
        row = ctx.session.get(DocumentRow, p["document_id"])
        if row is None or row.participant_id != p[current]:
            raise ConflictError("Ce document a été attribué autrement depuis.",
                                id=p["document_id"])
        if p[wanted] is not None and ctx.session.get(ParticipantRow, p[wanted]) is None:
            raise ConflictError("Ce ou cette participant·e n'est plus dans le projet.")
        row.participant_id = p[wanted]
        return p
    return do


reverses(AssignParticipant.kind, _reassign("new", "old"), _reassign("old", "new"))


@handles(AttachMedia)
def attach_media(ctx: Ctx, cmd: AttachMedia) -> Applied:
    row = ctx.get(DocumentRow, cmd.document_id, "Le document")
    if cmd.path is None:
        row.media_path = row.media_hash = None
        return Applied(target=f"document:{row.id}", detail={"detached": True})
    if not _MEDIA.fullmatch(cmd.path) or not _SHA256.fullmatch(cmd.sha256 or ""):
        raise InputError("Un enregistrement est rangé sous media/, nommé d'après son "
                         "contenu.", id=cmd.document_id)
    row.media_path, row.media_hash = cmd.path, cmd.sha256
    return Applied(target=f"document:{row.id}",
                   detail={"bytes": cmd.size, "format": cmd.path.rsplit(".", 1)[1]})


@handles(RecordBackup)
def record_backup(ctx: Ctx, cmd: RecordBackup) -> Applied:
    return Applied(detail={"tables": cmd.tables, "rows": cmd.rows, "media": cmd.media})


@handles(RecordRestore)
def record_restore(ctx: Ctx, cmd: RecordRestore) -> Applied:
    row = repo.get_project(ctx.session)
    if row is None:
        raise ProjectError("La base restaurée n'a pas de projet.")
    row.vault_path = cmd.vault_path  # the key is where this machine keeps it now
    return Applied(detail={"tables": cmd.tables, "rows": cmd.rows, "media": cmd.media})
