from __future__ import annotations

from pathlib import Path

import docx
import pytest
from make_corpus import build

from tupsalco.errors import (
    DocumentError,
    EmptyDocumentError,
    SpeakerLabelError,
    UnknownParticipantError,
    UnreadableDocumentError,
)
from tupsalco.ingest import read_document
from tupsalco.records import DocumentKind, Role


def write_docx(path: Path, paragraphs: list[tuple[str | None, str]], bold: bool = True) -> Path:
    document = docx.Document()
    for label, text in paragraphs:
        p = document.add_paragraph()
        if label is None:
            p.add_run(text)
        elif bold:
            p.add_run(f"{label} :").bold = True
            p.add_run(f" {text}")
        else:
            p.add_run(f"{label} : {text}")
    document.save(path)
    return path


def test_docx_bold_labels_turns_and_marks(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "PAT01.docx", [
        ("Enquêtrice", "Bonjour, vous pouvez vous présenter ? [rires]"),
        ("Patient", "Ben voilà, j'ai commencé à boire à vingt ans."),
        (None, "Et puis après, ça a continué."),
        ("Conjointe", "Il buvait beaucoup, oui."),
    ])
    doc = read_document(path)
    assert doc.kind is DocumentKind.INTERVIEW
    assert [t.role for t in doc.turns] == [Role.INTERVIEWER, Role.PARTICIPANT, Role.THIRD]
    second = doc.turns[1]
    assert doc.text[second.start:second.end] == (
        "Ben voilà, j'ai commencé à boire à vingt ans.\nEt puis après, ça a continué."
    )
    mark = doc.turns[0].marks[0]
    assert (doc.text[mark.start:mark.end], mark.label) == ("[rires]", "rires")
    assert "Enquêtrice" not in doc.text


def test_docx_prefix_labels(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "MG01.docx", [("E", "Et la RCP ?"), ("MG", "Une fois par mois.")],
                      bold=False)
    doc = read_document(path)
    assert [(t.role, t.label) for t in doc.turns] == [(Role.INTERVIEWER, "E"),
                                                     (Role.PARTICIPANT, "MG")]
    assert doc.text == "Et la RCP ?\nUne fois par mois."


def test_cp1252_crlf_export_with_timestamps(tmp_path: Path) -> None:
    raw = ("[00:00:04] E : Vous prenez du Seresta ?\r\n"
           "[00:00:09] P : Oui… l’an dernier [silence] j’en prenais.\r\n"
           "Ça m’a aidé.\r\n")
    path = tmp_path / "PAT02.txt"
    path.write_bytes(raw.encode("cp1252"))
    doc = read_document(path)
    assert doc.text == (
        "Vous prenez du Seresta ?\nOui… l’an dernier [silence] j’en prenais.\nÇa m’a aidé."
    )
    assert [t.timestamp for t in doc.turns] == ["00:00:04", "00:00:09"]
    assert "\r" not in doc.text and "00:00" not in doc.text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "PAT03.txt"
    path.write_bytes("Enquêtrice : Ça va ?\nPatient : Très bien, à l’hôpital.\n".encode(encoding))
    assert read_document(path).text == "Ça va ?\nTrès bien, à l’hôpital."


def test_corpus_texts_match_the_gold_builder(tmp_path: Path, corpus_texts: dict[str, str]) -> None:
    """The gold offsets are computed on exactly the text the workbench reads."""
    assert build(tmp_path) == corpus_texts


def test_gold_offsets_point_at_their_identifiers(gold_records, corpus_texts) -> None:
    for r in gold_records:
        assert corpus_texts[r["document"]][r["start"]:r["end"]] == r["text"]


def test_observation_note_header(corpus_files, sheet) -> None:
    notes = [read_document(f, sheet) for f in corpus_files if f.stem.startswith("OBS")]
    assert len(notes) >= 6
    activities = {n.header.activity for n in notes}
    assert activities == {"consultation", "rdv_ts", "rcp"}
    assert {n.header.site for n in notes} == {"Pantin", "Bagnolet", "Marseille"}
    for n in notes:
        assert n.kind is DocumentKind.OBSERVATION
        assert len(n.header.period) == 7  # the month only: the day pins the event
        assert "Date :" not in n.text and n.turns


