"""The project itself: its creation, participants, imported documents and options."""

from __future__ import annotations

import re

from ...errors import InputError, ParticipantSheetError, ProjectError
from ...records import DocumentKind
from .. import repository as repo
from ..commands import CreateProject, ImportDocument, ImportParticipants, SetProjectOption
from ..models import AccountRow, CodingRow, ProjectRow
from .core import Applied, Ctx, handles

_BAND = re.compile(r"\d{2}-\d{2}")


@handles(CreateProject)
def create_project(ctx: Ctx, cmd: CreateProject) -> Applied:
    if repo.get_project(ctx.session) is not None:
        raise ProjectError("Ce dossier contient déjà un projet.")
    ctx.session.add(ProjectRow(id=cmd.project_id, name=cmd.name, vault_path=cmd.vault_path))
    ctx.session.add(AccountRow(username=cmd.username, role="admin",
                               password_hash=cmd.password_hash))
    return Applied(target=f"account:{cmd.username}", detail={"role": "admin"})


# what opens a spreadsheet formula: a value starting so, written to an export that a
# spreadsheet opens, would run there (=HYPERLINK(...) sends data away); OWASP's list
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FREE_ATTRIBUTES = (("site", "site"), ("network", "reseau"), ("function", "fonction"))


@handles(ImportParticipants)
def import_participants(ctx: Ctx, cmd: ImportParticipants) -> Applied:
    for p in cmd.participants:
        for field, column in FREE_ATTRIBUTES:
            if getattr(p, field).startswith(FORMULA_STARTS):
                raise ParticipantSheetError(
                    f"participant {p.id}: the column {column} starts as a spreadsheet formula "
                    "does (=, +, -, @): formulas are refused, since an export opened in a "
                    "spreadsheet would run them. Type the value itself; nothing was imported.",
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
        ctx.session.add(CodingRow(document_id=row.id, code_id=c.code_id, start=c.start,
                                  end=c.end, coder=c.coder, quote=cmd.text[c.start:c.end]))
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
    return Applied(detail=detail)
