"""Transcript formats other tools write: Transcriber, CHAT, ELAN, WebVTT, SubRip, OpenDocument,
PDF; files whose content is not what their name says; speakers whose names are real names."""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentText
from odf.text import P

from tupsalco.errors import DocumentError, EmptyDocumentError, UnreadableDocumentError
from tupsalco.ingest import SUPPORTED_SUFFIXES, read_document, sniff
from tupsalco.ingest.formats import chat
from tupsalco.ingest.sniff import content_kind
from tupsalco.ingest.speakers import UNNAMED, Speaker, Speech, Utterance, resolve
from tupsalco.records import DocumentKind, Role

from .conftest import ANA, PASS

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
    assert {".docx", ".txt", ".odt", ".pdf", ".trs", ".cha", ".eaf", ".vtt", ".srt"} <= \
        SUPPORTED_SUFFIXES


def test_transcriber_trs() -> None:
    """ISO-8859-1, CRLF, real names in <Speakers>, syncs, overlapping speech, events."""
    doc = read_document(DATA / "PAT01_transcriber.trs")
    assert doc.kind is DocumentKind.INTERVIEW and doc.source_format == "trs"
    turns = turns_of(doc)
    assert [(r, label, ts) for r, label, ts, _ in turns] == [
        (IV, "Enquêtrice", "00:00:00"), (PA, "Participant", "00:00:06"),
        (IV, "Enquêtrice", "00:00:41"), (PA, "Participant", "00:00:45"),
        (TH, "Tiers 1", "00:00:45"), (PA, "Participant", "00:00:52"),
    ]
    assert turns[1][3] == (
        "Ben c'est mon médecin traitant qui m'en a parlé. [rires] Au début je voulais pas, "
        "j'avais honte. Je buvais le soir, toute seule, une bouteille de vin par jour à peu près. "
        "[commentaire : baisse la voix] Et puis il m'a dit qu'il y avait une psychologue ici, "
        "le mardi.")
    assert (turns[3][3], turns[4][3]) == ("Du baclofène, oui.", "Elle dort mieux depuis.")
    marks = [m.label for t in doc.turns for m in t.marks]
    assert marks == ["rires", "inaudible"]  # the comment is text: pseudonymised, not kept aside
    no_names(doc)


def test_chat_cha() -> None:
    """CLAN's layout: headers, tab-continued lines, bullets, %com and %mor tiers, codes."""
    doc = read_document(DATA / "PAT02_clan.cha")
    assert turns_of(doc) == [
        (IV, "ENQ", "00:00:00", "et vous avez commencé à boire quand ?"),
        (PA, "Participant", "00:00:03",
         "oh assez tôt [rit] assez tôt vers vingt ans je dirais, c'était les soirées avec les "
         "collègues… [commentaire : hésite longuement]"),
        (IV, "ENQ", "00:00:09", "d'accord."),
        (PA, "Participant", "00:00:11",
         "et là le docteur m'a proposé euh l'Aotal. ça marche pas mal [inaudible]."),
        (TH, "Fille", "00:00:18", "elle boit elle boit beaucoup moins maintenant."),
    ]
    assert [m.label for t in doc.turns for m in t.marks] == ["rit", "inaudible"]
    no_names(doc)
    for header_only in ("Marseille", "Ravanel", "2023", "conj|et"):  # @Location, @Date, %mor
        assert header_only not in doc.text


@pytest.mark.parametrize(("code", "text"), [
    ("bonjour [/] bonjour docteur .", "bonjour bonjour docteur."),
    ("<je sais> [//] je crois (..) que oui .", "je sais je crois que oui."),
    ("&=tousse ça va &+pa pas mal .", "[tousse] ça va pa pas mal."),
    ("la pomme_de_terre@s:eng [= patate] !", "la pomme de terre !"),
    ("0 .", ""),
    ("+< oui mmh@i .", "oui mmh."),
])
def test_chat_codes_are_cleaned(code: str, text: str) -> None:
    assert chat.clean(code) == text


