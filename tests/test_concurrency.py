"""Several coders at once, on PostgreSQL and SQLite: real processes, each with its own
connection as two app servers have. A change made on a version someone else changed since
is refused in French, never applied over their work; the same coding applied at once is one
coding; no update is lost; the audit log has one event per change; ids never repeat."""

from __future__ import annotations

import multiprocessing as mp
from collections import Counter

import pytest
from sqlalchemy import select

from tupsalco import coding, editing
from tupsalco.errors import ConflictError
from tupsalco.project import Project
from tupsalco.store.models import AuditEventRow, CodingRow

from . import concurrent_workers as work
from .conftest import ANA, PASS, member

SPAWN = mp.get_context("spawn")  # a fresh interpreter: nothing shared but the database


def _run(target, argsets: list[tuple]) -> list:  # noqa: ANN001
    """Start one process per argument tuple, all waiting on one barrier; their answers."""
    barrier, out = SPAWN.Barrier(len(argsets)), SPAWN.Queue()
    procs = [SPAWN.Process(target=target, args=(*a, barrier, out)) for a in argsets]
    for proc in procs:
        proc.start()
    answers = [out.get(timeout=600) for _ in procs]  # a loaded machine spawns slowly
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0
    return answers


def _events(project: Project, action: str) -> list[AuditEventRow]:
    with project.db.session() as s:
        return list(s.scalars(select(AuditEventRow).where(AuditEventRow.action == action)
                              .order_by(AuditEventRow.id)))


def test_a_change_on_an_old_version_is_refused_in_french(coded) -> None:  # noqa: ANN001
    """Two pages showed the same version; the second to save is told, and changes nothing."""
    p, d = coded, coded.documents()[0].id
    other = Project.open(p.folder)  # a second session, as another app server
    try:
        c = coding.code_turn(p, ANA, d, 1, ["objectifs"])[0]
        shown = coding.coding(p, c.id).version
        coding.recode(other, ANA, c.id, "strategies", version=shown)
        with pytest.raises(ConflictError, match="Quelqu'un a modifié le codage n° .* "
                                                "entre-temps ; rechargez"):
            coding.recode(p, ANA, c.id, "tensions", version=shown)
        assert coding.coding(p, c.id).code_id == "strategies"
        with pytest.raises(ConflictError, match="entre-temps"):
            coding.remove_coding(p, ANA, c.id, version=shown)
        coding.remove_coding(p, ANA, c.id, version=shown + 1)

        memo_id = coding.add_memo(p, ANA, "document", str(d), "Première idée.", PASS)
        memo = coding.memos(p, ANA)[0]
        coding.edit_memo(other, ANA, memo_id, "Idée reprise.", PASS, version=memo.version)
        with pytest.raises(ConflictError, match="le mémo n° .* entre-temps"):
            coding.edit_memo(p, ANA, memo_id, "Autre idée.", PASS, version=memo.version)
        assert coding.memos(p, ANA)[0].text == "Idée reprise."
        with pytest.raises(ConflictError, match="entre-temps"):
            coding.delete_memo(p, ANA, memo_id, version=memo.version)

        code = coding.codebook(p).by_id["tensions"]
        coding.rename_code(other, ANA, "tensions", "Tensions entre métiers",
                           version=code.version)
        for change in (lambda: coding.rename_code(p, ANA, "tensions", "Autre",
                                                  version=code.version),
                       lambda: coding.move_code(p, ANA, "tensions", "objectifs",
                                                version=code.version),
                       lambda: coding.delete_code(p, ANA, "tensions", version=code.version),
                       lambda: coding.merge_codes(p, ANA, "tensions", "objectifs",
                                                  version=code.version)):
            with pytest.raises(ConflictError, match="le code « tensions » entre-temps"):
                change()
        assert coding.codebook(p).by_id["tensions"].label == "Tensions entre métiers"

        doc = p.document(d)
        turn = doc.turns[1]
        editing.edit_transcript(other, ANA, d, turn.start, turn.start + 2, "Bon", PASS,
                                version=doc.version)
        with pytest.raises(ConflictError, match="le texte du document .* entre-temps"):
            editing.edit_transcript(p, ANA, d, turn.start, turn.start + 2, "Eh", PASS,
                                    version=doc.version)
        assert p.document(d).text[turn.start:turn.start + 3] == "Bon"
    finally:
        other.close()


def test_the_same_coding_applied_at_once_is_one_coding(coded) -> None:  # noqa: ANN001
    p, d = coded, coded.documents()[0].id
    turn = p.document(d).turns[1]
    span = (d, turn.start, turn.end)
    ids = _run(work.same_coding, [(str(p.folder), ANA, span, "objectifs")] * 4)
    with p.db.session() as s:
        rows = list(s.scalars(select(CodingRow).where(CodingRow.document_id == d)))
    assert len(rows) == 1  # four processes, one coding
    assert {tuple(i) for i in ids} == {(rows[0].id,)}  # each was given the one coding
    assert len(_events(p, "add_codings")) == 1  # one change, one event


