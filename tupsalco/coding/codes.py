"""The project's codebook: read it, and change it through typed commands."""

from __future__ import annotations

from ..codebook import Code, Codebook
from ..project import Project
from ..records import Viewer
from ..store import repository as repo
from ..store.commands import AddCode, DeleteCode, ImportCodes, MergeCodes, MoveCode, RenameCode


def codebook(project: Project) -> Codebook:
    with project.db.session() as s:
        return Codebook(project.name, tuple(repo.codes(s)))


def import_codebook(project: Project, viewer: Viewer, book: Codebook) -> int:
    """Add the codes the project does not have yet (one transaction); returns how many."""
    return project.execute(viewer, ImportCodes(tuple(book.codes)))


def add_code(project: Project, viewer: Viewer, code: Code) -> None:
    project.execute(viewer, AddCode(code))


# ``version``: the code's version the page showed (``Code.version``); a change made on an
# older one is refused with a ConflictError, None changes the current one


def rename_code(project: Project, viewer: Viewer, code_id: str, label: str, *,
                version: int | None = None) -> None:
    project.execute(viewer, RenameCode(code_id, label, version))


def move_code(project: Project, viewer: Viewer, code_id: str, parent: str | None, *,
              version: int | None = None) -> None:
    project.execute(viewer, MoveCode(code_id, parent, version))


def merge_codes(project: Project, viewer: Viewer, source: str, target: str, *,
                version: int | None = None) -> int:
    """Move every coding, sub-code and memo of ``source`` to ``target``, then drop
    ``source``; returns how many codings moved."""
    return project.execute(viewer, MergeCodes(source, target, version))


def delete_code(project: Project, viewer: Viewer, code_id: str, *,
                version: int | None = None) -> int:
    """Delete a code without sub-codes, with its codings; returns how many went."""
    return project.execute(viewer, DeleteCode(code_id, version))
