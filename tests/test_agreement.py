from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from tupsalco.agreement import (
    RARE_PASSAGES,
    CharacterTable,
    Interval,
    UnitizedDocument,
    ac1_binary,
    ac1_intervals,
    alpha_binary,
    alpha_binary_from_documents,
    alpha_binary_interval,
    bootstrap_documents,
    brennan_prediger,
    character_table,
    clean_segments,
    code_document_table,
    codebook_weights,
    compare,
    compare_intervals,
    coverage,
    domain_gwet,
    domain_gwet_interval,
    gwet_ac,
    gwet_ac_counts,
    kappa_interval,
    krippendorff_alpha_nominal,
    overlap,
    pass_name,
    passages,
    passes,
    pooled_table,
    reading,
    retest,
    segment_agreement,
    split_pass,
    unitized_documents,
    unitizing_alpha,
    unitizing_interval,
    warnings,
)
from tupsalco.agreement.characters import levels, stretches
from tupsalco.demo import ADMIN as ADMIN_OF_DEMO

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


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 130), st.integers(0, 40)), max_size=5),
                min_size=1, max_size=4), st.integers(0, 120))
def test_levels_count_characters_as_the_coverage_vectors_do(coders, length: int) -> None:
    # spans may overlap, touch, pass the end of the text or be empty: the sweep over their ends
    # counts what the per-character vectors count
    entries = [[(s, s + w) for s, w in spans] for spans in coders]
    vectors = [coverage(e, length) for e in entries]
    ones = np.sum(vectors, axis=0, dtype=int) if length else np.zeros(0, dtype=int)
    assert levels(entries, length) == np.bincount(ones, minlength=len(entries) + 1).tolist()
    a, b = vectors[0], vectors[-1]
    assert character_table(entries[0], entries[-1], length) == CharacterTable(
        int(np.sum(a & b)), int(np.sum(a & ~b)), int(np.sum(~a & b)), int(np.sum(~a & ~b)))
    found = stretches(entries[0], length)
    assert all(e1 < s2 for (_, e1), (s2, _) in zip(found, found[1:], strict=False))
    assert sum(e - s for s, e in found) == int(a.sum())


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
            for c in coding.codings(demo_project, ADMIN_OF_DEMO)]
    lengths = {d.id: d.n_chars for d in demo_project.documents()}
    rows = compare(done, lengths, ["A", "B"])
    assert len(rows) > 20
    for row in rows:
        assert row.table.total == sum(lengths[d] for d in {x[0] for x in done})
        assert -1 <= row.kappa <= 1 and (np.isnan(row.alpha) or row.alpha <= 1)
    mean_kappa = sum(r.kappa for r in rows) / len(rows)
    assert 0.3 < mean_kappa < 0.95  # two coders who mostly agree, not always



# -- oracles on plain coders × units tables ---------------------------------------------------
def _cac(data: np.ndarray):  # noqa: ANN202
    # irrCAC 0.4.4 pins pandas<3 and scipy==1.12: installed with --no-deps, skipped if absent
    raw = pytest.importorskip("irrCAC.raw")
    import pandas as pd

    values = sorted(np.unique(data[~np.isnan(data)]).tolist())
    # categories given: under pandas 3, irrCAC's stack() keeps NaN and counts it as a category
    return raw.CAC(pd.DataFrame(data.T), categories=values)


def test_brennan_prediger_on_the_four_raters_example() -> None:
    """Gwet's four-rater, 12-unit example (irrCAC's ``raw_4raters``; Krippendorff's data
    above, transposed): pa = 0.81818, pe = 1/5 for the five values, so
    kappa_n = (0.81818 - 0.2) / 0.8 = 0.77273, as irrCAC's ``bp()`` reports."""
    assert round(brennan_prediger(RELIABILITY_DATA), 5) == 0.77273
    cac = _cac(RELIABILITY_DATA)
    assert brennan_prediger(RELIABILITY_DATA) == pytest.approx(
        cac.bp()["est"]["coefficient_value"], abs=1e-5)
    assert krippendorff_alpha_nominal(RELIABILITY_DATA) == pytest.approx(
        cac.krippendorff()["est"]["coefficient_value"], abs=1e-5)
    # chance is 1/q over the declared categories, not only the used ones
    assert brennan_prediger(RELIABILITY_DATA, categories=range(1, 11)) == pytest.approx(
        (9 / 11 - 0.1) / 0.9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0.0, 1.0, 2.0, NAN]), min_size=10, max_size=10),
                min_size=2, max_size=4))
def test_brennan_prediger_and_alpha_match_irrcac(rows) -> None:
    data = np.array(rows)
    values = np.unique(data[~np.isnan(data)])
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if len(values) < 2 or pairable.sum() < 2:
        return
    cac = _cac(data)
    assert brennan_prediger(data) == pytest.approx(cac.bp()["est"]["coefficient_value"],
                                                   abs=1e-5)
    alpha = krippendorff_alpha_nominal(data)
    if np.isfinite(alpha):
        assert alpha == pytest.approx(cac.krippendorff()["est"]["coefficient_value"], abs=1e-5)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=5, max_size=60))
