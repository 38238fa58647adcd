"""Coding: the project's codebook, codings, memos, and undo/redo from the audit log.

Every change is an operation with a JSON payload: ``perform`` applies it and writes its audit
event in one transaction; ``undo`` and ``redo`` replay the inverse or the operation itself
from that log, for one coder's own actions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from .codebook import Code, Codebook
from .errors import InputError
from .project import Project
from .records import Coding, Memo
from .store.models import AuditEventRow, CodeRow, CoderRow, CodingRow, DocumentRow, MemoRow

Payload = dict[str, Any]


# -- reading ---------------------------------------------------------------------------------
def _code(r: CodeRow) -> Code:
    return Code(r.id, r.label, r.parent_id, r.description, r.color, tuple(r.lemmas or ()),
                tuple(r.examples or ()), r.position, r.guid)


def _coding(r: CodingRow) -> Coding:
    return Coding(r.id, r.document_id, r.code_id, r.start, r.end, r.coder, r.quote, r.created_at)


def codebook(project: Project) -> Codebook:
    with project.db.session() as s:
        rows = s.scalars(select(CodeRow).order_by(CodeRow.position, CodeRow.id))
        return Codebook(project.name, tuple(_code(r) for r in rows))


def codings(project: Project, document_id: int | None = None,
            coders: Sequence[str] | None = None) -> list[Coding]:
    with project.db.session() as s:
        q = select(CodingRow).order_by(CodingRow.document_id, CodingRow.start, CodingRow.id)
        if document_id is not None:
            q = q.where(CodingRow.document_id == document_id)
        if coders:
            q = q.where(CodingRow.coder.in_(list(coders)))
        return [_coding(r) for r in s.scalars(q)]


def coders(project: Project) -> list[str]:
    with project.db.session() as s:
        named = set(s.scalars(select(CoderRow.name)))
        named |= set(s.scalars(select(CodingRow.coder).distinct()))
    return sorted(named)


def memos(project: Project, target_kind: str | None = None, target_id: str | None = None,
          search: str = "") -> list[Memo]:
    with project.db.session() as s:
        q = select(MemoRow).order_by(MemoRow.updated_at.desc())
        if target_kind:
            q = q.where(MemoRow.target_kind == target_kind)
        if target_id is not None:
            q = q.where(MemoRow.target_id == str(target_id))
        if search:
            q = q.where(func.lower(MemoRow.text).contains(search.lower()))
        return [Memo(r.id, r.target_kind, r.target_id, r.author, r.text, r.updated_at)
                for r in s.scalars(q)]


# -- operations: (apply, invert), both pure functions of the session and the payload ----------
def _add_code(s: Session, p: Payload) -> None:
    c = p["code"]
    if s.get(CodeRow, c["id"]) is not None:
        raise InputError(f"a code {c['id']!r} already exists.")
    if c.get("parent_id") and s.get(CodeRow, c["parent_id"]) is None:
        raise InputError(f"unknown parent code {c['parent_id']!r}.")
    s.add(CodeRow(**c))


def _remove_code_row(s: Session, p: Payload) -> None:
    s.delete(s.get(CodeRow, p["code"]["id"]))


def _set_code_fields(key: str) -> Callable[[Session, Payload], None]:
    def do(s: Session, p: Payload) -> None:
        row = s.get(CodeRow, p["code_id"])
        if row is None:
            raise InputError(f"unknown code {p['code_id']!r}.")
        setattr(row, key, p[f"new_{key}"])
    return do


def _unset_code_fields(key: str) -> Callable[[Session, Payload], None]:
    def do(s: Session, p: Payload) -> None:
        setattr(s.get(CodeRow, p["code_id"]), key, p[f"old_{key}"])
    return do


def _merge(s: Session, p: Payload) -> None:
    s.execute(update(CodingRow).where(CodingRow.id.in_(p["codings"]))
              .values(code_id=p["target"]))
    s.execute(update(CodeRow).where(CodeRow.id.in_(p["children"])).values(parent_id=p["target"]))
    s.flush()
    s.delete(s.get(CodeRow, p["code"]["id"]))


def _unmerge(s: Session, p: Payload) -> None:
    s.add(CodeRow(**p["code"]))
    s.flush()
    s.execute(update(CodingRow).where(CodingRow.id.in_(p["codings"]))
              .values(code_id=p["code"]["id"]))
    s.execute(update(CodeRow).where(CodeRow.id.in_(p["children"]))
              .values(parent_id=p["code"]["id"]))


def _delete_code(s: Session, p: Payload) -> None:
    s.execute(delete(CodingRow).where(CodingRow.code_id == p["code"]["id"]))
    s.delete(s.get(CodeRow, p["code"]["id"]))


def _undelete_code(s: Session, p: Payload) -> None:
    s.add(CodeRow(**p["code"]))
    s.flush()
    for c in p["removed"]:
        s.add(CodingRow(**c))


def _add_codings(s: Session, p: Payload) -> None:
    for c in p["codings"]:
        row = CodingRow(**c)
        s.add(row)
        s.flush()
        c["id"] = row.id  # written into the audit event: redo reuses it


def _remove_codings(s: Session, p: Payload) -> None:
    s.execute(delete(CodingRow).where(CodingRow.id.in_([c["id"] for c in p["codings"]])))


def _recode(s: Session, p: Payload) -> None:
    s.get(CodingRow, p["coding_id"]).code_id = p["new_code"]


def _unrecode(s: Session, p: Payload) -> None:
    s.get(CodingRow, p["coding_id"]).code_id = p["old_code"]


def _add_memo(s: Session, p: Payload) -> None:
    row = MemoRow(**p["memo"])
    s.add(row)
    s.flush()
    p["memo"]["id"] = row.id


def _remove_memo(s: Session, p: Payload) -> None:
    s.delete(s.get(MemoRow, p["memo"]["id"]))


def _edit_memo(s: Session, p: Payload) -> None:
    s.get(MemoRow, p["memo_id"]).text = p["new_text"]


def _unedit_memo(s: Session, p: Payload) -> None:
    s.get(MemoRow, p["memo_id"]).text = p["old_text"]


def _replace_codings(s: Session, p: Payload) -> None:
    _remove_codings(s, {"codings": p["removed"]})
    s.flush()
    _add_codings(s, {"codings": p["added"]})


def _unreplace_codings(s: Session, p: Payload) -> None:
    _remove_codings(s, {"codings": p["added"]})
    s.flush()
    _add_codings(s, {"codings": p["removed"]})


OPERATIONS: dict[str, tuple[Callable[[Session, Payload], None],
                            Callable[[Session, Payload], None]]] = {
    "add_code": (_add_code, _remove_code_row),
    "rename_code": (_set_code_fields("label"), _unset_code_fields("label")),
    "move_code": (_set_code_fields("parent_id"), _unset_code_fields("parent_id")),
    "merge_codes": (_merge, _unmerge),
    "delete_code": (_delete_code, _undelete_code),
    "add_codings": (_add_codings, _remove_codings),
    "remove_codings": (_remove_codings, _add_codings),
    "recode": (_recode, _unrecode),
    "replace_codings": (_replace_codings, _unreplace_codings),
    "add_memo": (_add_memo, _remove_memo),
    "edit_memo": (_edit_memo, _unedit_memo),
    "delete_memo": (_remove_memo, _add_memo),
}


def perform(project: Project, actor: str, op: str, payload: Payload, target: str = "") -> Payload:
    """Apply one operation and write its audit event, in one transaction."""
    with project.db.change(actor, op, target, {"payload": payload}) as s:
        OPERATIONS[op][0](s, payload)
    return payload


def _history(project: Project, actor: str) -> tuple[list[AuditEventRow], list[AuditEventRow]]:
    """This actor's applied operations (a stack) and undone ones (the redo stack)."""
    with project.db.session() as s:
        events = list(s.scalars(
            select(AuditEventRow).where(AuditEventRow.actor == actor)
            .where(or_(AuditEventRow.action.in_(list(OPERATIONS)),
                       AuditEventRow.action.in_(["undo", "redo"])))
            .order_by(AuditEventRow.id)))
    by_id = {e.id: e for e in events}
    applied: list[AuditEventRow] = []
    undone: list[AuditEventRow] = []
    for e in events:
        if e.action == "undo":
            original = by_id.get(e.detail["undoes"])
            if applied and applied[-1] is original:
                applied.pop()
            undone.append(original)
        elif e.action == "redo":
            original = by_id.get(e.detail["redoes"])
            if undone and undone[-1] is original:
                undone.pop()
            applied.append(original)
        else:
            applied.append(e)
            undone.clear()  # a new action forgets what could be redone
    return applied, undone


