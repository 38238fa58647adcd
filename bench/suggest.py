"""Code suggestions: theme top-1/top-3 on a development set and on a held-out test set.

    python bench/suggest.py                # everything, with every installed encoder
    python bench/suggest.py --encoders use # one encoder only (faster)
    python bench/suggest.py --no-scale     # without the 20,000-coding retrain timing

Two labelled sets, never mixed:
- development: `bench/data/suggest_eval.jsonl` (287 verbatims): the weights and the encoder were
  chosen on it, so its figures are optimistic;
- test: `bench/data/suggest_test.jsonl` (353 verbatims in 35 interviews, written by someone who
  saw neither the codebook nor the code). Only aggregate figures are printed for it: never a
  text, never an individual error.

Beside the system, in the same run and with the same inputs (the codebook's labels,
descriptions, key lemmas and examples; IDF fitted on those only): a TF-IDF baseline and a
plain lemma lexicon per theme. Then: learning curves on the demo corpus's codings with
documents held out, per-theme and per-code precision/recall/F1, the error rate by speaker
attribute, the latency of one suggestion, and the retraining time at 20,000 codings.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tupsalco.codebook import Codebook, load_codebook  # noqa: E402
from tupsalco.ingest.vocabulary import BAND_ALIASES  # noqa: E402
from tupsalco.suggest import (  # noqa: E402
    LexiconBaseline,
    Suggester,
    TfidfBaseline,
    available_encoders,
    content_lemmas,
)

DEV = ROOT / "bench/data/suggest_eval.jsonl"
TEST = ROOT / "bench/data/suggest_test.jsonl"
CODINGS = ROOT / "corpus/codings.jsonl"
PARTICIPANTS = ROOT / "corpus/participants.csv"
# the attributes researchers filter by; the sheet's name columns are never read
ATTRIBUTES = {"profession": "profession", "sexe": "sex", "tranche_age": "age_band"}
FOLDS = 7  # the demo corpus's 21 documents, 3 per fold
CURVE = (0, 25, 50, 100, 200, 400, None)  # None: every coding of the other documents

Ranker = Callable[[Sequence[str]], list[list[str]]]


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def topk(ranked: list[list[str]], gold: Sequence[str]) -> tuple[float, float]:
    n = len(gold) or 1
    return (sum(r[:1] == [g] for r, g in zip(ranked, gold, strict=True)) / n,
            sum(g in r[:3] for r, g in zip(ranked, gold, strict=True)) / n)


def cell(ranked: list[list[str]], gold: Sequence[str]) -> str:
    return "{:.3f}/{:.3f}".format(*topk(ranked, gold))


def prf(pred: Sequence[str], gold: Sequence[str]) -> dict[str, tuple[float, float, float, int]]:
    out = {}
    for label in sorted(set(gold) | set(pred)):
        tp = sum(p == g == label for p, g in zip(pred, gold, strict=True))
        n_pred, n_gold = sum(p == label for p in pred), sum(g == label for g in gold)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        out[label] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, n_gold)
    return out


def make_suggester(book: Codebook, encoder: str | None) -> Suggester:
    return Suggester(book, encoder=encoder)


def theme_ranker(suggester: Suggester) -> Ranker:
    return lambda texts: [[t for t, _ in suggester.themes(x)] for x in texts]


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def latency(suggester: Suggester, texts: Sequence[str]) -> tuple[float, float]:
    """One suggestion per passage, models loaded, passages never seen (no cache hit)."""
    times = []
    for i, x in enumerate(texts):
        fresh = f"{x} ({i})"  # a text the encoder's cache cannot know
        t0 = time.perf_counter()
        suggester.suggest(fresh, top=3)
        times.append((time.perf_counter() - t0) * 1000)
    return percentile(times, 50), percentile(times, 95)


# -- sections ----------------------------------------------------------------------------------
def main_table(book: Codebook, dev: list[dict], test: list[dict], codings: list[dict],
               encoders: list[str | None]) -> None:
    dev_x, dev_y = [r["text"] for r in dev], [r["theme"] for r in dev]
    test_x, test_y = [r["text"] for r in test], [r["theme"] for r in test]
    print(f"dev: {len(dev_x)} verbatims ({DEV.name}); test: {len(test_x)} verbatims in "
          f"{len({r['document'] for r in test})} interviews ({TEST.name}); "
          f"{len({c.id for c in book.codes if c.parent is None})} themes, {len(book.codes)} codes,"
          f" {sum(len(c.examples) for c in book.codes)} codebook examples")
    print(f"\n{'system (theme top-1/top-3)':56} {'dev':>11} {'test':>11} {'p50 ms':>7} "
          f"{'p95 ms':>7}")
    for name, baseline in (("TF-IDF baseline (codebook pieces, IDF on them)",
                            TfidfBaseline(book)),
                           ("lemma lexicon per theme (key lemmas)", LexiconBaseline(book))):
        print(f"{name:56} {cell(baseline.rank(dev_x), dev_y):>11} "
              f"{cell(baseline.rank(test_x), test_y):>11}")
    for encoder in encoders:
        t0 = time.perf_counter()
        suggester = make_suggester(book, encoder)
        built = time.perf_counter() - t0
        label = suggester.encoder.name if suggester.encoder else "lemmas only, no encoder"
        if encoder is not None and encoder == next(iter(available_encoders()), None):
            label += " (current)"
        rank = theme_ranker(suggester)
        dev_r, test_r = rank(dev_x), rank(test_x)
        p50, p95 = latency(suggester, dev_x[:60])
        print(f"{'codebook alone: ' + label:56} {cell(dev_r, dev_y):>11} "
              f"{cell(test_r, test_y):>11} {p50:7.1f} {p95:7.1f}   (built in {built:.1f} s)")
        if codings:
            n = suggester.fit([c["quote"] for c in codings], [c["code"] for c in codings])
            print(f"{f'+ learned from {n} demo codings':56} {cell(rank(dev_x), dev_y):>11} "
                  f"{cell(rank(test_x), test_y):>11}")


def learning_curve(book: Codebook, codings: list[dict], encoder: str | None) -> None:
    """Documents held out: each fold's documents are suggested for by a suggester that learned
    from n codings of the other documents only (both coders' codings of a held-out document
    stay out)."""
    if not codings:
        return
    docs = sorted({c["document"] for c in codings})
    order = np.random.default_rng(0).permutation(len(docs))
    folds = [[docs[i] for i in order[f::FOLDS]] for f in range(FOLDS)]
    suggester = make_suggester(book, encoder)
    print(f"\nlearning curve on the demo corpus ({len(codings)} codings of {len(docs)} documents "
          f"by {len({c['coder'] for c in codings})} coders; {FOLDS} folds of whole documents; "
          f"{suggester.model_name})")
    print(f"{'codings learned':>16} {'theme top-1/top-3':>18} {'code top-1/top-3':>18}")
    per_code_pred: dict[int, tuple[list[str], list[str]]] = {}
    held_out: list[tuple[dict, bool]] = []  # (coding, theme top-1 wrong), every coding learned
    for n in CURVE:
        theme_hits, code_hits, total = np.zeros(2), np.zeros(2), 0
        used = []
        for f, held in enumerate(folds):
            train = [c for c in codings if c["document"] not in held]
            rows = [c for c in codings if c["document"] in held]
            rng = np.random.default_rng(1000 + f)
            if n is not None:
                train = [train[i] for i in rng.permutation(len(train))[:n]]
            used.append(len(train))
            suggester.fit([c["quote"] for c in train], [c["code"] for c in train])
            for c in rows:
                ranked = suggester.suggest(c["quote"], top=len(suggester.codes))
                codes_ = [s.code for s in ranked]
                themes_ = list(dict.fromkeys(s.theme for s in ranked))
                theme = book.theme_of(c["code"])
                theme_hits += [themes_[:1] == [theme], theme in themes_[:3]]
                code_hits += [codes_[:1] == [c["code"]], c["code"] in codes_[:3]]
                total += 1
                if n is None:
                    held_out.append((c, themes_[:1] != [theme]))
                    p, g = per_code_pred.setdefault(0, ([], []))
                    p.append(codes_[0] if codes_ else "")
                    g.append(c["code"])
        label = f"{statistics.mean(used):.0f}" + (" (all)" if n is None else "")
        print(f"{label:>16} {'{:.3f}/{:.3f}'.format(*(theme_hits / total)):>18} "
              f"{'{:.3f}/{:.3f}'.format(*(code_hits / total)):>18}")
    suggester.fit([], [])
    if per_code_pred:
        pred, gold = per_code_pred[0]
        print_prf("per code, demo corpus, documents held out, learned from the other documents",
                  pred, gold, min_support=1)
    if held_out:
        demo_attribute_errors(book, held_out)


def participants() -> dict[str, dict[str, str]]:
    """Each participant's profession, sex and age band (the sheet's other columns unread)."""
    if not PARTICIPANTS.exists():
        return {}
    with PARTICIPANTS.open(encoding="utf-8") as f:
        people = {r["id"]: {name: r[col] for col, name in ATTRIBUTES.items()}
                  for r in csv.DictReader(f)}
    for who in people.values():  # one band however it is written, never split
        who["age_band"] = BAND_ALIASES.get(who["age_band"], who["age_band"])
    return people


def demo_attribute_errors(book: Codebook, held_out: list[tuple[dict, bool]]) -> None:
    """The development set carries the speaker's profession only (patient / patiente gives a
    patient's sex) and the test set no coded document of the demo: the demo corpus's codings
    carry every attribute through their document's participant."""
    people = participants()
    rows = [(people[c["document"]], c["code"], wrong) for c, wrong in held_out
            if c["document"] in people]
    if not rows:
        return
    by_theme: dict[str, list[bool]] = {}
    for _, code, wrong in rows:
        by_theme.setdefault(book.theme_of(code), []).append(wrong)
    theme_rate = {t: statistics.mean(ws) for t, ws in by_theme.items()}
    print(f"\ntheme top-1 error rate by participant attribute, demo corpus, documents held out, "
          f"learned from every coding of the other documents ({len(rows)} codings; both "
          "coders' codings of a passage count); in brackets, the rate expected from the "
          "group's mix of themes")
    for name in ATTRIBUTES.values():
        groups: dict[str, list[tuple[bool, float]]] = {}
        for who, code, wrong in rows:
            groups.setdefault(who[name], []).append((wrong, theme_rate[book.theme_of(code)]))
        print(f"  demo {name:10} " + "  ".join(
            f"{v}: {statistics.mean(w for w, _ in g):.2f} "
            f"[{statistics.mean(e for _, e in g):.2f}] (n={len(g)})"
            for v, g in sorted(groups.items())))


