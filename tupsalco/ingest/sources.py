"""Texts from elsewhere (another tool's project): a transcript, an observation note, or neither.

A file given to ``tupsalco import`` is this study's transcript or note, and a label the study
does not use is an error to fix. A source in another tool's project may be anything: an
article, field notes, another study's transcripts with their own speaker labels, a data
export whose lines read ``Word: ...``. None of them is refused for its labels: a text whose
labels are mostly this study's is read as a transcript (an unknown label opens a third
speaker's turn), any other as a plain document.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..records import DocumentKind, ParsedDocument
from .files import Paragraph, content_hash, decode_text, normalise_newlines, read_paragraphs
from .notes import is_observation, parse_note
from .turns import build_turns, known_labels, segments

MIN_KNOWN_LABELS = 2  # one "E :" in an article does not make it an interview
MIN_KNOWN_SHARE = 0.1  # of the paragraphs: turns open at least one paragraph in ten


def read_text_source(path: Path, data: bytes) -> ParsedDocument:
    """A text from another tool read as an observation note, a transcript or a plain
    document (``DocumentKind.TEXT``: its text as written, line breaks normalised, in one
    segment). Never fails on a speaker label."""
    paragraphs = read_paragraphs(path, data)
    digest = content_hash(data)
    if is_observation(paragraphs):
        header, body = parse_note(path, paragraphs)
        text, turns = segments(body)
        return ParsedDocument(name=path.name, kind=DocumentKind.OBSERVATION, text=text,
                              turns=turns, content_hash=digest, header=header,
                              source_format="qdpx")
    if is_transcript(paragraphs):
        text, turns = build_turns(path, paragraphs, unknown_labels=True)
        return ParsedDocument(name=path.name, kind=DocumentKind.INTERVIEW, text=text,
                              turns=turns, content_hash=digest, source_format="qdpx")
    return plain_document(path, decode_text(path, data), digest)


def is_transcript(paragraphs: Sequence[Paragraph]) -> bool:
    """Most labels are this study's (``E``, ``MG``, ``Patiente``...), and there are enough of
    them for turns to be the text's shape."""
    labelled, known = known_labels(paragraphs)
    return (known >= MIN_KNOWN_LABELS and 2 * known >= labelled
            and known >= MIN_KNOWN_SHARE * len(paragraphs))


def plain_document(path: Path, text: str, digest: str) -> ParsedDocument:
    """The text as written (line breaks normalised, the ends trimmed), as one segment."""
    body, turns = segments([normalise_newlines(text).strip()])
    return ParsedDocument(name=path.name, kind=DocumentKind.TEXT, text=body, turns=turns,
                          content_hash=digest, source_format="qdpx")
