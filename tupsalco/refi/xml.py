"""Reading REFI-QDA XML that other tools wrote: safely, by local name, from a file or an archive."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from ..errors import InputError

QDC_NS = "urn:QDA-XML:codebook:1.0"
QDE_NS = "urn:QDA-XML:project:1.0"
REFI_NS = re.compile(r"^urn:QDA-XML:(?:codebook|project):\d")
# Archive members larger than these are refused before they are inflated: a parsed XML tree
# takes about ten times its file's size in memory, a text a few times (decoded, read into
# turns, pseudonymised). The sizes the zip's directory declares are checked first, and not
# trusted: a member is read with the cap, so a lying directory stops there too.
MAX_PROJECT_FILE = 100 * 2**20  # project.qde: some 100,000 codings
MAX_SOURCE_FILE = 32 * 2**20  # one source's text: thirty books
MAX_SOURCES_TOTAL = 256 * 2**20  # all the texts one import reads


def qde_bytes(data: bytes, name: str, error: type[InputError]) -> bytes:
    """``data`` itself, or the project file inside a ``.qdpx`` archive: ``project.qde`` as
    the standard names it, else the other ``.qde`` or ``.xml`` some tools write."""
    if not data.startswith(b"PK\x03\x04"):
        if len(data) > MAX_PROJECT_FILE:  # a bare project file: parsed, it takes ten times more
            raise error(f"{name} : le fichier de projet dépasse "
                        f"{MAX_PROJECT_FILE // 2**20} Mo ; il n'est pas lu. Découpez le projet.",
                        file=name)
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive_member(archive, _project_member(archive, name, error), name, error,
                                  project_file=True)
    except (zipfile.BadZipFile, OSError) as exc:
        raise error(f"{name} : archive .qdpx illisible ({exc}) ; exportez de nouveau le "
                    "projet.", file=name) from None


def _project_member(archive: zipfile.ZipFile, name: str, error: type[InputError]) -> str:
    files = [i.filename for i in archive.infolist() if not i.is_dir()]
    for suffix in (".qde", ".xml"):
        found = sorted((f for f in files if f.lower().endswith(suffix)),
                       key=lambda f: (f.count("/"), f.lower() != f"project{suffix}"))
        if found:
            return found[0]
    raise error(f"{name} : archive .qdpx sans project.qde ; exportez de nouveau le projet "
                "depuis le logiciel qui l'a créé.", file=name)


def archive_member(archive: zipfile.ZipFile, member: str, name: str,
                   error: type[InputError], *, project_file: bool = False) -> bytes:
    """The member's bytes, refused (``error`` naming the member) past its cap, whether the
    zip's directory says so or the inflated data shows it."""
    cap = MAX_PROJECT_FILE if project_file else MAX_SOURCE_FILE
    info = archive.getinfo(member)
    size = f"{cap // 2**20} Mo" if cap >= 2**20 else f"{cap} octets"
    too_big = error(f"{name} : le membre {member} de l'archive dépasse {size} une fois "
                    "décompressé ; il n'est pas lu. Découpez le projet, ou exportez à part "
                    "la grande source.", file=name)
    if info.file_size > cap:
        raise too_big
    try:
        with archive.open(info) as stream:
            data = stream.read(cap + 1)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:  # damaged or lying
        raise error(f"{name} : le membre {member} de l'archive ne se lit pas "
                    f"({type(exc).__name__}) ; exportez de nouveau le projet.",
                    file=name) from None
    if len(data) > cap:
        raise too_big
    return data


def parse(data: bytes, name: str, error: type[InputError]) -> ET.Element:
    try:
        return SafeET.fromstring(data)
    except ET.ParseError as exc:
        raise error(f"{name} : ligne {exc.position[0]} : XML mal formé ; exportez de "
                    "nouveau le fichier.", file=name, line=exc.position[0]) from None
    except DefusedXmlException:
        raise error(f"{name} : le fichier déclare des entités XML, qui sont refusées "
                    "(elles peuvent grossir sans limite ou lire d'autres fichiers) ; "
                    "exportez-le de nouveau sans elles.", file=name) from None


def check_namespace(root: ET.Element, name: str, error: type[InputError]) -> None:
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if namespace and not REFI_NS.match(namespace):
        raise error(f"{name} : ce n'est pas un fichier REFI-QDA (espace de noms "
                    f"{namespace}).", file=name)


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def children(el: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in el if isinstance(child.tag, str) and local(child.tag) == name)


def child(el: ET.Element, name: str) -> ET.Element | None:
    return next(children(el, name), None)


def listed(el: ET.Element, container: str, name: str | None = None) -> Iterator[ET.Element]:
    """The elements listed in ``el``'s ``container`` (``Users``/``User``...), none if it is
    absent; with no ``name``, every element of the list (``Sources`` mixes kinds)."""
    box = child(el, container)
    if box is None:
        return iter(())
    if name is None:
        return (c for c in box if isinstance(c.tag, str))
    return children(box, name)


def norm_guid(raw: str | None) -> str | None:
    """A GUID as we keep it (lower case, no braces), or None if there is none or it is not one."""
    raw = (raw or "").strip().strip("{}")
    try:
        return str(uuid.UUID(raw)) if raw else None
    except ValueError:
        return None