def undo(project: Project, actor: str) -> str | None:
    """Revert this actor's last applied operation; returns its name, or None."""
    applied, _ = _history(project, actor)
    return _replay(project, actor, applied, "undo", "undoes", 1)


def redo(project: Project, actor: str) -> str | None:
    """Apply again this actor's last undone operation; returns its name, or None."""
    _, undone = _history(project, actor)
    return _replay(project, actor, undone, "redo", "redoes", 0)


def _replay(project: Project, actor: str, stack: list[AuditEventRow], action: str, key: str,
            side: int) -> str | None:
    if not stack:
        return None
    event = stack[-1]
    with project.db.change(actor, action, event.action, {key: event.id}) as s:
        OPERATIONS[event.action][side](s, event.detail["payload"])
    return event.action


# -- the codebook ------------------------------------------------------------------------------
def _code_payload(c: Code, position: int | None = None) -> Payload:
    return {"id": c.id, "parent_id": c.parent, "label": c.label, "description": c.description,
            "color": c.color, "position": c.position if position is None else position,
            "lemmas": list(c.lemmas), "examples": list(c.examples), "guid": c.source_guid}


def import_codebook(project: Project, book: Codebook, actor: str) -> int:
    """Add the codes the project does not have yet (one transaction)."""
    existing = {c.id for c in codebook(project).codes}
    new = [c for c in book.codes if c.id not in existing]
    with project.db.change(actor, "import_codebook", book.name, {"codes": len(new)}) as s:
        for c in sorted(new, key=lambda c: c.parent is not None):
            s.add(CodeRow(**_code_payload(c)))
    return len(new)


