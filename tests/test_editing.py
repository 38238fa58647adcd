from __future__ import annotations

import pytest

from tupsalco import coding
from tupsalco.editing import edit_transcript
from tupsalco.errors import InputError, WrongPassphraseError
from tupsalco.store import repository as repo

from .conftest import ANA, PASS


def test_a_correction_keeps_codings_on_their_words_and_is_pseudonymised(coded) -> None:
    d = next(x.id for x in coded.documents() if x.name == "PAT01.docx")
    text = coded.document(d).text
    a = text.index("elle est gentille")
    kept = coding.add_coding(coded, ANA, d, ["tensions"], a, a + len("elle est gentille"))[0]
    b = text.index("Le jeudi")
    before = coding.add_coding(coded, ANA, d, ["objectifs"], b, b + len("Le jeudi"))[0]
    # a misheard word before the coding, corrected with a name the transcriber heard
    typo = text.index("hébergée")
    n = edit_transcript(coded, ANA, d, typo, typo + len("hébergée"),
                        "hébergée chez Gwendoline Kerbrat", PASS)
    new = coded.document(d).text
    assert n >= 1 and "Kerbrat" not in new and "Gwendoline" not in new
    for c in coding.codings(coded, ANA, d):
        assert new[c.start:c.end] == c.quote
    moved = {c.id: c for c in coding.codings(coded, ANA, d)}
    assert moved[kept.id].quote == "elle est gentille"
    assert moved[before.id].start == before.start  # before the edit: unchanged
    with coded.db.session() as s:
        ents = repo.document_entities(s, d)
        assert all(new[e.start:e.end] == e.surrogate for e in ents)
        assert repo.audit_events(s)[0].action == "edit_text"
    doc = coded.document(d)
    assert doc.turns[-1].end == len(new)


def test_bad_corrections(coded) -> None:
    d = coded.documents()[0].id
    with pytest.raises(InputError):
        edit_transcript(coded, ANA, d, 5, 10_000, "x", PASS)
    with pytest.raises(WrongPassphraseError):
        edit_transcript(coded, ANA, d, 0, 1, "x", "nope")