def test_corpus_interviews_are_linked_and_long(corpus_files, sheet) -> None:
    interviews = [read_document(f, sheet) for f in corpus_files if "interviews" in f.parts]
    assert sorted(d.participant_id for d in interviews) == sorted(p.id for p in sheet.participants)
    for d in interviews:
        assert sum(t.role is not Role.NOTE for t in d.turns) >= 15, d.name


def test_unknown_speaker_label_names_paragraph_not_label(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "PAT01.docx", [
        ("Enquêtrice", "Bonjour."), ("Patient", "Bonjour."), ("Karimou", "Moi aussi."),
    ])
    with pytest.raises(SpeakerLabelError) as err:
        read_document(path)
    assert "paragraphe 3" in str(err.value) and "PAT01.docx" in str(err.value)
    assert "Karimou" not in str(err.value)


def test_sentence_with_colon_is_not_a_label(tmp_path: Path) -> None:
    path = tmp_path / "PAT01.txt"
    path.write_text("E : Et alors ?\nP : Bon.\nAlors : il m'a dit de revenir.\n", encoding="utf-8")
    doc = read_document(path)
    assert len(doc.turns) == 2 and doc.text.endswith("Alors : il m'a dit de revenir.")


@pytest.mark.parametrize(
    ("name", "content", "error", "hint"),
    [
        ("empty.txt", b"", EmptyDocumentError, "vide"),
        ("blank.txt", b"  \r\n\r\n ", EmptyDocumentError, "vide"),
        ("binary.txt", bytes(range(256)) * 4, UnreadableDocumentError, "binaire"),
        ("corrupt.docx", b"PK\x03\x04 this is not a zip", UnreadableDocumentError, "endommagé"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
         UnreadableDocumentError, "mot de passe"),
        ("notes.pdf", b"%PDF-1.4", UnreadableDocumentError, ".docx"),
    ],
)
def test_bad_files_get_clear_errors(tmp_path: Path, name, content, error, hint) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error) as err:
        read_document(path)
    # the file is named by its type, never by its name (a name may be a person's)
    assert str(err.value).startswith(f"le fichier ({path.suffix}) : ")
    assert name not in str(err.value) and hint in str(err.value)
    assert isinstance(err.value, ValueError)


def test_empty_docx(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    docx.Document().save(path)
    with pytest.raises(EmptyDocumentError):
        read_document(path)


@pytest.mark.parametrize("name", ["entretien_X99.docx", "Entretien du 12 mars.docx",
                                  "PAT01_PAT02_entretien.docx"])
def test_a_file_name_without_one_participant_id_leaves_it_unassigned(tmp_path: Path, sheet,
                                                                      name: str) -> None:
    """No id of the sheet in the name (or two): the transcript is read, to be assigned."""
    path = write_docx(tmp_path / name, [("E", "Bonjour."), ("P", "Bonjour.")])
    doc = read_document(path, sheet)
    assert doc.kind is DocumentKind.INTERVIEW and doc.participant_id is None
    assert read_document(write_docx(tmp_path / "PAT02_bis.docx", [("E", "Oui.")]),
                         sheet).participant_id == "PAT02"
    with pytest.raises(UnknownParticipantError, match="X99"):
        sheet.get("X99")


@pytest.mark.parametrize(
    ("header", "hint"),
    [
        ("Date : bientôt\nSite : Pantin\nActivité : RCP\nPrésents : MG, TS\n", "la date"),
        ("Date : 12/11/2023\nSite : Pantin\nActivité : repas\nPrésents : MG, TS\n", "activité"),
        ("Date : 12/11/2023\nSite : Pantin\nActivité : RCP\nPrésents : MG, Dupuis\n", "rôles"),
    ],
)
def test_observation_header_errors(tmp_path: Path, header: str, hint: str) -> None:
    path = tmp_path / "OBS99.txt"
    path.write_text(header + "Notes :\nLa réunion commence.\n", encoding="utf-8")
    with pytest.raises(DocumentError) as err:
        read_document(path)
    assert "OBS99.txt" in str(err.value) and "paragraphe" in str(err.value)
    assert hint in str(err.value) and "Dupuis" not in str(err.value)
