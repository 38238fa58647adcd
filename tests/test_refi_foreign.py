"""Projects exported by other tools come in: real NVivo and ATLAS.ti files (tests/data/foreign),
and the shapes other tools' files take (sources that are not interviews, positions counted in
UTF-16 units, bare file names, oversized members)."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tupsalco import coding
from tupsalco.cli import app
from tupsalco.errors import ExchangeError
from tupsalco.pseudonymise.surrogates import SURROGATE
from tupsalco.records import DocumentKind, Role
from tupsalco.refi import import_qdpx, to_qdpx
from tupsalco.refi.sources import position_reading, reading
from tupsalco.store import repository as repo
from tupsalco.store.models import Base

from .conftest import ANA, PASS, PASSWORD, ROOT

FOREIGN = ROOT / "tests" / "data" / "foreign"
NVIVO = FOREIGN / "nvivo-win-12.6.qdpx"
ATLAS = FOREIGN / "atlasti-8.4-mac.qdpx"
XSD = ROOT / "tupsalco" / "refi" / "schemas" / "Project.xsd"
Q = "{urn:QDA-XML:project:1.0}"
ADMIN = ANA  # the test project's first account, an admin


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _covers(quote: str, words: str) -> bool:
    """The stored quote is the selected words, a surrogate standing for any words."""
    pattern = ".+?".join(re.escape(_flat(piece)) for piece in SURROGATE.split(quote))
    return re.fullmatch(pattern, _flat(words), re.DOTALL) is not None


def _audit(project) -> list:
    with project.db.session() as s:
        return repo.audit_events(s)


def test_every_nvivo_source_and_coding_comes_in_on_the_words_nvivo_selected(project) -> None:
    done = import_qdpx(project, NVIVO.read_bytes(), NVIVO.name, PASS, ADMIN)
    with zipfile.ZipFile(NVIVO) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        texts = {n.rsplit("/", 1)[-1]: archive.read(n).decode("utf-8-sig")
                 for n in archive.namelist() if n.lower().endswith(".txt")}
    sources = root.findall(f".//{Q}TextSource")
    assert len(sources) == 2
    assert [(s.name, s.status) for s in done.sources] == [
        (s.get("name"), "imported") for s in sources]
    by_name = {d.name: d for d in project.documents()}
    assert set(by_name) == {s.get("name") for s in sources}
    # YouTube comments: neither interviews nor notes, and not in French
    assert {d.kind for d in by_name.values()} == {DocumentKind.TEXT}
    assert {s.language for s in done.sources} == {"pas en français"}
    assert len(done.warnings) == 2 and all("relisez" in w for w in done.warnings)
    coded = next(s for s in done.sources if s.codings_in_file)
    assert (coded.codings_in_file, coded.codings_imported) == (303, 303)
    assert coded.reading == "unités de code UTF-16, fins de ligne telles qu'enregistrées"
    assert done.codings == len(coding.codings(project, ADMIN)) == 303

    labels = {c.id: c.label for c in coding.codebook(project).codes}
    code_names = {e.get("guid"): e.get("name") for e in root.iter(f"{Q}Code")}
    matched = 0
    for source in sources:
        # NVivo for Windows counts UTF-16 code units of the text as stored (CRLF, no BOM)
        units = texts[source.get("plainTextPath").rsplit("/", 1)[-1]].encode("utf-16-le")
        quotes = Counter((labels[c.code_id], c.quote)
                         for c in coding.codings(project, ADMIN, by_name[source.get("name")].id))
        for sel in source.iter(f"{Q}PlainTextSelection"):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            words = units[2 * start:2 * end].decode("utf-16-le")
            code = code_names[sel.find(f"{Q}Coding/{Q}CodeRef").get("targetGUID")]
            quote = next((q for (c, q), n in quotes.items() if n and c == code
                          and _covers(q, words)), None)
            assert quote is not None, (code, words[:80])
            quotes[(code, quote)] -= 1
            matched += 1
    assert matched == 303
    # the commenters' handles were pseudonymised though the text is not French
    stored = "".join(project.document(d.id).text for d in by_name.values())
    assert "@istvanbakos5820" not in stored and "[Courriel" in stored
    assert "Gergo" not in repr(_audit(project))  # the NVivo users are named nowhere there
    # nor as coders: each of the other tool's users is an "externe-N", the key knowing who
    assert {c.coder for c in coding.codings(project, ADMIN)} <= {"externe-1", "externe-2"}
    with project.db.session() as s:
        for table in Base.metadata.sorted_tables:
            assert "Gergo" not in repr(s.execute(table.select()).all()), table.name
    _, keys = project.open_vault(PASS)
    assert "Gergo" in {n for names in keys.originals.values() for n in names}


ATLAS_CODINGS = {  # source: codings in the file (none of their files is in the archive)
    "1960s Coca Cola commercial - Audio.docx": 0, "1960s Coca Cola commercial - Visual.docx": 0,
    "1994 Diet Coke-Diet Coke Break.docx": 1, "Mabêl 2ième.txt": 0, "Mabel.txt": 3,
    # a first name of the gazetteers in a source's name is replaced, as in a file's name
    "[Personne 1].docx": 3, "cornflakes-n-milk.jpg": 2, "Kellogg's Passion for Nutrition.pdf": 0,
    "Pay de Limón con Base de Granola | Kellogg's ®.pdf": 6, "[Personne 2]'s Breakfast.m4a": 0,
    "1960s Coca Cola commercial.mp4": 0, "1994 Diet Coke-Diet Coke Break.mp4": 1,
}


def test_the_atlas_report_lists_each_absent_source_with_its_codings(project) -> None:
    done = import_qdpx(project, ATLAS.read_bytes(), ATLAS.name, PASS, ADMIN)
    assert done.codes_added == 14 and project.documents() == []
    assert {s.name: (s.status, s.codings_in_file, s.codings_imported)
            for s in done.sources} == {n: ("left out", k, 0) for n, k in ATLAS_CODINGS.items()}
    for name, n in ATLAS_CODINGS.items():
        assert any(line.startswith(f"{name} : ") and f"({n} codage(s) laissé(s) de côté" in line
                   for line in done.left_out), name
    assert not any("Users" in line or "sebpe" in line for line in done.left_out)  # basePath
    tallies = {t.what: (t.in_file, t.imported) for t in done.tallies}
    assert tallies == {
        "codes": (14, 14), "sources": (12, 0), "codings": (16, 0), "notes": (2, 2),
        "note titles": (2, 2), "quotation comments": (2, 0), "sets": (16, 16),
        "links": (1, 0), "graphs": (1, 0)}
    assert any(line.startswith("lien 1") for line in done.left_out)
    assert any(line.startswith("graphe 1") for line in done.left_out)
    # notes and sets as memos, written by the importing account, never the ATLAS.ti users
    memos = coding.memos(project, ADMIN)
    assert len(memos) == done.memos == 18 and {m.author for m in memos} == {"ana"}
    assert any(m.text.startswith("Research Plan\n\nday to day log") for m in memos)
    feelings = next(m for m in memos if "Feelings" in m.text and "Codes (6)" in m.text)
    assert "happiness" in feelings.text and "serene" in feelings.text
    events = repr(_audit(project))
    assert "Friedrich" not in events and "Petrausch" not in events
    assert not done.nothing_in


WINDOWS_EMOJI = ("E : Vous buvez quoi le soir 🍷 ?\r\n"
                 "P : Du vin 🍷🍷, deux ou trois verres, parfois plus quand je suis seule.\r\n"
                 "E : Et le week-end 😊 ?\r\n"
                 "P : Le week-end je sors avec les copines, on boit des bières au bar.\r\n")
PHRASES = ("deux ou trois verres", "parfois plus", "des bières au bar", "les copines",
           "le week-end", "Du vin")


@pytest.mark.parametrize("utf16", [False, True])
@pytest.mark.parametrize("lines", ["stored", "lf", "crlf"])
@pytest.mark.parametrize("bom", [False, True])
def test_each_way_of_counting_positions_is_recognised(utf16: bool, lines: str,
                                                      bom: bool) -> None:
    text = WINDOWS_EMOJI.replace("\r\n", "\n") if lines == "crlf" else WINDOWS_EMOJI

    def counted(index: int) -> int:  # the position the tool writes for text[index]
        before = text[:index]
        pos = index + bom
        if utf16:
            pos += sum(ord(ch) > 0xFFFF for ch in before)
        if lines == "lf":
            pos -= before.count("\r\n")
        elif lines == "crlf":
            pos += before.count("\n")
        return pos

    spans = [(counted(text.rindex(p)), counted(text.rindex(p) + len(p))) for p in PHRASES]
    read = position_reading(text, bom, spans)
    assert [text[read(s):read(e)] for s, e in spans] == list(PHRASES)
    assert read == reading(text, utf16=utf16, lines=lines, bom=bom) or [
        text[read(s):read(e)] for s, e in spans] == list(PHRASES)  # an equivalent reading


PIECES = ["a", "é", " ", ",", "\n", "\r\n", "🍷", "😊", "x"]


@settings(max_examples=60, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=40), utf16=st.booleans(),
       lines=st.sampled_from(["stored", "lf", "crlf"]), bom=st.booleans())
def test_a_reading_finds_every_character_where_the_tool_counted_it(
        pieces: list[str], utf16: bool, lines: str, bom: bool) -> None:
    text = "".join(pieces)
    if lines == "crlf":
        text = text.replace("\r", "")
    read = reading(text, utf16=utf16, lines=lines, bom=bom)
    pos = int(bom)
    for i, ch in enumerate(text + "$"):  # "$": the end of the text
        counted_cr = not (lines == "lf" and ch == "\r" and text[i + 1:i + 2] == "\n")
        if counted_cr:
            assert read(pos + (lines == "crlf" and ch == "\n")) == i
        pos += (0 if not counted_cr else 2 if utf16 and ord(ch) > 0xFFFF
                else 2 if lines == "crlf" and ch == "\n" else 1)
    assert read(pos + 5) == -1 and (not bom or read(0) == -1)


def _qdpx(qde: str, files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CODE = str(uuid.uuid4())
ARTICLE = ("Boire moins : ce que disent les études\n\n"
           "Word: consommation\nNote: les chiffres sont de 2019.\n\n"
           "Les médecins généralistes voient chaque semaine des patients qui boivent trop, "
           "et la plupart ne le disent pas. Le docteur Caradec raconte comment il en parle.\n")
OTHER_STUDY = ("E : Vous pouvez vous présenter ?\n"
               "P : Je suis aide-soignante, je bois depuis longtemps.\n"
               "Mireille : Elle boit surtout le soir, je le vois bien.\n"
               "E : Et vous en avez parlé à quelqu'un ?\n"
               "P : Au médecin, oui, il m'a écoutée.\n")


def _selection(text: str, phrase: str, comment: str = "") -> str:
    start = text.index(phrase)
    desc = f"<Description>{comment}</Description>" if comment else ""
    return (f'<PlainTextSelection guid="{uuid.uuid4()}" startPosition="{start}" '
            f'endPosition="{start + len(phrase)}">{desc}<Coding guid="{uuid.uuid4()}">'
            f'<CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>')


def _mixed_project() -> bytes:
    """An article (a bare file name for its text), another study's transcript with a speaker
    the study does not know, a commented quotation, a set and a link."""
    article, other = str(uuid.uuid4()), str(uuid.uuid4())
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Mélange" origin="QualCoder 3.5">
  <Users><User guid="{uuid.uuid4()}" name="Jeanne Martin"/></Users>
  <CodeBook><Codes><Code guid="{CODE}" name="Consommation" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="{article}" name="Article" plainTextPath="article.txt">
      {_selection(ARTICLE, "voient chaque semaine des patients", "à citer")}
    </TextSource>
    <TextSource guid="{other}" name="Autre étude" plainTextPath="internal://{other}.txt">
      {_selection(OTHER_STUDY, "Elle boit surtout le soir")}
    </TextSource>
  </Sources>
  <Links><Link guid="{uuid.uuid4()}" name="voir" originGUID="{article}" targetGUID="{other}"
    direction="Associative"/></Links>
  <Sets><Set guid="{uuid.uuid4()}" name="Lectures"><MemberSource targetGUID="{article}"/>
    <MemberCode targetGUID="{CODE}"/></Set></Sets>
</Project>"""
    return _qdpx(qde, {"sources/article.txt": ARTICLE.encode("utf-8"),
                       f"sources/{other}.txt": OTHER_STUDY.encode("utf-8")})


