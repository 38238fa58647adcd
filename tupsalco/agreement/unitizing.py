"""Krippendorff's alpha for unitizing a continuum: u-alpha, |u-alpha (binary) and cu-alpha.

For one group of mutually exclusive codes (a "semantic domain", as ATLAS.ti calls it), each
coder cuts each document into segments: coded sections with a category, and gaps. Following
Krippendorff, Mathet, Bouvry & Widlöcher (2016, "On the reliability of unitizing textual
continua: Further developments", Quality & Quantity 50:2347-2364) and Krippendorff (2019,
Content Analysis, 4th ed., §12.6):

- observed coincidences ``l_ck`` sum, over ordered pairs of coders, the lengths of the
  intersections of one's c-segments with the other's k-segments, divided by m - 1;
- expected coincidences pair all lengths except a segment with itself: a coded segment of
  length l removes l² self-pairs, a gap only l (a gap is not a unit, each character of it
  stands alone), ``e_ck = l.. (l_c. l_.k - [c=k] S_c) / (l..² - S)``;
- alpha = 1 - D_o / D_e with nominal differences.

``u`` counts gaps as one more category; ``binary`` (|u) merges all categories, so only the
boundaries count; ``cu`` keeps only coded × coded coincidences: agreement on the categories
where the coders' segments intersect (ATLAS.ti's cu-alpha for one domain). For cu, a segment's
weight is what it pairs with, its length within the other coders' coded sections averaged
over them, and its self-pairs the square of that weight. With two coders this is the book's
"pairable length"; with more it stays consistent with the row sums of ``l_ck``.

Gwet's AC1 and AC2 of a domain (``domain_gwet``) take the same cleaned segments with
characters as units: each character gets one category per coder, the gap being one more.

Documents are separate continua: each document's coincidences use its own m (the coders who
coded it), documents coded by fewer than two coders drop out, and the sums are pooled. Since
gaps are counted per character, this equals one concatenated continuum when nobody is missing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .gwet import GwetAC, gwet_from_parts

Segment = tuple[int, int, str]  # start, end (exclusive), category


@dataclass(frozen=True, slots=True)
class UnitizedDocument:
    """One document: its length and, per coder who coded it, their segments of the domain.
    A coder absent from ``segments`` did not code the document (missing); a coder with an
    empty list coded it without using the domain's codes (all gap)."""

    length: int
    segments: Mapping[str, Sequence[Segment]]


@dataclass(frozen=True)
class UnitizingAlpha:
    u: float  # categories and boundaries, gaps as a category
    binary: float  # |u-alpha: boundaries only, coded vs not
    cu: float  # categories where coded segments intersect
    by_category: Mapping[str, float] = field(default_factory=dict)  # |u-alpha per category
    documents: int = 0  # documents coded by at least two coders
    conflicts: int = 0  # characters a coder gave two codes of the domain (trimmed)


def clean_segments(segments: Iterable[Segment], length: int) -> tuple[list[Segment], int]:
    """Clipped, sorted, same-category overlaps merged; where one coder gave two categories of
    the domain to the same characters (not exclusive after all), the segment that starts
    first keeps them and the later one is trimmed. Returns the segments and the number of
    characters so trimmed. Adjacent segments stay separate: they are two units."""
    spans = sorted((max(0, s), min(length, e), c) for s, e, c in segments
                   if min(length, e) > max(0, s))
    merged: list[list] = []
    for s, e, c in spans:
        if merged and merged[-1][2] == c and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e, c])
    out: list[Segment] = []
    conflicts = 0
    for s, e, c in merged:
        if out and s < out[-1][1]:
            kept = min(e, out[-1][1])
            conflicts += kept - s
            s = kept
        if e > s:
            out.append((s, e, c))
    return out, conflicts


def _labels(segments: Sequence[Segment], length: int, index: Mapping[str, int]
            ) -> tuple[np.ndarray, np.ndarray]:
    """Per character: category index (0 = gap) and segment number (-1 = gap)."""
    label = np.zeros(length, dtype=np.int64)
    seg = np.full(length, -1, dtype=np.int64)
    for g, (s, e, c) in enumerate(segments):
        label[s:e], seg[s:e] = index[c], g
    return label, seg