def test_cohen_kappa_matches_irrcac_conger_for_two_coders(pairs) -> None:
    """Conger's kappa reduces to Cohen's for two coders."""
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    if len(set(a)) < 2 or len(set(b)) < 2:
        return
    table = CharacterTable(int(np.sum(a & b)), int(np.sum(a & ~b)), int(np.sum(~a & b)),
                           int(np.sum(~a & ~b)))
    oracle = _cac(np.vstack([a, b]).astype(float)).conger()["est"]["coefficient_value"]
    assert table.kappa == pytest.approx(oracle, abs=1e-5)
    assert table.kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-9)


# -- unitizing: u-, |u- and cu-alpha -----------------------------------------------------------
HAND = UnitizedDocument(10, {"A": [(0, 4, "x"), (6, 10, "y")],
                             "B": [(0, 5, "x"), (6, 8, "x"), (8, 10, "y")]})


def test_unitizing_family_on_a_hand_computed_case() -> None:
    """Two coders, 10 characters. Char 0-3: x/x; 4: gap/x; 5: gap/gap; 6-7: y/x; 8-9: y/y.

    Observed coincidences (gap, x, y), both orders, m - 1 = 1:
    [[2, 1, 0], [1, 8, 2], [0, 2, 4]], n = 20, marginals 3, 11, 6.
    Self-pairs: gap 2 + 1 = 3 (linear); x 4² + 5² + 2² = 45; y 4² + 2² = 20; S = 68.
    e_cc = 20 (n_c² - S_c) / (400 - 68): 120, 1520, 320 over 332.
    u-alpha = 1 - 6 / ((6640 - 1960) / 332) = 112/195.
    |u-alpha: coded block 16, marginal 17, self 65: e = 4480/332 and 120/332,
    1 - 2 / (2040/332) = 172/255.
    cu-alpha: [[8, 2], [2, 4]], n = 16; pairable weights A: 4, 4; B: 4, 2, 2, so self
    x = 16 + 16 + 4 = 36, y = 16 + 4 = 20; e = 16·64/200 = 5.12 and 16·16/200 = 1.28;
    1 - 4 / (16 - 6.4) = 7/12.
    x alone (y as gap): [[6, 3], [3, 8]], self x 45 and gap 9: 1 - 6·346/3960 = 157/330.
    y alone: [[12, 2], [2, 4]], self y 20 and gap 14: 1 - 4·366/3360 = 79/140."""
    r = unitizing_alpha([HAND])
    assert r.u == pytest.approx(112 / 195)
    assert r.binary == pytest.approx(172 / 255)
    assert r.cu == pytest.approx(7 / 12)
    assert r.by_category == pytest.approx({"x": 157 / 330, "y": 79 / 140})
    assert (r.documents, r.conflicts) == (1, 0)


def test_unitizing_perfect_agreement_and_order_of_coders() -> None:
    same = [(0, 3, "x"), (5, 9, "y"), (12, 20, "x")]
    r = unitizing_alpha([UnitizedDocument(25, {"A": same, "B": same, "C": same})])
    assert (r.u, r.binary, r.cu) == (pytest.approx(1.0), pytest.approx(1.0), pytest.approx(1.0))
    swapped = UnitizedDocument(10, {"B": HAND.segments["B"], "A": HAND.segments["A"]})
    assert unitizing_alpha([swapped]) == unitizing_alpha([HAND])
    # one category only: cu has nothing to disagree on and is undefined, not perfect
    assert np.isnan(unitizing_alpha([UnitizedDocument(9, {"A": [(0, 3, "x")],
                                                          "B": [(1, 3, "x")]})]).cu)


CODER_ROWS = st.lists(st.lists(st.sampled_from([0, 1, 2, 3]), min_size=12, max_size=12),
                      min_size=2, max_size=4)


def _one_char_segments(row: list[int]) -> list[tuple[int, int, str]]:
    return [(i, i + 1, str(v)) for i, v in enumerate(row) if v]


