"""Segment matching as MAXQDA's intercoder agreement does it, at segment level.

For each code and document, every segment of each of the two coders is checked for a segment
of the same code by the other coder that overlaps it enough: the overlap is the intersection
of the two segments over the area they cover together (their union), and must reach the
threshold (MAXQDA's default 90 %). Segments of both coders are checked, so a matched pair
counts twice, once from each side, and a segment nobody matched counts once as a
disagreement. Percentage agreement is agreements / segments. Kappa is Brennan & Prediger's
(1981) kappa_n as MAXQDA computes it: chance agreement is 1 / (number of codes in the table),
every code being equally likely; there is no "neither coded" cell at segment level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int]


def overlap(a: Span, b: Span) -> float:
    """Intersection over union of two spans, 0 to 1."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union


@dataclass(frozen=True, slots=True)
class SegmentCount:
    code: str
    agreements: int
    disagreements: int

    @property
    def total(self) -> int:
        return self.agreements + self.disagreements

    @property
    def agreement(self) -> float:
        return self.agreements / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class SegmentAgreement:
    rows: tuple[SegmentCount, ...]
    min_overlap: float

    @property
    def agreements(self) -> int:
        return sum(r.agreements for r in self.rows)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    @property
    def observed(self) -> float:
        """Percentage agreement over all segments of all codes (MAXQDA's P observed)."""
        return self.agreements / self.total if self.total else float("nan")

    @property
    def chance(self) -> float:
        """1 / number of codes in the table (Brennan & Prediger)."""
        return 1.0 / len(self.rows) if self.rows else float("nan")

    @property
    def kappa(self) -> float:
        """Brennan & Prediger's kappa_n; undefined with fewer than two codes."""
        if len(self.rows) < 2 or not self.total:
            return float("nan")
        return (self.observed - self.chance) / (1.0 - self.chance)


def _matched(mine: Sequence[Span], theirs: Sequence[Span], min_overlap: float) -> int:
    return sum(1 for a in mine if any(overlap(a, b) >= min_overlap for b in theirs))


def segment_agreement(codings: Sequence[tuple[int, str, str, int, int]],
                      coders: tuple[str, str], min_overlap: float = 0.9) -> SegmentAgreement:
    """Per code, over the documents both coders coded: (document, code, coder, start, end)
    codings; ``min_overlap`` between 0 (any intersection, exclusive) and 1 (same span)."""
    first, second = coders
    by: dict[tuple[str, int, str], set[Span]] = {}
    docs: dict[str, set[int]] = {first: set(), second: set()}
    for d, code, who, s, e in codings:
        if who in docs and e > s:
            docs[who].add(d)
            by.setdefault((who, d, code), set()).add((s, e))
    both = docs[first] & docs[second]
    threshold = max(min_overlap, 1e-12)  # a zero threshold still needs an intersection
    # only the (code, document) pairs someone coded: the others count nothing
    cells = sorted({(c, d) for (_, d, c) in by if d in both})
    counts: dict[str, list[int]] = {}
    for code, d in cells:
        a = sorted(by.get((first, d, code), ()))
        b = sorted(by.get((second, d, code), ()))
        tally = counts.setdefault(code, [0, 0])
        tally[0] += _matched(a, b, threshold) + _matched(b, a, threshold)
        tally[1] += len(a) + len(b)
    rows = [SegmentCount(code, agree, total - agree) for code, (agree, total) in counts.items()]
    return SegmentAgreement(tuple(rows), min_overlap)
