"""Check corpus sources against SPEC.md: `python corpus/source/check.py [FILE...]`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
TYPES = {"PER", "LOC", "ADDRESS", "ORG", "PHONE", "EMAIL", "NIR", "DATE", "KEEP"}
LABELS = {
    "Enquêtrice", "Patient", "Patiente", "MG", "Psy", "TS", "Coordinatrice",
    "Conjoint", "Conjointe", "Fille", "Fils", "Interprète",
}
MARKUP = re.compile(r"\{([A-Z]+):([^{}|]+)\}")
LABEL = re.compile(r"^([^\s:][^:]{0,24}?) : ")


def check(path: Path) -> list[str]:
    problems: list[str] = []
    raw = path.read_text(encoding="utf-8")
    head, sep, body = raw.partition("\n---\n")
    if not sep:
        return [f"{path}: missing '---' after the header"]
    meta = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
    fmt = meta.get("format", "").strip()
    lines = [line for line in body.splitlines() if line.strip()]
    try:
        MARKUP.sub(lambda m: m.group(2), body).encode("cp1252")
    except UnicodeEncodeError as exc:
        problems.append(f"{path}: character not in Windows-1252: {exc.object[exc.start:exc.end]!r}")
    for n, line in enumerate(lines, 1):
        stripped = MARKUP.sub("", line)
        if "{" in stripped or "}" in stripped or "|" in stripped:
            problems.append(f"{path}: line {n}: malformed markup")
        for m in MARKUP.finditer(line):
            if m.group(1) not in TYPES:
                problems.append(f"{path}: line {n}: unknown type {m.group(1)}")
            if m.group(2) != m.group(2).strip():
                problems.append(f"{path}: line {n}: spaces inside markup {m.group(0)!r}")
    if path.parent.name == "interviews":
        if fmt not in {"docx-bold", "docx-prefix", "txt-cp1252"}:
            problems.append(f"{path}: bad format {fmt!r}")
        turns = 0
        for n, line in enumerate(lines, 1):
            m = LABEL.match(line)
            if m and m.group(1) in LABELS:
                turns += 1
            elif n == 1:
                problems.append(f"{path}: first line has no known speaker label")
        if turns < 15:
            problems.append(f"{path}: only {turns} speaker turns (need >= 15)")
        kinds = {m.group(1) for m in MARKUP.finditer(body)}
        print(f"{path.name}: {turns} turns, {len(body.split())} words, markup {sorted(kinds)}")
    else:
        if fmt not in {"docx-prefix", "txt-utf8"}:
            problems.append(f"{path}: bad format {fmt!r}")
        for key in ("Date :", "Site :", "Activité :", "Présents :", "Notes :"):
            if not any(line.startswith(key) for line in lines):
                problems.append(f"{path}: header field {key!r} missing")
        print(f"{path.name}: {len(body.split())} words")
    return problems


if __name__ == "__main__":
    files = [Path(a) for a in sys.argv[1:]] or sorted(HERE.glob("*/*.txt"))
    all_problems = [p for f in files for p in check(f)]
    print("\n".join(all_problems) or "OK")
    sys.exit(1 if all_problems else 0)
