from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema

from tupsalco.codebook import (
    STUDY_THEMES,
    CodebookError,
    check_study_themes,
    dump_codebook,
    from_qdc,
    load_codebook,
    to_qdc,
)

from .conftest import ROOT

# the REFI-QDA schemas sit in shared/ beside the clone (as CI lays it out)
XSD = ROOT.parent / "shared" / "refi-qda" / "Codebook.xsd"
BOOK = ROOT / "codebooks" / "tupsalco.yaml"


def test_the_study_codebook() -> None:
    book = load_codebook(BOOK)
    check_study_themes(book)
    top = [c for c in book.codes if c.parent is None]
    assert [c.id for c in top] == list(STUDY_THEMES)
    for theme in top:
        subs = book.children(theme.id)
        assert len(subs) >= 3, theme.id
        assert theme.description and theme.lemmas and theme.examples
        assert all(book.theme_of(s.id) == theme.id for s in subs)
    assert len({c.color for c in top}) == 9


@pytest.mark.parametrize(
    ("body", "hint"),
    [
        ("codes:\n  - id: a\n    label: A\n  - id: a\n    label: B\n", "line 4: duplicate id 'a'"),
        ("codes:\n  - id: a\n    label: A\n    colour: red\n", "line 2: unknown key"),
        ("codes:\n  - id: a\n    label: A\n    parent: b\n  - id: b\n    label: B\n    parent: a\n",
         "cycle"),
        ("codes:\n  - id: a\n    label: A\n    parent: zz\n", "unknown parent"),
        ("codes:\n  - id: A-1\n    label: A\n", "lower-case"),
        ("codes: [\n", "not valid YAML"),
        ("nom: x\ncodes: []\n", "unknown top-level"),
    ],
)
def test_bad_codebooks_say_where(tmp_path: Path, body: str, hint: str) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert "book.yaml" in str(err.value) and hint in str(err.value)


def test_yaml_round_trip(tmp_path: Path) -> None:
    book = load_codebook(BOOK)
    path = tmp_path / "again.yaml"
    path.write_text(dump_codebook(book), encoding="utf-8")
    assert load_codebook(path).codes == book.codes


def test_qdc_export_is_valid_refi_qda_and_round_trips() -> None:
    assert XSD.exists(), f"{XSD}: the REFI-QDA schema is expected in shared/ beside the clone"
    book = load_codebook(BOOK)
    data = to_qdc(book)
    xmlschema.XMLSchema(str(XSD)).validate(data.decode("utf-8"))
    again = from_qdc(data, known=book.codes)
    assert [(c.id, c.label, c.parent, c.color, c.description) for c in again.codes] == sorted(
        [(c.id, c.label, c.parent, c.color, c.description) for c in book.codes],
        key=lambda t: [c.id for c in again.codes].index(t[0]))
    assert to_qdc(again) == data  # GUIDs are stable


def test_qdc_from_another_tool() -> None:
    other = b"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo">
  <Codes>
    <Code guid="{0A1B2C3D-1111-2222-3333-444455556666}" name="Stigmatisation des femmes"
          isCodable="true" color="#AA0000">
      <Description>Honte, minimisation.</Description>
      <Code guid="0a1b2c3d-1111-2222-3333-444455556667" name="Honte" isCodable="true"/>
    </Code>
  </Codes>
</CodeBook>"""
    book = from_qdc(other, "nvivo.qdc")
    assert [(c.id, c.parent) for c in book.codes] == [
        ("stigmatisation_des_femmes", None), ("honte", "stigmatisation_des_femmes")]
    assert book.codes[0].description == "Honte, minimisation."
    with pytest.raises(CodebookError, match="not well-formed"):
        from_qdc(b"<CodeBook", "broken.qdc")
