"""REFI-QDA project exchange: export and import of the demo project, beside the file import.

    python bench/qdpx.py

The demo corpus is imported from its files (the reference: parse, pseudonymise, store) and
coded with the demo codings; that project is exported to a .qdpx, and the archive imported
into a new project (read into turns, aligned, pseudonymised, stored with its codings). All in
this process with the model loaded once, so the two imports compare like for like.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tupsalco import coding  # noqa: E402
from tupsalco.demo import ADMIN as DEMO_ADMIN  # noqa: E402
from tupsalco.demo import build_demo, corpus_files  # noqa: E402
from tupsalco.project import Project  # noqa: E402
from tupsalco.pseudonymise.engine import Pseudonymiser  # noqa: E402
from tupsalco.pseudonymise.pipeline import load_pipeline  # noqa: E402
from tupsalco.records import AccountRole, Viewer  # noqa: E402
from tupsalco.refi import import_qdpx, to_qdpx  # noqa: E402

ADMIN = Viewer("bench", AccountRole.ADMIN)
SECRET = "bench-mot-de-passe"


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        t0 = time.perf_counter()
        demo = build_demo(tmpdir / "demo")
        build_s = time.perf_counter() - t0
        n_chars = sum(d.n_chars for d in demo.documents())
        n_codings = len(coding.codings(demo, DEMO_ADMIN))

        t0 = time.perf_counter()
        data = to_qdpx(demo, DEMO_ADMIN)
        export_s = time.perf_counter() - t0

        engine = Pseudonymiser(nlp=load_pipeline())
        other = Project.create(tmpdir / "other", "bench", vault_path=tmpdir / "k.vault",
                               admin=(ADMIN.username, SECRET))
        other.import_participants(ADMIN, ROOT / "corpus" / "participants.csv", "bench")
        reference = Project.create(tmpdir / "ref", "bench", vault_path=tmpdir / "r.vault",
                                   admin=(ADMIN.username, SECRET))
        reference.import_participants(ADMIN, ROOT / "corpus" / "participants.csv", "bench")
        t0 = time.perf_counter()
        reference.import_files(ADMIN, corpus_files(ROOT / "corpus"), "bench",
                               pseudonymiser=engine)
        files_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        done = import_qdpx(other, data, "demo.qdpx", "bench", ADMIN, pseudonymiser=engine)
        import_s = time.perf_counter() - t0
        kept = len(coding.codings(other, ADMIN))

    print(f"demo project: {len(demo.documents())} documents, {n_chars:,} characters, "
          f"{n_codings} codings (built in {build_s:.1f} s)")
    print(f"{'':34}{'seconds':>10}{'chars/s':>12}")
    print(f"{'export to .qdpx':34}{export_s:>10.2f}{n_chars / export_s:>12,.0f}"
          f"   ({len(data) / 1024:,.0f} KiB)")
    print(f"{'import of the corpus files (ref.)':34}{files_s:>10.2f}{n_chars / files_s:>12,.0f}")
    print(f"{'import of the .qdpx':34}{import_s:>10.2f}{n_chars / import_s:>12,.0f}"
          f"   ({kept} of {n_codings} codings, {len(done.left_out)} left out)")
    print(f"ratio qdpx import / file import: {import_s / files_s:.2f}")


if __name__ == "__main__":
    main()