def test_sources_that_are_not_this_studys_interviews_come_in(project) -> None:
    done = import_qdpx(project, _mixed_project(), "melange.qdpx", PASS, ADMIN)
    assert [(s.name, s.status, s.document_kind) for s in done.sources] == [
        ("Article", "imported", "text"), ("Autre étude", "imported", "interview")]
    docs = {d.name: project.document(d.id) for d in project.documents()}
    article = docs["Article"]
    assert "Word: consommation" in article.text and "Caradec" not in article.text
    assert [t.role for t in article.turns] == [Role.NOTE]
    # an unknown speaker is a third speaker, and her label (a name) is pseudonymised
    other = docs["Autre étude"]
    third = [t for t in other.turns if t.role is Role.THIRD]
    assert len(third) == 1 and "Mireille" not in other.text
    assert other.text[third[0].start:third[0].end].endswith("je le vois bien.")
    quotes = {d: [c.quote for c in coding.codings(project, ADMIN, docs[d].id)] for d in docs}
    assert quotes == {"Article": ["voient chaque semaine des patients"],
                      "Autre étude": ["Elle boit surtout le soir"]}
    # the quotation's comment is a memo on its coding; the set a memo; the link listed
    memos = {(m.target_kind, m.text) for m in coding.memos(project, ADMIN)}
    article_coding = coding.codings(project, ADMIN, article.id)[0]
    assert ("coding", "à citer") in {(k, t) for k, t in memos}
    assert any(m.target_id == str(article_coding.id)
               for m in coding.memos(project, ADMIN, "coding"))
    assert any(k == "project" and "Lectures" in t and "Article" in t for k, t in memos)
    assert any(line.startswith("lien 1 (Associative) : d'un élément TextSource à un élément "
                               "TextSource")
               for line in done.left_out)
    assert {m.author for m in coding.memos(project, ADMIN)} == {"ana"}


