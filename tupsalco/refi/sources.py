"""A source's text and its selections, as another tool wrote them.

Where the text is: inline, or a file of the archive named by ``internal://``, ``relative://``
or a bare file name (looked up in ``sources/``). How the positions of its selections count:
the standard says characters of the text as stored, but tools count in their own units
(NVivo for Windows in UTF-16 code units, where a character outside the basic plane counts
two; others after turning CRLF into LF, or with the byte-order mark), so each file's
positions are read the way that puts the selections on word boundaries.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import ExchangeError
from ..ingest.files import decode_text
from . import xml
from .xml import archive_member, child, children, local, norm_guid


@dataclass
class Budget:
    """What one import may still read from its archive (``xml.MAX_SOURCES_TOTAL``)."""

    left: int = field(default_factory=lambda: xml.MAX_SOURCES_TOTAL)

    def take(self, size: int, name: str, member: str) -> None:
        if size > self.left:
            raise ExchangeError(f"{name} : les textes de l'archive dépassent "
                                f"{xml.MAX_SOURCES_TOTAL // 2**20} Mo en tout au membre "
                                f"{member} ; il n'est pas lu. Découpez le projet.", file=name)
        self.left -= size


@dataclass(frozen=True, slots=True)
class SourceText:
    """A source's text (decoded, as stored: CRLF kept) and what its file began with."""

    text: str
    bom: bool = False
    member: str = ""  # the archive member it was read from, if any


def source_text(source: ET.Element, archive: zipfile.ZipFile | None, label: str,
                budget: Budget | None = None) -> SourceText:
    """The text of a source, a PDF's text representation or a note."""
    content = child(source, "PlainTextContent")
    if content is not None and content.text:
        return SourceText(content.text)
    path = (source.get("plainTextPath") or "").strip()
    if not path:
        raise ExchangeError(f"{label} : la source n'a pas de texte brut (texte enrichi ou "
                            "PDF seulement) ; exportez-la en texte depuis le logiciel qui l'a "
                            "créée.", file=label)
    scheme, sep, rest = path.partition("://")
    if not sep:  # a bare file name: the standard's sources/ folder
        scheme, rest = "relative", path
    found = find_member(archive, rest) if archive is not None and scheme.lower() in (
        "internal", "relative") else None
    if found is None:
        # the path itself is not repeated: tools write users' home folders there
        raise ExchangeError(f"{label} : son texte n'est pas dans l'archive ; exportez de "
                            "nouveau le projet avec ses sources incluses.", file=label)
    data = archive_member(archive, found, label, ExchangeError)
    (budget or Budget()).take(len(data), label, found)
    return SourceText(decode_text(Path(found), data), data.startswith(codecs.BOM_UTF8), found)


def find_member(archive: zipfile.ZipFile, path: str) -> str | None:
    """The archive member a source's path names: as written, under ``sources/`` (any case:
    NVivo writes ``Sources/``), else the one file of that name anywhere."""
    wanted = path.replace("\\", "/").lstrip("./").lower()
    names = [n for n in archive.namelist() if not n.endswith("/")]
    for n in names:
        if n.lower() in (wanted, f"sources/{wanted}"):
            return n
    base = wanted.rsplit("/", 1)[-1]
    same = [n for n in names if n.lower().rsplit("/", 1)[-1] == base]
    return same[0] if len(same) == 1 else None


# -- positions ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Reading:
    """One way of counting positions in a text: in code points or UTF-16 code units, line
    ends as stored, without the CR of a CRLF, or with a CR the export dropped, the byte-order
    mark counted or not. Called with a tool's position, gives the index in the text (-1 if
    the position is outside it)."""

    utf16: bool = False
    lines: str = "stored"  # "stored", "lf" (CR of CRLF not counted), "crlf" (LF counted two)
    bom: bool = False
    length: int = 0  # of the text, in characters
    # characters whose width is not one: their index, their position as the tool counts,
    # their width there
    index: tuple[int, ...] = field(default=(), repr=False)
    position: tuple[int, ...] = field(default=(), repr=False)
    width: tuple[int, ...] = field(default=(), repr=False)

    @property
    def name(self) -> str:
        unit = "unités de code UTF-16" if self.utf16 else "points de code"
        lines = {"stored": "fins de ligne telles qu'enregistrées",
                 "lf": "CR des CRLF non compté", "crlf": "chaque LF compté comme CRLF"}[self.lines]
        return f"{unit}, {lines}" + (", indicateur d'ordre des octets (BOM) compté"
                                     if self.bom else "")

    def __call__(self, pos: int) -> int:
        k = bisect.bisect_right(self.position, pos) - 1
        if k < 0:
            i = pos - self.bom
        elif pos >= self.position[k] + self.width[k]:
            i = self.index[k] + 1 + pos - self.position[k] - self.width[k]
        else:  # at a wide character, or inside it (half of a surrogate pair): its index
            i = self.index[k]
        return i if 0 <= i <= self.length else -1


