"""Gwet's AC1 (nominal) and AC2 (weighted), for any number of coders with missing ones.

Gwet (2008, "Computing inter-rater reliability and its variance in the presence of high
agreement", British Journal of Mathematical and Statistical Psychology 61:29-48) and Gwet
(2014, Handbook of Inter-Rater Reliability, 4th ed., ch. 2-3), as his irrCAC package computes
them. For units i rated by r_i coders, r_ik of them choosing category k, and q categories:

- observed agreement, over the units rated at least twice:
  ``pa = mean_i sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1))`` with ``r*_ik = sum_l w_kl r_il``;
- each category's propensity, over every unit rated at least once:
  ``pi_k = mean_i r_ik / r_i``;
- chance agreement ``pe = sum_kl w_kl / (q (q - 1)) * sum_k pi_k (1 - pi_k)``;
- ``AC = (pa - pe) / (1 - pe)``: AC1 with identity weights, AC2 with others.

Chance agreement is the chance of agreeing on a hard-to-classify unit, not the product of the
coders' marginals: a category used on few units does not drive it towards 1, which is why
AC1 does not collapse where Cohen's kappa does (the "kappa paradox").

Everything is computed from additive parts (sums over units), so documents' parts can be
summed, pooled and resampled like the coincidence matrices of alpha.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import InputError

WEIGHTS = ("identity", "linear", "quadratic", "ordinal", "radical")
FIXED = 3  # parts: observed-agreement sum, units rated twice or more, units rated at all


@dataclass(frozen=True, slots=True)
class GwetAC:
    coefficient: float  # AC1 (identity weights) or AC2
    pa: float  # observed agreement
    pe: float  # chance agreement
    units: int  # units rated by at least two coders
    weighted: bool = False  # AC2: weights other than the identity

    @property
    def name(self) -> str:
        return "AC2" if self.weighted else "AC1"


def weight_matrix(kind: str, values: Sequence[float]) -> np.ndarray:
    """Gwet's (2014, ch. 3) weights for ordered ``values``: 1 on the diagonal, less the
    further apart two values are."""
    x = np.asarray(values, dtype=float)
    if kind not in WEIGHTS:
        raise InputError(f"pondération inconnue « {kind} » : {', '.join(WEIGHTS)}.")
    if kind == "identity" or len(x) < 2:
        return np.eye(len(x))
    gap = np.abs(x[:, None] - x[None, :])
    span = x.max() - x.min()
    if kind == "linear":
        return 1.0 - gap / span
    if kind == "quadratic":
        return 1.0 - (gap / span) ** 2
    if kind == "radical":
        return 1.0 - np.sqrt(gap) / np.sqrt(span)
    ranks = np.abs(np.arange(len(x))[:, None] - np.arange(len(x))[None, :]) + 1
    pairs = ranks * (ranks - 1) / 2  # ordinal: how many values lie between, ends included
    return 1.0 - pairs / pairs.max()


def codebook_weights(categories: Sequence[str], parent_of: Mapping[str, str | None],
                     partial: float = 0.5) -> np.ndarray:
    """Weights for codes of a codebook, index 0 being "not coded": two codes under the same
    parent (two sub-codes of one theme) agree for ``partial``, a code and its own parent too;
    other codes, and a code against "not coded", do not agree at all."""
    k = len(categories) + 1
    w = np.eye(k)
    for i, a in enumerate(categories, start=1):
        for j, b in enumerate(categories, start=1):
            if i != j and (parent_of.get(a) is not None and parent_of.get(a) == parent_of.get(b)
                           or parent_of.get(a) == b or parent_of.get(b) == a):
                w[i, j] = partial
    return w


def gwet_parts(counts: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Additive parts of a units × categories table of counts (how many coders put each unit
    in each category): [sum of observed agreement over units rated twice or more, those
    units, units rated at least once, then sum of r_ik / r_i per category]."""
    counts = np.asarray(counts, dtype=float).reshape(-1, np.shape(counts)[-1])
    q = counts.shape[1]
    w = np.eye(q) if weights is None else np.asarray(weights, dtype=float)
    r = counts.sum(axis=1)
    rated, pairable = r >= 1, r >= 2
    weighted = counts @ w.T
    agree = (counts * (weighted - 1)).sum(axis=1)
    pa_sum = float((agree[pairable] / (r[pairable] * (r[pairable] - 1))).sum())
    pi_sum = (counts[rated] / r[rated, None]).sum(axis=0)
    return np.concatenate([[pa_sum, pairable.sum(), rated.sum()], pi_sum])


def gwet_from_parts(parts: np.ndarray, weights: np.ndarray | None = None) -> GwetAC:
    """AC1 or AC2 from summed parts (see ``gwet_parts``)."""
    parts = np.asarray(parts, dtype=float)
    q = len(parts) - FIXED
    w = np.eye(q) if weights is None else np.asarray(weights, dtype=float)
    weighted = not np.allclose(w, np.eye(q))
    pa_sum, pairable, rated = parts[:FIXED]
    if pairable < 1 or q < 2:
        return GwetAC(float("nan"), float("nan"), float("nan"), int(pairable), weighted)
    pa = pa_sum / pairable
    pi = parts[FIXED:] / rated
    pe = float(w.sum() / (q * (q - 1)) * (pi * (1 - pi)).sum())
    if pe >= 1.0:
        return GwetAC(float("nan"), pa, pe, int(pairable), weighted)
    return GwetAC(float((pa - pe) / (1 - pe)), float(pa), pe, int(pairable), weighted)


def gwet_ac_counts(counts: np.ndarray, weights: str | np.ndarray = "identity",
                   values: Sequence[float] | None = None) -> GwetAC:
    """AC1 or AC2 from the distribution of coders by unit and category (units × q), as
    Gwet's ``gwet.ac1.dist``; named weights are computed on ``values`` (1..q by default)."""
    counts = np.asarray(counts, dtype=float)
    q = counts.shape[1]
    w = _weights(weights, values if values is not None else range(1, q + 1))
    return gwet_from_parts(gwet_parts(counts, w), w)


def gwet_ac(data: np.ndarray, weights: str | np.ndarray = "identity",
            categories: Sequence[float] | None = None) -> GwetAC:
    """AC1 or AC2 on a coders × units table of categories, NaN where a coder is missing, as
    Gwet's ``gwet.ac1.raw``. ``categories`` default to those used; named weights are
    computed on them."""
    data = np.asarray(data, dtype=float)
    values = (np.unique(data[~np.isnan(data)]) if categories is None
              else np.asarray(categories, dtype=float))
    counts = np.stack([(data == v).sum(axis=0) for v in values], axis=1) if len(values) \
        else np.zeros((data.shape[1], 0))
    w = _weights(weights, values)
    return gwet_from_parts(gwet_parts(counts, w), w)


def _weights(weights: str | np.ndarray, values: Sequence[float]) -> np.ndarray:
    if isinstance(weights, str):
        return weight_matrix(weights, list(values))
    return np.asarray(weights, dtype=float)