def test_elan_eaf() -> None:
    """ELAN 3.0: tiers named by role or by first name, a dependent notes tier, time order."""
    doc = read_document(DATA / "PAT03_elan.eaf")
    assert turns_of(doc) == [
        (IV, "Enquêtrice", "00:00:01",
         "Est-ce que vous avez déjà été hospitalisé pour un sevrage ?"),
        (PA, "Patient", "00:00:05", "Oui, une cure de trois semaines, il y a deux ans. [silence] "
         "Après j'ai rechuté, et c'est le généraliste qui m'a repris."),
        (IV, "Enquêtrice", "00:00:18", "Et aujourd'hui, vous venez ici toutes les semaines ?"),
        (TH, "Tiers 1", "00:00:21", "Il y va avec moi."),
        (PA, "Patient", "00:00:21", "Le mardi, pour voir la psychologue."),
    ]
    assert "Salon" not in doc.text  # the dependent tier is not speech
    no_names(doc)


def test_elan_written_by_another_tool(tmp_path: Path) -> None:
    """No schema location, ELAN 2.8 (as scripts write): still read."""
    path = tmp_path / "PAT03.eaf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<ANNOTATION_DOCUMENT AUTHOR="" DATE="" '
        'FORMAT="2.8" VERSION="2.8"><HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>'
        '<TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="61000"/>'
        '<TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="64000"/></TIME_ORDER>'
        '<TIER LINGUISTIC_TYPE_REF="default" TIER_ID="default"><ANNOTATION>'
        '<ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">'
        "<ANNOTATION_VALUE>Je suis suivie au CSAPA.</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION>"
        '</ANNOTATION></TIER><LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="default" '
        'TIME_ALIGNABLE="true"/></ANNOTATION_DOCUMENT>', encoding="utf-8")
    assert turns_of(read_document(path)) == [
        (PA, "Participant", "00:01:01", "Je suis suivie au CSAPA.")]


def test_webvtt_teams_voices() -> None:
    """Teams: <v Display Name> spans; consecutive cues of one voice are one turn."""
    doc = read_document(DATA / "MG01_teams.vtt")
    assert turns_of(doc) == [
        (IV, "Enquêtrice", "00:00:01",
         "Bonjour docteur, merci de prendre ce temps. Comment se passent les RCP chez vous ?"),
        (PA, "Participant", "00:00:07", "Une fois par mois, on discute des patients avec la "
         "psychologue et la travailleuse sociale. C'est là qu'on ajuste les objectifs."),
        (IV, "Enquêtrice", "00:00:15", "Réduction ou abstinence ?"),
        (PA, "Participant", "00:00:18",
         "Ça dépend du patient. Beaucoup préfèrent réduire, avec le nalméfène."),
    ]
    no_names(doc)


def test_webvtt_zoom_prefixes() -> None:
    """Zoom: 'Name: text'; a one-off 'Alors:' inside speech is text, not a speaker."""
    doc = read_document(DATA / "PAT04_zoom.vtt")
    assert turns_of(doc) == [
        (IV, "Enquêtrice", "00:00:00", "Vous prenez un traitement en ce moment ?"),
        (PA, "Patiente", "00:00:03",
         "Oui, de l'Aotal, depuis septembre. Alors: au début ça me donnait mal au ventre."),
        (IV, "Enquêtrice", "00:00:11", "Et maintenant ?"),
        (PA, "Patiente", "00:00:13", "Maintenant ça va. Je bois deux verres le week-end."),
    ]


def test_webvtt_whisper_without_speakers() -> None:
    doc = read_document(DATA / "PAT05_whisper.vtt")
    assert turns_of(doc) == [(PA, UNNAMED, "00:00:00",
                              "Je bois moins depuis que je vois la psychologue. Le mardi, à la "
                              "maison de santé. Avant, je n'aurais jamais parlé de l'alcool à "
                              "mon médecin.")]


def test_subrip_whisperx_speakers() -> None:
    """WhisperX: '[SPEAKER_00]: text', CRLF, <i> tags."""
    doc = read_document(DATA / "PAT06_whisperx.srt")
    assert turns_of(doc) == [
        (IV, "Enquêtrice", "00:00:00", "Et la psychologue, vous la voyez souvent ?"),
        (PA, "Participant", "00:00:03",
         "Tous les quinze jours. Ça m'aide beaucoup. Surtout pour ne pas rechuter."),
        (IV, "Enquêtrice", "00:00:12", "D'accord. Et le groupe de parole ?"),
        (PA, "Participant", "00:00:14", "J'y vais pas encore."),
    ]


