"""CHAT ``.cha`` (CLAN; the TCOF and CFPP corpora): ``@`` headers, ``*SPK:`` utterances.

An utterance is ``*CODE:`` and a tab, continued on lines that start with a tab, timed by a
bullet ``\\x15start_end\\x15`` in milliseconds. ``@Participants:`` lists ``CODE [Name] Role``:
the role says who interviews (``Investigator``) and who is interviewed; the name is dropped.
``%com:`` tiers are the transcriber's comments, kept with their utterance; the other
dependent tiers (``%mor``, ``%gra``, ``%pho``...) are analyses, and the other headers (date,
place, situation) may identify: neither is read. CHAT's codes are cleaned from the text so
it reads as speech (retracings, pauses, word markers), events become marks (``&=rit``).
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import UnreadableDocumentError
from ...records import Role
from ..files import decode_text, normalise_newlines
from ..speakers import Speaker, Speech, Utterance

# CHAT's standard participant roles (CHAT manual, "Participants Header"). Generic ones
# (Adult, Speaker, Doctor, Therapist...) say nothing of the interview: position decides.
ROLES: dict[str, Role] = {
    **dict.fromkeys(["investigator", "interviewer"], Role.INTERVIEWER),
    **dict.fromkeys(["target_child", "target_adult", "participant", "patient", "subject",
                     "informant", "interviewee"], Role.PARTICIPANT),
    **dict.fromkeys(["mother", "father", "brother", "sister", "sibling", "grandmother",
                     "grandfather", "relative", "partner", "husband", "wife", "friend",
                     "visitor", "playmate", "caretaker", "child", "boy", "girl", "teenager",
                     "environment", "media", "group", "audience", "unidentified",
                     "non_human"], Role.THIRD),
}
_BULLET = re.compile("\x15[^\x15]*?(\\d+)_(\\d+)\x15")
_UTTERANCE = re.compile(r"\*([^\s:]+):[ \t]*(.*)", re.S)
# CHAT's transcription codes and what the reader sees instead, applied in this order.
CLEANUP: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement) for pattern, replacement in [
        ("\x15[^\x15]*\x15", " "),                         # media bullets
        (r"&=([^\s:\[\]]+)", r" [\1] "),                   # &=rit: an event, a mark
        (r"&=\S+", " "),                                   # &=imit:...: not a mark
        (r"\[%\s*([^\]]*)\]", r" [commentaire : \1] "),    # [% ...]: a comment
        (r"\[=!\s*([^\]]*)\]", r" [commentaire : \1] "),   # [=! ...]: paralinguistic
        (r"\[(?:[/*<>!?+=:^-][^\]]*|\d+)\]", " "),         # [/] [//] [*] [<] [: x] [= x] [+ x]
        (r"(?<!\w)(?:xxx|yyy)(?!\w)", " [inaudible] "),    # unintelligible
        (r"(?<!\w)www(?!\w)", " [non transcrit] "),
        (r"\((?:\.{1,3}|\d+(?:[.:]\d+)*)\)", " "),         # (.) (..) (1.5): pauses
        (r"\+(?:\.\.\.|/+[.?]|!?\?)", "…"),                # +... +/. +//. : trailing off
        (r"\+[\"^<,+]+", " "),                             # +" +^ +< +, ++ : linkers
        (r"&[-+~*]", ""),                                  # &-euh &+fra: fillers, fragments
        (r"(?<=\w)@(?:s(?::[a-z]+)*|[a-z]{1,3})(?![\w.@])", ""),  # bonjour@s, mmh@i
        ("[<>⌈⌉⌊⌋↑↓≈≋‡„∆∇°⇗↗→↘⇘∞≡∙⁎∬∲§∾↻⁑⤇∮]", " "),     # scopes, overlaps, prosody
        (r"(?<=\w)_(?=\w)", " "),                          # compounds: pomme_de_terre
        (r"^\s*0\s*[.!?]?\s*$", ""),                       # 0 .: no speech, an action
        (r"\s+([.,…])", r"\1"),                              # ". ," follow their word (" ?" stays)
        (r"\s+", " "),
    ]
)


def read(path: Path, data: bytes) -> Speech:
    speakers: dict[str, Speaker] = {}
    utterances: list[Utterance] = []
    # the bullets' \x15 is a control character, which text decoding takes for binary
    text = decode_text(path, data.replace(b"\x0c", b" ").replace(b"\x15", b"\x0c"))
    for number, line in _lines(text.replace("\x0c", "\x15")):
        if line.startswith("@Participants:"):
            speakers.update((s.key, s) for s in _participants(line))
        elif line.startswith("*"):
            m = _UTTERANCE.match(line)
            if m is None:
                raise UnreadableDocumentError(
                    f"{path.name} : ligne {number} : une ligne de locuteur·rice sans son code "
                    "ni ses deux-points (écrivez *CODE: puis une tabulation) ; ouvrez le fichier "
                    "dans CLAN et lancez CHECK."
                )
            code, body = m.groups()
            bullet = _BULLET.search(body)
            utterances.append(Utterance(code, clean(body),
                                        int(bullet.group(1)) / 1000 if bullet else None))
        elif line.startswith("%com:") and utterances:
            last = utterances[-1]
            note = " ".join(line.removeprefix("%com:").split())
            utterances[-1] = Utterance(last.speaker, f"{last.text} [commentaire : {note}]",
                                       last.seconds)
    for code in dict.fromkeys(u.speaker for u in utterances):
        speakers.setdefault(code, Speaker(code, (code,)))
    return Speech(tuple(speakers.values()), tuple(utterances))


def _lines(text: str) -> list[tuple[int, str]]:
    """Logical lines with the number of their first line: a tab-led line continues."""
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(normalise_newlines(text).split("\n"), 1):
        if line.startswith("\t") and lines:
            lines[-1] = (lines[-1][0], f"{lines[-1][1]} {line.strip()}")
        elif line.strip():
            lines.append((number, line.rstrip()))
    return lines


def _participants(line: str) -> list[Speaker]:
    """``CODE [Name] Role`` entries: the code and role are kept, the name only compared."""
    out = []
    for entry in line.partition(":")[2].split(","):
        words = entry.split()
        if not words:
            continue
        role = words[-1] if len(words) > 1 else ""
        out.append(Speaker(words[0], (words[0], " ".join(words[1:-1]).replace("_", " ")),
                           ROLES.get(role.lower())))
    return out


def clean(body: str) -> str:
    """An utterance's words as a reader reads them, CHAT's codes removed."""
    for pattern, replacement in CLEANUP:
        body = pattern.sub(replacement, body)
    return body.strip()
