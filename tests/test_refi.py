from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

import pytest
import xmlschema
from typer.testing import CliRunner

from tupsalco import coding
from tupsalco.cli import app
from tupsalco.codebook import Code, CodebookError, dump_codebook, load_codebook
from tupsalco.refi import from_qdc, to_qdc

from .conftest import ANA, PASSWORD, ROOT

# the REFI-QDA schemas, copied beside the exporter (a bare clone has them)
SCHEMAS = ROOT / "tupsalco" / "refi" / "schemas"
BOOK = ROOT / "codebooks" / "tupsalco.yaml"

# What a tool writes: GUIDs in braces and upper case, a Set (ATLAS.ti's code groups), colours
# with an alpha channel or none, a nested code, a description over several lines.
OTHER_TOOL = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="another tool">
  <Codes>
    <Code guid="{0A1B2C3D-1111-2222-3333-444455556666}" name="Stigmatisation des femmes"
          isCodable="true" color="#AA0000FF">
      <Description>Honte,
        minimisation.</Description>
      <Code guid="0a1b2c3d-1111-2222-3333-444455556667" name="Honte" isCodable="true"/>
    </Code>
    <Code guid="0a1b2c3d-1111-2222-3333-444455556668" name="  Sevrage   ambulatoire "
          isCodable="false"/>
  </Codes>
  <Sets>
    <Set guid="0a1b2c3d-1111-2222-3333-444455556669" name="Groupe">
      <MemberCode targetGUID="0a1b2c3d-1111-2222-3333-444455556667"/>
    </Set>
  </Sets>
</CodeBook>"""
EXPECTED = [("stigmatisation_des_femmes", None, "#AA0000", "Honte,\n        minimisation."),
            ("honte", "stigmatisation_des_femmes", "#888888", ""),
            ("sevrage_ambulatoire", None, "#888888", "")]


def _as_project(codebook_xml: str) -> bytes:
    body = codebook_xml.split("?>", 1)[1].replace(
        'xmlns="urn:QDA-XML:codebook:1.0" ', "")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" '
            f'name="Projet exporté" origin="another tool">{body}</Project>').encode()


def _qdpx(qde: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("sources/0a1b2c3d-1111-2222-3333-444455556670.txt", "texte")
    return buffer.getvalue()


def _variants() -> dict[str, bytes]:
    utf8 = OTHER_TOOL.encode("utf-8")
    return {
        "plain.qdc": utf8,
        "bom.qdc": b"\xef\xbb\xbf" + utf8,
        "utf16.qdc": OTHER_TOOL.replace('encoding="utf-8"', 'encoding="utf-16"')
        .encode("utf-16"),
        "no-namespace.qdc": OTHER_TOOL.replace(' xmlns="urn:QDA-XML:codebook:1.0"', "")
        .encode(),
        "prefixed.qdc": OTHER_TOOL.replace('xmlns="urn', 'xmlns:q="urn')
        .replace("<", "<q:").replace("<q:?", "<?").replace("<q:/", "</q:").encode(),
        "project.qde": _as_project(OTHER_TOOL),
        "project.qdpx": _qdpx(_as_project(OTHER_TOOL)),
    }


@pytest.mark.parametrize("name", list(_variants()))
def test_reads_what_other_tools_write(name: str) -> None:
    book = from_qdc(_variants()[name], name)
    assert [(c.id, c.parent, c.color, c.description) for c in book.codes] == EXPECTED
    assert [c.label for c in book.codes] == [
        "Stigmatisation des femmes", "Honte", "Sevrage ambulatoire"]
    # the other tool's GUIDs are kept, normalised, so its links survive the round trip
    assert book.codes[0].guid == "0a1b2c3d-1111-2222-3333-444455556666"
    assert book.codes[1].guid == "0a1b2c3d-1111-2222-3333-444455556667"


def test_export_is_valid_refi_qda_and_round_trips() -> None:
    assert SCHEMAS.exists(), f"{SCHEMAS}: the REFI-QDA schemas are expected beside the exporter"
    book = load_codebook(BOOK)
    data = to_qdc(book)
    xmlschema.XMLSchema(str(SCHEMAS / "Codebook.xsd")).validate(data.decode("utf-8"))
    again = from_qdc(data, known=book.codes)
    assert sorted((c.id, c.label, c.parent, c.color, c.description) for c in again.codes) == \
        sorted((c.id, c.label, c.parent, c.color, c.description) for c in book.codes)
    assert to_qdc(again) == data  # GUIDs are stable


def test_a_project_keeps_the_other_tools_guids_through_import_and_export(coded) -> None:
    added = coding.import_codebook(coded, ANA, from_qdc(OTHER_TOOL.encode(), "nvivo.qdc",
                                                   coding.codebook(coded).codes))
    assert added == 3
    out = to_qdc(coding.codebook(coded))
    xmlschema.XMLSchema(str(SCHEMAS / "Codebook.xsd")).validate(out.decode("utf-8"))
    text = out.decode("utf-8")
    for guid in ("0a1b2c3d-1111-2222-3333-444455556666", "0a1b2c3d-1111-2222-3333-444455556667",
                 "0a1b2c3d-1111-2222-3333-444455556668"):
        assert f'guid="{guid}"' in text
    # importing the same file again, or its upper-case-GUID twin, adds nothing
    again = from_qdc(OTHER_TOOL.encode(), "nvivo.qdc", coding.codebook(coded).codes)
    assert coding.import_codebook(coded, ANA, again) == 0


def test_a_code_is_matched_by_name_under_its_parent_when_the_guid_differs(coded) -> None:
    known = coding.codebook(coded).codes
    theme = next(c for c in known if c.parent is None)
    renamed_tool = f"""<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
      <Code guid="{uuid.uuid4()}" name="{theme.label.upper()}" isCodable="true">
        <Code guid="{uuid.uuid4()}" name="Nouveau sous-code" isCodable="true"/>
      </Code></Codes></CodeBook>"""
    book = from_qdc(renamed_tool.encode(), "atlas.qdc", known)
    assert [(c.id, c.parent) for c in book.codes] == [
        (theme.id, None), ("nouveau_sous_code", theme.id)]
    assert coding.import_codebook(coded, ANA, book) == 1
    assert coding.codebook(coded).by_id["nouveau_sous_code"].parent == theme.id


def test_a_new_code_never_takes_a_known_codes_id() -> None:
    known = [Code("honte", "Honte ressentie", None)]
    book = from_qdc(OTHER_TOOL.encode(), "other.qdc", known)
    # "Honte" sits under another parent here, so it is a new code and gets its own id
    assert [c.id for c in book.codes] == ["stigmatisation_des_femmes", "honte_2",
                                          "sevrage_ambulatoire"]


def test_yaml_keeps_an_imported_guid(tmp_path: Path) -> None:
    book = from_qdc(OTHER_TOOL.encode(), "other.qdc")
    path = tmp_path / "book.yaml"
    path.write_text(dump_codebook(book), encoding="utf-8")
    assert [c.guid for c in load_codebook(path).codes] == [c.guid for c in book.codes]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0a1b2c3d-1111-2222-3333-444455556666"
 name="&c;"/></Codes></CodeBook>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0a1b2c3d-1111-2222-3333-444455556666"
 name="&x;"/></Codes></CodeBook>"""


