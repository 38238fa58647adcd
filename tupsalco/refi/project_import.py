"""Another tool's project in through REFI-QDA ``.qdpx``: codebook, text sources, codings, notes.

Sources are read into speaker turns and pseudonymised at the door like any file; a coding's
positions (characters of the source's text) are carried through the reading and the
pseudonymisation. What cannot come in is listed, never silently dropped, and never with the
paths other tools write (they name users' folders).
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from xml.etree import ElementTree as ET

from .. import coding
from ..accounts import require
from ..errors import ExchangeError, TupsalcoError
from ..ingest import ParticipantSheet, read_document
from ..ingest.files import content_hash, decode_text, read_paragraphs
from ..ingest.turns import segments
from ..offsets import align
from ..project import Progress, Project
from ..pseudonymise.engine import PseudonymisedText, Pseudonymiser
from ..pseudonymise.surrogates import fold_chars
from ..pseudonymise.vault import KeyData, Vault
from ..records import (
    AccountRole,
    DocumentKind,
    ImportResult,
    ObservationHeader,
    ParsedDocument,
    Participant,
    Viewer,
)
from ..store.commands import StoredCoding
from .codebook import read_codebook
from .xml import (
    archive_member,
    check_namespace,
    child,
    children,
    listed,
    local,
    norm_guid,
    parse,
    qde_bytes,
)


@dataclass(frozen=True, slots=True)
class ProjectImport:
    """What importing another tool's project did."""

    codes_added: int
    documents: tuple[ImportResult, ...]
    codings: int
    left_out: tuple[str, ...]  # what could not come in, each said with its source's name
    memos: int = 0


@dataclass(frozen=True, slots=True)
class _Selection:
    start: int
    end: int
    code_id: str
    coder: str


