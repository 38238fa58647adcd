"""Transcriber ``.trs``: XML (often ISO-8859-1) with speakers, turns and time syncs.

``<Speakers>`` declares ``<Speaker id= name= type= check=>``; each ``<Turn speaker=
startTime=>`` holds text cut by ``<Sync time=>`` points, ``<Who nb=>`` for overlapping speech,
``<Event>`` for noises and ``<Comment>`` for the transcriber's notes. A speaker's ``name`` is
often a real name: it is only compared with the study's labels (see ``speakers``). Transcriber's
``type`` is the voice (male, female, child) and ``check`` whether the name was verified: neither
says who interviews, so a child is a third speaker and the rest is decided by position. The
file's ``scribe``, ``audio_filename``, topics and section headings are not read.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from ...records import Role
from ..speakers import Speaker, Speech, Utterance
from .xml import local, parse_xml

# Transcriber's French noise codes, as non-verbal marks. A code not listed is a "[bruit]":
# a mark is kept out of pseudonymisation, so free text never becomes one.
NOISES = {
    "rire": "rires", "rires": "rires", "tx": "toux", "toux": "toux", "r": "respiration",
    "i": "inspiration", "e": "expiration", "n": "reniflement", "pf": "souffle",
    "bb": "bruit de bouche", "bg": "bruit de gorge", "sif": "sifflement", "b": "bruit",
    "conv": "conversations", "pap": "papier", "mic": "micro", "musique": "musique",
    "soupir": "soupir", "silence": "silence", "pause": "pause",
}
# "pi" and "pif": speech too faint to be transcribed
UNINTELLIGIBLE = {"pi", "pif", "xxx"}


def read(path: Path, data: bytes) -> Speech:
    root = parse_xml(path, data, "Transcriber")
    speakers = tuple(
        Speaker(el.get("id", ""), (el.get("name", ""),),
                Role.THIRD if el.get("type") == "child" else None)
        for el in root.iter() if local(el.tag) == "Speaker"
    )
    utterances: list[Utterance] = []
    for turn in (el for el in root.iter() if local(el.tag) == "Turn"):
        utterances += _turn(turn)
    return Speech(speakers, tuple(utterances))


def _turn(turn: ET.Element) -> list[Utterance]:
    """The turn's text cut at its syncs; ``<Who nb=>`` switches among its speakers."""
    who = turn.get("speaker", "").split()
    speaker = who[0] if who else ""
    seconds = _seconds(turn.get("startTime"))
    pieces: list[str] = [turn.text or ""]
    out: list[Utterance] = []

    def cut() -> None:
        out.append(Utterance(speaker, " ".join(pieces), seconds))
        pieces.clear()

    for child in turn:
        name = local(child.tag)
        if name == "Sync":
            cut()
            seconds = _seconds(child.get("time"), seconds)
        elif name == "Who":
            cut()
            nb = child.get("nb", "1")
            speaker = who[int(nb) - 1] if nb.isdigit() and 0 < int(nb) <= len(who) else speaker
        elif name == "Event":
            pieces.append(_event(child))
        elif name == "Comment" and child.get("desc", "").strip():
            # not a mark: the note's words go through pseudonymisation like speech
            pieces.append(f" [commentaire : {child.get('desc', '').strip()}] ")
        pieces.append(child.tail or "")
    cut()
    return [u for u in out if u.text.strip()]


def _event(el: ET.Element) -> str:
    """A noise as a mark; events on words (language, pronunciation, entities) are dropped,
    and an event's end is not marked twice."""
    desc = el.get("desc", "").strip().lower()
    kind = el.get("type", "noise")
    if el.get("extent") == "end":
        return ""
    if desc in UNINTELLIGIBLE and kind in ("pronounce", "noise"):
        return " [inaudible] "
    if kind != "noise":
        return ""
    return f" [{NOISES.get(desc, 'bruit')}] "


def _seconds(value: str | None, default: float | None = None) -> float | None:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default
