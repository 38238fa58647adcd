from __future__ import annotations

import io
import uuid
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from typer.testing import CliRunner

from tupsalco import coding
from tupsalco.cli import app
from tupsalco.errors import ExchangeError, PermissionDeniedError
from tupsalco.project import Project
from tupsalco.records import AccountRole, Viewer
from tupsalco.refi import import_qdpx, to_qdc, to_qdpx

from .conftest import ANA, PASS, PASSWORD, ROOT, SHEET, member

XSD = ROOT / "tupsalco" / "refi" / "schemas" / "Project.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}
ADMIN = Viewer("admin", AccountRole.ADMIN)


def _unzip(data: bytes) -> tuple[ET.Element, dict[str, str], str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        qde = archive.read("project.qde").decode("utf-8")
        texts = {n: archive.read(n).decode("utf-8") for n in archive.namelist()
                 if n.startswith("sources/")}
    return ET.fromstring(qde), texts, qde


def test_export_is_valid_refi_qda_and_every_selection_is_its_quote(demo_project, sheet) -> None:
    root, texts, qde = _unzip(to_qdpx(demo_project, ADMIN))
    xmlschema.XMLSchema(str(XSD)).validate(qde)
    assert root.get("basePath") is None  # no local folder leaves with the file
    codes = {c.id: c for c in coding.codebook(demo_project).codes}
    guid_to_code = {c.guid: c.id for c in codes.values()}
    seen = Counter()
    for source in root.iterfind(".//q:TextSource", NS):
        text = texts[source.get("plainTextPath").replace("internal://", "sources/")]
        doc = next(d for d in demo_project.documents() if d.name == source.get("name"))
        assert text == demo_project.document(doc.id).text
        for sel in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            ref = sel.find("q:Coding/q:CodeRef", NS).get("targetGUID")
            seen[(doc.name, guid_to_code[ref], text[start:end])] += 1
    expected = Counter((d.name, c.code_id, c.quote) for d in demo_project.documents()
                       for c in coding.codings(demo_project, ADMIN, d.id))
    assert seen == expected and sum(seen.values()) == len(coding.codings(demo_project, ADMIN))
    # the codebook carries the same GUIDs as the .qdc export
    qdc = ET.fromstring(to_qdc(coding.codebook(demo_project)))
    assert {e.get("guid") for e in qdc.iter("{urn:QDA-XML:codebook:1.0}Code")} == {
        e.get("guid") for e in root.iterfind(".//q:Code", NS)}
    # cases carry the participants' attributes under their study ids, never their names
    variables = {v.get("guid"): v.get("name") for v in root.iterfind(".//q:Variable", NS)}
    values = {case.get("name"): {
        variables[v.find("q:VariableRef", NS).get("targetGUID")]: v.find("q:TextValue", NS).text
        for v in case.iterfind("q:VariableValue", NS)} for case in root.iterfind(".//q:Case", NS)}
    assert values
    for p in sheet.participants:
        if p.id in values:
            assert values[p.id]["profession"] == p.profession
            assert values[p.id]["tranche d'âge"] == p.age_band
            assert values[p.id]["lieu d'exercice"] == p.setting
    everything = qde + "".join(texts.values())
    for first, last in sheet.names.values():
        assert f"{first} {last}" not in everything


def test_export_is_the_same_twice(demo_project) -> None:
    one, two = to_qdpx(demo_project, ADMIN), to_qdpx(demo_project, ADMIN)
    strip = lambda qde: qde.split("creationDateTime", 1)[0] + qde.split('">', 1)[1]  # noqa: E731
    assert strip(_unzip(one)[2]) == strip(_unzip(two)[2])


@pytest.mark.parametrize("role", [AccountRole.COMMITTEE, AccountRole.AUTHOR])
def test_only_researchers_export_the_project(demo_project, role: AccountRole) -> None:
    with pytest.raises(PermissionDeniedError):
        to_qdpx(demo_project, Viewer("x", role))


def test_a_blind_coder_exports_their_own_codings(coded) -> None:
    doc = coded.documents()[0].id
    coding.code_turn(coded, member(coded, "lea"), doc, 1, ["strategies"])
    coding.code_turn(coded, member(coded, "max"), doc, 0, ["tensions"])
    coded.set_blind(ANA, True)
    root, _, _ = _unzip(to_qdpx(coded, Viewer("lea", AccountRole.CODER)))
    users = [u.get("name") for u in root.iterfind(".//q:User", NS)]
    assert users == ["lea"] and len(root.findall(".//q:PlainTextSelection", NS)) == 1


def test_round_trip_through_qdpx(demo_project, tmp_path: Path) -> None:
    data = to_qdpx(demo_project, ADMIN)
    other = Project.create(tmp_path / "other", PASS, vault_path=tmp_path / "k.vault",
                           admin=(ADMIN.username, PASSWORD))
    other.import_participants(ADMIN, ROOT / "corpus" / "participants.csv", PASS)
    done = import_qdpx(other, data, "demo.qdpx", PASS, ADMIN)
    assert done.left_out == ()
    assert {r.status for r in done.documents} == {"imported"}, [r.error for r in done.documents]
    # observation notes stay notes, with their header (it travels as the source's variables)
    shape = lambda p: sorted((d.name, d.kind, d.header, d.participant) for d in p.documents())  # noqa: E731
    assert shape(other) == shape(demo_project)
    labels = {c.id: c.label for c in coding.codebook(demo_project).codes}
    labels_there = {c.id: c.label for c in coding.codebook(other).codes}

    def content(project: Project, names: dict[str, str], coders: dict[str, list[str]]
                ) -> Counter:
        return Counter((d.name, d.participant.id if d.participant else None, names[c.code_id],
                        c.quote, coders.get(c.coder, [c.coder])[0])
                       for d in project.documents()
                       for c in coding.codings(project, ADMIN, d.id))

    # the demo's coders have no account in the other project: each is an "externe-N" there,
    # and only the key tells who
    assert {c.coder for c in coding.codings(other, ADMIN)} <= {
        f"externe-{n}" for n in range(1, 10)}
    _, keys = other.open_vault(PASS)
    assert content(other, labels_there, keys.originals) == content(demo_project, labels, {})
    assert done.codings == len(coding.codings(other, ADMIN)) == len(
        coding.codings(demo_project, ADMIN))
    assert done.codes_added == len(labels)
    # importing it again adds nothing
    again = import_qdpx(other, data, "demo.qdpx", PASS, ADMIN)
    assert again.codes_added == 0 and {r.status for r in again.documents} == {"unchanged"}
    assert len(coding.codings(other, ADMIN)) == done.codings


# What another tool writes: Windows line endings, speaker labels and timestamps in the text,
# GUIDs in braces, a project file not named project.qde, a home folder in basePath, a PDF,
# a source whose text stayed on the author's disk, a selection past the end of its text.
TEXT = ("Enquêtrice : Et le docteur, il vous aide ?\r\n"
        "Patiente : [00:03:12] Oui. Le docteur Caradec m'a envoyée au groupe de parole.\r\n"
        "\r\n"
        "Patiente : Et je bois moins, deux verres le soir.\r\n")
SOURCE = str(uuid.uuid4()).upper()
ALICE, BOB = str(uuid.uuid4()), str(uuid.uuid4())
CODE_A, CODE_B = str(uuid.uuid4()), str(uuid.uuid4())
NOTE_PROJECT, NOTE_DOC, NOTE_CODE = (str(uuid.uuid4()) for _ in range(3))


def _other_tool_qdpx() -> bytes:
    def at(fragment: str) -> tuple[int, int]:
        start = TEXT.index(fragment)
        return start, start + len(fragment)

    whole_turn = at("Patiente : [00:03:12] Oui. Le docteur Caradec m'a envoyée au groupe de "
                    "parole.")
    words = at("je bois moins")
    label_only = at("Enquêtrice : ")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Terrain" origin="another tool"
         basePath="C:\\Users\\jdupont\\Documents\\Terrain">
  <Users><User guid="{{{ALICE}}}" name="Alice"/><User guid="{BOB}" name="Bob"/></Users>
  <CodeBook><Codes>
    <Code guid="{{{CODE_A.upper()}}}" name="Orientation" isCodable="true" color="#00FF00">
      <NoteRef targetGUID="{NOTE_CODE}"/></Code>
    <Code guid="{CODE_B}" name="Consommation" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{{{SOURCE}}}" name="PAT01 entretien" plainTextPath="internal://{SOURCE}.txt"
                creatingUser="{ALICE}">
      <PlainTextSelection guid="{uuid.uuid4()}" startPosition="{whole_turn[0]}"
                          endPosition="{whole_turn[1]}" creatingUser="{ALICE}">
        <Coding guid="{uuid.uuid4()}" creatingUser="{ALICE}">
          <CodeRef targetGUID="{CODE_A}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{uuid.uuid4()}" startPosition="{words[0]}"
                          endPosition="{words[1]}" creatingUser="{BOB}">
        <Coding guid="{uuid.uuid4()}" creatingUser="{BOB}"><CodeRef targetGUID="{CODE_B}"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{uuid.uuid4()}" startPosition="{label_only[0]}"
                          endPosition="{label_only[1]}">
        <Coding guid="{uuid.uuid4()}"><CodeRef targetGUID="{CODE_B}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{uuid.uuid4()}" startPosition="10" endPosition="99999">
        <Coding guid="{uuid.uuid4()}"><CodeRef targetGUID="{CODE_B}"/></Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="{NOTE_DOC}"/>
    </TextSource>
    <TextSource guid="{uuid.uuid4()}" name="Entretien Octave VERMANDOIS">
      <PlainTextContent>E : Bonjour.
MG : Je travaille en centre de santé.</PlainTextContent>
    </TextSource>
    <PDFSource guid="{uuid.uuid4()}" name="Article.pdf" path="internal://a.pdf"/>
    <TextSource guid="{uuid.uuid4()}" name="Notes perso"
                plainTextPath="absolute://C:/Users/jdupont/notes.txt"/>
  </Sources>
  <Notes>
    <Note guid="{NOTE_PROJECT}" name="Journal" creatingUser="{BOB}">
      <PlainTextContent>Relancer Zoéline Brunchard pour le second entretien.</PlainTextContent>
    </Note>
    <Note guid="{NOTE_DOC}" name="Contexte">
      <PlainTextContent>Entretien au cabinet.</PlainTextContent></Note>
    <Note guid="{NOTE_CODE}" name="Définition" creatingUser="{ALICE}">
      <PlainTextContent>Orientation vers un autre professionnel.</PlainTextContent></Note>
  </Notes>
  <NoteRef targetGUID="{NOTE_PROJECT}"/>
</Project>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Terrain.qde", qde.encode("utf-8"))
        archive.writestr(f"sources/{SOURCE}.txt", TEXT.encode("utf-8"))
    return buffer.getvalue()


def test_imports_another_tools_project(project, tmp_path: Path) -> None:
    done = import_qdpx(project, _other_tool_qdpx(), "terrain.qdpx", PASS, ANA)
    assert done.codes_added == 2
    # a source named after its interviewee comes in under the participant's study id
    assert [(r.name, r.status) for r in done.documents] == [
        ("PAT01 entretien", "imported"), ("Entretien MG01", "imported")]
    named = next(d for d in project.documents() if d.name == "Entretien MG01")
    assert named.participant is not None and named.participant.id == "MG01"
    doc = next(d for d in project.documents() if d.name == "PAT01 entretien")
    assert doc.participant is not None and doc.participant.id == "PAT01"
    text = project.document(doc.id).text
    assert "Caradec" not in text and "Enquêtrice :" not in text and "00:03" not in text
    # the other tool's users are no accounts here: "externe-N", the key knowing who
    _, keys = project.open_vault(PASS)
    made = {(c.code_id, keys.originals[c.coder][0]): c
            for c in coding.codings(project, ANA, doc.id)}
    assert set(made) == {("orientation", "Alice"), ("consommation", "Bob")}
    assert {c.coder for c in made.values()} == {"externe-1", "externe-2"}
    turn = made[("orientation", "Alice")]
    # the selection began on the speaker label: the coding holds the turn's words, with the
    # doctor's name pseudonymised, and its offsets are the quote's in the stored text
    assert turn.quote.startswith("Oui. Le docteur [Personne") and turn.quote.endswith(
        "au groupe de parole.")
    assert text[turn.start:turn.end] == turn.quote
    assert made[("consommation", "Bob")].quote == "je bois moins"
    left = "\n".join(done.left_out)
    assert "Article.pdf" in left and "Notes perso" in left and "99999" in left
    assert "un nom de locuteur·rice" in left  # the selection of the interviewer's label alone
    assert "jdupont" not in left  # a path naming someone's folder is not repeated
    # notes become memos on what they pointed to, pseudonymised like the texts
    memos = {(m.target_kind, m.target_id): m for m in coding.memos(project, ANA)}
    assert done.memos == 3 and set(memos) == {("project", ""), ("document", str(doc.id)),
                                              ("code", "orientation")}
    # written by the importing account: the other tool's user names are people's names
    assert {m.author for m in memos.values()} == {"ana"}
    assert "Brunchard" not in memos[("project", "")].text
    assert "[Personne" in memos[("project", "")].text
    # a note's title is its memo's first line
    assert memos[("code", "orientation")].text == (
        "Définition\n\nOrientation vers un autre professionnel.")
    with project.db.session() as s:
        from tupsalco.store import repository as repo

        events = repo.audit_events(s)
    assert "jdupont" not in repr(events) and "Caradec" not in repr(events)
    assert {e.actor for e in events if e.action == "add_memo"} == {"ana"}


def test_a_wrong_passphrase_changes_nothing(project) -> None:
    from tupsalco.errors import WrongPassphraseError

    with pytest.raises(WrongPassphraseError):
        import_qdpx(project, _other_tool_qdpx(), "terrain.qdpx", "pas la bonne", ANA)
    assert coding.codebook(project).codes == () and project.documents() == []


def test_a_reimport_adds_nothing(project) -> None:
    data = _other_tool_qdpx()
    import_qdpx(project, data, "terrain.qdpx", PASS, ANA)
    before, memos = coding.codings(project, ANA), coding.memos(project, ANA)
    again = import_qdpx(project, data, "terrain.qdpx", PASS, ANA)
    assert again.codes_added == 0 and {r.status for r in again.documents} == {"unchanged"}
    assert coding.codings(project, ANA) == before
    assert again.memos == 0 and coding.memos(project, ANA) == memos


def test_two_sources_of_one_name_both_come_in_with_their_own_codings(project) -> None:
    def source(text: str, phrase: str) -> str:
        start = text.index(phrase)
        return (f'<TextSource guid="{uuid.uuid4()}" name="Entretien"><PlainTextContent>{text}'
                f'</PlainTextContent><PlainTextSelection guid="{uuid.uuid4()}" '
                f'startPosition="{start}" endPosition="{start + len(phrase)}">'
                f'<Coding guid="{uuid.uuid4()}"><CodeRef targetGUID="{CODE_B}"/></Coding>'
                f'</PlainTextSelection></TextSource>')

    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="T"><CodeBook><Codes>'
           f'<Code guid="{CODE_B}" name="Consommation" isCodable="true"/></Codes></CodeBook>'
           f'<Sources>{source("P : Je bois du vin.", "du vin")}'
           f'{source("P : Je bois de la bière.", "de la bière")}</Sources></Project>')
    done = import_qdpx(project, qde.encode(), "t.qde", PASS, ANA)
    assert [(r.name, r.status) for r in done.documents] == [
        ("Entretien", "imported"), ("Entretien (2)", "imported")]
    quotes = {d.name: [c.quote for c in coding.codings(project, ANA, d.id)]
              for d in project.documents()}
    assert quotes["Entretien"] == ["du vin"] and quotes["Entretien (2)"] == ["de la bière"]


