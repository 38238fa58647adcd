"""Reading transcripts, observation notes and the participants sheet into records."""

from __future__ import annotations

from pathlib import Path

from ..records import DocumentKind, ParsedDocument
from .files import DOCX_SUFFIXES, TEXT_SUFFIXES, content_hash, read_paragraphs
from .notes import is_observation, parse_note
from .participants import ParticipantSheet, normalise_age_band, read_participants
from .turns import SPEAKER_LABELS, build_turns, role_of, segments

SUPPORTED_SUFFIXES = DOCX_SUFFIXES | TEXT_SUFFIXES

__all__ = [
    "SPEAKER_LABELS",
    "SUPPORTED_SUFFIXES",
    "ParticipantSheet",
    "content_hash",
    "normalise_age_band",
    "read_document",
    "read_participants",
    "role_of",
]


def read_document(path: Path, sheet: ParticipantSheet | None = None,
                  data: bytes | None = None) -> ParsedDocument:
    """Parse an interview transcript or an observation note (raw text, not yet stored).

    An interview is linked to the participant whose id is in its file name; with no sheet
    (checking a file on its own) it is parsed without a participant. ``data`` stands for the
    file's content when it comes from elsewhere (an archive).
    """
    path = Path(path)
    data = path.read_bytes() if data is None else data
    paragraphs = read_paragraphs(path, data)
    digest = content_hash(data)
    fmt = path.suffix.lower().lstrip(".")
    if is_observation(paragraphs):
        header, body = parse_note(path, paragraphs)
        text, turns = segments(body)
        return ParsedDocument(
            name=path.name, kind=DocumentKind.OBSERVATION, text=text, turns=turns,
            content_hash=digest, header=header, source_format=fmt,
        )
    participant = sheet.match_file(path) if sheet is not None else None
    text, turns = build_turns(path, paragraphs)
    return ParsedDocument(
        name=path.name, kind=DocumentKind.INTERVIEW, text=text, turns=turns,
        content_hash=digest, participant_id=participant.id if participant else None,
        source_format=fmt,
    )
