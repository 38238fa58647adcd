"""Observation notes: a header (date, site, activity, who was present) and free text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..errors import DocumentError
from ..records import ObservationHeader
from .files import Paragraph
from .turns import normalise_label

HEADER_KEYS = {
    "date": "date",
    "site": "site",
    "lieu": "site",
    "activite": "activity",
    "activity": "activity",
    "type": "activity",
    "presents": "present",
    "present": "present",
    "participants": "present",
    "notes": "notes",
    "texte": "notes",
}
ACTIVITIES = {"consultation": "consultation", "rdv_ts": "rdv_ts", "rcp": "rcp"}
PRESENT_ROLES = frozenset(
    [
        "mg", "medecin", "medecins", "generaliste", "psy", "psychologue", "ts", "travailleur",
        "social", "travailleuse", "sociale", "assistante", "sociale", "coordinatrice",
        "coordinateur", "patient", "patiente", "patients", "patientes", "enquetrice", "enqueteur",
        "interne", "internes", "infirmier", "infirmiere", "ide", "secretaire", "stagiaire",
        "conjoint", "conjointe", "fille", "fils", "mere", "pere", "proche", "accompagnant",
        "accompagnante", "interprete", "psychiatre", "addictologue", "pharmacien", "pharmacienne"
    ]
)
MONTHS = {
    m: i
    for i, m in enumerate(
        ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
         "octobre", "novembre", "decembre"], 1
    )
}
_FIELD = re.compile(r"^(?P<key>[^\W\d][\w ]{1,20}?)\s*:\s*(?P<value>.*)$")


def is_observation(paragraphs: Sequence[Paragraph]) -> bool:
    keys = {_header_key(p.text) for p in paragraphs[:8]}
    return len(keys & {"date", "site", "activity", "present"}) >= 3


def _header_key(text: str) -> str | None:
    m = _FIELD.match(text)
    return HEADER_KEYS.get(normalise_label(m.group("key"))) if m else None


def parse_note(
    path: Path, paragraphs: Sequence[Paragraph]
) -> tuple[ObservationHeader, list[str]]:
    """The header fields and the free-text paragraphs of an observation note."""
    fields: dict[str, tuple[int, str]] = {}
    body_start = len(paragraphs)
    for i, para in enumerate(paragraphs):
        key = _header_key(para.text)
        if key is None or key in fields:
            body_start = i
            break
        value = _FIELD.match(para.text).group("value").strip()  # type: ignore[union-attr]
        if key == "notes":
            body_start = i + 1
            if value:
                # text on the "Notes :" line itself is the first paragraph
                paragraphs = [*paragraphs[: i + 1], Paragraph(para.number, value),
                              *paragraphs[i + 1:]]
            break
        fields[key] = (para.number, value)
    for key in ("date", "site", "activity", "present"):
        if key not in fields:
            raise DocumentError(
                f"{path.name} : l'en-tête de la note d'observation n'a pas de ligne "
                f"« {_FIELD_NAMES[key]} » ; ajoutez « {_FIELD_NAMES[key]} : … » avant "
                "« Notes : »."
            )
    header = ObservationHeader(
        period=_period(path, *fields["date"]),
        site=fields["site"][1],
        activity=_activity(path, *fields["activity"]),
        present=_present(path, *fields["present"]),
    )
    body = [p.text for p in paragraphs[body_start:] if p.text.strip()]
    if not body:
        raise DocumentError(f"{path.name} : la note d'observation a un en-tête mais pas de "
                            "texte ; ajoutez les notes après « Notes : ».")
    return header, body


_FIELD_NAMES = {"date": "Date", "site": "Site", "activity": "Activité", "present": "Présents"}


def _period(path: Path, number: int, value: str) -> str:
    """The month of the observation: the exact day is not kept (it pins the event)."""
    text = normalise_label(value)
    m = re.search(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := re.search(r"(\d{1,2})(?:er)? (\w+) (\d{4})", text):
        day, month, year = int(m.group(1)), MONTHS.get(m.group(2), 0), int(m.group(3))
    else:
        day = month = year = 0
    try:
        return date(year, month, day).strftime("%Y-%m")
    except ValueError:
        raise DocumentError(
            f"{path.name} : paragraphe {number} : la date ne se lit pas ; "
            "écrivez-la 14/11/2023 ou 14 novembre 2023."
        ) from None


def _activity(path: Path, number: int, value: str) -> str:
    text = normalise_label(value)
    if "rcp" in text or "reunion" in text or "concertation" in text:
        return "rcp"
    if ("rdv" in text or "rendez" in text or "entretien" in text) and (
        "ts" in text.split() or "social" in text or "sociale" in text
    ) or text.startswith("rdv ts"):
        return "rdv_ts"
    if "consultation" in text:
        return "consultation"
    raise DocumentError(
        f"{path.name} : paragraphe {number} : activité inconnue ; écrivez "
        "« consultation MG-patient », « RDV TS-patient » ou « RCP »."
    )


def _present(path: Path, number: int, value: str) -> tuple[str, ...]:
    roles = [r.strip() for r in re.split(r",|;|\bet\b", value) if r.strip()]
    for role in roles:
        words = normalise_label(re.sub(r"\(.*?\)|\d+", "", role)).split()
        if not words or not all(w in PRESENT_ROLES or w in {"le", "la", "les", "un", "une",
                                                             "deux", "trois", "de", "du", "des"}
                                for w in words):
            raise DocumentError(
                f"{path.name} : paragraphe {number} : « Présents » nomme quelqu'un qui n'est "
                "pas un rôle (non cité ici, car ce peut être un nom) ; n'y écrivez que des "
                "rôles : MG, Psy, TS, Coordinatrice, patient, patiente, enquêtrice, interne."
            )
    return tuple(roles)