def print_prf(title: str, pred: Sequence[str], gold: Sequence[str], min_support: int = 0) -> None:
    table = prf(pred, gold)
    print(f"\n{title}")
    print(f"{'label':42} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}")
    for label, (p, r, f, n) in table.items():
        if n >= min_support:
            print(f"{label:42} {p:6.2f} {r:6.2f} {f:6.2f} {n:4}")
    scored = [v for v in table.values() if v[3] >= max(min_support, 1)]
    print(f"{'macro average':42} {statistics.mean(v[0] for v in scored):6.2f} "
          f"{statistics.mean(v[1] for v in scored):6.2f} "
          f"{statistics.mean(v[2] for v in scored):6.2f} {sum(v[3] for v in scored):4}")


def quality(dev: list[dict], test: list[dict], suggester: Suggester, label: str) -> None:
    rank = theme_ranker(suggester)
    dev_top = [r[0] for r in rank([r["text"] for r in dev])]
    test_top = [r[0] for r in rank([r["text"] for r in test])]
    print_prf(f"per theme, dev ({label}, codebook alone, top-1)", dev_top,
              [r["theme"] for r in dev])
    print_prf(f"per theme, test ({label}, codebook alone, top-1)", test_top,
              [r["theme"] for r in test])
    print("\n(per code on the test set: none, its verbatims are labelled by theme only)")
    if dev and "code" in dev[0]:  # the test set is labelled by theme only
        codes = [suggester.suggest(r["text"], top=1)[0].code for r in dev]
        print_prf(f"per code, dev ({label}, codebook alone, top-1; codes with 3+ verbatims)",
                  codes, [r["code"] for r in dev], min_support=3)
    print("\ntop-1 error rate by participant attribute (a suggester that errs more on some "
          "speakers biases the analysis); in brackets, the rate expected from that group's mix "
          "of themes alone (each verbatim counted at its theme's error rate). The dev set "
          "carries the speaker only (no sex for professionals, no age band): sex and age band "
          "come from the test set, and from the demo corpus below")
    for name, rows, top in (("dev", dev, dev_top), ("test", test, test_top)):
        wrong = [t != r["theme"] for r, t in zip(rows, top, strict=True)]
        by_theme: dict[str, list[bool]] = {}
        for r, w in zip(rows, wrong, strict=True):
            by_theme.setdefault(r["theme"], []).append(w)
        theme_rate = {t: statistics.mean(ws) for t, ws in by_theme.items()}
        for attribute in ("speaker", "sex", "age_band", "setting"):
            if attribute not in rows[0]:
                continue
            groups: dict[str, list[tuple[bool, float]]] = {}
            for r, w in zip(rows, wrong, strict=True):
                groups.setdefault(r[attribute], []).append((w, theme_rate[r["theme"]]))
            print(f"  {name:4} {attribute:9} " + "  ".join(
                f"{v}: {statistics.mean(w for w, _ in g):.2f} "
                f"[{statistics.mean(e for _, e in g):.2f}] (n={len(g)})"
                for v, g in sorted(groups.items())))


