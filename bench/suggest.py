"""Code suggestions: top-1 and top-3 theme accuracy on passages the suggester never saw.

    python bench/suggest.py

The labelled set `bench/data/suggest_eval.jsonl` (fictional verbatims in the study's spoken
French, written apart from the demo corpus) is scored for (a) the codebook alone and (b) after
learning from the demo project's reference codings (`corpus/codings.jsonl`), beside a plain
TF-IDF baseline (words, no lemmas, code descriptions only) in the same run; then the latency
of one suggestion once the models are loaded.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tupsalco.codebook import load_codebook  # noqa: E402
from tupsalco.suggest import Suggester  # noqa: E402


def accuracy(ranked: list[list[str]], gold: list[str]) -> tuple[float, float]:
    top1 = sum(r[:1] == [g] for r, g in zip(ranked, gold, strict=True)) / len(gold)
    top3 = sum(g in r[:3] for r, g in zip(ranked, gold, strict=True)) / len(gold)
    return top1, top3


def main() -> None:
    book = load_codebook(ROOT / "codebooks" / "tupsalco.yaml")
    rows = [json.loads(line) for line in
            (ROOT / "bench/data/suggest_eval.jsonl").read_text("utf-8").splitlines() if line]
    texts, gold = [r["text"] for r in rows], [r["theme"] for r in rows]

    # baseline: TF-IDF on words of the codes' labels and descriptions
    themes = [c for c in book.codes if c.parent is None]
    docs = [" ".join([t.label, t.description] + [c.label + " " + c.description
                                                 for c in book.codes
                                                 if book.theme_of(c.id) == t.id])
            for t in themes]
    vec = TfidfVectorizer(sublinear_tf=True).fit(docs + texts)
    sims = (vec.transform(texts) @ vec.transform(docs).T).toarray()
    baseline = [[themes[i].id for i in np.argsort(-row)] for row in sims]

    suggester = Suggester(book)
    prior = [[t for t, _ in suggester.themes(x)] for x in texts]

    codings_file = ROOT / "corpus" / "codings.jsonl"
    learned = None
    if codings_file.exists():
        coded = [json.loads(line) for line in codings_file.read_text("utf-8").splitlines() if line]
        n = suggester.fit([c["quote"] for c in coded], [c["code"] for c in coded])
        learned = ([[t for t, _ in suggester.themes(x)] for x in texts], n)

    print(f"{len(texts)} unseen passages, {len(set(gold))} themes")
    print(f"{'system':52} {'top-1':>7} {'top-3':>7}")
    print(f"{'TF-IDF baseline (words, code descriptions)':52} "
          + " ".join(f"{v:7.3f}" for v in accuracy(baseline, gold)))
    print(f"{'(a) codebook alone (lemmas, lexicon, examples)':52} "
          + " ".join(f"{v:7.3f}" for v in accuracy(prior, gold)))
    if learned:
        print(f"{f'(b) + learned from {learned[1]} demo codings':52} "
              + " ".join(f"{v:7.3f}" for v in accuracy(learned[0], gold)))
    times = []
    for x in texts[:60]:
        t0 = time.perf_counter()
        suggester.suggest(x, top=3)
        times.append((time.perf_counter() - t0) * 1000)
    print(f"latency for one passage (models loaded): median {statistics.median(times):.1f} ms, "
          f"p95 {sorted(times)[int(len(times) * 0.95) - 1]:.1f} ms")
    if codings_file.exists():
        quotes, codes = [c["quote"] for c in coded], [c["code"] for c in coded]
        for times_over in (1, 5):
            t0 = time.perf_counter()
            n = suggester.fit(quotes * times_over, codes * times_over)
            print(f"retraining on {n} codings: {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
