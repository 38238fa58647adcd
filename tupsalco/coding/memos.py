"""Memos on the project, a document, a code or a coding: pseudonymised at the door by the
caller's key when one is given, kept apart per coder while coding is blind."""

from __future__ import annotations

from ..project import Project
from ..records import AccountRole, Memo, Viewer
from ..store import repository as repo
from ..store.commands import MEMO_TARGETS, AddMemo, DeleteMemo, EditMemo

__all__ = ["MEMO_TARGETS", "add_memo", "delete_memo", "edit_memo", "memos"]


def memos(project: Project, viewer: Viewer, target_kind: str | None = None,
          target_id: str | None = None, search: str = "") -> list[Memo]:
    """The memos this viewer may read: a blind coder's own only (the others' would tell
    how they coded)."""
    author = viewer.username if viewer.role is AccountRole.CODER and project.blind else None
    with project.db.session() as s:
        return repo.memos(s, target_kind, target_id, search, author)


def add_memo(project: Project, viewer: Viewer, target_kind: str, target_id: str,
             text: str) -> int:
    return project.execute(viewer, AddMemo(target_kind, str(target_id), text))


def edit_memo(project: Project, viewer: Viewer, memo_id: int, text: str) -> None:
    project.execute(viewer, EditMemo(memo_id, text))


def delete_memo(project: Project, viewer: Viewer, memo_id: int) -> None:
    project.execute(viewer, DeleteMemo(memo_id))
