"""What a file holds, told by its first bytes, and the sizes past which nothing is read.

A file is read by the reader its suffix names only when its content is of a kind that reader
takes: XML in a ``.txt``, a zip archive in a ``.vtt`` or a PDF named ``.docx`` is refused with
what it seems to be and what to do, never imported as text.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from pathlib import Path

from ..errors import UnreadableDocumentError

# A two-hour interview is well under 1 MB of text; 50 MB leaves room for a Word file with
# pictures or a PDF with fonts, and bounds what a file can make us hold in memory.
MAX_FILE_BYTES = 50 * 1024 * 1024
# What an archive (.docx, .odt) may unpack to, pictures included: a zip bomb stops here.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
HEAD = 4096  # bytes looked at to tell a file's kind

# Binary signatures at the start of a file: (prefix, kind).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"),
    (b"II*\x00", "image"), (b"MM\x00*", "image"),
    (b"ID3", "media"), (b"OggS", "media"), (b"fLaC", "media"), (b"\x1aE\xdf\xa3", "media"),
    (b"\xff\xfb", "media"), (b"\xff\xf3", "media"), (b"\xff\xf2", "media"),
    (b"\x1f\x8b", "archive"), (b"7z\xbc\xaf\x27\x1c", "archive"), (b"Rar!", "archive"),
)
# What each kind seems to be and what to do with it, for the refusal message.
KINDS: dict[str, tuple[str, str]] = {
    "text": ("plain text", "name it .txt"),
    "docx": ("a Word document", "name it .docx"),
    "odt": ("an OpenDocument text", "name it .odt"),
    "pdf": ("a PDF document", "name it .pdf"),
    "trs": ("a Transcriber transcript", "name it .trs"),
    "eaf": ("an ELAN annotation file", "name it .eaf"),
    "cha": ("a CHAT (CLAN) transcript", "name it .cha"),
    "vtt": ("WebVTT subtitles", "name it .vtt"),
    "srt": ("SubRip subtitles", "name it .srt"),
    "xlsx": ("a spreadsheet", "export the transcript as .docx or .txt"),
    "qdpx": ("a REFI-QDA project", "import it as a project (.qdpx)"),
    "zip": ("a zip archive", "extract the transcript from it"),
    "ole": ("an old Word .doc or a password-protected Office file",
            "remove the password and save it as .docx"),
    "rtf": ("an RTF document", "open it in Word and save it as .docx"),
    "html": ("a web page (HTML)", "save the transcript as .txt or .docx"),
    "xml": ("an XML file of another kind", "export the transcript as .docx or .txt"),
    "image": ("an image", "a scan needs text recognition first; import the transcript as text"),
    "media": ("a sound or video recording", "import its transcript, not the recording"),
    "archive": ("a compressed archive", "extract the transcript from it"),
}
# an XML declaration, comments and a doctype before the root element
_XML_PROLOG = re.compile(
    r"\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*", re.S | re.I
)
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_XML_ROOTS = {"trans": "trs", "annotation_document": "eaf", "html": "html"}
_SRT_CUE = re.compile(r"\d+[ \t]*\r?\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->")
_CHAT = re.compile(r"@(?:UTF8|Begin|Font|PID|Window|Languages|Participants)\b")


def check_size(path: Path, size: int) -> None:
    """Refuse a file larger than the limit before any of it is read."""
    if size > MAX_FILE_BYTES:
        raise UnreadableDocumentError(
            f"{path.name}: the file is larger than {MAX_FILE_BYTES // 2**20} MB and is not "
            "read; split the transcript or export it without pictures."
        )


def check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose members unpack past the limits (a zip bomb or a huge file)."""
    infos = archive.infolist()
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith(".xml"))
    if xml > MAX_FILE_BYTES or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise UnreadableDocumentError(
            f"{path.name}: the file unpacks to more than {MAX_FILE_BYTES // 2**20} MB of text "
            f"or {MAX_UNPACKED_BYTES // 2**20} MB in all and is not read; split the transcript."
        )


def read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, inflated a bounded piece at a time: never more than its directory
    declares (which ``check_archive`` bounds). ``ZipFile.read`` would inflate all of a
    member's data in one call, whatever its declared size: a directory that lies about a
    small size would make it hold the whole inflated data (gigabytes) before the checksum
    says the member is damaged."""
    with archive.open(info) as stream:
        return stream.read(info.file_size + 1)


def unpacked(path: Path, data: bytes, what: str) -> bytes:
    """A zip package (``data``) rebuilt from its members read within the limits, each
    checked against its checksum: what a library that reads the package itself is given.
    ``what`` names the kind of file for the message ("the Word file")."""
    member = ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(path, archive)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as clean:
                for info in archive.infolist():
                    member = info.filename
                    if not info.is_dir():
                        clean.writestr(member, read_member(path, archive, info))
            return out.getvalue()
    except UnreadableDocumentError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError,
            zlib.error) as exc:
        part = f"its part {member} " if member else "its zip directory "
        raise UnreadableDocumentError(
            f"{path.name}: {what} is damaged: {part}cannot be read ({type(exc).__name__}: "
            "its size or checksum is not what the file says); open it in its application "
            "and save it again.", file=path.name) from None


def content_kind(data: bytes) -> str:
    """The kind of content ``data`` holds (a key of ``KINDS``), from its first bytes."""
    head = data[:HEAD]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return _zip_kind(data) if kind == "zip" else kind
    if head[4:8] == b"ftyp" or (head.startswith(b"RIFF") and head[8:12] in (b"WAVE", b"AVI ")):
        return "media"
    return _text_kind(_head_text(head))


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names:  # a hundred bytes, whatever the member inflates to
                with archive.open("mimetype") as stream:
                    mimetype = stream.read(100)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, zlib.error):
        return "zip"  # damaged: the reader of its suffix says so
    if "word/document.xml" in names:
        return "docx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return "odt"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(n.lower().endswith(".qde") for n in names):
        return "qdpx"
    return "zip"


def _head_text(head: bytes) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    return head.decode("latin-1")  # only ASCII signatures are looked for


def _text_kind(text: str) -> str:
    start = text.lstrip()
    if start.startswith("WEBVTT"):
        return "vtt"
    if _CHAT.match(start) or "\n@Begin" in text:
        return "cha"
    if _SRT_CUE.match(start):
        return "srt"
    if start.startswith("<"):
        if start[:15].lower().startswith("<!doctype html"):
            return "html"
        prolog = _XML_PROLOG.match(start).end()
        m = _XML_ROOT.match(start, prolog)
        # markup, not a transcript that opens with "<title>": a prolog or a closed element
        if m is not None and (prolog or re.search(r"</\w|/>", text)):
            return _XML_ROOTS.get(m.group(1).rpartition(":")[2].lower(), "xml")
    return "text"


def refuse(path: Path, kind: str, expected: str) -> UnreadableDocumentError:
    """The error for a file whose content is not what its suffix (``expected``) says."""
    seems, todo = KINDS[kind]
    return UnreadableDocumentError(
        f"{path.name}: the file is named {path.suffix.lower()} but seems to be {seems}, not "
        f"{expected}; it is not imported. Check it is the transcript, then {todo}."
    )
