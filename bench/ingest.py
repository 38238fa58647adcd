"""Ingest throughput: the whole import (parse, pseudonymise, store) beside raw `nlp.pipe`.

    python bench/ingest.py

Both sides run in this process on the same text (the demo corpus), with the model loaded:
the ratio is the cost of everything the workbench
adds around the spaCy model (rules, propagation, surrogates, SQLite transactions, the vault).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tupsalco.demo import corpus_files  # noqa: E402
from tupsalco.ingest import read_document, read_participants  # noqa: E402
from tupsalco.project import Project  # noqa: E402
from tupsalco.pseudonymise.engine import Pseudonymiser  # noqa: E402
from tupsalco.pseudonymise.pipeline import MODEL, load_pipeline  # noqa: E402


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    corpus = ROOT / "corpus"
    files = corpus_files(corpus)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        sheet = read_participants(corpus / "participants.csv")
        texts = [read_document(f, sheet).text for f in files]
        n_chars = sum(map(len, texts))

        nlp = load_pipeline()
        engine = Pseudonymiser(nlp=nlp)
        project = Project.create(tmpdir / "proj", "bench", vault_path=tmpdir / "k.vault")
        project.import_participants(corpus / "participants.csv", "bench")
        t0 = time.perf_counter()
        results = project.import_files(files, "bench", pseudonymiser=engine)
        ingest_s = time.perf_counter() - t0
        assert all(r.status == "imported" for r in results), [r.error for r in results]

        raw_same = spacy.load(MODEL, disable=["parser", "attribute_ruler", "lemmatizer"])
        t0 = time.perf_counter()
        for _ in raw_same.pipe(texts, batch_size=32):
            pass
        raw_same_s = time.perf_counter() - t0
        raw_full = spacy.load(MODEL)
        t0 = time.perf_counter()
        for _ in raw_full.pipe(texts, batch_size=32):
            pass
        raw_full_s = time.perf_counter() - t0
        project.close()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(files)}   characters: {n_chars:,}")
    print(f"{'run':58} {'docs/s':>8} {'chars/s':>10} {'seconds':>8}")
    for label, seconds in [
        ("tupsalco import (parse + pseudonymise + store)", ingest_s),
        (f"raw nlp.pipe {MODEL} (tok2vec, morphologizer, ner)", raw_same_s),
        (f"raw nlp.pipe {MODEL} (full default pipeline)", raw_full_s),
    ]:
        print(f"{label:58} {len(files) / seconds:8.2f} {n_chars / seconds:10,.0f} {seconds:8.2f}")
    print(f"ratio import / raw same components: {raw_same_s / ingest_s:.2f} "
          f"(import runs at {100 * raw_same_s / ingest_s:.0f}% of the model's own speed)")
    print(f"ratio import / raw full pipeline:   {raw_full_s / ingest_s:.2f}")
    print(f"peak memory (RSS): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
