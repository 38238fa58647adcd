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
            f"{path.name} : ligne {exc.position[0]} : le fichier est endommagé (XML mal "
            f"formé) ; ouvrez-le dans {tool} et enregistrez-le de nouveau."
        ) from None
    except DefusedXmlException:
        raise UnreadableDocumentError(
            f"{path.name} : le fichier déclare des entités XML, qui sont refusées (elles "
            "peuvent grossir sans limite ou lire d'autres fichiers) ; enregistrez-le de "
            f"nouveau depuis {tool}, sans elles."
        ) from None


def local(tag: object) -> str:
    """An element's name without its namespace ("" for comments and processing instructions)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""