def add_code(project: Project, code: Code, actor: str) -> None:
    position = len(codebook(project).codes)
    perform(project, actor, "add_code", {"code": _code_payload(code, position)}, code.id)


def rename_code(project: Project, code_id: str, label: str, actor: str) -> None:
    old = codebook(project).by_id.get(code_id)
    if old is None or not label.strip():
        raise InputError(f"unknown code {code_id!r}, or an empty label.")
    perform(project, actor, "rename_code",
            {"code_id": code_id, "old_label": old.label, "new_label": label.strip()}, code_id)


def move_code(project: Project, code_id: str, parent: str | None, actor: str) -> None:
    book = codebook(project)
    if code_id not in book.by_id or (parent is not None and parent not in book.by_id):
        raise InputError("unknown code or parent.")
    ancestor = parent
    while ancestor is not None:
        if ancestor == code_id:
            raise InputError("a code cannot move under itself or its own sub-codes.")
        ancestor = book.by_id[ancestor].parent
    perform(project, actor, "move_code", {"code_id": code_id, "old_parent_id":
                                          book.by_id[code_id].parent, "new_parent_id": parent},
            code_id)


def merge_codes(project: Project, source: str, target: str, actor: str) -> int:
    """Move every coding (and sub-code) of ``source`` to ``target``, then drop ``source``."""
    book = codebook(project)
    if source == target or source not in book.by_id or target not in book.by_id:
        raise InputError("merge two different, existing codes.")
    moved = [c.id for c in codings(project) if c.code_id == source]
    children = [c.id for c in book.children(source)]
    perform(project, actor, "merge_codes", {"code": _code_payload(book.by_id[source]),
                                            "target": target, "codings": moved,
                                            "children": children}, source)
    return len(moved)


def delete_code(project: Project, code_id: str, actor: str) -> int:
    book = codebook(project)
    if code_id not in book.by_id:
        raise InputError(f"unknown code {code_id!r}.")
    if book.children(code_id):
        raise InputError("this code has sub-codes: move or delete them first.")
    removed = [_coding_payload(c, with_id=True) for c in codings(project) if c.code_id == code_id]
    perform(project, actor, "delete_code", {"code": _code_payload(book.by_id[code_id]),
                                            "removed": removed}, code_id)
    return len(removed)