def test_an_empty_codebook_exports_valid_refi_qda(project, reviewed) -> None:
    for p in (project, reviewed):  # no document, then documents without any code
        with zipfile.ZipFile(io.BytesIO(to_qdpx(p, ADMIN))) as archive:
            qde = archive.read("project.qde").decode("utf-8")
        xmlschema.XMLSchema(str(XSD)).validate(qde)
        assert "<Codes" not in qde


@pytest.mark.parametrize("lying", [False, True])
def test_an_oversized_member_is_refused_before_it_fills_memory(project, monkeypatch,
                                                               lying: bool) -> None:
    from tupsalco.refi import xml

    monkeypatch.setattr(xml, "MAX_SOURCE_FILE", 1000)
    source = str(uuid.uuid4())
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="T"><Sources><TextSource '
           f'guid="{source}" name="Gros" plainTextPath="internal://{source}.txt"/></Sources>'
           f'</Project>')
    data = _qdpx(qde, {f"sources/{source}.txt": b"E : oui.\n" * 1000})
    if lying:  # the zip's directory says 10 bytes: the member is read with the cap anyway
        data = _lie_about_size(data, f"sources/{source}.txt".encode(), 9000, 10)
    done = import_qdpx(project, data, "gros.qdpx", PASS, ADMIN)
    assert done.sources[0].status == "left out"
    assert f"sources/{source}.txt" in done.sources[0].why
    assert project.documents() == []
    monkeypatch.setattr(xml, "MAX_PROJECT_FILE", 100)
    with pytest.raises(ExchangeError, match="project.qde de l'archive dépasse 100 octets"):
        import_qdpx(project, data, "gros.qdpx", PASS, ADMIN)


