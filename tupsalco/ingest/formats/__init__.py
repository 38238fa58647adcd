"""The formats a document comes in, by suffix: one table, one reader each.

A reader takes the file's name (for messages) and its bytes, and gives either paragraphs
(Word, text, OpenDocument, PDF: speaker labels are read from them) or ``Speech`` (timed
transcripts whose speakers the file declares).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..files import Paragraph, read_paragraphs
from ..speakers import Speech
from . import chat, elan, odt, pdf, subtitles, transcriber


@dataclass(frozen=True, slots=True)
class Format:
    """How files of one suffix are read."""

    kind: str  # what the content is (a key of sniff.KINDS)
    contents: frozenset[str]  # what sniff.content_kind() may find in such a file, still read
    read: Callable[[Path, bytes], list[Paragraph] | Speech]
    # our own exports: a label that is not the study's is a typo to fix, and fails the file
    strict_labels: bool = False
    # lines without the study's labels are one text, not turns (a PDF's layout lines)
    plain_unless_labelled: bool = False


_TEXT = Format("text", frozenset({"text"}), read_paragraphs, strict_labels=True)

FORMATS: dict[str, Format] = {
    # a damaged zip or an OLE container is read as Word, which says what is wrong with it
    ".docx": Format("docx", frozenset({"docx", "zip", "ole"}), read_paragraphs,
                    strict_labels=True),
    ".txt": _TEXT,
    ".text": _TEXT,
    ".odt": Format("odt", frozenset({"odt", "zip"}), odt.read),
    ".pdf": Format("pdf", frozenset({"pdf"}), pdf.read, plain_unless_labelled=True),
    ".trs": Format("trs", frozenset({"trs"}), transcriber.read),
    ".cha": Format("cha", frozenset({"cha"}), chat.read),
    ".eaf": Format("eaf", frozenset({"eaf"}), elan.read),
    ".vtt": Format("vtt", frozenset({"vtt"}), subtitles.read_vtt),
    ".srt": Format("srt", frozenset({"srt"}), subtitles.read_srt),
}
