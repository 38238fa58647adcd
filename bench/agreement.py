"""Two people marking the same text: how far they agree, and the pipeline against each.

    python bench/agreement.py [--set test26] [--no-pipeline]

Issue 12's figures score the pipeline against one person's marks. This bench asks what those
marks are worth: the texts of a marked set (``bench/data/pseudo_SET``) were marked again, blind
and on their own, by someone who saw neither the first marks nor the code
(``bench/data/agreement/pseudo_SET``: identifiers only, no words to keep). Printed, with the
bench's own strict scoring (``evaluate.score``), aggregates only (the sets are held out):

- the second marker scored as a system against the first: recall per type, keep-rate of the
  first marker's words to keep, documents with no leak;
- the first marker scored against the second (recall);
- the pipeline against the first marks (the figure of ``bench/pseudonymise.py``), against the
  second, against the identifiers both marked (where they agree) and against those either
  marked (a word left in clear that one of two readers took for an identifier).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tupsalco.pseudonymise.evaluate import (  # noqa: E402
    STUDY_SITES,
    GoldSpan,
    Score,
    leaked,
    load_marked_folder,
    score,
)
from tupsalco.records import Entity  # noqa: E402

TYPES = ("PER", "LOC", "ORG", "ADDRESS", "PHONE", "EMAIL", "NIR", "DATE")


def marks_as_found(gold: Sequence[GoldSpan]) -> dict[str, list[Entity]]:
    """A marker's identifiers as a system's detections, document by document."""
    out: dict[str, list[Entity]] = {}
    for g in gold:
        out.setdefault(g.document, []).append(Entity(g.start, g.end, g.type))
    return out


def agreed(texts: Mapping[str, str], first: Sequence[GoldSpan], second: Sequence[GoldSpan]
           ) -> tuple[list[GoldSpan], list[GoldSpan]]:
    """The first marker's identifiers the second also marked whole (both), and those of either:
    the first's, with the second's that the first left in clear."""
    by_second = marks_as_found(second)
    by_first = marks_as_found(first)
    both = [g for g in first if not leaked(texts[g.document], g, by_second.get(g.document, []))]
    either = [*first, *(g for g in second
                        if leaked(texts[g.document], g, by_first.get(g.document, [])))]
    return both, either


def row(title: str, s: Score, keep: bool = True) -> str:
    cells = [f"{s.recall():.3f}"] + [f"{s.recall(t):.3f}" if s.total[t] else "—" for t in TYPES]
    ids = sum(s.total.values())
    return (f"| {title} | {ids} | " + " | ".join(cells)
            + f" | {f'{s.keep_rate:.3f}' if keep else '—'} | {s.clean_document_rate:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="test26")
    parser.add_argument("--no-pipeline", action="store_true",
                        help="only the two markers against each other")
    args = parser.parse_args()
    name = f"pseudo_{args.set}"
    texts, first, keep = load_marked_folder(ROOT / "bench/data" / name)
    again, second, _ = load_marked_folder(ROOT / "bench/data/agreement" / name)
    if again != texts:
        sys.exit(f"bench/data/agreement/{name}: its texts are not those of bench/data/{name} "
                 "(the second marking must keep the text character for character)")
    both, either = agreed(texts, first, second)
    print(f"{name}: {len(texts)} documents; first marker {len(first)} identifiers, "
          f"{len(keep)} words to keep; second marker {len(second)} identifiers; "
          f"marked by both {len(both)}, by either {len(either)}\n")
    header = ("| scored | against | identifiers | recall | " + " | ".join(TYPES)
              + " | keep-rate | documents with no leak |")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    print(row("second marker | first marks", score(texts, marks_as_found(second), first, keep)))
    print(row("first marker | second marks", score(texts, marks_as_found(first), second),
              keep=False))
    if args.no_pipeline:
        return
    from tupsalco.pseudonymise.engine import Pseudonymiser
    from tupsalco.pseudonymise.vault import KeyData

    began = time.perf_counter()
    engine = Pseudonymiser(KeyData("bench", participants={}), places=STUDY_SITES)
    names = list(texts)
    found = dict(zip(names, engine.detect([texts[n] for n in names]), strict=True))
    for title, gold in (("first marks", first), ("second marks", second),
                        ("marked by both", both), ("marked by either", either)):
        print(row(f"this workbench | {title}", score(texts, found, gold, keep)))
    print(f"\n(pipeline detection {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
