"""Quotations out: Word in the study's citation style, CSV, and an IRaMuTeQ corpus."""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import docx
import docx.document
import pandas as pd
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .errors import InputError
from .records import BasketItem, DocumentKind, Participant, Verbatim

NBSP = "\u00a0"  # French typography: a non-breaking space inside « »
OPEN, CLOSE = f"«{NBSP}", f"{NBSP}»"


@dataclass(frozen=True, slots=True)
class Quotation:
    """A verbatim ready to print: its text (possibly trimmed) and its attribution."""

    text: str
    attribution: str
    theme: str = ""
    code: str = ""
    dropped: tuple[str, ...] = ()
    suggested_by: str = ""  # the model, when the coding was an accepted suggestion


def from_verbatims(items: Sequence[Verbatim]) -> list[Quotation]:
    out = []
    for v in items:
        if v.attribution is None:
            raise InputError("Ces verbatims n'ont pas d'attribution (vue du comité de "
                             "pilotage) : les citations sont exportées par les auteur·rices.")
        out.append(Quotation(_clean(v.text), v.attribution, v.theme_id, v.code_id,
                             suggested_by=v.suggested_by or ""))
    return out


def from_basket(items: Sequence[BasketItem], themes: dict[int, tuple[str, str]] | None = None
                ) -> list[Quotation]:
    themes = themes or {}
    return [Quotation(_clean(b.text), b.attribution, *themes.get(b.coding_id, ("", "")),
                      dropped=b.dropped) for b in items]


def _clean(text: str) -> str:
    """One line: a verbatim spanning turns keeps its words, not its line breaks (``split``
    cuts at what ``\\s`` matches, Unicode spaces included, in a fifth of ``re.sub``'s time)."""
    return " ".join(text.split())


def _french_a4(document: docx.document.Document, title: str, author: str) -> None:
    """What a French author expects of a new document: A4 with 2.5 cm margins, French as the
    language of every style (spell-check), a title, the project as author, today's date
    (python-docx's template says US Letter, en-US, "python-docx", 2013)."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(25))
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    for r_pr in [*styles.iter(qn("w:rPr")), *(defaults.iter(qn("w:rPr"))
                                               if defaults is not None else [])]:
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.append(lang)
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), "fr-FR")
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.language, props.created, props.modified = "fr-FR", now, now
    props.revision = 1


def write_docx(quotes: Sequence[Quotation], path: Path | io.BytesIO, title: str | None = None,
               note: str | None = None, author: str = "Tupsalco") -> Path | io.BytesIO:
    """One paragraph per quotation: « verbatim » in italics, then (attribution) upright, on
    French A4. ``note`` goes to the document's comments property (e.g. which attributions
    were coarsened), never into the quotations; ``author`` is the project's name."""
    document = docx.Document()
    _french_a4(document, title or "Citations", author)
    if title:
        document.add_heading(title, level=1)
    for q in quotes:
        p = document.add_paragraph()
        p.add_run(OPEN)
        run = p.add_run(q.text)
        run.italic = True
        p.add_run(CLOSE + " ")
        p.add_run(q.attribution)
        p.paragraph_format.space_after = Pt(8)
    if note:
        document.core_properties.comments = note
    if isinstance(path, io.BytesIO):
        document.save(path)
        return path
    path = Path(path)
    document.save(path)
    return path


def quotes_table(quotes: Sequence[Quotation]) -> pd.DataFrame:
    return pd.DataFrame([{"verbatim": q.text, "attribution": q.attribution, "thème": q.theme,
                          "code": q.code, "attributs retirés": "/".join(q.dropped),
                          "suggéré par": q.suggested_by}
                         for q in quotes],
                        columns=["verbatim", "attribution", "thème", "code",
                                 "attributs retirés", "suggéré par"])


def write_csv(quotes: Sequence[Quotation], path: Path) -> Path:
    path = Path(path)
    path.write_bytes(table_bytes(quotes_table(quotes), "csv"))
    return path


def write_quotes(quotes: Sequence[Quotation], path: Path, title: str | None = None,
                 note: str | None = None, author: str = "Tupsalco") -> Path:
    """Word or CSV by the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".docx":
        return write_docx(quotes, path, title, note, author)
    if suffix == ".csv":
        return write_csv(quotes, path)
    raise InputError(f"{Path(path).name} : les citations s'exportent dans un fichier "
                     ".docx ou .csv.", file=Path(path).name)


@functools.lru_cache(maxsize=4096)  # a corpus repeats a few themes, codes and attributes
def _modality(value: str) -> str:
    ascii_value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9A-Za-z]+", "_", ascii_value).strip("_") or "NA"


def iramuteq_corpus(items: Sequence[Verbatim]) -> str:
    """One text per passage and code under a starred line of its attributes, theme and code,
    as IRaMuTeQ (ALCESTE format) reads it: ``**** *theme_objectifs *prof_MG *lieu_CDS ...``,
    in the order of the passages' first verbatims. A passage several coders coded with the
    same code is written once (``Verbatim.passage_key``): IRaMuTeQ counts every text it
    reads, and the same words written once per coder would weigh as many times in its
    classes and counts. (The Explorer's file is made from the database by passage:
    ``explore.download_corpus``.)"""
    first = {}
    for v in items:
        first.setdefault(v.passage_key, v)
    return "\n".join(map(_iramuteq_block, first.values()))


def _iramuteq_block(v: Verbatim) -> str:
    return iramuteq_block(iramuteq_code_stars(v.theme_id, v.code_id) + " "
                          + iramuteq_source_stars(v.kind, v.participant), v.text)


def iramuteq_code_stars(theme_id: str, code_id: str) -> str:
    """The starred variables of a verbatim's theme and code."""
    return f"*theme_{_modality(theme_id)} *code_{_modality(code_id)}"


def iramuteq_source_stars(kind: DocumentKind, participant: Participant | None) -> str:
    """The starred variables of a verbatim's document: its type, its participant's
    attributes."""
    stars = [f"*type_{_modality(kind.value)}"]
    if participant is not None:
        p = participant
        stars += [f"*prof_{_modality(p.profession)}", f"*lieu_{_modality(p.setting)}",
                  f"*age_{_modality(p.age_band)}", f"*sexe_{_modality(p.sex)}"]
    return " ".join(stars)


def iramuteq_block(stars: str, text: str) -> str:
    """A verbatim's text under its starred line. A star opens a variable for IRaMuTeQ: none
    may remain in the text (removed before cleaning, so a removed star leaves no double
    space)."""
    return "**** " + stars + "\n" + _clean(text.replace("*", "")) + "\n"


def write_iramuteq(items: Sequence[Verbatim], path: Path) -> Path:
    path = Path(path)
    path.write_text(iramuteq_corpus(items), encoding="utf-8")
    return path


def table_bytes(table: pd.DataFrame, fmt: str, index: bool = False) -> bytes:
    """A table as CSV (UTF-8 with BOM, semicolons: what French Excel opens) or Excel bytes."""
    if fmt == "csv":
        return table.to_csv(index=index, sep=";").encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        table.to_excel(buffer, index=index)
        return buffer.getvalue()
    raise InputError(f"Format de tableau inconnu « {fmt} » : csv ou xlsx.")


def docx_bytes(quotes: Sequence[Quotation], title: str | None = None,
               note: str | None = None, author: str = "Tupsalco") -> bytes:
    buffer = io.BytesIO()
    write_docx(quotes, buffer, title, note, author)
    return buffer.getvalue()