def reading(text: str, *, utf16: bool = False, lines: str = "stored", bom: bool = False
            ) -> Reading:
    """The reading of ``text``'s positions with these conventions."""
    widths: dict[int, int] = {}
    if utf16:
        widths |= {m.start(): 2 for m in _ASTRAL.finditer(text)}
    if lines == "lf":
        widths |= {i: 0 for i in _find_all(text, "\r\n")}
    elif lines == "crlf":
        widths |= {i: 2 for i in _find_all(text, "\n") if text[i - 1:i] != "\r"}
    index = tuple(sorted(widths))
    width = tuple(widths[i] for i in index)
    shift = itertools.accumulate((w - 1 for w in width), initial=int(bom))
    position = tuple(i + s for i, s in zip(index, shift, strict=False))
    return Reading(utf16, lines, bom, len(text), index, position, width)


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # two UTF-16 code units each (emoji...)


def _find_all(text: str, sub: str) -> list[int]:
    out, at = [], text.find(sub)
    while at >= 0:
        out.append(at)
        at = text.find(sub, at + 1)
    return out


def position_reading(text: str, bom: bool, spans: Sequence[tuple[int, int]]) -> Reading:
    """How a tool counted its selections' positions in ``text``.

    Every reading the text allows is tried (UTF-16 units only if a character outside the
    basic plane is there, line-end conventions only if the text has line ends, the mark only
    if the file began with one). Coders select whole words, so the reading whose positions
    fall on word boundaries clearly more often than the standard's is taken; otherwise the
    standard's (code points of the text as stored)."""
    units = (False, True) if _ASTRAL.search(text) else (False,)
    lines = ["stored"]
    if "\r\n" in text:
        lines.append("lf")
    elif "\n" in text:  # counted on Windows line endings that the export (or XML) dropped
        lines.append("crlf")
    readings = [reading(text, utf16=u, lines=line, bom=b)
                for u in units for line in lines for b in ((False, True) if bom else (False,))]

    def fits(pos: int) -> int:
        if not 0 <= pos <= len(text):
            return -2
        inside_word = 0 < pos < len(text) and text[pos - 1].isalnum() and text[pos].isalnum()
        return 0 if inside_word else 1

    scores = [sum(fits(r(s)) + fits(r(e)) for s, e in spans) for r in readings]
    best = max(range(len(readings)), key=scores.__getitem__)
    margin = max(2, len(spans) // 10)
    return readings[best] if scores[best] >= scores[0] + margin else readings[0]


# -- selections ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Selection:
    """One coding of a text selection, positions read into the text (code points)."""

    start: int
    end: int
    code_id: str
    coder: str
    selection: str | None  # the selection's GUID: its comment and notes attach to it


@dataclass(frozen=True, slots=True)
class SourceSelections:
    """What a text source's selections give: codings, comments and what was left out."""

    codings: tuple[Selection, ...]
    comments: tuple[tuple[str | None, int, int, str], ...]  # (GUID, start, end, comment)
    reading: Reading
    left_out: tuple[str, ...]


def read_selections(source: ET.Element, text: SourceText, label: str,
                    code_ids: dict[str, str], users: dict[str | None, str],
                    importer: str) -> SourceSelections:
    """The source's text selections and whole-source codings, positions read as the tool
    counted them; a selection's ``Description`` is its comment."""
    out: list[Selection] = []
    left_out: list[str] = []
    comments: list[tuple[str | None, int, int, str]] = []

    def coded(el: ET.Element, start: int, end: int, fallback_user: str | None) -> None:
        for c in children(el, "Coding"):
            ref = child(c, "CodeRef")
            code_id = code_ids.get(norm_guid(ref.get("targetGUID")) or "") if ref is not None \
                else None
            if code_id is None:
                left_out.append(f"{label} : un codage renvoie à un code absent du "
                                "codebook.")
                continue
            coder = users.get(norm_guid(c.get("creatingUser"))) or users.get(
                norm_guid(fallback_user)) or importer
            out.append(Selection(start, end, code_id, coder, norm_guid(el.get("guid"))))

    found: list[tuple[ET.Element, int, int]] = []
    for sel in children(source, "PlainTextSelection"):
        try:
            start, end = sorted((int(sel.get("startPosition", "")),
                                 int(sel.get("endPosition", ""))))
        except ValueError:
            left_out.append(f"{label} : une sélection sans positions valides.")
            continue
        found.append((sel, start, end))
    to_text = position_reading(text.text, text.bom, [(s, e) for _, s, e in found])
    for sel, start, end in found:
        start, end = to_text(start), to_text(end)
        if start < 0 or end < 0 or start >= end:
            n = sum(1 for _ in children(sel, "Coding"))
            left_out.append(f"{label} : une sélection en {sel.get('startPosition')}-"
                            f"{sel.get('endPosition')} sort de son texte de "
                            f"{len(text.text)} caractères ({n} codage(s)).")
            continue
        coded(sel, start, end, sel.get("creatingUser"))
        desc = child(sel, "Description")
        if desc is not None and (desc.text or "").strip():
            comments.append((norm_guid(sel.get("guid")), start, end, desc.text.strip()))
    coded(source, 0, len(text.text), source.get("creatingUser"))  # the whole source coded
    return SourceSelections(tuple(out), tuple(comments), to_text, tuple(left_out))


def count_codings(el: ET.Element) -> int:
    """Every coding under ``el``, of any kind of selection (text, PDF area, picture, media)."""
    return sum(1 for e in el.iter() if isinstance(e.tag, str) and local(e.tag) == "Coding")
