"""Speakers whose labels are not the study's: a role and a label that is never a name.

Transcriber, CHAT, ELAN and subtitle files name their speakers as the transcriber typed them,
often with real names ("Marie Dupont", a tier called "Karim", Zoom's display names). Such a
name is only compared with the study's labels (``SPEAKER_LABELS``): it is never stored as a
label, never put in the text and never quoted in an error. Decided here, for every format:

- a speaker called by one of the study's labels (``Enquêtrice``, ``E``, ``MG``, ``Patiente``,
  ``Conjoint``...) keeps that label and its role; a role the format itself states (CHAT's
  ``Investigator``, Transcriber's ``child``) comes first;
- otherwise, with no interviewer yet, the first speaker heard is the interviewer (interviews
  open with the interviewer's question), unless they are the only speaker;
- with no participant yet, the speaker who says most of the others is the participant;
- any other is a third speaker (``Tiers 1``, ``Tiers 2``...).

Speakers given a role by position get the label of their role (``Enquêtrice``,
``Participant``), read back by ``role_of``. A file that names no speaker at all (Whisper's
subtitles) comes in as one speaker, a participant labelled ``Locuteurs non distingués``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import EmptyDocumentError
from ..folding import fold
from ..records import Role, Turn
from .turns import _Draft, assemble, normalise_label, role_of

UNNAMED = "Locuteurs non distingués"
_ROLE_LABELS = {Role.INTERVIEWER: "Enquêtrice", Role.PARTICIPANT: "Participant",
                Role.THIRD: "Tiers"}


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker as a file declares it. ``names`` are only compared with the study's labels."""

    key: str  # the file's handle for this speaker (id, code, tier): groups utterances only
    names: tuple[str, ...] = ()
    role: Role | None = None  # what the format itself says of this speaker


@dataclass(frozen=True, slots=True)
class Utterance:
    """A stretch of speech: ``speaker`` is a ``Speaker.key``, "" when the file names none."""

    speaker: str
    text: str
    seconds: float | None = None


@dataclass(frozen=True, slots=True)
class Speech:
    """What a timed transcript holds: its speakers and their utterances in time order."""

    speakers: tuple[Speaker, ...]
    utterances: tuple[Utterance, ...]


def resolve(speech: Speech) -> dict[str, tuple[Role, str]]:
    """The role and the stored label of every speaker heard in ``speech``."""
    order = list(dict.fromkeys(u.speaker for u in speech.utterances))
    if order == [""]:
        return {"": (Role.PARTICIPANT, UNNAMED)}
    spoken: Counter[str] = Counter()
    for u in speech.utterances:
        spoken[u.speaker] += len(u.text)
    table = {s.key: s for s in speech.speakers}
    own = {key: _own(table.get(key, Speaker(key, (key,)))) for key in order}
    roles = {key: found[0] for key, found in own.items() if found is not None}
    left = [key for key in order if key not in roles]
    if Role.INTERVIEWER not in roles.values() and order[0] in left and len(order) > 1:
        roles[order[0]] = Role.INTERVIEWER
        left.remove(order[0])
    if Role.PARTICIPANT not in roles.values() and left:
        most = max(left, key=lambda k: (spoken[k], -order.index(k)))
        roles[most] = Role.PARTICIPANT
        left.remove(most)
    roles.update(dict.fromkeys(left, Role.THIRD))
    used = {fold(found[1]) for found in own.values() if found is not None and found[1]}
    out: dict[str, tuple[Role, str]] = {}
    for key in order:
        label = own[key][1] if own[key] is not None else ""
        out[key] = (roles[key], label or _new_label(roles[key], used))
    return out


def _own(speaker: Speaker) -> tuple[Role, str] | None:
    """The role the file gives a speaker, with the study's label it is called by (or "")."""
    labels = [(role, name.strip()) for name in speaker.names
              if name.strip() and (role := role_of(name)) is not None]
    if speaker.role is not None:
        return speaker.role, next((n for r, n in labels if r is speaker.role), "")
    return labels[0] if labels else None


def _new_label(role: Role, used: set[str]) -> str:
    base = _ROLE_LABELS[role]
    candidates = (f"{base} {n}" if role is Role.THIRD or n > 1 else base for n in range(1, 1000))
    label = next(c for c in candidates if fold(c) not in used)
    used.add(fold(label))
    return label


def speech_turns(path: Path, speech: Speech) -> tuple[str, tuple[Turn, ...]]:
    """Turns of a timed transcript: consecutive utterances of one speaker make one turn,
    timed by the first of them."""
    heard = Speech(speech.speakers, tuple(
        Utterance(u.speaker, " ".join(u.text.split()), u.seconds)
        for u in speech.utterances if u.text.strip()
    ))
    if not heard.utterances:
        raise EmptyDocumentError(f"{path.name} : le fichier ne contient aucune parole ; "
                                 "vérifiez que c'est la transcription et non un modèle vide.")
    roles = resolve(heard)
    drafts: list[_Draft] = []
    last: str | None = None
    for u in heard.utterances:
        if u.speaker == last:
            drafts[-1].paragraphs[-1] += " " + u.text
            continue
        role, label = roles[u.speaker]
        drafts.append(_Draft(role, label, clock(u.seconds), [u.text]))
        last = u.speaker
    return assemble(drafts)


def name_drafts(drafts: Sequence[_Draft]) -> None:
    """Give a role and a label to the turns of a labelled document whose label is not the
    study's (``build_turns`` leaves their role empty); their own label is dropped."""
    spoken = [d for d in drafts if d.role is not Role.NOTE]
    speech = Speech(tuple(Speaker(normalise_label(d.label), (d.label,)) for d in spoken),
                    tuple(Utterance(normalise_label(d.label), " ".join(d.paragraphs))
                          for d in spoken))
    roles = resolve(speech)
    for d in drafts:
        if d.role is None:
            d.role, d.label = roles[normalise_label(d.label)]


def clock(seconds: float | None) -> str | None:
    """``HH:MM:SS`` as the transcripts' own timestamps are written (the second is enough to
    find the place in the recording)."""
    if seconds is None or seconds < 0:
        return None
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