# -- codings -----------------------------------------------------------------------------------
def _coding_payload(c: Coding, with_id: bool = False) -> Payload:
    out: Payload = {"document_id": c.document_id, "code_id": c.code_id, "start": c.start,
                    "end": c.end, "coder": c.coder, "quote": c.quote}
    if with_id:
        out["id"] = c.id
    return out


def add_coding(project: Project, document_id: int, code_ids: Sequence[str], start: int,
               end: int, coder: str) -> list[Coding]:
    """Code a span with one or several codes; the span is trimmed of surrounding spaces."""
    document = project.document(document_id)
    known = codebook(project).by_id
    if not code_ids or any(c not in known for c in code_ids):
        raise InputError("choose one or several codes of the codebook.")
    if not 0 <= start < end <= len(document.text):
        raise InputError(f"the span {start}-{end} is outside the document.")
    while start < end and document.text[start].isspace():
        start += 1
    while end > start and document.text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InputError("the selection is empty.")
    quote = document.text[start:end]
    payload = {"codings": [{"document_id": document_id, "code_id": c, "start": start,
                            "end": end, "coder": coder, "quote": quote} for c in code_ids]}
    perform(project, coder, "add_codings", payload, document.name)
    return [Coding(c["id"], document_id, c["code_id"], start, end, coder, quote)
            for c in payload["codings"]]


def add_coding_many(project: Project, spans: Sequence[tuple[int, int, int]],
                    code_ids: Sequence[str], coder: str) -> list[Coding]:
    """Code many ``(document id, start, end)`` spans in one undoable action (auto-coding)."""
    known = codebook(project).by_id
    if not code_ids or any(c not in known for c in code_ids):
        raise InputError("choose one or several codes of the codebook.")
    if not spans:
        raise InputError("nothing to code.")
    texts = {d: project.document(d).text for d in {s[0] for s in spans}}
    payload = {"codings": [
        {"document_id": d, "code_id": c, "start": a, "end": b, "coder": coder,
         "quote": texts[d][a:b]} for d, a, b in spans for c in code_ids]}
    perform(project, coder, "add_codings", payload, f"{len(spans)} passage(s)")
    return [Coding(c["id"], c["document_id"], c["code_id"], c["start"], c["end"], coder,
                   c["quote"]) for c in payload["codings"]]


def code_turn(project: Project, document_id: int, turn_index: int, code_ids: Sequence[str],
              coder: str) -> list[Coding]:
    turn = next((t for t in project.document(document_id).turns if t.index == turn_index), None)
    if turn is None:
        raise InputError(f"no turn {turn_index} in this document.")
    return add_coding(project, document_id, code_ids, turn.start, turn.end, coder)


def _find_coding(project: Project, coding_id: int) -> Coding:
    with project.db.session() as s:
        row = s.get(CodingRow, coding_id)
        if row is None:
            raise InputError(f"no coding {coding_id}.")
        return _coding(row)


def _find_memo(project: Project, memo_id: int) -> Memo:
    with project.db.session() as s:
        r = s.get(MemoRow, memo_id)
        if r is None:
            raise InputError(f"no memo {memo_id}.")
        return Memo(r.id, r.target_kind, r.target_id, r.author, r.text, r.updated_at)


def remove_coding(project: Project, coding_id: int, actor: str) -> None:
    found = _find_coding(project, coding_id)
    perform(project, actor, "remove_codings",
            {"codings": [_coding_payload(found, with_id=True)]}, str(coding_id))


def recode(project: Project, coding_id: int, new_code: str, actor: str) -> None:
    found = _find_coding(project, coding_id)
    if new_code not in codebook(project).by_id:
        raise InputError(f"unknown code {new_code!r}.")
    perform(project, actor, "recode", {"coding_id": coding_id, "old_code": found.code_id,
                                       "new_code": new_code}, str(coding_id))


def add_coder(project: Project, name: str, actor: str) -> None:
    name = name.strip()
    if not name:
        raise InputError("a coder needs a name.")
    with project.db.change(actor, "add_coder", name) as s:
        if s.get(CoderRow, name) is None:
            s.add(CoderRow(name=name))


# -- memos -------------------------------------------------------------------------------------
MEMO_TARGETS = ("project", "document", "code", "coding")


