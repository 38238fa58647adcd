"""Bad inputs, each in a process of its own: is the error named, is the rest of the batch
stored, is the project otherwise unchanged, and how much memory did it take.

    python bench/bad_inputs.py [--only NAME ...]

The inputs are tests/data/bad's (the large ones made by its script, at the sizes the issue
measured: a Word file whose XML inflates to 1.1 GB, a .qdpx holding a 500 MB source, a
470 MB project.qde, a text of 1,050,000 characters of real sentences). Each runs in a new
project, in a child process: a document between two good ones (`Project.import_files`, as
`tupsalco import` does), a .qdpx through `import_qdpx`, a sheet, a codebook, a key file
whose scrypt cost was raised to ask 4.3 GB. "Unchanged": after the batch, the bad input
alone again leaves every table's rows and checksum and the key file as they were; for a
batch, only the good files' documents are in the project. Peak memory is the child's
maximum resident set (ru_maxrss, its worker processes included).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BAD = ROOT / "tests" / "data" / "bad"
LIMIT = 2 * 2**30

# name: (kind, file, what the error must name)
CASES = {
    "document.xml corrompu": ("document", "PAT01_document_corrompu.docx", "fichier 2 du lot"),
    "en-tête zip menteur": ("document", "PAT01_zip_menteur.docx", "fichier 2 du lot"),
    "UTF-8 et Latin-1 mêlés": ("document", "PAT01_encodages_melanges.txt", "fichier 2 du lot"),
    "étiquettes seules": ("document", "PAT01_etiquettes_seules.txt", "fichier 2 du lot"),
    "texte de 1 050 000 car.": ("document", "PAT01_tres_long.txt", None),  # read whole
    "bombe DOCX (1,1 Go)": ("document", "PAT01_bombe.docx", "fichier 2 du lot"),
    "bombe DOCX, taille mentie": ("document", "PAT01_bombe_menteuse.docx",
                                  "fichier 2 du lot"),
    ".qdpx, source de 500 Mo": ("qdpx", "PAT01_source_enorme.qdpx", "sources/"),
    ".qdpx, project.qde de 470 Mo": ("qdpx", "PAT01_projet_enorme.qdpx", "project.qde"),
    "clé : scrypt falsifié (4,3 Go)": ("vault", None, ".vault"),
    "clé : scrypt falsifié (n = 1)": ("vault-tiny", None, ".vault"),
    "50 000 codes imbriqués (.qdc)": ("qdc", "codebook_imbrique.qdc", "codebook_imbrique.qdc"),
    "50 000 codes imbriqués (.yaml)": ("yaml", "codebook_imbrique.yaml",
                                       "codebook_imbrique.yaml"),
    "en-tête fusionné sur prenom/nom": ("sheet", "participants_entete_fusionnee.xlsx",
                                        "participants_entete_fusionnee.xlsx"),
    "formules (=HYPERLINK) .xlsx": ("sheet", "participants_formules.xlsx", "ligne 2, colonne I"),
    "formules .csv": ("sheet", "participants_formules.csv", "ligne 2, colonne I"),
}


def make_bad():  # noqa: ANN201
    spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the child -------------------------------------------------------------------------------
def child(case: str, folder: Path) -> dict:
    from tests.conftest import ANA, PASS
    from tests.test_bad_inputs import good, new_project, snapshot
    from tupsalco import coding
    from tupsalco.codebook import load_codebook
    from tupsalco.errors import TupsalcoError
    from tupsalco.refi import from_qdc, import_qdpx
    from tupsalco.store.models import DocumentRow

    kind, name, named = CASES[case]
    work = Path(tempfile.mkdtemp(dir=folder))
    project = new_project(work)

    bad = folder / name if name else None
    out = {"named": False, "completed": False, "unchanged": False, "error": ""}

    def attempt(run) -> str:  # noqa: ANN001
        try:
            run()
        except TupsalcoError as exc:
            return str(exc)
        return ""

    if kind == "document":
        files = [good(work, "MG01.docx", 1), bad, good(work, "entretien.docx", 2)]
        results = project.import_files(ANA, files, PASS)
        error = results[1].error or ""
        out["completed"] = results[0].status == results[2].status == "imported"
        if named is None:  # read whole
            out["named"] = "n/a (stored)"
            out["completed"] = out["completed"] and results[1].status == "imported"
            out["unchanged"] = "n/a (stored)"
        else:
            out["named"] = error.startswith(named)
            with project.db.session() as s:
                hashes = {r.content_hash for r in s.query(DocumentRow)}
            wanted = {repo_hash(project, r.document_id) for r in (results[0], results[2])}
            before = snapshot(project)
            project.import_files(ANA, [bad], PASS)
            out["unchanged"] = hashes == wanted and snapshot(project) == before
    elif kind == "qdpx":
        before = snapshot(project)
        data = bad.read_bytes()
        error = attempt(lambda: import_qdpx(project, data, name, PASS, ANA))
        if not error:
            done = import_qdpx(project, data, name, PASS, ANA)
            error = " ".join([*(s.why or "" for s in done.sources), *done.left_out])
            out["completed"] = True
        else:
            out["completed"] = "n/a (one file)"
        out["named"] = named in error and "dépasse" in error
        out["unchanged"] = snapshot(project) == before
    elif kind.startswith("vault"):
        envelope = json.loads(project.vault_path.read_text(encoding="utf-8"))
        envelope["kdf"]["n"] = 1 if kind == "vault-tiny" else 2**22
        project.vault_path.write_text(json.dumps(envelope), encoding="utf-8")
        before = snapshot(project)
        error = attempt(lambda: project.import_files(
            ANA, [good(work, "MG01.docx", 1)], PASS))
        out["named"] = named in error and "paramètres de dérivation de clé" in error
        out["completed"] = "n/a (refused)"
        out["unchanged"] = snapshot(project) == before
    elif kind in ("qdc", "yaml"):
        before = snapshot(project)
        if kind == "qdc":
            error = attempt(lambda: coding.import_codebook(project, ANA, from_qdc(
                bad.read_bytes(), name)))
        else:
            error = attempt(lambda: coding.import_codebook(project, ANA, load_codebook(bad)))
        out["named"] = named in error and "imbriqué sur plus de" in error
        out["completed"] = "n/a (one file)"
        out["unchanged"] = snapshot(project) == before
    elif kind == "sheet":
        before = snapshot(project)
        _, keys = project.open_vault(PASS)

        def load() -> None:
            project.import_participants(ANA, project.check_participants(bad, None), PASS)

        error = attempt(load)
        out["named"] = named in error
        out["completed"] = "n/a (one file)"
        out["unchanged"] = (snapshot(project) == before
                            and project.open_vault(PASS)[1].participants == keys.participants)
    project.close()
    out["error"] = error[:160]
    return out


def repo_hash(project, document_id: int) -> str:  # noqa: ANN001
    return project.document(document_id).content_hash


def run_child(case: str, folder: Path) -> tuple[dict, int, float]:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", case, str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    out, err = proc.communicate()
    elapsed = time.perf_counter() - started
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return ({"named": False, "completed": False, "unchanged": False,
                 "error": f"exit {proc.returncode}: " + err.strip().splitlines()[-1][:150]
                 if err.strip() else f"exit {proc.returncode}"}, 0, elapsed)
    result = json.loads(lines[-1])
    return result, result.pop("maxrss_kb"), elapsed


def yes(value: object) -> str:
    return value if isinstance(value, str) else ("oui" if value else "NON")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    if args.child:
        import logging

        logging.disable(logging.CRITICAL)
        result = child(args.child[0], Path(args.child[1]))
        result["maxrss_kb"] = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        print(json.dumps(result, ensure_ascii=False))
        return
    folder = Path(tempfile.mkdtemp(prefix="tupsalco-bad-"))
    bad = make_bad()
    t0 = time.perf_counter()
    bad.write(folder, bad.SMALL)
    bad.write(folder, {**bad.LARGE,
                       "PAT01_tres_long.txt": lambda: bad.long_text(1_050_000)})
    sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
    print(f"inputs made in {folder} in {time.perf_counter() - t0:.0f} s "
          f"(load {os.getloadavg()[0]:.1f})")
    cases = [c for c in CASES if not args.only or any(o in c for o in args.only)]
    rows, worst = [], ("", 0)
    for case in cases:
        result, kb, elapsed = run_child(case, folder)
        mb = kb / 1024
        if kb * 1024 > worst[1]:
            worst = (case, kb * 1024)
        name = CASES[case][1]
        size = f"{sizes[name] / 2**20:.2f} Mo" if name in sizes else "-"
        rows.append((case, size, yes(result["named"]), yes(result["completed"]),
                     yes(result["unchanged"]), f"{mb:,.0f} Mo", f"{elapsed:.0f} s"))
        print(f"  {case}: {result['error']}", flush=True)
    header = ("entrée", "fichier", "erreur nommée", "lot complet", "projet inchangé",
              "mémoire max", "durée")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print()
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))
    print(f"\nworst peak memory: {worst[1] / 2**20:,.0f} MB ({worst[0]}); limit "
          f"{LIMIT / 2**30:.0f} GiB: {'under' if worst[1] < LIMIT else 'OVER'}; "
          f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
