"""A selection's coded passages as numpy columns: what every Explore question counts.

A passage is one (document, span, code): two coders who coded the same words with the same
code make one passage of two codings. The database groups the codings from an index alone
(``reads.span_groups``), so a question over 200,000 codings reads some 15,000 passages and
never a quote; only the few passages a page shows are read in full (``explore``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from .folding import fold
from .store import reads


@dataclass(frozen=True, slots=True)
class Spans:
    """Passages in document order (document, start, end, code): ``code`` is a position in
    ``codes``, ``n`` how many codings make the passage, ``first`` the oldest one's id."""

    codes: tuple[str, ...]
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    code: np.ndarray
    n: np.ndarray
    first: np.ndarray

    def __len__(self) -> int:
        return len(self.doc)

    def where(self, keep: np.ndarray) -> Spans:
        return Spans(self.codes, self.doc[keep], self.start[keep], self.end[keep],
                     self.code[keep], self.n[keep], self.first[keep])

    def page_order(self) -> np.ndarray:
        """Positions in reading order: document, start, then the oldest coding first."""
        return np.lexsort((self.first, self.start, self.doc))


def read(session: Session, scope: reads.CodingScope, codes: Sequence[str], text: str = ""
         ) -> Spans:
    """The passages of a scope; with ``text``, those whose words hold it (accents and case
    ignored: the quotes are read, and folded here)."""
    if not text:
        rows: list[Any] = reads.span_groups(session, scope)
    else:
        needle = fold(text)
        groups: dict[tuple[int, int, int, str], list[int]] = {}
        for id_, doc, code, start, end, _coder, quote, *_ in reads.coding_rows(
                session, scope, with_turns=False):
            if needle in fold(quote):
                group = groups.setdefault((doc, start, end, code), [0, id_])
                group[0] += 1
                group[1] = min(group[1], id_)
        rows = [(*key, n, first) for key, (n, first) in sorted(groups.items())]
    position = {c: i for i, c in enumerate(codes)}
    columns = list(zip(*rows, strict=True)) if rows else [()] * 6

    def ints(values: Sequence[Any]) -> np.ndarray:
        return np.fromiter(values, dtype=np.int64, count=len(values))
    return Spans(tuple(codes), ints(columns[0]), ints(columns[1]), ints(columns[2]),
                 ints([position[c] for c in columns[3]]), ints(columns[4]), ints(columns[5]))


def by_key_and_document(spans: Spans, key_of_code: np.ndarray) -> list[tuple[int, int, int]]:
    """(key, document, passages) of each key (``key_of_code`` maps a code's position to
    it: its theme, say) and document with one passage at least."""
    if not len(spans):
        return []
    width = int(spans.doc.max()) + 1
    found, counts = np.unique(key_of_code[spans.code] * width + spans.doc, return_counts=True)
    return list(zip((found // width).tolist(), (found % width).tolist(), counts.tolist(),
                    strict=True))


def overlaps(spans: Spans, key_of_code: np.ndarray, n_keys: int, *, weighted: bool,
             speaker_of: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Co-occurrence of keys (a code's theme or the code itself): (counts, cell, speaker).

    The passages are first merged by key (two sub-codes of a theme on the same words are
    one passage of that theme); two passages of a document co-occur when their spans
    overlap and their keys differ, each pair counting in both of its cells and each passage
    on the diagonal. ``weighted`` counts the codings (two coders on one passage: two, and a
    pair of passages coded by two and three coders: six), else each passage once.
    ``cell`` and ``speaker`` list, per count, the cell and the speaker (``speaker_of``
    gives a document's, -1 for none) so that the committee can tell who a cell is drawn
    from."""
    key = key_of_code[spans.code]
    order = np.lexsort((key, spans.end, spans.start, spans.doc))
    doc, start, end, key, n = (spans.doc[order], spans.start[order], spans.end[order],
                               key[order], spans.n[order])
    new = np.ones(len(doc), dtype=bool)
    new[1:] = ((doc[1:] != doc[:-1]) | (start[1:] != start[:-1]) | (end[1:] != end[:-1])
               | (key[1:] != key[:-1]))
    heads = np.flatnonzero(new)
    doc, start, end, key = doc[heads], start[heads], end[heads], key[heads]
    weight = (np.add.reduceat(n, heads) if len(heads) else n[:0]) if weighted \
        else np.ones(len(heads), dtype=np.int64)
    who = speaker_of[doc] if len(doc) else doc
    # sorted by document then start: the passages overlapping one are those after it, in
    # its document, that start before it ends
    place = (doc << 32) | start
    stop = np.searchsorted(place, (doc << 32) | end, side="left")
    rows = np.arange(len(doc))
    count = np.maximum(stop - rows - 1, 0)
    a = np.repeat(rows, count)
    b = a + 1 + np.arange(len(a)) - np.repeat(np.cumsum(count) - count, count)
    differ = key[a] != key[b]
    a, b = a[differ], b[differ]
    cell = np.concatenate([key[a] * n_keys + key[b], key[b] * n_keys + key[a],
                           key * n_keys + key])
    pair_weight = weight[a] * weight[b]
    weights = np.concatenate([pair_weight, pair_weight, weight])
    counts = np.bincount(cell, weights=weights, minlength=n_keys * n_keys)
    counts = np.rint(counts).astype(np.int64).reshape(n_keys, n_keys)
    return counts, cell, np.concatenate([who[a], who[a], who])
