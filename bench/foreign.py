"""Other tools' REFI-QDA projects into a fresh project: what comes in, and where it lands.

    python bench/foreign.py [FILE.qdpx ...]

By default the real exports of tests/data/foreign (NVivo for Windows 12.6, ATLAS.ti 8.4 Mac).
For each file: its sources, codes and codings, how many came in, and how many stored quotes
are the words the other tool's selection covers in the archive's own text (positions read
the way the import chose, surrogates such as ``[Personne 3]`` matching any words), and the
import's time (the French model is loaded before the clock starts).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tupsalco import coding  # noqa: E402
from tupsalco.ingest.files import decode_text  # noqa: E402
from tupsalco.project import Project  # noqa: E402
from tupsalco.pseudonymise.pipeline import load_pipeline  # noqa: E402
from tupsalco.pseudonymise.surrogates import SURROGATE  # noqa: E402
from tupsalco.records import AccountRole, Viewer  # noqa: E402
from tupsalco.refi import ProjectImport, import_qdpx  # noqa: E402
from tupsalco.refi.sources import find_member, position_reading  # noqa: E402

ADMIN = Viewer("bench", AccountRole.ADMIN)
PASS = "bench passphrase"
Q = "{urn:QDA-XML:project:1.0}"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _covers(quote: str, words: str) -> bool:
    pattern = ".+?".join(re.escape(_flat(piece)) for piece in SURROGATE.split(quote))
    return re.fullmatch(pattern, _flat(words), re.DOTALL) is not None


def matched_quotes(path: Path, project: Project) -> tuple[int, int]:
    """(selections whose text is in the archive, those whose stored quote is their words)."""
    archive = zipfile.ZipFile(path)
    qde = next(n for n in archive.namelist() if n.lower().endswith(".qde"))
    root = ET.fromstring(archive.read(qde))
    code_names = {e.get("guid", "").lower(): e.get("name") for e in root.iter(f"{Q}Code")}
    labels = {c.id: c.label for c in coding.codebook(project).codes}
    documents = {d.name: d.id for d in project.documents()}
    checked = matched = 0
    for source in root.iter(f"{Q}TextSource"):
        member = find_member(archive, (source.get("plainTextPath") or "").partition("://")[2])
        if member is None or source.get("name") not in documents:
            continue
        raw = archive.read(member)
        text = decode_text(Path(member), raw)
        selections = [(int(s.get("startPosition")), int(s.get("endPosition")), s)
                      for s in source.iter(f"{Q}PlainTextSelection")]
        read = position_reading(text, raw.startswith(b"\xef\xbb\xbf"),
                                [(a, b) for a, b, _ in selections])
        quotes = Counter((labels[c.code_id], c.quote)
                         for c in coding.codings(project, ADMIN, documents[source.get("name")]))
        for start, end, sel in selections:
            words = text[read(start):read(end)]
            for c in sel.iter(f"{Q}CodeRef"):
                checked += 1
                code = code_names.get(c.get("targetGUID", "").lower().strip("{}"))
                quote = next((q for (k, q), n in quotes.items()
                              if n and k == code and _covers(q, words)), None)
                if quote is not None:
                    quotes[(code, quote)] -= 1
                    matched += 1
    return checked, matched


def report(path: Path, done: ProjectImport, seconds: float, checked: int, matched: int) -> None:
    tallies = {t.what: t for t in done.tallies}
    print(f"\n{path.name}")
    for what in ("sources", "codes", "codings"):
        t = tallies[what]
        print(f"  {what:9} {t.in_file:4} in the file, {t.imported:4} imported")
    print(f"  quotes    {matched:4} of {checked} checked against the archive's text")
    print(f"  time      {seconds:.1f} s")
    for s in done.sources:
        extra = f"; {s.document_kind}, {s.language}; {s.reading}" if s.document_kind else ""
        print(f"    {s.status:9} {s.codings_imported:3}/{s.codings_in_file:<3} {s.name}{extra}")
    for t in done.tallies:
        if t.what not in ("sources", "codes", "codings") and t.in_file:
            print(f"    {t.what}: {t.imported} of {t.in_file} ({t.how})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path,
                        default=sorted((ROOT / "tests" / "data" / "foreign").glob("*.qdpx")))
    args = parser.parse_args()
    load_pipeline()
    for path in args.files:
        with tempfile.TemporaryDirectory() as tmp:
            project = Project.create(Path(tmp) / "p", PASS, vault_path=Path(tmp) / "k.vault",
                                     admin=(ADMIN.username, "bench-mot-de-passe"))
            started = time.perf_counter()
            done = import_qdpx(project, path.read_bytes(), path.name, PASS, ADMIN)
            seconds = time.perf_counter() - started
            report(path, done, seconds, *matched_quotes(path, project))
            project.close()


if __name__ == "__main__":
    main()
