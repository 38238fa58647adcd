"""A participants sheet as its team wrote it: the raw table, and which column holds what.

Teams name their columns their own way ("Identifiant", "Prénom", "Nom de famille", "Âge",
"Genre"): the mapping from columns to the study's fields is guessed when the header makes it
obvious, and chosen by the person importing otherwise (the Documents page, ``--map`` in the
command line). Cells never leave this module in a message: only headers, column letters and
row numbers do.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParticipantSheetError
from .files import decode_text
from .vocabulary import key

# the study's fields, in the order the mapping step shows them, with their French names
FIELDS: dict[str, str] = {
    "id": "identifiant",
    "first_name": "prénom",
    "last_name": "nom",
    "profession": "profession",
    "sex": "sexe",
    "age_band": "tranche d'âge ou âge exact",
    "settings": "lieu d'exercice",
    "site": "site",
    "network": "réseau",
    "function": "fonction",
}
REQUIRED = ("id", "profession", "sex", "age_band", "settings", "site")
NAME_FIELDS = ("first_name", "last_name")

# headers teams write for each field, folded (see vocabulary.key); the first is the study's
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "identifiant", "code", "participant", "code participant", "identifiant "
           "participant", "numero", "num", "n", "no", "ref", "reference", "pseudonyme",
           "code entretien", "id participant"),
    "first_name": ("prenom", "first name", "firstname", "given name", "prenom usuel"),
    "last_name": ("nom", "nom de famille", "last name", "lastname", "surname", "family name",
                  "nom de naissance", "nom d'usage"),
    "profession": ("profession", "role", "metier", "statut", "categorie", "profil"),
    "function": ("fonction", "function", "poste", "titre"),
    "sex": ("sexe", "sex", "genre", "gender", "h/f", "f/h", "sexe (h/f)"),
    "age_band": ("tranche age", "tranche d'age", "tranche", "age band", "classe d'age", "age",
                 "age (ans)", "age en ans", "ages"),
    "settings": ("lieu exercice", "lieu d'exercice", "lieu", "setting", "structure",
                 "type de structure", "cadre d'exercice", "exercice"),
    "site": ("site", "ville", "residence", "lieu de residence", "commune", "territoire"),
    "network": ("reseau", "network", "reseau de sante"),
}
# a header merged over two columns that holds both parts of the names, and the order of the
# parts it announces (a French administrative sheet writes the surname first)
BOTH_NAMES = {"nom": ("last_name", "first_name"), "nom prenom": ("last_name", "first_name"),
              "nom et prenom": ("last_name", "first_name"),
              "identite": ("last_name", "first_name"), "nom complet": ("last_name", "first_name"),
              "prenom nom": ("first_name", "last_name"),
              "prenom et nom": ("first_name", "last_name"),
              "noms": ("last_name", "first_name")}
FIELD_WORDS = {  # how --map may name a field
    **{f: f for f in FIELDS},
    "prenom": "first_name", "nom": "last_name", "sexe": "sex", "age": "age_band",
    "tranche_age": "age_band", "setting": "settings", "lieu_exercice": "settings",
    "lieu": "settings", "reseau": "network", "fonction": "function", "identifiant": "id",
    "ignore": "", "-": "",
}


@dataclass(frozen=True)
class SheetTable:
    """The first sheet of the file: its header row and the rows below, cells as text.

    ``merged`` holds the header cells merged over several columns (``[first, last)``); the
    rows are kept out of the record's repr (they hold names)."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(repr=False)
    header_row: int = 1
    merged: tuple[tuple[int, int], ...] = ()

    def row_number(self, index: int) -> int:
        return self.header_row + 1 + index

    def label(self, column: int) -> str:
        """How a column is named to a person: its letter and its header."""
        letter = column_letter(column)
        header = self.columns[column]
        for first, last in self.merged:
            if first < column < last:
                return f"{letter} · {self.columns[first]} (suite)"
        return f"{letter} · {header}" if header else f"{letter} · (sans en-tête)"

    def values(self, column: int) -> list[str]:
        return [row[column] for row in self.rows if column < len(row)]


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet(path: Path) -> SheetTable:
    """The sheet as written: ``.csv`` (any delimiter, UTF-8 or Windows-1252) or ``.xlsx``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".csv", ".txt") and not path.exists():
        raise ParticipantSheetError(f"{path.name} : la feuille des participant·e·s est "
                                    "introuvable.", file=path.name)
    merged: list[tuple[int, int]] = []
    if suffix == ".xlsx":
        raw, merged_ranges = _xlsx(path)
    elif suffix in (".csv", ".txt"):
        raw, merged_ranges = _csv(path), []
    else:
        raise ParticipantSheetError(f"{path.name} : la feuille des participant·e·s est un "
                                    "fichier .csv ou .xlsx.", file=path.name)
    rows = [[_cell(c) for c in row] for row in raw]
    start = next((i for i, row in enumerate(rows) if any(rows[i])), None)
    if start is None or not any(any(r) for r in rows[start + 1:]):
        raise ParticipantSheetError(f"{path.name} : la feuille des participant·e·s est vide "
                                    "(un en-tête puis une ligne par participant·e).",
                                    file=path.name)
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    for row_first, row_last, first, last in merged_ranges:
        if row_first <= start + 1 <= row_last and last > first:
            merged.append((first, last + 1))
    body = [tuple(r) for r in rows[start + 1:]]
    return SheetTable(path.name, tuple(rows[start]), tuple(body), start + 1, tuple(merged))


# what opens a spreadsheet formula (OWASP's list; a minus sign only before something else
# than a number): a sheet's formula would be kept as the text of a value, and an export
# opened in a spreadsheet would run it (=HYPERLINK(...) sends data away)
_FORMULA = re.compile(r"^(?:[=+@\t\r]|-(?![\d\s.,]*$))")


def is_formula(value: str) -> bool:
    return bool(_FORMULA.match(value))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx(path: Path) -> tuple[list[list[object]], list[tuple[int, int, int, int]]]:
    import openpyxl

    try:
        # not read-only: the merged cells of the header are only known this way; formulas
        # read as written (=...), to be refused, not as the value a spreadsheet last showed
        book = openpyxl.load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ParticipantSheetError(f"{path.name} : le fichier Excel ne s'ouvre pas ; "
                                    "enregistrez-le de nouveau en .xlsx.",
                                    file=path.name) from None
    sheet = book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    merged = [(r.min_row, r.max_row, r.min_col - 1, r.max_col - 1)
              for r in sheet.merged_cells.ranges]
    book.close()
    return rows, merged


def _csv(path: Path) -> list[list[str]]:
    text = decode_text(path, path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


# -- the mapping -------------------------------------------------------------------------------
ColumnMap = dict[str, int]  # field -> column index


@dataclass(frozen=True)
class Guess:
    """The mapping guessed from the header, and what the person should check."""

    mapping: ColumnMap
    notices: tuple[str, ...] = ()


def header_key(header: str) -> str:
    return re.sub(r"\s+", " ", key(header).replace("_", " ").replace("°", "")).strip()


def guess_mapping(table: SheetTable) -> Guess:
    """Each field's column when the header names it plainly; a header merged over two
    columns that announces names gives both name fields, and a column with no header just
    after a name column is read as the other name part (a merged cell saved as CSV)."""
    mapping: ColumnMap = {}
    notices: list[str] = []
    headers = [header_key(h) for h in table.columns]
    for field_, aliases in ALIASES.items():
        for alias in aliases:
            if alias in headers and headers.index(alias) not in mapping.values():
                mapping[field_] = headers.index(alias)
                break
    for first, last in table.merged:
        order = BOTH_NAMES.get(headers[first])
        if order is None or last - first < 2:
            continue
        for field_ in NAME_FIELDS:
            mapping.pop(field_, None)
        mapping.update({order[0]: first, order[1]: first + 1})
        notices.append(f"L'en-tête « {table.columns[first]} » couvre les colonnes "
                       f"{column_letter(first)} et {column_letter(first + 1)} : elles sont lues "
                       f"comme {FIELDS[order[0]]} et {FIELDS[order[1]]}. Vérifiez-le.")
    for field_ in NAME_FIELDS:
        other = next(f for f in NAME_FIELDS if f != field_)
        if field_ in mapping or other not in mapping:
            continue
        nxt = mapping[other] + 1
        if nxt < len(headers) and not headers[nxt] and nxt not in mapping.values() \
                and any(table.values(nxt)):
            mapping[field_] = nxt
            notices.append(f"La colonne {column_letter(nxt)} n'a pas d'en-tête ; elle suit la "
                           f"colonne {FIELDS[other]} et est lue comme {FIELDS[field_]}. "
                           "Vérifiez-le.")
    return Guess(mapping, tuple(notices))


def parse_mapping(table: SheetTable, spec: str | list[str] | None,
                  base: Mapping[str, int] | None = None) -> ColumnMap:
    """``--map "Identifiant=id,Prénom=first_name,C=last_name"``: a column named by its
    header, its letter or its number, set to a field (``ignore`` leaves it out). It changes
    the guessed ``base`` only where it says."""
    mapping = dict(base or {})
    specs = [spec] if isinstance(spec, str) else list(spec or [])
    for part in (p.strip() for s in specs for p in s.split(",")):
        if not part:
            continue
        column, sep, word = part.rpartition("=")
        if not sep or not column.strip():
            raise ParticipantSheetError(
                f"--map : « {part} » s'écrit COLONNE=CHAMP (champs : {', '.join(FIELDS)}).")
        field_ = FIELD_WORDS.get(header_key(word).replace(" ", "_"))
        if field_ is None:
            raise ParticipantSheetError(
                f"--map : champ inconnu « {word.strip()} » ; les champs sont "
                f"{', '.join(FIELDS)} (ou ignore).")
        index = _column(table, column.strip())
        mapping = {f: c for f, c in mapping.items() if c != index}
        if field_:
            mapping[field_] = index
    return mapping


def _column(table: SheetTable, ref: str) -> int:
    headers = [header_key(h) for h in table.columns]
    if header_key(ref) in headers:
        return headers.index(header_key(ref))
    if re.fullmatch(r"[A-Za-z]{1,2}", ref):
        index = 0
        for ch in ref.upper():
            index = index * 26 + ord(ch) - 64
        if index - 1 < len(table.columns):
            return index - 1
    if ref.isdigit() and 1 <= int(ref) <= len(table.columns):
        return int(ref) - 1
    raise ParticipantSheetError(
        f"--map : la colonne « {ref} » n'est pas dans la feuille ; nommez-la par son en-tête, "
        f"sa lettre (A, B…) ou son numéro. Colonnes : "
        + ", ".join(table.label(i) for i in range(len(table.columns))) + ".")


def missing_fields(mapping: Mapping[str, int]) -> list[str]:
    return [f for f in REQUIRED if f not in mapping]
