"""Print one audit event of every command kind, as the database stores it.

    python scripts/audit_rows.py

Builds a throw-away project (fictional texts) in a temporary folder, runs one command of each
kind through the library, then prints the audit log oldest first: actor, action, target and
detail. What it shows is the rule of the audit log: ids, counts and lengths, never a word.
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from tupsalco import accounts, basket, coding, review  # noqa: E402
from tupsalco.codebook import Code, load_codebook  # noqa: E402
from tupsalco.editing import edit_transcript  # noqa: E402
from tupsalco.errors import AuthenticationError  # noqa: E402
from tupsalco.project import Project  # noqa: E402
from tupsalco.records import AccountRole, Viewer  # noqa: E402
from tupsalco.store import repository as repo  # noqa: E402
from tupsalco.store.commands import RecordPassphraseChange  # noqa: E402

PASS = "phrase de passe de démonstration"
SHEET = ("id,prenom,nom,profession,fonction,sexe,tranche_age,lieu_exercice,site,reseau\n"
         "PAT01,Zoéline,Brunchard,patiente,,F,36-45,CDS,Pantin,Proses\n")


def transcript(path: Path) -> Path:
    d = docx.Document()
    for label, text in (("Enquêtrice", "Et le groupe de parole ?"),
                        ("Patiente", "Le jeudi on y va en bande, zorbik et moi, elle est "
                         "gentille. Je bois moins depuis.")):
        p = d.add_paragraph()
        p.add_run(f"{label} :").bold = True
        p.add_run(f" {text}")
    d.save(path)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "p.csv").write_text(SHEET, encoding="utf-8")
        p = Project.create(tmp / "proj", PASS, vault_path=tmp / "k.vault",
                           admin=("ana", "mot-de-passe-ana"))
        ana = Viewer("ana", AccountRole.ADMIN)
        p.import_participants(ana, tmp / "p.csv", PASS)
        p.import_files(ana, [transcript(tmp / "PAT01.docx")], PASS)
        accounts.create_account(p, ana, "bea", "mot-de-passe-bea", "coder")
        accounts.set_role(p, ana, "bea", "author")
        with contextlib.suppress(AuthenticationError):
            accounts.authenticate(p, "bea", "pas le bon")
        bea = accounts.authenticate(p, "bea", "mot-de-passe-bea")
        coding.import_codebook(p, ana, load_codebook(ROOT / "codebooks" / "tupsalco.yaml"))
        coding.add_code(p, ana, Code("groupe_parole", "Groupe de parole", "acceptation"))
        coding.rename_code(p, ana, "groupe_parole", "Groupes de parole")
        coding.move_code(p, ana, "groupe_parole", "coordination")
        doc = p.documents()[0].id
        text = p.document(doc).text
        at = text.index("Je bois moins")
        made = coding.add_coding(p, ana, doc, ["objectifs"], at, at + 13)
        coding.recode(p, ana, made[0].id, "objectifs_reduction")
        memo = coding.add_memo(p, ana, "coding", str(made[0].id), "Réduction plutôt qu'arrêt.",
                               PASS)
        coding.edit_memo(p, ana, memo, "Réduction, pas arrêt.", PASS)
        coding.reject_suggestion(p, ana, doc, at, at + 13, "tensions")
        item = basket.add(p, bea, made[0].id)
        basket.coarsen(p, bea, item, ["age_band"])
        basket.record_export(p, bea, basket.items(p, bea), "docx")
        basket.remove(p, bea, item)
        edit_transcript(p, ana, doc, at, at + 7, "Je bois", PASS)
        coding.undo(p, ana)
        coding.redo(p, ana)
        review.mark_missed(p, ana, "zorbik", "PER", PASS)
        review.set_checked(p, ana, doc)
        sur = review.identifiers(p)[0].surrogate
        review.accept(p, ana, sur)
        review.reveal(p, ana, sur, PASS)
        coding.merge_codes(p, ana, "groupe_parole", "coordination")
        coding.delete_memo(p, ana, memo)
        coding.remove_coding(p, ana, made[0].id)
        p.set_blind(ana, True)
        p.execute(ana, RecordPassphraseChange())
        with p.db.session() as s:
            events = list(reversed(repo.audit_events(s, limit=1000)))
        for e in events:
            print(f"{e.actor or '-':5} {e.action:20} {e.target or '-':18} "
                  f"{json.dumps(e.detail, ensure_ascii=False)}")
        p.close()


if __name__ == "__main__":
    main()