@settings(max_examples=40, deadline=None)
@given(CODER_ROWS, st.integers(0, 3))
def test_unitizing_with_one_character_segments_is_nominal_alpha(rows, missing) -> None:
    """Segments one character long pair like characters: u-alpha is nominal alpha on
    characters with the gap as one more value, |u-alpha is alpha-binary; a second document
    where one coder is missing (NaN in the oracle's rows) is pooled the same way."""
    coders = [f"c{i}" for i in range(len(rows))]
    absent = coders[missing % len(coders)]
    first = UnitizedDocument(12, {c: _one_char_segments(r) for c, r in zip(coders, rows,
                                                                              strict=True)})
    second = UnitizedDocument(12, {c: _one_char_segments(r[::-1])
                                   for c, r in zip(coders, rows, strict=True) if c != absent})
    data = np.hstack([np.array(rows, dtype=float),
                      np.array([r[::-1] if c != absent else [NAN] * 12
                                for c, r in zip(coders, rows, strict=True)], dtype=float)])
    if len(second.segments) < 2:
        data = data[:, :12]
    r = unitizing_alpha([first, second])
    values = np.unique(data[~np.isnan(data)])
    if len(values) >= 2:
        oracle = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert r.u == pytest.approx(oracle, abs=1e-9)
    binary = np.where(np.isnan(data), NAN, (data > 0).astype(float))
    if len(np.unique(binary[~np.isnan(binary)])) == 2:
        assert r.binary == pytest.approx(krippendorff_alpha_nominal(binary), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(CODER_ROWS, st.integers(1, 7))
def test_cu_alpha_on_fixed_units_is_nominal_alpha(rows, width) -> None:
    """Segments that coincide with fixed units of equal width: where every coder codes every
    unit, cu- and u-alpha both equal nominal alpha on the units (the krippendorff package);
    with two coders and gaps, cu-alpha is nominal alpha on the units both coded."""
    full = [[v or 1 for v in r] for r in rows]  # no gaps
    doc = UnitizedDocument(12 * width, {
        f"c{i}": [(u * width, (u + 1) * width, str(v)) for u, v in enumerate(r)]
        for i, r in enumerate(full)})
    data = np.array(full, dtype=float)
    r = unitizing_alpha([doc])
    if len(np.unique(data)) >= 2:
        oracle = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert r.cu == pytest.approx(oracle, abs=1e-9)
        assert r.u == pytest.approx(oracle, abs=1e-9)
    a, b = rows[0], rows[1]
    gaps = UnitizedDocument(12 * width, {
        who: [(u * width, (u + 1) * width, str(v)) for u, v in enumerate(row) if v]
        for who, row in (("A", a), ("B", b))})
    both = np.array([[x, y] for x, y in zip(a, b, strict=True) if x and y], dtype=float).T
    if both.size and len(np.unique(both)) >= 2:
        oracle = krippendorff.alpha(reliability_data=both, level_of_measurement="nominal")
        assert unitizing_alpha([gaps]).cu == pytest.approx(oracle, abs=1e-9)


def test_unitizing_missing_coders_and_conflicts() -> None:
    alone = UnitizedDocument(50, {"A": [(0, 50, "x")]})  # one coder: nothing pairable
    assert unitizing_alpha([HAND, alone]) == unitizing_alpha([HAND])
    assert unitizing_alpha([HAND, alone]).documents == 1
    # same category overlapping: merged; two categories on the same characters: trimmed
    assert clean_segments([(0, 5, "x"), (3, 8, "x"), (6, 12, "y"), (20, 30, "x")], 25) == (
        [(0, 8, "x"), (8, 12, "y"), (20, 25, "x")], 2)
    noisy = UnitizedDocument(10, {"A": [(0, 4, "x"), (2, 4, "y"), (6, 10, "y")],
                                  "B": HAND.segments["B"]})
    assert unitizing_alpha([noisy]).conflicts == 2
    assert unitizing_alpha([noisy]).cu == pytest.approx(unitizing_alpha([HAND]).cu)


def test_unitized_documents_from_codings() -> None:
    codings = [(1, "x", "A", 0, 4), (1, "y", "A", 6, 10), (1, "x", "B", 0, 5),
               (1, "x", "B", 6, 8), (1, "y", "B", 8, 10), (1, "other", "C", 0, 2),
               (2, "other", "B", 0, 3)]
    docs = unitized_documents(codings, {1: 10, 2: 7}, ["A", "B", "C"], ["x", "y"])
    assert docs[0].segments["C"] == []  # coded something else: all gap, not missing
    assert set(docs[1].segments) == {"B"}  # A and C did not code document 2
    two = unitized_documents(codings, {1: 10, 2: 7}, ["A", "B"], ["x", "y"])
    assert unitizing_alpha(two) == unitizing_alpha([HAND])


# -- segment matching (MAXQDA) ------------------------------------------------------------------
def test_overlap_is_intersection_over_union() -> None:
    assert overlap((0, 10), (0, 10)) == 1.0
    assert overlap((0, 10), (1, 10)) == pytest.approx(0.9)
    assert overlap((0, 10), (5, 15)) == pytest.approx(5 / 15)
    assert overlap((0, 10), (10, 20)) == 0.0


def test_segment_agreement_by_hand() -> None:
    """Code p: A (0,100) ~ B (5,100), overlap 0.95: both segments agree (2). A (200,250) vs
    B (200,300), overlap 0.5: two disagreements at 90 %, two agreements at 50 %.
    Code q: A (400,410) unmatched; B (500,520) unmatched; A and B (600,650) agree.
    Document 2 is coded by A only: left out, as MAXQDA compares a document pair.
    At 90 %: p 2/4, q 2/4, observed 4/8 = 0.5, chance 1/2 codes, kappa_n = 0.
    At 50 %: p 4/4, q 2/4, observed 0.75, kappa_n = (0.75 - 0.5) / 0.5 = 0.5."""
    codings = [(1, "p", "A", 0, 100), (1, "p", "B", 5, 100), (1, "p", "A", 200, 250),
               (1, "p", "B", 200, 300), (1, "q", "A", 400, 410), (1, "q", "B", 500, 520),
               (1, "q", "A", 600, 650), (1, "q", "B", 600, 650), (2, "q", "A", 0, 10)]
    strict = segment_agreement(codings, ("A", "B"))
    assert [(r.code, r.agreements, r.disagreements) for r in strict.rows] == [
        ("p", 2, 2), ("q", 2, 2)]
    assert (strict.observed, strict.chance, strict.kappa) == (0.5, 0.5, 0.0)
    loose = segment_agreement(codings, ("A", "B"), min_overlap=0.5)
    assert [r.agreements for r in loose.rows] == [4, 2]
    assert loose.kappa == pytest.approx(0.5)
    same = [(1, c, who, s, e) for _, c, _, s, e in codings[:-1] for who in "AB"]
    assert segment_agreement(same, ("A", "B")).kappa == 1.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABC"), st.sampled_from("pqr"), st.integers(0, 80),
                          st.integers(1, 30)), max_size=20),
       st.floats(0.05, 0.95), st.floats(0.05, 0.95))
