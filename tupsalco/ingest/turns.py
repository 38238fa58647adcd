"""Speaker turns: labels mapped to roles, timestamps to metadata, non-verbal marks kept."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import SpeakerLabelError
from ..folding import fold
from ..records import Mark, Role, Turn
from .files import Paragraph

# Labels as transcribers write them, full and abbreviated, compared without case or accents.
SPEAKER_LABELS: dict[str, Role] = {
    **dict.fromkeys(
        ["enquetrice", "enqueteur", "enqueteuse", "e", "enq", "int", "i", "q",
         "intervieweur", "intervieweuse", "chercheuse", "chercheur", "sociologue"],
        Role.INTERVIEWER,
    ),
    **dict.fromkeys(
        ["p", "r", "patient", "patiente", "participant", "participante", "usager", "usagere",
         "mg", "medecin", "medecin generaliste", "generaliste", "docteur", "dr",
         "psy", "psychologue", "ts", "travailleur social", "travailleuse sociale",
         "assistante sociale", "assistant social", "as", "coordinatrice", "coordinateur",
         "coord", "presidente", "president", "interviewe", "interviewee"],
        Role.PARTICIPANT,
    ),
    **dict.fromkeys(
        ["conjoint", "conjointe", "epouse", "epoux", "mari", "femme", "compagnon", "compagne",
         "fille", "fils", "mere", "pere", "frere", "soeur", "ami", "amie", "interprete",
         "accompagnant", "accompagnante", "tiers", "interne", "infirmier", "infirmiere", "ide",
         "stagiaire", "p2", "e2", "x"],
        Role.THIRD,
    ),
}

TIMESTAMP = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TS_PREFIX = re.compile(rf"^\s*[\[(]?\s*(?P<ts>{TIMESTAMP})\s*[\])]?\s*[-–]?\s*")
_TS_ANYWHERE = re.compile(rf"\s*[\[(]\s*{TIMESTAMP}\s*[\])]\s*")
# A label: one to three words starting with a capital or a digit, then a colon.
_LABEL = re.compile(
    r"^(?P<label>[A-ZÀ-ÖØ-Þ][\w'’.\-]*(?:\s[A-ZÀ-ÖØ-Þ0-9][\w'’.\-]*){0,2})"
    rf"\s*(?:[\[(]\s*(?P<ts>{TIMESTAMP})\s*[\])])?\s*:(?:\s+|$)"
)
# Capitalised words that open a sentence before a colon in speech ("Alors : ..."): text.
_NOT_LABELS = frozenset(
    [
        "alors", "bon", "voila", "donc", "mais", "et", "ensuite", "puis", "bref", "enfin", "oui",
        "non", "ben", "bah", "euh", "ah", "oh", "attention", "exemple", "question", "reponse",
        "resultat", "probleme", "conclusion", "remarque", "note", "moi", "lui", "elle", "nous",
        "vous", "eux", "eh", "ouais", "bon", "ben", "du", "coup"
    ]
)
_MARK = re.compile(r"\[(?P<label>[^\[\]\d:]{1,40})\]")


def normalise_label(label: str) -> str:
    return re.sub(r"[\s.]+", " ", fold(label)).strip(" .")


def role_of(label: str) -> Role | None:
    key = normalise_label(label)
    if key in SPEAKER_LABELS:
        return SPEAKER_LABELS[key]
    base = re.sub(r"\s*\d+$", "", key)  # "Patient 1", "E2"
    return SPEAKER_LABELS.get(base)


@dataclass
class _Draft:
    role: Role | None  # None: a label that is not the study's, until it is given one
    label: str
    timestamp: str | None
    paragraphs: list[str]


def _strip_timestamp(text: str) -> tuple[str | None, str]:
    m = _TS_PREFIX.match(text)
    if m and m.end() < len(text):
        return m.group("ts"), text[m.end():]
    return None, text


def split_label(text: str) -> tuple[str | None, str | None, str]:
    """(label, timestamp, rest) of a paragraph written as ``[00:01:02] MG : text``."""
    timestamp, text = _strip_timestamp(text)
    m = _LABEL.match(text)
    if not m or normalise_label(m.group("label")).split()[0] in _NOT_LABELS:
        return None, timestamp, text
    rest = text[m.end():]
    timestamp = timestamp or m.group("ts")
    m2 = _TS_PREFIX.match(rest)
    if m2 and m2.group(0).strip().startswith(("[", "(")):
        timestamp, rest = timestamp or m2.group("ts"), rest[m2.end():]
    return m.group("label"), timestamp, rest


def has_labels(paragraphs: Sequence[Paragraph]) -> bool:
    """Whether at least two paragraphs open with one of the study's speaker labels."""
    labelled = 0
    for para in paragraphs:
        label = para.bold_label or split_label(para.text)[0]
        labelled += label is not None and role_of(label) is not None
        if labelled >= 2:
            return True
    return False