@pytest.mark.parametrize(("data", "hint"), [
    (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "pas un projet REFI-QDA"),
    (b"<Project", "XML mal formé"),
    (b'<?xml version="1.0"?><!DOCTYPE P [<!ENTITY a "b">]><Project name="&a;"/>', "entités"),
])
def test_bad_project_files_get_a_clear_error(project, data: bytes, hint: str) -> None:
    with pytest.raises(ExchangeError) as err:
        import_qdpx(project, data, "bad.qdpx", PASS, ANA)
    assert str(err.value).startswith("bad.qdpx : ") and hint in str(err.value)
    assert project.documents() == []


def test_cli_exports_and_imports_a_project(coded, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    monkeypatch.setenv("TUPSALCO_PASSPHRASE", PASS)
    coding.code_turn(coded, ANA, coded.documents()[0].id, 1, ["strategies"])
    out = tmp_path / "out.qdpx"
    runner = CliRunner()
    coding.add_memo(coded, ANA, "project", "", "Penser au second terrain.", PASS)
    done = runner.invoke(app, ["qdpx", "export", str(coded.folder), "-u", "ana", "--out",
                               str(out)])
    assert done.exit_code == 0, done.output
    assert len(_unzip(out.read_bytes())[0].findall(".//q:PlainTextSelection", NS)) == 1
    sheet = tmp_path / "participants.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    fresh = Project.create(tmp_path / "fresh", PASS, vault_path=tmp_path / "f.vault",
                           admin=(ANA.username, PASSWORD))
    fresh.import_participants(ANA, sheet, PASS)
    done = runner.invoke(app, ["qdpx", "import", str(fresh.folder), str(out), "-u", "ana"])
    assert done.exit_code == 0, done.output
    assert "2 document(s) importé(s) avec 1 codage(s)" in done.output
    assert [c.quote for c in coding.codings(fresh, ANA)] == [
        c.quote for c in coding.codings(coded, ANA)]
    assert [(m.target_kind, m.text) for m in coding.memos(fresh, ANA)] == [
        ("project", "Penser au second terrain.")]