def test_segment_agreement_grows_as_the_threshold_drops(raw, t1, t2) -> None:
    codings = [(1, code, who, s, s + w) for who, code, s, w in raw]
    low, high = sorted((t1, t2))
    a = segment_agreement(codings, ("A", "B"), low)
    b = segment_agreement(codings, ("A", "B"), high)
    assert [r.code for r in a.rows] == [r.code for r in b.rows]
    for ra, rb in zip(a.rows, b.rows, strict=True):
        assert ra.total == rb.total and ra.agreements >= rb.agreements
    if len(a.rows) >= 2:
        assert -1 <= b.kappa <= a.kappa <= 1
        chance = 1 / len(a.rows)
        assert a.kappa == pytest.approx((a.observed - chance) / (1 - chance))


# -- bootstrap by documents ---------------------------------------------------------------------
DOCS = [([(0, 40)], [(5, 40)], 100), ([(10, 30)], [(10, 60)], 100), ([], [(0, 5)], 80),
        ([(0, 90)], [(0, 85)], 120), ([(50, 70)], [(40, 70)], 90), ([(0, 10)], [], 60)]


def test_kappa_interval_brackets_the_pooled_estimate_and_is_seeded() -> None:
    interval = kappa_interval(DOCS, replicates=500, seed=7)
    assert isinstance(interval, Interval)
    assert interval.estimate == pytest.approx(pooled_table(DOCS).kappa)
    assert interval.low <= interval.estimate <= interval.high
    assert interval.low < interval.high  # documents disagree differently
    assert (interval.n_documents, interval.replicates) == (6, 500)
    assert kappa_interval(DOCS, replicates=500, seed=7) == interval
    assert kappa_interval(DOCS, replicates=500, seed=8) != interval


def test_identical_documents_give_a_zero_width_interval() -> None:
    docs = [([(0, 40)], [(5, 40)], 100)] * 8
    interval = kappa_interval(docs, replicates=300)
    assert interval.low == pytest.approx(interval.estimate)
    assert interval.high == pytest.approx(interval.estimate)
    coders = {"A": [([(0, 30)], 100)] * 5, "B": [([(5, 30)], 100)] * 5}
    alpha = alpha_binary_interval(coders, replicates=300)
    assert alpha.estimate == pytest.approx(alpha_binary(coders))
    assert alpha.high - alpha.low == pytest.approx(0, abs=1e-12)
    cu = unitizing_interval([HAND] * 4, replicates=300)
    pooled = unitizing_alpha([HAND] * 4).cu  # not 7/12: more documents, more chance pairs
    assert (cu.estimate, cu.low, cu.high) == pytest.approx((pooled, pooled, pooled))


def test_bootstrap_generic_mean_and_alpha_binary_pooling() -> None:
    parts = np.arange(1.0, 21.0)[:, None]
    interval = bootstrap_documents(parts, lambda t: float(t[0]), replicates=2000, seed=1)
    assert interval.estimate == 210.0  # the statistic sees the sum over documents
    assert 150 < interval.low < 210 < interval.high < 270
    coders = {"A": [([(0, 30)], 100), ([(10, 20)], 50), None],
              "B": [([(5, 30)], 100), None, ([(0, 9)], 40)],
              "C": [([(0, 25)], 100), ([(10, 25)], 50), ([(0, 12)], 40)]}
    assert alpha_binary_from_documents(coders) == pytest.approx(alpha_binary(coders))
    assert alpha_binary_interval(coders, replicates=200).n_documents == 3


def test_compare_intervals_on_the_demo(demo_project) -> None:
    from tupsalco import coding
    from tupsalco.agreement import compare

    done = [(c.document_id, c.code_id, c.coder, c.start, c.end)
            for c in coding.codings(demo_project, ADMIN_OF_DEMO)]
    lengths = {d.id: d.n_chars for d in demo_project.documents()}
    rows = {r.code: r for r in compare(done, lengths, ["A", "B"])}
    intervals = compare_intervals(done, lengths, ["A", "B"], replicates=200)
    assert set(intervals) == set(rows)
    for code, (kappa, alpha) in intervals.items():
        assert kappa.estimate == pytest.approx(rows[code].kappa)
        assert alpha.estimate == pytest.approx(rows[code].alpha, nan_ok=True)
        if kappa.replicates:
            assert kappa.low <= kappa.estimate + 1e-9 and kappa.estimate <= kappa.high + 1e-9


def test_nvivo_help_worked_example() -> None:
    """NVivo's help, "Run a Coding Comparison query" (help-nv10/nv11.qsrinternational.com):
    a 1,000-character document, 50 characters coded by both users, 150 by only one of them
    and 800 by neither: percentage agreement (800 + 50) / 1000 = 85%. Its kappa follows the
    help's steps: EF1 = coded by A × coded by B / total, EF2 = not coded by A × not coded by
    B / total, K = (agreement units − ΣEF) / (total − ΣEF). With A coding 150 characters and
    B 100 (100 + 50 of the 150 one-only characters): EF1 = 15, EF2 = 765, K = 70 / 220."""
    a = [(0, 150)]  # A codes characters 0-149
    b = [(100, 200)]  # B codes 100-199: both on 100-149 (50), one only on 0-99 and 150-199
    table = character_table(a, b, 1000)
    assert (table.both, table.first_only + table.second_only, table.neither) == (50, 150, 800)
    assert table.agreement == pytest.approx(0.85)
    ef = 150 * 100 / 1000 + 850 * 900 / 1000
    assert ef == pytest.approx(780)
    assert table.kappa == pytest.approx((850 - ef) / (1000 - ef)) == pytest.approx(70 / 220)


