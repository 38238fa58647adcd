"""Recordings attached to transcripts: copied under media/, named from their content, played
from a turn's time, given to researchers only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tupsalco.errors import InputError, NotFoundError, PermissionDeniedError
from tupsalco.media import attach_media, detach_media, media_file, seconds, start_time
from tupsalco.store import repository as repo

from .conftest import ANA, PASS, member, stored_bytes, write_wav

DATA = Path(__file__).parent / "data" / "formats"


@pytest.fixture
def timed(project):
    """A Transcriber transcript (times on its turns) and a Word one (none)."""
    from .conftest import transcript

    word = transcript(project.folder.parent / "MG01.docx", [("E", "Bonjour."), ("MG", "Oui.")])
    results = project.import_files(ANA, [DATA / "PAT01_transcriber.trs", word], PASS)
    assert [r.status for r in results] == ["imported", "imported"]
    return project, results[0].document_id, results[1].document_id


def test_a_recording_is_copied_under_media_named_from_its_content(timed, tmp_path) -> None:
    project, trs, docx = timed
    recording = write_wav(tmp_path / "Entretien Zoéline Brunchard 12-03.wav", seconds=70)
    media = attach_media(project, ANA, trs, recording)
    assert media.path.startswith("media/") and media.path.endswith(".wav")
    assert "Zo" not in media.path and media.kind == "audio"
    stored = project.folder / media.path
    assert stored.read_bytes() == recording.read_bytes()
    document = project.document(trs)
    assert document.media == media and len(media.sha256) == 64
    assert media_file(project, ANA, document) == stored
    # the database holds the relative name and the hash: never the sound, never the file name
    raw = stored_bytes(project)
    assert b"RIFF" not in raw and "Zoéline".encode() not in raw and b"Entretien" not in raw
    assert media.path.encode() in raw
    with project.db.session() as s:
        event = repo.audit_events(s, limit=1)[0]
    assert (event.action, event.target) == ("attach_media", f"document:{trs}")
    assert event.detail == {"bytes": recording.stat().st_size, "format": "wav"}
    # the same recording for another document is one file; a new one replaces the old
    # file once no document uses it
    assert attach_media(project, ANA, docx, recording) == media
    assert [p.name for p in (project.folder / "media").iterdir()] == [stored.name]
    other = attach_media(project, ANA, docx, write_wav(tmp_path / "b.wav", seconds=3))
    assert stored.exists() and (project.folder / other.path).exists()
    detach_media(project, ANA, trs)
    assert not stored.exists() and project.document(trs).media is None
    assert [d.has_media for d in sorted(project.documents(), key=lambda d: d.id)] == [
        False, True]


@pytest.mark.parametrize(("name", "content", "hint"), [
    ("notes.txt", b"Enqu\xc3\xaatrice : bonjour", "audio ou vid"),
    ("fausse.wav", b"Enqu\xc3\xaatrice : bonjour", "n'est pas un enregistrement .wav"),
    ("zip.mp4", b"PK\x03\x04 rien", "n'est pas un enregistrement .mp4"),
    ("riff.mp3", b"RIFF\x00\x00\x00\x00WAVEfmt ", "n'est pas un enregistrement .mp3"),
])
def test_what_is_not_a_recording_is_refused(timed, tmp_path, name, content, hint) -> None:
    project, trs, _ = timed
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=hint):
        attach_media(project, ANA, trs, path)
    assert project.document(trs).media is None
    assert not list((project.folder / "media").glob("*"))  # nothing copied


def test_only_researchers_attach_and_hear(timed, tmp_path) -> None:
    project, trs, _ = timed
    recording = write_wav(tmp_path / "r.wav", seconds=2)
    for role in ("committee", "author"):
        viewer = member(project, role, role)
        with pytest.raises(PermissionDeniedError):
            attach_media(project, viewer, trs, recording)
    attach_media(project, member(project, "codeuse", "coder"), trs, recording)
    document = project.document(trs)
    with pytest.raises(PermissionDeniedError):  # a recording is not pseudonymised
        media_file(project, member(project, "author", "author"), document)
    (project.folder / document.media.path).unlink()
    with pytest.raises(NotFoundError, match="attachez-le de nouveau"):
        media_file(project, ANA, document)


@pytest.mark.parametrize(("timestamp", "expected"), [
    ("00:00:06", 6.0), ("01:02:03", 3723.0), ("12:34", 754.0), ("[00:01:23]", 83.0),
    ("00:00:01.500", 1.5), ("00:00:01,25", 1.25), ("", None), (None, None), ("vers 10h", None),
])
def test_turn_times_are_read_in_seconds(timestamp, expected) -> None:
    assert seconds(timestamp) == expected


def test_playing_starts_at_a_turns_time(timed) -> None:
    project, trs, docx = timed
    document = project.document(trs)
    assert [start_time(document, t.index) for t in document.turns] == [0, 6, 41, 45, 45, 52]
    assert start_time(project.document(docx), 1) == 0  # no times: from the beginning
