"""Inter-coder agreement on character spans: pure numpy, no project or database needed.

Characters are the units, as NVivo's coding comparison counts them: for one code in one
document, every character is coded by a coder or not. Cohen's kappa uses the textbook chance
agreement, the *sum* of the two chance terms. Krippendorff's alpha and Gwet's AC1 work for any
number of coders with missing ones (a coder who did not code a document contributes no value
there). With two categories (coded or not) any weights give AC1: AC2 needs a group of codes
(``unitizing.domain_gwet``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .gwet import gwet_from_parts, gwet_parts
from .tables import alpha_from_coincidences

if TYPE_CHECKING:
    from .cells import Cells

Span = tuple[int, int]


def coverage(spans: Iterable[Span], length: int) -> np.ndarray:
    """A boolean vector: which characters of a text of ``length`` the spans cover."""
    mask = np.zeros(length, dtype=bool)
    for start, end in spans:
        mask[max(0, start):min(length, end)] = True
    return mask


def stretches(spans: Iterable[Span], length: int) -> list[Span]:
    """The disjoint stretches the spans cover (clipped to the text), in order: ``coverage``
    without a vector as long as the text."""
    out: list[Span] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def levels(entries: Sequence[Iterable[Span]], length: int) -> list[int]:
    """How many characters of a text of ``length`` exactly k of the coders cover, for
    k = 0..m (``entries``: each coder's spans); a sweep over the stretches' ends, so the
    cost follows the number of spans, not the text's length."""
    events = sorted((p, step) for spans in entries for a, b in stretches(spans, length)
                    for p, step in ((a, 1), (b, -1)))
    tally = [0] * (len(entries) + 1)
    level = last = 0
    for position, step in events:
        tally[level] += position - last
        level, last = level + step, position
    tally[0] += length - last
    return tally


@dataclass(frozen=True, slots=True)
class CharacterTable:
    """Characters coded by both coders, by the first only, by the second only, by neither."""

    both: int
    first_only: int
    second_only: int
    neither: int

    @property
    def total(self) -> int:
        return self.both + self.first_only + self.second_only + self.neither

    def __add__(self, other: CharacterTable) -> CharacterTable:
        return CharacterTable(self.both + other.both, self.first_only + other.first_only,
                              self.second_only + other.second_only, self.neither + other.neither)

    @property
    def agreement(self) -> float:
        """Percentage agreement: characters on which both coders agree, coded or not."""
        return (self.both + self.neither) / self.total if self.total else 1.0

    def _shares(self) -> tuple[float, float]:
        """The share of characters each coder coded."""
        n = self.total
        return (self.both + self.first_only) / n, (self.both + self.second_only) / n

    @property
    def kappa_chance(self) -> float:
        """Cohen's chance agreement: both code by chance, plus both leave uncoded by chance."""
        if self.total == 0:
            return float("nan")
        first_yes, second_yes = self._shares()
        return first_yes * second_yes + (1 - first_yes) * (1 - second_yes)

    @property
    def kappa(self) -> float:
        """Cohen's kappa: (po - pe) / (1 - pe), pe the sum of both chance terms."""
        if self.total == 0:
            return 1.0
        po, pe = self.agreement, self.kappa_chance
        if pe >= 1.0:
            return 1.0 if po >= 1.0 else 0.0
        return (po - pe) / (1 - pe)

    @property
    def ac1_chance(self) -> float:
        """Gwet's chance agreement for two coders and two categories: 2 pi (1 - pi), pi the
        mean share coded. It is largest (0.5) for a code on half the text, small for a
        rare one, where Cohen's is close to 1."""
        if self.total == 0:
            return float("nan")
        pi = sum(self._shares()) / 2
        return 2 * pi * (1 - pi)

    @property
    def ac1(self) -> float:
        """Gwet's AC1 between the two coders, on the same characters as kappa."""
        if self.total == 0:
            return float("nan")
        pe = self.ac1_chance
        return (self.agreement - pe) / (1 - pe)

    @property
    def positive_agreement(self) -> float:
        """Characters both coded over the mean coded by each (Dice): agreement on where the
        code is, which neither kappa nor AC1 isolates."""
        coded = 2 * self.both + self.first_only + self.second_only
        return 2 * self.both / coded if coded else float("nan")


def character_table(first: Iterable[Span], second: Iterable[Span], length: int) -> CharacterTable:
    a, b = stretches(first, length), stretches(second, length)
    neither, _, both = levels([a, b], length)
    coded_a, coded_b = sum(e - s for s, e in a), sum(e - s for s, e in b)
    return CharacterTable(both, coded_a - both, coded_b - both, neither)


def pooled_table(documents: Sequence[tuple[Sequence[Span], Sequence[Span], int]]
                 ) -> CharacterTable:
    """One code over several documents: characters are pooled, kappas never averaged."""
    total = CharacterTable(0, 0, 0, 0)
    for first, second, length in documents:
        total = total + (character_table(first, second, length) if first or second
                         else CharacterTable(0, 0, 0, length))
    return total


def alpha_binary(coders: Mapping[str, Sequence[tuple[Sequence[Span], int] | None]]) -> float:
    """Krippendorff's alpha-binary for one code: each coder gives, per document, their spans
    and the document's length, or None if they did not code that document."""
    n_docs = len(next(iter(coders.values()))) if coders else 0
    if not any(_length(coders, d) for d in range(n_docs)):
        return 1.0  # no character at all: nothing to disagree on
    # characters are units: the coincidences add up by document, so no coders x characters
    # table of the whole project is ever built (it made a project of 1,000 interviews slow)
    return alpha_from_coincidences(binary_coincidences(coders).sum(axis=0))


def _length(coders: Mapping[str, Sequence[tuple[Sequence[Span], int] | None]], d: int) -> int:
    for entries in coders.values():
        if entries[d] is not None:
            return entries[d][1]
    return 0


def _document_parts(entries: Sequence[Sequence[Span]], length: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """One document's coincidence matrix (uncoded, coded) for alpha-binary and its parts for
    AC1, from the spans of each coder who coded it. A character is one of m + 1 kinds (how
    many of the m coders coded it): each kind's parts are counted once, times its size."""
    m = len(entries)
    if any(entries):
        tally = np.array(levels(entries, length), dtype=float)
    else:  # nobody used the code here: every character is "not coded" for all
        tally = np.zeros(m + 1)
        tally[0] = length
    v = np.arange(m + 1, dtype=float)
    o = np.zeros((2, 2))
    if m >= 2:
        zeros = m - v
        o = np.array([[tally @ (zeros * (zeros - 1)), tally @ (zeros * v)],
                      [tally @ (zeros * v), tally @ (v * (v - 1))]]) / (m - 1)
    return o, tally @ _kinds(m)


@lru_cache(maxsize=64)
def _kinds(m: int) -> np.ndarray:
    """AC1's parts of one character coded by k of m coders, for k = 0..m."""
    return np.array([gwet_parts(np.array([[m - k, k]], dtype=float)) for k in range(m + 1)])


def binary_coincidences(coders: Mapping[str, Sequence[tuple[Sequence[Span], int] | None]]
                        ) -> np.ndarray:
    """documents × 2 × 2: each document's coincidence matrix (uncoded, coded) for alpha-binary.
    Characters are the units, so the matrices add up: their sum gives ``alpha_binary``, and
    resampling documents only needs the sums."""
    n_docs = len(next(iter(coders.values()))) if coders else 0
    out = np.zeros((n_docs, 2, 2))
    for d in range(n_docs):
        entries = [e[0] for e in (c[d] for c in coders.values()) if e is not None]
        if len(entries) >= 2:  # one coder: nothing pairable in this document
            out[d] = _document_parts(entries, _length(coders, d))[0]
    return out


def binary_gwet_parts(coders: Mapping[str, Sequence[tuple[Sequence[Span], int] | None]]
                      ) -> np.ndarray:
    """documents × parts for AC1 on characters (see ``gwet.gwet_parts``): per document, the
    coders who coded it give each character coded or not. A document one coder coded counts
    in the propensity, not in the observed agreement, as Gwet's missing-rater formulas do."""
    n_docs = len(next(iter(coders.values()))) if coders else 0
    out = np.zeros((n_docs, 5))
    for d in range(n_docs):
        entries = [e[0] for e in (c[d] for c in coders.values()) if e is not None]
        if entries:
            out[d] = _document_parts(entries, _length(coders, d))[1]
    return out


def ac1_binary(coders: Mapping[str, Sequence[tuple[Sequence[Span], int] | None]]) -> float:
    """Gwet's AC1 for one code, characters as units, any number of coders (as alpha_binary
    takes them)."""
    return gwet_from_parts(binary_gwet_parts(coders).sum(axis=0)).coefficient


def alpha_binary_from_documents(coders: Mapping[str, Sequence[tuple[Sequence[Span], int] | None]]
                                ) -> float:
    """``alpha_binary`` through per-document coincidences (what the bootstrap resamples)."""
    return alpha_from_coincidences(binary_coincidences(coders).sum(axis=0))


@dataclass(frozen=True, slots=True)
class CodeAgreement:
    code: str
    table: CharacterTable
    alpha: float
    ac1: float = float("nan")  # Gwet's AC1 for all the coders, as alpha

    @property
    def kappa(self) -> float:
        return self.table.kappa


def compare(codings: Sequence[tuple[int, str, str, int, int]], lengths: Mapping[int, int],
            coders: Sequence[str]) -> list[CodeAgreement]:
    """Per code, pooled over documents: ``codings`` are (document, code, coder, start, end);
    a coder counts for a document only if they coded something in it. The character table
    and kappa compare the first two coders; alpha and AC1 take them all."""
    from .cells import cells

    return pooled_rows(cells(codings, lengths, coders),
                       sorted({code for _, code, _, _, _ in codings}))


def pooled_rows(found: Cells, codes: Sequence[str]) -> list[CodeAgreement]:
    """``compare``'s rows from every cell of a comparison, for ``codes`` (a code no chosen
    coder used counts every document's characters uncoded)."""
    from .cells import pooled

    table, alpha, ac1 = pooled(found)
    at = {c: i for i, c in enumerate(found.codes)}
    base = _nobody(found)
    return [CodeAgreement(code, CharacterTable(*map(int, table[at[code]])),
                          float(alpha[at[code]]), float(ac1[at[code]])) if code in at
            else CodeAgreement(code, *base) for code in codes]


def _nobody(found: Cells) -> tuple[CharacterTable, float, float]:
    """A code that none of the coders used: table, alpha and AC1."""
    from .cells import ac1s, alphas, baseline

    table, o, parts = (x.sum(axis=0)[None] for x in baseline(found))
    alpha = float(alphas(o)[0]) if found.length.any() else 1.0
    return CharacterTable(*map(int, table[0])), alpha, float(ac1s(parts)[0])
