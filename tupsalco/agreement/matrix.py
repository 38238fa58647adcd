"""A code × document table of agreement, as NVivo's coding comparison gives it: for each
code in each document, the characters coded by both coders, by one, by neither, with
Cohen's kappa (the first two coders), Krippendorff's alpha-binary and Gwet's AC1 (all of
them).

A cell exists where someone coded the code in a document that at least two of the coders
coded: NVivo also lists code × document pairs nobody coded, with kappa 1, which says
nothing and swells the table. The cells' character counts add up to the pooled figures of
``characters.compare``; their kappas are not averaged into it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .characters import CharacterTable, compare


@dataclass(frozen=True, slots=True)
class Cell:
    code: str
    document: int
    table: CharacterTable  # the first two coders, on this document's characters
    alpha: float
    ac1: float

    @property
    def kappa(self) -> float:
        """NaN where one of the first two coders did not code the document."""
        return self.table.kappa if self.table.total else float("nan")


def code_document_table(codings: Sequence[tuple[int, str, str, int, int]],
                        lengths: Mapping[int, int], coders: Sequence[str]) -> list[Cell]:
    """``codings`` are (document, code, coder, start, end); cells by code, then document."""
    chosen = set(coders)
    by_doc: dict[int, list[tuple[int, str, str, int, int]]] = {}
    for x in codings:
        if x[2] in chosen:
            by_doc.setdefault(x[0], []).append(x)
    cells = []
    for doc, done in by_doc.items():
        if len({x[2] for x in done}) < 2:
            continue  # one coder: nothing to compare here
        cells += [Cell(r.code, doc, r.table, r.alpha, r.ac1)
                  for r in compare(done, lengths, coders)]
    return sorted(cells, key=lambda c: (c.code, c.document))
