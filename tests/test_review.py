from __future__ import annotations

import logging

import pytest

from tupsalco import review
from tupsalco.errors import InputError, WrongPassphraseError
from tupsalco.records import Participant
from tupsalco.store import repository as repo

from .conftest import ANA, FALSE_POSITIVE, MISSED, PASS, member


def texts(project) -> list[str]:
    return [project.document(d.id).text for d in project.documents()]


def surrogate_of(project, word: str) -> str:
    for ident in review.identifiers(project):
        if any(word in c for c in ident.contexts):
            return ident.surrogate
    raise AssertionError(word)


def test_reject_restores_everywhere_and_survives_a_rerun(reviewed) -> None:
    assert not any(FALSE_POSITIVE in t for t in texts(reviewed))  # the pipeline's mistake
    sur = next(i.surrogate for i in review.identifiers(reviewed)
               if all("groupe" in c or "bien" in c for c in i.contexts))
    assert review.reject(reviewed, ANA, sur, PASS) == 2
    assert all(FALSE_POSITIVE in t for t in texts(reviewed))
    assert FALSE_POSITIVE in reviewed.allow_terms()
    review.rerun(reviewed, ANA, PASS)
    assert all(FALSE_POSITIVE in t for t in texts(reviewed))
    with reviewed.db.session() as s:
        events = repo.audit_events(s)
    reject_event = next(e for e in events if e.action == "review_reject")
    assert reject_event.actor == "ana" and FALSE_POSITIVE not in str(reject_event.detail)


def test_mark_missed_removes_every_occurrence_and_keeps_offsets(reviewed) -> None:
    assert all(MISSED in t for t in texts(reviewed))
    assert review.mark_missed(reviewed, ANA, MISSED, "ORG", PASS) == 2
    for doc in (reviewed.document(d.id) for d in reviewed.documents()):
        assert MISSED not in doc.text
        with reviewed.db.session() as s:
            ents = repo.document_entities(s, doc.id)
        assert all(doc.text[e.start:e.end] == e.surrogate for e in ents)
        assert doc.turns[-1].end == len(doc.text)
        for t in doc.turns:
            for m in t.marks:
                assert doc.text[m.start:m.end] == "[rires]"
    _, keys = reviewed.open_vault(PASS)
    assert {"text": MISSED, "type": "ORG"} in keys.deny


def test_mark_missed_cleans_round_names_and_codebook_examples(reviewed) -> None:
    """Words outside the transcripts a researcher typed or pasted: a round's name, a code's
    example passage. A missed name is replaced there too."""
    from sqlalchemy import select

    from tupsalco import coding, rounds
    from tupsalco.codebook import Code
    from tupsalco.store.models import CodeRow, RoundRow

    coding.add_code(reviewed, ANA, Code("foyers", f"Foyers ({MISSED})",
                                        examples=(f"la directrice des {MISSED} appelle", "x")))
    doc = reviewed.documents()[0].id
    member(reviewed, "bob")
    rounds.open_round(reviewed, ANA, f"Ronde {MISSED}", [doc], ["ana", "bob"])
    review.mark_missed(reviewed, ANA, MISSED, "ORG", PASS)
    with reviewed.db.session() as s:
        stored = [r.name for r in s.scalars(select(RoundRow))] + [
            str(v) for r in s.scalars(select(CodeRow)) for v in (r.label, r.examples)]
    assert stored and not any(MISSED in v for v in stored)
    assert any(v.startswith("Ronde [") for v in stored)


def test_retype_and_accept(reviewed) -> None:
    sur = next(i.surrogate for i in review.identifiers(reviewed) if i.type != "ORG")
    new = review.retype(reviewed, ANA, sur, "ORG", PASS)
    assert new.startswith("[Établissement")
    assert not any(sur in t for t in texts(reviewed)) and any(new in t for t in texts(reviewed))
    review.accept(reviewed, member(reviewed, "bea"), new)
    assert next(i for i in review.identifiers(reviewed) if i.surrogate == new).accepted
    assert review.reveal(reviewed, ANA, new, PASS)  # the original forms follow the retype


