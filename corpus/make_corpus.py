"""Build the fictional demo corpus from `corpus/source/` (see `source/SPEC.md`).

    python corpus/make_corpus.py [OUT_DIR]

Writes the transcripts (.docx with bold or prefixed speaker labels, .txt exports in
Windows-1252 with CRLF, timestamps and abbreviated labels), the observation notes, the
participants sheet (.csv and .xlsx) and two gold files whose offsets point into the text the
workbench reads from each document (turn texts joined by newlines, labels and timestamps out):
- gold.jsonl: every planted identifier {document, start, end, type, text}
- keep.jsonl: every marked domain term {document, start, end, text}
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import docx
import openpyxl

from tupsalco.pseudonymise.evaluate import parse_marked

HERE = Path(__file__).parent
SOURCE = HERE / "source"
LABEL = re.compile(r"^([^\s:][^:]{0,24}?) : (.*)$")
INTERVIEWER = {"Enquêtrice"}
PARTICIPANT = {"Patient", "Patiente", "MG", "Psy", "TS", "Coordinatrice"}


@dataclass
class Spans:
    text: str
    marks: list[tuple[int, int, str, str]] = field(default_factory=list)


def strip_markup(line: str) -> Spans:
    text, spans = parse_marked(line)
    return Spans(text, [(s, e, t, text[s:e]) for s, e, t in spans])


def read_source(path: Path) -> tuple[dict[str, str], list[str]]:
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    meta = {k.strip(): v.strip() for k, v in
            (line.split(":", 1) for line in head.splitlines() if ":" in line)}
    return meta, [line.strip() for line in body.splitlines() if line.strip()]


def interview_turns(lines: list[str]) -> list[tuple[str, list[Spans]]]:
    turns: list[tuple[str, list[Spans]]] = []
    for line in lines:
        m = LABEL.match(line)
        if m:
            turns.append((m.group(1), [strip_markup(m.group(2).strip())]))
        else:
            turns[-1][1].append(strip_markup(line))
    return turns


def document_gold(name: str, paragraphs: list[Spans]) -> tuple[str, list[dict], list[dict]]:
    """The text the workbench reads (paragraphs joined by newlines) and the gold spans."""
    gold, keep, offset, texts = [], [], 0, []
    for para in paragraphs:
        for start, end, type_, value in para.marks:
            record = {"document": name, "start": offset + start, "end": offset + end,
                      "text": value}
            if type_ == "KEEP":
                keep.append(record)
            else:
                gold.append({**record, "type": type_})
        texts.append(para.text)
        offset += len(para.text) + 1
    return "\n".join(texts), gold, keep


def write_interview(path: Path, out: Path) -> tuple[str, str, list[dict], list[dict]]:
    meta, lines = read_source(path)
    pid, fmt = meta["participant"], meta["format"]
    turns = interview_turns(lines)
    if fmt == "txt-cp1252":
        name = f"{pid}.txt"
        rows, seconds = [], 4
        for label, paras in turns:
            short = "E" if label in INTERVIEWER else "P" if label in PARTICIPANT else label
            stamp = f"[{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}]"
            rows.append(f"{stamp} {short} : {paras[0].text}")
            rows += [p.text for p in paras[1:]]
            seconds += 7 + 3 * len(" ".join(p.text for p in paras)) // 40
        header = f"Transcription {pid} - export du logiciel de transcription\r\n\r\n"
        (out / name).write_bytes((header + "\r\n".join(rows) + "\r\n").encode("cp1252"))
        # the header line is a preamble paragraph before the first turn
        paragraphs = [strip_markup(f"Transcription {pid} - export du logiciel de transcription")]
    else:
        name = f"{pid}.docx"
        document = docx.Document()
        for label, paras in turns:
            p = document.add_paragraph()
            if fmt == "docx-bold":
                run = p.add_run(f"{label} :")
                run.bold = True
                p.add_run(f" {paras[0].text}")
            else:
                p.add_run(f"{label} : {paras[0].text}")
            for extra in paras[1:]:
                document.add_paragraph(extra.text)
        document.save(out / name)
        paragraphs = []
    turn_texts = [_join(paras) for _, paras in turns]
    text, gold, keep = document_gold(name, paragraphs + turn_texts)
    return name, text, gold, keep


def _join(paras: list[Spans]) -> Spans:
    """Paragraphs of one turn, joined by newlines, as one span list."""
    text, marks, offset = [], [], 0
    for para in paras:
        marks += [(s + offset, e + offset, t, v) for s, e, t, v in para.marks]
        text.append(para.text)
        offset += len(para.text) + 1
    return Spans("\n".join(text), marks)


def write_observation(path: Path, out: Path) -> tuple[str, str, list[dict], list[dict]]:
    meta, lines = read_source(path)
    i = next(n for n, line in enumerate(lines) if line.startswith("Notes :"))
    header, body = lines[:i + 1], [strip_markup(line) for line in lines[i + 1:]]
    if meta["format"] == "docx-prefix":
        name = f"{path.stem}.docx"
        document = docx.Document()
        for line in header:
            document.add_paragraph(line)
        for para in body:
            document.add_paragraph(para.text)
        document.save(out / name)
    else:
        name = f"{path.stem}.txt"
        (out / name).write_text("\n".join(header + [p.text for p in body]) + "\n",
                                encoding="utf-8")
    text, gold, keep = document_gold(name, body)
    return name, text, gold, keep


def write_participants(out: Path) -> None:
    shutil.copyfile(SOURCE / "participants.csv", out / "participants.csv")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "participants"
    with open(SOURCE / "participants.csv", encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            sheet.append(row)
    book.save(out / "participants.xlsx")


def build(out: Path = HERE) -> dict[str, str]:
    """Write the corpus into ``out``; returns {document name: text the workbench reads}."""
    (out / "interviews").mkdir(parents=True, exist_ok=True)
    (out / "observations").mkdir(parents=True, exist_ok=True)
    texts: dict[str, str] = {}
    gold: list[dict] = []
    keep: list[dict] = []
    for src in sorted((SOURCE / "interviews").glob("*.txt")):
        name, text, g, k = write_interview(src, out / "interviews")
        texts[name], gold, keep = text, gold + g, keep + k
    for src in sorted((SOURCE / "observations").glob("*.txt")):
        name, text, g, k = write_observation(src, out / "observations")
        texts[name], gold, keep = text, gold + g, keep + k
    write_participants(out)
    for fname, records in (("gold.jsonl", gold), ("keep.jsonl", keep)):
        with open(out / fname, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return texts


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    written = build(target)
    print(f"{len(written)} documents written to {target}")
