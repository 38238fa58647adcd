"""The participants sheet (.csv or .xlsx): attributes validated against the study's vocabulary.

The sheet is the only file where a real name sits next to a participant id. Names are read
into :class:`ParticipantSheet.names` for the pseudonymiser and the key vault; they never
reach a :class:`Participant`, the database or an error message.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParticipantSheetError, UnknownParticipantError
from ..records import Participant
from .files import decode_text
from .turns import normalise_label

PROFESSIONS = {
    "mg": "MG", "medecin generaliste": "MG", "medecin": "MG",
    "psy": "Psy", "psychologue": "Psy",
    "ts": "TS", "travailleur social": "TS", "travailleuse sociale": "TS",
    "assistante sociale": "TS",
    "coordinatrice": "Coordinatrice", "coordinateur": "Coordinateur",
    "patient": "patient", "patiente": "patiente",
}
SETTINGS = {"cp": "CP", "msp": "MSP", "cds": "CDS", "coordination": "Coordination"}
SEXES = {"h": "H", "homme": "H", "m": "H", "masculin": "H", "f": "F", "femme": "F",
         "feminin": "F"}
PATIENT_BANDS = ("20-35", "36-45", "46-65", "66-85")
PROFESSIONAL_BANDS = ("25-35", "36-45", "46-65")
BAND_ALIASES = {"45-65": "46-65"}  # published quotes write 45-65 for the same band

COLUMNS = {
    "id": ("id", "identifiant", "code", "participant"),
    "first_name": ("prenom", "first_name", "firstname"),
    "last_name": ("nom", "last_name", "lastname", "surname", "nom de famille"),
    "profession": ("profession", "role"),
    "function": ("fonction", "function"),
    "sex": ("sexe", "sex", "genre"),
    "age_band": ("tranche_age", "tranche d'age", "tranche age", "age_band", "age"),
    "settings": ("lieu_exercice", "lieu d'exercice", "lieu", "setting", "structure"),
    "site": ("site", "ville", "residence"),
    "network": ("reseau", "network"),
}
REQUIRED = ("id", "profession", "sex", "age_band", "settings", "site")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,19}$")


@dataclass(frozen=True)
class ParticipantSheet:
    """Validated participants, and their names kept apart for the pseudonymiser only.

    Error messages quote no cell value but ids: a shifted column can put a name anywhere.
    """

    participants: tuple[Participant, ...]
    names: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    def get(self, participant_id: str) -> Participant:
        for p in self.participants:
            if p.id == participant_id:
                return p
        raise UnknownParticipantError(
            f"participant {participant_id!r} is not in the participants sheet; add a row for it."
        )

    def ids_in_name(self, path: Path) -> list[Participant]:
        """The participants whose id is a word of the file name (``PAT01_entretien.docx``)."""
        words = {w.casefold() for w in re.split(r"[^A-Za-z0-9]+", Path(path).stem) if w}
        return [p for p in self.participants if p.id.casefold() in words]

    def match_file(self, path: Path) -> Participant | None:
        """The one participant the file name names; None when it names none (a transcript
        to assign later) or several (which one is for a person to say)."""
        found = self.ids_in_name(path)
        return found[0] if len(found) == 1 else None


def normalise_age_band(value: str, *, patient: bool) -> str | None:
    band = re.sub(r"\s*[-–—]\s*", "-", value.strip().removesuffix(" ans"))
    band = BAND_ALIASES.get(band, band)
    allowed = PATIENT_BANDS if patient else PROFESSIONAL_BANDS
    return band if band in allowed else None


def read_participants(path: Path) -> ParticipantSheet:
    rows = list(_rows(path))
    if not rows:
        raise ParticipantSheetError(f"{path.name}: the participants sheet is empty.")
    header = [normalise_label(str(h or "")).replace("_", " ") for h in rows[0]]
    index: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for alias in aliases:
            alias_key = alias.replace("_", " ")
            if alias_key in header:
                index[key] = header.index(alias_key)
                break
    missing = [k for k in REQUIRED if k not in index]
    if missing:
        raise ParticipantSheetError(
            f"{path.name}: row 1: missing column(s) "
            + ", ".join(COLUMNS[k][0] for k in missing)
            + "; the sheet needs: " + ", ".join(COLUMNS[k][0] for k in REQUIRED)
            + " (and prenom, nom for pseudonymisation)."
        )
    participants: list[Participant] = []
    names: dict[str, tuple[str, str]] = {}
    for number, row in enumerate(rows[1:], 2):
        cells = {k: str(row[i]).strip() if i < len(row) and row[i] is not None else ""
                 for k, i in index.items()}
        if not any(cells.values()):
            continue
        participant = _participant(path, number, cells)
        if any(p.id == participant.id for p in participants):
            raise ParticipantSheetError(
                f"{path.name}: row {number}: participant id {participant.id!r} appears twice."
            )
        participants.append(participant)
        names[participant.id] = (cells.get("first_name", ""), cells.get("last_name", ""))
    return ParticipantSheet(tuple(participants), names)


def _participant(path: Path, number: int, cells: dict[str, str]) -> Participant:
    def fail(what: str) -> ParticipantSheetError:
        return ParticipantSheetError(f"{path.name}: row {number}: {what}")

    pid = cells["id"]
    if not _ID.match(pid):
        raise fail("the id must be a short code of letters and digits (e.g. PAT01, MG02).")
    profession = PROFESSIONS.get(normalise_label(cells["profession"]))
    if profession is None:
        raise fail(
            "unknown profession; use MG, Psy, TS, Coordinatrice, "
            "patient or patiente (a national lead's title goes in 'fonction')."
        )
    sex = SEXES.get(normalise_label(cells["sex"]))
    if sex is None:
        raise fail("unknown sex; use H or F.")
    patient = profession in ("patient", "patiente")
    if patient and profession != ("patient" if sex == "H" else "patiente"):
        raise fail(
            f"profession {profession!r} does not match sex {sex}; patients are written "
            "'patient' (H) or 'patiente' (F)."
        )
    band = normalise_age_band(cells["age_band"], patient=patient)
    if band is None:
        allowed = PATIENT_BANDS if patient else PROFESSIONAL_BANDS
        raise fail(
            f"bad age band; use one of {', '.join(allowed)} "
            "(45-65 is read as 46-65)."
        )
    settings = []
    for part in re.split(r"\s*[/+,]\s*", cells["settings"]):
        setting = SETTINGS.get(normalise_label(part))
        if setting is None:
            raise fail(
                "unknown setting; use CP, MSP, CDS or Coordination, "
                "several joined by '/' (CP/CDS)."
            )
        settings.append(setting)
    if not cells["site"]:
        raise fail("the site is empty; give the town of the site (Marseille, Pantin...).")
    return Participant(
        id=pid,
        profession=profession,
        sex=sex,
        age_band=band,
        settings=tuple(settings),
        site=cells["site"],
        network=cells.get("network", ""),
        function=cells.get("function", ""),
    )


def _rows(path: Path) -> Iterable[list[object]]:
    if not path.exists():
        raise ParticipantSheetError(f"{path}: the participants sheet does not exist.")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise ParticipantSheetError(
                f"{path.name}: the Excel file cannot be opened; save it again as .xlsx."
            ) from None
        sheet = book.worksheets[0]
        yield from ([c for c in row] for row in sheet.iter_rows(values_only=True))
        book.close()
    elif suffix in (".csv", ".txt"):
        text = decode_text(path, path.read_bytes())
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        yield from csv.reader(io.StringIO(text), dialect)
    else:
        raise ParticipantSheetError(
            f"{path.name}: the participants sheet must be a .csv or .xlsx file."
        )