def unitizing_parts(document: UnitizedDocument, categories: Sequence[str]) -> np.ndarray:
    """One document's additive statistics, flattened: observed coincidences (K × K, index 0
    the gap), self-pairs for u (K) and for cu (K), then trimmed characters; K = categories + 1.
    Documents' parts add up, which is what pooling and the bootstrap use."""
    k = len(categories) + 1
    index = {c: i + 1 for i, c in enumerate(categories)}
    observed, self_u, self_cu = np.zeros((k, k)), np.zeros(k), np.zeros(k)
    conflicts = 0
    coders = [c for c in document.segments]
    m = len(coders)
    if m >= 2:
        cleaned = []
        for who in coders:
            segs, trimmed = clean_segments(
                [s for s in document.segments[who] if s[2] in index], document.length)
            cleaned.append(segs)
            conflicts += trimmed
        labels = [_labels(s, document.length, index) for s in cleaned]
        coded = np.array([lab > 0 for lab, _ in labels], dtype=float)
        coded_total = coded.sum(axis=0)
        for i, (lab_i, seg_i) in enumerate(labels):
            for j, (lab_j, _) in enumerate(labels):
                if i != j:
                    observed += np.bincount(lab_i * k + lab_j, minlength=k * k).reshape(k, k)
            self_u[0] += np.sum(lab_i == 0)  # gaps pair linearly
            lengths = np.array([e - s for s, e, _ in cleaned[i]], dtype=float)
            cats = np.array([index[c] for _, _, c in cleaned[i]], dtype=np.int64)
            if len(cats):
                np.add.at(self_u, cats, lengths ** 2)
                inside = seg_i >= 0
                others = (coded_total - coded[i])[inside]
                weight = np.bincount(seg_i[inside], weights=others,
                                     minlength=len(cats)) / (m - 1)
                np.add.at(self_cu, cats, weight ** 2)
        observed /= m - 1
    return np.concatenate([observed.ravel(), self_u, self_cu, [conflicts]])


