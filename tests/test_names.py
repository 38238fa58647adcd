"""Document names: the names in them replaced with the key, file names never quoted in a
message."""

from __future__ import annotations

import pytest

from tupsalco.errors import EmptyDocumentError, UnreadableDocumentError
from tupsalco.ingest import ParticipantSheet, read_document
from tupsalco.ingest.labels import file_label
from tupsalco.pseudonymise.names import DocumentNamer
from tupsalco.pseudonymise.vault import KeyData
from tupsalco.records import Participant

IDS = ["PAT01", "MG01", "PAT02"]


def keys() -> KeyData:
    return KeyData("test", participants={"PAT01": ["Yanis", "Belkacem"],
                                         "MG01": ["Octave", "Vermandois"]})


@pytest.mark.parametrize("name,expected", [
    ("PAT01.docx", "PAT01.docx"),
    ("PAT01_entretien.docx", "PAT01_entretien.docx"),
    # the participant's own names: their id, dropped when it is already there
    ("PAT01_Belkacem_Yanis.txt", "PAT01.txt"),
    ("pat01_yanis.txt", "pat01.txt"),
    ("PAT01 - Yanis Belkacem (2).txt", "PAT01 (2).txt"),
    ("Entretien Octave Vermandois", "Entretien MG01"),
    ("Yanis.txt", "PAT01.txt"),
    # anyone else's: a surrogate, one for the words of one name
    ("PAT02_Dupont_Marie.docx", "PAT02_[Personne 1].docx"),
    ("marie_dupont_PAT02.docx", "[Personne 1]_PAT02.docx"),
    # towns, dates, phones, addresses; the id after an address stays
    ("OBS01_Montreuil_2023-11-05.txt", "OBS01_[Lieu 1]_[Date 1].txt"),
    ("PAT02_0612345678.docx", "PAT02_[Téléphone 1].docx"),
    ("rue des Lilas PAT02.txt", "[Adresse 1] PAT02.txt"),
    # ordinary words stay, a lower-case name that is also a word stays, surrogates stay
    ("Entretien_mai_2023_final.txt", "Entretien_mai_2023_final.txt"),
    ("PAT02_[Personne 7].txt", "PAT02_[Personne 7].txt"),
    ("Notes_CSAPA_RCP.docx", "Notes_CSAPA_RCP.docx"),
])
def test_names_in_a_document_name_are_replaced(name: str, expected: str) -> None:
    assert DocumentNamer(keys(), IDS)(name) == expected


def test_a_name_is_replaced_consistently_with_the_key() -> None:
    key = keys()
    namer = DocumentNamer(key, IDS)
    first = namer("PAT02_Dupont_Marie.docx")
    assert namer("PAT02_Marie_Dupont_suite.docx") == first.replace(".docx", "_suite.docx")
    assert key.lexicon["PER|dupont"] == key.lexicon["PER|marie"] == "[Personne 1]"
    assert set(key.originals["[Personne 1]"]) >= {"Dupont Marie"}
    # a name the texts gave a surrogate keeps it in names; a name pseudonymised twice is as
    # it was
    key.lexicon["ORG|kerguelen"] = "[Établissement 4]"
    again = DocumentNamer(key, IDS)
    assert again("PAT02_Kerguelen.docx") == "PAT02_[Établissement 4].docx"
    assert again(first) == first
    # the project's allowed words stay
    assert DocumentNamer(keys(), IDS, allow=["Marie"])("Marie.txt") == "Marie.txt"


@pytest.mark.parametrize("name,number,label", [
    ("PAT01.docx", 3, "fichier 3 du lot (PAT01.docx)"),
    ("PAT01_Belkacem_Yanis.txt", 3, "fichier 3 du lot (PAT01….txt)"),
    ("pat01 Yanis.txt", 1, "fichier 1 du lot (PAT01….txt)"),
    ("Belkacem_Yanis.txt", 2, "fichier 2 du lot (.txt)"),
    ("Belkacem_Yanis.txt", None, "le fichier (.txt)"),
    ("MG01_PAT01_Yanis.docx", None, "MG01_PAT01….docx"),
])
def test_a_file_is_labelled_by_its_place_and_its_id(name: str, number: int | None,
                                                    label: str) -> None:
    assert file_label(name, IDS, number) == label


def test_a_reading_error_names_no_file(tmp_path) -> None:  # noqa: ANN001
    sheet = ParticipantSheet((Participant("PAT01", "patiente", "F", "36-45", ("CDS",),
                                          "Pantin", "Proses"),))
    stranger = tmp_path / "X_Belkacem_Yanis.txt"
    stranger.write_bytes(b"\x00\x01 binary")
    with pytest.raises(UnreadableDocumentError) as caught:
        read_document(stranger, sheet, number=4)
    assert str(caught.value).startswith("fichier 4 du lot (.txt) : ce n'est pas un fichier texte")
    assert caught.value.file == "fichier 4 du lot (.txt)"
    empty = tmp_path / "PAT01_Belkacem.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(EmptyDocumentError, match=r"^PAT01….txt : le fichier est vide") as caught:
        read_document(empty, sheet)
    assert "Belkacem" not in str(caught.value)
