"""Reading transcripts, observation notes and the participants sheet into records."""

from __future__ import annotations

from pathlib import Path

from ..errors import EmptyDocumentError, TupsalcoError, UnreadableDocumentError
from ..records import DocumentKind, ParsedDocument, Turn
from .files import Paragraph, content_hash
from .formats import FORMATS, Format
from .labels import file_label, relabel
from .notes import is_observation, parse_note
from .participants import (
    ParticipantSheet,
    SheetCheck,
    SheetProblem,
    check_sheet,
    normalise_age_band,
    read_participants,
)
from .sheet import FIELDS, SheetTable, guess_mapping, parse_mapping, read_sheet
from .sniff import KINDS, check_size, content_kind, refuse
from .speakers import Speech, name_drafts, speech_turns
from .turns import SPEAKER_LABELS, build_turns, has_labels, role_of, segments

SUPPORTED_SUFFIXES = frozenset(FORMATS)

__all__ = [
    "FIELDS",
    "SPEAKER_LABELS",
    "SUPPORTED_SUFFIXES",
    "ParticipantSheet",
    "SheetCheck",
    "SheetProblem",
    "SheetTable",
    "check_sheet",
    "content_hash",
    "file_label",
    "guess_mapping",
    "normalise_age_band",
    "parse_mapping",
    "read_document",
    "read_participants",
    "read_sheet",
    "role_of",
]


def read_document(path: Path, sheet: ParticipantSheet | None = None,
                  data: bytes | None = None, *, number: int | None = None) -> ParsedDocument:
    """Parse an interview transcript or an observation note (raw text, not yet stored).

    An interview is linked to the participant whose id is in its file name; a file name that
    names no participant of the sheet (or several) leaves it unassigned, to be assigned
    later; with no sheet (checking a file on its own) it is parsed without a participant.
    ``data`` stands for the file's content when it comes from elsewhere (an archive). The
    file's suffix chooses its reader (``formats.FORMATS``) once its first bytes show it holds
    what the suffix says.

    The document's ``name`` is still the file's (the import replaces the names in it, with
    the key); an error never quotes it: it names the file by ``number``, its place in the
    batch, and the study id in its name (``labels.file_label``).
    """
    path = Path(path)
    try:
        return _read(path, sheet, data)
    except TupsalcoError as exc:
        known = [p.id for p in sheet.participants] if sheet is not None else []
        raise relabel(exc, path.name, file_label(path.name, known, number)) from None


def _read(path: Path, sheet: ParticipantSheet | None, data: bytes | None) -> ParsedDocument:
    fmt = _format(path)
    if data is None:
        check_size(path, path.stat().st_size)
        data = path.read_bytes()
    check_size(path, len(data))
    if not data.strip():
        raise EmptyDocumentError(f"{path.name} : le fichier est vide ; exportez de nouveau "
                                 "la transcription.")
    kind = content_kind(data)
    if kind not in fmt.contents:
        raise refuse(path, kind, KINDS[fmt.kind][0])
    content = fmt.read(path, data)
    source_format = path.suffix.lower().lstrip(".")
    if isinstance(content, Speech):
        text, turns = speech_turns(path, content)
        kind_, header = DocumentKind.INTERVIEW, None
    elif is_observation(content):
        header, body = parse_note(path, content)
        text, turns = segments(body)
        kind_ = DocumentKind.OBSERVATION
    else:
        text, turns = _transcript(path, content, fmt)
        kind_, header = DocumentKind.INTERVIEW, None
    if not any(ch.isalnum() for ch in text):
        raise EmptyDocumentError(
            f"{path.name} : le fichier contient des noms de locuteur·rice, des horodatages ou "
            "un en-tête, mais rien de dit ni d'écrit ; vérifiez que c'est la transcription "
            "entière.", file=path.name)
    participant = (sheet.match_file(path) if sheet is not None and header is None else None)
    return ParsedDocument(
        name=path.name, kind=kind_, text=text, turns=turns, content_hash=content_hash(data),
        participant_id=participant.id if participant else None, header=header,
        source_format=source_format,
    )


def _format(path: Path) -> Format:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnreadableDocumentError(
            f"{path.name} : type de fichier non pris en charge ({path.suffix.lower() or 'aucun'}) "
            f"; donnez une transcription en {', '.join(sorted(FORMATS))} (le plus souvent Word "
            ".docx ou texte brut .txt)."
        )
    return fmt


def _transcript(path: Path, paragraphs: list[Paragraph], fmt: Format
                ) -> tuple[str, tuple[Turn, ...]]:
    if fmt.plain_unless_labelled and not has_labels(paragraphs):
        return segments(["\n".join(p.text for p in paragraphs)])
    return build_turns(path, paragraphs, None if fmt.strict_labels else name_drafts)
