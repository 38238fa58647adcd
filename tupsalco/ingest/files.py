"""Reading files into paragraphs: DOCX through python-docx, text with encoding detection."""

from __future__ import annotations

import codecs
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ..errors import EmptyDocumentError, UnreadableDocumentError
from .sniff import unpacked

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted Office files and old .doc
TEXT_SUFFIXES = {".txt", ".text"}
DOCX_SUFFIXES = {".docx"}


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a file; ``label`` is set when a bold run carries a speaker label."""

    number: int  # 1-based paragraph (DOCX) or line (text) number, for error messages
    text: str
    bold_label: str | None = None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_paragraphs(path: Path, data: bytes | None = None) -> list[Paragraph]:
    """Non-empty paragraphs of a DOCX or text file, with CRLF normalised."""
    data = path.read_bytes() if data is None else data
    suffix = path.suffix.lower()
    if not data.strip():
        raise EmptyDocumentError(f"{path.name} : le fichier est vide ; exportez de nouveau "
                                 "la transcription.")
    if suffix in DOCX_SUFFIXES:
        paragraphs = _docx_paragraphs(path, data)
    elif suffix in TEXT_SUFFIXES:
        text = decode_text(path, data)
        paragraphs = [
            Paragraph(n, line.strip())
            for n, line in enumerate(normalise_newlines(text).split("\n"), 1)
        ]
    else:
        raise UnreadableDocumentError(
            f"{path.name} : type de fichier non pris en charge ({suffix or 'aucun'}) ; "
            "donnez un fichier Word .docx ou texte brut .txt."
        )
    paragraphs = [p for p in paragraphs if p.text or p.bold_label]
    if not paragraphs:
        raise EmptyDocumentError(
            f"{path.name} : le fichier ne contient aucun texte ; vérifiez que c'est bien la "
            "transcription."
        )
    return paragraphs


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(path: Path, data: bytes) -> str:
    """Decode a text export: BOMs, then UTF-8, then Windows-1252, then charset-normalizer."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding)
    if b"\x00" in data or charset_normalizer.from_bytes(data).best() is None:
        raise UnreadableDocumentError(
            f"{path.name} : ce n'est pas un fichier texte (contenu binaire) ; "
            "exportez la transcription en texte brut (.txt) ou en Word .docx."
        )
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1252":
            _refuse_mixed(path, data)
        if not _has_control_chars(text):
            return text
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and not _has_control_chars(str(best)):
        return str(best)
    raise UnreadableDocumentError(
        f"{path.name} : encodage du texte inconnu ; enregistrez le fichier en UTF-8 et "
        "importez-le de nouveau."
    )


def _refuse_mixed(path: Path, data: bytes) -> None:
    """A text whose lines are in two encodings (pasted together from a UTF-8 file and a
    Windows-1252 one) would be read with the accents of one kind garbled: refused, naming
    the lines that are not UTF-8."""
    utf8 = other = 0
    lines = []
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            other += 1
            lines.append(number)
    if utf8 and other:
        shown = ", ".join(map(str, lines[:10])) + (" ..." if len(lines) > 10 else "")
        raise UnreadableDocumentError(
            f"{path.name} : ligne(s) {shown} en Windows-1252 (Latin-1) et les autres en "
            "UTF-8 : le fichier mêle deux encodages, et les accents de l'un des deux seraient "
            "lus de travers. Ouvrez-le dans un éditeur de texte, corrigez ces lignes et "
            "enregistrez-le en UTF-8.",
            file=path.name, line=lines[0])


def _has_control_chars(text: str) -> bool:
    return any(ord(c) < 32 and c not in "\t\n\r\f" or 0x80 <= ord(c) < 0xA0 for c in text)


def _docx_paragraphs(path: Path, data: bytes) -> list[Paragraph]:
    if data.startswith(OLE_MAGIC):
        raise UnreadableDocumentError(
            f"{path.name} : le fichier Word est protégé par un mot de passe ou à l'ancien "
            "format .doc ; retirez le mot de passe (Fichier > Informations > Protéger le "
            "document) et enregistrez-le en .docx."
        )
    clean = unpacked(path, data, "le fichier Word")
    try:
        document = docx.Document(io.BytesIO(clean))
    except etree.XMLSyntaxError as exc:
        line, column = getattr(exc, "position", None) or (exc.lineno, 0)
        raise UnreadableDocumentError(
            f"{path.name} : le fichier Word est endommagé : une de ses parties n'est pas du "
            f"XML bien formé (ligne {line}, colonne {column}) ; ouvrez-le dans Word et "
            "enregistrez-le de nouveau en .docx.",
            file=path.name, line=line) from None
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise UnreadableDocumentError(
            f"{path.name} : le fichier Word est endommagé et ne s'ouvre pas "
            f"({type(exc).__name__}) ; ouvrez-le dans Word et enregistrez-le de nouveau en "
            ".docx."
        ) from None
    return [bold_paragraph(number, *_split_bold_prefix(para))
            for number, para in enumerate(document.paragraphs, 1)]


def bold_paragraph(number: int, bold: str, rest: str) -> Paragraph:
    """A paragraph whose leading bold text is its label when a colon ends it or follows it."""
    text = (bold + rest).strip()
    label = None
    candidate = bold.strip()
    if candidate.endswith(":") or (candidate and rest.lstrip().startswith(":")):
        label = candidate.rstrip(":").strip()
        text = rest.lstrip().removeprefix(":").strip()
    return Paragraph(number, normalise_newlines(text), label or None)


def _split_bold_prefix(para) -> tuple[str, str]:
    """The leading bold runs of a paragraph and the rest of its text."""
    runs = list(para.runs)
    bold_parts: list[str] = []
    cut = len(runs)
    for i, run in enumerate(runs):
        if run.bold or (bold_parts and not run.text.strip()):
            bold_parts.append(run.text)
        else:
            cut = i
            break
    bold = "".join(bold_parts)
    if not bold.strip():
        return "", para.text
    # para.text also holds hyperlinks and fields that are not plain runs
    full = para.text
    rest = full[len(bold):] if full.startswith(bold) else "".join(r.text for r in runs[cut:])
    return bold, rest
