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
            f"{path.name} : le PDF est protégé par un mot de passe ; retirez-le (imprimez-le "
            "en PDF sans protection) ou importez la transcription en .docx."
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
                f"{path.name} : page {number} : le PDF contient plus de "
                f"{MAX_FILE_BYTES // 2**20} Mo de texte et n'est pas lu ; découpez-le."
            )
        lines += text.split("\n")
    paragraphs = [Paragraph(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()]
    if not paragraphs:
        raise EmptyDocumentError(
            f"{path.name} : le PDF n'a pas de couche de texte (un document numérisé ?) ; "
            "passez-le d'abord par la reconnaissance de texte, ou importez la transcription "
            "en .docx ou .txt."
        )
    return paragraphs


# what pypdf raises on damaged files, besides its own errors
_ERRORS = (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
           RecursionError, NotImplementedError, OSError)


def _damaged(path: Path, exc: Exception, page: int | None = None) -> UnreadableDocumentError:
    where = f" page {page} :" if page else ""
    return UnreadableDocumentError(
        f"{path.name} :{where} le PDF est endommagé ou ne se lit pas ({type(exc).__name__}) "
        "; ouvrez-le et enregistrez-le de nouveau, ou importez la transcription en .docx ou "
        ".txt."
    )