@pytest.mark.parametrize(("data", "hint"), [
    (b"<CodeBook", "ligne 1 : XML mal formé"),
    (BILLION_LAUGHS, "entités"),
    (EXTERNAL, "entités"),
    (b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>', "pas de CodeBook"),
    (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "pas d'élément Codes"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "pas un fichier REFI-QDA"),
    (b"<Document/>", "élément racine Document"),
    (b'<CodeBook><Codes><Code guid="0a1b2c3d-1111-2222-3333-444455556666"/></Codes></CodeBook>',
     "le code 1 sous Codes n'a pas de nom"),
    (b'<CodeBook><Codes><Code guid="nope" name="A"/></Codes></CodeBook>', "GUID mal formé"),
    (b'<CodeBook><Codes><Code guid="0a1b2c3d-1111-2222-3333-444455556666" name="A"/>'
     b'<Code guid="{0A1B2C3D-1111-2222-3333-444455556666}" name="B"/></Codes></CodeBook>',
     "ont le même GUID"),
    (b"PK\x03\x04not really a zip", "archive .qdpx illisible"),
])
def test_bad_files_get_a_clear_error_naming_the_file(data: bytes, hint: str) -> None:
    with pytest.raises(CodebookError) as err:
        from_qdc(data, "bad.qdc")
    assert str(err.value).startswith("bad.qdc : ") and hint in str(err.value)
    assert "passwd" not in str(err.value) and "root:" not in str(err.value)


def test_an_archive_without_a_project_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("sources/a.txt", "texte")
    with pytest.raises(CodebookError, match="sans project.qde"):
        from_qdc(buffer.getvalue(), "empty.qdpx")


def test_cli_exports_and_imports_the_codebook(coded, tmp_path: Path, monkeypatch) -> None:

    monkeypatch.setenv("TUPSALCO_PASSWORD", PASSWORD)
    runner = CliRunner()
    out = tmp_path / "book.qdc"
    done = runner.invoke(app, ["codebook", "export", str(coded.folder), "-u", "ana",
                               "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert from_qdc(out.read_bytes()).codes == from_qdc(to_qdc(coding.codebook(coded))).codes
    other = tmp_path / "nvivo.qdc"
    other.write_text(OTHER_TOOL, encoding="utf-8")
    done = runner.invoke(app, ["codebook", "import", str(coded.folder), str(other), "-u", "ana"])
    assert done.exit_code == 0, done.output
    assert "3 code(s) ajouté(s)" in done.output
    assert "stigmatisation_des_femmes" in coding.codebook(coded).by_id
    bad = tmp_path / "bad.qdc"
    bad.write_bytes(BILLION_LAUGHS)
    before = coding.codebook(coded).codes
    done = runner.invoke(app, ["codebook", "import", str(coded.folder), str(bad), "-u", "ana"])
    assert done.exit_code == 2 and "bad.qdc" in done.output and "entités" in done.output
    assert coding.codebook(coded).codes == before
