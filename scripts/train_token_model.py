"""Train the token model (``tupsalco/pseudonymise/token_model.py``) on the development sets.

- trained on: ``bench/data/pseudo_eval``, ``pseudo_dev2`` to ``pseudo_dev15`` and
  ``pseudo_dev17``: every word, labelled 1 inside a marked identifier, 0 elsewhere (a word
  marked to keep is a 0 like any other);
- chosen on: ``pseudo_dev16`` (a development set, never trained on, read in aggregate only)
  and, with ``--rotate``, on each training set in turn, the model trained without it: this
  script prints, for each seed and veto (``SEEDS``, ``VETOES``), the identifiers found and
  the words to keep lost over the rules alone, and chooses the point that raises recall plus
  keep-rate the most over all of them (``chosen``); the shipped thresholds are the defaults
  of ``--seed``, ``--word-seed`` and ``--veto``: the seed ``--rotate`` chose (0.98), and the
  highest veto under its choice (0.03) with which every copied name the tests require taken
  still is (tests/test_pseudonymise.py: 0.03 and 0.01 let some go);
- never read: the held-out ``pseudo_test*`` sets, which bench/pseudonymise.py scores.

Writes ``tupsalco/pseudonymise/data/token_model.npz`` (hashed feature indices, weights and
the classes of the language model's word vectors: no word of any text). Deterministic: with
the defaults, the shipped file again.

    python scripts/train_token_model.py [--seed 0.98] [--reach 0.3] [--word-seed 0.98]
                                        [--veto 0.003] [--C 3] [--swaps 2] [--classes 512]
                                        [--rotate [--jobs 2]] [--out FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import random
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression

from tupsalco.pseudonymise.analysis import analyse
from tupsalco.pseudonymise.engine import Pseudonymiser
from tupsalco.pseudonymise.evaluate import STUDY_SITES, load_marked_folder, score
from tupsalco.pseudonymise.token_model import (
    HASH_SIZE,
    MODEL_FILE,
    TokenModel,
    features,
    hashed,
    vector_classes,
)
from tupsalco.pseudonymise.vault import KeyData

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ("pseudo_eval", "pseudo_dev2", "pseudo_dev3", "pseudo_dev4", "pseudo_dev5", "pseudo_dev6",
         "pseudo_dev7", "pseudo_dev8", "pseudo_dev9", "pseudo_dev10", "pseudo_dev11",
         "pseudo_dev12", "pseudo_dev13", "pseudo_dev14", "pseudo_dev15", "pseudo_dev17")
VALIDATION = "pseudo_dev16"
# where the thresholds are chosen from: a word's probability from which it is taken (seed, the
# same for a word of the language), its neighbours' (reach), and the veto on copied names
SEEDS = (0.99, 0.98, 0.97, 0.96, 0.95)
REACH = 0.3
VETOES = (0.0, 0.001, 0.003, 0.01, 0.03)


def load(folder: str) -> tuple[dict, list, list]:
    return load_marked_folder(ROOT / "bench/data" / folder)


def swapped(text: str, marks: list, rng: random.Random, names: dict[str, list[str]]
            ) -> tuple[str, list[tuple[int, int]]]:
    """The text with each person's and town's name swapped for another of the gazetteers (the
    same name for the same words, its case kept), and the new spans of every mark: the model
    learns the slot, not the names of the development sets."""
    out, spans, at, chosen = [], [], 0, {}
    for g in sorted(marks, key=lambda g: g.start):
        if g.start < at:
            continue
        said = text[g.start:g.end]
        new = said
        if g.type in ("PER", "LOC") and said.replace(" ", "").replace("-", "").isalpha():
            if said not in chosen:
                pool = names["LOC" if g.type == "LOC" else "PER"]
                words = [rng.choice(pool) for _ in said.split()]
                chosen[said] = " ".join(w.title() if o[:1].isupper() else w
                                        for w, o in zip(words, said.split(), strict=True))
            new = chosen[said]
        out.append(text[at:g.start])
        start = sum(map(len, out))
        out.append(new)
        spans.append((start, start + len(new)))
        at = g.end
    out.append(text[at:])
    return "".join(out), spans


def prepared(n_classes: int) -> tuple[Pseudonymiser, np.ndarray | None]:
    """A rules-only engine whose lexicon reads the classes of the language model's word
    vectors (k-means over the unit vectors, deterministic; none if ``n_classes`` is 0)."""
    engine = Pseudonymiser(KeyData("train", participants={}), places=STUDY_SITES, token_model=False)
    if not n_classes:
        return engine, None
    vectors = engine.nlp.vocab.vectors
    unit = vectors.data / np.maximum(np.linalg.norm(vectors.data, axis=1, keepdims=True), 1e-9)
    classes = KMeans(n_clusters=n_classes, random_state=0, n_init=1,
                     max_iter=50).fit(unit).labels_.astype(np.int16)
    engine._words = dataclasses.replace(engine._words,
                                        vector_class=vector_classes(vectors, classes))
    return engine, classes


def labelled(engine: Pseudonymiser, folder: str, swaps: int, rng: random.Random
             ) -> tuple[np.ndarray, list[int], list[int]]:
    """A set's words as rows: their hashed features one after the other, how many each word
    has, and its label (1 inside a marked identifier); each document read as written and in
    ``swaps`` copies with its names swapped."""
    v = engine.vocab
    pools = {"PER": sorted(v.first_names | v.surnames), "LOC": sorted(v.communes)}
    texts, gold, _ = load(folder)
    marks: dict[str, list] = {}
    for g in gold:
        marks.setdefault(g.document, []).append(g)
    columns: list[np.ndarray] = []
    sizes: list[int] = []
    labels: list[int] = []
    for name, text in texts.items():
        versions = [(text, [(g.start, g.end) for g in marks.get(name, ())])]
        versions += [swapped(text, marks.get(name, []), rng, pools) for _ in range(swaps)]
        for said, spans in versions:
            toks, feats = features(said, engine._words)
            columns.append(hashed(feats)[0])
            sizes += [len(d) for d in feats]
            labels += [int(any(s <= a and b <= e for s, e in spans)) for a, b, _ in toks]
    return np.concatenate(columns), sizes, labels


def fit(rows: Sequence[tuple[np.ndarray, list[int], list[int]]], c: float
        ) -> tuple[np.ndarray, float]:
    """The logistic regression's weights and intercept over the sets' rows (``labelled``)."""
    flat = np.concatenate([r[0] for r in rows])
    sizes = [n for r in rows for n in r[1]]
    labels = [y for r in rows for y in r[2]]
    matrix = csr_matrix((np.ones(len(flat)), flat, np.cumsum([0, *sizes])),
                        shape=(len(sizes), HASH_SIZE))
    matrix.sum_duplicates()  # a feature said twice counts twice, as in TokenModel.probabilities
    classifier = LogisticRegression(C=c, solver="liblinear", max_iter=3000, random_state=0)
    classifier.fit(matrix, labels)
    return classifier.coef_[0].astype(np.float32), float(classifier.intercept_[0])


def effects(engine: Pseudonymiser, weights: np.ndarray, intercept: float,
            classes: np.ndarray | None, folder: str
            ) -> tuple[tuple[int, int], dict[tuple[float, float], tuple[int, int]]]:
    """The identifiers and words to keep of ``folder``, and for each seed and veto the
    identifiers found and the words kept over the rules alone (negative: words lost)."""
    texts, gold, keep = load(folder)
    names = list(texts)
    analyses = [a for _, a in analyse(engine.nlp, names, texts.get)]
    engine.token_model = None
    base = score(texts, dict(zip(names, engine.detect_analysed(
        [texts[n] for n in names], analyses), strict=True)), gold, keep)
    out = {}
    for seed in SEEDS:
        engine.token_model = TokenModel(weights, intercept, seed, REACH, seed, classes)
        found = engine.detect_analysed([texts[n] for n in names], analyses)
        for veto in VETOES:
            engine.token_model = TokenModel(weights, intercept, seed, REACH, seed, classes, veto)
            kept = [engine._unvetoed(texts[n], f) for n, f in zip(names, found, strict=True)]
            s = score(texts, dict(zip(names, kept, strict=True)), gold, keep)
            out[seed, veto] = (sum(s.found.values()) - sum(base.found.values()),
                               s.kept - base.kept)
    engine.token_model = None
    return (sum(base.total.values()), base.keep_total), out


def _fold(held: str) -> tuple[str, tuple[int, int], dict]:
    """Rotation: the model trained without ``held``, scored on it (in a forked worker: the
    rows and the engine are the parent's)."""
    weights, intercept = fit([r for f, r in zip(TRAIN, _ROWS, strict=True) if f != held], _C)
    totals, out = effects(_ENGINE, weights, intercept, _CLASSES, held)
    return held, totals, out


_ENGINE: Pseudonymiser
_CLASSES: np.ndarray | None
_ROWS: list
_C: float


def chosen(parts: Sequence[tuple[tuple[int, int], dict]], title: str) -> tuple[float, float]:
    """Print the effects summed over ``parts`` and return the seed and veto that raise recall
    plus keep-rate the most (the issue's two goals, alike: each change in identifiers over all
    identifiers, in words kept over all words to keep); on a tie, the more cautious (the
    higher seed, the lower veto)."""
    ids = sum(t[0] for t, _ in parts)
    words = sum(t[1] for t, _ in parts)
    best, gain = (max(SEEDS), 0.0), 0.0
    print(f"{title}: over {ids} identifiers and {words} words to keep (rules alone: 0, 0):")
    for seed in SEEDS:
        for veto in VETOES:
            found = sum(e[seed, veto][0] for _, e in parts)
            kept = sum(e[seed, veto][1] for _, e in parts)
            g = found / ids + kept / words
            print(f"  seed {seed} veto {veto}: identifiers found {found:+d}, "
                  f"words kept {kept:+d}, recall + keep-rate {g:+.5f}")
            if g > gain + 1e-12:
                best, gain = (seed, veto), g
    print(f"{title}: best at seed {best[0]} (word seed the same), veto {best[1]}")
    return best


def main() -> None:
    global _ENGINE, _CLASSES, _ROWS, _C
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=float, default=0.98)
    parser.add_argument("--reach", type=float, default=REACH)
    parser.add_argument("--word-seed", type=float, default=0.98)
    parser.add_argument("--veto", type=float, default=0.003)
    parser.add_argument("--C", type=float, default=3.0)
    parser.add_argument("--swaps", type=int, default=2,
                        help="copies of each document with its names swapped")
    parser.add_argument("--classes", type=int, default=512,
                        help="classes of the language model's word vectors (k-means; 0: none)")
    parser.add_argument("--rotate", action="store_true",
                        help="also train without each training set in turn and score it "
                             "(about 20 minutes of CPU): the thresholds are chosen over these "
                             "and the validation set")
    parser.add_argument("--jobs", type=int, default=1, help="rotation's worker processes")
    parser.add_argument("--out", type=Path,
                        default=ROOT / "tupsalco/pseudonymise/data" / MODEL_FILE,
                        help="where to write the model (the shipped file by default)")
    args = parser.parse_args()
    engine, classes = prepared(args.classes)
    rng = random.Random(0)
    began = time.perf_counter()
    rows = [labelled(engine, folder, args.swaps, rng) for folder in TRAIN]
    weights, intercept = fit(rows, args.C)
    print(f"trained on {sum(len(r[2]) for r in rows)} words "
          f"({sum(sum(r[2]) for r in rows)} in identifiers) of {len(TRAIN)} sets "
          f"in {time.perf_counter() - began:.0f} s")
    validation = effects(engine, weights, intercept, classes, VALIDATION)
    chosen([validation], f"{VALIDATION} alone (validation, trained without)")
    if args.rotate:
        _ENGINE, _CLASSES, _ROWS, _C = engine, classes, rows, args.C
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(args.jobs, mp_context=context) as pool:
            folds = list(pool.map(_fold, TRAIN))
        for held, (ids, words), out in folds:
            print(f"{held} (rotation: trained without it), {ids} identifiers, {words} words to "
                  f"keep: " + ", ".join(f"{k[0]}/{k[1]} {v[0]:+d} {v[1]:+d}"
                                        for k, v in out.items()))
        chosen([validation, *[(t, o) for _, t, o in folds]],
               "rotation and validation together (the shipped thresholds)")
    out = args.out.resolve()
    TokenModel(weights, intercept, args.seed, args.reach, args.word_seed, classes,
               args.veto).save(str(out))
    print(f"wrote {out} ({out.stat().st_size // 1024} KB), seed {args.seed}, "
          f"reach {args.reach}, word seed {args.word_seed}, veto {args.veto}")


if __name__ == "__main__":
    main()