def _split(parts: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (parts[:k * k].reshape(k, k), parts[k * k:k * k + k],
            parts[k * k + k:k * k + 2 * k])


def alpha_u(observed: np.ndarray, self_pairs: np.ndarray) -> float:
    """1 - D_o / D_e from observed coincidences and each category's self-pairs."""
    n = observed.sum()
    total_self = self_pairs.sum()
    if n <= 0 or n * n <= total_self:
        return float("nan")
    n_c = observed.sum(axis=1)
    expected_diag = n * (n_c ** 2 - self_pairs) / (n * n - total_self)
    d_o = n - np.trace(observed)
    d_e = n - expected_diag.sum()
    if d_e <= 1e-12 * n:
        return float("nan")  # no variation to disagree on: undefined, not perfect
    return float(1.0 - d_o / d_e)


def _collapse(observed: np.ndarray, self_u: np.ndarray, keep: Sequence[int]
              ) -> tuple[np.ndarray, np.ndarray]:
    """Two values: the categories in ``keep`` (their segments stay whole) against the rest,
    which becomes gap, counted per character."""
    inside = np.zeros(len(self_u), dtype=bool)
    inside[list(keep)] = True
    o = np.array([[observed[~inside][:, ~inside].sum(), observed[~inside][:, inside].sum()],
                  [observed[inside][:, ~inside].sum(), observed[inside][:, inside].sum()]])
    return o, np.array([o[0].sum(), self_u[inside].sum()])


def coefficients(parts: np.ndarray, categories: Sequence[str]) -> UnitizingAlpha:
    """The family from summed parts (see ``unitizing_parts``)."""
    k = len(categories) + 1
    observed, self_u, self_cu = _split(parts, k)
    coded = list(range(1, k))
    by_category = {c: alpha_u(*_collapse(observed, self_u, [i + 1]))
                   for i, c in enumerate(categories)}
    return UnitizingAlpha(
        u=alpha_u(observed, self_u),
        binary=alpha_u(*_collapse(observed, self_u, coded)) if coded else float("nan"),
        cu=alpha_u(observed[1:, 1:], self_cu[1:]),
        by_category=by_category, conflicts=int(parts[-1]))


def unitizing_alpha(documents: Sequence[UnitizedDocument],
                    categories: Sequence[str] | None = None) -> UnitizingAlpha:
    """u-, |u- and cu-alpha for one domain over documents, any number of coders, missing
    coders allowed. ``categories`` default to every category used; segments of other
    categories are ignored (gap)."""
    cats = _categories(documents, categories)
    parts = [unitizing_parts(d, cats) for d in documents]
    total = np.sum(parts, axis=0) if parts else np.zeros((len(cats) + 1) ** 2 + 2 * len(cats) + 3)
    result = coefficients(total, cats)
    used = sum(1 for d in documents if len(d.segments) >= 2)
    return UnitizingAlpha(result.u, result.binary, result.cu, result.by_category, used,
                          result.conflicts)


def _categories(documents: Sequence[UnitizedDocument], categories: Sequence[str] | None
                ) -> tuple[str, ...]:
    if categories is not None:
        return tuple(categories)
    return tuple(sorted({c for d in documents for segs in d.segments.values()
                         for _, _, c in segs}))


def _count_rows(document: UnitizedDocument, categories: Sequence[str]
                ) -> tuple[np.ndarray, np.ndarray]:
    """A document's characters as (distinct rows of counts, how many characters have each):
    a row says how many coders put a character in each category (index 0 the gap). Most
    characters share a few rows, and Gwet's parts add up over characters."""
    k = len(categories) + 1
    index = {c: i + 1 for i, c in enumerate(categories)}
    counts = np.zeros((document.length, k), dtype=np.int64)
    for who in document.segments:
        segs, _ = clean_segments([s for s in document.segments[who] if s[2] in index],
                                 document.length)
        label, _ = _labels(segs, document.length, index)
        counts[np.arange(document.length), label] += 1
    return _distinct(counts, np.ones(len(counts), dtype=np.int64))


def _distinct(counts: np.ndarray, many: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``counts``, each with the sum of its rows' ``many``."""
    if not len(counts):
        return counts, many
    base = int(counts.max()) + 1  # a row is a number in that base, when it fits in 62 bits
    if counts.shape[1] * math.log2(base + 1) <= 62:
        keys = counts @ (base ** np.arange(counts.shape[1], dtype=np.int64))
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        rows = counts[first]
    else:
        rows, inverse = np.unique(counts, axis=0, return_inverse=True)
    return rows, np.bincount(inverse.ravel(), weights=many, minlength=len(rows))


def _parts_of_rows(rows: np.ndarray, many: np.ndarray, weights: np.ndarray | None
                   ) -> np.ndarray:
    """``gwet.gwet_parts`` of a table where each of ``rows`` stands ``many`` times."""
    counts = rows.astype(float)
    k = counts.shape[1]
    if not len(counts):
        return np.zeros(k + 3)
    w = np.eye(k) if weights is None else np.asarray(weights, dtype=float)
    r = counts.sum(axis=1)
    rated, pairable = r >= 1, r >= 2
    agree = (counts * (counts @ w.T - 1)).sum(axis=1)
    pa_sum = float((many[pairable] * agree[pairable]
                    / (r[pairable] * (r[pairable] - 1))).sum())
    pi_sum = (many[rated, None] * counts[rated] / r[rated, None]).sum(axis=0)
    return np.concatenate([[pa_sum, many[pairable].sum(), many[rated].sum()], pi_sum])


def gwet_domain_parts(document: UnitizedDocument, categories: Sequence[str],
                      weights: np.ndarray | None = None) -> np.ndarray:
    """One document's parts for AC1 / AC2 (see ``gwet.gwet_parts``), characters as units and
    categories indexed as in ``unitizing_parts`` (0 the gap). Every coder who coded the
    document counts, even alone (Gwet's propensities include units rated once)."""
    return _parts_of_rows(*_count_rows(document, categories), weights)


def domain_rows(documents: Sequence[UnitizedDocument], categories: Sequence[str] | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """Every document's characters as distinct rows of counts (see ``_count_rows``), pooled:
    what AC1 and AC2 of a domain are both computed from (``gwet_of_rows``)."""
    cats = _categories(documents, categories)
    found = [_count_rows(d, cats) for d in documents]
    if not found:
        return np.zeros((0, len(cats) + 1), dtype=np.int64), np.zeros(0)
    return _distinct(np.concatenate([r for r, _ in found]),
                     np.concatenate([n for _, n in found]))


def gwet_of_rows(rows: tuple[np.ndarray, np.ndarray], weights: np.ndarray | None = None
                 ) -> GwetAC:
    """Gwet's AC1 (AC2 with ``weights``) of a domain from its pooled ``domain_rows``."""
    return gwet_from_parts(_parts_of_rows(*rows, weights), weights)


def domain_gwet(documents: Sequence[UnitizedDocument], categories: Sequence[str] | None = None,
                weights: np.ndarray | None = None) -> GwetAC:
    """Gwet's AC1 of one domain over documents (AC2 with ``weights``, (K + 1) × (K + 1) with
    index 0 the gap: ``gwet.codebook_weights`` gives partial credit to sibling codes)."""
    return gwet_of_rows(domain_rows(documents, categories), weights)


def unitized_documents(codings: Sequence[tuple[int, str, str, int, int]],
                       lengths: Mapping[int, int], coders: Sequence[str],
                       codes: Sequence[str]) -> list[UnitizedDocument]:
    """From (document, code, coder, start, end) codings: one continuum per document, keeping
    the ``codes`` of the domain. As in ``compare``, a coder counts for a document only if they
    coded something in it (any code), otherwise they are missing there."""
    wanted = set(codes)
    present: dict[int, set[str]] = {}
    kept: dict[tuple[int, str], list[tuple[int, int, str]]] = {}  # one pass over the codings
    for d, code, who, s, e in codings:
        if who in coders:
            present.setdefault(d, set()).add(who)
            if code in wanted:
                kept.setdefault((d, who), []).append((s, e, code))
    return [UnitizedDocument(lengths[d], {who: kept.get((d, who), []) for who in coders
                                          if who in present[d]})
            for d in sorted(present)]