def import_qdpx(project: Project, data: bytes, name: str, passphrase: str, viewer: Viewer,
                progress: Progress | None = None, pseudonymiser: Pseudonymiser | None = None,
                ) -> ProjectImport:
    """Bring another tool's project in: its codebook (codes matched by GUID, else by name),
    its text sources as documents (read into turns and pseudonymised at the door, each in
    its own transaction with its codings), and its codings, whose positions are carried from
    the source's text through the reading and the pseudonymisation. Sources that are not
    text, or whose text is outside the archive, are listed as left out."""
    require(viewer, AccountRole.ADMIN, AccountRole.CODER)
    vault, keys = project.open_vault(passphrase)  # a wrong passphrase stops before any change
    archive = zipfile.ZipFile(io.BytesIO(data)) if data.startswith(b"PK\x03\x04") else None
    root = parse(qde_bytes(data, name, ExchangeError), name, ExchangeError)
    check_namespace(root, name, ExchangeError)
    if local(root.tag) != "Project":
        raise ExchangeError(f"{name}: not a REFI-QDA project (root element {local(root.tag)});"
                            " a codebook (.qdc) is imported on the Codebook page.")
    known = coding.codebook(project).codes
    book, code_ids = read_codebook(root, name, known)
    code_ids = {c.guid: c.id for c in known} | code_ids
    added = coding.import_codebook(project, viewer, book) if book.codes else 0
    users = {norm_guid(u.get("guid")): (u.get("name") or u.get("id") or "").strip()
             for u in listed(root, "Users", "User")}

    sheet = ParticipantSheet(tuple(project.participants()))
    variables = {norm_guid(v.get("guid")): (v.get("name") or "").strip()
                 for v in listed(root, "Variables", "Variable")}
    cases: dict[str | None, list[str]] = {}  # source GUID: names of the cases it belongs to
    for case in listed(root, "Cases", "Case"):
        for ref in children(case, "SourceRef"):
            cases.setdefault(norm_guid(ref.get("targetGUID")), []).append(case.get("name", ""))
    left_out: list[str] = []
    docs: list[ParsedDocument | ImportResult] = []
    pending: dict[str, tuple[str, list[_Selection]]] = {}
    source_of: list[str | None] = []  # the source GUID behind each entry of docs
    names: set[str] = set()
    rename = _name_replacer(keys)
    for source in listed(root, "Sources"):
        label = rename((source.get("name") or source.get("guid") or "?").strip())
        base, n = label, 2
        while label in names:  # tools allow two sources of one name; documents do not
            label, n = f"{base} ({n})", n + 1
        names.add(label)
        if local(source.tag) != "TextSource":
            left_out.append(f"{label}: a {local(source.tag).removesuffix('Source')} source; "
                            "only text sources are imported.")
            continue
        try:
            text, bom = _source_text(source, archive, label)
        except ExchangeError as exc:
            left_out.append(str(exc))
            continue
        try:
            path = Path(label if label.lower().endswith(".txt") else f"{label}.txt")
            doc = _read_source(path, text, _values(source, variables))
        except TupsalcoError as exc:
            docs.append(ImportResult(label, "failed", error=str(exc)))
            source_of.append(None)
            continue
        person = _participant(sheet, cases.get(norm_guid(source.get("guid")), []), path) \
            if doc.kind is DocumentKind.INTERVIEW else None
        doc = replace(doc, name=label, source_format="qdpx",
                      participant_id=person.id if person else None)
        selections = _selections(source, text, bom, label, code_ids, users,
                                 viewer.username, left_out)
        pending[doc.name] = (text, selections)
        docs.append(doc)
        source_of.append(norm_guid(source.get("guid")))

    def codings_for(doc: ParsedDocument, result: PseudonymisedText) -> list[StoredCoding]:
        text, selections = pending[doc.name]
        alignment = align(text, doc.text)
        rows = []
        for sel in selections:
            span = alignment.span(sel.start, sel.end)
            if span is None:
                left_out.append(f"{doc.name}: a coding of «{sel.code_id}» at {sel.start}-"
                                f"{sel.end} held only a speaker label or a timestamp.")
                continue
            start = result.offsets.to_new(span[0], inside="start")
            end = result.offsets.to_new(span[1])
            rows.append(StoredCoding(sel.code_id, start, end, sel.coder))
        return rows

    engine = pseudonymiser or Pseudonymiser(keys, allow=project.allow_terms())
    results = project.import_parsed(viewer, docs, passphrase, progress=progress,
                                    pseudonymiser=engine, codings=codings_for,
                                    opened=(vault, keys))
    imported = {r.document_id for r in results if r.status == "imported"}
    n_codings = sum(1 for c in coding.codings(project, viewer) if c.document_id in imported)
    documents = {g: r.document_id for g, r in zip(source_of, results, strict=True)
                 if g and r.document_id is not None}
    n_memos = _import_notes(project, root, archive, (vault, keys), engine, code_ids,
                            documents, viewer, left_out)
    return ProjectImport(added, tuple(results), n_codings, tuple(left_out), n_memos)


def _import_notes(project: Project, root: ET.Element, archive: zipfile.ZipFile | None,
                  opened: tuple[Vault, KeyData], engine: Pseudonymiser, code_ids: dict[str, str],
                  documents: dict[str, int], viewer: Viewer, left_out: list[str]) -> int:
    """The other tool's notes as memos, pseudonymised like the texts: on the project, a code
    or a document (a note on a passage goes to its document); a note nothing points to is
    the project's. They are written and audited under the importing account: the other
    tool's user names are people's names."""
    targets: dict[str | None, tuple[str, str]] = {}

    def point(el: ET.Element, target: tuple[str, str]) -> None:
        for ref in el.iter():
            if isinstance(ref.tag, str) and local(ref.tag) == "NoteRef":
                targets.setdefault(norm_guid(ref.get("targetGUID")), target)

    for source in listed(root, "Sources"):
        if norm_guid(source.get("guid")) in documents:
            point(source, ("document", str(documents[norm_guid(source.get("guid"))])))
    book = child(root, "CodeBook")
    for code_el in (book.iter() if book is not None else ()):
        if isinstance(code_el.tag, str) and local(code_el.tag) == "Code":
            code_id = code_ids.get(norm_guid(code_el.get("guid")) or "")
            for ref in children(code_el, "NoteRef"):
                if code_id:
                    targets.setdefault(norm_guid(ref.get("targetGUID")), ("code", code_id))
    for ref in children(root, "NoteRef"):
        targets.setdefault(norm_guid(ref.get("targetGUID")), ("project", ""))

    found: list[tuple[tuple[str, str], str]] = []
    for note in listed(root, "Notes", "Note"):
        label = (note.get("name") or "note").strip()
        try:
            text, _ = _source_text(note, archive, label)
        except ExchangeError as exc:
            left_out.append(str(exc))
            continue
        if text.strip():
            found.append((targets.get(norm_guid(note.get("guid")), ("project", "")), text))
    if not found:
        return 0
    vault, keys = opened  # the key the documents were pseudonymised with, surrogates and all
    engine.keys = engine.book.keys = keys
    cleaned = engine.pseudonymise([text for _, text in found])
    vault.save(keys)  # before the memos: every surrogate in them can be reversed
    have = {(m.target_kind, m.target_id, m.text) for m in coding.memos(project, viewer)}
    added = 0
    for ((kind, target), _), result in zip(found, cleaned, strict=True):
        if (kind, target, result.text.strip()) not in have:  # the same file imported again
            coding.add_memo(project, viewer, kind, target, result.text)
            added += 1
    return added


