from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from tupsalco.agreement import (
    CharacterTable,
    alpha_binary,
    character_table,
    coverage,
    krippendorff_alpha_nominal,
    pooled_table,
    reading,
)

NAN = np.nan
# Krippendorff's four-coder nominal example (12 units, missing values): alpha = 0.743
RELIABILITY_DATA = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
])


def test_krippendorff_published_example() -> None:
    assert round(krippendorff_alpha_nominal(RELIABILITY_DATA), 3) == 0.743
    oracle = krippendorff.alpha(reliability_data=RELIABILITY_DATA,
                                level_of_measurement="nominal")
    assert krippendorff_alpha_nominal(RELIABILITY_DATA) == pytest.approx(oracle)


def test_kappa_is_the_textbook_formula() -> None:
    # 1000 characters: both 80, first only 20, second only 40, neither 860
    t = CharacterTable(80, 20, 40, 860)
    po = 940 / 1000
    pe = (100 / 1000) * (120 / 1000) + (900 / 1000) * (880 / 1000)  # a sum, not a product
    assert t.agreement == pytest.approx(0.94)
    assert t.kappa == pytest.approx((po - pe) / (1 - pe))
    # pe = 0.1 × 0.12 + 0.9 × 0.88 = 0.804; kappa = (0.94 − 0.804) / 0.196 = 0.6939
    assert round(t.kappa, 4) == 0.6939
    wrong_pe = (100 / 1000) * (120 / 1000) * (900 / 1000) * (880 / 1000)  # the product bug
    assert t.kappa != pytest.approx((po - wrong_pe) / (1 - wrong_pe))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40)), max_size=5),
       st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40)), max_size=5))
def test_kappa_matches_sklearn_on_characters(first, second) -> None:
    spans_a = [(s, s + w) for s, w in first]
    spans_b = [(s, s + w) for s, w in second]
    table = character_table(spans_a, spans_b, 240)
    a, b = coverage(spans_a, 240), coverage(spans_b, 240)
    if len(set(a)) > 1 or len(set(b)) > 1:
        expected = cohen_kappa_score(a, b)
        if not np.isnan(expected):
            assert table.kappa == pytest.approx(expected, abs=1e-9)
    assert table.total == 240


def test_pooling_adds_characters_not_kappas() -> None:
    docs = [([(0, 10)], [(0, 10)], 100), ([(0, 50)], [(40, 90)], 100)]
    pooled = pooled_table(docs)
    assert pooled == character_table([(0, 10)], [(0, 10)], 100) + character_table(
        [(0, 50)], [(40, 90)], 100)
    separate = [character_table(a, b, n).kappa for a, b, n in docs]
    assert pooled.kappa != pytest.approx(sum(separate) / 2)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0.0, 1.0, NAN]), min_size=8, max_size=8),
                min_size=2, max_size=4))
def test_alpha_matches_the_krippendorff_package(rows) -> None:
    data = np.array(rows)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = np.unique(data[~np.isnan(data)])
    if pairable.sum() < 2 or len(values) < 2:
        return
    oracle = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert krippendorff_alpha_nominal(data) == pytest.approx(oracle, abs=1e-9, nan_ok=True)


def test_alpha_binary_with_a_missing_coder() -> None:
    coders = {
        "A": [([(0, 30)], 100), ([(10, 20)], 50)],
        "B": [([(5, 30)], 100), None],  # B did not code the second document
        "C": [([(0, 25)], 100), ([(10, 25)], 50)],
    }
    value = alpha_binary(coders)
    rows = np.vstack([
        np.concatenate([coverage([(0, 30)], 100), coverage([(10, 20)], 50)]).astype(float),
        np.concatenate([coverage([(5, 30)], 100), np.full(50, NAN)]),
        np.concatenate([coverage([(0, 25)], 100), coverage([(10, 25)], 50)]).astype(float),
    ])
    assert value == pytest.approx(krippendorff.alpha(reliability_data=rows,
                                                     level_of_measurement="nominal"))
    assert 0.7 < value < 1


def test_reading_thresholds() -> None:
    assert [reading(a) for a in (0.85, 0.7, 0.5)] == [
        "fiable", "conclusions provisoires", "insuffisant"]
    assert reading(float("nan")).startswith("indéfini")


def test_compare_per_code_on_the_demo_coders(demo_project) -> None:
    from tupsalco import coding
    from tupsalco.agreement import compare

    done = [(c.document_id, c.code_id, c.coder, c.start, c.end)
            for c in coding.codings(demo_project)]
    lengths = {d.id: d.n_chars for d in demo_project.documents()}
    rows = compare(done, lengths, ["A", "B"])
    assert len(rows) > 20
    for row in rows:
        assert row.table.total == sum(lengths[d] for d in {x[0] for x in done})
        assert -1 <= row.kappa <= 1 and (np.isnan(row.alpha) or row.alpha <= 1)
    mean_kappa = sum(r.kappa for r in rows) / len(rows)
    assert 0.3 < mean_kappa < 0.95  # two coders who mostly agree, not always
