from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tupsalco.errors import ParticipantSheetError
from tupsalco.ingest import read_participants

from .conftest import CORPUS

HEADER = "id,prenom,nom,profession,fonction,sexe,tranche_age,lieu_exercice,site,reseau\n"


def test_csv_and_xlsx_agree() -> None:
    assert read_participants(CORPUS / "participants.csv") == read_participants(
        CORPUS / "participants.xlsx")


def test_demo_sheet_matches_published_distribution(sheet) -> None:
    patients = [p for p in sheet.participants if p.is_patient]
    pros = [p for p in sheet.participants if not p.is_patient]
    assert Counter(p.sex for p in patients) == {"H": 4, "F": 3}
    assert Counter(p.age_band for p in patients) == {"20-35": 2, "36-45": 2, "46-65": 2,
                                                      "66-85": 1}
    assert Counter(p.site for p in patients) == {"Marseille": 3, "Pantin": 3, "Bagnolet": 1}
    assert Counter(p.profession for p in pros) == {"MG": 5, "Psy": 3, "TS": 2,
                                                   "Coordinatrice": 4}
    assert Counter(p.sex for p in pros) == {"H": 2, "F": 12}
    assert Counter(p.age_band for p in pros) == {"25-35": 4, "36-45": 6, "46-65": 4}
    assert Counter(p.settings[0] for p in pros) == {"CP": 3, "MSP": 3, "CDS": 4,
                                                    "Coordination": 4}
    assert Counter(p.network for p in pros) == {"Bus 31/32": 4, "Proses": 8, "CNRMS/Ithaque": 2}


def test_values_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER.replace(",", ";") +
                    "PAT1;Zoéline;Brunchard;Patiente;;F;45 - 65;cds;Pantin;Proses\n"
                    "TS9;C;D;ts;;femme;25-35;CP/CDS;Pantin;Proses\n", encoding="cp1252")
    sheet = read_participants(path)
    pat, ts = sheet.participants
    assert (pat.profession, pat.age_band, pat.settings) == ("patiente", "46-65", ("CDS",))
    assert (ts.profession, ts.sex, ts.setting) == ("TS", "F", "CP/CDS")
    assert sheet.names["PAT1"] == ("Zoéline", "Brunchard")
    assert "Zoéline" not in repr(sheet)  # names stay out of the record's repr


@pytest.mark.parametrize(
    ("row", "hint"),
    [
        ("PAT1,Ana,Silva,patiente,,F,25-35,CP,Pantin,", "age band"),
        ("MG1,Ana,Silva,MG,,F,66-85,CP,Pantin,", "age band"),
        ("PAT1,Ana,Silva,infirmière,,F,20-35,CP,Pantin,", "profession"),
        ("PAT1,Ana,Silva,patient,,F,20-35,CP,Pantin,", "patiente"),
        ("PAT1,Ana,Silva,patiente,,X,20-35,CP,Pantin,", "sex"),
        ("PAT1,Ana,Silva,patiente,,F,20-35,hôpital,Pantin,", "setting"),
    ],
)
def test_bad_rows_name_the_row(tmp_path: Path, row: str, hint: str) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(HEADER + "MG2,Jo,Lin,MG,,H,36-45,CDS,Pantin,\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ParticipantSheetError) as err:
        read_participants(path)
    message = str(err.value)
    assert "sheet.csv: row 3" in message and hint in message
    assert "Silva" not in message and "Ana" not in message


def test_missing_column_and_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("id,profession\nMG1,MG\n", encoding="utf-8")
    with pytest.raises(ParticipantSheetError, match="missing column"):
        read_participants(path)
    path.write_text(HEADER + "MG1,A,B,MG,,H,36-45,CP,Pantin,\nMG1,C,D,MG,,F,36-45,CP,Pantin,\n")
    with pytest.raises(ParticipantSheetError, match="row 3.*twice"):
        read_participants(path)