def _name_replacer(keys: KeyData) -> Callable[[str], str]:
    """What replaces, in a source's name, every name the key knows: a participant's study id,
    anyone else's surrogate. Tools often name a transcript after the person."""
    forms: dict[str, str] = {}
    for key, surrogate in keys.lexicon.items():
        kind, _, form = key.partition("|")
        if kind == "PER" and len(form) > 2:
            forms[fold_chars(form)] = surrogate
    for pid, names in keys.participants.items():
        full = " ".join(n for n in names if n)
        for form in (full, *names):
            if form and len(form) > 2:
                forms[fold_chars(form)] = pid
    if not forms:
        return lambda label: label
    # one pattern, longest names first, compiled once for every source of the import
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(
        re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)")

    def replace(label: str) -> str:
        pieces, last = [], 0
        for m in pattern.finditer(fold_chars(label)):  # folding keeps offsets
            pieces += [label[last:m.start()], forms[m.group()]]
            last = m.end()
        return "".join(pieces) + label[last:]

    return replace


def _values(el: ET.Element, variables: dict[str | None, str]) -> dict[str, str]:
    out = {}
    for value in children(el, "VariableValue"):
        ref, text = child(value, "VariableRef"), child(value, "TextValue")
        if ref is not None and text is not None and text.text:
            out[variables.get(norm_guid(ref.get("targetGUID")), "")] = text.text.strip()
    return out


def _read_source(path: Path, text: str, values: dict[str, str]) -> ParsedDocument:
    """A source read as a transcript or, when its variables say so (as ours do), as an
    observation note whose header travelled as variables."""
    data = text.encode("utf-8")
    # the variables project_export writes (its SOURCE_VARIABLES)
    if values.get("type de document") != "observation":
        return read_document(path, None, data=data)
    body, turns = segments([p.text for p in read_paragraphs(path, data)])
    header = ObservationHeader(
        values.get("période", ""), values.get("site d'observation", ""),
        values.get("activité", ""),
        tuple(x.strip() for x in values.get("présent·e·s", "").split(",") if x.strip()),
    ) if values.get("période") else None
    return ParsedDocument(name=path.name, kind=DocumentKind.OBSERVATION, text=body,
                          turns=turns, content_hash=content_hash(data), header=header,
                          source_format="qdpx")


def _participant(sheet: ParticipantSheet, case_names: Sequence[str], path: Path
                 ) -> Participant | None:
    """The participant a source belongs to: named by one of its cases (NVivo, MAXQDA and
    ATLAS.ti attach attributes to cases), else by its file name; None if neither says."""
    for name in [*case_names, path.stem]:
        try:
            return sheet.match_file(Path(f"{name}.txt"))
        except TupsalcoError:
            continue
    return None


def _source_text(source: ET.Element, archive: zipfile.ZipFile | None, label: str
                 ) -> tuple[str, bool]:
    """The source's text, and whether its file began with a byte-order mark."""
    content = child(source, "PlainTextContent")
    if content is not None and content.text:
        return content.text, False
    path = (source.get("plainTextPath") or "").strip()
    if not path:
        raise ExchangeError(f"{label}: the source has no plain text (rich text or PDF only); "
                            "export it as text from the tool that made it.")
    scheme, _, rest = path.partition("://")
    member = _member(archive, rest) if archive is not None and scheme.lower() in (
        "internal", "relative") else None
    if member is None:
        # the path itself is not repeated: tools write users' home folders there
        raise ExchangeError(f"{label}: its text is not inside the archive; export the "
                            "project again with its sources embedded.")
    data = archive_member(archive, member, label, ExchangeError)
    return decode_text(Path(member), data), data.startswith(codecs.BOM_UTF8)


