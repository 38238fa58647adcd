"""XML from other tools, parsed with defusedxml: entities and external references refused."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from ...errors import UnreadableDocumentError


def parse_xml(path: Path, data: bytes, tool: str) -> ET.Element:
    """The root element of ``data``; a damaged file or one declaring entities is refused."""
    try:
        return SafeET.fromstring(data)
    except ET.ParseError as exc:
        raise UnreadableDocumentError(
            f"{path.name}: line {exc.position[0]}: the file is damaged (not well-formed XML); "
            f"open it in {tool} and save it again."
        ) from None
    except DefusedXmlException:
        raise UnreadableDocumentError(
            f"{path.name}: the file declares XML entities, which are refused (they can expand "
            f"without bound or read other files); save it again from {tool} without them."
        ) from None


def local(tag: object) -> str:
    """An element's name without its namespace ("" for comments and processing instructions)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""
