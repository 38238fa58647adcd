"""The text layer of a PDF, read with pypdf, one paragraph per line.

A PDF whose lines carry the study's speaker labels is read as a ``.txt`` transcript is;
otherwise it comes in as one text (``turns.has_labels``). A scan has no text layer and is refused.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import PdfReadError

from ...errors import EmptyDocumentError, UnreadableDocumentError
from ..files import Paragraph, normalise_newlines
from ..sniff import MAX_FILE_BYTES


def read(path: Path, data: bytes) -> list[Paragraph]:
    try:
        reader = PdfReader(io.BytesIO(data))
        locked = reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED
    except _ERRORS as exc:
        raise _damaged(path, exc) from None
    if locked:
        raise UnreadableDocumentError(
            f"{path.name}: the PDF is protected by a password; remove it (print it to PDF "
            "without protection) or import the transcript as .docx."
        )
    lines: list[str] = []
    size = 0
    for number in range(1, len(reader.pages) + 1):
        try:
            text = normalise_newlines(reader.pages[number - 1].extract_text() or "")
        except _ERRORS as exc:
            raise _damaged(path, exc, number) from None
        size += len(text)
        if size > MAX_FILE_BYTES:
            raise UnreadableDocumentError(
                f"{path.name}: page {number}: the PDF holds more than "
                f"{MAX_FILE_BYTES // 2**20} MB of text and is not read; split it."
            )
        lines += text.split("\n")
    paragraphs = [Paragraph(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()]
    if not paragraphs:
        raise EmptyDocumentError(
            f"{path.name}: the PDF has no text layer (a scan?); run text recognition on it "
            "first, or import the transcript as .docx or .txt."
        )
    return paragraphs


# what pypdf raises on damaged files, besides its own errors
_ERRORS = (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
           RecursionError, NotImplementedError, OSError)


def _damaged(path: Path, exc: Exception, page: int | None = None) -> UnreadableDocumentError:
    where = f" page {page}:" if page else ""
    return UnreadableDocumentError(
        f"{path.name}:{where} the PDF is damaged or cannot be read ({type(exc).__name__}); "
        "open it and save it again, or import the transcript as .docx or .txt."
    )
