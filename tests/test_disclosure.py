"""The committee's disclosure control: rounding and primary and secondary suppression."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tupsalco.disclosure import masked_cells, rounded


@pytest.mark.parametrize("n,k,expected", [
    (0, 3, 0), (1, 3, 3), (2, 3, 3), (3, 3, 3), (4, 3, 3), (5, 3, 6), (7, 3, 6), (8, 3, 9),
    (12, 5, 10), (13, 5, 15), (1, 5, 5), (4, 1, 4), (9, 10, 10), (15, 10, 20),
])
def test_counts_are_rounded_to_the_nearest_multiple_of_k(n: int, k: int, expected: int) -> None:
    assert rounded(n, k) == expected


def test_a_small_group_is_masked_with_enough_company() -> None:
    members = {"MG": set("abcde"), "TS": set("fg"), "Psy": set("hij"), "patient": set("klmn")}
    # the two TS say nothing here: still masked (their zero is about two people), and the
    # smallest other cell goes with them, so the masked cells hold k people of the study
    speakers = {"MG": set("abc"), "TS": set(), "Psy": set("hij"), "patient": set("klm")}
    assert masked_cells(speakers, members, 3) == {"TS", "Psy"}
    # a cell one person speaks in is masked, and one more that speaks, so that a row's total
    # minus its shown cells gives no one's words
    speakers = {"MG": set("abcde"), "TS": set("fg"), "Psy": set("h"), "patient": set("klm")}
    assert masked_cells(speakers, members, 3) == {"TS", "Psy"}  # three speakers together
    speakers = {"MG": set("abcde"), "TS": set(), "Psy": set("h"), "patient": set("klm")}
    assert masked_cells(speakers, members, 3) == {"TS", "Psy", "patient"}


def test_nothing_masked_when_every_group_is_large_and_speaks_enough() -> None:
    members = {"A": set("abc"), "B": set("def")}
    assert masked_cells({"A": set("abc"), "B": set()}, members, 3) == set()


cells = st.dictionaries(st.sampled_from("ABCDEF"), st.sets(st.sampled_from("abcdefghijklmn"),
                                                           max_size=6), min_size=1)


@given(cells, st.integers(min_value=2, max_value=5), st.data())
def test_no_row_leaves_fewer_than_k_behind_its_masks(members, k, data) -> None:  # noqa: ANN001
    speakers = {c: data.draw(st.sets(st.sampled_from(sorted(m)))) if m else set()
                for c, m in members.items()}
    masked = masked_cells(speakers, members, k)
    for cell in set(members) - masked:
        assert len(members[cell]) >= k
        assert len(speakers[cell]) == 0 or len(speakers[cell]) >= k
    hidden_speakers = set().union(*(speakers[c] for c in masked))
    hidden_members = set().union(*(members[c] for c in masked))
    if masked != set(members):  # when everything is masked nothing is shown to subtract
        assert len(hidden_speakers) == 0 or len(hidden_speakers) >= k
        assert len(hidden_members) == 0 or len(hidden_members) >= k
