"""Every code × document cell of a comparison at once, with numpy: what ``compare`` pools
and what ``code_document_table`` lists, from one sweep over the codings' stretches.

A cell is one code in one document that someone coded: per cell, how many characters
exactly k of the document's coders cover (k = 0..m, m the coders who coded the document),
and the first two coders' character table. ``characters._document_parts`` gives the same
figures one cell at a time; at 200,000 codings a Python loop per cell took seconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .characters import _kinds

Codings = Sequence[tuple[int, str, str, int, int]]  # (document, code, coder, start, end)


@dataclass(frozen=True)
class Cells:
    """Per cell (sorted by code, then document): code, document, the first two coders'
    (both, first only, second only, neither), alpha's coincidences (2 × 2) and AC1's parts;
    per document: its length, how many coders coded it, whether the first two did."""

    codes: tuple[str, ...]  # every code coded, sorted: ``code`` indexes it
    documents: np.ndarray  # every document coded, sorted: ``document`` indexes it
    code: np.ndarray
    document: np.ndarray
    table: np.ndarray  # cells × 4, int
    o: np.ndarray  # cells × 2 × 2
    parts: np.ndarray  # cells × 5
    length: np.ndarray  # per document
    coders: np.ndarray  # per document: how many of the coders coded it
    pair: np.ndarray  # per document: the first two coders both coded it


def _numbered(values: Sequence) -> tuple[list, np.ndarray]:
    """The distinct values, sorted, and each value's position among them."""
    found, at = np.unique(np.asarray(values, dtype=object), return_inverse=True)
    return found.tolist(), at.astype(np.int64).ravel()