@pytest.mark.parametrize("width", [1, 5])
def test_unitizing_on_krippendorffs_published_example(width: int) -> None:
    """Krippendorff's four-coder example as a continuum: each of the 12 units a document of
    ``width`` characters that every coder who rated it codes whole with their value, a coder
    who gave no value being absent from that document. Then the segments are the units, and
    u-alpha and cu-alpha both give the published alpha = 0.743."""
    docs = [UnitizedDocument(width, {f"c{i}": [(0, width, str(int(v)))]
                                     for i, v in enumerate(RELIABILITY_DATA[:, u])
                                     if not np.isnan(v)})
            for u in range(RELIABILITY_DATA.shape[1])]
    r = unitizing_alpha(docs)
    assert round(r.u, 3) == 0.743
    assert round(r.cu, 3) == 0.743


# -- Gwet's AC1 and AC2 -------------------------------------------------------------------------
# Gwet's published examples, as his irrCAC R package prints them (its README and its weighting
# vignette; the data are those of Gwet 2014, Handbook of Inter-Rater Reliability, 4th ed.)
DISTRIB_6RATERS = np.array([  # 15 patients, 6 psychiatrists, 5 diagnoses
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1]])
CONT3X3_ABSTRACTORS = np.array([[13, 0, 0], [0, 20, 7], [0, 4, 56]])  # 100 pregnancies


def _two_raters(table: np.ndarray) -> np.ndarray:
    """A contingency table of two raters as their raw ratings (1..q), coders × units."""
    pairs = [(i + 1, j + 1) for i in range(len(table)) for j in range(len(table))
             for _ in range(int(table[i, j]))]
    return np.array(pairs, dtype=float).T


@pytest.mark.parametrize(("weights", "coefficient", "pa", "pe"), [
    ("identity", 0.77544, 0.8181818, 0.1903212),  # gwet.ac1.raw(cac.raw4raters)
    ("quadratic", 0.914, 0.9753788, 0.7137044),  # ... weights = "quadratic"
])
def test_gwet_published_raw_four_raters(weights: str, coefficient: float, pa: float,
                                        pe: float) -> None:
    result = gwet_ac(RELIABILITY_DATA, weights)
    assert (round(result.coefficient, 5), round(result.pa, 7), round(result.pe, 7)) == (
        coefficient, pa, pe)
    assert result.name == ("AC1" if weights == "identity" else "AC2")
    assert result.units == 11  # unit 12 was rated once: in the propensities, not in pa


@pytest.mark.parametrize(("weights", "coefficient"), [
    ("linear", 0.859), ("ordinal", 0.899), ("radical", 0.820)])  # irrCAC (Python)'s own tests
def test_gwet_other_weights_on_the_four_raters(weights: str, coefficient: float) -> None:
    assert round(gwet_ac(RELIABILITY_DATA, weights).coefficient, 3) == coefficient


def test_gwet_published_distribution_and_contingency_table() -> None:
    ac1 = gwet_ac_counts(DISTRIB_6RATERS)  # gwet.ac1.dist(distrib.6raters)
    assert (round(ac1.coefficient, 7), round(ac1.pa, 7), round(ac1.pe, 7)) == (
        0.4448007, 0.5511111, 0.1914815)
    ac2 = gwet_ac_counts(DISTRIB_6RATERS, "quadratic")
    assert (round(ac2.coefficient, 7), round(ac2.pa, 7), round(ac2.pe, 7)) == (
        0.4837438, 0.8544444, 0.7180556)
    raw = _two_raters(CONT3X3_ABSTRACTORS)  # gwet.ac1.table(cont3x3abstractors)
    assert round(gwet_ac(raw).coefficient, 7) == 0.8493305
    assert round(gwet_ac(raw, "quadratic").coefficient, 7) == 0.9402369
    assert gwet_ac(raw).pa == pytest.approx(0.89)


def _irrcac_gwet(data: np.ndarray, categories: list[float], weights: str | np.ndarray) -> float:
    raw = pytest.importorskip("irrCAC.raw")
    import pandas as pd

    cac = raw.CAC(pd.DataFrame(data.T), weights=weights, categories=categories, digits=12)
    return cac.gwet()["est"]["coefficient_value"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0.0, 1.0, 2.0, NAN]), min_size=10, max_size=10),
                min_size=2, max_size=4),
       st.sampled_from(["identity", "linear", "quadratic", "ordinal", "codebook"]))
def test_gwet_matches_irrcac(rows, weights) -> None:
    data = np.array(rows)
    if ((~np.isnan(data)).sum(axis=0) >= 2).sum() < 1:
        return  # irrCAC divides by the number of units rated twice
    categories = [0.0, 1.0, 2.0]
    w = (codebook_weights(["x", "y"], {"x": "t", "y": "t"}) if weights == "codebook"
         else weights)
    ours = gwet_ac(data, w, categories=categories)
    assert ours.coefficient == pytest.approx(_irrcac_gwet(data, categories, w), abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 90), st.integers(1, 30)), max_size=4),
       st.lists(st.tuples(st.integers(0, 90), st.integers(1, 30)), max_size=4),
       st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20)), max_size=3))