WINDOWS = ("E : Vous buvez quoi, le soir ?\r\n"
           "P : Du vin, deux ou trois verres, parfois plus quand je suis seule.\r\n"
           "E : Et le week-end ?\r\n"
           "P : Le week-end je sors avec les copines, on boit des bières au bar.\r\n"
           "E : Vous en avez parlé au médecin ?\r\n"
           "P : Oui, il m'a orientée vers la psychologue de la maison de santé.\r\n")
PHRASES = ("deux ou trois verres", "parfois plus", "des bières au bar", "la psychologue",
           "maison de santé", "le week-end")


@pytest.mark.parametrize("counting", ["as stored", "line feeds only", "with the BOM",
                                      "CRLF the export dropped"])
def test_positions_are_read_as_the_tool_counted_them(counting: str) -> None:
    from tupsalco.refi.project_import import position_reading

    text = WINDOWS.replace("\r\n", "\n") if counting == "CRLF the export dropped" else WINDOWS
    spans = []
    for phrase in PHRASES:
        start = text.rindex(phrase)
        end = start + len(phrase)
        if counting == "line feeds only":  # the tool counted after turning CRLF into LF
            start, end = start - text[:start].count("\r"), end - text[:end].count("\r")
        elif counting == "with the BOM":
            start, end = start + 1, end + 1
        elif counting == "CRLF the export dropped":  # it counted the CRs the file lost
            start, end = start + text[:start].count("\n"), end + text[:end].count("\n")
        spans.append((start, end))
    read = position_reading(text, counting == "with the BOM", spans)
    assert [text[read(s):read(e)] for s, e in spans] == list(PHRASES)


