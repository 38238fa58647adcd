from __future__ import annotations

from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from tupsalco.errors import ParticipantSheetError, SheetProblemsError
from tupsalco.ingest import (
    check_sheet,
    guess_mapping,
    normalise_age_band,
    parse_mapping,
    read_participants,
    read_sheet,
)
from tupsalco.ingest.vocabulary import Vocabulary

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
    ("row", "column", "why", "suggestion"),
    [
        ("PAT1,Ana,Silva,patiente,,F,25-35,CP,Pantin,", "G · tranche_age", "tranche d'âge",
         "20-35"),
        ("MG1,Ana,Silva,MG,,F,66-85,CP,Pantin,", "G · tranche_age", "tranche d'âge", ""),
        ("PAT1,Ana,Silva,infirmière,,F,20-35,CP,Pantin,", "D · profession", "profession", ""),
        ("PAT1,Ana,Silva,psychologe,,F,20-35,CP,Pantin,", "D · profession", "profession",
         "Psy"),
        ("PAT1,Ana,Silva,patient,,F,20-35,CP,Pantin,", "D · profession", "sexe F",
         "patiente"),
        ("PAT1,Ana,Silva,patiente,,X,20-35,CP,Pantin,", "F · sexe", "sexe", ""),
        ("PAT1,Ana,Silva,patiente,,F,20-35,hôpital,Pantin,", "H · lieu_exercice",
         "lieu d'exercice", ""),
        ("PAT1,Ana,Silva,patiente,,F,20-35,CP/centre de sant,Pantin,", "H · lieu_exercice",
         "lieu d'exercice", "CP/CDS"),
        ("PAT1,Ana,Silva,patiente,,F,17,CP,Pantin,", "G · tranche_age", "hors des tranches",
         ""),
    ],
)
def test_a_bad_value_names_its_row_and_column(tmp_path: Path, row: str, column: str, why: str,
                                              suggestion: str) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(HEADER + "MG2,Jo,Lin,MG,,H,36-45,CDS,Pantin,\n" + row + "\n", encoding="utf-8")
    with pytest.raises(SheetProblemsError) as err:
        read_participants(path)
    (problem,) = err.value.problems
    assert (problem.row, problem.column, problem.suggestion) == (3, column, suggestion)
    assert why in problem.why
    message = str(err.value)
    assert "sheet.csv : 1 valeur(s) à corriger : ligne 3, colonne " + column in message
    assert "Silva" not in message and "Ana" not in message


def test_every_bad_value_is_listed_at_once_and_no_name_is_shown(tmp_path: Path) -> None:
    """A sheet with values outside the vocabulary is one table of corrections, not one
    refusal after another; a name shifted into another column is masked there too."""
    path = tmp_path / "sheet.csv"
    path.write_text(HEADER
                    + "PAT1,Zoéline,Brunchard,patiente,,F,36-45,CDS,Pantin,Proses\n"
                    + "PAT2,Gontran,Pelissard,Brunchard,,H,36-45,CDS,Pantin,Proses\n"
                    + "PAT3,Nadia,Benhalla,patiente,,femme,45 - 60,cabinet,Pantin,\n"
                    + "MG1,Octave,Vermandois,Mg,,Homme,51,CP/CS,Pantin,\n"
                    + "Huguette,Huguette,Delorge,patiente,,F,36-45,CDS,,\n"
                    + "PAT1,Karim,Benhalla,patient,,H,20-35,CDS,Pantin,\n",
                    encoding="utf-8")
    table = read_sheet(path)
    check = check_sheet(table)
    rows = [(p.row, p.field, p.value, p.suggestion, p.hidden) for p in check.problems]
    assert rows == [
        (3, "profession", "", "", True),  # a surname in the profession column: masked
        (4, "age_band", "45 - 60", "46-65", False),
        (5, "settings", "CP/CS", "CP/CDS", False),
        (6, "id", "", "", True),  # an id that is a first name of the sheet
        (6, "site", "", "", False),
        (7, "id", "PAT1", "", False),  # already row 2
    ]
    assert "ligne 2" in check.problems[-1].why
    assert [p.id for p in check.participants] == ["PAT1"]  # rows without problems only
    with pytest.raises(SheetProblemsError) as err:
        check.sheet()
    for name in ("Zoéline", "Brunchard", "Gontran", "Huguette", "Octave", "Benhalla"):
        assert name not in str(err.value)
        assert all(name not in p.value for p in check.problems)
    # a person corrects them all at once (here: the suggestion, and their own values)
    fixes = {**check.suggestions, (3, "profession"): "patient", (6, "id"): "PAT5",
             (6, "site"): "Bagnolet", (7, "id"): "PAT6"}
    sheet = check_sheet(table, corrections=fixes).sheet()
    assert [(p.id, p.profession, p.age_band, p.setting) for p in sheet.participants] == [
        ("PAT1", "patiente", "36-45", "CDS"), ("PAT2", "patient", "36-45", "CDS"),
        ("PAT3", "patiente", "46-65", "CP"), ("MG1", "MG", "46-65", "CP/CDS"),
        ("PAT5", "patiente", "36-45", "CDS"), ("PAT6", "patient", "20-35", "CDS")]
    assert sheet.names["PAT6"] == ("Karim", "Benhalla")