def test_ac1_on_characters_matches_irrcac(first, second, third) -> None:
    """Characters as units, pooled over two documents, the third coder missing from the
    second one: AC1 as irrCAC computes it on the coders × characters table with NaN."""
    a = [(s, s + w) for s, w in first]
    b = [(s, s + w) for s, w in second]
    c = [(s, s + w) for s, w in third]
    coders = {"A": [(a, 120), (b, 60)], "B": [(b, 120), (a, 60)], "C": [(c, 120), None]}
    rows = np.vstack([
        np.concatenate([coverage(a, 120), coverage(b, 60)]).astype(float),
        np.concatenate([coverage(b, 120), coverage(a, 60)]).astype(float),
        np.concatenate([coverage(c, 120).astype(float), np.full(60, NAN)])])
    expected = _irrcac_gwet(rows, [0.0, 1.0], "identity")
    assert ac1_binary(coders) == pytest.approx(expected, abs=1e-9)
    assert gwet_ac(rows, categories=[0.0, 1.0]).coefficient == pytest.approx(expected, abs=1e-9)
    pair = character_table(a, b, 120)
    two = np.vstack([coverage(a, 120), coverage(b, 120)]).astype(float)
    assert pair.ac1 == pytest.approx(_irrcac_gwet(two, [0.0, 1.0], "identity"), abs=1e-9)


def test_the_kappa_paradox_on_a_rare_code() -> None:
    """1000 characters; each coder codes 35, never the same ones: 930 agree (93 %), all of
    them uncoded. Kappa's chance agreement is 0.965² + 0.035² = 0.93245, so kappa is
    (0.93 - 0.93245) / 0.06755 = -0.036. AC1's is 2 × 0.035 × 0.965 = 0.06755, so
    AC1 = (0.93 - 0.06755) / 0.93245 = 0.925: high, though the coders agreed on no coded
    character (positive agreement 0). Both readings are needed, with the counts."""
    t = character_table([(0, 35)], [(35, 70)], 1000)
    assert (t.both, t.first_only, t.second_only, t.neither) == (0, 35, 35, 930)
    assert t.agreement == pytest.approx(0.93)
    assert t.kappa_chance == pytest.approx(0.93245)
    assert round(t.kappa, 3) == -0.036
    assert t.ac1_chance == pytest.approx(0.06755)
    assert round(t.ac1, 3) == 0.925
    assert t.positive_agreement == 0.0
    same = character_table([(0, 35)], [(0, 35)], 1000)
    assert same.kappa == pytest.approx(1.0) and same.ac1 == pytest.approx(1.0)


def test_domain_ac1_and_ac2_on_the_hand_case() -> None:
    """HAND per character (0 gap, 1 x, 2 y): A 1111002222, B 1111101122. pa = 7/10;
    propensities gap 3/20, x 11/20, y 6/20, sum pi (1 - pi) = 0.585; AC1: pe = 0.585 / 2,
    (0.7 - 0.2925) / 0.7075 = 163/283. x and y share a parent: half credit where one coder
    said x and the other y (characters 6-7), so pa = 8/10, pe = 4/6 × 0.585 = 0.39 and
    AC2 = 0.41 / 0.61 = 41/61."""
    ac1 = domain_gwet([HAND], ["x", "y"])
    assert (ac1.pa, ac1.pe, ac1.coefficient) == pytest.approx((0.7, 0.2925, 163 / 283))
    w = codebook_weights(["x", "y"], {"x": "theme", "y": "theme"})
    assert w.tolist() == [[1, 0, 0], [0, 1, 0.5], [0, 0.5, 1]]
    ac2 = domain_gwet([HAND], ["x", "y"], w)
    assert (ac2.pa, ac2.pe, ac2.coefficient) == pytest.approx((0.8, 0.39, 41 / 61))
    assert ac2.name == "AC2"
    interval = domain_gwet_interval([HAND] * 4, ["x", "y"], w, replicates=100)
    assert (interval.low, interval.high) == pytest.approx((41 / 61, 41 / 61))
    # unrelated codes (different parents) get no credit: AC2 is AC1 again
    assert codebook_weights(["x", "y"], {"x": "a", "y": "b"}).tolist() == np.eye(3).tolist()


def test_ac1_in_compare_and_its_interval_on_the_demo(demo_project) -> None:
    from tupsalco import coding
    from tupsalco.agreement import compare

    done = [(c.document_id, c.code_id, c.coder, c.start, c.end)
            for c in coding.codings(demo_project, ADMIN_OF_DEMO)]
    lengths = {d.id: d.n_chars for d in demo_project.documents()}
    rows = {r.code: r for r in compare(done, lengths, ["A", "B"])}
    for r in rows.values():  # both coders coded the same documents: the pair's AC1
        assert r.ac1 == pytest.approx(r.table.ac1)
    # the demo's rare codes: almost all agreement is on uncoded text; AC1 follows it
    assert all(r.ac1 >= r.kappa - 1e-12 and r.ac1 > 0.95 for r in rows.values())
    code = next(iter(sorted(rows)))
    interval = ac1_intervals([x for x in done if x[1] == code], lengths, ["A", "B"],
                             replicates=100)[code]
    assert interval.low <= interval.estimate <= interval.high