def test_a_tool_that_counted_line_feeds_only_is_understood(project) -> None:
    lf = WINDOWS.replace("\r\n", "\n")
    selections = "".join(
        f'<PlainTextSelection guid="{uuid.uuid4()}" startPosition="{lf.rindex(p)}" '
        f'endPosition="{lf.rindex(p) + len(p)}"><Coding guid="{uuid.uuid4()}">'
        f'<CodeRef targetGUID="{CODE_B}"/></Coding></PlainTextSelection>' for p in PHRASES)
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="T"><CodeBook><Codes>'
           f'<Code guid="{CODE_B}" name="Consommation" isCodable="true"/></Codes></CodeBook>'
           f'<Sources><TextSource guid="{SOURCE}" name="PAT01" '
           f'plainTextPath="internal://{SOURCE}.txt">{selections}</TextSource></Sources>'
           f'</Project>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{SOURCE}.txt", WINDOWS.encode("utf-8"))
    done = import_qdpx(project, buffer.getvalue(), "lf.qdpx", PASS, ANA)
    assert done.left_out == ()
    assert sorted(c.quote for c in coding.codings(project, ANA)) == sorted(PHRASES)


# -- each transcript format, through a project and back ------------------------------------------

FORMATS_DATA = ROOT / "tests" / "data" / "formats"
TXT = ("Enquêtrice : [00:00:02] Vous buvez depuis quand ?\r\n"
       "Patient : [00:00:05] Depuis mes vingt ans, surtout le soir avec les collègues.\r\n"
       "Enquêtrice : Et aujourd'hui ?\r\n"
       "Patient : Je vois la psychologue le mardi, et le docteur m'a donné du baclofène.\r\n")