def position_reading(text: str, bom: bool, spans: Sequence[tuple[int, int]]
                     ) -> Callable[[int], int]:
    """How a tool counted its selections' positions in ``text``.

    The standard counts characters of the text as stored, Windows line endings included;
    some tools count after turning CRLF into LF, or count the byte-order mark. Coders select
    whole words, so the reading whose positions fall on word boundaries clearly more often
    than the standard's is taken; otherwise the standard's."""
    def as_stored(pos: int) -> int:
        return pos

    readings: list[Callable[[int], int]] = [as_stored]
    if "\r\n" in text:
        lf_to_stored = [i for i, ch in enumerate(text) if not (
            ch == "\r" and text[i + 1:i + 2] == "\n")] + [len(text)]
        readings.append(lambda pos: lf_to_stored[pos] if 0 <= pos < len(lf_to_stored) else -1)
    elif "\n" in text:  # counted on Windows line endings that the export (or XML) dropped
        crlf_to_stored = []
        for i, ch in enumerate(text):
            if ch == "\n":
                crlf_to_stored.append(i)  # the CR the tool counted
            crlf_to_stored.append(i)
        crlf_to_stored.append(len(text))
        readings.append(
            lambda pos: crlf_to_stored[pos] if 0 <= pos < len(crlf_to_stored) else -1)
    if bom:
        readings.append(lambda pos: pos - 1)

    def fits(pos: int) -> int:
        if not 0 <= pos <= len(text):
            return -2
        inside_word = 0 < pos < len(text) and text[pos - 1].isalnum() and text[pos].isalnum()
        return 0 if inside_word else 1

    scores = [sum(fits(r(s)) + fits(r(e)) for s, e in spans) for r in readings]
    best = max(range(len(readings)), key=scores.__getitem__)
    margin = max(2, len(spans) // 10)
    return readings[best] if scores[best] >= scores[0] + margin else as_stored


def _member(archive: zipfile.ZipFile, path: str) -> str | None:
    wanted = path.replace("\\", "/").lstrip("./").lower()
    names = [n for n in archive.namelist() if not n.endswith("/")]
    for n in names:
        if n.lower() in (wanted, f"sources/{wanted}"):
            return n
    base = wanted.rsplit("/", 1)[-1]
    return next((n for n in names if n.lower().rsplit("/", 1)[-1] == base), None)


def _selections(source: ET.Element, text: str, bom: bool, label: str,
                code_ids: dict[str, str], users: dict[str | None, str], importer: str,
                left_out: list[str]) -> list[_Selection]:
    out: list[_Selection] = []

    def coded(el: ET.Element, start: int, end: int, fallback_user: str | None) -> None:
        for c in children(el, "Coding"):
            ref = child(c, "CodeRef")
            code_id = code_ids.get(norm_guid(ref.get("targetGUID")) or "") if ref is not None \
                else None
            if code_id is None:
                left_out.append(f"{label}: a coding refers to a code that is not in the "
                                "codebook.")
                continue
            coder = users.get(norm_guid(c.get("creatingUser"))) or users.get(
                norm_guid(fallback_user)) or importer
            out.append(_Selection(start, end, code_id, coder))

    found: list[tuple[ET.Element, int, int]] = []
    for sel in children(source, "PlainTextSelection"):
        try:
            start, end = sorted((int(sel.get("startPosition", "")),
                                 int(sel.get("endPosition", ""))))
        except ValueError:
            left_out.append(f"{label}: a selection without valid positions.")
            continue
        found.append((sel, start, end))
    to_text = position_reading(text, bom, [(s, e) for _, s, e in found])
    for sel, start, end in found:
        start, end = to_text(start), to_text(end)
        if start < 0 or end > len(text) or start >= end:
            left_out.append(f"{label}: a selection at {start}-{end} lies outside its text "
                            f"of {len(text)} characters.")
            continue
        coded(sel, start, end, sel.get("creatingUser"))
    coded(source, 0, len(text), source.get("creatingUser"))  # the whole source coded
    return out
