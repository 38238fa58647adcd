"""What another tool wrote about its material, as memos: its notes (with their titles), the
comments on its quotations, and its sets.

Every memo is written under the importing account: the other tool's user names are people's
real names, and the audit log names who made a change here. Memos are pseudonymised like the
texts, with the key the documents used, so a name in a note is replaced as it is in the text.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .. import coding
from ..errors import ExchangeError
from ..ingest.language import check_french
from ..project import Project
from ..pseudonymise.engine import Pseudonymiser
from ..pseudonymise.languages import LanguageAwarePseudonymiser
from ..pseudonymise.vault import KeyData, Vault
from ..records import Viewer
from ..store.commands import AddMemo
from .project_export import NOTE_TITLE
from .report import Tally, description
from .sources import Budget, source_text
from .xml import child, children, listed, local, norm_guid

GENERIC_TITLES = (NOTE_TITLE,)  # our own export's note titles: nothing to keep


@dataclass(frozen=True, slots=True)
class Imported:
    """Where the file's items landed: source GUID to document id, selection GUID to the id of
    its first coding (and to its document), code GUID to code id, code id to label."""

    documents: dict[str, int]
    selections: dict[str, int]
    selection_documents: dict[str, int]
    code_ids: dict[str, str]
    document_names: dict[int, str]
    code_labels: dict[str, str]


@dataclass(frozen=True, slots=True)
class _Draft:
    what: str  # notes, quotation comments, sets
    kind: str
    target: str
    text: str
    titled: bool = False
    protected: tuple[tuple[int, int], ...] = ()  # our own names in it: codes, documents


def import_memos(project: Project, root: ET.Element, archive: zipfile.ZipFile | None,
                 opened: tuple[Vault, KeyData], engine: Pseudonymiser, where: Imported,
                 viewer: Viewer, file_name: str, budget: Budget, left_out: list[str],
                 warnings: list[str]) -> tuple[int, list[Tally]]:
    """Write the memos; return how many were added and a tally per kind of item."""
    drafts = [*_notes(root, archive, where, budget, left_out), *_comments(root, where),
              *_sets(root, where, file_name)]
    in_file = {
        "notes": sum(1 for _ in listed(root, "Notes", "Note")),
        "note titles": sum(1 for n in listed(root, "Notes", "Note") if _title(n)),
        "quotation comments": sum(1 for el in root.iter() if isinstance(el.tag, str)
                                  and local(el.tag).endswith("Selection") and description(el)),
        "sets": sum(1 for _ in listed(root, "Sets", "Set")),
    }
    added = _write(project, opened, engine, drafts, viewer, root, warnings)
    how = {"notes": "mémos sur ce qu'elles visaient (sinon sur le projet)",
           "note titles": "première ligne de leur mémo",
           "quotation comments": "mémos sur le codage de la citation (sinon sur son document)",
           "sets": "mémos du projet listant leurs membres"}
    # a memo already in the project (the same file imported again) counts as come in
    count = {what: sum(1 for d in drafts if d.what == what)
             for what in ("notes", "quotation comments", "sets")}
    count["note titles"] = sum(1 for d in drafts if d.titled)
    return added, [Tally(what, n, count[what], how[what]) for what, n in in_file.items()]


def _write(project: Project, opened: tuple[Vault, KeyData], engine: Pseudonymiser,
           drafts: Sequence[_Draft], viewer: Viewer, root: ET.Element,
           warnings: list[str]) -> int:
    if not drafts:
        return 0
    vault, keys = opened  # the key the documents were pseudonymised with, surrogates and all
    engine.keys = engine.book.keys = keys
    # a note is often too short to tell its language: the file's own words, all together, say
    # it (not ours: the set memos' French frame is left out)
    words = " ".join([d.text for d in drafts if d.what != "sets"]
                     + [s.get("name") or "" for s in listed(root, "Sets", "Set")])
    french = check_french(words).french
    if not french:
        warnings.append("Les notes, commentaires et ensembles (sets) du fichier ne sont pas "
                        "en français : leurs mémos ont été pseudonymisés par les règles qui ne "
                        "dépendent pas de la langue ; relisez-les sur la page Pseudonymisation.")
    if isinstance(engine, LanguageAwarePseudonymiser):
        engine.short_texts_french = french
    try:
        cleaned = engine.pseudonymise([d.text for d in drafts],
                                      [list(d.protected) for d in drafts])
    finally:
        if isinstance(engine, LanguageAwarePseudonymiser):
            engine.short_texts_french = True
    vault.save(keys)  # before the memos: every surrogate in them can be reversed
    have = {(m.target_kind, m.target_id, m.text) for m in coding.memos(project, viewer)}
    added = 0
    for draft, result in zip(drafts, cleaned, strict=True):
        key = (draft.kind, draft.target, result.text.strip())
        if key not in have:  # the same file imported again
            # written and audited under the importing account: the other tool's users are
            # people's names. Pseudonymised above with the file's notes together (their
            # language is the file's), so the command is built here, not by add_memo
            project.execute(viewer, AddMemo(draft.kind, str(draft.target), result.text))
            have.add(key)
            added += 1
    return added


def _title(note: ET.Element) -> str:
    title = " ".join((note.get("name") or "").split())
    generic = {t.format(kind) for t in GENERIC_TITLES for kind in coding.MEMO_TARGETS}
    return "" if title in generic else title


def _notes(root: ET.Element, archive: zipfile.ZipFile | None, where: Imported, budget: Budget,
           left_out: list[str]) -> list[_Draft]:
    """Notes on the project, a code, a document or a quotation; a note nothing points to (or
    that points to what did not come in) is the project's."""
    targets = _note_targets(root, where)
    out = []
    for n, note in enumerate(listed(root, "Notes", "Note"), 1):
        try:
            body = source_text(note, archive, f"note {n}", budget).text.strip()
        except ExchangeError as exc:
            if child(note, "PlainTextContent") is None and not note.get("plainTextPath"):
                body = ""  # a note with a title or a description only
            else:
                left_out.append(str(exc))
                continue
        title = _title(note)
        text = "\n\n".join(part for part in (title, description(note), body) if part)
        if text:
            kind, target = targets.get(norm_guid(note.get("guid")), ("project", ""))
            out.append(_Draft("notes", kind, target, text, bool(title)))
    return out


