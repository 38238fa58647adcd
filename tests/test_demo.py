from __future__ import annotations

import json
import re

import pytest

from tupsalco.demo import ADMIN, build_demo, corpus_files
from tupsalco.records import DocumentKind
from tupsalco.store import repository as repo

from .conftest import CORPUS


def test_demo_project_holds_the_whole_corpus(demo_project) -> None:
    docs = demo_project.documents()
    assert len(docs) == len(corpus_files()) == 29
    assert sum(d.kind is DocumentKind.OBSERVATION for d in docs) == 8
    assert {d.participant.id for d in docs if d.participant} == {
        p.id for p in demo_project.participants()}


# the app builds the demo into its own SQLite file: on PostgreSQL there is no build to reuse
@pytest.mark.sqlite_only("the demo is built in a SQLite file by design")
def test_later_starts_reuse_it(demo_project) -> None:
    with demo_project.db.session() as s:
        before = len(repo.audit_events(s, limit=10_000))
    again = build_demo(demo_project.folder.parent)
    with again.db.session() as s:
        assert len(repo.audit_events(s, limit=10_000)) == before
    again.close()


# reads the bytes of the SQLite file the demo is built in (the PostgreSQL copy is those rows)
@pytest.mark.sqlite_only("the bytes of the demo's SQLite file")
def test_no_direct_identifier_in_the_working_database(demo_project, sheet) -> None:
    """The participants' names and every shaped identifier of the gold file are gone."""
    raw = b"".join(p.read_bytes() for p in demo_project.folder.iterdir() if p.is_file())
    names = {n for pair in sheet.names.values() for n in pair if n}
    shaped = {json.loads(line)["text"] for line in (CORPUS / "gold.jsonl").read_text().splitlines()
              if json.loads(line)["type"] in ("PHONE", "EMAIL", "NIR", "ADDRESS")}
    assert len(names) == 42 and len(shaped) > 50
    text = raw.decode("utf-8", errors="replace")
    # whole words: "les Blancs" (white people) is not the surname Blanc
    found = [v for v in names | shaped if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", text)]
    assert found == []
    assert not any(p.suffix == ".vault" for p in demo_project.folder.rglob("*"))


def test_demo_ships_coded_by_two_reference_coders(demo_project) -> None:
    from collections import Counter

    from tupsalco import coding

    book = coding.codebook(demo_project)
    assert {c.id for c in book.codes if c.parent is None} >= {"objectifs", "liens_sociaux"}
    made = coding.codings(demo_project, ADMIN)
    per_coder = Counter(c.coder for c in made)
    assert set(per_coder) == {"A", "B"} and min(per_coder.values()) > 250
    rows = (CORPUS / "codings.jsonl").read_text("utf-8").splitlines()
    assert len(made) >= 0.98 * len(rows)  # a quote touched by pseudonymisation may not place
    for c in made[:200]:
        assert demo_project.document(c.document_id).text[c.start:c.end] == c.quote
