"""What each process of the concurrency tests does: importable by a spawned process (no
fixtures, no model), one project opened per process as a second app server would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tupsalco import coding
from tupsalco.errors import ConflictError
from tupsalco.project import Project
from tupsalco.records import Viewer


def same_coding(folder: str, viewer: Viewer, span: tuple[int, int, int], code: str,
                barrier: Any, out: Any) -> None:
    """Apply one coding at the same moment as the others."""
    p = Project.open(Path(folder))
    try:
        barrier.wait()
        out.put([c.id for c in coding.add_coding(p, viewer, span[0], [code], span[1], span[2])])
    finally:
        p.close()


def recode_from(folder: str, viewer: Viewer, coding_id: int, version: int, code: str,
                barrier: Any, out: Any) -> None:
    """Recode a coding from the version every page showed: one wins, the others are told."""
    p = Project.open(Path(folder))
    try:
        barrier.wait()
        try:
            coding.recode(p, viewer, coding_id, code, version=version)
            out.put("ok")
        except ConflictError as exc:
            out.put(f"conflict: {exc}")
    finally:
        p.close()


def append_to_label(folder: str, viewer: Viewer, code_id: str, mark: str, times: int,
                    barrier: Any, out: Any) -> None:
    """Rename a code ``times`` times, each time appending to the label just read, from its
    version; on a conflict, read again and redo (what a coder does when the page says so).
    A lost update would lose a mark."""
    p = Project.open(Path(folder))
    conflicts = 0
    try:
        barrier.wait()
        done = 0
        while done < times:
            code = coding.codebook(p).by_id[code_id]
            try:
                coding.rename_code(p, viewer, code_id, f"{code.label} {mark}{done}",
                                   version=code.version)
                done += 1
            except ConflictError:
                conflicts += 1
        out.put(conflicts)
    finally:
        p.close()


def import_same(folder: str, viewer: Viewer, span: tuple[int, int, int], code: str,
                coder: str, barrier: Any, out: Any) -> None:
    """Import one coding under ``coder``'s name at the same moment as others apply it."""
    from tupsalco.store.commands import ImportCodings, Span

    p = Project.open(Path(folder))
    try:
        barrier.wait()
        out.put(p.execute(viewer, ImportCodings(((Span(*span), code, coder),))))
    finally:
        p.close()


def apply_or_import(folder: str, viewer: Viewer, span: tuple[int, int, int], code: str,
                    how: str, barrier: Any, out: Any) -> None:
    """``how`` "apply": as a coder's page does; "import": the same coding under the viewer's
    name, as an admin's import does."""
    if how == "import":
        import_same(folder, viewer, span, code, viewer.username, barrier, out)
    else:
        same_coding(folder, viewer, span, code, barrier, out)