def test_an_import_racing_the_same_coding_applied_by_hand_is_one_coding(coded) -> None:  # noqa: ANN001
    """Two processes import a coding under ana's name while two others (ana's pages) apply
    it, all at once: one row, every process given its id, no error; imported again, it is
    given back."""
    p, d = coded, coded.documents()[0].id
    turn = p.document(d).turns[1]
    span = (d, turn.start, turn.end)
    answers = _run(work.apply_or_import, [(str(p.folder), ANA, span, "tensions", how)
                                          for how in ("apply", "import") * 2])
    again = _run(work.import_same, [(str(p.folder), ANA, span, "tensions", "ana")] * 2)
    with p.db.session() as s:
        rows = list(s.scalars(select(CodingRow).where(CodingRow.document_id == d)))
    assert len(rows) == 1
    assert [list(a) for a in [*answers, *again]] == [[rows[0].id]] * 6
    changes = _events(p, "add_codings") + _events(p, "import_codings")
    assert len(changes) == 1  # one change made it, the others found it made


def test_racing_recodes_one_wins_the_others_are_told(coded) -> None:  # noqa: ANN001
    p, d = coded, coded.documents()[0].id
    c = coding.code_turn(p, ANA, d, 1, ["objectifs"])[0]
    version = coding.coding(p, c.id).version
    answers = _run(work.recode_from, [(str(p.folder), ANA, c.id, version, code)
                                      for code in ("strategies", "tensions",
                                                   "objectifs_reduction", "strategies")])
    assert Counter(a == "ok" for a in answers) == {True: 1, False: 3}
    assert all("entre-temps ; rechargez" in a for a in answers if a != "ok")
    now = coding.coding(p, c.id)
    assert now.version == version + 1
    events = _events(p, "recode")
    assert len(events) == 1 and events[0].detail["code"] == now.code_id


def test_no_update_is_lost_and_every_change_is_audited(coded) -> None:  # noqa: ANN001
    """Four coders keep renaming one code from what they last read; each rename appends a
    mark: a lost update would lose one."""
    p = coded
    coders = [member(p, f"codeuse{i}", "admin") for i in range(4)]
    times = 5
    start = coding.codebook(p).by_id["tensions"]
    conflicts = _run(work.append_to_label, [(str(p.folder), v, "tensions", f"m{i}.", times)
                                            for i, v in enumerate(coders)])
    label = coding.codebook(p).by_id["tensions"]
    marks = label.label.split()[1:]
    assert sorted(marks) == sorted(f"m{i}.{n}" for i in range(4) for n in range(times))
    assert label.version == start.version + 4 * times
    events = _events(p, "rename_code")
    assert len(events) == 4 * times  # a refused change is not logged, an applied one is
    assert Counter(e.actor for e in events) == {v.username: times for v in coders}
    assert sum(conflicts) >= 0
    ids = [e.id for e in _events(p, "rename_code")]
    assert len(set(ids)) == len(ids) == sorted(ids).__len__()


def test_ids_never_repeat_across_processes(coded) -> None:  # noqa: ANN001
    """Four codings made at once by four processes: four ids, all new."""
    p, d = coded, coded.documents()[0].id
    before = coding.code_turn(p, ANA, d, 1, ["tensions"])[0].id
    coding.remove_coding(p, ANA, before)  # the newest id is gone: it stays used
    turn = p.document(d).turns[0]
    got = _run(work.same_coding, [(str(p.folder), ANA, (d, turn.start, turn.end), code)
                                  for code in ("objectifs", "objectifs_reduction",
                                               "strategies", "tensions")])
    ids = [i for answer in got for i in answer]
    assert len(set(ids)) == 4 and min(ids) > before


def test_the_pages_say_when_someone_changed_it_meanwhile(coded, monkeypatch) -> None:  # noqa: ANN001
    """The Code and Codebook pages make a change on what they showed: a colleague's save in
    between (another app server) is not overwritten, and the page says so in French."""
    from .conftest import open_page

    page = open_page(coded, "code.py", monkeypatch)
    d = page.selectbox(key="code_document").value
    c = coding.code_turn(coded, ANA, d, 1, ["objectifs"])[0]
    page.run()
    page.selectbox(key="code_new_code").set_value("strategies").run()
    other = Project.open(coded.folder)  # what a second server does meanwhile
    coding.recode(other, ANA, c.id, "tensions")
    page.button(key="code_recode").click().run()
    assert any("Quelqu'un a modifié le codage n°" in e.value and "rechargez" in e.value
               for e in page.error)
    assert coding.coding(coded, c.id).code_id == "tensions"  # the colleague's, kept
    page.button(key="code_recode").click().run()  # now on what the page shows: done
    assert not page.error, [e.value for e in page.error]
    assert coding.coding(coded, c.id).code_id == "strategies"

    book = open_page(coded, "codebook.py", monkeypatch)
    book.selectbox(key="book_ren_code").set_value("tensions").run()
    book.text_input(key="book_ren_label").input("Délais").run()
    coding.rename_code(other, ANA, "tensions", "Tensions entre métiers")
    book.button(key="book_rename").click().run()
    assert any("le code « tensions » entre-temps" in e.value for e in book.error)
    assert coding.codebook(coded).by_id["tensions"].label == "Tensions entre métiers"
    other.close()