def _parts(tally: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Coincidences and AC1 parts of cells from their tallies (cells × (M + 1)), m coders
    each, as ``characters._document_parts`` counts them."""
    v = np.arange(tally.shape[1], dtype=float)
    o, parts = np.zeros((len(tally), 2, 2)), np.zeros((len(tally), 5))
    for k in np.unique(m):
        rows = m == k
        t = tally[rows][:, :k + 1]
        if k >= 2:
            zeros = k - v[:k + 1]
            off = t @ (zeros * v[:k + 1])
            o[rows] = np.stack([np.stack([t @ (zeros * (zeros - 1)), off], axis=1),
                                np.stack([off, t @ (v[:k + 1] * (v[:k + 1] - 1))], axis=1)],
                               axis=1) / (k - 1)
        if k >= 1:
            parts[rows] = t @ _kinds(int(k))
    return o, parts


def cells(codings: Codings, lengths: Mapping[int, int], coders: Sequence[str]) -> Cells:
    """Every cell of the codings of ``coders`` (others are left out); a coder counts for a
    document only if they coded something in it."""
    place = {c: i for i, c in enumerate(coders)}
    kept = [x for x in codings if x[2] in place]
    if not kept:
        empty = np.zeros(0, dtype=np.int64)
        return Cells((), empty, empty, empty, np.zeros((0, 4), dtype=np.int64),
                     np.zeros((0, 2, 2)), np.zeros((0, 5)), empty, empty,
                     np.zeros(0, dtype=bool))
    doc_ids, code_ids, who, start, end = zip(*kept, strict=True)
    who = np.fromiter((place[c] for c in who), dtype=np.int64, count=len(kept))
    documents, doc = np.unique(np.asarray(doc_ids, dtype=np.int64), return_inverse=True)
    doc = doc.ravel()
    codes, code = _numbered(code_ids)
    n_docs, n_coders = len(documents), len(coders)
    length = np.array([lengths[int(d)] for d in documents], dtype=np.int64)
    coded = np.zeros((n_docs, n_coders), dtype=bool)
    coded[doc, who] = True
    m = coded.sum(axis=1)
    pair = coded[:, :2].all(axis=1) if n_coders >= 2 else np.zeros(n_docs, dtype=bool)
    # cells: (code, document) pairs, sorted by code then document
    cell_key, cell = np.unique(code * n_docs + doc, return_inverse=True)
    cell = cell.ravel()
    cell_code, cell_doc = cell_key // n_docs, cell_key % n_docs
    n_cells = len(cell_key)
    # each coder's stretches in each cell: spans clipped to the text, overlapping or
    # touching ones merged
    s = np.maximum(0, np.asarray(start, dtype=np.int64))
    e = np.minimum(length[doc], np.asarray(end, dtype=np.int64))
    real = e > s
    group = (cell * n_coders + who)[real]
    s, e, g_who = s[real], e[real], who[real]
    order = np.lexsort((s, group))
    group, s, e, g_who = group[order], s[order], e[order], g_who[order]
    offset = group * (int(length.max()) + 2)  # groups never mix in the running maximum
    reach = np.maximum.accumulate(e + offset)
    new = np.ones(len(s), dtype=bool)
    new[1:] = (s[1:] + offset[1:] > reach[:-1]) | (group[1:] != group[:-1])
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(s))[:len(first)] - 1
    st_s, st_e = s[first], reach[last] - offset[last]
    st_cell, st_who = group[first] // n_coders, g_who[first]
    # a sweep over the stretches' ends, every cell at once: each cell's steps sum to zero
    position = np.concatenate([st_s, st_e])
    step = np.concatenate([np.ones(len(st_s), dtype=np.int64),
                           -np.ones(len(st_e), dtype=np.int64)])
    paired = np.concatenate([st_who, st_who]) < 2
    at = np.concatenate([st_cell, st_cell])
    order = np.lexsort((step, position, at))
    position, step, paired, at = position[order], step[order], paired[order], at[order]
    level, both_level = np.cumsum(step), np.cumsum(step * paired)
    width = np.zeros(len(position), dtype=np.int64)
    width[:-1] = np.where(at[1:] == at[:-1], position[1:] - position[:-1], 0)
    tally = np.zeros((n_cells, n_coders + 1), dtype=np.int64)
    np.add.at(tally, (at, level), width)
    tally[:, 0] = length[cell_doc] - tally[:, 1:].sum(axis=1)
    both = np.bincount(at, weights=width * (both_level == 2), minlength=n_cells)
    sizes = (st_e - st_s).astype(float)
    first_coded = np.bincount(st_cell, weights=sizes * (st_who == 0), minlength=n_cells)
    second_coded = np.bincount(st_cell, weights=sizes * (st_who == 1), minlength=n_cells)
    table = np.stack([both, first_coded - both, second_coded - both,
                      length[cell_doc] - first_coded - second_coded + both], axis=1)
    table = np.where(pair[cell_doc][:, None], table, 0).astype(np.int64)
    o, parts = _parts(tally.astype(float), m[cell_doc])
    return Cells(tuple(codes), documents, cell_code, cell_doc, table, o, parts, length, m,
                 pair)


def baseline(found: Cells) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per document, a code nobody used there: its table (first two coders), coincidences
    and AC1 parts (every character uncoded by each of the m coders)."""
    n = len(found.length)
    table = np.zeros((n, 4), dtype=np.int64)
    table[:, 3] = np.where(found.pair, found.length, 0)
    tally = np.zeros((n, int(found.coders.max(initial=0)) + 1))
    tally[:, 0] = found.length
    o, parts = _parts(tally, found.coders)
    return table, o, parts


def alphas(o: np.ndarray) -> np.ndarray:
    """``tables.alpha_from_coincidences`` of many 2 × 2 matrices (rows × 2 × 2)."""
    n_c = o.sum(axis=2)
    n = n_c[:, 0] + n_c[:, 1]
    observed = n - (o[:, 0, 0] + o[:, 1, 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = (n * n - (n_c[:, 0] ** 2 + n_c[:, 1] ** 2)) / (n - 1)
        out = 1.0 - observed / expected
    return np.where((n <= 1) | ~(expected > 0), np.nan, out)


def ac1s(parts: np.ndarray) -> np.ndarray:
    """``gwet.gwet_from_parts(...).coefficient`` of many parts of two categories."""
    pairable, rated = parts[:, 1], parts[:, 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        pa = parts[:, 0] / pairable
        pi = parts[:, 3:] / rated[:, None]
        pe = 1.0 * (pi[:, 0] * (1 - pi[:, 0]) + pi[:, 1] * (1 - pi[:, 1]))
        out = (pa - pe) / (1 - pe)
    return np.where((pairable < 1) | (pe >= 1.0), np.nan, out)


def pooled(found: Cells) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per code (``found.codes``), over every document: table, alpha and AC1; a document
    where the code was not used counts all its characters uncoded."""
    base_table, base_o, base_parts = baseline(found)
    n = len(found.codes)
    table = np.tile(base_table.sum(axis=0), (n, 1))
    o = np.tile(base_o.sum(axis=0), (n, 1, 1))
    parts = np.tile(base_parts.sum(axis=0), (n, 1))
    d = found.document
    np.add.at(table, found.code, found.table - base_table[d])
    np.add.at(o, found.code, found.o - base_o[d])
    np.add.at(parts, found.code, found.parts - base_parts[d])
    alpha = alphas(o) if found.length.any() else np.ones(n)
    return table, alpha, ac1s(parts)
