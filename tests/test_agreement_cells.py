"""Every code × document cell at once (``agreement.cells``) against the figures computed one
document at a time (``alpha_binary``, ``ac1_binary``, ``pooled_table``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tupsalco.agreement import (
    ac1_binary,
    alpha_binary,
    code_document_table,
    compare,
    pooled_table,
)

LENGTHS = {1: 120, 2: 60, 3: 0, 4: 90}
CODINGS = st.lists(st.tuples(st.sampled_from(sorted(LENGTHS)), st.sampled_from("pqr"),
                             st.sampled_from("ABCD"), st.integers(-5, 130),
                             st.integers(-5, 130)), max_size=40)
CODERS = st.sampled_from([["A", "B"], ["B", "A"], ["A", "B", "C"], ["C", "A", "B", "D"]])


def _expected(codings, coders, code, docs):  # noqa: ANN001, ANN202
    coded = {c: {d for d, _, who, _, _ in codings if who == c} for c in coders}
    spans = {(c, d): [(s, e) for d2, k, who, s, e in codings if (d2, k, who) == (d, code, c)]
             for c in coders for d in docs}
    by_coder = {c: [(spans[(c, d)], LENGTHS[d]) if d in coded[c] else None for d in docs]
                for c in coders}
    both = [d for d in docs if all(d in coded[c] for c in coders[:2])]
    table = pooled_table([(spans[(coders[0], d)], spans[(coders[1], d)], LENGTHS[d])
                          for d in both])
    return table, alpha_binary(by_coder), ac1_binary(by_coder)


@settings(max_examples=150, deadline=None)
@given(CODINGS, CODERS)
def test_pooled_rows_are_those_of_each_document_added(codings, coders) -> None:
    rows = compare(codings, LENGTHS, coders)
    assert [r.code for r in rows] == sorted({x[1] for x in codings})
    docs = sorted({x[0] for x in codings if x[2] in coders})
    for r in rows:
        table, alpha, ac1 = _expected(codings, coders, r.code, docs)
        assert r.table == table
        assert r.alpha == pytest.approx(alpha, abs=1e-9, nan_ok=True)
        assert r.ac1 == pytest.approx(ac1, abs=1e-9, nan_ok=True)


@settings(max_examples=150, deadline=None)
@given(CODINGS, CODERS)
def test_code_document_cells_are_each_document_alone(codings, coders) -> None:
    cells = code_document_table(codings, LENGTHS, coders)
    mine = [x for x in codings if x[2] in coders]
    expected = sorted({(x[1], x[0]) for x in mine
                       if len({y[2] for y in mine if y[0] == x[0]}) >= 2})
    assert [(c.code, c.document) for c in cells] == expected
    for c in cells:
        in_doc = [x for x in mine if x[0] == c.document]
        table, alpha, ac1 = _expected(in_doc, coders, c.code, [c.document])
        assert c.table == (table if table.total else type(table)(0, 0, 0, 0))
        assert c.alpha == pytest.approx(alpha, abs=1e-9, nan_ok=True)
        assert c.ac1 == pytest.approx(ac1, abs=1e-9, nan_ok=True)
