"""A project out through REFI-QDA ``.qdpx``: pseudonymised texts, codebook, codings, memos,
participants as cases.

What leaves is what the working database holds: pseudonymised texts and participants'
attributes under their study ids, never the key nor a local folder. GUIDs are derived from our
ids, so the same project exported twice gives the same GUIDs and the other tool recognises
what it knows.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from .. import coding
from ..accounts import require
from ..codebook import GUID_NAMESPACE
from ..explore import visible_codings
from ..project import Project
from ..records import (
    AccountRole,
    Coding,
    DocumentKind,
    DocumentSummary,
    Memo,
    Participant,
    Viewer,
)
from .codebook import code_elements
from .xml import (
    QDE_NS,
)

# the participant attributes written as case variables: (variable name, how to read it)
CASE_VARIABLES: tuple[tuple[str, str], ...] = (
    ("profession", "profession"), ("lieu d'exercice", "setting"),
    ("tranche d'âge", "age_band"), ("sexe", "sex"), ("site", "site"),
)


# a document's own attributes, written as the source's variables (see _source_values)
SOURCE_VARIABLES = ("type de document", "période", "site d'observation", "activité",
                    "présent·e·s")


NOTE_TITLE = "Mémo ({})"  # a memo has no title: the note's says what it was on


def guid(kind: str, key: object) -> str:
    """A stable GUID for one of our objects: the same on every export."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def to_qdpx(project: Project, viewer: Viewer) -> bytes:
    """The project as a ``.qdpx`` archive (``project.qde`` valid against ``Project.xsd``,
    and one UTF-8 text per document under ``sources/``). For researchers only; a blind coder
    exports their own codings and memos."""
    require(viewer, AccountRole.ADMIN, AccountRole.CODER)
    book = coding.codebook(project)
    docs = project.documents()
    codings = visible_codings(project, viewer)
    memos = coding.memos(project, viewer)  # a blind coder's own only
    users = sorted({c.coder for c in codings} | {m.author for m in memos} | {viewer.username})

    ET.register_namespace("", QDE_NS)
    q = f"{{{QDE_NS}}}"
    root = ET.Element(f"{q}Project", name=project.name, origin="Tupsalco workbench",
                      creatingUserGUID=guid("user", viewer.username),
                      creationDateTime=_when(datetime.now(UTC)))
    users_el = ET.SubElement(root, f"{q}Users")
    for name in users:
        ET.SubElement(users_el, f"{q}User", guid=guid("user", name), name=name)

    notes_on = _notes_by_target(memos)
    if book.codes:  # the schema wants a code in Codes: an empty codebook is left out
        code_elements(ET.SubElement(ET.SubElement(root, f"{q}CodeBook"), f"{q}Codes"), book,
                      QDE_NS, notes={code_id: refs for (kind, code_id), refs in notes_on.items()
                                     if kind == "code"})

    people: dict[str, tuple[Participant, list[str]]] = {}
    for d in docs:
        if d.participant is not None:
            people.setdefault(d.participant.id, (d.participant, []))[1].append(
                guid("document", d.name))
    if docs:
        variables = ET.SubElement(root, f"{q}Variables")
        for label in [name for name, _ in CASE_VARIABLES] + list(SOURCE_VARIABLES):
            ET.SubElement(variables, f"{q}Variable", guid=guid("variable", label), name=label,
                          typeOfVariable="Text")
    if people:
        cases = ET.SubElement(root, f"{q}Cases")
        for pid, (person, sources) in sorted(people.items()):
            case = ET.SubElement(cases, f"{q}Case", guid=guid("case", pid), name=pid)
            for label, attribute in CASE_VARIABLES:
                _value(case, label, str(getattr(person, attribute)))
            for source in sources:
                ET.SubElement(case, f"{q}SourceRef", targetGUID=source)

    texts: dict[str, str] = {}
    if docs:
        sources_el = ET.SubElement(root, f"{q}Sources")
        by_doc: dict[int, list[Coding]] = {}
        for c in codings:
            by_doc.setdefault(c.document_id, []).append(c)
        for d in docs:
            doc_guid = guid("document", d.name)
            texts[doc_guid] = project.document(d.id).text
            source = ET.SubElement(sources_el, f"{q}TextSource", guid=doc_guid, name=d.name,
                                   plainTextPath=f"internal://{doc_guid}.txt")
            for c in sorted(by_doc.get(d.id, []), key=lambda c: (c.start, c.end, c.id)):
                _selection(source, c, book.by_id[c.code_id].guid, notes_on.get(
                    ("coding", str(c.id)), []))
            for ref in notes_on.get(("document", str(d.id)), []):
                ET.SubElement(source, f"{q}NoteRef", targetGUID=ref)
            for label, value in _source_values(d).items():
                _value(source, label, value)
    if memos:
        notes_el = ET.SubElement(root, f"{q}Notes")
        for m in memos:
            note = ET.SubElement(notes_el, f"{q}Note", guid=guid("memo", m.id),
                                 name=NOTE_TITLE.format(m.target_kind),
                                 creatingUser=guid("user", m.author),
                                 **({"creationDateTime": _when(m.updated_at)}
                                    if m.updated_at else {}))
            ET.SubElement(note, f"{q}PlainTextContent").text = m.text
    for ref in notes_on.get(("project", ""), []):
        ET.SubElement(root, f"{q}NoteRef", targetGUID=ref)
    ET.indent(root)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", ET.tostring(root, encoding="utf-8",
                                                    xml_declaration=True))
        for doc_guid, text in texts.items():
            archive.writestr(f"sources/{doc_guid}.txt", text.encode("utf-8"))
    return out.getvalue()


def _value(parent: ET.Element, variable: str, text: str) -> None:
    q = f"{{{QDE_NS}}}"
    value = ET.SubElement(parent, f"{q}VariableValue")
    ET.SubElement(value, f"{q}VariableRef", targetGUID=guid("variable", variable))
    ET.SubElement(value, f"{q}TextValue").text = text


def _source_values(d: DocumentSummary) -> dict[str, str]:
    """A document's own attributes: its kind and, for an observation note, its header."""
    out = {"type de document": {DocumentKind.OBSERVATION: "observation",
                                DocumentKind.TEXT: "texte"}.get(d.kind, "entretien")}
    if d.header is not None:
        out |= {"période": d.header.period, "site d'observation": d.header.site,
                "activité": d.header.activity, "présent·e·s": ", ".join(d.header.present)}
    return out


def _selection(source: ET.Element, c: Coding, code_guid: str, notes: Sequence[str]) -> None:
    q = f"{{{QDE_NS}}}"
    dated = {"creationDateTime": _when(c.created_at)} if c.created_at else {}
    sel = ET.SubElement(source, f"{q}PlainTextSelection", guid=guid("selection", c.id),
                        startPosition=str(c.start), endPosition=str(c.end),
                        creatingUser=guid("user", c.coder), **dated)
    coding_el = ET.SubElement(sel, f"{q}Coding", guid=guid("coding", c.id),
                              creatingUser=guid("user", c.coder), **dated)
    ET.SubElement(coding_el, f"{q}CodeRef", targetGUID=code_guid)
    for ref in notes:
        ET.SubElement(sel, f"{q}NoteRef", targetGUID=ref)


def _notes_by_target(memos: Sequence[Memo]) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for m in memos:
        key = (m.target_kind, "" if m.target_kind == "project" else str(m.target_id))
        out.setdefault(key, []).append(guid("memo", m.id))
    return out


def _when(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # stored in UTC
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
