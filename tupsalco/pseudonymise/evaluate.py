"""Scoring a pseudonymiser against gold spans: recall where a partial leak is a leak.

An identifier counts as found only if every token of three or more letters in it (articles and
prepositions aside) is covered by detected spans. Precision counts
detected spans that overlap no gold identifier; the keep-rate
is the share of domain terms left untouched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..folding import fold
from ..records import Entity

_WORD = re.compile(r"[^\W\d_]{3,}|\d{2,}")
# articles and prepositions that a gold span may include ("les X", "des X")
# identify nobody: left in clear they are not a leak
FUNCTION_WORDS = frozenset({"les", "des", "aux", "sur", "sous", "chez", "dans", "une", "par"})
# the study's sites, as its participants sheet holds them (DOMAIN.md; corpus/participants.csv):
# the import passes a project's sites to its pseudonymiser (``Project.site_names``), and the
# benches and the training scripts pass these
STUDY_SITES = ("Bagnolet", "Marseille", "Pantin", "Strasbourg")


@dataclass(frozen=True, slots=True)
class GoldSpan:
    document: str
    start: int
    end: int
    type: str = ""


@dataclass
class Score:
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    leaks: list[GoldSpan] = field(default_factory=list)
    detected: int = 0
    false_positives: int = 0
    kept: int = 0
    keep_total: int = 0
    destroyed: list[GoldSpan] = field(default_factory=list)
    documents: int = 0
    clean_documents: int = 0
    doubts: int = 0  # detected spans flagged as doubts (the review's queue)
    doubts_on_identifiers: int = 0  # of which overlap a gold identifier

    def recall(self, type_: str | None = None) -> float:
        if type_ is None:
            found, total = sum(self.found.values()), sum(self.total.values())
        else:
            found, total = self.found[type_], self.total[type_]
        return found / total if total else 1.0

    @property
    def precision(self) -> float:
        return 1 - self.false_positives / self.detected if self.detected else 1.0

    @property
    def keep_rate(self) -> float:
        return self.kept / self.keep_total if self.keep_total else 1.0

    @property
    def clean_document_rate(self) -> float:
        return self.clean_documents / self.documents if self.documents else 1.0


def _covered(start: int, end: int, spans: Sequence[Entity]) -> bool:
    return any(e.start <= start and end <= e.end for e in spans)


def leaked(text: str, gold: GoldSpan, detected: Sequence[Entity],
           generic: frozenset[str] = frozenset()) -> bool:
    """True if a word of the identifier (3+ letters, or 2+ digits) is left in clear; with
    ``generic`` (folded category nouns: clinique, bar, rue...), such a noun left in clear is
    not counted ("la clinique des [Établissement 1]" names no clinic)."""
    words = [m for m in _WORD.finditer(text, gold.start, gold.end)
             if m.group(0).lower() not in FUNCTION_WORDS]
    # a mark made of category nouns only ('le Casino') is scored on all its words
    words = [m.span() for m in
             [w for w in words if fold(w.group(0)) not in generic] or words]
    return any(not _covered(s, e, detected) for s, e in words or [(gold.start, gold.end)])


def score(
    texts: Mapping[str, str],
    detected: Mapping[str, Sequence[Entity]],
    gold: Sequence[GoldSpan],
    keep: Sequence[GoldSpan] = (),
    generic: frozenset[str] = frozenset(),
) -> Score:
    """Strict by default: every word of a marked identifier must be replaced. ``generic``: see
    :func:`leaked`."""
    result = Score()
    by_doc: dict[str, list[GoldSpan]] = defaultdict(list)
    for g in gold:
        by_doc[g.document].append(g)
    for name, text in texts.items():
        ents = detected.get(name, [])
        doc_gold = by_doc.get(name, [])
        clean = True
        for g in doc_gold:
            result.total[g.type] += 1
            if leaked(text, g, ents, generic):
                result.leaks.append(g)
                clean = False
            else:
                result.found[g.type] += 1
        result.documents += 1
        result.clean_documents += clean
        result.detected += len(ents)
        for e in ents:
            if getattr(e, "doubt", False):
                result.doubts += 1
                result.doubts_on_identifiers += any(g.start < e.end and e.start < g.end
                                                    for g in doc_gold)
        result.false_positives += sum(
            not any(g.start < e.end and e.start < g.end for g in doc_gold) for e in ents
        )
    for k in keep:
        result.keep_total += 1
        ents = detected.get(k.document, [])
        if any(e.start < k.end and k.start < e.end for e in ents):
            result.destroyed.append(k)
        else:
            result.kept += 1
    return result


MARKUP = re.compile(r"\{([A-Z]+):([^{}|]+)\}")


def parse_marked(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Strip ``{TYPE:text}`` markup; returns the clean text and ``(start, end, type)`` spans."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    cursor = pos = 0
    for m in MARKUP.finditer(marked):
        out.append(marked[cursor:m.start()])
        pos += m.start() - cursor
        value = m.group(2)
        spans.append((pos, pos + len(value), m.group(1)))
        out.append(value)
        pos += len(value)
        cursor = m.end()
    out.append(marked[cursor:])
    return "".join(out), spans


def load_marked_documents(
    path: Path,
) -> tuple[dict[str, str], list[GoldSpan], list[GoldSpan]]:
    """An evaluation file: documents separated by blank lines, identifiers and kept terms
    marked. Returns texts by document name, gold identifiers and kept terms."""
    texts: dict[str, str] = {}
    gold: list[GoldSpan] = []
    keep: list[GoldSpan] = []
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))]
    for i, block in enumerate(b for b in blocks if b.strip()):
        name = f"{path.stem}:{i + 1}"
        text, spans = parse_marked(block)
        texts[name] = text
        for start, end, type_ in spans:
            (keep if type_ == "KEEP" else gold).append(GoldSpan(name, start, end, type_))
    return texts, gold, keep


def load_marked_folder(
    folder: Path,
) -> tuple[dict[str, str], list[GoldSpan], list[GoldSpan]]:
    """Every evaluation file of ``folder`` (``*.txt``, in name order), read as one set: its
    texts by document name, gold identifiers and kept terms."""
    texts: dict[str, str] = {}
    gold: list[GoldSpan] = []
    keep: list[GoldSpan] = []
    for path in sorted(folder.glob("*.txt")):
        t, g, k = load_marked_documents(path)
        texts.update(t)
        gold += g
        keep += k
    return texts, gold, keep
