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
    "text": ("du texte brut", "renommez-le en .txt"),
    "docx": ("un document Word", "renommez-le en .docx"),
    "odt": ("un texte OpenDocument", "renommez-le en .odt"),
    "pdf": ("un document PDF", "renommez-le en .pdf"),
    "trs": ("une transcription Transcriber", "renommez-le en .trs"),
    "eaf": ("un fichier d'annotations ELAN", "renommez-le en .eaf"),
    "cha": ("une transcription CHAT (CLAN)", "renommez-le en .cha"),
    "vtt": ("des sous-titres WebVTT", "renommez-le en .vtt"),
    "srt": ("des sous-titres SubRip", "renommez-le en .srt"),
    "xlsx": ("un tableur", "exportez la transcription en .docx ou .txt"),
    "qdpx": ("un projet REFI-QDA", "importez-le comme projet (.qdpx)"),
    "zip": ("une archive zip", "extrayez-en la transcription"),
    "ole": ("un ancien fichier Word .doc ou un fichier Office protégé par un mot de passe",
            "retirez le mot de passe et enregistrez-le en .docx"),
    "rtf": ("un document RTF", "ouvrez-le dans Word et enregistrez-le en .docx"),
    "html": ("une page web (HTML)", "enregistrez la transcription en .txt ou .docx"),
    "xml": ("un fichier XML d'un autre type", "exportez la transcription en .docx ou .txt"),
    "image": ("une image", "un document numérisé passe d'abord par la reconnaissance de "
              "texte ; importez la transcription en texte"),
    "media": ("un enregistrement audio ou vidéo",
              "importez sa transcription, pas l'enregistrement"),
    "archive": ("une archive compressée", "extrayez-en la transcription"),
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
            f"{path.name} : le fichier dépasse {MAX_FILE_BYTES // 2**20} Mo et n'est pas "
            "lu ; découpez la transcription ou exportez-la sans images."
        )


def check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose members unpack past the limits (a zip bomb or a huge file)."""
    infos = archive.infolist()
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith(".xml"))
    if xml > MAX_FILE_BYTES or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise UnreadableDocumentError(
            f"{path.name} : une fois décompressé, le fichier dépasse {MAX_FILE_BYTES // 2**20} "
            f"Mo de texte ou {MAX_UNPACKED_BYTES // 2**20} Mo en tout et n'est pas lu ; "
            "découpez la transcription."
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
    ``what`` names the kind of file for the message ("le fichier Word")."""
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
        part = f"sa partie {member}" if member else "son répertoire zip"
        raise UnreadableDocumentError(
            f"{path.name} : {what} est endommagé : {part} ne se lit pas ({type(exc).__name__} "
            ": sa taille ou sa somme de contrôle ne correspond pas à ce que dit le fichier) ; "
            "ouvrez-le dans son application et enregistrez-le de nouveau.",
            file=path.name) from None


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
        f"{path.name} : le fichier porte l'extension {path.suffix.lower()} mais semble être "
        f"{seems}, et non {expected} ; il n'est pas importé. Vérifiez que c'est la "
        f"transcription, puis {todo}."
    )
