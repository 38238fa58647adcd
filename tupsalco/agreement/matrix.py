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

import numpy as np

from .cells import Cells, ac1s, alphas, cells
from .characters import CharacterTable


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
    return table_of(cells(codings, lengths, coders))


def table_of(found: Cells) -> list[Cell]:
    """The cells of the documents at least two of the coders coded (one coder: nothing to
    compare there), from every cell of a comparison."""
    shown = np.flatnonzero(found.coders[found.document] >= 2)
    alpha = alphas(found.o[shown])
    alpha = np.where(found.length[found.document[shown]] > 0, alpha, 1.0)
    ac1 = ac1s(found.parts[shown])
    return [Cell(found.codes[found.code[i]], int(found.documents[found.document[i]]),
                 CharacterTable(*t), a, g)
            for i, t, a, g in zip(shown.tolist(), found.table[shown].tolist(), alpha.tolist(),
                                  ac1.tolist(), strict=True)]
