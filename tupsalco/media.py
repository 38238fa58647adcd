"""Listening: the recording of a transcript, played from a turn's time.

A recording is copied into the project folder under ``media/``, named from its content
(its SHA-256), never from the file it came from (a file name can hold a name); the database
keeps only that relative name and the hash. A recording is not pseudonymised — voices, and
the names said aloud, are in it — so only researchers (admin, coder) are given it, whatever
face asks.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

from .accounts import require
from .errors import InputError, NotFoundError
from .project import Project
from .records import AccountRole, Document, MediaFile, Viewer
from .store import repository as repo
from .store.commands import AttachMedia

log = logging.getLogger(__name__)
MEDIA_DIR = "media"
MAX_BYTES = 4 * 1024**3  # four hours of 16-bit stereo WAV; compressed recordings are far less

# what a file's first bytes say it is, and the suffixes that may hold it
_FAMILIES = {
    "wav": {"wav"}, "mp3": {"mp3"}, "iso": {"m4a", "mp4", "m4v", "mov", "aac"},
    "ogg": {"ogg", "oga", "ogv", "opus"}, "flac": {"flac"}, "ebml": {"webm", "mkv"},
    "adts": {"aac"},
}
SUFFIXES = frozenset(s for family in _FAMILIES.values() for s in family)
MIME = {"wav": "audio/wav", "mp3": "audio/mpeg", "m4a": "audio/mp4", "aac": "audio/aac",
        "ogg": "audio/ogg", "oga": "audio/ogg", "opus": "audio/ogg", "flac": "audio/flac",
        "mp4": "video/mp4", "m4v": "video/mp4", "mov": "video/quicktime", "webm": "video/webm",
        "ogv": "video/ogg", "mkv": "video/x-matroska"}
_TIME = re.compile(r"^\[?(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?\]?$")


def sniff(head: bytes) -> str | None:
    """The container a recording's first bytes show, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE6 == 0xE2):
        return "mp3"
    if head[4:8] == b"ftyp":
        return "iso"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "ebml"
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "adts"
    return None


def seconds(timestamp: str | None) -> float | None:
    """A turn's time (``00:01:23``, ``01:23``, ``[00:01:23.5]``) in seconds."""
    m = _TIME.match((timestamp or "").strip())
    if not m:
        return None
    hours, minutes, secs, frac = m.groups()
    return (int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)
            + (int(frac.ljust(3, "0")) / 1000 if frac else 0.0))


def start_time(document: Document, turn_index: int | None) -> int:
    """Where to start playing for a turn: its own time, else the last time before it (a
    turn of the same cue carries none), else the beginning."""
    start = 0.0
    for turn in document.turns:
        if turn_index is not None and turn.index > turn_index:
            break
        at = seconds(turn.timestamp)
        if at is not None:
            start = at
    return int(start)


def timed_turns(document: Document) -> dict[int, float]:
    """The turns that carry a time, with it."""
    return {t.index: at for t in document.turns if (at := seconds(t.timestamp)) is not None}


def attach_media(project: Project, viewer: Viewer, document_id: int, file: Path,
                 data: bytes | None = None) -> MediaFile:
    """Copy a recording under the project's ``media/`` and link it to the document (a
    researcher). The file is checked to be audio or video by its first bytes; the copy is
    named from its content, so the original name never reaches the project. ``data``: the
    file's content, already in memory (an upload), ``file`` then only gives its name."""
    require(viewer, AccountRole.ADMIN, AccountRole.CODER)
    file = Path(file)
    suffix = file.suffix.lower().lstrip(".")
    if suffix not in SUFFIXES:
        raise InputError(f"{file.name} : un enregistrement est un fichier audio ou vidéo ("
                         + ", ".join(f".{s}" for s in sorted(SUFFIXES)) + ").", file=file.name)
    old = project.document(document_id).media
    try:
        size = file.stat().st_size if data is None else len(data)
        with _open(file, data) as f:
            family = sniff(f.read(16))
    except OSError as exc:
        raise InputError(f"{file.name} : le fichier ne se lit pas ({exc.strerror}).",
                         file=file.name) from None
    if family is None or suffix not in _FAMILIES[family]:
        raise InputError(f"{file.name} : ce fichier n'est pas un enregistrement .{suffix} "
                         "(son début ne correspond pas) ; exportez-le de nouveau.",
                         file=file.name)
    if size > MAX_BYTES:
        raise InputError(f"{file.name} : l'enregistrement dépasse "
                         f"{MAX_BYTES // 1024**3} Go ; compressez-le (MP3, M4A).",
                         file=file.name)
    folder = project.folder / MEDIA_DIR
    folder.mkdir(exist_ok=True)
    sha256, copied = _copy(file, data, folder)
    relative = f"{MEDIA_DIR}/{sha256[:32]}.{suffix}"
    target = project.folder / relative
    new = not target.exists()
    if new:
        copied.replace(target)
    else:
        copied.unlink()
    try:
        project.execute(viewer, AttachMedia(document_id, relative, sha256, size))
    except BaseException:
        if new:
            _forget(project, relative)
        raise
    if old is not None and old.path != relative:
        _forget(project, old.path)
    log.info("attached a recording to document %d (%d bytes)", document_id, size)
    return MediaFile(relative, sha256)


def detach_media(project: Project, viewer: Viewer, document_id: int) -> None:
    old = project.document(document_id).media
    project.execute(viewer, AttachMedia(document_id, None))
    if old is not None:
        _forget(project, old.path)


def media_file(project: Project, viewer: Viewer, document: Document) -> Path | None:
    """The recording's file to play, for a researcher; None when the document has none."""
    if document.media is None:
        return None
    require(viewer, AccountRole.ADMIN, AccountRole.CODER)
    path = project.folder / document.media.path
    if not path.is_file():
        raise NotFoundError(f"L'enregistrement du document {document.id} manque dans le "
                            f"dossier du projet ({document.media.path}) : attachez-le de "
                            "nouveau.", id=document.id)
    return path


def _open(file: Path, data: bytes | None) -> BinaryIO:
    return file.open("rb") if data is None else io.BytesIO(data)


def _copy(file: Path, data: bytes | None, folder: Path) -> tuple[str, Path]:
    digest = hashlib.sha256()
    fd, name = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    tmp = Path(name)
    try:
        with _open(file, data) as source, open(fd, "wb") as out:
            while chunk := source.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return digest.hexdigest(), tmp


def _forget(project: Project, relative: str) -> None:
    """Remove a recording's file once no document refers to it any more."""
    with project.db.session() as s:
        users = repo.media_users(s, relative)
    if not users:
        (project.folder / relative).unlink(missing_ok=True)


__all__ = ["MEDIA_DIR", "MIME", "SUFFIXES", "attach_media", "detach_media", "media_file", "seconds",
           "sniff", "start_time", "timed_turns"]