def _lie_about_size(data: bytes, member: bytes, real: int, said: int) -> bytes:
    """The archive with ``member``'s uncompressed size written as ``said`` in its local
    header and in the central directory."""
    old, new = real.to_bytes(4, "little"), said.to_bytes(4, "little")
    out = bytearray(data)
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = out.find(signature)
        while at >= 0:
            if out[at + name_at:at + name_at + len(member)] == member:
                assert out[at + size_at:at + size_at + 4] == old
                out[at + size_at:at + size_at + 4] = new
            at = out.find(signature, at + 4)
    return bytes(out)


def test_the_cli_fails_on_a_file_that_brings_nothing_in(project, tmp_path: Path,
                                                        monkeypatch) -> None:
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    monkeypatch.setenv("TUPSALCO_PASSPHRASE", PASS)
    empty = tmp_path / "vide.qdpx"
    empty.write_bytes(_qdpx(
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="T"><Sources><PDFSource '
        f'guid="{uuid.uuid4()}" name="Article.pdf" path="internal://a.pdf"/></Sources>'
        f'</Project>', {}))
    runner = CliRunner()
    done = runner.invoke(app, ["qdpx", "import", str(project.folder), str(empty), "-u", "ana"])
    assert done.exit_code == 1 and "rien de ce fichier n'est entré dans le projet" in done.output
    assert "Article.pdf" in done.output
    atlas = runner.invoke(app, ["qdpx", "import", str(project.folder), str(ATLAS), "-u", "ana"])
    assert atlas.exit_code == 0, atlas.output  # its codebook, notes and sets come in
    assert "[Personne 1].docx" in atlas.output
    assert re.search(r"^codages +0 sur 16 dans le fichier", atlas.output, re.M), atlas.output
    assert "Simon" not in atlas.output