def label_spans(text: str) -> list[tuple[int, int]]:
    """Spans of known speaker labels and timestamps opening the lines of a raw text, so a
    pseudonymiser run on plain text never takes ``TS :`` or ``MG :`` for a name."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        label, _, rest = split_label(line)
        if label is not None and role_of(label) is not None:
            spans.append((offset, offset + len(line) - len(rest)))
        else:
            m = _TS_PREFIX.match(line)
            if m and m.group(0).strip().startswith(("[", "(")):
                spans.append((offset, offset + m.end()))
        offset += len(line) + 1
    return spans


def build_turns(
    path: Path, paragraphs: Sequence[Paragraph],
    name_unknown: Callable[[Sequence[_Draft]], None] | None = None, *,
    unknown_labels: bool = False,
) -> tuple[str, tuple[Turn, ...]]:
    """Assemble speaker turns: the text is the turns' texts joined by newlines.

    A label that is not the study's fails the document, unless ``name_unknown`` is given: it
    then gives a role and a label to the turns left with none (formats whose labels are not
    ours). There, an unknown label that is not bold and opens a single paragraph is text.
    With ``unknown_labels`` (a text from another tool, whose speakers are not this study's)
    an unknown label opens a third speaker's turn and stays in the text, where the
    pseudonymiser sees it (it may be a name).
    """
    uses_bold = sum(p.bold_label is not None for p in paragraphs) >= 2
    heads = [_head(para, uses_bold) for para in paragraphs]
    unknown = Counter(normalise_label(h[0]) for h in heads
                      if h[0] is not None and role_of(h[0]) is None)
    drafts: list[_Draft] = []
    for para, (label, timestamp, rest) in zip(paragraphs, heads, strict=True):
        role = role_of(label) if label is not None else None
        if label is not None and role is None and unknown_labels:
            kept = _TS_ANYWHERE.sub(" ", _strip_timestamp(para.text)[1]).strip()
            drafts.append(_Draft(Role.THIRD, "", timestamp, [kept]))
            continue
        if label is not None and role is None:
            if name_unknown is None:
                raise SpeakerLabelError(
                    f"{path.name} : paragraphe {para.number} : il commence par un nom de "
                    "locuteur·rice inconnu (non cité ici, car ce peut être un nom). "
                    "Renommez-le Enquêtrice ou E pour l'enquêtrice ; Patient, Patiente, MG, "
                    "Psy, TS, Coordinatrice ou P pour la personne interrogée ; Conjoint, Fille, "
                    "Interprète… pour une tierce personne."
                )
            if para.bold_label is None and unknown[normalise_label(label)] < 2:
                label, (timestamp, rest) = None, _strip_timestamp(para.text)
        rest = _TS_ANYWHERE.sub(" ", rest).strip()
        if label is not None:
            drafts.append(_Draft(role, label.strip(), timestamp, [rest] if rest else []))
        elif drafts:
            if rest:
                drafts[-1].paragraphs.append(rest)
        elif rest:
            # text before the first labelled turn (a title, a heading): kept as a preamble
            drafts.append(_Draft(Role.NOTE, "", timestamp, [rest]))
    if name_unknown is not None and any(d.role is None for d in drafts):
        name_unknown(drafts)
    return assemble(drafts)


def _head(para: Paragraph, uses_bold: bool) -> tuple[str | None, str | None, str]:
    """(label, timestamp, rest) of a paragraph, its label bold or written before a colon."""
    if para.bold_label is not None:
        timestamp, label = _strip_timestamp(para.bold_label)
        ts2, rest = _strip_timestamp(para.text)
        return label, timestamp or ts2, rest
    if uses_bold:
        # bold labels in this file: a plain paragraph continues the previous turn
        timestamp, rest = _strip_timestamp(para.text)
        return None, timestamp, rest
    return split_label(para.text)


def known_labels(paragraphs: Sequence[Paragraph]) -> tuple[int, int]:
    """How many paragraphs open with a speaker label, and how many of those labels are
    known (plain-text paragraphs; a bold label counts as a label)."""
    labelled = known = 0
    for para in paragraphs:
        label = para.bold_label if para.bold_label is not None else split_label(para.text)[0]
        if label is not None:
            labelled += 1
            known += role_of(_strip_timestamp(label)[1]) is not None
    return labelled, known


def assemble(drafts: Sequence[_Draft]) -> tuple[str, tuple[Turn, ...]]:
    pieces: list[str] = []
    turns: list[Turn] = []
    offset = 0
    for index, draft in enumerate(drafts):
        body = "\n".join(draft.paragraphs)
        marks = tuple(
            Mark(offset + m.start(), offset + m.end(), m.group("label").strip())
            for m in _MARK.finditer(body)
        )
        turns.append(
            Turn(index, draft.role, draft.label, offset, offset + len(body), draft.timestamp, marks)
        )
        pieces.append(body)
        offset += len(body) + 1
    return "\n".join(pieces), tuple(turns)


def segments(paragraphs: Sequence[str], role: Role = Role.NOTE) -> tuple[str, tuple[Turn, ...]]:
    """Free text as one segment per paragraph (observation notes)."""
    return assemble([_Draft(role, "", None, [p]) for p in paragraphs if p.strip()])
