"""Names planted at every door (a memo, file names, an unknown participant's file) are found
nowhere: not in the database file (every table, the audit log included), not in the logs,
not in what the import reports, not in any export (.qdpx, CSV, Word)."""

from __future__ import annotations

import io
import logging
import zipfile

from tupsalco import basket, coding, explore
from tupsalco.export import docx_bytes, from_basket, quotes_table, table_bytes
from tupsalco.folding import fold
from tupsalco.refi.project_export import to_qdpx

from .conftest import ANA, BOOK, PASS, member, transcript

FILES = {  # file name: what must not come out of it
    "PAT01_Brunchard_Zoéline.docx": ["Brunchard", "Zoéline"],  # the participant's own names
    "MG01_Josiane_Carpentier.docx": ["Josiane", "Carpentier"],  # someone else's
    "X42_Marcelline_Dubreuil.docx": ["Marcelline", "Dubreuil"],  # an unknown id: unassigned
    "Lucienne_Perrin_entretien.docx": ["Lucienne", "Perrin"],  # no id at all: unassigned
    "PAT01_Rolande_Marchand.txt": ["Rolande", "Marchand"],  # an unreadable file
}
MEMO = ("Ginette Kowalczyk, la voisine, rappelle au 06 72 18 44 90 ; elle habite 14 rue des "
        "Glycines.")
IN_MEMO = ["Ginette", "Kowalczyk", "06 72 18 44 90", "0672184490", "rue des Glycines"]
PLANTED = [*(w for words in FILES.values() for w in words), *IN_MEMO]


def _db_text(project) -> str:  # noqa: ANN001
    """The project folder's files as bytes, and every row of every table of its database (the
    SQLite file, or the PostgreSQL database) as text."""
    from sqlalchemy import inspect, text

    folder = project.folder
    raw = b"".join(f.read_bytes() for f in sorted(folder.iterdir()) if f.is_file())
    rows = []
    with project.db.engine.connect() as con:
        tables = inspect(con).get_table_names()
        assert {"audit_events", "memos", "documents"} <= set(tables), tables
        for table in tables:
            rows += [repr(tuple(r)) for r in con.execute(text(f'SELECT * FROM "{table}"'))]  # noqa: S608
        audited = con.execute(text("SELECT count(*) FROM audit_events")).scalar()
    assert audited > 10  # imports, codings, memos, the export: all in the scan
    return raw.decode("utf-8", "ignore") + "\n".join(rows)


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8", "ignore") for n in archive.namelist())


def _leaks(text: str) -> list[str]:
    folded = fold(text)
    return [w for w in PLANTED if w in text or fold(w) in folded]


def test_names_planted_at_every_door_are_found_nowhere(project, tmp_path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    paths = []
    for n, name in enumerate(FILES):
        path = tmp_path / name
        if name.endswith(".txt"):
            path.write_bytes(b"\x00\x01 binary")
        else:
            transcript(path, [("Enquêtrice", f"Et le suivi, entretien {n} ?"),
                              ("MG" if name.startswith("MG") else "Patiente",
                               "Je bois moins depuis que je viens ici, on m'écoute.")])
        paths.append(path)
    results = project.import_files(ANA, paths, PASS)
    assert [r.status for r in results] == ["imported"] * 4 + ["failed"]
    assert "non attribué" in results[2].notice and "non attribué" in results[3].notice
    reported = " ".join(f"{r.name} {r.error or ''} {r.notice or ''}" for r in results)

    coding.import_codebook(project, ANA, BOOK)
    doc = results[0].document_id
    turn = project.document(doc).turns[1]
    [made] = coding.add_coding(project, ANA, doc, ["objectifs"], turn.start, turn.end)
    memo = coding.add_memo(project, ANA, "coding", str(made.id), MEMO, PASS)
    coding.edit_memo(project, ANA, memo, MEMO + " Ginette passera jeudi.", PASS)
    coding.add_memo(project, ANA, "document", str(results[1].document_id), MEMO, PASS)
    author = member(project, "redac", "author")
    basket.add(project, author, made.id)
    items = basket.items(project, author)
    basket.record_export(project, author, items, "docx")

    exports = {
        "qdpx": _zip_text(to_qdpx(project, ANA)),
        "word": _zip_text(docx_bytes(from_basket(items), note="notes")),
        "csv": table_bytes(quotes_table(from_basket(items)), "csv").decode("utf-8-sig"),
        "explore csv": table_bytes(explore.verbatim_table(
            explore.verbatims(project, author).items), "csv").decode("utf-8-sig"),
    }
    assert "Je bois moins" in exports["qdpx"] and "Je bois moins" in exports["word"]
    assert "[Téléphone" in exports["qdpx"]  # the memo went out as a note, pseudonymised
    assert "PAT01.docx" in exports["explore csv"]  # the document, under its new name

    logs = caplog.text + "".join(r.getMessage() for r in caplog.records)
    assert "import failed" in logs
    # the probe finds what it looks for, in any case and without accents
    assert _leaks(f"{paths[2].name} ZOELINE 0672184490") == [
        "Zoéline", "Marcelline", "Dubreuil", "0672184490"]
    places = {"database": _db_text(project), "logs": logs, "import report": reported,
              **exports}
    assert "[Personne" in places["database"]
    for place, text in places.items():
        assert _leaks(text) == [], place