# -- warnings -----------------------------------------------------------------------------------
def test_warnings_on_a_hand_built_case() -> None:
    """Code p: doc 1 A 0-10 and B 5-15 overlap (one passage), A 20-30 and B 30-40 touch
    (one), doc 2 A 0-10, C 50-60, B 70-80 (three): 5 passages, not rare. Code q: A 50-60 and
    B 52-58 in doc 1, one passage: rare. Code r: C alone, doc 2 0-8, where A coded p: one
    coder, and rare. C coded nothing in doc 1, which A and B coded."""
    codings = [(1, "p", "A", 0, 10), (1, "p", "B", 5, 15), (1, "p", "A", 20, 30),
               (1, "p", "B", 30, 40), (2, "p", "A", 0, 10), (2, "p", "C", 50, 60),
               (2, "p", "B", 70, 80), (1, "q", "A", 50, 60), (1, "q", "B", 52, 58),
               (2, "r", "C", 0, 8)]
    found = warnings(codings, ["A", "B", "C"], labels={"q": "Quête", "r": "Rareté"},
                     document_names={1: "Entretien 1"})
    assert [(w.kind, w.code, w.coder) for w in found] == [
        ("code_rare", "q", None), ("code_rare", "r", None), ("codeur_absent", None, "C"),
        ("code_un_codeur", "r", "C")]
    rare = found[0]
    assert (rare.count, rare.limit) == (1, RARE_PASSAGES) and RARE_PASSAGES == 5
    assert "« Quête »" in rare.observation and "seuil de 5" in rare.observation
    absent = found[2]
    assert absent.documents == (1,) and absent.count == 1
    assert "1 des 2 documents" in absent.observation and "Entretien 1" in absent.observation
    lone = found[3]
    assert (lone.documents, lone.count, lone.other_code) == ((2,), 1, "p")
    assert all(w.implication and w.suggestion for w in found)
    # N is the caller's: with 6, p's 5 passages are too few
    assert "p" in {w.code for w in warnings(codings, ["A", "B", "C"], min_passages=6)}
    # only the coders compared count: between A and B, r and C are not there, and p is
    # left with 4 passages
    assert [(w.kind, w.code) for w in warnings(codings, ["A", "B"])] == [
        ("code_rare", "p"), ("code_rare", "q")]
    assert passages([(1, 0, 10), (1, 5, 15), (1, 15, 20), (1, 21, 22), (2, 0, 1)]) == 3


# -- intra-coder agreement and the code × document table -------------------------------------
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section A: binary data,
# two observers, ten units, no missing value: alpha = 0.095.
KRIPP_BINARY = ([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0])


def _chars(values: list[int]) -> list[tuple[int, int]]:
    """Binary values as one-character spans: each unit a character, coded where 1."""
    return [(i, i + 1) for i, v in enumerate(values) if v]


def test_pass_names_round_trip_and_group_by_coder() -> None:
    assert split_pass(pass_name("ana", "1")) == ("ana", "1")
    assert split_pass("ana") == ("ana", None)
    assert passes(["bea", "ana", pass_name("ana", "2"), pass_name("ana", "1"),
                   pass_name("chef", "1")]) == {
        "ana": ["ana · passe 1", "ana · passe 2", "ana"], "chef": ["chef · passe 1"]}


def test_retest_reproduces_krippendorff_binary_and_nvivo_examples() -> None:
    """Two passes of one coder as two coders: Krippendorff's binary example (alpha = 0.095),
    NVivo's worked example (kappa = 70/220 = 0.318); a document coded in the second pass only
    is left out: it says nothing of stability."""
    first, second = pass_name("ana", "1"), "ana"
    a, b = KRIPP_BINARY
    done = ([(1, "x", first, s, e) for s, e in _chars(a)]
            + [(1, "x", second, s, e) for s, e in _chars(b)])
    x, = retest(done, {1: 10}, first, second).rows
    assert round(x.alpha, 3) == 0.095
    assert x.kappa == pytest.approx((0.6 - 0.56) / 0.44)  # Cohen: po 6/10, pe .2*.4 + .8*.6
    done = [(2, "y", first, 0, 150), (2, "y", second, 100, 200), (3, "y", second, 0, 5),
            (3, "z", second, 10, 20)]
    r = retest(done, {2: 1000, 3: 50}, first, second)
    assert (r.documents, r.first_only, r.second_only) == ((2,), (), (3,))
    y, = r.rows  # z was coded in document 3 only: no row
    assert round(y.kappa, 3) == 0.318 and y.kappa == pytest.approx(70 / 220)
    assert y.table.total == 1000
    # only the passes' own codings: another coder's are left out
    assert retest([*done, (2, "y", "bea", 0, 10)], {2: 1000, 3: 50}, first, second) == r


def test_retest_ac1_matches_irrcac_on_krippendorffs_binary_example() -> None:
    a, b = KRIPP_BINARY
    done = ([(1, "x", "p1", s, e) for s, e in _chars(a)]
            + [(1, "x", "p2", s, e) for s, e in _chars(b)])
    ac1 = retest(done, {1: 10}, "p1", "p2").rows[0].ac1
    assert ac1 == pytest.approx((0.6 - 0.42) / 0.58)  # pi = 6/20, pe = 2 pi (1 - pi)
    expected = _cac(np.array([a, b], dtype=float)).gwet()["est"]["coefficient_value"]
    assert ac1 == pytest.approx(expected, abs=1e-4)


