"""Bootstrap 95 % intervals by resampling documents.

Documents, not characters, are resampled: characters of one document are not independent,
so resampling them would give intervals far too narrow. Every statistic here is computed
from sums over documents of small per-document arrays (character tables, coincidence
matrices), so one replicate is a weighted sum, not a recomputation from the spans.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .characters import (
    CharacterTable,
    Span,
    binary_coincidences,
    binary_gwet_parts,
    character_table,
)
from .gwet import gwet_from_parts
from .tables import alpha_from_coincidences
from .unitizing import (
    UnitizedDocument,
    _categories,
    coefficients,
    gwet_domain_parts,
    unitizing_parts,
)

REPLICATES = 2000


@dataclass(frozen=True, slots=True)
class Interval:
    estimate: float
    low: float
    high: float
    n_documents: int
    replicates: int  # replicates with a defined value (a resample may have no variation)


def bootstrap_documents(parts: np.ndarray, statistic: Callable[[np.ndarray], float],
                        replicates: int = REPLICATES, seed: int | None = 0,
                        level: float = 0.95) -> Interval:
    """Percentile interval of ``statistic(sum of parts over documents)``: ``parts`` has one
    row (any shape after the first axis) per document; documents are drawn with replacement."""
    parts = np.asarray(parts, dtype=float)
    n = parts.shape[0]
    estimate = float(statistic(parts.sum(axis=0))) if n else float("nan")
    if n == 0:
        return Interval(estimate, float("nan"), float("nan"), 0, 0)
    rng = np.random.default_rng(seed)
    counts = np.stack([np.bincount(row, minlength=n)
                       for row in rng.integers(0, n, size=(replicates, n))])
    flat = parts.reshape(n, -1)
    totals = (counts @ flat).reshape((replicates, *parts.shape[1:]))
    values = np.array([statistic(t) for t in totals], dtype=float)
    values = values[np.isfinite(values)]
    if len(values) == 0:
        return Interval(estimate, float("nan"), float("nan"), n, 0)
    tail = (1.0 - level) / 2
    low, high = np.quantile(values, [tail, 1.0 - tail])
    return Interval(estimate, float(low), float(high), n, len(values))


def _kappa(t: np.ndarray) -> float:
    return CharacterTable(*(int(round(x)) for x in t)).kappa


def kappa_interval(documents: Sequence[tuple[Sequence[Span], Sequence[Span], int]],
                   **kwargs: object) -> Interval:
    """Pooled Cohen's kappa of one code, documents resampled."""
    parts = np.array([[t.both, t.first_only, t.second_only, t.neither]
                      for t in (character_table(a, b, n) for a, b, n in documents)],
                     dtype=float).reshape(-1, 4)
    return bootstrap_documents(parts, _kappa, **kwargs)


def alpha_binary_interval(coders: Mapping[str, Sequence[tuple[Sequence[Span], int] | None]],
                          **kwargs: object) -> Interval:
    """Krippendorff's alpha-binary of one code (characters as units), documents resampled."""
    parts = binary_coincidences(coders)
    parts = parts[parts.sum(axis=(1, 2)) > 0]  # documents one coder coded pair nothing
    return bootstrap_documents(parts, alpha_from_coincidences, **kwargs)


def ac1_binary_interval(coders: Mapping[str, Sequence[tuple[Sequence[Span], int] | None]],
                        **kwargs: object) -> Interval:
    """Gwet's AC1 of one code (characters as units), documents resampled."""
    parts = binary_gwet_parts(coders)
    parts = parts[parts[:, 2] > 0]  # documents nobody compared coded
    return bootstrap_documents(parts, lambda p: gwet_from_parts(p).coefficient, **kwargs)


def domain_gwet_interval(documents: Sequence[UnitizedDocument],
                         categories: Sequence[str] | None = None,
                         weights: np.ndarray | None = None, **kwargs: object) -> Interval:
    """AC1 (AC2 with ``weights``) of one domain, documents resampled."""
    cats = _categories(documents, categories)
    parts = np.array([gwet_domain_parts(d, cats, weights) for d in documents]
                     ).reshape(-1, len(cats) + 4)
    return bootstrap_documents(parts, lambda p: gwet_from_parts(p, weights).coefficient,
                               **kwargs)


def unitizing_interval(documents: Sequence[UnitizedDocument], coefficient: str = "cu",
                       categories: Sequence[str] | None = None, **kwargs: object) -> Interval:
    """cu-alpha (or "u", "binary") of one domain, documents resampled."""
    cats = _categories(documents, categories)
    parts = np.array([unitizing_parts(d, cats) for d in documents
                      if len(d.segments) >= 2]).reshape(-1, (len(cats) + 1) ** 2
                                                        + 2 * len(cats) + 3)
    return bootstrap_documents(parts, lambda p: getattr(coefficients(p, cats), coefficient),
                               **kwargs)


Coders = dict[str, list[tuple[list[Span], int] | None]]


def _per_code(codings: Sequence[tuple[int, str, str, int, int]], lengths: Mapping[int, int],
              coders: Sequence[str]) -> dict[str, tuple[list[tuple[list[Span], list[Span], int]],
                                                        Coders]]:
    """Per code, as ``compare`` builds it: the documents both first coders coded, as pairs
    of spans, and every coder's spans per document (None where they coded nothing)."""
    coded_docs = {c: {d for d, _, who, _, _ in codings if who == c} for c in coders}
    docs = sorted(set().union(*coded_docs.values())) if coders else []
    both = [d for d in docs if all(d in coded_docs[c] for c in coders[:2])]
    out = {}
    for code in sorted({code for _, code, _, _, _ in codings}):
        spans: dict[tuple[str, int], list[Span]] = {}
        for d, cc, who, s, e in codings:
            if cc == code:
                spans.setdefault((who, d), []).append((s, e))
        pairs = [(spans.get((coders[0], d), []), spans.get((coders[1], d), []), lengths[d])
                 for d in both]
        every = {c: [(spans.get((c, d), []), lengths[d]) if d in coded_docs[c] else None
                     for d in docs] for c in coders}
        out[code] = (pairs, every)
    return out


def compare_intervals(codings: Sequence[tuple[int, str, str, int, int]],
                      lengths: Mapping[int, int], coders: Sequence[str],
                      replicates: int = REPLICATES, seed: int | None = 0
                      ) -> dict[str, tuple[Interval, Interval]]:
    """Per code, as ``compare`` builds its figures: (kappa interval between the first two
    coders, alpha-binary interval for all coders)."""
    return {code: (kappa_interval(pairs, replicates=replicates, seed=seed),
                   alpha_binary_interval(every, replicates=replicates, seed=seed))
            for code, (pairs, every) in _per_code(codings, lengths, coders).items()}


def ac1_intervals(codings: Sequence[tuple[int, str, str, int, int]],
                  lengths: Mapping[int, int], coders: Sequence[str],
                  replicates: int = REPLICATES, seed: int | None = 0) -> dict[str, Interval]:
    """Per code, the interval of ``compare``'s AC1 (all coders), documents resampled."""
    return {code: ac1_binary_interval(every, replicates=replicates, seed=seed)
            for code, (_, every) in _per_code(codings, lengths, coders).items()}
