"""OpenDocument text ``.odt`` (LibreOffice, OnlyOffice), read with odfpy: paragraphs as in
a Word file, a speaker label as a leading bold run or a ``Label :`` prefix."""

from __future__ import annotations

import io
import xml.sax
import zipfile
from collections.abc import Iterator
from pathlib import Path

from odf.element import Element, Node
from odf.namespaces import FONS, STYLENS, TEXTNS
from odf.opendocument import OpenDocument, load
from odf.style import Style

from ...errors import UnreadableDocumentError
from ..files import Paragraph, bold_paragraph, normalise_newlines
from ..sniff import unpacked
from .xml import parse_xml

_BOLD = {"bold", "600", "700", "800", "900"}
_BLOCKS = {"p", "h"}  # paragraphs and headings; lists and tables hold them
_SKIP = {"note", "tracked-changes", "sequence-decls"}  # footnotes, deleted text
MAX_SPACES = 100  # a <text:s c=...> run is written out up to this


def read(path: Path, data: bytes) -> list[Paragraph]:
    document = _load(path, data)
    bold = _bold_styles(document)
    try:
        return [_paragraph(number, block, bold)
                for number, block in enumerate(_blocks(document.text), 1)]
    except RecursionError:
        raise UnreadableDocumentError(
            f"{path.name} : le document est trop imbriqué pour être lu ; ouvrez-le dans "
            "LibreOffice et enregistrez-le de nouveau en .odt ou .docx."
        ) from None


def _load(path: Path, data: bytes) -> OpenDocument:
    damaged = UnreadableDocumentError(
        f"{path.name} : le fichier OpenDocument est endommagé et ne s'ouvre pas ; "
        "ouvrez-le dans LibreOffice et enregistrez-le de nouveau en .odt."
    )
    clean = unpacked(path, data, "le fichier OpenDocument")  # what odfpy reads, bounded
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        for part in ("content.xml", "styles.xml"):
            if part in archive.namelist():
                # odfpy parses with the standard SAX parser: defusedxml looks first
                parse_xml(path, _member(archive, part, damaged), "LibreOffice")
    try:
        document = load(io.BytesIO(clean))
    except (zipfile.BadZipFile, KeyError, IndexError, ValueError, xml.sax.SAXException):
        raise damaged from None
    if getattr(document, "text", None) is None:
        raise damaged
    return document


def _member(archive: zipfile.ZipFile, name: str, damaged: Exception) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise damaged from None


def _bold_styles(document: OpenDocument) -> set[str]:
    """Names of the styles that make text bold, by their own weight or their parent's."""
    parents: dict[str, str] = {}
    weights: dict[str, str] = {}
    for styles in (document.styles, document.automaticstyles):
        for style in styles.getElementsByType(Style):
            name = style.getAttrNS(STYLENS, "name")
            parents[name] = style.getAttrNS(STYLENS, "parent-style-name") or ""
            for props in style.childNodes:
                if props.qname == (STYLENS, "text-properties") and \
                        props.getAttrNS(FONS, "font-weight"):
                    weights[name] = props.getAttrNS(FONS, "font-weight")

    def weight(name: str) -> str:
        seen: set[str] = set()
        while name and name not in weights and name not in seen:
            seen.add(name)
            name = parents.get(name, "")
        return weights.get(name, "")

    return {name for name in parents if weight(name) in _BOLD}


def _blocks(node: Element) -> Iterator[Element]:
    """Paragraphs and headings in document order, wherever they sit (lists, tables)."""
    for child in node.childNodes:
        if child.nodeType != Node.ELEMENT_NODE:
            continue
        ns, name = child.qname
        if ns == TEXTNS and name in _BLOCKS:
            yield child
        elif not (ns == TEXTNS and name in _SKIP):
            yield from _blocks(child)


def _paragraph(number: int, block: Element, bold: set[str]) -> Paragraph:
    """The paragraph's leading bold spans and the rest of its text."""
    leading: list[str] = []
    rest: list[str] = []
    for child in block.childNodes:
        text = _text(child)
        is_bold = child.nodeType == Node.ELEMENT_NODE and child.qname == (TEXTNS, "span") \
            and child.getAttrNS(TEXTNS, "style-name") in bold
        if not rest and (is_bold or (leading and not text.strip())):
            leading.append(text)
        else:
            rest.append(text)
    return bold_paragraph(number, "".join(leading), normalise_newlines("".join(rest)))


def _text(node: Element) -> str:
    """A node's text with ODF's spaces, tabs and line breaks written out; notes left out."""
    if node.nodeType == Node.TEXT_NODE:
        return node.data
    if node.nodeType != Node.ELEMENT_NODE:
        return ""
    ns, name = node.qname
    if ns == TEXTNS:
        if name == "s":
            count = node.getAttrNS(TEXTNS, "c")
            return " " * min(int(count) if count and count.isdigit() else 1, MAX_SPACES)
        if name == "tab":
            return "\t"
        if name == "line-break":
            return "\n"
        if name in _SKIP:
            return ""
    return "".join(_text(child) for child in node.childNodes)