def test_a_teams_own_column_names_are_guessed(tmp_path: Path) -> None:
    path = tmp_path / "équipe.csv"
    path.write_text("Identifiant;Prénom;Nom de famille;Métier;Genre;Âge;Structure;Ville;Réseau\n"
                    "P-01;Zoéline;Brunchard;Patient(e);Femme;42;Centre de santé;Pantin;Proses\n"
                    "P-02;Gontran;Pelissard;usager;Masculin;67 ans;MSP;Marseille;Bus 31/32\n"
                    "M-01;Octave;Vermandois;Médecin généraliste;H;29;cabinet privé;Pantin;\n",
                    encoding="utf-8")
    table = read_sheet(path)
    guess = guess_mapping(table)
    assert guess.mapping == {"id": 0, "first_name": 1, "last_name": 2, "profession": 3,
                             "sex": 4, "age_band": 5, "settings": 6, "site": 7, "network": 8}
    sheet = read_participants(path)
    assert [(p.id, p.profession, p.sex, p.age_band, p.setting) for p in sheet.participants] == [
        ("P-01", "patiente", "F", "36-45", "CDS"), ("P-02", "patient", "H", "66-85", "MSP"),
        ("M-01", "MG", "H", "25-35", "CP")]
    assert sheet.names == {"P-01": ("Zoéline", "Brunchard"), "P-02": ("Gontran", "Pelissard"),
                           "M-01": ("Octave", "Vermandois")}


@pytest.mark.parametrize(("value", "patient", "band"), [
    ("20", True, "20-35"), ("35", True, "20-35"), ("36", True, "36-45"), ("45", True, "36-45"),
    ("46", True, "46-65"), ("65", True, "46-65"), ("66", True, "66-85"), ("85", True, "66-85"),
    ("42 ans", True, "36-45"), ("19", True, None), ("86", True, None),
    ("25", False, "25-35"), ("36", False, "36-45"), ("65", False, "46-65"),
    ("24", False, None), ("66", False, None),
    ("45-65", False, "46-65"), ("45 – 65", True, "46-65"), ("36-45 ans", True, "36-45"),
])
def test_an_exact_age_is_put_in_the_studys_band(value: str, patient: bool, band) -> None:
    assert normalise_age_band(value, patient=patient) == band


