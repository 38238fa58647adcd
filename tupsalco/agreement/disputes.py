"""Where coders of a round agree and where they do not, passage by passage: pure Python.

For one code in one document, the spans of every coder that overlap one another make one
*passage* (a chain of overlaps: A's 10-40 and B's 30-60 are one passage, 10-60). A passage is
agreed when every coder compared coded it with exactly the same spans; otherwise it is a
disagreement (some coders coded it and others not, or their boundaries differ), which an
admin settles into the reference coding: one coder's spans, their union, or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .characters import CharacterTable, ac1_binary, alpha_binary, pooled_table

Span = tuple[int, int]
DECISIONS = ("keep", "union", "reject")


@dataclass(frozen=True, slots=True)
class Passage:
    """One code's overlapping spans in one document, per coder (an empty tuple: not coded)."""

    document_id: int
    code_id: str
    start: int
    end: int
    spans: tuple[tuple[str, tuple[Span, ...]], ...]

    @property
    def by_coder(self) -> dict[str, tuple[Span, ...]]:
        return dict(self.spans)

    @property
    def agreed(self) -> bool:
        versions = {s for _, s in self.spans}
        return len(versions) == 1 and bool(next(iter(versions)))

    def decided(self, decision: str, keep: str | None = None) -> list[Span]:
        """The reference spans a decision makes of this passage."""
        if decision == "keep":
            return list(self.by_coder.get(keep or "", ()))
        if decision == "union":
            return merged(s for _, spans in self.spans for s in spans)
        return []


def merged(spans: Iterable[Span]) -> list[Span]:
    """The union of spans as disjoint spans (touching spans join)."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def split_passages(codings: Iterable[tuple[int, str, str, int, int]],
             coders: Sequence[str]) -> list[Passage]:
    """Every passage of ``codings`` (document, code, coder, start, end) among ``coders``,
    in document, code and position order; other coders' codings are left out."""
    wanted = set(coders)
    grouped: dict[tuple[int, str], set[tuple[int, int, str]]] = {}
    for doc, code, who, start, end in codings:
        if who in wanted and end > start:
            grouped.setdefault((doc, code), set()).add((start, end, who))
    out = []
    for (doc, code), spans in sorted(grouped.items()):
        chain: list[tuple[int, int, str]] = []
        for span in sorted(spans):
            if chain and span[0] >= max(e for _, e, _ in chain):
                out.append(_passage(doc, code, chain, coders))
                chain = []
            chain.append(span)
        if chain:
            out.append(_passage(doc, code, chain, coders))
    return out


def _passage(doc: int, code: str, chain: list[tuple[int, int, str]],
             coders: Sequence[str]) -> Passage:
    return Passage(doc, code, min(s for s, _, _ in chain), max(e for _, e, _ in chain),
                   tuple((who, tuple(sorted((s, e) for s, e, w in chain if w == who)))
                         for who in coders))


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    """One document's agreement over all its codes: the first two coders' character table
    pooled over codes (kappa), alpha and AC1 of every coder with each code's characters as
    units. A coder of the round who coded nothing there coded no character of it."""

    document_id: int
    codes: int
    table: CharacterTable
    alpha: float
    ac1: float
    agreed: int
    disagreements: int

    @property
    def kappa(self) -> float:
        return self.table.kappa


def by_document(codings: Sequence[tuple[int, str, str, int, int]], lengths: Mapping[int, int],
                coders: Sequence[str], documents: Iterable[int]) -> list[DocumentAgreement]:
    found = split_passages(codings, coders)
    out = []
    for doc in sorted(documents):
        mine = [c for c in codings if c[0] == doc and c[2] in coders]
        codes = sorted({c[1] for c in mine})
        spans = {(who, code): [(s, e) for _, cc, w, s, e in mine if cc == code and w == who]
                 for who in coders for code in codes}
        length = lengths[doc]
        table = pooled_table([(spans[(coders[0], code)], spans[(coders[1], code)], length)
                              for code in codes]) if codes else CharacterTable(0, 0, 0, 0)
        every = {who: [(spans[(who, code)], length) for code in codes] for who in coders}
        here = [p for p in found if p.document_id == doc]
        out.append(DocumentAgreement(
            doc, len(codes), table, alpha_binary(every) if codes else float("nan"),
            ac1_binary(every) if codes else float("nan"),
            sum(p.agreed for p in here), sum(not p.agreed for p in here)))
    return out