def test_subrip_names_as_prefixes(tmp_path: Path) -> None:
    path = tmp_path / "PAT09.srt"
    path.write_text(
        "1\n00:00:02,000 --> 00:00:04,000\nMarie Dupont: Vous buvez seul ?\n\n"
        "2\n00:00:04,500 --> 00:00:09,000\nJean Roussel: Le plus souvent oui, le soir.\n\n"
        "3\n00:00:09,000 --> 00:00:11,000\nJean Roussel: Devant la télé.\n\n"
        "4\n00:00:11,000 --> 00:00:12,000\nMarie Dupont: D'accord.\n\n"
        "5\n00:00:12,500 --> 00:00:13,000\nLéa Dupont: Il boit aussi le midi.\n\n", "utf-8")
    turns = turns_of(read_document(path))
    assert [(r, label) for r, label, *_ in turns] == [
        (IV, "Enquêtrice"), (PA, "Participant"), (IV, "Enquêtrice")]
    # a name that opens a single cue is not taken for a speaker: its line stays text
    assert turns[-1][3] == "D'accord. Léa Dupont: Il boit aussi le midi."


def test_odt_bold_labels() -> None:
    """LibreOffice: bold 'Label :' spans, a heading, a bold label that is a first name."""
    doc = read_document(DATA / "PAT07_libreoffice.odt")
    assert turns_of(doc) == [
        (NO, "", None, "Entretien PAT07 – patiente, CDS"),
        (IV, "Enquêtrice", None, "Comment avez-vous connu la microstructure ?"),
        (PA, "P", None, "Par mon généraliste. Il m'a parlé de la psychologue, et de l'assistante "
         "sociale pour mes papiers.\nAu début je n'y croyais pas trop. [rires]"),
        (TH, "Tiers 1", None, "Moi je l'ai accompagnée la première fois."),
        (IV, "Enquêtrice", None, "Et le traitement ?"),
        (PA, "P", None, "Du Revia pendant six mois.   Maintenant plus rien."),
    ]
    assert doc.turns[2].marks[0].label == "rires"
    no_names(doc)


def test_odt_prefix_labels(tmp_path: Path) -> None:
    document = OpenDocumentText()
    for line in ["[00:00:05] E : Et la RCP ?", "MG : Une fois par mois.", "Avec la psy."]:
        document.text.addElement(P(text=line))
    document.save(tmp_path / "MG01.odt")
    assert turns_of(read_document(tmp_path / "MG01.odt")) == [
        (IV, "E", "00:00:05", "Et la RCP ?"), (PA, "MG", None, "Une fois par mois.\nAvec la psy."),
    ]


def test_pdf_with_speaker_labels() -> None:
    """A transcript printed to PDF (Chromium): its lines are read like a .txt transcript."""
    doc = read_document(DATA / "PAT08_chromium.pdf")
    assert [(r, label) for r, label, *_ in turns_of(doc)] == [
        (NO, ""), (IV, "Enquêtrice"), (PA, "Patient"), (IV, "Enquêtrice"), (PA, "Patient")]
    assert doc.text.startswith("Entretien PAT08\nQu'est-ce qui vous a décidé à consulter ?\n")
    assert "[silence]" in doc.text and "Seresta" in doc.text and "Patient :" not in doc.text
    assert doc.source_format == "pdf"


def test_pdf_without_labels_is_one_text() -> None:
    doc = read_document(DATA / "synthese_RCP_chromium.pdf")
    assert [(t.role, t.label) for t in doc.turns] == [(NO, "")]
    assert doc.text.startswith("Synthèse de la RCP de novembre\nTrois situations")
    assert doc.text.endswith("liste d'attente de deux mois au CMP.")


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