def test_code_document_table_cells_reproduce_the_published_examples() -> None:
    a, b = KRIPP_BINARY
    done = ([(1, "x", "A", s, e) for s, e in _chars(a)]
            + [(1, "x", "B", s, e) for s, e in _chars(b)]
            + [(2, "x", "A", 0, 150), (2, "x", "B", 100, 200),
               (2, "y", "B", 300, 310),  # y: B only, in document 2
               (3, "x", "A", 0, 5)])  # document 3: A alone, no cell
    lengths = {1: 10, 2: 1000, 3: 50}
    cells = code_document_table(done, lengths, ["A", "B"])
    assert [(c.code, c.document) for c in cells] == [("x", 1), ("x", 2), ("y", 2)]
    x1, x2, y2 = cells
    assert round(x1.alpha, 3) == 0.095  # Krippendorff (2011)
    assert round(x2.kappa, 3) == 0.318 and x2.table.agreement == pytest.approx(0.85)  # NVivo
    assert (y2.table.both, y2.table.second_only, y2.kappa) == (0, 10, 0.0)
    # the cells' characters add up to the pooled table of the documents both coded
    pooled = {r.code: r.table for r in compare([d for d in done if d[0] != 3], lengths,
                                               ["A", "B"])}
    assert x1.table + x2.table == pooled["x"]
    # a third coder: kappa stays the first two's, NaN where one of them is absent
    third = code_document_table([*done, (3, "x", "C", 0, 5)], lengths, ["A", "B", "C"])
    x3 = next(c for c in third if c.document == 3)
    assert np.isnan(x3.kappa) and x3.alpha == 1.0


def test_code_document_table_adds_up_to_the_pooled_figures_on_the_demo(demo_project) -> None:
    from tupsalco import coding

    done = [(c.document_id, c.code_id, c.coder, c.start, c.end)
            for c in coding.codings(demo_project, ADMIN_OF_DEMO)]
    lengths = {d.id: d.n_chars for d in demo_project.documents()}
    cells = code_document_table(done, lengths, ["A", "B"])
    pooled = {r.code: r.table for r in compare(done, lengths, ["A", "B"])}
    by_code: dict[str, CharacterTable] = {}
    for c in cells:
        by_code[c.code] = by_code.get(c.code, CharacterTable(0, 0, 0, 0)) + c.table
        assert c.table.total == lengths[c.document]
    for code, table in by_code.items():
        # the pooled table also counts the documents where nobody coded this code, uncoded
        assert (table.both, table.first_only, table.second_only) == (
            pooled[code].both, pooled[code].first_only, pooled[code].second_only)


# -- a round's passages: agreed or to adjudicate ---------------------------------------------
def test_overlapping_spans_chain_into_one_passage_per_code_and_document() -> None:
    from tupsalco.agreement import merged, split_passages

    done = [(1, "a", "x", 10, 40), (1, "a", "y", 30, 60), (1, "a", "x", 55, 70),
            (1, "a", "x", 100, 120), (1, "a", "y", 100, 120), (1, "b", "x", 5, 8),
            (2, "a", "z", 0, 5)]  # z is not compared
    found = split_passages(done, ["x", "y"])
    assert [(p.document_id, p.code_id, p.start, p.end, p.agreed) for p in found] == [
        (1, "a", 10, 70, False), (1, "a", 100, 120, True), (1, "b", 5, 8, False)]
    chain = found[0]
    assert chain.by_coder == {"x": ((10, 40), (55, 70)), "y": ((30, 60),)}
    assert chain.decided("keep", "y") == [(30, 60)]
    assert chain.decided("union") == [(10, 70)] == merged([(10, 40), (30, 60), (55, 70)])
    assert chain.decided("reject") == []
    assert found[2].by_coder == {"x": ((5, 8),), "y": ()}  # coded by one coder only


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["x", "y", "z"]), st.integers(0, 60),
                          st.integers(1, 20)), max_size=15))
def test_passages_cover_every_span_once_and_never_touch_each_other(spans) -> None:
    from tupsalco.agreement import merged, split_passages

    done = [(1, "a", who, s, s + n) for who, s, n in spans]
    found = split_passages(done, ["x", "y", "z"])
    flat = sorted((who, s) for p in found for who, ss in p.spans for s in ss)
    assert flat == sorted({(who, (s, e)) for _, _, who, s, e in done})
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    for p in found:  # a passage's spans overlap into one stretch of text
        assert merged(s for _, ss in p.spans for s in ss) == [(p.start, p.end)]
        assert p.agreed == (len({ss for _, ss in p.spans}) == 1)


def test_agreement_per_document_pools_its_codes() -> None:
    from tupsalco.agreement import by_document, character_table

    done = [(1, "a", "x", 0, 10), (1, "a", "y", 0, 10), (1, "b", "x", 20, 30),
            (2, "a", "x", 0, 5)]
    one, two = by_document(done, {1: 100, 2: 50}, ["x", "y"], [1, 2])
    assert (one.codes, one.agreed, one.disagreements) == (2, 1, 1)
    assert one.table == character_table([(0, 10)], [(0, 10)], 100) + character_table(
        [(20, 30)], [], 100)
    assert 0 < one.alpha < 1 and 0 < one.ac1 < 1
    assert (two.codes, two.agreed, two.disagreements) == (1, 0, 1)  # y coded nothing there
    assert two.table.first_only == 5 and two.table.second_only == 0
