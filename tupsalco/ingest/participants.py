"""The participants sheet (.csv or .xlsx): attributes checked against the project's vocabulary.

The sheet is the only file where a real name sits next to a participant id. Names are read
into :class:`ParticipantSheet.names` for the pseudonymiser and the key vault; they never
reach a :class:`Participant`, the database or an error message.

Checking a sheet collects every value the vocabulary does not know, with a suggestion, so
that a team corrects them all at once (:class:`SheetCheck`); a name cell is never quoted,
nor a value that holds a name of the sheet (a shifted column puts names anywhere).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParticipantSheetError, SheetProblemsError, UnknownParticipantError
from ..records import Participant
from .sheet import (
    FIELDS,
    NAME_FIELDS,
    ColumnMap,
    SheetTable,
    guess_mapping,
    is_formula,
    missing_fields,
    parse_mapping,
    read_sheet,
)
from .vocabulary import (
    BAND_ALIASES,
    PATIENT_BANDS,
    PATIENT_WORDS,
    PROFESSIONAL_BANDS,
    SEXES,
    STUDY,
    Vocabulary,
    bands,
    closest,
    key,
    normalise_age_band,
    sex_of,
    suggest_band,
)

__all__ = [
    "BAND_ALIASES", "PATIENT_BANDS", "PROFESSIONAL_BANDS", "Corrections", "ParticipantSheet",
    "SheetCheck", "SheetProblem", "check_sheet", "normalise_age_band", "problems_error",
    "read_participants",
]

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,19}$")
# (sheet row, field) -> the value to read instead of the cell: the corrections a person made
Corrections = Mapping[tuple[int, str], str]


@dataclass(frozen=True)
class ParticipantSheet:
    """Validated participants, and their names kept apart for the pseudonymiser only."""

    participants: tuple[Participant, ...]
    names: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    def get(self, participant_id: str) -> Participant:
        for p in self.participants:
            if p.id == participant_id:
                return p
        raise UnknownParticipantError(
            f"{participant_id} n'est pas dans la feuille des participant·e·s ; ajoutez-y sa "
            "ligne.", id=participant_id)

    def ids_in_name(self, path: Path) -> list[Participant]:
        """The participants whose id is a word of the file name (``PAT01_entretien.docx``)."""
        words = {w.casefold() for w in re.split(r"[^A-Za-z0-9]+", Path(path).stem) if w}
        return [p for p in self.participants if p.id.casefold() in words]

    def match_file(self, path: Path) -> Participant | None:
        """The one participant the file name names; None when it names none (a transcript
        to assign later) or several (which one is for a person to say)."""
        found = self.ids_in_name(path)
        return found[0] if len(found) == 1 else None


@dataclass(frozen=True, slots=True)
class SheetProblem:
    """A cell the vocabulary does not accept. ``value`` is empty when it must not be shown
    (a name cell, or a value holding a name of the sheet): ``hidden`` then says so."""

    row: int
    column: str  # the column's letter and header
    field: str
    why: str
    value: str = ""
    suggestion: str = ""
    hidden: bool = False


@dataclass(frozen=True)
class SheetCheck:
    """What a sheet gives under a mapping: its participants (rows without problems), their
    names, the problems to correct and what the person should know."""

    name: str
    participants: tuple[Participant, ...]
    names: dict[str, tuple[str, str]] = field(repr=False)
    problems: tuple[SheetProblem, ...] = ()
    notices: tuple[str, ...] = ()

    @property
    def suggestions(self) -> dict[tuple[int, str], str]:
        """Every suggestion as a correction (what "accept the suggestions" applies)."""
        return {(p.row, p.field): p.suggestion for p in self.problems if p.suggestion}

    def sheet(self) -> ParticipantSheet:
        if self.problems:
            raise problems_error(self.name, self.problems)
        return ParticipantSheet(self.participants, dict(self.names))


def problems_error(name: str, problems: tuple[SheetProblem, ...]) -> SheetProblemsError:
    """One error for every problem of a sheet; its message names rows, columns and what is
    wrong, never a value (the faces show the values they may from ``problems``)."""
    listed = " ; ".join(
        f"ligne {p.row}, colonne {p.column} : {p.why}"
        + (f" (suggestion : {p.suggestion})" if p.suggestion else "")
        for p in problems[:8])
    more = f" ; et {len(problems) - 8} autre(s)" if len(problems) > 8 else ""
    return SheetProblemsError(f"{name} : {len(problems)} valeur(s) à corriger : {listed}{more}.",
                              problems, file=name, row=problems[0].row if problems else None)


def check_sheet(table: SheetTable, mapping: Mapping[str, int] | None = None,
                vocabulary: Vocabulary = STUDY,
                corrections: Corrections | None = None) -> SheetCheck:
    """Read every row under ``mapping`` (the guessed one if None), with ``corrections``
    applied, and collect all problems instead of stopping at the first."""
    mapping = dict(guess_mapping(table).mapping if mapping is None else mapping)
    missing = missing_fields(mapping)
    if missing:
        raise ParticipantSheetError(
            f"{table.name} : aucune colonne n'est lue comme "
            + ", ".join(FIELDS[f] for f in missing)
            + " ; choisissez-la à l'étape des colonnes (ou --map COLONNE=CHAMP). Colonnes de "
            "la feuille : " + ", ".join(table.label(i) for i in range(len(table.columns)))
            + ".", file=table.name)
    reader = _Rows(table, mapping, vocabulary, dict(corrections or {}))
    participants, names = [], {}
    for index in range(len(table.rows)):
        found = reader.row(index)
        if found is not None:
            participant, first, last = found
            participants.append(participant)
            names[participant.id] = (first, last)
    notices = []
    if not any(f in mapping for f in NAME_FIELDS):
        notices.append("Aucune colonne n'est lue comme prénom ou nom : le pseudonymiseur ne "
                       "connaîtra pas les noms des participant·e·s.")
    elif nameless := sum(1 for first, last in names.values() if not first and not last):
        notices.append(f"{nameless} participant·e·s sans prénom ni nom : le pseudonymiseur ne "
                       "reconnaîtra pas leur nom dans les textes.")
    return SheetCheck(table.name, tuple(participants), names, tuple(reader.problems),
                      tuple(notices))


def read_participants(path: Path, columns: str | list[str] | ColumnMap | None = None,
                      vocabulary: Vocabulary = STUDY,
                      corrections: Corrections | None = None) -> ParticipantSheet:
    """The sheet's participants; ``columns`` is a mapping or a ``--map`` text that changes
    the guessed one. Raises :class:`SheetProblemsError` with every value to correct."""
    table = read_sheet(Path(path))
    mapping = columns if isinstance(columns, dict) else parse_mapping(
        table, columns, guess_mapping(table).mapping)
    return check_sheet(table, mapping, vocabulary, corrections).sheet()


class _Rows:
    """Reads the rows of one sheet, remembering the problems and the ids already seen."""

    def __init__(self, table: SheetTable, mapping: dict[str, int], vocabulary: Vocabulary,
                 corrections: dict[tuple[int, str], str]) -> None:
        self.table, self.mapping, self.vocabulary = table, mapping, vocabulary
        self.corrections = corrections
        self.problems: list[SheetProblem] = []
        self.seen: dict[str, int] = {}
        # every name part of the sheet, folded: a value holding one is never shown
        self.names = {key(row[c]) for f in NAME_FIELDS if (c := mapping.get(f)) is not None
                      for row in table.rows if c < len(row) and len(row[c].strip()) > 1}

    def cell(self, index: int, field_: str) -> str:
        number = self.table.row_number(index)
        if (number, field_) in self.corrections:
            return self.corrections[(number, field_)].strip()
        column = self.mapping.get(field_)
        row = self.table.rows[index]
        return row[column].strip() if column is not None and column < len(row) else ""

    def _holds_name(self, value: str) -> bool:
        folded = key(value)
        return folded in self.names or any(w in self.names for w in folded.split())

    def fail(self, index: int, field_: str, why: str, suggestion: str = "") -> None:
        value = self.cell(index, field_)
        hidden = field_ in NAME_FIELDS or self._holds_name(value)
        self.problems.append(SheetProblem(
            self.table.row_number(index), self.table.label(self.mapping[field_]), field_, why,
            "" if hidden else value, "" if hidden and field_ == "id" else suggestion,
            hidden and bool(value)))

    def row(self, index: int) -> tuple[Participant, str, str] | None:
        cells = {f: self.cell(index, f) for f in self.mapping}
        if not any(cells.values()):
            return None
        before = len(self.problems)
        formulas = [f for f, value in cells.items() if is_formula(value)]
        for field_ in formulas:
            self.fail(index, field_, "formule de tableur : tapez la valeur elle-même (ou "
                      "Collage spécial > Valeurs) ; une formule serait exécutée par le "
                      "tableur qui ouvrirait un export")
        if formulas:
            return None
        pid = self._id(index, cells["id"])
        sex = sex_of(cells["sex"])
        if sex is None:
            self.fail(index, "sex", "sexe inconnu : H ou F" if cells["sex"] else "sexe vide",
                      closest(cells["sex"], SEXES))
        profession = self._profession(index, cells["profession"], sex)
        if profession is not None:
            patient = profession in ("patient", "patiente")
            band = normalise_age_band(cells["age_band"], patient=patient)
            if band is None:
                self._band(index, cells["age_band"], patient)
        elif not any(normalise_age_band(cells["age_band"], patient=patient)
                     for patient in (True, False)):
            # the bands depend on the profession: until it is known, any band of the study
            self._band(index, cells["age_band"], key(cells["profession"]).startswith(
                ("patient", "usag")))
        settings = self._settings(index, cells["settings"])
        if not cells["site"]:
            self.fail(index, "site", "site vide : la ville du site (Marseille, Pantin…)")
        if len(self.problems) > before or pid is None:
            return None
        return (Participant(id=pid, profession=profession, sex=sex, age_band=band,
                            settings=settings, site=cells["site"],
                            network=cells.get("network", ""),
                            function=cells.get("function", "")),
                cells.get("first_name", ""), cells.get("last_name", ""))

    def _id(self, index: int, pid: str) -> str | None:
        number = self.table.row_number(index)
        if not pid:
            self.fail(index, "id", "identifiant vide")
        elif self._holds_name(pid):
            self.fail(index, "id", "l'identifiant est un nom de la feuille : une colonne "
                      "décalée ? Un identifiant est un code (PAT01, MG02)")
        elif not _ID.match(pid):
            self.fail(index, "id", "un identifiant est un code court de lettres et de "
                      "chiffres (PAT01, MG02)", re.sub(r"[^A-Za-z0-9_-]", "", pid)[:20]
                      if re.match(r"[A-Za-z]", pid) else "")
        elif pid in self.seen:
            self.fail(index, "id", f"identifiant déjà donné ligne {self.seen[pid]}")
        else:
            self.seen[pid] = number
            return pid
        return None

    def _profession(self, index: int, value: str, sex: str | None) -> str | None:
        v = self.vocabulary
        profession = v.profession(value, sex)
        if profession is None:
            if not value:
                self.fail(index, "profession", "profession vide")
            elif key(value) in PATIENT_WORDS:
                self.fail(index, "profession", "patient·e sans sexe connu : patient (H) ou "
                          "patiente (F)")
            else:
                self.fail(index, "profession",
                          "profession inconnue : " + ", ".join(v.all_professions)
                          + " (le titre d'un·e responsable national·e va dans la fonction ; "
                          "d'autres professions s'ajoutent au vocabulaire du projet)",
                          v.suggest_profession(value))
            return None
        if profession in ("patient", "patiente") and sex is not None \
                and profession != ("patient" if sex == "H" else "patiente"):
            self.fail(index, "profession", f"la profession ne concorde pas avec le sexe {sex} : "
                      "patient (H), patiente (F)",
                      "patient" if sex == "H" else "patiente")
            return None
        return profession

    def _band(self, index: int, value: str, patient: bool) -> None:
        allowed = ", ".join(bands(patient))
        who = "patient·e·s" if patient else "professionnel·le·s"
        if not value:
            self.fail(index, "age_band", "âge vide")
        elif re.fullmatch(r"\d{1,3}(?:\s*ans?)?", key(value)):
            self.fail(index, "age_band", f"âge hors des tranches des {who} ({allowed})")
        else:
            self.fail(index, "age_band", f"tranche d'âge inconnue pour les {who} : {allowed} "
                      "(45-65 se lit 46-65 ; un âge exact est placé dans sa tranche)",
                      suggest_band(value, patient=patient))

    def _settings(self, index: int, value: str) -> tuple[str, ...]:
        parts = [p for p in re.split(r"\s*[/+,]\s*|\s+et\s+", value) if p]
        found = [self.vocabulary.setting(p) for p in parts]
        if parts and all(found):
            return tuple(dict.fromkeys(f for f in found if f))
        if not parts:
            self.fail(index, "settings", "lieu d'exercice vide")
            return ()
        suggested = [f or self.vocabulary.suggest_setting(p) for p, f in zip(parts, found,
                                                                             strict=True)]
        self.fail(index, "settings",
                  "lieu d'exercice inconnu : " + ", ".join(self.vocabulary.all_settings)
                  + ", plusieurs joints par « / » (CP/CDS)",
                  "/".join(suggested) if all(suggested) else "")
        return ()