def test_import_trs_and_vtt_into_a_project(project, tmp_path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    files = [DATA / "PAT01_transcriber.trs", DATA / "MG01_teams.vtt"]
    results = project.import_files(ANA, files, PASS)
    assert [r.status for r in results] == ["imported", "imported"], results
    trs = project.document(results[0].document_id)
    assert trs.participant.id == "PAT01" and trs.kind is DocumentKind.INTERVIEW
    assert [(t.role, t.label, t.timestamp) for t in trs.turns] == [
        (IV, "Enquêtrice", "00:00:00"), (PA, "Participant", "00:00:06"),
        (IV, "Enquêtrice", "00:00:41"), (PA, "Participant", "00:00:45"),
        (TH, "Tiers 1", "00:00:45"), (PA, "Participant", "00:00:52")]
    assert "baclofène" in trs.text and [m.label for m in trs.turns[1].marks] == ["rires"]
    mark = trs.turns[1].marks[0]
    assert trs.text[mark.start:mark.end] == "[rires]"
    vtt = project.document(results[1].document_id)
    assert vtt.participant.id == "MG01"
    assert [(t.role, t.label, t.timestamp) for t in vtt.turns] == [
        (IV, "Enquêtrice", "00:00:01"), (PA, "Participant", "00:00:07"),
        (IV, "Enquêtrice", "00:00:15"), (PA, "Participant", "00:00:18")]
    assert "nalméfène" in vtt.text and "RCP" in vtt.text
    raw_db = b"".join(p.read_bytes() for p in project.folder.iterdir() if p.is_file())
    logs = caplog.text
    for name in NAMES:  # the .trs header's speakers and scribe, the Teams voices
        for form in {name, name.lower(), name.upper()}:
            assert form.encode() not in raw_db, name
        assert name not in logs


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
TRS = (DATA / "PAT01_transcriber.trs").read_bytes()
EAF = (DATA / "PAT03_elan.eaf").read_bytes()
VTT = (DATA / "MG01_teams.vtt").read_bytes()
SRT = (DATA / "PAT06_whisperx.srt").read_bytes()
PDF = (DATA / "PAT08_chromium.pdf").read_bytes()
CHA = (DATA / "PAT02_clan.cha").read_bytes()
TEXT = "Enquêtrice : Et la RCP ?\nMG : Une fois par mois.\n".encode()


@pytest.mark.parametrize(
    ("name", "content", "seems", "todo"),
    [
        ("PAT01.txt", TRS, "une transcription Transcriber", "renommez-le en .trs"),
        ("PAT01.txt", b'<?xml version="1.0"?>\n<root><a/></root>', "un fichier XML", ".docx"),
        ("PAT01.txt", VTT, "des sous-titres WebVTT", "renommez-le en .vtt"),
        ("PAT01.txt", SRT, "des sous-titres SubRip", "renommez-le en .srt"),
        ("PAT01.txt", CHA, "une transcription CHAT (CLAN)", "renommez-le en .cha"),
        ("PAT01.txt", b"<!DOCTYPE html><html><body>Bonjour</body></html>", "une page web", ".txt"),
        ("PAT01.txt", b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(200), "un enregistrement", "pas"),
        ("PAT01.vtt", DOCX, "un document Word", "renommez-le en .docx"),
        ("PAT01.vtt", _zip({"a.txt": b"x"}), "une archive zip", "extrayez"),
        ("PAT01.vtt", SRT, "des sous-titres SubRip", "renommez-le en .srt"),
        ("PAT01.srt", VTT, "des sous-titres WebVTT", "renommez-le en .vtt"),
        ("PAT01.docx", PDF, "un document PDF", "renommez-le en .pdf"),
        ("PAT01.docx", XLSX, "un tableur", ".docx ou .txt"),
        ("PAT01.docx", ODT, "un texte OpenDocument", "renommez-le en .odt"),
        ("PAT01.odt", DOCX, "un document Word", "renommez-le en .docx"),
        ("PAT01.pdf", DOCX, "un document Word", "renommez-le en .docx"),
        ("PAT01.trs", EAF, "un fichier d'annotations ELAN", "renommez-le en .eaf"),
        ("PAT01.eaf", TRS, "une transcription Transcriber", "renommez-le en .trs"),
        ("PAT01.eaf", TEXT, "du texte brut", "renommez-le en .txt"),
        ("PAT01.cha", TEXT, "du texte brut", "renommez-le en .txt"),
        ("PAT01.trs", b"\x89PNG\r\n\x1a\n" + bytes(100), "une image", "reconnaissance de texte"),
    ],
)
def test_content_that_is_not_what_the_name_says(tmp_path, name, content, seems, todo) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableDocumentError) as err:
        read_document(path)
    message = str(err.value)
    assert name in message and f"semble être {seems}" in message and todo in message, message