def add_memo(project: Project, target_kind: str, target_id: str, text: str,
             author: str) -> int:
    if target_kind not in MEMO_TARGETS or not text.strip():
        raise InputError(f"a memo needs text and a target among {', '.join(MEMO_TARGETS)}.")
    payload = perform(project, author, "add_memo", {"memo": {
        "target_kind": target_kind, "target_id": str(target_id), "author": author,
        "text": text.strip()}}, f"{target_kind}:{target_id}")
    return payload["memo"]["id"]


def edit_memo(project: Project, memo_id: int, text: str, author: str) -> None:
    found = _find_memo(project, memo_id)
    perform(project, author, "edit_memo", {"memo_id": memo_id, "old_text": found.text,
                                           "new_text": text.strip()}, str(memo_id))


def delete_memo(project: Project, memo_id: int, author: str) -> None:
    m = _find_memo(project, memo_id)
    perform(project, author, "delete_memo", {"memo": {
        "id": m.id, "target_kind": m.target_kind, "target_id": m.target_id,
        "author": m.author, "text": m.text}}, str(memo_id))


def document_ids_by_name(project: Project) -> dict[str, int]:
    with project.db.session() as s:
        return {name: doc_id for name, doc_id in s.execute(select(DocumentRow.name,
                                                                  DocumentRow.id))}


# -- suggestions a coder turned down -------------------------------------------------------
def reject_suggestion(project: Project, document_id: int, start: int, end: int, code_id: str,
                      coder: str) -> None:
    """Remembered (in the audit log) so the same code is not suggested again there."""
    with project.db.change(coder, "reject_suggestion", code_id,
                           {"document_id": document_id, "start": start, "end": end}):
        pass


def rejected_codes(project: Project, document_id: int, start: int, end: int,
                   coder: str) -> set[str]:
    with project.db.session() as s:
        events = s.scalars(select(AuditEventRow).where(
            AuditEventRow.action == "reject_suggestion", AuditEventRow.actor == coder))
        return {e.target for e in events if e.detail.get("document_id") == document_id
                and e.detail.get("start", 0) < end and start < e.detail.get("end", 0)}


def import_reference_codings(project: Project, path: Path, actor: str) -> tuple[int, int]:
    """Codings written by the corpus authors (``document, coder, code, quote`` per JSON line),
    placed where each quote stands in the stored text. Returns (placed, not found)."""
    rows = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line]
    docs = {d.participant.id: d for d in project.documents() if d.participant}
    known = codebook(project).by_id
    placed = missing = 0
    groups: dict[tuple[int, str], list[Payload]] = {}
    texts: dict[int, str] = {}
    for r in rows:
        summary = docs.get(r["document"])
        if summary is None or r["code"] not in known:
            missing += 1
            continue
        text = texts.setdefault(summary.id, project.document(summary.id).text)
        start = text.find(r["quote"])
        if start < 0:
            missing += 1
            continue
        groups.setdefault((summary.id, r["coder"]), []).append({
            "document_id": summary.id, "code_id": r["code"], "start": start,
            "end": start + len(r["quote"]), "coder": r["coder"], "quote": r["quote"]})
    for (doc_id, coder), items in groups.items():
        perform(project, coder, "add_codings", {"codings": items}, str(doc_id))
        placed += len(items)
    return placed, missing


def reconcile(project: Project, document_id: int, code_id: str, coders: Sequence[str],
              keep: str | None, actor: str) -> int:
    """Settle a disagreement on one code in one document: every coder takes ``keep``'s spans,
    or (``keep=None``) the union of everyone's. One undoable, audited action."""
    current = [c for c in codings(project, document_id, coders) if c.code_id == code_id]
    if keep is not None and keep not in coders:
        raise InputError(f"{keep} is not one of the coders compared.")
    source = [c for c in current if keep is None or c.coder == keep]
    spans = sorted({(c.start, c.end, c.quote) for c in source})
    removed = [_coding_payload(c, with_id=True) for c in current]
    added = [{"document_id": document_id, "code_id": code_id, "start": a, "end": b,
              "coder": who, "quote": q} for who in coders for a, b, q in spans]
    perform(project, actor, "replace_codings", {"removed": removed, "added": added},
            f"{document_id}:{code_id}")
    return len(spans)