def test_reveal_is_audited_without_the_value(reviewed, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    sur = next(i.surrogate for i in review.identifiers(reviewed) if i.type != "ORG")
    forms = review.reveal(reviewed, ANA, sur, PASS)
    with reviewed.db.session() as s:
        event = repo.audit_events(s)[0]
    assert (event.action, event.target, event.actor) == ("reveal_surrogate", sur, "ana")
    assert not any(f in str(event.detail) or f in caplog.text for f in forms)
    with pytest.raises(WrongPassphraseError):
        review.reveal(reviewed, ANA, sur, "wrong")


def test_review_status(reviewed) -> None:
    doc = reviewed.documents()[0]
    review.set_checked(reviewed, ANA, doc.id)
    status = next(r for r in review.review_statuses(reviewed) if r.document_id == doc.id)
    assert (status.status, status.reviewed_by) == ("checked", "ana")


def test_bad_decisions(reviewed) -> None:
    with pytest.raises(InputError, match="aucun document"):
        review.mark_missed(reviewed, ANA, "Zzyzx", "PER", PASS)
    with pytest.raises(InputError, match="pas un substitut"):
        review.accept(reviewed, ANA, "[Personne 999]")
    with pytest.raises(InputError, match="type inconnu"):
        review.retype(reviewed, ANA, "[Personne 1]", "CAT", PASS)


def test_risky_combinations_are_minimal(sheet) -> None:
    groups = review.risky_combinations(sheet.participants, 3)
    only_old = next(g for g in groups if ("tranche d'âge", "66-85") in g.attributes)
    assert only_old.participants == 1 and len(only_old.attributes) == 1
    assert not any(set(only_old.attributes) < set(g.attributes) for g in groups)
    assert all(g.participants < 3 for g in groups)
    p = [Participant(f"P{i}", "MG", "F", "36-45", ("CDS",), "Pantin") for i in range(3)]
    assert review.risky_combinations(p, 3) == []


def test_quasi_identifiers_are_flagged(demo_project) -> None:
    flags = review.quasi_identifiers(demo_project)
    kinds = {f.kind for f in flags}
    assert "âge exact" in kinds
    assert all(f.context.strip("…") for f in flags)


def test_weak_rules_fill_a_queue_of_doubts_that_decisions_empty(project, tmp_path) -> None:
    """What only a weak rule found is replaced and stored as a doubt: the review lists it and
    counts it per document until someone confirms it or puts the word back."""
    from .conftest import transcript

    path = transcript(tmp_path / "PAT01.docx", [
        ("Enquêtrice", "Qui vous a aidée ?"),
        ("Patiente", "Mon cousin zelig, et puis le docteur Quillivic. Zelig m'appelle.")])
    [result] = project.import_files(ANA, [path], PASS)
    queue = review.doubts(project)
    assert [d.type for d in queue] == ["PER"] and queue[0].doubts >= 1
    zelig = queue[0].surrogate
    assert "Quillivic" not in project.document(result.document_id).text
    [status] = review.review_statuses(project)
    assert status.doubts == queue[0].doubts
    # confirmed: out of the queue, still replaced
    review.accept(project, ANA, zelig)
    assert review.doubts(project) == [] and review.review_statuses(project)[0].doubts == 0
    assert "zelig" not in project.document(result.document_id).text.lower()
    # the other decision: the word comes back, and stays out of the queue at a re-run
    review.reject(project, ANA, zelig, PASS)
    assert review.doubts(project) == []
    text = project.document(result.document_id).text
    assert "zelig" in text and "Zelig" in text
    review.rerun(project, ANA, PASS)
    assert review.doubts(project) == [] and "zelig" in project.document(result.document_id).text