@pytest.mark.parametrize(
    ("name", "content", "error", "hint"),
    [
        ("PAT01.trs", TRS[: len(TRS) // 2], UnreadableDocumentError, "ligne"),
        ("PAT01.eaf", b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
         b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><ANNOTATION_DOCUMENT>&b;'
         b"</ANNOTATION_DOCUMENT>", UnreadableDocumentError, "entités"),
        ("PAT01.vtt", b"WEBVTT\n\n00:00:01.000 --> garbage\nJean Dupont\n",
         UnreadableDocumentError, "sous-titre ou un en-tête mal formé"),
        ("PAT01.srt", b"1\n00:00:01,000 --> 00:00:02,000\nBonjour\n\n2\n00:00:0x,000 --> "
         b"00:00:04,000\nJean Dupont\n", UnreadableDocumentError, "sous-titre 2"),
        ("PAT01.pdf", PDF[:2000], UnreadableDocumentError, "endommagé"),
        ("PAT01.odt", ODT[:-40], UnreadableDocumentError, "endommagé"),
        ("PAT01.cha", b"@UTF8\n@Begin\n@Participants:\tCHI Target_Child\n@End\n",
         EmptyDocumentError, "aucune parole"),
        ("PAT01.cha", b"@UTF8\n@Begin\n*Jean Dupont dit bonjour\n@End\n",
         UnreadableDocumentError, "ligne 3"),
        ("PAT01.vtt", b"WEBVTT\n\n", EmptyDocumentError, "aucune parole"),
        ("PAT01.pdf", b"", EmptyDocumentError, "vide"),
    ],
)
def test_damaged_files_get_clear_errors(tmp_path, name, content, error, hint) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error) as err:
        read_document(path)
    assert name in str(err.value) and hint in str(err.value), str(err.value)
    assert "Dupont" not in str(err.value) and "Jean" not in str(err.value)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "PAT01.pdf"
    with path.open("wb") as f:
        writer.write(f)
    with pytest.raises(EmptyDocumentError, match="couche de texte"):
        read_document(path)


def test_password_protected_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(DATA / "PAT08_chromium.pdf"))
    writer.encrypt("secret", algorithm="AES-128")
    path = tmp_path / "PAT08.pdf"
    with path.open("wb") as f:
        writer.write(f)
    with pytest.raises(UnreadableDocumentError, match="mot de passe"):
        read_document(path)


def test_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sniff, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "PAT01.vtt"
    big.write_bytes(b"WEBVTT\n\n" + b"x" * 2000)
    with pytest.raises(UnreadableDocumentError, match="dépasse"):
        read_document(big)
    # an archive whose text unpacks past the limit (a zip bomb) is refused before it is read
    bomb = tmp_path / "PAT01.odt"
    bomb.write_bytes(_zip({"mimetype": b"application/vnd.oasis.opendocument.text",
                           "content.xml": b" " * 5000}))
    with pytest.raises(UnreadableDocumentError, match="une fois décompressé, le fichier dépasse"):
        read_document(bomb)


def test_a_docx_zip_bomb_is_not_inflated(tmp_path: Path) -> None:
    path = tmp_path / "PAT01.docx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<Types/>",
                           "word/document.xml": b" " * (51 * 2**20)}))
    assert path.stat().st_size < 2**20
    with pytest.raises(UnreadableDocumentError, match="une fois décompressé, le fichier dépasse"):
        read_document(path)


@pytest.mark.parametrize(("content", "kind"), [
    (TRS, "trs"), (EAF, "eaf"), (VTT, "vtt"), (SRT, "srt"), (CHA, "cha"), (PDF, "pdf"),
    (DOCX, "docx"), (ODT, "odt"), (TEXT, "text"), ("\ufeffWEBVTT\n".encode(), "vtt"),
    ("WEBVTT".encode("utf-16"), "vtt"), (b"PK\x03\x04 damaged", "zip"),
    (b"<Entretien PAT01>\nE : Bonjour.\nP : Bonjour.", "text"),
    (b"<root><a>x</a></root>", "xml"), (b"<html><body>x</body></html>", "html"),
])
def test_sniff(content: bytes, kind: str) -> None:
    assert content_kind(content) == kind


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300), suffix=st.sampled_from([".vtt", ".srt", ".cha", ".trs",
                                                            ".eaf", ".txt", ".odt", ".pdf"]),
       prefix=st.sampled_from(["", "WEBVTT\n\n", "1\n00:00:01,000 --> 00:00:02,000\n",
                               "@UTF8\n@Begin\n*E:\t", "<Trans><Turn speaker='a'>"]))
def test_any_text_is_read_or_refused_cleanly(tmp_path_factory, text, suffix, prefix) -> None:
    path = tmp_path_factory.mktemp("any") / f"PAT01{suffix}"
    path.write_bytes((prefix + text).encode("utf-8"))
    try:
        doc = read_document(path)
    except DocumentError:
        return
    for turn in doc.turns:
        assert 0 <= turn.start <= turn.end <= len(doc.text)
