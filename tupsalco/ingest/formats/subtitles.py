"""Subtitles as Whisper, Zoom and Teams write them: WebVTT ``.vtt`` (webvtt-py) and SubRip
``.srt`` (srt).

A cue's speaker is a voice span (``<v Marie Dupont>``, Teams), a ``Name: text`` prefix (Zoom,
WhisperX's ``[SPEAKER_00]:``) or nothing (Whisper): a cue without one continues the speaker
before it, and a file with none at all is one speaker. A prefix counts as a speaker when it is
one of the study's labels or opens at least two cues, so a sentence that starts "Alors: ..."
stays text. Display names are compared with the study's labels only (see ``speakers``).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from ...errors import UnreadableDocumentError
from ..files import decode_text
from ..speakers import Speaker, Speech, Utterance
from ..turns import _NOT_LABELS, normalise_label, role_of

_VOICE = re.compile(r"<v(?:\.[\w-]+)*[ \t]+([^>]*)>")
_TAGS = re.compile(r"<[^>]*>|\{\\[^}]*\}")  # HTML-like cue tags; SSA's {\an8}
_Cue = tuple[float, str | None, list[str]]  # start in seconds, voice span, text lines
_PREFIX = re.compile(r"^\s*\[?(?P<name>[^\s:\[\]][^:\[\]\n]{0,39}?)\]?\s*:\s+(?=\S)")


def read_vtt(path: Path, data: bytes) -> Speech:
    try:
        # strict: a malformed cue is an error, not a silent gap in the transcript
        captions = webvtt.WebVTT.from_string(decode_text(path, data), strict=True).captions
    except (MalformedFileError, MalformedCaptionError):
        # their messages quote the cue's words: not shown
        raise UnreadableDocumentError(
            f"{path.name} : le fichier WebVTT a un sous-titre ou un en-tête mal formé et ne "
            "se lit pas ; exportez de nouveau les sous-titres."
        ) from None
    cues: list[_Cue] = []
    for caption in captions:
        seconds = caption.start_time.in_milliseconds() / 1000
        for i, line in enumerate(caption.lines):
            m = _VOICE.search(line)
            if i == 0 or m:
                # a voice span opens a new utterance, even inside one cue (Teams' overlaps)
                cues.append((seconds, m.group(1).strip() if m else None, []))
            cues[-1][2].append(_text(line))
    return _speech(cues)


def read_srt(path: Path, data: bytes) -> Speech:
    cues: list[_Cue] = []
    try:
        for sub in srt.parse(decode_text(path, data)):
            cues.append((sub.start.total_seconds(), None,
                         [_text(line) for line in sub.content.split("\n")]))
    except srt.SRTParseError:
        # its message quotes the unreadable words: not shown
        raise UnreadableDocumentError(
            f"{path.name} : sous-titre {len(cues) + 1} : le fichier SubRip ne se lit pas (un "
            "sous-titre sans son numéro ou ses temps) ; exportez de nouveau les sous-titres."
        ) from None
    return _speech(cues)


def _text(line: str) -> str:
    return html.unescape(_TAGS.sub("", line)).strip()


def _speech(cues: list[_Cue]) -> Speech:
    """Utterances of the cues, their speaker from a voice span or a name prefix; a cue with
    neither continues the speaker before it."""
    texts = [" ".join(line for line in lines if line) for _, _, lines in cues]
    prefixes = Counter(normalise_label(m.group("name")) for text in texts
                       if (m := _PREFIX.match(text)))
    names: dict[str, str] = {}
    utterances: list[Utterance] = []
    speaker = ""
    for (seconds, voice, _), text in zip(cues, texts, strict=True):
        m = _PREFIX.match(text)
        if m and _is_speaker(m.group("name"), prefixes):
            speaker, text = m.group("name").strip(), text[m.end():]
        elif voice:
            speaker = voice
        key = normalise_label(speaker)
        names[key] = speaker
        utterances.append(Utterance(key, text, seconds))
    return Speech(tuple(Speaker(key, (name,)) for key, name in names.items() if key),
                  tuple(utterances))


def _is_speaker(name: str, prefixes: Counter[str]) -> bool:
    key = normalise_label(name)
    if not key or key.split()[0] in _NOT_LABELS:
        return False
    return role_of(name) is not None or prefixes[key] >= 2
