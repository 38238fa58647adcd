from __future__ import annotations

import pytest

from tupsalco import coding
from tupsalco.errors import InputError
from tupsalco.search import code_hits, query_lemmas, search

from .conftest import ANA


def test_lemma_aware_search_finds_inflected_forms(demo_project) -> None:
    assert query_lemmas("buvais") == ["boire"]
    hits = search(demo_project, "buvais")
    forms = {demo_project.document(h.document_id).text[h.start:h.end].lower() for h in hits}
    assert len(forms) >= 3 and {"boire", "bois"} & forms
    assert all("[" in h.context for h in hits)


@pytest.mark.parametrize("query", ["", "   ", " ?! "])
def test_a_query_without_a_word_asks_for_one(demo_project, query: str) -> None:
    with pytest.raises(InputError, match="^Tapez un mot ou une expression à chercher.$"):
        search(demo_project, query)


def test_code_all_hits_and_turns_in_one_undoable_action(coded) -> None:
    hits = search(coded, "groupe de parole")
    assert len(hits) == 2 and {h.turn_index for h in hits} <= {0, 1}
    made = code_hits(coded, ANA, hits, ["strategies"])
    assert [c.quote.lower() for c in made] == ["groupe de parole"] * 2
    coding.undo(coded, ANA)
    assert coding.codings(coded, ANA) == []
    made = code_hits(coded, ANA, hits, ["strategies"], whole_turns=True)
    turns = {(c.document_id, c.start, c.end) for c in made}
    assert len(turns) == len(made)
    for c in made:
        doc = coded.document(c.document_id)
        assert any(t.start == c.start and t.end == c.end for t in doc.turns)
