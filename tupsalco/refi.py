"""REFI-QDA exchange of the codebook: ``.qdc`` out, and in from what another tool wrote.

Import takes a ``.qdc`` codebook, a project's ``.qde`` (its ``CodeBook``) or a ``.qdpx``
archive (its ``project.qde``). Tools differ in the details (GUIDs in braces or upper case, a
missing namespace, a UTF-16 file, colours with an alpha channel), so the reader matches
elements by local name and normalises what it keeps. A code keeps the GUID the other tool
gave it, so that tool's links to it survive the round trip.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from .codebook import Code, Codebook
from .errors import CodebookError
from .folding import fold

QDC_NS = "urn:QDA-XML:codebook:1.0"
_REFI_NS = re.compile(r"^urn:QDA-XML:(?:codebook|project):\d")
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})([0-9a-fA-F]{2})?$")
_MAX_QDE = 512 * 1024 * 1024  # a project.qde larger than this is not a codebook to read


def to_qdc(codebook: Codebook) -> bytes:
    """The codebook as a REFI-QDA 1.0 ``.qdc`` (valid against ``Codebook.xsd``)."""
    ET.register_namespace("", QDC_NS)
    root = ET.Element(f"{{{QDC_NS}}}CodeBook", origin="Tupsalco workbench")
    codes_el = ET.SubElement(root, f"{{{QDC_NS}}}Codes")

    def add(parent_el: ET.Element, code: Code) -> None:
        el = ET.SubElement(parent_el, f"{{{QDC_NS}}}Code", guid=code.guid, name=code.label,
                           isCodable="true", color=code.color)
        if code.description:
            ET.SubElement(el, f"{{{QDC_NS}}}Description").text = code.description
        for child in codebook.children(code.id):
            add(el, child)

    for top in codebook.children(None):
        add(codes_el, top)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def from_qdc(data: bytes, name: str = "codebook.qdc", known: Iterable[Code] = ()) -> Codebook:
    """Codes from another tool's codebook, project or archive.

    A code that is one of ``known`` (same GUID, or same name under the same parent) keeps
    that code's id, so importing the same file twice adds nothing; a new code gets an id
    made from its name that no known code uses.
    """
    root = _parse(_qde_if_archive(data, name), name)
    codes_el = _codes_element(root, name)
    known = tuple(known)
    by_guid = {c.guid: c for c in known}
    by_label = {(c.parent, fold(c.label)): c for c in known}
    used = {c.id for c in known}
    seen_guids: dict[str, str] = {}
    codes: list[Code] = []

    def walk(el: ET.Element, parent: str | None, where: str) -> None:
        for n, code_el in enumerate(_children(el, "Code"), start=1):
            label = " ".join(code_el.get("name", "").split())
            if not label:
                raise CodebookError(f"{name}: code {n} under {where} has no name; give it one "
                                    "in the tool that wrote the file and export again.")
            guid = _guid(code_el.get("guid", ""), name, label)
            if guid and guid in seen_guids:
                raise CodebookError(f"{name}: codes «{seen_guids[guid]}» and «{label}» share "
                                    f"the GUID {guid}; each code needs its own.")
            if guid:
                seen_guids[guid] = label
            same = by_guid.get(guid or "") or by_label.get((parent, fold(label)))
            if same is not None:
                code_id, source_guid = same.id, same.source_guid
            else:
                code_id, source_guid = _slug(label, used), guid
            used.add(code_id)
            desc = next(_children(code_el, "Description"), None)
            codes.append(Code(code_id, label, parent,
                              (desc.text or "").strip() if desc is not None else "",
                              _color(code_el.get("color")), position=len(codes),
                              source_guid=source_guid))
            walk(code_el, code_id, f"«{label}»")

    walk(codes_el, None, "Codes")
    title = root.get("name") if _local(root.tag) == "Project" else None
    return Codebook(title or Path(name).stem, tuple(codes))


def _qde_if_archive(data: bytes, name: str) -> bytes:
    if not data.startswith(b"PK\x03\x04"):
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            qde = [i for i in archive.infolist() if i.filename.lower().endswith(".qde")]
            if not qde:
                raise CodebookError(f"{name}: a .qdpx archive without project.qde; export "
                                    "the project again from the tool that made it.")
            member = min(qde, key=lambda i: i.filename.count("/"))
            if member.file_size > _MAX_QDE:
                raise CodebookError(f"{name}: {member.filename} is larger than "
                                    f"{_MAX_QDE // 2**20} MB; export the codebook alone (.qdc).")
            return archive.read(member)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CodebookError(f"{name}: not a readable .qdpx archive ({exc}).") from None


def _parse(data: bytes, name: str) -> ET.Element:
    try:
        return SafeET.fromstring(data)
    except ET.ParseError as exc:
        raise CodebookError(f"{name}: line {exc.position[0]}: not well-formed XML.") from None
    except DefusedXmlException:
        raise CodebookError(f"{name}: the file declares XML entities, which are refused "
                            "(they can expand without bound or read other files); export "
                            "the codebook again without them.") from None


def _codes_element(root: ET.Element, name: str) -> ET.Element:
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if namespace and not _REFI_NS.match(namespace):
        raise CodebookError(f"{name}: not a REFI-QDA file (namespace {namespace}).")
    book = root if _local(root.tag) == "CodeBook" else None
    if _local(root.tag) == "Project":
        book = next(_children(root, "CodeBook"), None)
        if book is None:
            raise CodebookError(f"{name}: the project has no CodeBook; nothing to import.")
    if book is None:
        raise CodebookError(f"{name}: not a REFI-QDA codebook or project (root element "
                            f"{_local(root.tag)}); expected a .qdc, .qde or .qdpx file.")
    codes = next(_children(book, "Codes"), None)
    if codes is None:
        raise CodebookError(f"{name}: the codebook has no Codes element.")
    return codes


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(el: ET.Element, local: str) -> Iterable[ET.Element]:
    return (child for child in el if isinstance(child.tag, str) and _local(child.tag) == local)


def _guid(raw: str, name: str, label: str) -> str | None:
    raw = raw.strip().strip("{}")
    if not raw:
        return None  # the schema requires one, but a missing GUID loses nothing we keep
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise CodebookError(f"{name}: code «{label}» has a malformed GUID ({raw[:40]!r}); "
                            "REFI-QDA GUIDs look like 0a1b2c3d-1111-2222-3333-444455556666."
                            ) from None


def _color(raw: str | None) -> str:
    match = _HEX.match((raw or "").strip())
    return f"#{match.group(1)}" if match else "#888888"  # an alpha channel is dropped


def _slug(label: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", fold(label))
    base = (base.strip("_") or "code")[:60]
    if not base[0].isalpha():
        base = f"c_{base}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}_{n}", n + 1
    return candidate