def test_columns_are_mapped_by_header_letter_or_number(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("Code;Col2;Col3;Quoi;S;Tranche;Où;Ville;Notes\n"
                    "PAT1;Zoéline;Brunchard;patiente;F;36-45;CDS;Pantin;libre\n",
                    encoding="utf-8")
    table = read_sheet(path)
    base = guess_mapping(table).mapping
    assert base == {"id": 0, "age_band": 5, "site": 7}
    mapping = parse_mapping(table, ["col2=prenom, C=last_name,4=profession", "S=sex,Où=setting"],
                            base)
    assert mapping == {"id": 0, "first_name": 1, "last_name": 2, "profession": 3, "sex": 4,
                       "age_band": 5, "settings": 6, "site": 7}
    assert read_participants(path, "col2=prenom,C=nom,4=profession,S=sexe,Où=lieu_exercice"
                             ).names == {"PAT1": ("Zoéline", "Brunchard")}
    assert "first_name" not in parse_mapping(table, "Col2=ignore", mapping)
    with pytest.raises(ParticipantSheetError, match="champ inconnu"):
        parse_mapping(table, "Col2=surnom")
    with pytest.raises(ParticipantSheetError, match="n'est pas dans la feuille"):
        parse_mapping(table, "Age=age")
    with pytest.raises(ParticipantSheetError, match="COLONNE=CHAMP"):
        parse_mapping(table, "prenom")
    # a field left without a column names the fields to choose, and the sheet's columns
    with pytest.raises(ParticipantSheetError) as err:
        read_participants(path)
    assert "profession, sexe, lieu d'exercice" in str(err.value)
    assert "B · Col2" in str(err.value) and "Zoéline" not in str(err.value)


def test_a_header_merged_over_the_name_columns_keeps_both(tmp_path: Path) -> None:
    """An administrative sheet writes "Nom" once over two columns (surname, first name):
    both go to the key, and the person is told how they were read."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Identifiant", "Nom", None, "Profession", "Sexe", "Âge", "Lieu", "Site"])
    sheet.merge_cells("B1:C1")
    sheet.append(["PAT1", "BRUNCHARD", "Zoéline", "patiente", "F", 40, "CDS", "Pantin"])
    sheet.append(["MG1", "VERMANDOIS", "Octave", "MG", "H", 50, "CP", "Pantin"])
    path = tmp_path / "fusion.xlsx"
    book.save(path)
    table = read_sheet(path)
    assert table.merged == ((1, 3),)
    assert table.label(2) == "C · Nom (suite)"
    guess = guess_mapping(table)
    assert (guess.mapping["last_name"], guess.mapping["first_name"]) == (1, 2)
    assert "colonnes B et C" in guess.notices[0]
    assert read_participants(path).names == {"PAT1": ("Zoéline", "BRUNCHARD"),
                                             "MG1": ("Octave", "VERMANDOIS")}
    # the same sheet saved as CSV: the merged cell became an empty header
    csv_path = tmp_path / "fusion.csv"
    csv_path.write_text("Identifiant,Nom,,Profession,Sexe,Âge,Lieu,Site\n"
                        "PAT1,BRUNCHARD,Zoéline,patiente,F,40,CDS,Pantin\n", encoding="utf-8")
    guess = guess_mapping(read_sheet(csv_path))
    assert (guess.mapping["last_name"], guess.mapping["first_name"]) == (1, 2)
    assert "colonne C n'a pas d'en-tête" in guess.notices[0]
    assert read_participants(csv_path).names == {"PAT1": ("Zoéline", "BRUNCHARD")}


def test_a_project_extends_the_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(HEADER + "IDE1,Ana,Silva,Infirmière,,F,36-45,CSAPA,Pantin,\n"
                    "PH1,Jo,Lin,pharmacien,,H,25-35,CP/officine,Pantin,\n", encoding="utf-8")
    with pytest.raises(SheetProblemsError) as err:
        read_participants(path)
    assert [p.field for p in err.value.problems] == ["profession", "settings", "profession",
                                                     "settings"]
    words = Vocabulary(professions=("Infirmière", "Pharmacien"), settings=("CSAPA", "Officine"))
    sheet = read_participants(path, vocabulary=words)
    assert [(p.profession, p.setting, p.is_patient) for p in sheet.participants] == [
        ("Infirmière", "CSAPA", False), ("Pharmacien", "CP/Officine", False)]
    assert "Infirmière" in words.all_professions and "MG" in words.all_professions
    assert words.suggest_profession("infirmiere") == "Infirmière"


def test_empty_sheet_and_other_files(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(HEADER, encoding="utf-8")
    with pytest.raises(ParticipantSheetError, match="vide"):
        read_participants(path)
    with pytest.raises(ParticipantSheetError, match=".csv ou .xlsx"):
        read_participants(tmp_path / "sheet.ods")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(ParticipantSheetError, match="ne s'ouvre pas"):
        read_participants(tmp_path / "bad.xlsx")
