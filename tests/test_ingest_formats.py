"""Transcript formats other tools write: Transcriber, CHAT, ELAN, WebVTT, SubRip, OpenDocument,
PDF; files whose content is not what their name says; speakers whose names are real names."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tupsalco.errors import UnreadableDocumentError
from tupsalco.ingest import SUPPORTED_SUFFIXES, read_document
from tupsalco.ingest.sniff import content_kind
from tupsalco.ingest.speakers import Speaker, Speech, Utterance, resolve
from tupsalco.records import Role

DATA = Path(__file__).parent / "data" / "formats"
IV, PA, TH, NO = Role.INTERVIEWER, Role.PARTICIPANT, Role.THIRD, Role.NOTE
# Real names the files' headers, tiers and voices carry: never a label, never in the text.
NAMES = ["Albertine", "Quérolle", "aquerolle", "Zoéline", "Brunchard", "Gontran", "Pelissard",
         "Martine", "Delorge", "Karim", "Benhalla", "Nadia", "Octave", "Vermandois", "Huguette"]


def turns_of(doc) -> list[tuple[Role, str, str | None, str]]:
    return [(t.role, t.label, t.timestamp, doc.text[t.start:t.end]) for t in doc.turns]


def no_names(doc) -> None:
    for name in NAMES:
        assert name.lower() not in doc.text.lower(), name
        assert all(name.lower() not in t.label.lower() for t in doc.turns), name


def test_supported_suffixes() -> None:
    assert {".docx", ".txt"} <= \
        SUPPORTED_SUFFIXES


@pytest.mark.parametrize(
    ("names", "roles"),
    [
        # two real names: the first heard asks, the other answers
        ([("k1", ("Marie Dupont",)), ("k2", ("Jean Roussel",))], [IV, PA]),
        # the participant is known: a name heard first is the interviewer
        ([("k1", ("Sophie",)), ("k2", ("Patiente",))], [IV, PA]),
        # both known: another name is a third speaker, whoever speaks most
        ([("k1", ("E",)), ("k2", ("Lucien",)), ("k3", ("MG",))], [IV, TH, PA]),
        # the interviewer is known, not heard first: the others by what they say
        ([("k1", ("Paul",)), ("k2", ("Enquêtrice",)), ("k3", ("Léon",))], [PA, IV, TH]),
        # a role the format states comes first; then the one other is the participant
        ([("k1", ("Marie",), TH), ("k2", ("Jean",))], [TH, PA]),
    ],
)
def test_speaker_roles(names, roles) -> None:
    speakers = tuple(Speaker(k, n, *rest) for k, n, *rest in names)
    said = {"k1": "Bonjour.", "k2": "Une réponse plus longue que les autres.", "k3": "Oui."}
    speech = Speech(speakers, tuple(Utterance(s.key, said[s.key]) for s in speakers))
    resolved = resolve(speech)
    assert [resolved[s.key][0] for s in speakers] == roles
    for s in speakers:
        assert all(name not in resolved[s.key][1] for name in s.names
                   if name not in ("E", "MG", "Patiente", "Enquêtrice"))


# -- the round trip through a project ------------------------------------------------------


# -- refusals -------------------------------------------------------------------------------

def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
TEXT = "Enquêtrice : Et la RCP ?\nMG : Une fois par mois.\n".encode()


@pytest.mark.parametrize(
    ("name", "content", "seems", "todo"),
    [
        ("PAT01.txt", b'<?xml version="1.0"?>\n<root><a/></root>', "an XML file", ".docx"),
        ("PAT01.txt", b"<!DOCTYPE html><html><body>Bonjour</body></html>", "a web page", ".txt"),
        ("PAT01.txt", b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(200), "a sound or video", "not"),
        ("PAT01.docx", XLSX, "a spreadsheet", ".docx or .txt"),
        ("PAT01.docx", ODT, "an OpenDocument text", "name it .odt"),
    ],
)
def test_content_that_is_not_what_the_name_says(tmp_path, name, content, seems, todo) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableDocumentError) as err:
        read_document(path)
    message = str(err.value)
    assert name in message and f"seems to be {seems}" in message and todo in message, message


def test_a_docx_zip_bomb_is_not_inflated(tmp_path: Path) -> None:
    path = tmp_path / "PAT01.docx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<Types/>",
                           "word/document.xml": b" " * (51 * 2**20)}))
    assert path.stat().st_size < 2**20
    with pytest.raises(UnreadableDocumentError, match="unpacks to more than"):
        read_document(path)


@pytest.mark.parametrize(("content", "kind"), [
    (DOCX, "docx"), (ODT, "odt"), (TEXT, "text"), ("\ufeffWEBVTT\n".encode(), "vtt"),
    ("WEBVTT".encode("utf-16"), "vtt"), (b"PK\x03\x04 damaged", "zip"),
    (b"<Entretien PAT01>\nE : Bonjour.\nP : Bonjour.", "text"),
    (b"<root><a>x</a></root>", "xml"), (b"<html><body>x</body></html>", "html"),
])
def test_sniff(content: bytes, kind: str) -> None:
    assert content_kind(content) == kind