def _format_file(suffix: str, tmp_path: Path) -> Path:
    if suffix == "docx":
        from .conftest import transcript

        return transcript(tmp_path / "PAT04.docx", [
            ("Enquêtrice", "Qui vous a parlé de la microstructure ?"),
            ("Patiente", "Ma généraliste. Au début j'avais honte, je buvais seule le soir."),
            ("Enquêtrice", "Et maintenant ?"),
            ("Patiente", "Je vois la psychologue toutes les semaines, ça m'aide beaucoup.")])
    if suffix == "txt":
        path = tmp_path / "PAT03.txt"
        path.write_bytes(TXT.encode("cp1252"))
        return path
    return next(FORMATS_DATA.glob(f"*.{suffix}"))


@pytest.mark.parametrize("suffix", ["trs", "cha", "eaf", "vtt", "srt", "odt", "pdf", "docx",
                                    "txt"])
def test_each_format_round_trips_through_qdpx_with_its_codings(suffix: str,
                                                               tmp_path: Path) -> None:
    """Import a transcript of each format, code it (whole turns and words inside a turn, two
    coders), export the project, import that into a fresh project: the same document with
    the same participant, the same codes on the same quotes by the same coders."""
    from .conftest import BOOK

    def fresh(name: str) -> Project:
        p = Project.create(tmp_path / name, PASS, vault_path=tmp_path / f"{name}.vault",
                           admin=(ADMIN.username, PASSWORD))
        p.import_participants(ADMIN, ROOT / "corpus" / "participants.csv", PASS)
        return p

    source = fresh("source")
    (result,) = source.import_files(ADMIN, [_format_file(suffix, tmp_path)], PASS)
    assert result.status == "imported", result.error
    document = source.document(result.document_id)
    coding.import_codebook(source, ADMIN, BOOK)
    other = member(source, "codeuse", "coder")
    spoken = [t for t in document.turns if document.text[t.start:t.end].strip()]
    assert spoken, suffix
    for i, turn in enumerate(spoken[:4]):
        coding.code_turn(source, ADMIN if i % 2 == 0 else other, document.id, turn.index,
                         ["strategies"])
    longest = max(spoken, key=lambda t: t.end - t.start)
    words = document.text[longest.start:longest.end].split()
    inner = " ".join(words[1:4])
    start = document.text.index(inner, longest.start)
    coding.add_coding(source, other, document.id, ["objectifs_reduction"], start,
                      start + len(inner))

    def content(project: Project) -> Counter:
        labels = {c.id: c.label for c in coding.codebook(project).codes}
        return Counter((d.name, d.participant.id if d.participant else None,
                        labels[c.code_id], c.quote, c.coder)
                       for d in project.documents()
                       for c in coding.codings(project, ADMIN, d.id))

    expected = content(source)
    assert sum(expected.values()) == min(len(spoken), 4) + 1
    target = fresh("target")
    member(target, "codeuse", "coder")  # the team's accounts keep their names as coders
    done = import_qdpx(target, to_qdpx(source, ADMIN), "projet.qdpx", PASS, ADMIN)
    assert [r.status for r in done.documents] == ["imported"], done.documents
    assert content(target) == expected
    back = target.document(target.documents()[0].id)
    assert back.text == document.text
