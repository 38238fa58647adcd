"""The codebook through REFI-QDA: ``.qdc`` out, and in from what another tool wrote.

Import takes a ``.qdc`` codebook, a project's ``.qde`` (its ``CodeBook``) or a ``.qdpx``
archive. Tools differ in the details (GUIDs in braces or upper case, a missing namespace, a
UTF-16 file, colours with an alpha channel, GUIDs regenerated at every export), so elements
are matched by local name and what is kept is normalised. A code keeps the GUID the other
tool gave it, so that tool's links to it survive the round trip.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree as ET

from ..codebook import MAX_DEPTH, Code, Codebook, too_deep
from ..errors import CodebookError
from ..folding import fold
from .xml import QDC_NS, check_namespace, child, children, local, norm_guid, parse, qde_bytes

_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})([0-9a-fA-F]{2})?$")


def code_elements(parent_el: ET.Element, codebook: Codebook, ns: str,
                  notes: dict[str, list[str]] | None = None) -> None:
    """The codebook's ``Code`` tree under ``parent_el`` (a ``Codes`` element) in ``ns``, with
    ``notes`` (code id to note GUIDs) as each code's ``NoteRef``."""

    def add(el_parent: ET.Element, code: Code) -> None:
        el = ET.SubElement(el_parent, f"{{{ns}}}Code", guid=code.guid, name=code.label,
                           isCodable="true", color=code.color)
        if code.description:
            ET.SubElement(el, f"{{{ns}}}Description").text = code.description
        for ref in (notes or {}).get(code.id, []):
            ET.SubElement(el, f"{{{ns}}}NoteRef", targetGUID=ref)
        for sub in codebook.children(code.id):
            add(el, sub)

    for top in codebook.children(None):
        add(parent_el, top)


def to_qdc(codebook: Codebook) -> bytes:
    """The codebook as a REFI-QDA 1.0 ``.qdc`` (valid against ``Codebook.xsd``)."""
    ET.register_namespace("", QDC_NS)
    root = ET.Element(f"{{{QDC_NS}}}CodeBook", origin="Tupsalco workbench")
    code_elements(ET.SubElement(root, f"{{{QDC_NS}}}Codes"), codebook, QDC_NS)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def from_qdc(data: bytes, name: str = "codebook.qdc", known: Iterable[Code] = ()) -> Codebook:
    """Codes from another tool's codebook, project or archive.

    A code that is one of ``known`` (same GUID, or same name under the same parent) keeps
    that code's id, so importing the same file twice adds nothing; a new code gets an id
    made from its name that no known code uses.
    """
    root = parse(qde_bytes(data, name, CodebookError), name, CodebookError)
    if local(root.tag) == "Project" and child(root, "CodeBook") is None:
        raise CodebookError(f"{name} : le projet n'a pas de CodeBook ; rien à importer.",
                            file=name)
    return read_codebook(root, name, known)[0]


def read_codebook(root: ET.Element, name: str, known: Iterable[Code] = ()
                  ) -> tuple[Codebook, dict[str, str]]:
    """The codebook of a parsed ``CodeBook`` or ``Project`` element, and the file's code
    GUIDs mapped to the ids they get here (what a project's codings refer to)."""
    codes_el = _codes_element(root, name)
    known = tuple(known)
    by_guid = {c.guid: c for c in known}
    by_label = {(c.parent, fold(c.label)): c for c in known}
    used = {c.id for c in known}
    ids: dict[str, str] = {}
    labels: dict[str, str] = {}
    codes: list[Code] = []

    def walk(el: ET.Element, parent: str | None, where: str, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise CodebookError(f"{name} : {too_deep(f'le code {where}')}", file=name)
        for n, code_el in enumerate(children(el, "Code"), start=1):
            label = " ".join(code_el.get("name", "").split())
            if not label:
                raise CodebookError(f"{name} : le code {n} sous {where} n'a pas de nom ; "
                                    "donnez-lui-en un dans le logiciel qui a écrit le fichier "
                                    "et exportez de nouveau.", file=name)
            raw = code_el.get("guid", "").strip()
            guid = norm_guid(raw)
            if raw and guid is None:
                raise CodebookError(f"{name} : le code « {label} » a un GUID mal formé "
                                    f"({raw[:40]!r}) ; un GUID REFI-QDA s'écrit "
                                    "0a1b2c3d-1111-2222-3333-444455556666.", file=name)
            if guid in labels:
                raise CodebookError(f"{name} : les codes « {labels[guid]} » et « {label} » "
                                    f"ont le même GUID {guid} ; chaque code a besoin du sien.",
                                    file=name)
            same = by_guid.get(guid or "") or by_label.get((parent, fold(label)))
            if same is not None:
                code_id, source_guid = same.id, same.source_guid
            else:
                code_id, source_guid = _slug(label, used), guid
            used.add(code_id)
            if guid:
                labels[guid], ids[guid] = label, code_id
            desc = child(code_el, "Description")
            codes.append(Code(code_id, label, parent,
                              (desc.text or "").strip() if desc is not None else "",
                              _color(code_el.get("color")), position=len(codes),
                              source_guid=source_guid))
            walk(code_el, code_id, f"« {label} »", depth + 1)

    if codes_el is not None:
        walk(codes_el, None, "Codes")
    title = root.get("name") if local(root.tag) == "Project" else None
    return Codebook(title or Path(name).stem, tuple(codes)), ids


def _codes_element(root: ET.Element, name: str) -> ET.Element | None:
    """The ``Codes`` element; None for a project without a codebook."""
    check_namespace(root, name, CodebookError)
    if local(root.tag) == "Project":
        book = child(root, "CodeBook")
        if book is None:
            return None
    elif local(root.tag) == "CodeBook":
        book = root
    else:
        raise CodebookError(f"{name} : ce n'est ni un codebook ni un projet REFI-QDA "
                            f"(élément racine {local(root.tag)}) ; donnez un fichier .qdc, "
                            ".qde ou .qdpx.", file=name)
    codes = child(book, "Codes")
    if codes is None and book is root:
        raise CodebookError(f"{name} : le codebook n'a pas d'élément Codes ; exportez-le "
                            "de nouveau.", file=name)
    return codes


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