def scale(book: Codebook, encoder: str | None, codings: list[dict], n: int = 20_000) -> None:
    """Retraining on n codings whose passages the encoder has already seen: a project's
    passages are encoded once, when first suggested for or coded, and kept by the text's hash.
    The n synthetic passages are the demo codings' quotes with a numbered tag, so that each is
    a distinct text; their vectors are the quotes' vectors with a little noise, put in the
    cache directly (encoding 20,000 passages here would only time the encoder again)."""
    suggester = make_suggester(book, encoder)
    encoder_obj = suggester.encoder
    if encoder_obj is None or not codings:
        print("\n(no encoder: the retraining timing at scale needs one)")
        return
    quotes = [c["quote"] for c in codings]
    base = encoder_obj.encode(quotes)
    rng = np.random.default_rng(0)
    texts, codes, vectors = [], [], []
    for i in range(n):
        j = i % len(quotes)
        texts.append(f"{quotes[j]} [{i}]")
        codes.append(codings[j]["code"])
        v = base[j] + rng.normal(0, 0.02, base.shape[1])
        vectors.append(v / np.linalg.norm(v))
    encoder_obj.cache.put_many(texts, np.array(vectors, dtype=np.float32))
    lemmas_t0 = time.perf_counter()
    content_lemmas(texts)
    lemma_time = time.perf_counter() - lemmas_t0
    before = encoder_obj.encoded
    t0 = time.perf_counter()
    suggester.fit(texts, codes)
    first = time.perf_counter() - t0
    more = [f"{quotes[i % len(quotes)]} <{i}>" for i in range(100)]
    t0 = time.perf_counter()
    suggester.fit(texts + more, codes + codes[:100])
    again = time.perf_counter() - t0
    sent = encoder_obj.encoded - before
    suggester.fit(texts, codes)
    t0 = time.perf_counter()
    for i, text in enumerate(more):  # as the Coder page does: one new coding at a time
        suggester.learn({("new", i): (text, codes[i])})
    one_by_one = (time.perf_counter() - t0) / len(more)
    p50, p95 = latency(suggester, quotes[:60])
    print(f"\nretraining at scale ({suggester.model_name})")
    print(f"  lemmatising {n} new passages once (kept by hash): {lemma_time:.1f} s")
    print(f"  fit on {n} codings, vectors and lemmas known: {first:.2f} s")
    print(f"  refit after 100 more codings (100 passages encoded, {n} known): {again:.2f} s "
          f"({sent} passages sent to the encoder in all)")
    print(f"  learning one new coding by its id (Suggester.learn, what the Coder page's "
          "background learning does per coding), "
          f"mean over 100: {one_by_one * 1000:.0f} ms")
    print(f"  one suggestion after learning {n + 100} codings: p50 {p50:.1f} ms, "
          f"p95 {p95:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--encoders", default=None,
                        help="comma-separated: use, e5, none (default: every installed one)")
    parser.add_argument("--no-scale", action="store_true")
    parser.add_argument("--scale-only", action="store_true",
                        help="only the retraining and latency timings at 20,000 codings")
    parser.add_argument("--table-only", action="store_true",
                        help="the dev/test table only (no curves, per-label figures, timings)")
    args = parser.parse_args()
    book = load_codebook(ROOT / "codebooks" / "tupsalco.yaml")
    dev, test = read(DEV), read(TEST)
    codings = read(CODINGS) if CODINGS.exists() else []
    if args.encoders:
        encoders: list[str | None] = [None if e == "none" else e
                                      for e in args.encoders.split(",")]
    else:
        encoders = [*available_encoders(), None]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          f"(latency and timings are wall-clock)")
    print("codebook sha1 " + hashlib.sha1((ROOT / "codebooks/tupsalco.yaml").read_bytes())
          .hexdigest()[:12])
    if args.scale_only:
        scale(book, encoders[0], codings)
        return
    main_table(book, dev, test, codings, encoders)
    if args.table_only:
        return
    default = encoders[0]
    suggester = make_suggester(book, default)
    quality(dev, test, suggester, suggester.model_name)
    learning_curve(book, codings, default)
    if not args.no_scale:
        scale(book, default, codings)


if __name__ == "__main__":
    main()