def _note_targets(root: ET.Element, where: Imported) -> dict[str | None, tuple[str, str]]:
    targets: dict[str | None, tuple[str, str]] = {}

    def point(el: ET.Element, target: tuple[str, str]) -> None:
        for ref in children(el, "NoteRef"):
            targets.setdefault(norm_guid(ref.get("targetGUID")), target)

    for source in listed(root, "Sources"):
        doc = where.documents.get(norm_guid(source.get("guid")) or "")
        if doc is None:
            continue
        for sel in source.iter():
            if isinstance(sel.tag, str) and local(sel.tag) == "PlainTextSelection":
                point(sel, _selection_target(norm_guid(sel.get("guid")), doc, where))
        point(source, ("document", str(doc)))
    book = child(root, "CodeBook")
    for code_el in (book.iter() if book is not None else ()):
        if isinstance(code_el.tag, str) and local(code_el.tag) == "Code":
            code_id = where.code_ids.get(norm_guid(code_el.get("guid")) or "")
            if code_id:
                point(code_el, ("code", code_id))
    point(root, ("project", ""))
    return targets


def _selection_target(guid: str | None, document: int, where: Imported) -> tuple[str, str]:
    if guid is not None and guid in where.selections:
        return "coding", str(where.selections[guid])
    return "document", str(document)


def _comments(root: ET.Element, where: Imported) -> list[_Draft]:
    """A quotation's comment (its ``Description``): a memo on its coding, or on its document
    when it has none; lost with a source that did not come in (the report counts it)."""
    out = []
    for sel in root.iter():
        if not (isinstance(sel.tag, str) and local(sel.tag) == "PlainTextSelection"):
            continue
        text, guid = description(sel), norm_guid(sel.get("guid"))
        if text and guid in where.selection_documents:
            kind, target = _selection_target(guid, where.selection_documents[guid], where)
            out.append(_Draft("quotation comments", kind, target, text))
    return out


def _sets(root: ET.Element, where: Imported, file_name: str) -> list[_Draft]:
    """A set (a group of sources or of codes) as a project memo naming its members here."""
    out = []
    for set_el in listed(root, "Sets", "Set"):
        docs, codes, absent = [], [], 0
        for member in set_el:
            if not isinstance(member.tag, str):
                continue
            guid = norm_guid(member.get("targetGUID")) or ""
            if local(member.tag) == "MemberSource" and guid in where.documents:
                docs.append(where.document_names[where.documents[guid]])
            elif local(member.tag) == "MemberCode" and guid in where.code_ids:
                codes.append(where.code_labels.get(where.code_ids[guid], where.code_ids[guid]))
            elif local(member.tag) in ("MemberSource", "MemberCode"):
                absent += 1
        name = " ".join((set_el.get("name") or "sans nom").split())
        text = f"Ensemble « {name} » importé de {file_name}."
        if description(set_el):
            text += "\n" + description(set_el)
        protected = []
        for title, members in (("Documents", docs), ("Codes", codes)):
            if members:
                text += f"\n{title} ({len(members)}) : "
                for n, member in enumerate(sorted(members)):
                    text += ", " if n else ""
                    protected.append((len(text), len(text) + len(member)))
                    text += member
                text += "."
        if absent:
            text += (f"\n{absent} membre(s) non importé(s) (sources absentes ou non "
                     "textuelles).")
        if not (docs or codes or absent):
            text += "\nEnsemble vide."
        out.append(_Draft("sets", "project", "", text, protected=tuple(protected)))
    return out
