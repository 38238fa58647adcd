"""Coefficients on a plain coders × units table of categories (NaN where a coder is missing)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RELIABLE, TENTATIVE = 0.800, 0.667  # Krippendorff's reading thresholds


def reading(alpha: float) -> str:
    """Krippendorff's reading of an alpha."""
    if np.isnan(alpha):
        return "indéfini (aucune variation)"
    if alpha >= RELIABLE:
        return "fiable"
    if alpha >= TENTATIVE:
        return "conclusions provisoires"
    return "insuffisant"


def _value_counts(data: np.ndarray, values: np.ndarray) -> np.ndarray:
    """values × units: how many coders gave each value to each unit."""
    return np.stack([(data == v).sum(axis=0) for v in values])


def alpha_from_coincidences(o: np.ndarray) -> float:
    """Nominal alpha from a values × values coincidence matrix. Coincidences add up over
    units, so per-document matrices can be summed (and resampled) before this step."""
    o = np.asarray(o, dtype=float)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n <= 1:
        return float("nan")
    observed = n - np.trace(o)
    expected = (n * n - (n_c ** 2).sum()) / (n - 1)
    if expected <= 0:
        return float("nan")  # no variation at all: alpha is undefined, not perfect
    return float(1.0 - observed / expected)


def krippendorff_alpha_nominal(data: np.ndarray) -> float:
    """Krippendorff's alpha for nominal data: ``data`` is coders × units, NaN where missing.

    Coincidences are counted within units that at least two coders valued; units with one
    value are not pairable and drop out."""
    data = np.asarray(data, dtype=float)
    values = np.unique(data[~np.isnan(data)])
    if len(values) == 0:
        return 1.0
    counts = _value_counts(data, values)
    m = counts.sum(axis=0)
    pairable = m >= 2
    counts, m = counts[:, pairable], m[pairable]
    if counts.shape[1] == 0:
        return float("nan")
    # coincidence matrix: o_ck = sum_u n_uc (n_uk - [c == k]) / (m_u - 1)
    weights = 1.0 / (m - 1)
    o = (counts * weights) @ counts.T - np.diag((counts * weights).sum(axis=1))
    return alpha_from_coincidences(o)


def brennan_prediger(data: np.ndarray, categories: Sequence[float] | None = None) -> float:
    """Brennan & Prediger's (1981) kappa_n: coders × units, NaN where missing.

    Chance agreement is 1/q for q categories (all equally likely), not the coders' own
    marginals as in Cohen's kappa, so a skewed code does not make kappa collapse. Observed
    agreement is the mean, over units rated at least twice, of the share of agreeing pairs
    (Gwet's multi-rater form, as irrCAC computes it). ``categories`` default to those used."""
    data = np.asarray(data, dtype=float)
    values = np.unique(data[~np.isnan(data)]) if categories is None else np.asarray(categories)
    q = len(values)
    if q < 2:
        return float("nan")  # one category: chance agreement is certain
    counts = _value_counts(data, values)
    m = counts.sum(axis=0)
    pairable = m >= 2
    if not pairable.any():
        return float("nan")
    counts, m = counts[:, pairable], m[pairable]
    observed = float(np.mean((counts * (counts - 1)).sum(axis=0) / (m * (m - 1))))
    chance = 1.0 / q
    return (observed - chance) / (1.0 - chance)
