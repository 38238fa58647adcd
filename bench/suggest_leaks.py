"""Codebook examples that paraphrase an evaluation verbatim: the closest pairs, to read.

    python bench/suggest_leaks.py [--top 60]

A codebook example written after the development set, about the same scene in other words,
lets the suggester recognise that verbatim instead of understanding it. Pairs are ranked by
the sum of three z-scores: the sentence encoders' similarities corrected for hubs (CSLS: a
pair counts when each text is closer to the other than to its usual neighbours) and the share
of content lemmas in common. The development pairs are printed to be read; for the held-out
test set only the distribution is printed (how many examples sit as close to a test verbatim
as the development pairs judged paraphrases did), never a test text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tupsalco.codebook import load_codebook  # noqa: E402
from tupsalco.suggest import content_lemmas  # noqa: E402
from tupsalco.suggest.encoders import available_encoders, load_encoder  # noqa: E402


def csls(sim: np.ndarray, k: int = 10) -> np.ndarray:
    rows = np.sort(sim, axis=1)[:, -k:].mean(axis=1)
    cols = np.sort(sim, axis=0)[-k:, :].mean(axis=0)
    return 2 * sim - rows[:, None] - cols[None, :]


def closeness(examples: list[str], texts: list[str], encoders: list[str],
              scale: list[tuple[float, float]] | None = None
              ) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """The summed z-scores, and the means and deviations used (pass the development set's
    to score another set on the same scale)."""
    parts = []
    for name in encoders:
        encoder = load_encoder(name)
        if encoder is not None:
            parts.append(csls(encoder.encode(examples) @ encoder.encode(texts).T))
    a = [set(x) for x in content_lemmas(examples)]
    b = [set(x) for x in content_lemmas(texts)]
    parts.append(np.array([[len(x & y) / max(1, min(len(x), len(y))) for y in b] for x in a]))
    scale = scale or [(float(m.mean()), float(m.std()) or 1.0) for m in parts]
    return sum((m - mu) / sd for m, (mu, sd) in zip(parts, scale, strict=True)), scale


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--encoders", default=",".join(available_encoders()))
    args = parser.parse_args()
    encoders = [e for e in args.encoders.split(",") if e]
    book = load_codebook(ROOT / "codebooks/tupsalco.yaml")
    owners = [c.id for c in book.codes for _ in c.examples]
    examples = [x.strip().strip("«» ").strip() for c in book.codes for x in c.examples]
    dev = [json.loads(line) for line in
           (ROOT / "bench/data/suggest_eval.jsonl").read_text("utf-8").splitlines() if line]
    sim, scale = closeness(examples, [r["text"] for r in dev], encoders)
    flat = np.argsort(-sim, axis=None)[:args.top]
    print(f"{len(examples)} codebook examples against {len(dev)} development verbatims "
          f"(encoders: {', '.join(encoders) or 'none'}, plus lemmas)")
    for rank, k in enumerate(flat, 1):
        i, j = np.unravel_index(k, sim.shape)
        print(f"{rank:3} {sim[i, j]:6.2f} [{owners[i]} | dev {dev[j]['code']}]\n"
              f"      codebook: {examples[i]}\n      dev:      {dev[j]['text']}")
    test_file = ROOT / "bench/data/suggest_test.jsonl"
    if test_file.exists():
        test = [json.loads(line)["text"] for line in
                test_file.read_text("utf-8").splitlines() if line]
        nearest_dev = sim.max(axis=1)
        nearest_test = closeness(examples, test, encoders, scale)[0].max(axis=1)
        cut = sim.ravel()[flat[-1]]
        print(f"\nnearest verbatim per codebook example, median: dev {np.median(nearest_dev):.2f}"
              f", test {np.median(nearest_test):.2f}; examples at least as close as the "
              f"{args.top}th development pair ({cut:.2f}): dev {(nearest_dev >= cut).sum()}, "
              f"test {(nearest_test >= cut).sum()} (aggregate only: no test text is printed)")


if __name__ == "__main__":
    main()