def test_a_pdfs_text_representation_comes_in_with_its_text_codings(project) -> None:
    pdf, rep = str(uuid.uuid4()), str(uuid.uuid4())
    text = ("Recommandations de bonne pratique. Le repérage précoce et l'intervention brève "
            "sont proposés en soins primaires à toute personne qui boit plus de dix verres "
            "par semaine.")
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="T">
  <CodeBook><Codes><Code guid="{CODE}" name="Repérage" isCodable="true"/></Codes></CodeBook>
  <Sources><PDFSource guid="{pdf}" name="Recommandations.pdf" path="internal://{pdf}.pdf">
    <PDFSelection guid="{uuid.uuid4()}" page="0" firstX="1" firstY="1" secondX="9" secondY="9">
      <Coding guid="{uuid.uuid4()}"><CodeRef targetGUID="{CODE}"/></Coding></PDFSelection>
    <Representation guid="{rep}" plainTextPath="internal://{rep}.txt">
      {_selection(text, "l'intervention brève", "la définition à reprendre")}
    </Representation></PDFSource></Sources></Project>"""
    done = import_qdpx(project, _qdpx(qde, {f"sources/{rep}.txt": text.encode()}), "r.qdpx",
                       PASS, ADMIN)
    [source] = done.sources
    assert (source.status, source.document_kind, source.codings_in_file,
            source.codings_imported) == ("imported", "text", 2, 1)
    assert any("1 codage(s) de zones de la source (un PDF)" in line for line in done.left_out)
    [c] = coding.codings(project, ADMIN)
    assert c.quote == "l'intervention brève"
    assert [(m.target_kind, m.target_id, m.text) for m in coding.memos(project, ADMIN)] == [
        ("coding", str(c.id), "la définition à reprendre")]
