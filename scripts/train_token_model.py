"""Train the token model (``tupsalco/pseudonymise/token_model.py``) on the development sets.

- trained on: ``bench/data/pseudo_eval``, ``pseudo_dev2`` to ``pseudo_dev15`` and
  ``pseudo_dev17``: every word, labelled 1 inside a marked identifier, 0 elsewhere (a word
  marked to keep is a 0 like any other);
- chosen on: ``pseudo_dev16`` (a development set, never trained on, read in aggregate only):
  this script prints, for each set of thresholds, the identifiers found and the words to keep
  lost over the rules alone; the shipped ones are the defaults of ``--seed``, ``--reach`` and
  ``--word-seed``;
- never read: the held-out ``pseudo_test*`` sets, which bench/pseudonymise.py scores.

Writes ``tupsalco/pseudonymise/data/token_model.npz`` (hashed feature indices, weights and
the classes of the language model's word vectors: no word of any text). Deterministic: with
the defaults, the shipped file again.

    python scripts/train_token_model.py [--seed 0.97] [--reach 0.3] [--word-seed 0.97]
                                        [--C 3] [--swaps 2] [--classes 512]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import time
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression

from tupsalco.pseudonymise.analysis import analyse
from tupsalco.pseudonymise.engine import Pseudonymiser
from tupsalco.pseudonymise.evaluate import load_marked_documents, score
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
# the study's sites, as bench/pseudonymise.py passes them
SITES = ("Bagnolet", "Marseille", "Pantin", "Strasbourg")
GRID = ((0.98, 0.3, 0.98), (0.97, 0.3, 0.97), (0.97, 0.3, 0.98), (0.96, 0.3, 0.97),
        (0.95, 0.3, 0.95), (0.98, 0.3, 0.99), (0.95, 0.3, 1.0), (0.9, 0.3, 1.0))


def load(folder: str) -> tuple[dict, list, list]:
    texts: dict[str, str] = {}
    gold, keep = [], []
    for path in sorted((ROOT / "bench/data" / folder).glob("*.txt")):
        t, g, k = load_marked_documents(path)
        texts.update(t)
        gold += g
        keep += k
    return texts, gold, keep


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=float, default=0.97)
    parser.add_argument("--reach", type=float, default=0.3)
    parser.add_argument("--word-seed", type=float, default=0.97)
    parser.add_argument("--C", type=float, default=3.0)
    parser.add_argument("--swaps", type=int, default=2,
                        help="copies of each document with its names swapped")
    parser.add_argument("--classes", type=int, default=512,
                        help="classes of the language model's word vectors (k-means; 0: none)")
    parser.add_argument("--out", type=Path,
                        default=ROOT / "tupsalco/pseudonymise/data" / MODEL_FILE,
                        help="where to write the model (the shipped file by default)")
    args = parser.parse_args()
    engine = Pseudonymiser(KeyData("train", participants={}), places=SITES, token_model=False)
    classes = None
    if args.classes:
        # the vectors' classes: k-means over the unit vectors, deterministic
        vectors = engine.nlp.vocab.vectors
        unit = vectors.data / np.maximum(np.linalg.norm(vectors.data, axis=1, keepdims=True),
                                         1e-9)
        classes = KMeans(n_clusters=args.classes, random_state=0, n_init=1,
                         max_iter=50).fit(unit).labels_.astype(np.int16)
        engine._words = dataclasses.replace(
            engine._words, vector_class=vector_classes(vectors, classes))
    lexicon = engine._words
    rng = random.Random(0)
    v = engine.vocab
    pools = {"PER": sorted(v.first_names | v.surnames), "LOC": sorted(v.communes)}
    columns: list[np.ndarray] = []  # each document's hashed features, one after the other
    sizes: list[int] = []  # how many features each word has
    labels: list[int] = []
    began = time.perf_counter()
    for folder in TRAIN:
        texts, gold, _ = load(folder)
        marks: dict[str, list] = {}
        for g in gold:
            marks.setdefault(g.document, []).append(g)
        for name, text in texts.items():
            versions = [(text, [(g.start, g.end) for g in marks.get(name, ())])]
            versions += [swapped(text, marks.get(name, []), rng, pools) for _ in range(args.swaps)]
            for said, spans in versions:
                toks, feats = features(said, lexicon)
                columns.append(hashed(feats)[0])
                sizes += [len(d) for d in feats]
                labels += [int(any(s <= a and b <= e for s, e in spans)) for a, b, _ in toks]
    classifier = LogisticRegression(C=args.C, solver="liblinear", max_iter=3000, random_state=0)
    flat = np.concatenate(columns)
    matrix = csr_matrix((np.ones(len(flat)), flat, np.cumsum([0, *sizes])),
                        shape=(len(sizes), HASH_SIZE))
    matrix.sum_duplicates()  # a feature said twice counts twice, as in TokenModel.probabilities
    classifier.fit(matrix, labels)
    print(f"trained on {len(labels)} words ({sum(labels)} in identifiers) of {len(TRAIN)} sets "
          f"in {time.perf_counter() - began:.0f} s")
    weights = classifier.coef_[0].astype(np.float32)
    intercept = float(classifier.intercept_[0])

    texts, gold, keep = load(VALIDATION)
    names = list(texts)
    analyses = [a for _, a in analyse(engine.nlp, names, texts.get)]
    rules = engine.detect_analysed([texts[n] for n in names], analyses)
    base = score(texts, dict(zip(names, rules, strict=True)), gold, keep)
    found0 = sum(base.found.values())
    print(f"{VALIDATION}, rules alone: {found0}/{sum(base.total.values())} identifiers found, "
          f"{base.kept}/{base.keep_total} words kept")
    for seed, reach, word_seed in GRID:
        engine.token_model = TokenModel(weights, intercept, seed, reach, word_seed, classes)
        found = engine.detect_analysed([texts[n] for n in names], analyses)
        s = score(texts, dict(zip(names, found, strict=True)), gold, keep)
        print(f"  seed {seed} reach {reach} word {word_seed}: identifiers found "
              f"{sum(s.found.values()) - found0:+d}, words kept {s.kept - base.kept:+d}")
    out = args.out.resolve()
    TokenModel(weights, intercept, args.seed, args.reach, args.word_seed, classes).save(str(out))
    print(f"wrote {out} ({out.stat().st_size // 1024} KB), seed {args.seed}, "
          f"reach {args.reach}, word seed {args.word_seed}")


if __name__ == "__main__":
    main()
