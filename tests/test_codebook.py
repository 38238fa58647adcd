from __future__ import annotations

from pathlib import Path

import pytest

from tupsalco.codebook import (
    STUDY_THEMES,
    CodebookError,
    check_study_themes,
    dump_codebook,
    load_codebook,
)

from .conftest import ROOT

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
        ("codes:\n  - id: a\n    label: A\n  - id: a\n    label: B\n",
         "ligne 4 : id « a » en double"),
        ("codes:\n  - id: a\n    label: A\n    colour: red\n", "ligne 2 : clé(s) inconnue(s)"),
        ("codes:\n  - id: a\n    label: A\n    parent: b\n  - id: b\n    label: B\n    parent: a\n",
         "cycle"),
        ("codes:\n  - id: a\n    label: A\n    parent: zz\n", "qui n'est pas dans le codebook"),
        ("codes:\n  - id: A-1\n    label: A\n", "minuscules"),
        ("codes: [\n", "YAML invalide"),
        ("nom: x\ncodes: []\n", "clé(s) de premier niveau inconnue(s)"),
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


