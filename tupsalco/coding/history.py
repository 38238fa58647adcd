"""Undo and redo of one's own changes, said in French."""

from __future__ import annotations

from ..project import Project
from ..records import Viewer
from ..store.commands import Redo, Undo
from ..store.write import Replayed

KIND_NAMES = {
    "add_codings": "codage", "import_codings": "import de codages",
    "remove_codings": "retrait de codage", "recode": "changement de code",
    "reconcile": "réconciliation", "reject_suggestion": "suggestion écartée",
    "add_code": "ajout de code", "rename_code": "renommage de code",
    "move_code": "déplacement de code", "merge_codes": "fusion de codes",
    "delete_code": "suppression de code", "add_memo": "mémo", "edit_memo": "modification de mémo",
    "delete_memo": "suppression de mémo", "edit_text": "correction du texte",
    "round.open": "ouverture de ronde", "round.close": "clôture de ronde",
    "round.adjudicate": "décision sur un désaccord",
}


def undo(project: Project, viewer: Viewer) -> Replayed | None:
    """Revert this account's last change still applied; None if there is none."""
    return project.execute(viewer, Undo())


def redo(project: Project, viewer: Viewer) -> Replayed | None:
    """Apply again this account's last undone change; None if there is none."""
    return project.execute(viewer, Redo())


def said(replayed: Replayed | None, verb: str) -> str:
    """``Annulé : codage.``; or why it could not be, in French."""
    if replayed is None:
        return f"Rien à {'annuler' if verb == 'Annulé' else 'rétablir'}."
    name = KIND_NAMES.get(replayed.kind, replayed.kind)
    if replayed.dropped:
        return f"« {name} » ne peut plus être rejoué et quitte votre historique : {replayed.reason}"
    return f"{verb} : {name}."
