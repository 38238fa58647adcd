"""The attribute vocabulary a participants sheet is checked against: the study's by default,
extended per project (another study's professions and settings).

A value is compared once folded (case, accents, spacing forgiven) with the study's values and
the spellings teams write for them; a value that is not known gets the closest known value as
a suggestion, never a silent replacement.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..folding import fold

# the study's professions and the spellings teams write for them (DOMAIN.md, "Who speaks")
PROFESSIONS = {
    "mg": "MG", "medecin generaliste": "MG", "medecin": "MG", "generaliste": "MG",
    "docteur": "MG",
    "psy": "Psy", "psychologue": "Psy",
    "ts": "TS", "travailleur social": "TS", "travailleuse sociale": "TS",
    "assistante sociale": "TS", "assistant social": "TS", "assistant de service social": "TS",
    "assistante de service social": "TS",
    "coordinatrice": "Coordinatrice", "coordinateur": "Coordinateur",
    "coordinatrice reseau": "Coordinatrice", "coordinateur reseau": "Coordinateur",
    "patient": "patient", "patiente": "patiente",
}
# a patient written without the sex: the sex column says which
PATIENT_WORDS = {"patient(e)", "patient e", "patient·e", "patient-e", "patients", "usager",
                 "usagere", "usager(e)", "usager·e", "usager e", "patient/patiente"}
SETTINGS = {
    "cp": "CP", "cabinet prive": "CP", "cabinet": "CP", "cabinet liberal": "CP",
    "msp": "MSP", "maison de sante": "MSP", "maison de sante pluriprofessionnelle": "MSP",
    "cds": "CDS", "centre de sante": "CDS",
    "coordination": "Coordination", "association": "Coordination",
}
SEXES = {"h": "H", "homme": "H", "m": "H", "masculin": "H", "male": "H", "garcon": "H",
         "f": "F", "femme": "F", "feminin": "F", "female": "F", "fille": "F"}
PATIENT_BANDS = ("20-35", "36-45", "46-65", "66-85")
PROFESSIONAL_BANDS = ("25-35", "36-45", "46-65")
BAND_ALIASES = {"45-65": "46-65"}  # published quotes write 45-65 for the same band

_LABEL = re.compile(r"^[\w][\w' ./()+-]{0,39}$")
_AGE = re.compile(r"^(\d{1,3})(?:[.,]\d+)?(?:\s*ans?)?$")


def key(value: str) -> str:
    return re.sub(r"[\s.]+", " ", fold(value)).strip(" .")


def valid_label(value: str) -> bool:
    """A profession or a setting a project adds: a short label, no separator of settings."""
    return bool(_LABEL.match(value)) and "/" not in value and "," not in value


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The study's vocabulary with a project's additions (written as they are to be shown)."""

    professions: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()

    def _professions(self) -> dict[str, str]:
        return {**PROFESSIONS, **{key(p): p for p in self.professions}}

    def _settings(self) -> dict[str, str]:
        return {**SETTINGS, **{key(s): s for s in self.settings}}

    @property
    def all_professions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*PROFESSIONS.values(), *self.professions]))

    @property
    def all_settings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*SETTINGS.values(), *self.settings]))

    def profession(self, value: str, sex: str | None) -> str | None:
        """The profession as the study writes it; a patient word without the sex
        (``patient(e)``, ``usager``) takes it from the sex column."""
        k = key(value)
        if k in PATIENT_WORDS and sex in ("H", "F"):
            return "patient" if sex == "H" else "patiente"
        return self._professions().get(k)

    def setting(self, value: str) -> str | None:
        return self._settings().get(key(value))

    def suggest_profession(self, value: str) -> str:
        return closest(value, self._professions())

    def suggest_setting(self, value: str) -> str:
        return closest(value, self._settings())


STUDY = Vocabulary()


def sex_of(value: str) -> str | None:
    return SEXES.get(key(value))


def bands(patient: bool) -> tuple[str, ...]:
    return PATIENT_BANDS if patient else PROFESSIONAL_BANDS


def normalise_age_band(value: str, *, patient: bool) -> str | None:
    """A band as the study writes it (``45 - 65`` is ``46-65``), or the band of an exact
    age (``42``, ``42 ans``); None when neither fits the study's bands."""
    text = value.strip()
    age = _AGE.match(key(text))
    if age:
        return band_of_age(int(age.group(1)), patient=patient)
    band = re.sub(r"\s*[-–—]\s*", "-", text.removesuffix(" ans").strip())
    band = BAND_ALIASES.get(band, band)
    return band if band in bands(patient) else None


def band_of_age(age: int, *, patient: bool) -> str | None:
    for band in bands(patient):
        low, high = (int(x) for x in band.split("-"))
        if low <= age <= high:
            return band
    return None


def suggest_band(value: str, *, patient: bool) -> str:
    """The study's band closest to a band written otherwise (``45-60``), or to an exact
    age just outside the bands; nothing for a value that is neither."""
    numbers = [int(n) for n in re.findall(r"\d{1,3}", value)]
    if not numbers or len(numbers) > 2:
        return ""
    if len(numbers) == 1:
        return ""  # an exact age outside the study's bands: only the team knows
    low, high = numbers
    allowed = bands(patient)

    def overlap(band: str) -> int:
        a, b = (int(x) for x in band.split("-"))
        return min(b, high) - max(a, low)

    best = max(allowed, key=overlap)
    return best if overlap(best) > 0 else ""


def closest(value: str, known: dict[str, str]) -> str:
    """The known value whose spelling is nearest, or nothing when none is near."""
    found = difflib.get_close_matches(key(value), list(known), n=1, cutoff=0.75) if value \
        else []
    return known[found[0]] if found else ""
