"""Quotations out: Word in the study's citation style, CSV, IRaMuTeQ, and ``tupsalco quotes``.

Every attribution in a written file is checked against the participants sheet (the ``sheet``
fixture), recomputed here, not with the library's attribution function."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pandas as pd
import pytest
from typer.testing import CliRunner

from tupsalco import basket, coding, explore
from tupsalco.errors import InputError
from tupsalco.explore import VerbatimFilter
from tupsalco.export import (
    from_basket,
    from_verbatims,
    iramuteq_corpus,
    quotes_table,
    write_csv,
    write_docx,
    write_iramuteq,
    write_quotes,
)
from tupsalco.records import AccountRole, Verbatim, Viewer

from .conftest import expected_attribution, member

AUTHOR = Viewer("redac-export-test", AccountRole.AUTHOR)
COMMITTEE = Viewer("comite", AccountRole.COMMITTEE)
NBSP = "\u00a0"
F = frozenset


def one_line(text: str) -> str:
    return " ".join(text.split())


def sheet_attribution(v: Verbatim, sheet) -> str:  # noqa: ANN001
    """The attribution of the participant whose document holds this coding."""
    return expected_attribution(sheet.get(Path(v.document).stem))


def names_pattern(sheet) -> re.Pattern[str]:  # noqa: ANN001
    names = {w for pair in sheet.names.values() for w in pair if w}
    assert len(names) > 30  # first and last names of 21 people
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                      + r")\b")


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist()
                       if n.endswith((".xml", ".rels")))


def check_quotation(paragraph, text: str, attribution: str) -> None:  # noqa: ANN001
    """« + nbsp, the verbatim in italics, nbsp + », then (attribution) upright."""
    assert paragraph.text.startswith(f"«{NBSP}"), paragraph.text[:20]
    runs = paragraph.runs
    italic = [r for r in runs if r.italic]
    assert [r.text for r in italic] == [text]
    i = runs.index(italic[0])
    before = "".join(r.text for r in runs[:i])
    after = "".join(r.text for r in runs[i + 1:])
    assert before == f"«{NBSP}"
    assert after == f"{NBSP}» {attribution}"
    assert all(not r.italic for r in runs[i + 1:])  # the attribution stands upright
    assert re.fullmatch(r"\([^()]+\)", attribution)
    assert paragraph.text == f"«{NBSP}{text}{NBSP}» {attribution}"


@pytest.fixture(scope="module")
def authored(demo_project) -> list[Verbatim]:  # noqa: ANN001
    items = list(explore.verbatims(demo_project, AUTHOR, with_turns=False).items)
    assert len(items) > 500
    return items


def test_the_docx_prints_every_verbatim_in_the_study_style(authored, sheet,
                                                           tmp_path: Path) -> None:  # noqa: ANN001,E501
    path = write_docx(from_verbatims(authored), tmp_path / "citations.docx")
    assert path.exists()
    paragraphs = docx.Document(str(path)).paragraphs
    assert len(paragraphs) == len(authored)
    for paragraph, v in zip(paragraphs, authored, strict=True):
        check_quotation(paragraph, one_line(v.text), sheet_attribution(v, sheet))
    printed = {p.text.rsplit(f"{NBSP}» ", 1)[1] for p in paragraphs}
    assert {"(MG, CDS)", "(patiente 20-35, CP)", "(TS, CP/CDS)", "(patient 45-65, CP)",
            "(présidente du CNRMS)"} <= printed
    xml = document_xml(path)
    found = names_pattern(sheet).findall(xml)
    assert not found, f"participant names in the document: {sorted(set(found))}"
    assert not re.search(r"\b(?:PAT|MG|PSY|TS|COO)0\d\b", xml)  # no participant id either


def test_the_docx_title_and_note_stay_out_of_the_quotations(authored, sheet,
                                                            tmp_path: Path) -> None:  # noqa: ANN001,E501
    some = [v for v in authored if v.theme_id == "acceptation"][:5]
    path = write_docx(from_verbatims(some), tmp_path / "acceptation.docx",
                      title="Une bonne acceptation des soins", note="relu par l'équipe")
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "Une bonne acceptation des soins"
    assert document.paragraphs[0].style.name.startswith("Heading")
    for paragraph, v in zip(document.paragraphs[1:], some, strict=True):
        check_quotation(paragraph, one_line(v.text), sheet_attribution(v, sheet))
    assert document.core_properties.comments == "relu par l'équipe"
    assert all("relu par" not in p.text for p in document.paragraphs)


@pytest.fixture
def my_basket(demo_project) -> Iterator:  # noqa: ANN001
    member(demo_project, AUTHOR.username, AUTHOR.role.value)
    basket.clear(demo_project, AUTHOR)
    yield demo_project
    basket.clear(demo_project, AUTHOR)


def test_the_docx_from_the_basket_keeps_trims_and_coarsened_attributions(
        my_basket, authored, sheet, tmp_path: Path) -> None:  # noqa: ANN001
    project = my_basket
    picks = {pid: next(v for v in authored if Path(v.document).stem == pid)
             for pid in ("PAT07", "MG04", "TS01", "COO03")}
    ids = {pid: basket.add(project, AUTHOR, v.coding_id) for pid, v in picks.items()}
    basket.coarsen(project, AUTHOR, ids["PAT07"], ["age_band", "setting"])
    basket.coarsen(project, AUTHOR, ids["MG04"], ["setting"])
    words = picks["TS01"].text.split()
    basket.trim(project, AUTHOR, ids["TS01"], f"{' '.join(words[:3])} [...]")
    basket.move(project, AUTHOR, ids["COO03"], -3)
    items = basket.items(project, AUTHOR)
    book = coding.codebook(project)
    by_id = {c.id: c for c in coding.codings(project, AUTHOR)}
    themes = {i.coding_id: (book.theme_of(by_id[i.coding_id].code_id),
                            by_id[i.coding_id].code_id) for i in items}
    path = write_docx(from_basket(items, themes), tmp_path / "panier.docx")
    paragraphs = docx.Document(str(path)).paragraphs
    expected = [
        (one_line(picks["COO03"].text), sheet_attribution(picks["COO03"], sheet)),
        (one_line(picks["PAT07"].text), "(patiente)"),
        (one_line(picks["MG04"].text), "(MG)"),
        (f"{' '.join(words[:3])} [...]", "(TS, CP/CDS)"),
    ]
    assert len(paragraphs) == len(expected)
    for paragraph, (text, attribution) in zip(paragraphs, expected, strict=True):
        check_quotation(paragraph, text, attribution)
    assert not names_pattern(sheet).search(document_xml(path))
    table = quotes_table(from_basket(items, themes))
    assert list(table["attributs retirés"]) == ["", "age_band/setting", "setting", ""]
    assert list(table["thème"]) == [themes[i.coding_id][0] for i in items]


def test_the_csv_reads_back_with_pandas(authored, sheet, tmp_path: Path) -> None:  # noqa: ANN001
    some = [v for v in authored if v.theme_id in ("tensions", "partenaires")]
    path = write_quotes(from_verbatims(some), tmp_path / "citations.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM: French Excel reads UTF-8
    table = pd.read_csv(path, sep=";", encoding="utf-8-sig", keep_default_na=False)
    assert list(table.columns) == ["verbatim", "attribution", "thème", "code",
                                   "attributs retirés", "suggéré par"]
    assert list(table["verbatim"]) == [one_line(v.text) for v in some]
    assert list(table["attribution"]) == [sheet_attribution(v, sheet) for v in some]
    assert list(table["thème"]) == [v.theme_id for v in some]
    assert list(table["code"]) == [v.code_id for v in some]
    assert set(table["attributs retirés"]) == {""}
    assert not names_pattern(sheet).search(path.read_text("utf-8-sig"))


@pytest.mark.parametrize("name", ["citations.xlsx", "citations.txt", "citations", "c.DOC"])
def test_write_quotes_wants_docx_or_csv(authored, tmp_path: Path, name: str) -> None:  # noqa: ANN001,E501
    with pytest.raises(InputError, match=r"\.docx ou \.csv"):
        write_quotes(from_verbatims(authored[:2]), tmp_path / name)
    assert not (tmp_path / name).exists()


def test_write_quotes_picks_word_by_extension(authored, tmp_path: Path) -> None:  # noqa: ANN001
    path = write_quotes(from_verbatims(authored[:3]), tmp_path / "c.DOCX")
    assert len(docx.Document(str(path)).paragraphs) == 3
    csv = write_csv(from_verbatims(authored[:3]), tmp_path / "c.csv")
    assert len(pd.read_csv(csv, sep=";", encoding="utf-8-sig")) == 3


def test_committee_verbatims_cannot_be_exported(demo_project) -> None:  # noqa: ANN001
    items = explore.verbatims(demo_project, COMMITTEE,
                              VerbatimFilter(themes=F({"coordination"}))).items
    assert items
    with pytest.raises(InputError, match="pas d.attribution"):
        from_verbatims(items)


STAR_LINE = re.compile(r"\*\*\*\* (\*[A-Za-z0-9_]+)( \*[A-Za-z0-9_]+)*")


def parse_corpus(corpus: str) -> list[tuple[list[str], str]]:
    lines = [line for line in corpus.splitlines() if line.strip()]
    assert len(lines) % 2 == 0
    blocks = []
    for star, text in zip(lines[::2], lines[1::2], strict=True):
        assert STAR_LINE.fullmatch(star), star
        assert not text.startswith("****") and "*" not in text
        blocks.append((star.split()[1:], text))
    return blocks


def test_the_iramuteq_corpus_has_one_starred_block_per_passage(authored, sheet,
                                                                tmp_path: Path) -> None:  # noqa: ANN001,E501
    # one verbatim with stars in its text: they would open variables in IRaMuTeQ
    starred = authored[0].replace(text="il a dit *vraiment* ** non", start=None, end=None)
    items = [starred, *authored]
    path = write_iramuteq(items, tmp_path / "corpus.txt")
    corpus = path.read_text("utf-8")
    assert corpus == iramuteq_corpus(items)
    # a second coder's coding of a passage already there adds no text (IRaMuTeQ counts each)
    assert iramuteq_corpus([*items, authored[1].replace(coder="un-autre")]) == corpus
    blocks = parse_corpus(corpus)
    once = [p.verbatim for p in explore.passages(authored)]  # the demo's two coders: once
    assert len(blocks) == len(once) + 1 < len(items)
    assert blocks[0][1] == "il a dit vraiment non"
    for (tokens, text), v in zip(blocks[1:], once, strict=True):
        assert text == one_line(v.text).replace("*", "")
        p = sheet.get(Path(v.document).stem)
        variables = dict(t[1:].split("_", 1) for t in tokens)
        assert variables["theme"] == v.theme_id and variables["code"] == v.code_id
        assert variables["type"] == "interview"
        assert variables["prof"] == p.profession
        assert variables["lieu"] == "_".join(p.settings)  # CP/CDS -> CP_CDS
        assert variables["age"] == p.age_band.replace("-", "_")
        assert variables["sexe"] == p.sex
        assert all(" " not in t and t.count("*") == 1 for t in tokens)
    assert not names_pattern(sheet).search(corpus)


# -- the command line ----------------------------------------------------------------------------

def run_quotes(demo_project, user: str, password: str, *args: str  # noqa: ANN001
               ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUPSALCO_PASSWORD": password}
    return subprocess.run([sys.executable, "-m", "tupsalco.cli", "quotes",
                           str(demo_project.folder), *args, "-u", user],
                          capture_output=True, text=True, timeout=300, env=env)


def selection(demo_project, theme: str, profession: str) -> list[Verbatim]:  # noqa: ANN001
    return list(explore.verbatims(demo_project, AUTHOR, VerbatimFilter(
        codes=F({theme}), professions=F({profession})), with_turns=False).items)


def test_cli_quotes_writes_the_docx(demo_project, sheet, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "f.docx"
    done = run_quotes(demo_project, "auteur", "demo-auteur", "--theme", "coordination",
                      "--profession", "MG", "--out", str(out))
    assert done.returncode == 0, done.stderr
    expected = selection(demo_project, "coordination", "MG")
    assert f"{len(expected)} verbatim(s) écrit(s)" in done.stdout
    paragraphs = docx.Document(str(out)).paragraphs
    assert len(paragraphs) == len(expected) > 0
    for paragraph, v in zip(paragraphs, expected, strict=True):
        check_quotation(paragraph, one_line(v.text), sheet_attribution(v, sheet))
        assert paragraph.text.endswith(("(MG, CDS)", "(MG, CP)", "(MG, MSP)"))


def test_cli_quotes_writes_csv_by_extension(demo_project, sheet, tmp_path: Path) -> None:  # noqa: ANN001,E501
    out = tmp_path / "f.csv"
    done = run_quotes(demo_project, "auteur", "demo-auteur", "--theme", "objectifs",
                      "--profession", "patiente", "--out", str(out))
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    expected = selection(demo_project, "objectifs", "patiente")
    assert list(table["attribution"]) == [sheet_attribution(v, sheet) for v in expected]
    assert list(table["verbatim"]) == [one_line(v.text) for v in expected]


def test_cli_quotes_refuses_the_committee(demo_project, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "f.docx"
    done = run_quotes(demo_project, "comite", "demo-comite", "--theme", "coordination",
                      "--profession", "MG", "--out", str(out))
    assert done.returncode != 0
    assert "comité de pilotage" in done.stderr and "ne permet pas" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_cli_quotes_refuses_a_wrong_password(demo_project, tmp_path: Path) -> None:  # noqa: ANN001,E501
    out = tmp_path / "f.docx"
    done = run_quotes(demo_project, "auteur", "pas-le-bon", "--theme", "coordination",
                      "--out", str(out))
    assert done.returncode != 0 and "mot de passe incorrect" in done.stderr
    assert not out.exists()


def test_the_quotes_command_in_process(demo_project, sheet, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001,E501
    """The same command through Typer's runner: its logic, apart from how it is launched."""
    from tupsalco.cli import app

    runner = CliRunner()
    monkeypatch.setenv("TUPSALCO_PASSWORD", "demo-auteur")
    out = tmp_path / "g.docx"
    done = runner.invoke(app, ["quotes", str(demo_project.folder), "--theme", "tensions",
                               "--profession", "Psy", "--out", str(out), "-u", "auteur"])
    assert done.exit_code == 0, done.output
    expected = selection(demo_project, "tensions", "Psy")
    paragraphs = docx.Document(str(out)).paragraphs
    assert len(paragraphs) == len(expected) > 0
    for paragraph, v in zip(paragraphs, expected, strict=True):
        check_quotation(paragraph, one_line(v.text), sheet_attribution(v, sheet))
    txt = tmp_path / "g.txt"
    done = runner.invoke(app, ["quotes", str(demo_project.folder), "--theme", "tensions",
                               "--out", str(txt), "-u", "auteur"])
    assert done.exit_code == 0, done.output
    chosen = explore.verbatims(demo_project, AUTHOR, VerbatimFilter(codes=F({"tensions"}))).items
    once = explore.passages(chosen)  # a passage two coders coded: one text
    assert len(parse_corpus(txt.read_text("utf-8"))) == len(once) > 0
    assert len(once) < len(chosen)
    assert txt.read_bytes() == iramuteq_corpus(chosen).encode("utf-8")
    assert f"{len(once)} passage(s) écrit(s)" in done.output
    monkeypatch.setenv("TUPSALCO_PASSWORD", "demo-comite")
    refused = tmp_path / "h.docx"
    done = runner.invoke(app, ["quotes", str(demo_project.folder), "--theme", "tensions",
                               "--out", str(refused), "-u", "comite"])
    assert done.exit_code == 2 and not refused.exists()


def test_the_word_file_is_french_a4_with_a_title_and_the_project_as_author(
        authored, tmp_path: Path) -> None:  # noqa: ANN001
    from datetime import UTC, datetime

    from docx.oxml.ns import qn

    path = write_docx(from_verbatims(authored[:2]), tmp_path / "c.docx", author="Démo Tupsalco")
    document = docx.Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 25
    props = document.core_properties
    assert (props.author, props.title, props.language) == ("Démo Tupsalco", "Citations", "fr-FR")
    assert props.created.date() == datetime.now(UTC).date()
    langs = {el.get(qn("w:val")) for el in document.styles.element.iter(qn("w:lang"))}
    assert langs == {"fr-FR"}  # every style: French spell-check, never en-US
