from __future__ import annotations

import dataclasses
import random
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tupsalco.offsets import rewrite
from tupsalco.pseudonymise.engine import Pseudonymiser
from tupsalco.pseudonymise.evaluate import score
from tupsalco.pseudonymise.surrogates import SURROGATE, lexicon_key
from tupsalco.pseudonymise.token_model import (
    MODEL_FILE,
    SLICE,
    TOKEN,
    features,
    shipped_model,
    taken_words,
    vector_classes,
    vetoed,
)
from tupsalco.pseudonymise.vault import KeyData

ROOT = Path(__file__).resolve().parents[1]

# Floors measured on the demo corpus gold file (see the README's figures); a drop fails CI.
RECALL_FLOOR = {"PER": 0.99, "LOC": 0.98, "ORG": 0.95, "ADDRESS": 0.97, "PHONE": 1.0,
                "EMAIL": 1.0, "NIR": 1.0, "DATE": 0.97}
KEEP_FLOOR = 0.99


@pytest.fixture(scope="module")
def corpus_run(nlp, sheet, corpus_texts):
    keys = KeyData("test", participants={k: list(v) for k, v in sheet.names.items()})
    engine = Pseudonymiser(keys, nlp=nlp)
    names = list(corpus_texts)
    detected = engine.detect([corpus_texts[n] for n in names])
    return engine, dict(zip(names, detected, strict=True))


def test_recall_per_type_on_the_gold_file(corpus_run, corpus_texts, gold, keep) -> None:
    _, detected = corpus_run
    result = score(corpus_texts, detected, gold, keep)
    for type_, floor in RECALL_FLOOR.items():
        assert result.total[type_] > 0, type_
        assert result.recall(type_) >= floor, (type_, result.recall(type_))


def test_domain_vocabulary_survives(corpus_run, corpus_texts, gold, keep) -> None:
    _, detected = corpus_run
    result = score(corpus_texts, detected, gold, keep)
    assert result.keep_total > 300
    assert result.keep_rate >= KEEP_FLOOR, [corpus_texts[k.document][k.start:k.end]
                                            for k in result.destroyed]


def test_same_person_same_surrogate_across_documents(corpus_run, corpus_texts, sheet) -> None:
    engine, detected = corpus_run
    surrogates = defaultdict(set)
    for name, ents in detected.items():
        out = engine.apply(corpus_texts[name], ents)
        for old, new in zip(ents, out.entities, strict=True):
            surrogates[lexicon_key(old.type, corpus_texts[name][old.start:old.end])].add(
                new.surrogate)
            assert out.text[new.start:new.end] == new.surrogate
    assert all(len(s) == 1 for s in surrogates.values())
    first, last = sheet.names["MG02"]
    assert surrogates[f"PER|{first.lower()} {last.lower()}"] == surrogates[
        f"PER|{last.lower()}"]


def test_known_cases(nlp) -> None:
    engine = Pseudonymiser(KeyData("t", participants={"P1": ["Zoéline", "Brunchard"]}), nlp=nlp)
    text = ("Zoéline m'a dit : le docteur Caradec, à l'hôpital Avicenne, lui donne du Seresta "
            "et de la thiamine au CSAPA. Appelez le 06 12 34 56 78 ou zoe.b@exemple.fr, "
            "NIR 2 84 03 13 055 123 45, née le 12/03/1984. Elle habite 14 rue des Glycines. "
            "Plus tard zoéline est revenue.")
    out = engine.pseudonymise([text])[0]
    for clear in ("Zoéline", "zoéline", "Caradec", "Avicenne", "06 12", "zoe.b", "2 84 03",
                  "12/03/1984", "Glycines"):
        assert clear not in out.text, clear
    for kept in ("Seresta", "thiamine", "CSAPA", "le docteur [Personne", "l'hôpital ["):
        assert kept in out.text, kept
    people = {e.surrogate for e in out.entities if e.type == "PER"
              and out.text[e.start:e.end] and e.surrogate.startswith("[Personne")}
    assert len(people) == 2  # Zoéline twice = one person, Caradec another


@pytest.mark.parametrize(("text", "clear", "kept"), [
    ("Sur Facebook je suis @ginou_du93, tapez ça.", "ginou", "Facebook"),
    ("Son site c'est www.asso-renaissance93.fr je crois.", "renaissance93", "Son site"),
    ("Allez voir asso-renaissance93.fr/contact, tout y est.", "renaissance93", "Allez voir"),
    ("C'est asso tiret renaissance point fr, le site.", "renaissance", "le site"),
    ("Je suis passée par le centre Horizon, puis au CSAPA.", "Horizon", "CSAPA"),
    ("Elle va à l'espace Kaïros le mardi, au centre de la ville.", "Kaïros", "au centre de la"),
    ("On en parle à la maison Soleil, et à la maison le soir.", "Soleil", "à la maison le soir"),
])
def test_contact_handles_and_named_centres(nlp, text: str, clear: str, kept: str) -> None:
    out = Pseudonymiser(KeyData("t"), nlp=nlp).pseudonymise([text])[0].text
    assert clear not in out and kept in out, out


@given(st.text(alphabet="abc \n", max_size=60), st.data())
def test_rewrite_is_exact_on_offsets(text: str, data) -> None:
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=6)))
    spans = [(cuts[i], cuts[i + 1], f"[X {i}]") for i in range(0, len(cuts) - 1, 2)]
    new, offsets = rewrite(text, spans)
    for i, (s, e, r) in enumerate(spans):
        assert new[offsets.new_starts[i]:offsets.new_ends[i]] == r
        assert offsets.to_new(s) == offsets.new_starts[i]
        assert offsets.to_new(e) == offsets.new_ends[i]
    kept = [i for i in range(len(text)) if not any(s <= i < e for s, e, _ in spans)]
    assert all(new[offsets.to_new(i)] == text[i] for i in kept)


def test_surrogates_are_never_redetected(nlp) -> None:
    engine = Pseudonymiser(nlp=nlp)
    once = engine.pseudonymise(["Karim Benali habite à Aubervilliers."])[0].text
    twice = engine.pseudonymise([once])[0].text
    assert once == twice and SURROGATE.search(once)


# Regression floors on a DEVELOPMENT set (rules were written from its failures): a guard against
# breaking what works, not a measure of quality; bench/pseudonymise.py prints the held-out figures.
EVAL_FLOOR = {"PER": 0.99, "LOC": 0.99, "ORG": 0.98, "ADDRESS": 0.99, "PHONE": 1.0,
              "EMAIL": 1.0, "NIR": 1.0, "DATE": 0.99}


def test_recall_on_the_evaluation_set(nlp) -> None:
    """bench/data/pseudo_eval: hard spoken-French cases, written apart from the demo corpus."""
    from tupsalco.pseudonymise.evaluate import load_marked_documents

    from .conftest import ROOT

    texts, gold, keep = {}, [], []
    for path in sorted((ROOT / "bench/data/pseudo_eval").glob("*.txt")):
        t, g, k = load_marked_documents(path)
        texts.update(t)
        gold += g
        keep += k
    assert len(gold) >= 3 * 847  # three times the demo corpus's gold file
    engine = Pseudonymiser(nlp=nlp)
    names = list(texts)
    detected = dict(zip(names, engine.detect([texts[n] for n in names]), strict=True))
    result = score(texts, detected, gold, keep)
    for type_, floor in EVAL_FLOOR.items():
        assert result.recall(type_) >= floor, (type_, result.recall(type_))
    assert result.keep_rate >= 0.99
    assert result.precision >= 0.95


# Sentences written for these tests (none from an evaluation set): each kind of identifier
# that unseen spoken French showed, and each kind of word to keep.
@pytest.fixture(scope="module")
def engine(nlp):
    return Pseudonymiser(KeyData("kinds"), nlp=nlp)


def _check(engine, text: str, gone: tuple[str, ...], kept: tuple[str, ...]) -> None:  # noqa: ANN001
    out = engine.pseudonymise([text])[0].text
    for clear in gone:
        assert clear not in out, (clear, out)
    for word in kept:
        assert word in out, (word, out)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Vous m'appelez au 07, 41, 93, 28, 60 le matin.", ("41", "93", "60"), ("le matin",)),
    ("Le portable de ma sœur : zéro six, quarante-trois, dix-sept, quatre-vingt-dix-neuf, "
     "soixante et onze.", ("quarante-trois", "dix-sept", "soixante et onze"), ("ma sœur",)),
    ("Je vous donne le six, cinquante-deux, trente, dix-huit, vingt-sept.",
     ("cinquante-deux", "vingt-sept"), ("Je vous donne",)),
    ("Mon oncle à Bruxelles, c'est le +32 478 55 21 09.", ("478", "21 09"), ("Mon oncle",)),
    ("Il m'a noté 06 58 21 47, le reste je l'ai perdu.", ("58 21",), ("le reste",)),
    # a number the speaker corrects while saying it: restarted, or a group replaced
    ("c'est le zéro six... euh... zéro six, quatre-vingts, dix, soixante-trois, quarante-deux.",
     ("zéro six", "quatre-vingts", "quarante-deux"), ("c'est le",)),
    ("zéro un... quarante-trois, soixante... soixante-deux, zéro zéro... non, zéro huit, dix.",
     ("quarante-trois", "soixante", "zéro huit"), ()),
    ("sa sécu : un, six... soixante-six, onze, soixante-deux, cent quarante... non, cent "
     "quarante-quatre, zéro zéro neuf, trente-cinq.", ("soixante-six", "quarante", "trente-cinq"),
     ("sa sécu",)),
    # ... never a count corrected
    ("il a bu trois... non, quatre verres, puis cinq... six bières.", (),
     ("trois... non, quatre verres", "cinq... six")),
    ("Le numéro de sécu, c'est deux, soixante-dix-neuf, onze, quatre-vingt-treize, zéro "
     "cinquante-deux, cent quatorze, clé vingt.", ("soixante-dix-neuf", "cent quatorze"),
     ("Le numéro de sécu",)),
    ("Sur ma carte il y a 2 79 11 93 052 114 et la clé 20.", ("052 114",), ("Sur ma carte",)),
    ("Mon numéro allocataire, c'est le 4471902.", ("4471902",), ("allocataire",)),
    ("Ma voiture, la plaque c'est GT-418-KP.", ("GT-418-KP",), ("Ma voiture",)),
    ("Noter : zéro sept, double cinq, dix-neuf, quarante-deux, quatre-vingt-six, un portable.",
     ("double cinq", "quatre-vingt-six"), ("un portable",)),
    ("Le fixe de sa mère : 04 71 33 [inaudible] 58 62.", ("71 33", "58 62"), ("sa mère",)),
    ("Chez ma tante, c'est plus trente-deux, quatre cent septante-huit, cinquante-cinq, "
     "vingt et un, zéro neuf.", ("septante-huit", "zéro neuf"), ("ma tante",)),
    ("Sa sécurité sociale commence par 2 81 04 59, le reste est sur la carte.", ("81 04 59",),
     ("le reste",)),
    ("Il est né le neuf, zéro quatre, soixante-sept, à la maternité.", ("soixante-sept",),
     ("la maternité",)),
    ("Son mail : marc point leroy 59, arobase, orange, point fr.", ("leroy", "59"),
     ("Son mail",)),
    ("Elle écrit à sylvie tiret dubreuil arobase gmail, le soir.", ("dubreuil",), ("le soir",)),
    # hesitations inside a dictated address, digits after a pause
    ("c'est lina point v, euh, quatre-vingt-treize, arobase hotmail point fr, voilà.",
     ("lina", "quatre-vingt-treize", "hotmail"), ("voilà",)),
    ("mon mail c'est karim point benali arobase, euh, gmail point com.", ("karim", "benali"),
     ("mon mail",)),
])
def test_numbers_said_or_written(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Écrivez à lulu point mercier arrobase free point fr.", ("lulu", "mercier", "free"), ()),
    ("C'est bastien tiret du bas roux arobase laposte point net.", ("bastien", "roux"), ()),
    ("Mon mail : lea.fontaine @ orange.fr pour les papiers.", ("lea.fontaine",), ("papiers",)),
    ("Sur insta c'est la_fee_clochette59, elle poste tout.", ("clochette59",), ("insta",)),
    ("Ma fille sur Snap, son pseudo c'est minouchka, je la suis.", ("minouchka",), ("Snap",)),
    ("Sur TikTok il est sous le nom de brindille77.", ("brindille77",), ("TikTok",)),
    ("On se parle sur WhatsApp, c'est plus simple.", (), ("WhatsApp", "plus simple")),
    # written to fool robots, or in English
    ("Mon mail : gaby.lenoir (at) free.fr, voilà.", ("gaby.lenoir", "free"), ("voilà",)),
    ("C'est tom dot vasseur at hotmail dot com.", ("vasseur", "hotmail", "com"), ()),
])
def test_contacts_dictated_or_after_a_platform(engine, text: str, gone: tuple,
                                               kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Hm hm. Bon euh, on reprend ? Ben oui. Bah, je sais pas.", (), ("Hm hm", "Ben", "Bah")),
    ("Les Portugais du chantier et les Sénégalais du foyer buvaient ensemble.", (),
     ("Portugais", "Sénégalais")),
    ("Ses parents sont Tunisiennes, enfin tunisiens, et lui se dit Breton.", (),
     ("Tunisiennes", "Breton")),
    ("L'Etat rembourse, la Sécu aussi, la Préfecture a mis six mois.", (),
     ("Etat", "Sécu", "Préfecture")),
    ("Le soir c'était du Ricard, du Martini, une Leffe ou deux.", (),
     ("Ricard", "Martini", "Leffe")),
    ("Un verre de Bordeaux, une bouteille de Champagne, du Porto.", (),
     ("Bordeaux", "Champagne", "Porto")),
    ("Il habite à Cognac, il boit du cognac.", ("à Cognac",), ("du cognac",)),
    ("On se voit sur Insta, j'ai pris rendez-vous sur Doctolib.", (), ("Insta", "Doctolib")),
    ("J'attendais devant la gare de Clichy-sous-Bois avec ma bouteille.", ("Clichy",),
     ("la gare de",)),
    ("Il dormait à la Gare de Bondy.", ("Bondy",), ("la Gare de",)),
    ("Comme disait de Gaulle, et Coluche après lui, on n'y peut rien.", (),
     ("de Gaulle", "Coluche")),
    ("Mon voisin Zidane, on l'appelle comme ça, il boit.", ("Zidane",), ("Mon voisin",)),
    ("Elle travaille au Café de la Poste, à côté.", ("Café de la Poste",), ("à côté",)),
    ("C'est au 4 avenue de la République qu'il vit.", ("République",), ("qu'il vit",)),
])
def test_words_to_keep_and_their_limits(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Je sortais avec mon cousin mathis et sa copine.", ("mathis",), ("mon cousin",)),
    ("Ma voisine josiane m'a trouvée par terre.", ("josiane",), ("Ma voisine",)),
    ("Le soir, ma sœur lucie passait.", ("lucie",), ("ma sœur",)),
    ("yanis, mon petit frère, il a tout vu.", ("yanis",), ("mon petit frère",)),
    ("Merci gaëlle, à jeudi.", ("gaëlle",), ("Merci",)),
    ("Salut Titine ! Tu viens ?", ("Titine",), ("Salut",)),
    ("Mon frère aussi buvait, ma mère malade ne disait rien.", (),
     ("Mon frère aussi", "ma mère malade")),
    ("Et Bah le voisin est passé, hm hm.", (), ("Bah", "hm hm")),
])
def test_lower_case_names_after_a_weak_cue(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a name typed in lower case between its facility noun and its town
    ("Le soir j'allais au bar le corsaire à saint-malo, seul.", ("corsaire",), ("au bar", "seul")),
    ("Ma sœur tient l'épicerie chez nono à vierzon depuis vingt ans.", ("nono",),
     ("l'épicerie", "depuis vingt ans")),
    ("Il fait de la boxe au club les gants rouges à roubaix.", ("gants rouges",), ("au club",)),
    # one lower-case word after "au bar le", "à la boulangerie la", no town: never a time,
    # a person, nor a noun that is no place
    ("On finissait au bar le mirabeau, tous les soirs.", ("mirabeau",), ("au bar le",)),
    ("On allait au café le matin, et au bar le soir.", (), ("le matin", "le soir")),
    ("À la pharmacie la dame, elle m'a dit non. C'était pas le bar le problème.", (),
     ("la dame", "le problème")),
    # no name: stop words between the noun and the town
    ("On buvait au bar tous les soirs à Lens.", ("Lens",), ("au bar tous les soirs",)),
    # an article then a name after a facility noun, even a drink's, a nationality's or a
    # public figure's
    ("On finissait au bar le Chablis, à côté de la gare.", ("Chablis",), ("au bar",)),
    ("Il bosse à la brasserie l'Alsacien depuis mars.", ("Alsacien",), ("brasserie",)),
    ("Je vais au centre social Espace Victor Hugo le mardi.", ("Victor Hugo",),
     ("le mardi",)),
    ("Elle a ouvert la crêperie Au Petit Four Breton avec son mari.", ("Petit Four",),
     ("son mari",)),
    ("Le tabac-presse le Balbuzard ouvre à six heures.", ("Balbuzard",), ("ouvre",)),
    # a name then what it is
    ("Le Goéland, c'est le bar de mon quartier.", ("Goéland",), ("c'est le bar",)),
    ("Après, c'est le bar qui ferme.", (), ("Après", "c'est le bar")),
    # a lower-case name then what it is; a facility noun itself is no name
    ("on finissait au goéland, le café d'en face, vers minuit.", ("goéland",),
     ("le café d'en face",)),
    ("je passe au marché, le bar de la place est ouvert.", (), ("au marché",)),
    ("le snack chez bibi, on y mangeait le midi.", ("bibi",), ("le snack chez",)),
    # a drink or a medicine by its slot, not a town after "du"
    ("Le soir il buvait du Zorglub, et on m'a mis sous Vertalex.", (), ("Zorglub", "Vertalex")),
    ("Deux comprimés de Somnifax par jour.", (), ("Somnifax",)),
    ("Il boit de la Kro, de la Brasslor, de la Houblonix.", (), ("Brasslor", "Houblonix")),
    ("Je buvais avec le fils du Marcel, le soir.", ("Marcel",), ("le fils du",)),
    ("Il buvait du côté du Havre, à la Goutte d'Or.", ("Havre", "Goutte d'Or"), ()),
    # a street named after a person or a town, in lower case; not an ordinary adjective
    ("On se retrouvait au bar de la rue gambetta, près de l'impasse bernard.",
     ("gambetta", "bernard"), ("au bar de la", "près de")),
    ("Je dormais dans la rue principale, sur le quai de la gare.", (),
     ("la rue principale", "le quai de la gare")),
    # the last word of a longer term to keep is no name before an apposition
    ("Il est né en Côte d'Ivoire, mon frère au Sri Lanka, ma mère à Lomé.", ("Lomé",),
     ("Côte d'Ivoire", "Sri Lanka")),
    # drinks, chains and peoples, kept
    ("Il boit de la Vittel, moi du Cinzano, ma mère de la Poliakov.", (),
     ("Vittel", "Cinzano", "Poliakov")),
    ("Chez les Gitans, chez les Manouches, on fête tout.", (), ("Gitans", "Manouches")),
    ("Je l'ai trouvé sur Indeed, et je m'entraîne chez Basic-Fit.", (), ("Indeed", "Basic-Fit")),
    ("J'étais vendeuse chez Camaïeu, puis caissière chez Bricomarché.", (),
     ("Camaïeu", "Bricomarché")),
])
def test_named_establishments_and_their_limits(engine, text: str, gone: tuple,
                                               kept: tuple) -> None:
    _check(engine, text, gone, kept)


def test_a_lower_case_establishment_is_a_doubt(engine) -> None:
    text = "Je buvais au café la boussole à bondy tous les jours."
    doubts = {text[e.start:e.end]: e.doubt for e in engine.detect([text])[0]}
    assert doubts.get("boussole") is True, doubts


def test_weak_rules_are_doubts(engine) -> None:
    text = "Mon cousin zelig est venu avec le docteur Quillivic."
    entities = engine.detect([text])[0]
    doubts = {text[e.start:e.end]: e.doubt for e in entities}
    assert doubts == {"zelig": True, "Quillivic": False}


def test_a_lower_case_name_a_list_confirms_is_no_doubt(engine) -> None:
    """What the model reads in lower case is a doubt, unless every word of it is a first name,
    a surname or a town of the gazetteers that is no word of the language: the model and a
    list agree. A first name that is also a word ("rose") stays a doubt."""
    text = ("Mon cousin mathis habite à villeurbanne, et hier soir j'ai vu rose devant le bar "
            "avec karim.")
    doubts = {text[e.start:e.end]: e.doubt for e in engine.detect([text])[0]}
    assert doubts == {"mathis": False, "villeurbanne": False, "rose": True, "karim": False}
    # a town abroad that families come from (towns.txt, "foreign towns ..."): the list agrees
    text = "toute la famille est de tlemcen, et mon oncle vit à ziguinchor"
    doubts = {text[e.start:e.end]: e.doubt for e in engine.detect([text])[0]}
    assert doubts == {"tlemcen": False, "ziguinchor": False}


def test_the_command_and_the_import_give_the_same_text(tmp_path, backend) -> None:
    """`tupsalco pseudonymise FILE` reads and pseudonymises a file as the import does."""
    import json

    from typer.testing import CliRunner

    from tupsalco.cli import app
    from tupsalco.project import Project

    from .conftest import ANA, PASS, PASSWORD, SHEET

    path = tmp_path / "PAT01_entretien.txt"
    path.write_text(
        "Enquêtrice : Bonjour, vous buviez avec qui ?\n"
        "Patient : [00:01:12] Ben avec mon pote Gaétan Pirioux [rires], place Lechevallier "
        "à Rosny. Bah, hm hm.\n"
        "E : Et maintenant ?\n"
        "P : Mon frère mathis m'appelle au 06 47 21 90 13. Ben voilà.\n", encoding="utf-8")
    out = CliRunner().invoke(app, ["pseudonymise", "--jsonl", str(path)])
    assert out.exit_code == 0, out.output
    printed = json.loads(out.stdout.strip().splitlines()[-1])
    project = Project.create(tmp_path / "proj", PASS, vault_path=tmp_path / "k.vault",
                             admin=(ANA.username, PASSWORD), database_url=backend)
    sheet = tmp_path / "participants.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    try:
        project.import_participants(ANA, sheet, PASS)
        [result] = project.import_files(ANA, [path], PASS)
        stored = project.document(result.document_id).text
    finally:
        project.close()
    assert printed["text"] == stored
    for clear in ("Pirioux", "Lechevallier", "Rosny", "mathis", "47 21"):
        assert clear not in stored
    for kept in ("Ben avec", "Bah, hm hm", "[rires]"):
        assert kept in stored


# -- the stream the import runs: worker processes, chunks, long texts ----------------------
def test_the_stream_on_workers_finds_what_one_process_finds(nlp, sheet, corpus_texts,
                                                           corpus_run) -> None:
    """Two forked workers read the demo corpus; one chunk as large as the corpus propagates
    as the batch does: the same entities as ``detect`` in this process."""
    _, batch = corpus_run
    keys = KeyData("test", participants={k: list(v) for k, v in sheet.names.items()})
    engine = Pseudonymiser(keys, nlp=nlp)
    names = list(corpus_texts)
    streamed = dict(engine.stream(((n, corpus_texts[n], ()) for n in names), workers=2,
                                  chunk_chars=10**9))
    assert [n for n in streamed] == names
    assert streamed == batch


def test_a_name_found_in_one_chunk_is_found_in_the_chunks_after(nlp) -> None:
    engine = Pseudonymiser(KeyData("test"), nlp=nlp)
    texts = ["Mon voisin Gaspard Tirelou m'a aidé.", "Tirelou est passé hier, avec sa fille.",
             "On a vu tirelou au marché."]
    out = []
    for i, entities in engine.stream(((i, t, ()) for i, t in enumerate(texts)), workers=1,
                                     chunk_chars=1):
        result = engine.apply(texts[i], entities)  # the next chunk reads the lexicon
        out.append(result.text)
    assert all("Tirelou" not in t and "tirelou" not in t for t in out), out
    surrogate = SURROGATE.search(out[0]).group()
    assert surrogate in out[1] and surrogate in out[2]


def test_a_long_text_is_read_in_parts(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the part size (spaCy refuses texts over nlp.max_length), a text is read in
    parts cut at line ends; offsets come back into the whole text."""
    from tupsalco.pseudonymise import analysis

    line = "P : J'ai vu Gaspard Tirelou à Pontarlier, au 06 31 98 44 27, avec du baclofène."
    text = "\n".join([line] * 40)
    whole = Pseudonymiser(KeyData("test"), nlp=nlp).detect([text])[0]
    monkeypatch.setattr(analysis, "MAX_PART", 500)
    assert len(analysis.split(text)) > 5
    assert all(len(p) <= 500 and (o == 0 or text[o - 1] == "\n")
               for o, p in analysis.split(text))
    parts = Pseudonymiser(KeyData("test"), nlp=nlp).detect([text])[0]
    assert [(e.start, e.end, e.type) for e in parts] == [(e.start, e.end, e.type) for e in whole]
    assert {text[e.start:e.end] for e in parts} >= {"Gaspard Tirelou", "Pontarlier",
                                                    "06 31 98 44 27"}


def test_split_without_line_ends() -> None:
    from tupsalco.pseudonymise.analysis import split

    text = "mot " * 100 + "x" * 300
    parts = split(text, 120)
    assert "".join(p for _, p in parts) == text
    assert [o for o, _ in parts] == [sum(len(p) for _, p in parts[:i]) for i in range(len(parts))]
    assert all(len(p) <= 120 for _, p in parts)


def test_a_text_the_model_fails_on_fails_alone(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    from tupsalco.pseudonymise import analysis

    real = analysis.analysis_of

    def fragile(doc):  # noqa: ANN001, ANN202
        if "piège" in doc.text:
            raise ValueError("boom")
        return real(doc)

    monkeypatch.setattr(analysis, "analysis_of", fragile)
    engine = Pseudonymiser(KeyData("test"), nlp=nlp)
    texts = ["Gaspard Tirelou est venu.", "Un piège.", "Tirelou est reparti."]
    out = dict(engine.stream(((i, t, ()) for i, t in enumerate(texts)), workers=1))
    assert isinstance(out[1], analysis.AnalysisFailed) and out[1].reason == "ValueError"
    assert {texts[0][e.start:e.end] for e in out[0]} == {"Gaspard Tirelou"}
    assert out[2]


@given(st.lists(st.text("abcé' .", min_size=1, max_size=8), min_size=1, max_size=8),
       st.text("abcé' -.x\n", max_size=80), st.integers(0, 8))
def test_the_tree_of_forms_finds_what_a_sorted_list_finds(forms, text, split_at) -> None:
    """The forms' tree pattern, and an old and a new pattern searched together, find what
    one alternation of every form, longest first, finds."""
    import re

    from tupsalco.pseudonymise.finder import Finder, compile_forms

    forms = sorted({" ".join(f.split()) for f in forms} - {""})
    if not forms:
        return
    body = "|".join(r"[\s\-]+".join(map(re.escape, f.split(" ")))
                    for f in sorted(forms, key=len, reverse=True))
    plain = re.compile(rf"(?<![\w])(?:{body})(?![\w])")
    expected = [m.span() for m in plain.finditer(text)]
    assert [m.span() for m in compile_forms(forms).finditer(text)] == expected
    two = Finder([compile_forms(forms[:split_at]), compile_forms(forms[split_at:])])
    assert [m.span() for m in two.finditer(text)] == expected


@given(st.lists(st.text("ABab -'", min_size=1, max_size=6).filter(lambda n: n[0] in "ABab"),
                min_size=1, max_size=8),
       st.text("ABab -'’\n", max_size=60))
def test_towns_by_first_letter_find_what_one_alternation_finds(names, text) -> None:
    import re

    from tupsalco.pseudonymise.vocab import ByFirstLetter

    ordered = sorted(set(names), key=len, reverse=True)
    one = re.compile(r"(?<![\w\-])(?:" + "|".join(
        re.escape(t).replace(r"\-", r"[\-\s]").replace("'", "['’]") for t in ordered)
        + r")(?![\w\-])")
    towns = ByFirstLetter(names)
    assert [m.span() for m in towns.finditer(text)] == [m.span() for m in one.finditer(text)]
    assert bool(towns.fullmatch(text)) == bool(one.fullmatch(text))


@given(st.text())
def test_fold_chars_keeps_one_character_for_one(text) -> None:
    import unicodedata

    from tupsalco.pseudonymise.surrogates import fold_chars

    def one_by_one(ch: str) -> str:
        low = ch.lower() if len(ch.lower()) == 1 else ch
        base = "".join(c for c in unicodedata.normalize("NFKD", low)
                       if not unicodedata.combining(c))
        return base if len(base) == 1 else low

    assert fold_chars(text) == "".join(map(one_by_one, text)).replace("’", "'")


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Mon coloc, mathis, il range jamais rien.", ("mathis",), ("Mon coloc",)),
    ("Ma petite léna, elle dessine tout le temps.", ("léna",), ("Ma petite",)),
    ("Le soir je voyais Baptiste et quentin au square.", ("Baptiste", "quentin"), ("au square",)),
    ("Ma sœur Géraldine, enfin Géra, et sa fille, Gégé pour tout le monde.",
     ("Géraldine", "Géra", "Gégé"), ("pour tout le monde",)),
    ("Je suis allée aux réunions du mardi, au local.", (), ("allée", "réunions")),
])
def test_names_said_lightly(engine, text: str, gone: tuple, kept: tuple) -> None:
    """Lower-case names after a flatmate or a nursery word, a name joined to another, short
    forms of a name said in full in the same text (doubts for the reviewer)."""
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a phone said in full, then repeated in parts by the listener and the speaker
    ("Patient : Le portable c'est zéro sept, vingt-six, quinze, quatre-vingt-quatre, onze.\n"
     "TS : Vingt-six, quinze...\nPatient : Quatre-vingt-quatre, onze.",
     ("Vingt-six, quinze", "Quatre-vingt-quatre, onze"), ("Le portable",)),
    # the first groups said again before the rest
    ("TS : Le foyer, c'est le 03 88 12 45 67.\nPatient : Zéro trois...\nTS : Oui, la suite.",
     ("Zéro trois",), ("la suite",)),
    # a NIR's end said again, the key said alone after it
    ("TS : Sécurité sociale, 1 85 07 62 114 305 41 ?\nPatient : Trois cent cinq, quarante et "
     "un, oui. Clé 41.", ("Trois cent cinq", "41"), ("Patient",)),
    # a count of digits or an age near the number is no part of it
    ("TS : Le numéro à 13 chiffres, 2 90 03 75 112 041 ?\nPatiente : J'ai 29 ans, "
     "tenez.", ("112 041",), ("13 chiffres", "29 ans")),
    # the first groups of a number after its cue, the rest forgotten
    ("Patiente : Elle m'a laissé son numéro, le 04 76... le reste je l'ai perdu.", ("04 76",),
     ("le reste",)),
])
def test_a_number_said_again_in_part(engine, text: str, gone: tuple, kept: tuple) -> None:
    """Echoes: once a phone or a NIR is found, its groups said again elsewhere in the text go
    with it; a count or an age beside it stays."""
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Patient : Mon adresse c'est thibault.k.62 arobase free point fr.\n"
     "TS : Thibault point k point soixante-deux ?", ("Thibault point k", "soixante-deux"),
     ("TS",)),
    ("Patiente : Mon fils a un Insta, brioche.kvn.off, il y met ses dessins.",
     ("brioche.kvn.off",), ("ses dessins",)),
    ("Patient : Sur Facebook il a un compte de son chien, « Rantanplan.Berger.59 », "
     "c'est drôle.", ("Rantanplan.Berger.59",), ("son chien",)),
    ("Patiente : Son snap c'est titi_des_pins, titi c'est comme ça qu'on l'appelle.",
     ("titi_des_pins", "titi c'est"), ("qu'on l'appelle",)),
])
def test_an_account_and_its_words(engine, text: str, gone: tuple, kept: tuple) -> None:
    """A dictated address repeated in part, an account name by its shape after a platform,
    and a word of an account said alone in the same text."""
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("MG : Marie-Claude, MC pour l'équipe, elle passe le jeudi. MC elle sait tout.",
     ("Marie-Claude", "MC"), ("le jeudi", "l'équipe")),
    ("Patient : Y avait gaspard, y avait ludovic, et y avait moi.", ("gaspard", "ludovic"),
     ("et y avait moi",)),
    ("Patient : j'ai habité à villeurbanne aussi, et à part ça à sens unique.",
     ("villeurbanne",), ("à part ça", "sens unique")),
    ("Patiente : Mon oncle l'appelait par son surnom, « Pitchoun », depuis petit.",
     ("Pitchoun",), ("depuis petit",)),
    ("Patiente : Son nom c'est Guérin comme le nom, hein.", ("Guérin",), ("hein",)),
    ("Patient : Je bossais à la boulangerie Le Pain qui Chante, à Lunel.",
     ("Pain qui Chante", "Lunel"), ("la boulangerie",)),
    ("Patiente : On m'a transférée au collège Ouest, puis à la clinique Sud, à Rennes.",
     ("Ouest", "Sud"), ("au collège", "la clinique")),
    ("Patient : Mme Picardie, ma voisine, vient de Picardie.", ("Mme Picardie",),
     ("vient de Picardie",)),
    ("Patient : Écrivez à lou point garnier quarante-quatre arobase orange point fr.",
     ("garnier", "quarante-quatre"), ("Écrivez",)),
    ("Patiente : Mais bastien il rentre tard. La rose elle fane vite, sauf léonie, elle arrose.",
     ("bastien", "léonie"), ("La rose elle fane",)),
])
def test_names_in_their_slot(engine, text: str, gone: tuple, kept: tuple) -> None:
    """Initials of a compound first name found in the same text, bare lower-case first names
    after "y avait", a lower-case town after "à", a nickname after "son surnom,", a shop's name
    with "qui" inside, a cardinal point naming a facility, a place after a title, a number said
    in words inside a dictated address, a lower-case first name taken up by "il" or "elle"."""
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Patient : De la Heineken, de la 8.6, de la Cognac... non, du Calvados, du Ricard.", (),
     ("Heineken", "Calvados")),
    ("Patient : Le soir c'était Heineken, Amsterdam ou rien, selon les sous.", (),
     ("Amsterdam",)),
    ("Patiente : J'ai fait de l'intérim chez Randstad puis chez Adecco.", (),
     ("Randstad", "Adecco")),
    ("Coordinatrice : On a une infirmière Asalée le mardi.", (), ("Asalée",)),
    ("Patient : Je vis à Amsterdam depuis deux ans, la Kronenbourg me manque.",
     ("Amsterdam",), ("Kronenbourg",)),
])
def test_drinks_in_a_list_and_national_networks_stay(engine, text: str, gone: tuple,
                                                     kept: tuple) -> None:
    _check(engine, text, gone, kept)


def test_the_new_weak_rules_are_doubts(engine) -> None:
    text = ("Patiente : Son snap c'est lulu_des_bois, lulu elle est gentille. Y avait jordan, "
            "et Jean-Pierre, JP pour nous. J'étais à montreuil aussi.")
    entities = engine.detect([text])[0]
    doubts = {text[e.start:e.end]: e.doubt for e in entities}
    assert doubts["lulu"] is True
    assert doubts["jordan"] is False  # a first name of the list, no word: the list agrees
    assert "JP" in doubts and "montreuil" in doubts  # the model finds them too: no doubt then
    assert doubts["lulu_des_bois"] is False


def test_a_category_noun_left_in_clear_is_a_leak_only_when_scored_strictly() -> None:
    from tupsalco.pseudonymise.evaluate import GoldSpan, leaked
    from tupsalco.pseudonymise.vocab import vocabulary
    from tupsalco.records import Entity

    text = "On se voyait à la brasserie des Acacias."
    start = text.index("brasserie")
    gold = GoldSpan("d", start, len(text) - 1, "ORG")
    name_only = [Entity(text.index("Acacias"), len(text) - 1, "ORG", "[Établissement 1]")]
    generic = vocabulary().facility_words
    assert leaked(text, gold, name_only)  # strict: every word of the mark
    assert not leaked(text, gold, name_only, generic)  # the noun names no brasserie
    assert leaked(text, gold, [], generic)  # the name itself still counts


# Stop 21: kinds of identifiers and words to keep seen on spoken material, each in sentences
# written for these tests.
@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a street number said in words, "bis" after it; a postcode after the address or the town
    ("Patient : je loge au quarante-sept bis boulevard des Glaïeuls, chez un ami.",
     ("quarante-sept", "Glaïeuls"), ("chez un ami",)),
    ("Patiente : c'était au six impasse des Chardonnerets, à Nantes, avant.",
     ("six impasse", "Chardonnerets", "Nantes"), ("avant",)),
    ("Patiente : j'habitais 6 impasse des Chardonnerets, Nantes, 44300, avant.",
     ("Chardonnerets", "Nantes", "44300"), ("avant",)),
    ("Patiente : j'habite 3 rue Daguerre, Nantes, quarante-quatre, quatre cents, au "
     "rez-de-chaussée.",
     ("Daguerre", "quarante-quatre", "quatre cents"), ("au rez-de-chaussée",)),
    ("Patient : on a deux place de parking, trois cours de yoga.", (),
     ("deux place de parking", "trois cours de yoga")),
    # a hyphen said inside the domain of a dictated address
    ("Patiente : c'est claire point mouchet arobase cabinet tiret dentaire point fr, voilà.",
     ("mouchet", "cabinet", "dentaire"), ("voilà",)),
    # an account name by its shape after "mail"; a day of the month said alone in words
    ("Patiente : mon mail, zaza77 sur yahoo, je le lis jamais.", ("zaza77",), ("je le lis",)),
    ("Patient : c'est le vingt-trois, en mai, que j'ai replongé.", ("vingt-trois",),
     ("en mai",)),
    # a small employer named after its trade
    ("Patient : je bossais chez Vasseur BTP, puis chez Propreté Lemaire 62.",
     ("Vasseur", "Lemaire"), ("je bossais",)),
    # the end of a phone number corrected just after it
    ("Patient : zéro six, quarante-deux, dix-sept, trente, onze. Non, pardon, trente et un, "
     "douze. Voilà.", ("trente et un", "douze"), ("Voilà",)),
])
def test_addresses_and_contacts_said_aloud(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Patiente : euh jiji, c'est ma cousine, et avec dudule on sort le soir.", ("jiji", "dudule"),
     ("ma cousine", "le soir")),
    ("Patient : le soir je vois dudule, il boit avec moi.", ("dudule",), ("il boit",)),
    ("Patient : au foyer on croisait Zaza et Fifine tous les soirs.", ("Zaza", "Fifine"),
     ("tous les soirs",)),
    # a doubled syllable closed by a consonant, the nickname of a name in "-ur"
    ("Patient : on traînait avec dudur, le soir.", ("dudur",), ("le soir",)),
    # a sentence about what someone is called
    ("Patiente : on le surnomme zébulon, sa grand-mère dit toujours gugule quand il pleure.",
     ("gugule",), ("quand il pleure",)),
    ("Patiente : le petit veut téter, et maman, elle dort.", (), ("téter", "maman")),
    # the ordinary words of that shape stay
    ("Patient : mon doudou, papa l'a gardé, même la tête du nounours, et coucou la nounou.",
     (), ("doudou", "papa", "même", "tête", "coucou", "nounou")),
])
def test_nicknames_by_their_shape(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a title makes a name of a lower-case surname that is also a word, and of a capitalised
    # one that is also a term to keep
    ("Patient : mon médecin, le docteur mouton, il m'a dit d'arrêter.", ("mouton",),
     ("mon médecin",)),
    ("Patiente : c'est Madame Noël qui me suit, depuis Noël.", ("Madame Noël",),
     ("depuis Noël",)),
    # a lower-case first name before a name found, or opening a turn before a comma
    ("Patiente : on partait avec eulalie et Anselme, à la mer.", ("eulalie", "Anselme"),
     ("à la mer",)),
    ("Patient : hippolyte, non, il vient plus.", ("hippolyte",), ("il vient plus",)),
    # a compound first name in lower case; a name before "de son vrai nom"
    ("Patiente : casimir-hippolyte, mon voisin, passe le soir.", ("casimir", "hippolyte"),
     ("mon voisin",)),
    ("Patient : le gitan, bricou de son vrai nom, il boit plus.", ("bricou",),
     ("de son vrai nom",)),
    # a lower-case first name that the model's word tables also hold, where no bare noun stands
    ("Patient : j'ai parlé à hippolyte, puis c'est casimir qui m'a ramené chez la mère de "
     "sylvain.", ("hippolyte", "casimir", "sylvain"), ("m'a ramené",)),
    # a first name found in full, then with a pet ending
    ("Patient : mon pote Gaspard est venu, au bar on dit gaspardou pour rire.", ("gaspardou",),
     ("pour rire",)),
    # someone to call
    ("Patiente : appelez mimoune au 07 11 22 33 44 si besoin.", ("mimoune",), ("si besoin",)),
])
def test_names_after_a_title_a_coordination_or_a_turn(engine, text: str, gone: tuple,
                                                      kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Patient : on se retrouvait au tabac de la Poste, le matin.", ("Poste",), ("le matin",)),
    ("Patiente : je bossais à l'épicerie Thé et Moi, à Lyon.", ("Thé et Moi", "Lyon"),
     ("l'épicerie",)),
    ("Patient : je passe au bureau de la Poste, j'ai une boîte de Seresta, et le marché de Noël.",
     (), ("la Poste", "Seresta", "Noël")),
])
def test_shops_named_after_a_common_noun(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Patient : Gigondas ou Corbières, du rouge, toute la journée.", (),
     ("Gigondas", "Corbières")),
    ("Patient : je suis né à Bergerac, le vin coule là-bas.", ("Bergerac",), ("le vin",)),
    ("Patient : on m'a parlé de la Tournée minérale en février, et du Défi de Janvier.",
     (), ("Tournée minérale", "Défi de Janvier")),
])
def test_wine_appellations_and_prevention_campaigns_stay(engine, text: str, gone: tuple,
                                                         kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # an acronym that is no word nor name in another case is kept in any case
    ("Patiente : au csapa on m'a dit d'aller au Caarud, puis à la Cjc.", (),
     ("csapa", "Caarud", "Cjc")),
    ("Patient : le csapa Berlioz m'a suivi.", ("Berlioz",), ("csapa",)),
    # national bodies, tobacco brands, short forms of medicines, large areas
    ("Patiente : la Gendarmerie, la Police nationale, le Trésor public, ils me courent après.",
     (), ("Gendarmerie", "Police nationale", "Trésor public")),
    ("Patient : des Marlboro, puis des Gauloises, puis l'Iqos, et le baclo le soir.", (),
     ("Marlboro", "Gauloises", "Iqos", "baclo")),
    ("Patiente : les Alpes, les Pyrénées, l'Atlantique, j'ai bougé partout.", (),
     ("Alpes", "Pyrénées", "Atlantique")),
    # ordinary words said alone between pauses are no places
    ("Patient : Sincèrement, Carrément, Grave, on buvait trop.", (), ("Carrément", "Grave")),
])
def test_national_bodies_brands_and_acronyms_in_any_case_stay(engine, text: str, gone: tuple,
                                                               kept: tuple) -> None:
    _check(engine, text, gone, kept)


def test_the_rules_of_stop_21_that_guess_are_doubts(engine) -> None:
    text = ("Patient : le soir je vois dudule, il boit. On allait au tabac de la Poste, avec "
            "eulalie et Anselme.")
    doubts = {text[e.start:e.end]: e.doubt for e in engine.detect([text])[0]}
    assert doubts["dudule"] is True
    assert doubts["Poste"] is True
    assert doubts["eulalie"] is True


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # an ordinary word capitalised after an article or a possessive is a common noun...
    ("Infirmier : les Reins, la Rate, l'Estomac, tout y est passé d'après lui.", (),
     ("Reins", "Rate", "Estomac")),
    ("Patiente : ma Grand-tante, mon Beau-fils, ils trinquaient ensemble.", (),
     ("Grand-tante", "Beau-fils")),
    # ... not one of a list of names, nor a name in apposition after a facility noun
    ("Il a fait Lariboisière, la Charité, Necker avant d'arriver ici.", ("Lariboisière", "Necker"),
     ()),
    ("Elle bossait à la supérette la Fourmi, près de chez moi.", ("Fourmi",), ("supérette",)),
    # a family word said as a title stays, the first name goes
    ("Mamie Ginette gardait les petits le mercredi.", ("Ginette",), ("Mamie",)),
    ("Papa Hervé, on l'appelait comme ça au bistrot.", ("Hervé",), ("Papa",)),
    # a kinship or role word in a list of relatives, also one that is a surname
    ("P : mon Cousin, mon Voisin, ils venaient tous les soirs.", (), ("Cousin", "Voisin")),
    ("Elle : ma Belle-sœur et l'Orthophoniste de Gaspard.", ("Gaspard",),
     ("Belle-sœur", "Orthophoniste")),
    ("Sa tutrice, Mme Cousin, a tout signé.", ("Cousin",), ("Sa tutrice",)),
    # the title of a work after the noun that says what it is
    ("On a regardé le film Les Bronzés font du ski chez Odette.", ("Odette",),
     ("Les Bronzés",)),
    ("Il chantait la chanson La Javanaise en rentrant, avec Marcel.", ("Marcel",),
     ("La Javanaise",)),
    # feasts, borrowed interjections, drugs by their street names, clubs, courts
    ("À la Chandeleur et à la Pentecôte, il buvait le double.", (), ("Chandeleur", "Pentecôte")),
    ("Wallah, Yallah, il disait ça tout le temps, Khalas.", (), ("Wallah", "Yallah", "Khalas")),
    ("La Kétamine et le Protoxyde, c'était les soirées avec Gaëtan.", ("Gaëtan",),
     ("Kétamine", "Protoxyde")),
    ("Il est fan du PSG et déteste l'OM, son frère Ludo aussi.", ("Ludo",), ("PSG", "OM")),
    # a facility noun alone is the generic place; with a name, the name goes
    ("Il passe au Tribunal jeudi, pas au café Le Rigodon.", ("Rigodon",), ("Tribunal",)),
    ("Le Cardio l'a vu, et le Gynéco aussi, avant Noémie.", ("Noémie",), ("Cardio", "Gynéco")),
    ("La Cour d'appel a confirmé, le Tribunal correctionnel de Créteil avait jugé.",
     ("Créteil",), ("Cour d'appel", "Tribunal correctionnel")),
])
def test_capitalised_common_words_and_what_people_name(engine, text: str, gone: tuple,
                                                       kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a name found in part is completed to its whole hyphenated compound
    ("Elle consulte au CMS Albertin-Fourcade depuis l'été.", ("Albertin", "Fourcade"), ("été",)),
    # ... never over "-là" or an inverted pronoun
    ("Ce Norbert-là, il buvait sec, disait-il.", ("Norbert",), ("là", "disait")),
    # a street number said before "de la rue", "du boulevard"
    ("Il loge au dix-sept de la rue Guénolé-Varin, seul.", ("dix-sept", "Guénolé", "Varin"),
     ("seul",)),
    ("Elle vit au 31 du boulevard Ferrandier depuis dix ans.", ("31", "Ferrandier"), ("dix ans",)),
    # a lieu-dit is an address
    ("On a une caravane au lieu-dit les Grandes Brousses.", ("Grandes Brousses",),
     ("caravane",)),
])
def test_whole_compounds_and_numbers_before_their_street(engine, text: str, gone: tuple,
                                                         kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a lower-case hyphenated name after a facility noun; a saint's place after "à"
    ("Sa fille est au collège marcel-bouvreuil depuis septembre.", ("marcel-bouvreuil",),
     ("collège",)),
    ("On l'a transféré à saint-ambrelin, loin de tout.", ("saint-ambrelin",), ("transféré",)),
    ("On fête la saint-jean au village.", (), ("saint-jean",)),
    # a town of the gazetteer in lower case, whatever the preposition
    ("il remonte de romainville tous les jeudis.", ("romainville",), ("jeudis",)),
    # after a title, a lower-case surname that is also a common word
    ("la visite chez monsieur charpentier s'est bien passée.", ("charpentier",), ("monsieur",)),
    ("madame da costa est venue seule.", ("da costa",), ("madame",)),
    ("le docteur généraliste est passé.", (), ("généraliste",)),
    # a facility's lower-case name with its own article
    ("il dort au foyer la gabare depuis l'hiver.", ("gabare",), ("foyer",)),
    ("on traînait au bar le cormoran, tous les soirs.", ("cormoran",), ("bar",)),
    ("au foyer les éducateurs sont débordés.", (), ("éducateurs",)),
    ("au café le matin, c'est calme.", (), ("matin",)),
    ("tout le quartier le connaît, ce type.", (), ("connaît",)),
    # a lower-case street after "rue des", "quai du"
    ("il loge rue des tanneurs, au fond de la cour.", ("tanneurs",), ("cour",)),
    ("elle vit à la rue depuis deux ans.", (), ("rue depuis",)),
    ("vingt-six chemin des lavandières, au rez-de-chaussée.", ("vingt-six", "lavandières"),
     ("rez-de-chaussée",)),
    # a first name that is a common word, in a name's slot
    ("la voisine c'est prune, prune vasseur, elle passe le soir.", ("prune", "vasseur"),
     ("voisine",)),
    ("on a fêté ça chez capucine, avec du jus de pomme.", ("capucine",), ("pomme",)),
    ("une olive, une seule, avec le pastis.", (), ("olive", "pastis")),
    ("mon fils, violette, elle a dit non.", (), ("fils",)),
])
def test_lower_case_names_in_their_slots(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize("word", ["Scorpion", "Capricorne", "Tchin", "Prochaska", "Lundbeck",
                                  "Champomy", "RPIB"])
def test_zodiac_toasts_authors_and_laboratories_stay(engine, word: str) -> None:
    _check(engine, f"Patiente : elle m'a parlé de {word}, et c'est tout.", (), (word,))


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a facility's or a neighbourhood's lower-case name after "des", "du", "de la"
    ("elle a accouché à la maternité des capucines, en mars.", ("capucines",), ("maternité",)),
    ("il habite la cité des tamaris, au bout de la ligne.", ("tamaris",), ("cité",)),
    # ... never what the place is for or where it stands
    ("la pharmacie du coin lui donne son traitement.", (), ("coin",)),
    ("le foyer des jeunes travailleurs est plein.", (), ("jeunes",)),
    # a lower-case town before the next speaker's label
    ("TS : on se voit à pantin Patiente : d'accord", ("pantin",), ("Patiente",)),
])
def test_lower_case_names_after_of_and_before_a_label(engine, text: str, gone: tuple,
                                                      kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a word said to be a name
    ("j'ai eu un monsieur, fidèle, c'est son prénom, il venait chaque lundi.", ("fidèle",),
     ("monsieur",)),
    ("il s'appelait modeste.", ("modeste",), ("appelait",)),
    # a first name after "c'est" and "qui", after "à" in a list of people
    ("c'est jacinthe qui m'a amenée ici.", ("jacinthe",), ("amenée",)),
    ("merci au docteur, à jacinthe, à tout le monde.", ("jacinthe",), ("docteur",)),
    # an adjective after "c'est" stays
    ("trois semaines, c'est long, il peut changer d'avis.", (), ("long",)),
])
def test_words_said_to_be_names(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a postcode said after "code postal", and the town after any postcode, in lower case
    ("le code postal de sa mère c'est treize cent vingt-sept, je crois.", ("treize", "vingt-sept"),
     ("mère",)),
    ("quatre rue des merles, quatre-vingt-treize cinq cents bobigny, au deuxième.",
     ("merles", "quatre-vingt-treize", "cinq cents", "bobigny"), ("deuxième",)),
    ("sept allée des roses, 93260 les lilas.", ("roses", "93260", "lilas"), ()),
])
def test_postcodes_said_and_the_town_after(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # an account dictated with its signs after the platform, with no cue
    ("ma cousine a un Snap aussi, lilou point k, elle poste des photos.", ("lilou",), ("Snap",)),
    ("sur Facebook, au point que je me suis désinscrite.", (), ("au point",)),
])
def test_an_account_dictated_after_its_platform(engine, text: str, gone: tuple,
                                                kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # the study's local networks point at one site; the national coordination stays
    ("le réseau bus 31/32 nous envoie des patients, le CNRMS coordonne.", ("31/32",), ("CNRMS",)),
    ("on en a parlé avec Proses la semaine dernière.", ("Proses",), ("semaine",)),
    # after "chez", a trade and its name are the company's name
    ("il était livreur chez transports quéméner à bobigny.", ("transports", "quéméner"),
     ("livreur",)),
])
def test_study_networks_and_companies_after_chez(engine, text: str, gone: tuple,
                                                 kept: tuple) -> None:
    _check(engine, text, gone, kept)


def test_a_title_after_a_verb_of_reading_stays(engine) -> None:
    _check(engine, "Patiente : j'ai lu Le Grand Sommeil deux fois, avec Ghislaine.",
           ("Ghislaine",), ("Le Grand Sommeil",))


def test_a_line_break_closes_a_name_slot(engine) -> None:
    _check(engine, "TS : on le voit ici à pantin\nPatient : oui, au foyer les quatre vents.",
           ("pantin", "quatre vents"), ("Patient", "foyer"))


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a public hospital said by its name alone, in lower case after "à" or "l'hôpital"
    ("on l'a emmenée à bichat, aux urgences.", ("bichat",), ("urgences",)),
    ("elle a travaillé à l'hôpital tenon, en cuisine.", ("tenon",), ("cuisine",)),
    # the same word as a common noun stays
    ("le tenon et la mortaise, c'était mon métier.", (), ("tenon",)),
])
def test_hospitals_by_their_name_alone(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a nickname given with its article after a naming verb and its pronoun, or in quotes
    ("au foyer on l'appelait le marquis, il citait Molière.", ("marquis",), ("foyer",)),
    ("tout le monde appelle « la girafe » la grande du troisième.", ("girafe",), ("monde",)),
    # ... never someone called at a time, nor a role
    ("vous pouvez m'appeler le matin, ou l'appeler le soir.", (), ("matin", "soir")),
    ("on l'appelle la psy, tout simplement.", (), ("psy",)),
])
def test_nicknames_given_with_their_article(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


def test_a_first_name_found_here_is_found_again_in_a_person_slot(engine) -> None:
    # a first name that is a common word, found as a person once in the document, goes again
    # after "chez", "de", "à"; the common word after an article stays
    _check(engine, "la voisine c'est capucine ferrandou. j'étais chez capucine, avec une "
                   "capucine en pot.", ("capucine ferrandou", "chez capucine"),
           ("une capucine en pot",))


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Patiente : elle est Catholique, lui Musulman, et alors ? Avec Gwenaëlle.", ("Gwenaëlle",),
     ("Catholique", "Musulman")),
    ("Patient : le Pape est allé à La Mecque ? Non. Demandez à Ferdinand.", ("Ferdinand",),
     ("Pape", "La Mecque")),
])
def test_religions_and_their_places_stay(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a name spelled letter by letter, a doubled letter said "deux"; "il y a" is no spelling
    ("je vous adresse madame brizard, b r i z a r d, pour un bilan.", ("b r i z a r d",),
     ("bilan",)),
    ("monsieur pellet, p e deux l e t, sans accent.", ("p e deux l e t",), ("accent",)),
    ("il y a a peine un mois, il buvait encore.", (), ("peine", "mois")),
    # a brand after the kind of its drink; an appellation with its place
    ("il boit du rhum Hector et de la bière Gaillarde le soir.", (), ("Hector", "Gaillarde")),
    ("un verre de muscat de Rivesaltes, pas plus.", (), ("Rivesaltes",)),
    # ... but a facility's name after a drink's kind is not the drink's
    ("il travaille au bar le Rhum Hector, à Roubaix.", ("Roubaix",), ("bar",)),
    # a toast said as one; a saint spoken of as one, not a church nor a street named after him
    ("il lève son verre d'eau : Santé ! et tout le monde rit.", (), ("Santé",)),
    ("elle cite saint Thomas, celui qui doute.", (), ("saint Thomas",)),
    ("la réunion est à l'église Saint Thomas, rue Saint Roch.", ("Thomas", "Roch"),
     ("réunion",)),
])
def test_spelled_names_drink_brands_toasts_and_saints(engine, text: str, gone: tuple,
                                                      kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a national chain named like a person, after what says a shop; never someone's home
    ("elle fait ses courses chez Leclerc le samedi.", (), ("Leclerc",)),
    ("on dormait chez Paul, son cousin.", ("Paul",), ("cousin",)),
    ("elle bossait au Leclerc de Montluçon, en caisse.", ("Montluçon",), ("caisse",)),
    # a chain's local shop, its own words after the brand, is one place
    ("il vendait à la supérette Proxi des Glycines, à Vierzon.", ("Glycines", "Vierzon"),
     ("supérette",)),
    # a public figure whose name is a hospital's, said as a place
    ("on l'a gardé deux jours aux urgences d'Esquirol.", ("Esquirol",), ("urgences",)),
    ("Cher confrère, M. Castex souhaite reprendre son poste.", ("Castex",), ("confrère",)),
])
def test_chains_and_public_figures_in_their_places(engine, text: str, gone: tuple,
                                                   kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a commune of any size typed in lower case after "à" or "habite", when it is no word
    ("elle a grandi à paimpol, puis elle habite confolens depuis dix ans.",
     ("paimpol", "confolens"), ("grandi", "depuis")),
    # ... or after "de" said of someone's or a structure's place
    ("c'est la dame de carhaix, l'infirmière ASALEE de guingamp.", ("carhaix", "guingamp"),
     ("la dame de", "ASALEE de")),
    # ... never a month
    ("la RCP de mars, l'équipe de mai.", (), ("RCP de mars", "de mai")),
    # ... or after "de" said of origin or nearness
    ("ma mère est originaire d'oloron, on vivait pas loin de mauléon.", ("oloron", "mauléon"),
     ("originaire", "pas loin")),
    # ... never a word after it ("je suis de garde", "je viens de loin")
    ("je suis de garde, je viens de loin et il vient de partir.", (),
     ("de garde", "de loin", "de partir")),
    # a session's date in a note, its month abbreviated or day and month in digits
    ("obs 14 févr. rdv ts, suite le 03/04, puis du 28/11 au 02/12 à l'hôpital.",
     ("14 févr", "03/04", "28/11", "02/12"), ("obs", "rdv")),
    # ... but never a score, a tension nor a number said in words
    ("il s'est noté 10/10, tension 13/8, vingt sept personnes.", (),
     ("10/10", "13/8", "vingt sept")),
])
def test_communes_in_lower_case_and_dates_of_notes(engine, text: str, gone: tuple,
                                                   kept: tuple) -> None:
    _check(engine, text, gone, kept)


def test_the_project_sites_are_removed_in_any_case_and_inside_longer_names(nlp) -> None:  # noqa: ANN001,E501
    """A project's own sites (its participants'), in lower case too, where the word is also
    a common noun; a longer name holding one is still found whole by the model."""
    sites = Pseudonymiser(KeyData("sites"), places=("Pantin", "Bagnolet", "Bretagne"), nlp=nlp)
    out = sites.pseudonymise(["rcp à pantin le jeudi, le pantin de bois est à lui. "
                              "il vit en Bretagne."])[0].text
    assert "pantin" not in out.lower() and "Bretagne" in out and "rcp" in out
    plain = Pseudonymiser(KeyData("no sites"), nlp=nlp)
    assert "pantin de bois" in plain.pseudonymise(["le pantin de bois est à lui."])[0].text


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a name of no French words after its facility noun: Corsican, Alsatian, Creole...
    ("le soir il descend au bar u lampione, sur le port.", ("lampione",), ("bar", "port")),
    ("elle aide à l'association tikaz gramoun le mercredi.", ("tikaz",), ("association",)),
    ("on finissait à la winstub zum hirsch.", ("hirsch",), ("winstub",)),
    # ... never ordinary words after it
    ("il va au bar tous les soirs, et au club de foot le samedi.", (), ("tous les soirs",)),
    # "chez" then a trade with no article opens a firm's name, the trade included
    ("il conduisait chez transports girardot, puis chez nettoyage arc-en-ciel services.",
     ("transports girardot", "arc-en-ciel"), ("il conduisait",)),
    # ... never "chez" someone, or a trade with its article
    ("on mangeait chez mamie, puis chez le boucher du coin.", (), ("chez mamie", "boucher")),
    # a facility said in several words opens a name in lower case, numbers and links inside
    ("l'accueil de jour l'escale du port, puis la maison de santé des coquelicots reçoit.",
     ("escale", "coquelicots"), ("accueil de jour", "maison de santé", "reçoit")),
    ("ils se sont connus au CHRS le relais des trois chênes.", ("chênes",), ("CHRS",)),
    # a firm after "chez", its links inside; never a generic complement without its town
    ("il conduit chez ambulances du canal, à sevran, et achète chez cave du marché.",
     ("canal", "sevran"), ("cave du marché",)),
    # a hamlet or a lieu-dit in apposition, its article included
    ("elle habite un lieu-dit, la pradelle, et lui un hameau, le mas-rouge, plus haut.",
     ("pradelle", "mas-rouge"), ("lieu-dit", "hameau", "plus haut")),
    # ... never what is said of it
    ("un hameau, tu vois, le genre d'endroit perdu.", (), ("tu vois", "le genre d'endroit")),
    # a first name right after the word for a person the team follows
    ("le patient mathis, 20-35, et l'usagère noémie, puis la patiente rose.",
     ("mathis", "noémie", "rose"), ("patient", "usagère")),
    # ... never an adjective
    ("il est patient, calme, et patient jamais pressé.", (), ("patient, calme",
                                                             "patient jamais")),
    # a nickname given with its article after "on m'appelait", "on l'appelle"
    ("on m'appelait la fouine au collège, on l'appelle le phoque.", ("fouine", "phoque"),
     ("au collège",)),
    # ... never a time, a role or a place called
    ("je l'appelle le soir, on appelle la police, on l'appelle le médecin.", (),
     ("le soir", "la police", "le médecin")),
    # first names listed after a name found, one that is also a word too
    ("on était le docteur Haddad, clarisse, moi, et fanny, puis au docteur Morel, à rose.",
     ("clarisse", "fanny", "rose"), ("moi", "docteur")),
    # ... never a word that goes on ("Paul, rose de honte")
    ("il a vu Paul, rose de honte, et Marie, lundi.", ("Paul", "Marie"),
     ("rose de honte", "lundi")),
    # a first name after a verb of naming, also one that is a word, and "un certain x"
    ("ses parents l'ont appelé pascal, et le bailleur, un certain ferreira, le sait.",
     ("pascal", "ferreira"), ("ses parents", "le bailleur")),
    # ... never a word of the language that is no first name
    ("on l'a appelé comme ça, un certain temps.", (), ("comme ça", "certain temps")),
    # a saint's day with its article is a date of the calendar
    ("on fête la Saint-Nicolas, et à la Sainte-Catherine on boit.", (),
     ("Saint-Nicolas", "Sainte-Catherine")),
    # ... never a town or a street named after the saint
    ("il vit à Saint-Nicolas-de-Port, rue de la Saint-Jean.", ("Saint-Nicolas-de-Port",
                                                              "rue de la Saint-Jean"), ()),
    # a club named by its town or initials after what a supporter says
    ("il supporte Rennes, il a vu le match Rennes-Brest, il est fan de l'OL.", (),
     ("Rennes", "Rennes-Brest", "OL")),
    # ... never a person, nor the town someone lives in
    ("elle supporte pas Marc, son beau-frère, qui vit à Rennes.", ("Marc", "Rennes"), ()),
    # peoples and overseas demonyms name no one
    ("des Hmong, des Peuls et des Mahorais viennent, une Tahitienne aussi.", (),
     ("Hmong", "Peuls", "Mahorais", "Tahitienne")),
    # fillers and a speaker's label around what the model took for a place stay
    ("e : hm hm mg : donc on voit. le docteur Ben Amor signe.", ("Amor",), ("hm hm", "mg :")),
    # a bar's name typed in lower case in apposition after its facility noun
    ("le tabac d'en face, le cormoran, il a fermé.", ("cormoran",), ("tabac", "fermé")),
    # ... never a time, a person or people there
    ("au bar du coin, le soir, le patron, les habitués, tout le monde boit.", (),
     ("le soir", "le patron", "les habitués")),
    # a name read in its context only is the same name said again in the text, with its
    # article if it is a word of the language
    ("il dort au CHRS la grive depuis mars. j'ai appelé la grive hier.", ("grive",),
     ("CHRS", "appelé", "hier")),
    # ... never the common word said otherwise ("une grive", "sa grive")
    ("il dort au CHRS la grive. il a vu une grive, sa grive à lui.", (), ("une grive",
                                                                          "sa grive")),
    # a generic name ("des sports", "de la gare") names one place with its town only
    ("il buvait au café des sports, à quimperlé, chaque midi.", ("sports", "quimperlé"),
     ("café", "midi")),
    ("on se retrouvait au café de la gare tous les soirs.", (), ("café de la gare",)),
    # a first name with the role of the person in brackets, as notes list who was there
    ("étaient là : dr lemaire, clarisse (psy), bertille (ts).", ("clarisse", "bertille"),
     ("psy", "ts")),
    # a relative's name no list holds, in lower case right after the kinship word
    ("mon cousin tiziano, il bosse au port.", ("tiziano",), ("cousin", "port")),
    ("ma sœur aînée, elle boit plus.", (), ("sœur aînée",)),
    # a first name taken up by a pronoun, as spoken French opens a clause
    ("bon, séverine elle a tout arrêté en mars.", ("séverine",), ("arrêté", "mars")),
])
def test_foreign_names_of_places_and_first_names_in_notes_and_speech(engine, text: str,
                                                                    gone: tuple,
                                                                    kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a national helpline or a free number reaches a service, never a person
    ("Alcool Info Service, 09 80 98 09 30, ou le 0 800 23 13 13 ; moi c'est le 06 12 34 56 78.",
     ("06 12 34 56 78",), ("09 80 98 09 30", "0 800 23 13 13")),
    # the regional words of French speech name nobody, in lower case too
    ("les gramouns du kartié boivent du rhum, et à la ducasse on boit la bistouille.", (),
     ("gramouns", "kartié", "ducasse", "bistouille")),
])
def test_helplines_and_regional_words_stay(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a street typed in lower case with its hyphenated name, the tokenizer cutting it
    ("il dort place jean-moulin, puis rue des quatre-vents, p : oui", ("jean-moulin",
                                                                      "quatre-vents"), ("dort",)),
    ("elle vit chemin des grands-prés depuis mai.", ("grands-prés",), ("depuis mai",)),
    # a city's arrondissement right after it
    ("consultation à Marseille (14e), puis elle part vivre à lyon cinquième.",
     ("14e", "cinquième"), ("consultation",)),
    ("le Paris premier ministre de la nuit", (), ("premier ministre",)),
    # ... never an ordinary noun's complement nor a compound of the language
    ("il cherche une place de parking, le chemin de la guérison est long, la place peut-être.",
     (), ("place de parking", "chemin de la guérison", "peut-être")),
])
def test_streets_with_hyphenated_names_in_lower_case(engine, text: str, gone: tuple,
                                                    kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a commune said with its region after it, even a word of the language
    ("je suis né à brive en Corrèze et j'ai grandi à vire en Normandie.", ("brive", "vire"),
     ("Corrèze", "Normandie", "grandi")),
    ("on a une maison à la chapelle dans la Creuse.", ("chapelle",), ("Creuse", "maison")),
    # ... also the Le X of the Antilles after "du", a filler between
    ("il est né du françois euh en Martinique, il boit du rhum.", ("françois",),
     ("Martinique", "rhum")),
    # a national body for workers with a disability, named like a place
    ("il est suivi par Cap emploi depuis mars, il cherche un poste.", (), ("Cap emploi",)),
    # a note's header dated with one digit; a score in the body is no date
    ("obs 7 lille 3/2 consult mg patient, douleur à 8/10", ("3/2",), ("douleur à 8/10",)),
    # a nickname given in a relative clause, with its article
    ("y a un vieux qu'ils appellent le comte au bistrot, il boit du rosé.", ("comte",),
     ("un vieux", "bistrot")),
    ("un client que j'appelle la duchesse parce qu'elle parle bien.", ("duchesse",),
     ("un client",)),
    # a town that names a wine, said as the town; the wine stays
    ("je travaille à sancerre dans les vignes et on boit du sancerre le soir.",
     ("à sancerre",), ("du sancerre",)),
    # a town said of its product stays; the town said as a place goes
    ("il habite à Chinon, il boit du Chinon le soir.", ("à Chinon",), ("du Chinon",)),
    ("il met du piment d'Espelette partout et boit de l'eau de Vals.", (),
     ("piment d'Espelette", "eau de Vals")),
    ("on mange le Morteau la saucisse, et le Comté.", (), ("le Morteau",)),
    # an arrondissement said alone after "dans le"; an ordinal before a noun is none
    ("p : on vit dans le treizième ouais, au troisième étage, dans le quinzième jour.",
     ("treizième",), ("troisième étage", "quinzième jour")),
    # a first name that is a word, taken up by "lui il" after a filler
    ("p : bon euh constance lui elle boit pas, elle vient le mardi.", ("constance",),
     ("elle boit pas",)),
    # a first name with a surname's initial, as minutes write a person, even a feast's name
    ("1. Noël F., 72 ans, pas de rechute. 2. Ludivine R., 40 ans.", ("Noël", "Ludivine"),
     ("72 ans", "F.,")),
    ("[10:02] Josiane B : on commence ?", ("Josiane",), ("B :",)),
    ("Vitamine B, puis Louis XIV, Noël en famille.", (), ("Vitamine B", "Noël en famille")),
    # a firm as its trade then its name after "des"; never words only
    ("bonjour ici nadia moreau des transports moreau, je rappelle demain.",
     ("transports moreau",), ("je rappelle",)),
    ("il prend des transports publics et des ambulances privées.", (),
     ("transports publics", "ambulances privées")),
    # a first name taken up by "il" in speech typed without stops
    ("elle voit la psy tous les mardis sylvain il vient pas.", ("sylvain",), ("mardis",)),
    # the spoken model: fillers are no name, a lower-case first name after "avec" is one
    ("p : ben le week-end je vais voir ma sœur à pontivy et on boit un coup avec gaëlle",
     ("pontivy", "gaëlle"), ("ben le week-end", "ma sœur")),
])
def test_the_rules_of_stop_26(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # an organisation the spoken model reads from its slot, named with ordinary words
    ("le soir il descend au bar le cormoran avec ses collègues et il rentre tard",
     ("cormoran",), ("au bar", "ses collègues")),
    ("il joue au foot avec l'étoile sportive du canal le dimanche", ("étoile sportive",),
     ("au foot", "le dimanche")),
    # ... never one ordinary word after "de la" or a verb, nor a name going on into a term kept
    ("on avait de la pitié pour eux, le mistral soufflait, il boit le Cap Corse", (),
     ("de la pitié", "le mistral soufflait", "le Cap Corse")),
    ("la maison de retraite les glycines, à Vaujours", ("glycines",), ("maison de retraite",)),
    # a commune whose word is also a facility's or a common noun, said as a commune
    ("ma tante habite à bar un petit village et lui il va au bar tous les soirs",
     ("à bar",), ("au bar tous les soirs", "petit village")),
    ("ma mère habite au moule depuis dix ans elle mange des moules", ("au moule",),
     ("des moules",)),
    # a group's name after its platform, even in ordinary words, up to a pause or a verb
    ("ma sœur a créé un groupe whatsapp famille dupuis 13 pour qu'on s'organise",
     ("famille dupuis", "13"), ("pour qu'on s'organise",)),
    ("on a un groupe Snapchat, les copines du lavoir, et elle postait des photos",
     ("copines du lavoir",), ("et elle postait",)),
    ("ils ont un canal telegram sobres et fiers avec d'autres gars", ("sobres et fiers",),
     ("avec d'autres gars",)),
    ("le groupe de parents sur facebook parents d'enfants du var c'est là que j'ai trouvé",
     ("parents d'enfants",), ("c'est là",)),
    # a first name after a naming verb (a filler between), though also a country or a feast
    ("ma voisine s'appelle France, elle aime la France.", ("s'appelle France",),
     ("aime la France",)),
    ("son frère il s'appelait euh noël oui, il est mort avant Noël", ("s'appelait euh noël",),
     ("avant Noël",)),
    # a stadium or a neighbourhood where the matches are, not a club ("il supporte X" is one)
    ("il va voir les matchs à Hautepierre le samedi avec son fils, il supporte Strasbourg",
     ("Hautepierre",), ("supporte Strasbourg",)),
    # a hospital named by its cardinal point, typed in lower case; the city's quarters stay
    ("les pompiers l'ont emmené à l'hôpital nord, il vit dans les quartiers nord",
     ("hôpital nord",), ("quartiers nord",)),
    # an ordinary word after a noun and its article qualifies it: no name
    ("on vient d'une famille modeste quoi on avait rien, elle porte une blouse blanche", (),
     ("famille modeste", "blouse blanche")),
    # a brand after what the drink is served in, an apostrophe inside; a cup is no serving
    ("au bar ils lui mettent des shots de Jäger et une canette de Ch'ti", (),
     ("shots de Jäger", "canette de Ch'ti")),
    ("ils ont un groupe whatsapp entre eux les anciens du jeudi euh c'est momo qui l'a créé",
     ("anciens du jeudi",), ("entre eux",)),
    # a first name that is also a drink's kind, after a title: the person, not the brandy
    ("Le patient, M. Marc Heintz, boit un marc de Bourgogne.", ("Heintz",),
     ("marc de Bourgogne",)),
    # a commune's name after a partitive is its product, the town found elsewhere
    ("ma sœur elle est à beaufort, elle fait du beaufort, le fromage", ("à beaufort",),
     ("du beaufort",)),
    # a namesake's first name and surname after "comme", in lower case too
    ("il s'appelle monsieur hugo comme victor hugo, il m'a trouvé un logement",
     ("monsieur hugo",), ("comme victor hugo",)),
    ("j'ai un patient qui s'appelle aimé comme aimé césaire", ("s'appelle aimé",),
     ("comme aimé césaire",)),
    # a commune named with its article, typed in lower case, in a text set overseas
    ("nous on habite aux avirons depuis vingt ans, à La Réunion, il pêche avec des avirons",
     ("aux avirons",), ("des avirons", "La Réunion")),
    ("je travaille à l'hôpital depuis dix ans, au quartier", (), ("l'hôpital", "au quartier")),
    # a wine's town as a first name after a relative's word or taken up by "elle"
    ("ma fille margaux elle habite à lourdes, on boit du margaux le dimanche", ("fille margaux",),
     ("du margaux",)),
    # an account name the model reads as a name, shaped with dots and digits
    ("Réponse de sabri.du.13 : vas-y j'arrive", ("sabri",), ("vas-y j'arrive",)),
    # a nickname with its article said to be one, and said again
    ("il a un pote, le rat, un surnom, qui l'entraîne au bar", ("le rat",), ("un pote",)),
    ("ils ont tous un surnom lui c'est le colonel et le colonel il boit le midi",
     ("colonel",), ("il boit le midi",)),
    # an arrondissement said after "dans le" before a place's name; an ordinal before a noun
    ("moi je suis dans le treizième aux lauriers, dans le troisième mois", ("treizième",),
     ("troisième mois",)),
    # a stadium named as supporters say it, in lower case after "au"; a track is no stadium
    ("il a bu tout le match au vélodrome avec les copains, un vélodrome tout neuf",
     ("au vélodrome",), ("un vélodrome tout neuf",)),
    # "des sports" is a bar's own name; the youth's hostel is none
    ("le balto en face de la gare et aussi le bar des sports à côté de l'église",
     ("bar des sports",), ("la gare",)),
    # a phone number's last group corrected right after it
    ("rappelez au zéro un quarante-huit cinquante-sept douze quatre-vingt-dix euh non "
     "quatre-vingt-onze voilà", ("quatre-vingt-dix", "quatre-vingt-onze"), ("voilà",)),
    ("le zéro six douze trente-quatre cinquante-six soixante-dix-huit non vingt ans plus tard",
     ("soixante-dix-huit",), ("vingt ans plus tard",)),
    # "il cite X" is the verb: a public figure cited stays; "la cité X" is a place
    ("Il cite Claude Olievenstein. Il vit à la cité Jean-Moulin.", ("Jean-Moulin",),
     ("Claude Olievenstein",)),
    # ordinary words the spoken model may read as names: an ordinal's phrase, a word opening
    # a sentence before an apposition, a surname that is a word typed in lower case
    ("au premier plan, le premier étage. Ici, le médecin ouvre. un petit garçon", (),
     ("premier plan", "premier étage", "Ici, le médecin", "petit garçon")),
    # ... never a group's kind, nor its complement
    ("le groupe whatsapp de la famille et un groupe Facebook d'entraide, public.", (),
     ("whatsapp de la famille", "Facebook d'entraide")),
])
def test_the_rules_of_stop_27(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


def test_a_name_found_elsewhere_is_not_spread_to_a_word(engine) -> None:
    """A person's name found in one text is not spread, in another, to the preposition
    "grâce à", nor a town to its product after a partitive."""
    out = [r.text for r in engine.pseudonymise([
        "Mme Grâce Fischer est venue avec son fils, ils habitent à Beaufort.",
        "Grâce à elle il a tenu, il mange du beaufort le soir."])]
    assert "Grâce Fischer" not in out[0] and "Beaufort" not in out[0]
    assert out[1].startswith("Grâce à elle") and "du beaufort" in out[1]


def test_a_namesake_after_comme_stays_the_person_goes(engine) -> None:
    text = "mon fils s'appelle tristan, comme le chevalier tristan, c'est sa mère qui a choisi."
    out = engine.pseudonymise([text])[0].text
    assert "s'appelle tristan" not in out
    assert "comme le chevalier tristan" in out
    # after a possessive, the namesake is a relative: a person too
    text = "elle s'appelle rose comme sa grand-mère rose."
    out = engine.pseudonymise([text])[0].text
    assert "rose" not in out


def _script_constants(script: str, names: tuple[str, ...]) -> dict:
    """The literal values a training script gives to ``names`` at its top level."""
    import ast

    tree = ast.parse((ROOT / script).read_text("utf-8"))
    return {t.id: ast.literal_eval(node.value) for node in tree.body
            if isinstance(node, ast.Assign) for t in node.targets
            if isinstance(t, ast.Name) and t.id in names}


def _bench_sets() -> dict[str, bool]:
    """bench/pseudonymise.py's sets: each folder of bench/data it reads, held out or not."""
    import ast

    tree = ast.parse((ROOT / "bench/pseudonymise.py").read_text("utf-8"))
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Dataset":
            folders = [n.value for n in ast.walk(node.args[2])
                       if isinstance(n, ast.Constant) and str(n.value).startswith("pseudo_")]
            out.update({f: node.args[3].value for f in folders})
    return out


def test_the_held_out_sets_are_the_test_sets() -> None:
    """Every held-out set of the bench is a pseudo_test folder and every pseudo_test folder is
    held out; a set retired from the held-out ones (stop 43) was renamed pseudo_dev."""
    sets = _bench_sets()
    held = {f for f, h in sets.items() if h}
    folders = {p.name for p in (ROOT / "bench/data").iterdir() if p.name.startswith("pseudo_")}
    assert held == {f for f in folders if f.startswith("pseudo_test")} and len(held) >= 11
    assert set(sets) == folders


def test_the_spoken_model_is_trained_on_development_sets_only() -> None:
    """The NER fine-tuning (scripts/train_ner.py) never reads a held-out set, and the
    pipeline loads what it built."""
    import spacy

    from tupsalco.pseudonymise.pipeline import MODEL, SPOKEN_NER, UNUSED_COMPONENTS, load_pipeline

    values = _script_constants("scripts/train_ner.py", ("TRAIN", "CHOOSE"))
    sets = [*values["TRAIN"], values["CHOOSE"]]
    assert sets and all(name.startswith(("pseudo_dev", "pseudo_eval")) for name in sets)
    assert not {f for f, held in _bench_sets().items() if held} & set(sets)
    assert values["CHOOSE"] not in values["TRAIN"]
    assert (SPOKEN_NER / "model").is_file()

    def encoder(nlp) -> list:  # noqa: ANN001
        model = nlp.get_pipe("ner").model.get_ref("tok2vec")
        return [node.get_param(name).copy() for node in model.walk()
                for name in node.param_names if node.has_param(name)]

    def same(a: list, b: list) -> bool:
        return len(a) == len(b) and all(x.shape == y.shape and (x == y).all()
                                        for x, y in zip(a, b, strict=True))

    shipped = spacy.load(MODEL, exclude=[*UNUSED_COMPONENTS, "lemmatizer"])
    original = encoder(shipped)
    shipped.get_pipe("ner").from_disk(SPOKEN_NER, exclude=["vocab"])
    assert same(encoder(load_pipeline()), encoder(shipped))
    assert not same(encoder(shipped), original)


@pytest.mark.parametrize("texts, gone, kept", [
    # an association named in words of the language: the phrase elsewhere is the phrase
    (["Il va tous les mardis à l'association Le Fil Rouge avec son éducatrice.",
      "le fil rouge de son histoire c'est la honte, dit-il."], ("Le Fil Rouge",),
     ("le fil rouge de son histoire",)),
    (["Elle est suivie à l'association La Main Tendue depuis mars.",
      "Il m'a dit merci pour la main tendue, voilà."], ("La Main Tendue",),
     ("merci pour la main tendue",)),
])
def test_a_name_in_words_of_the_language_is_spread_only_as_a_name(
        engine, texts: list, gone: tuple, kept: tuple) -> None:
    """A name found in one text whose words are all words of the language is spread to
    another only where it stands capitalised inside a sentence."""
    out = "\n".join(r.text for r in engine.pseudonymise(texts))
    assert not [g for g in gone if g in out]
    assert [k for k in kept if k in out] == list(kept)


@pytest.mark.parametrize("text, gone, kept", [
    # the quartiers of other large cities (towns.txt, "other cities' neighbourhoods")
    ("Il a grandi à la Guillotière puis il s'est installé vers Gerland.",
     ("Guillotière", "Gerland"), ("il s'est installé",)),
    ("Elle vit aux Chartrons depuis sa séparation, son fils est à Wazemmes.",
     ("Chartrons", "Wazemmes"), ("depuis sa séparation",)),
    # ... those that are also words of the language only with a capital or from context
    ("je suis pile à l'heure et le capitole c'est une belle bâtisse", (),
     ("pile à l'heure",)),
    # a nationality after "monsieur" is no surname; national firms stay
    ("Un de mes patients, un monsieur ivoirien, Prosper Yao, travaillait chez ArcelorMittal.",
     ("Prosper", "Yao"), ("monsieur ivoirien", "ArcelorMittal")),
    ("mes parents sont bushinengués, mon père a bossé chez Sollac puis à La Redoute", (),
     ("bushinengués", "Sollac", "La Redoute")),
    # a term to keep matched on part of a hyphenated word is no term: the whole word is read
    ("il habite à la croix-rousse en haut des pentes, la Croix-Rouge l'aide", ("croix-rousse",),
     ("la Croix-Rouge",)),
    # the hospitals of other large cities, by their sites' usual names
    ("Il a été hospitalisé à Purpan, puis suivi à Pontchaillou et au Vinatier.",
     ("Purpan", "Pontchaillou", "Vinatier"), ("hospitalisé",)),
    # a group or a page named after its platform ("sur Telegram y a un canal x")
    ("sur telegram y a un canal sobriété strass euh avec deux s", ("sobriété strass",),
     ("sur telegram",)),
    ("sur whatsapp on a un groupe avec les voisins et sur facebook un groupe de parents", (),
     ("un groupe avec les voisins", "un groupe de parents")),
    # a public figure typed in lower case stays; a place named after one goes
    ("elle chante ô toulouse de nougaro, son nom de famille c'est hugo pas victor hugo", (),
     ("de nougaro", "pas victor hugo")),
    ("elle a peur qu'il en parle à l'école, à saint-exupéry.", ("saint-exupéry",), ()),
    # a town's food, typed in lower case after its noun and "de"; the town said as one goes
    ("ma mère elle vendait des bêtises de cambrai au marché, elle habitait à cambrai",
     ("habitait à cambrai",), ("bêtises de cambrai",)),
    # "baba", "mama": a parent's word before the name, no name; a drink's kind before its brand
    ("wesh tonton c soilihi baba il est encore au CHM, il boit de la gentiane avèze", (),
     ("baba il est", "gentiane avèze")),
    # a brand after its drink's kind and its article; a bar that serves the kind is no brand
    ("depuis elle boit la bière la Castel le soir, et au bar à vins la Cave de Léon",
     ("Cave de Léon",), ("la bière la Castel",)),
    ("moi c'est la Pietra et le Cap Corse à l'apéro, la țuică à Noël", (),
     ("le Cap Corse", "la țuică")),
    # a group's name said after what the group is: after "s'appelle", or after a comma once
    # the platform is said; never the platform said again after it
    ("le groupe WhatsApp de l'équipe il s'appelle msp vaulx addicto euh on est douze",
     ("vaulx addicto",), ("on est douze",)),
    ("on a un groupe snap avec les filles, les daronnes du 3e, mais je parle pas",
     ("daronnes",), ("mais je parle pas",)),
    ("le groupe il s'appelle les cabanonniers de l'estaque sur télégramme, on était quinze",
     ("cabanonniers",), ("sur télégramme",)),
    ("on a un groupe de parole, on se voit le mardi", (), ("on se voit le mardi",)),
    # a hyphenated place of the gazetteer typed in lower case, split by the tokenizer
    ("beaucoup de patients sont à la part-dieu, elle est à l'hôtel-dieu, sa grand-mère aussi",
     ("part-dieu", "hôtel-dieu"), ("sa grand-mère aussi",)),
    # a firm named by its trade and its name, typed in lower case after "chez", "aux"
    ("il a travaillé aux transports delcourt puis chez textiles lemaire, aux ateliers municipaux",
     ("delcourt", "lemaire"), ("aux ateliers municipaux",)),
    # "du X Rouge": a name going on, not a red wine; "du X rouge" is the wine
    ("la pharmacie du Pont Rouge, et il boit du Cahors rouge", ("Pont Rouge",),
     ("du Cahors rouge",)),
    # the overseas hospitals by their acronyms
    ("Il a été hospitalisé au CHOG en mars, puis orienté vers l'EPSMR par le CSAPA.",
     ("CHOG", "EPSMR"), ("CSAPA",)),
    # a hospital named by a word of the language, where care is said around it
    ("quand il faut hospitaliser c'est la conception pour le sevrage, et tenon pour le reste",
     ("la conception pour", "tenon"), ()),
    ("la conception qu'il a du soin, c'est grave pour le foie, la conception du soin aussi", (),
     ("la conception qu'il a", "la conception du soin", "c'est grave")),
    # a first name that is also a feast, after a naming verb or a relative's word
    ("Mon père s'appelle Noël. Chaque Noël, j'ai dit à tonton Noël que le père Noël passait.",
     ("s'appelle Noël", "tonton Noël"), ("Chaque Noël", "le père Noël")),
    # rums, regional wines and AOP cheeses named after their place: the product after a
    # partitive, the place after "à" or a town's public place ("le marché de x")
    ("on me sert du Trois-Rivières, du saint-nectaire et du Patrimonio; on va au marché de "
     "saint-nectaire, il est né à Patrimonio",
     ("marché de saint-nectaire", "né à Patrimonio"),
     ("du Trois-Rivières", "du saint-nectaire", "du Patrimonio")),
])

def test_the_rules_of_stop_28(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


def test_a_first_name_found_is_not_spread_to_the_adjective_or_the_noun(engine) -> None:
    """A first name that is also a word, found in the text, is the person again after "de"
    or "à", never after "elle est" (an adjective) nor after a quantity ("pas de x")."""
    out = engine.pseudonymise([
        "Constance Moreau vient le lundi. T'as pas de constance, elle lui dit. "
        "La psy Claire Dupont passe. Elle est claire avec lui. J'ai parlé de claire à l'équipe."
    ])[0].text
    assert "pas de constance" in out and "Elle est claire" in out
    assert "parlé de claire" not in out and "Moreau" not in out
    out = engine.pseudonymise([
        "Mon frère, Pierre, passe. Il est tailleur de pierre, il a un cœur de pierre. "
        "J'ai parlé de pierre au médecin."])[0].text
    assert "tailleur de pierre" in out and "cœur de pierre" in out
    assert "parlé de pierre" not in out


def test_a_place_named_in_words_of_the_language_is_echoed_only_as_a_place(engine) -> None:
    """A place named in several words of the language is echoed in its text only where a
    name stands, like a one-word name ("c'est une bonne mère" stays)."""
    out = engine.pseudonymise([
        "il dort sous la colline, à la bonne mère, avec son chien. c'est une bonne mère "
        "pour ses enfants, dit l'IDE."])[0].text
    assert "c'est une bonne mère" in out


@pytest.mark.parametrize("text, gone, kept", [
    # a stadium whose name opens with a brand to keep: the stadium goes, the brand alone stays
    ("le dimanche ils vont au match à l'Allianz Riviera, et son assurance c'est Allianz",
     ("Allianz Riviera",), ("c'est Allianz",)),
    ("on descendait au groupama stadium en tram avec les cousins", ("groupama stadium",),
     ("en tram",)),
    # a town that names a beer, said as the town
    ("son oncle a grandi à jenlain, près de la frontière", ("à jenlain",),
     ("près de la frontière",)),
    # a hospital named after a public figure, where care is said; the figure elsewhere
    ("Après la chute il a fait trois jours à Pasteur, aux urgences. Sa fille lit Pasteur.",
     ("à Pasteur",), ()),
    ("on a étudié Louis Pasteur au collège, comme disait Pasteur, le vin est une boisson", (),
     ("Louis Pasteur", "disait Pasteur")),
    # a commune whose name is also a word, explained by what it is right after it
    ("patient : moi je viens de corps euh la commune hein, en Isère, pas du corps humain",
     ("de corps euh",), ("du corps humain",)),
    ("elle vit au port, enfin la ville, et son mari travaille sur le port", ("au port,",),
     ("sur le port",)),
    # a group's name in quotes, though it holds a region or a drink
    ("on a créé un groupe WhatsApp « entraide grand est » pour les familles",
     ("entraide grand est",), ("pour les familles",)),
    # "pte", "pt": the notes' short forms of "patiente", "patient"
    ("rcp 12/03 : pte rose, 52a, reprise de consommation", ("pte rose",),
     ("reprise de consommation",)),
    # a place that may stay names a facility right after its noun, not after a link
    ("elle dort au foyer Kerguelen depuis mars, il tenait un bar en Bretagne",
     ("foyer Kerguelen",), ("bar en Bretagne",)),
    # a hospital named like a drink, where one goes and care is said; the drink elsewhere
    ("elle a été hospitalisée à la chartreuse pour un sevrage, il boit un verre de chartreuse",
     ("à la chartreuse pour",), ("verre de chartreuse",)),
    # a neighbourhood of the gazetteer named in several words, typed in lower case
    ("il habite à fontaine d'ouche depuis dix ans", ("fontaine d'ouche",),
     ("depuis dix ans",)),
    # a drink whose name is also a surname or a town, after its article where drinking is
    # said; the person after a relative's word
    ("au comptoir c'est la Fischer, la bière du coin, et le crémant le dimanche", (),
     ("la Fischer",)),
    ("sa cousine Fischer ne boit que du vin rouge", ("Fischer",), ()),
    # a day's name, whole or cut as notes write it, with the day and the month
    ("cr consult jeu 14/09 lille, revu le samedi 2/12/2023, la mer 3/4 du temps",
     ("jeu 14/09", "samedi 2/12/2023"), ("la mer 3/4",)),
    # the street words of the seaside and of the south
    ("il a chuté sur la corniche Fleurie puis allées Paul-Riquet", ("Fleurie", "Paul-Riquet"),
     ()),
    # a neighbourhood named by a word, where one says one lives
    ("ma mère habite à la noue depuis vingt ans, elle aime la noue de son jardin", ("à la noue",),
     ()),
    # a first name that is also a country or a feast, read as the person once in the text:
    # its other lower-case mentions are the person, not after "en", "à", "pour"
    ("ma tante noël elle vient le mardi. et noël boit moins depuis, sauf à noël et pour noël",
     ("tante noël", "et noël boit"), ("à noël", "pour noël")),
    # a firm named by its craft then its name, after "chez"
    ("il a fait vingt ans chez coutellerie brossard puis chez verrerie Lemoine",
     ("brossard", "Lemoine"), ("vingt ans",)),
    # an account after its platform: "arobase" then its words, up to a filler; dictated with
    # its signs and a number said in words; never "au point deux"
    ("sur TikTok il chante sous euh arobase le petit prince du sud voilà, et sur facebook il a "
     "mis au point deux trucs", ("petit prince du sud",), ("au point deux",)),
    ("mon snap c'est zaza tiret du bas soixante-neuf", ("zaza", "soixante-neuf"), ()),
])
def test_the_rules_of_stop_29(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize("text, gone, kept", [
    # a bar or a pharmacy named by the complement every town gives one, any case; not one
    # located by what is beside it, nor the talk of a café
    ("le dimanche il boit au bistrot du commerce, puis au tabac de la gare", ("commerce",),
     ("de la gare",)),
    ("Ordonnance à retirer à la Pharmacie de la Poste, elle ferme à midi", ("Poste",), ()),
    ("ses idées, c'est des propos de café du commerce", (), ("café du commerce",)),
    # an association's name typed in lower case right after its noun, no link; not its kind
    ("elle va à l'asso gwenn ha du le samedi, l'asso sportive aussi", ("gwenn ha du",),
     ("sportive",)),
    ("il chante avec la peña los txikitos depuis l'été", ("txikitos",), ()),
    # a nickname after "qu'on appelle" with its article, after "on l'appelle" without; never
    # a call on the phone
    ("un vieux du port qu'on appelle la sardine, parce qu'il nage", ("sardine",), ()),
    ("son oncle, on l'appelle pistache il rigole tout le temps. je l'appelle demain",
     ("pistache",), ("demain",)),
    # a public place's own name after its noun and "de", in any case, though a demonym; not
    # what it is for, nor a river, nor "à la place de"
    ("l'été on boit sur la plage des Basques, ou sous le pont des tanneurs", ("Basques",
     "tanneurs"), ("plage", "pont")),
    ("le parc de jeux, les quais de la Garonne, et à la place de l'alcool du thé", (),
     ("jeux", "Garonne", "alcool")),
    # a relative's name that is also a word, between the relative and the pronoun that goes
    # on with them; not a qualifier
    ("ma cousine praline elle boit, ma sœur aînée elle boit pas", ("praline",), ("aînée",)),
    # a group's name holding a number said in words, "dans", or opening on a term kept
    # elsewhere; never "pour les familles"
    ("elle poste dans le groupe whatsapp les mamans du vingt on parle, et sur un groupe "
     "facebook pour les familles", ("mamans du vingt",), ("pour les familles",)),
    ("sur le groupe facebook Garonne Entraide 47, et le groupe facebook fêtards dans le sud "
     "c'est fini", ("Garonne Entraide 47", "fêtards dans le sud"), ()),
    # a firm typed as its trade then its owner's name, no article before; after "chez", an
    # article only before a name ("chez volailles le x"), not "le patron"
    ("il taille la vigne, domaine brouckaert, et son frère chez garage vantorre le patron",
     ("domaine brouckaert", "garage vantorre"), ("le patron", "la vigne")),
    # a bar's name corrected at once; a filler ends a name
    ("on allait au bar le korrigan non pardon le maclou euh tous les soirs", ("korrigan",
     "maclou"), ("tous les soirs",)),
    # a word of the language read as a name with its article once is not that name where a
    # phrase goes on ("le mistral souffle")
    ("il buvait au bar le mistral. quand le mistral souffle il reste dedans", (),
     ("le mistral souffle",)),
    # "cite" after a subject that is a noun is the verb: the public figure cited stays; "la
    # cite x" (an article before, the accent lost) is the estate
    ("La coordinatrice cite Coluche, il habite la cite Lénine", ("Lénine",), ("Coluche",)),
    # a town that names a drink or a cheese, capitalised and said as one's origin; the
    # product after a partitive
    ("E : Et vous êtes d'où ? P : De Roquefort, et mon mari est de Maroilles. Il mange du "
     "Maroilles", ("De Roquefort", "de Maroilles"), ("du Maroilles",)),
    # a virtue given as a first name, found as the person, stays the word after "avec",
    # "par" in lower case
    ("ma voisine patience elle vient le lundi. il faut l'aborder avec patience",
     ("voisine patience",), ("avec patience",)),
    # a nickname after a name and "dit le", though a demonym; "il s'appelle vraiment x"
    ("on voit Marco dit le Breton, et le petit s'appelle vraiment pascal. les Normands rient",
     ("Breton", "pascal"), ("Normands",)),
    # a neighbourhood of the gazetteer whose name is also a word, after "à la"
    ("il bosse au port à la joliette depuis dix ans", ("joliette",), ("au port",)),
    # an arrondissement said after "du", "tout le"; never a floor after who lives there
    ("ils viennent du neuvième et tout le dixième, pas la dame du huitième, elle a arrêté",
     ("neuvième", "dixième"), ("huitième",)),
])
def test_the_rules_of_stop_30(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize("text, gone, kept", [
    # a first name said twice as the speaker starts the full name
    ("la dame que je vois c'est lucie lucie fontanel elle a cinquante ans",
     ("lucie", "fontanel"), ("elle a cinquante ans",)),
    ("depuis mars, marie, euh marie-jo sartori, elle boit moins", ("marie", "sartori"), ()),
    # a Breton surname whose second word is a word, after a title; never a role
    ("le docteur le borgne l'a vue, et monsieur le maire aussi", ("borgne",), ("le maire",)),
    # a surname found here by its title, again after "le patient"
    ("le patient bonnet euh pas le docteur bonnet, le patient", ("bonnet",), ("le patient",)),
    # a saint's day of a trade or a region, though a town bears the name
    ("à la Sainte-Barbe tous les mineurs buvaient", (), ("Sainte-Barbe",)),
    # feasts and fairs of the regions and communities
    ("il tient jusqu'au Carnaval, puis la Braderie, et le Messti en été", (),
     ("Carnaval", "Braderie", "Messti")),
    # a hospital named after a mountain range: its own name, though the region stays
    ("une cure à l'hôpital des vosges puis la randonnée dans les vosges", ("hôpital des vosges",),
     ("dans les vosges",)),
    # a commune whose name is a word, or a small word, said where one lives, with its own
    # article ("à la x" is La X); never a place's noun before its name
    ("sa fille habite à la possession et lui il vit à hem depuis juin", ("possession", "hem"),
     ("juin",)),
    ("elle vit au quartier des Tilleuls avec sa mère", (), ("au quartier",)),
    # a group's name said without its platform, before it, or one's own channel; never one
    # ordinary word, nor the platform itself
    ("dans le groupe papas sobres du var et la team cailloux blancs sur Instagram",
     ("papas sobres du var", "cailloux blancs"), ("Instagram",)),
    ("bienvenue sur ma chaîne le comptoir vide, et dans le groupe thérapeutique on parle",
     ("comptoir vide",), ("thérapeutique",)),
    ("elle est dans un groupe whatsapp mamies de la plaine", ("mamies de la plaine",),
     ("whatsapp",)),
    # a public figure's surname after a first name of one's own: a person; the figure
    # spoken of stays
    ("La patiente, Mme Ginette Mitterrand, vient le mardi. Elle lit Mitterrand le soir.",
     ("Ginette",), ("lit Mitterrand",)),
    # a drink whose name is also a person's, listed with other drinks (each with its
    # article, or next to a drink no one is named after); the friend of that name goes
    ("au bar il prenait le Bologne, le Damoiseau, puis de la bière (Fischer, Kronenbourg). "
     "Son ami Fischer est venu.", ("ami Fischer",), ("le Bologne", "(Fischer,")),
    # a club whose short name is also a name or a word, after what a supporter says
    ("il est supporter du Sporting depuis l'enfance, et fan de Chelsea", (),
     ("du Sporting", "de Chelsea")),
    # a public figure whose name is also a first name or a surname, kept with a cue right by
    # it (listed with figures, after a verb of listening or reading); a person after a
    # relative's word or a verb of seeing
    ("Le soir j'écoute Brel, Ferrat, Renaud. Mon voisin Renaud boit aussi.",
     ("voisin Renaud",), ("Ferrat, Renaud",)),
    ("Il lit Musso le soir, et son cousin Musso vend des pizzas. J'ai vu Raphaël hier.",
     ("cousin Musso", "vu Raphaël"), ("lit Musso",)),
    # a character whose name is also a first name, near its work or its author; the
    # daughter of that name goes
    ("Au bar il se prend pour César, comme dans Marius de Pagnol, dit sa fille Fanny.",
     ("fille Fanny",), ("pour César", "dans Marius")),
    # a first name that is a feast or a country, before a word that can only be a surname,
    # typed in lower case; after a title, with the surname after it; never the country or the
    # feast after "en", "à"
    ("il y a une dame, france nkounkou, elle vient le lundi, et en france on boit",
     ("nkounkou", "dame, france"), ("en france",)),
    ("M. Noël Gaspard est venu à Noël", ("Gaspard", "M. Noël"), ("à Noël",)),
    ("la patiente, france, soixante ans, boit depuis Noël", ("france",), ("Noël",)),
    ("Sa patronne, France, elle boit pas. Pour Noël, Pâques, la Toussaint, rien.",
     ("France",), ("Noël, Pâques",)),
    # a bar's name typed in lower case after its noun and its article, though a region, then a
    # pause or a filler; never a time, nor "le bar" said as the thing
    ("on finissait au bar le limousin euh ou au pub la licorne, jamais au bar le matin",
     ("limousin", "licorne"), ("au bar le matin",)),
    ("c'était pas le bar le souci.", (), ("le souci",)),
    # a firm typed as its trade then its owner's name after "pour", a surname's particle
    # inside; never the trade alone
    ("il bosse pour plomberie dos santos et fils, avant chez menuiserie van damme", (
        "dos santos", "van damme"), ("il bosse pour",)),
    ("il faut un produit pour nettoyage rapide", (), ("nettoyage rapide",)),
    # a postcode said as a number ("treize mille quatre" is 13004), after a town in brackets,
    # or written before a town typed in lower case; never a year ("deux mille vingt")
    ("c'est dix-huit boulevard des tilleuls treize mille quatre, et le cabinet à Marseille "
     "(13005), avant 69003 lyon, en deux mille vingt", ("treize mille quatre", "13005",
                                                        "69003"), ("deux mille vingt",)),
    # a day and a month after "du" ("la RCP du 12/12"); never a mark out of twenty
    ("Objet : la RCP du 12/12, il avait eu 13/20 au test", ("12/12",), ("13/20",)),
    # products named after a place: the product, the town said as a place goes
    ("il habite à Cavaillon, il vend des melons de Cavaillon et des coquilles Saint-Jacques",
     ("à Cavaillon",), ("melons de Cavaillon", "Saint-Jacques")),
])
def test_the_rules_of_stop_31(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a named local landmark that points at one town (towns.txt, "landmarks"): a mall, a
    # promenade, an island of a town, typed in lower case or with capitals
    ("le soir on traînait au hangar à bananes puis sur la prairie des filtres", (
        "hangar à bananes", "prairie des filtres"), ("le soir",)),
    ("Elle fait ses courses à Cap 3000 et se promène au parc de la Tête d'Or", (
        "Cap 3000", "Tête d'Or"), ("ses courses",)),
    # one whose name is also a word only with its capital
    ("il a perdu ses papiers dans l'atoll de corail", (), ("atoll",)),
    # a firm typed in lower case as its trade and the word that closes its name ("plus",
    # "pro", "express"), its département after it; never a comparison
    ("elle fait le ménage chez nettoyage plus 13 et lui chez peinture pro, depuis mars", (
        "nettoyage plus 13", "peinture pro"), ("le ménage",)),
    ("il bosse chez intérim plus de deux ans, elle va chez coiffure plus souvent", (), (
        "intérim plus de deux ans", "coiffure plus souvent")),
    # a first name that is also a feast or a country, opening a clause and taken up by "il",
    # "elle" or a verb only a person does; never the feast, never the country with its article
    ("bon noël il a rebu hier, et france elle dit qu'elle tient", ("noël", "france"), (
        "il a rebu",)),
    ("Noël approche, et noël il fait froid ; la France elle va mal, à Noël il boit", (), (
        "Noël approche", "noël il fait froid", "la France elle", "à Noël il")),
    # an account name said after its platform and a cue, with its last words ("officiel", a
    # place word, a number); never the words of the sentence after it
    ("sur Insta c'est kenza sud sobre et sur Messenger sous le nom titi974 officiel", (
        "kenza", "sud sobre", "titi974", "officiel"), ("sur Insta", "Messenger")),
    ("sur snap c'est zoubir tous les soirs", ("zoubir",), ("tous les soirs",)),
    # a large employer or a drink house known nationwide (data files, stop 32): kept like
    # the other national firms; a local firm goes
    ("il a fait trente ans chez Dunlop puis chez Lip, elle boit du rhum La Belle Cabresse, "
     "lui bossait chez Transports Guérinot", ("Guérinot",), ("Dunlop", "Lip", "Belle Cabresse")),
    # a place whose name is also a word, after a preposition of place, in a text that names
    # its town (place_towns.txt); never without its town, never with a complement after it
    ("on habite à orléans, il traîne à la source et moi vers la source aussi", (
        "source",), ("il traîne à la", "moi vers la")),
    # a name with accents ("l'épeule"), read on the text folded one character for one
    ("on vivait à roubaix, à l'épeule, près du canal", ("épeule",), ("près du canal",)),
    # a common word found once as a place is not taken again where its phrase goes on ("la x
    # de", "la x qu'il a")
    ("à Marseille elle était à la Conception, et la conception qu'il a du soin est ancienne",
     ("la Conception,",), ("la conception qu'il a",)),
])
def test_the_rules_of_stop_32(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a place of the gazetteer named in several words goes whole, though one of its words is
    # a term to keep (a demonym, a region, a country, an insurer)
    ("le dimanche on marche sur la Promenade des Anglais avec ma sœur",
     ("Anglais", "Promenade"), ("avec ma sœur",)),
    ("il travaillait en bas de la Tour Bretagne, il aime la Bretagne", ("Tour Bretagne",),
     ("la Bretagne",)),
    ("ma mère vit au mas du taureau depuis vingt ans, elle est taureau", ("mas du",),
     ("elle est taureau",)),
    # its generic noun written in lower case before the capitalised rest, as French writes it
    ("elle habite sur l'île de Nantes depuis sa cure", ("île de",), ("depuis sa cure",)),
    ("on buvait sur la promenade des Anglais le samedi", ("Anglais",), ("le samedi",)),
    # a listed stadium after a match is the place, never a club; the club stays
    ("supporter de l'OM, il ne rate pas un match au Vélodrome", ("Vélodrome",), ("l'OM",)),
    ("il allait au Parc des Princes voir le PSG", ("Princes",), ("PSG",)),
    # a group's name: after the platform and "il y a", capitalised; before the platform after
    # a comma; a podcast's as its host opens it; a second group one is in, up to "pour"
    ("Sur Instagram il y a Sobres du Vercors, je lis ça le soir.", ("Vercors",),
     ("je lis ça",)),
    ("sur facebook il y a des groupes pour ça", (), ("des groupes pour ça",)),
    ("il a ouvert un compte, loulou sobre 38, sur Instagram, pour raconter", ("loulou",),
     ("pour raconter",)),
    ("bienvenue dans zinc et sobriété le podcast qui parle d'alcool", ("zinc et sobriété",),
     ("le podcast qui parle",)),
    ("mon cousin m'a mis dans un autre groupe famille traoré pour les fêtes", ("traoré",),
     ("pour les fêtes",)),
    # a nickname given with its article and its adjective, a second one after "ou", one in
    # brackets typed in lower case; never a call ("je l'appelle le matin ou le soir")
    ("au foyer on l'appelle le petit bouchon parce qu'il boit pas", ("bouchon",),
     ("parce qu'il boit pas",)),
    ("tout le monde l'appelle jojo ou le mousse parce qu'il a fait la marine", ("mousse",),
     ("la marine",)),
    ("ginette (dite la chouette) : dort au foyer", ("chouette",), ("dort au foyer",)),
    ("je l'appelle le matin ou le soir", (), ("le matin ou le soir",)),
    # the peoples and nationalities of the world stay; a surname that is a demonym after a
    # first name is the person's
    ("au foyer il y a des Érythréens, des Tamouls et des Bushinengués", (),
     ("Érythréens", "Tamouls", "Bushinengués")),
    ("il loge chez des Érythréens le soir", (), ("chez des Érythréens",)),
    ("mon voisin Jean Breton boit avec des Bretons", ("Jean Breton",), ("des Bretons",)),
    # Strasbourg's Hôpital Civil, where care is said; never the civil state
    ("il a fait son sevrage à l'hôpital civil puis à l'état civil", ("hôpital civil",),
     ("état civil",)),
    # the first day of a range or a pair, the month said once after the second; never two
    # emergency numbers
    ("hospitalisé du 4 au 11 mars, puis entrée le 2 et sortie le 9 avril", (
        "4 au", "le 2 et"), ("hospitalisé du", "entrée le")),
    ("elle a appelé le 15 et le 18 en mars", (), ("le 15 et le 18",)),
    # a bar's name in lower case after its noun and its article: "bon" as its adjective, "d'"
    # inside it; an article inside only after "de" ("le bar le x d'y le patron")
    ("on buvait au bar le bon accueil tous les soirs", ("bon accueil",), ("tous les soirs",)),
    ("au bar le bon euh je sais plus", (), ("je sais plus",)),
    ("le soir au bar la cave d'alsace le patron nous servait", ("cave d'alsace",),
     ("le patron",)),
    ("elle tient la boulangerie Au Fournil Breton depuis vingt ans", ("Breton",),
     ("depuis vingt ans",)),
    # a display name before a colon: after a chat's timestamp, whatever the words; at a
    # line's start or after " / ", a first name, also a feast or a country; never a role's,
    # a field's or a transcription software's label
    ("[03/02/2024 19:02] Cousin Lolo : on se voit au stade ?", ("Lolo",), ("on se voit",)),
    ("Zoé : t'es où ? / Noël : chez moi, et toi ? / Zoé : j'arrive", ("Noël :",),
     ("chez moi",)),
    ("[00:03:12] Intervenant 2 : oui alors\nObjet : demande\nP : non", (),
     ("Intervenant 2 :", "Objet :", "P :")),
    # a day of a treatment, as prescriptions count them, is no place
    ("Oxazépam 50 mg de J1 à J3, contrôle à J7 à Pantin", ("Pantin",), ("à J3", "à J7")),
    # an arrondissement said alone before the next speaker's label
    ("il vit dans le treizième IDE : oui", ("treizième",), ("IDE",)),
])
def test_the_rules_of_stop_33(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize("text, gone, kept", [
    # a drink named after a town, said as the town: a town abroad, a commune's short form, in
    # lower case after "il est de"; never the drink, nor a region
    ("sa tante boit du Porto et elle vit à porto depuis dix ans", ("à porto",), ("du Porto",)),
    ("le grand-père boit du collioure et il est de banyuls", ("banyuls",), ("du collioure",)),
    ("il boit de la vodka et il est de bourgogne", (), ("bourgogne", "vodka")),
    # a drink named after a town, its hyphen said as a space, after a partitive: the drink,
    # though the town is named in the text
    ("elle est née à Trois-Rivières, en Guadeloupe, et elle boit du Trois Rivières le soir",
     ("Trois-Rivières,",), ("du Trois Rivières le soir",)),
    # a word said to be a name, with no comma before "c'est son (vrai) prénom"
    ("à la chorale fleur c'est son vrai prénom elle chante faux", ("fleur",),
     ("la chorale",)),
    # a listed place typed in lower case, with a number or a point of the compass in its name
    ("le dimanche il traîne à cap 3000 puis au centre commercial bel est",
     ("cap 3000", "bel est"), ("le dimanche", "centre commercial")),
    ("elle est vendeuse à bel-est depuis mars", ("bel-est",), ("vendeuse",)),
    # a hospital named by a word after its own article, or by a surgeon a disease is named
    # after, where care is said; never the word
    ("il a fait son sevrage à la grave puis les urgences à dupuytren", ("grave", "dupuytren"),
     ("sevrage",)),
    ("c'est grave, le sevrage, et la maladie de Dupuytren aussi", (),
     ("c'est grave", "maladie de Dupuytren")),
    ("elle a été hospitalisée à La Chartreuse et elle boit de la Chartreuse verte",
     ("à La Chartreuse et",), ("de la Chartreuse verte",)),
    # a firm named in lower case by its words and "services", where one works for it, a
    # region inside; never the social services
    ("il bosse chez bretagne levage services depuis mai", ("levage services",),
     ("depuis mai",)),
    ("elle a appelé les services sociaux pour des services", (), ("services sociaux",)),
    # a commune whose name is a word, after "à" or "de" said of origin, where the town it
    # lies beside is named; never the word after a noun
    ("il dort chez sa sœur à hem, à côté de roubaix, il a fait un signe de croix",
     ("à hem",), ("signe de croix",)),
    # a street typed in lower case before a filler or a correction, and one named after a
    # public figure
    ("elle vit boulevard gambetta euh non rue hoche", ("gambetta", "hoche"), ("euh non",)),
    ("il habite rue danton pardon rue marat", ("danton", "marat"), ("pardon",)),
    # a street number corrected right after its address, and said again; never a number
    # after a correction that is no street's
    # (said in words: a surrogate's number could hold the digits)
    ("il habite au huit rue des Acacias, euh, non, vingt-sept, c'est le vingt-sept, à Bondy",
     ("huit", "vingt-sept"), ("euh, non,",)),
    ("elle habite 3 rue Hoche, non, 2 ans qu'elle a déménagé", ("Hoche",), ("2 ans",)),
    # a choir is a body of members: its name typed in lower case after it; never a time
    ("elle chante à la chorale les rossignols du canal le mardi soir",
     ("rossignols du canal",), ("le mardi soir",)),
    # a dictated address begun, then said whole: its first words with their number
    ("mon mail c'est jade point roux quarante-deux euh jade point roux quatre deux arobase "
     "gmail point com", ("quarante-deux",), ("mon mail",)),
    # an arrondissement corrected right after one found
    ("elle vit dans le onzième, enfin le douzième, près de la gare", ("onzième", "douzième"),
     ("enfin le",)),
    # a self-help group said with its article stays whole (not the newspaper "La Croix" and
    # a person "Bleue" before an apposition)
    ("ma sœur va à la Croix Bleue, ma femme y va aussi", (), ("la Croix Bleue",)),
    # a place of a study site whose name is a word, where its town is named
    ("il boit avec les copains à la capsulerie, à bagnolet", ("capsulerie",),
     ("les copains",)),
    # a word made a nickname, explained as one, though it names a people or a region
    ("on boit avec le breton, on l'appelle comme ça mais il est de lille", ("le breton",),
     ("on l'appelle comme ça",)),
    ("il y avait le belge, le belge c'est pas un belge hein", ("le belge,",),
     ("pas un belge",)),
    ("il boit le soir, le matin on l'appelle comme ça", (), ("le matin",)),
    # a first name that is also a feast or a country, said to be someone: after a relative's
    # word and before who they are, or before "c'est un monsieur"
    ("ma cousine france, la fille de ma tante, boit le soir", ("france,",), ("la fille",)),
    ("alors pascale euh non noël c'est une patiente de quarante ans", ("noël c'est",),
     ("une patiente",)),
    ("l'alcool c'est un ami pour lui à Noël", (), ("l'alcool c'est un ami", "à Noël")),
    # said to someone: a first name that is also a country, after "merci", "ok" (the next
    # clause on "je" with no comma typed); never a word of the language
    ("ok france je te rappelle après le rdv", ("france",), ("je te rappelle",)),
    ("ok bon je vais voir, merci docteur, à demain", (), ("ok bon", "merci docteur")),
    # a chain named like a person, at its branch in a town (the town goes) or after a shop's
    # word; a shop with its own name goes whole
    ("elle est caissière au Leclerc du Chaudron, à Saint-Denis", ("Chaudron",), ("Leclerc",)),
    ("il a ramené un sac Leclerc plein de canettes", (), ("sac Leclerc",)),
    ("elle vendait des forfaits à la boutique Orange de Bagnolet", ("Bagnolet",),
     ("boutique Orange",)),
    ("il vendait à la supérette Proxi des Glycines, à Vierzon.", ("Glycines",), ("supérette",)),
    # a natural place's noun is its name's first word ("le Mont X"); a quarter's stays
    ("elle m'emmène au mont Sainte-Odile, puis dans le quartier du Neudorf",
     ("mont Sainte", "Neudorf"), ("le quartier du",)),
])
def test_the_rules_of_stop_34(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a body of members named "les amis du x" in lower case after its noun; never the friends
    # of a person
    ("je vais à l'asso les amis du lavoir le jeudi soir", ("lavoir",), ("le jeudi soir",)),
    ("il boit au bar avec les amis de mon frère", (), ("les amis de mon frère",)),
    # a commune in lower case joined to a town found ("entre X et y")
    ("il a eu un accident entre Besançon et champagnole en août", ("champagnole",), ("en août",)),
    ("il hésite entre Lyon et la mer", (), ("la mer",)),
    # a group named after "ça s'appelle" with words between commas before it; a group's name
    # said again at once after a filler, completed
    ("on a fait un groupe, avec les voisins, ça s'appelle les hiboux du septième",
     ("hiboux",), ("avec les voisins",)),
    ("elle a fait un groupe facebook papas solos euh papas solos quarante c'est pour les pères",
     ("papas solos", "quarante"), ("c'est pour les pères",)),
    # a chain named like a person after "chez", where buying or the shop's goods are said;
    # someone's home where drinking is said
    ("il achète son rouge par cartons chez Nicolas, c'est moins cher", (), ("chez Nicolas",)),
    ("elle ramène des croissants de chez Paul le dimanche", (), ("chez Paul",)),
    ("le samedi on boit chez Nicolas avec les copains", ("Nicolas",), ("avec les copains",)),
    ("je l'ai dit au Nicolas, le voisin du dessus", ("Nicolas",), ("le voisin",)),
    # a hospital named by a word, with a disease said near it; the word with no article after
    # "de" stays the word
    ("il revient de la pitié hier soir, pour son hépatite", ("pitié",), ("son hépatite",)),
    ("trois semaines à la pitié, et ils ont pas eu de pitié au service", ("à la pitié",),
     ("pas eu de pitié",)),
    # a first name that is a feast, a country or a département after a relative's word, the
    # sentence going on with a verb said of people
    ("ma cousine france m'a appelée hier soir", ("france",), ("ma cousine",)),
    ("ma fille aude dit qu'elle arrête le vin", ("aude",), ("qu'elle arrête",)),
    # a first name that is a word, found after a relative's word, said again as the subject of
    # a verb said of people; never after "pas" or "est" (the adjective)
    ("son neveu constant vient le lundi, constant travaille au port, il est pas constant dit-il",
     ("neveu constant", "lundi, constant"), ("pas constant dit-il",)),
    # a drink named like a person or a town, after its article, where drinking is said in its
    # sentence; the town after "à"
    ("mon père buvait la Castel le soir avec ses collègues", (), ("la Castel",)),
    ("il a lâché le Pontarlier depuis mars, il boit du sirop", (), ("le Pontarlier",)),
    ("elle vit à Pontarlier et elle boit trop", ("Pontarlier",), ("elle boit",)),
    # a town named again, that names a drink, after "le" or "la": the drink
    ("il est né à Cahors. le soir il ouvre le Cahors du voisin", ("né à Cahors",),
     ("le Cahors du voisin",)),
    # the word its slot asks for: a unit after a number, a participle after "a" typed without
    # its accent (a first name, a commune elsewhere)
    ("la ts appelle la caf, attente 25 min. la patiente attend", (), ("25 min.",)),
    ("je sais pas, on en a changé. sinon ça va", (), ("on en a changé",)),
    # a verb after a title in notes ("dr propose"); the kind of a health centre; the
    # abbreviations of clinical notes
    ("dr propose un sevrage, refus. mme vient lundi", (), ("dr propose", "mme vient")),
    ("Maison de santé pluriprofessionnelle des Lilas", (), ("pluriprofessionnelle",)),
    ("on va à l'épicerie solidaire tiwoulou le mardi", ("tiwoulou",), ("solidaire",)),
    ("obs cslt mg + pte, atcd : oh, ttt baclo, pec csapa refusée", (),
     ("cslt", "atcd", "ttt", "pec")),
])
def test_the_rules_of_stop_35(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a body of members the model reads whole after its noun, its small words inside; a firm
    # after "chez" and a bare trade noun; never a clause after the noun, nor someone's home
    ("je suis bénévole à l'asso entre deux mondes, à la gare", ("entre deux",), ("à la gare",)),
    ("mon père il bossait chez menuiserie rolland à vierzon", ("menuiserie rolland",),
     ("mon père il bossait chez",)),
    ("il dort chez sa tante le week-end", (), ("chez sa tante",)),
    # ... and a channel's or a group's name after its noun; never what the group is
    ("y a un canal sobriété lille avec des gens du coin", ("sobriété",), ("un canal",)),
    ("sur le groupe whatsapp des voisins on parle", (), ("groupe whatsapp des voisins",)),
    # a nickname made of a relative's word and a name after a verb of naming, though a term
    # to keep; never the relative's word alone
    ("c'est une vieille que tout le monde appelle mamie loulou, elle dort au parc",
     ("mamie", "loulou"), ("elle dort au parc",)),
    ("un monsieur qu'on appelle papy noël, il a la barbe", ("papy", "noël"), ("la barbe",)),
    ("je l'appelle maman tous les jours", (), ("maman tous les jours",)),
    # a commune joined by hyphens, found once, said again: the name, though each of its words
    # is one of the language; never a compound word of the language
    ("il est né à pont-de-l'arche en mai. pont-de-l'arche c'est petit", ("pont-de",),
     ("c'est petit",)),
    ("ma grand-mère boit. la grand-mère de karim aussi", (), ("ma grand-mère", "la grand-mère")),
    # a diary's or a log's line opening on a day and a month; a month cut short after a day's
    # name, its year with it; a share in a sentence stays
    ("3/11 — bu quatre bières au bar\n4/11 : rien bu, les trois quarts du temps ça va",
     ("3/11", "4/11"), ("bu quatre bières", "rien bu")),
    ("il dit que 3/4 des gens boivent", (), ("3/4 des gens",)),
    ("lundi 6 nov. 2023 : rdv au CSAPA", ("nov", "2023"), ("rdv au CSAPA",)),
    ("Mardi douze. Rien.\nJeudi 14 : deux bières. Vendredi 15:30 rdv psy", ("Jeudi 14",),
     ("Vendredi 15:30 rdv",)),
    # a day and a month ending a message's bracketed header; a day, a month and a year in
    # groups of two digits opening a note's line; never a share in brackets
    ("[SMS du 4/2, 21h] c'est moi\n[vocal 5/2] rappelle\n[3/4 inaudible]", ("4/2", "5/2"),
     ("[3/4 inaudible]",)),
    ("14 02 23 pantin, consultation mg", ("14 02 23",), (", consultation mg",)),
    # a filler before a date's year; a day of the month said alone before a filler, from the
    # tenth ("le deux euh" is two of something)
    ("c'était le trois mars euh deux mille dix-neuf, il a bu le vingt-huit euh à la fête",
     ("trois mars", "dix-neuf", "vingt-huit"), ("il a bu le",)),
    ("il en boit le six euh six verres", (), ("le six euh six verres",)),
    # a street number said in words before a road, a promenade, a corniche; a filler after a
    # street's name is no part of it
    ("elle vit au quarante route des crêtes euh vers le col", ("quarante", "crêtes"),
     ("euh vers le col",)),
    ("au cent dix promenade du lac hein, en face", ("cent dix", "promenade du lac"),
     ("hein, en face",)),
    # a dictated e-mail whose domain's words are said with no sign between them
    ("c'est m point rey arobase mairie de lunel point fr voilà", ("rey", "lunel"), ("voilà",)),
    # an address's town ends with its line: the next line's label is no part of it
    ("CSAPA Horizon, 12 rue des Lilas, 93500 Pantin\nTél. 01 99 00 45 67",
     ("Lilas", "93500", "45 67"), ("\nTél.",)),
    # a capitalised facility noun then "du" opens one place's name, though its word names a
    # town too; after "de", the town alone
    ("elle est serveuse à la Brasserie du Marais, le soir", ("Brasserie du",), ("le soir",)),
    ("on prend le train à la Gare de Bordeaux", ("Bordeaux",), ("la Gare de",)),
    # who calls, said after a greeting, though a word or a term to keep; never what it is
    ("allô docteur, c'est france, je rappelle pour le rendez-vous", ("france",),
     ("allô docteur, c'est", "je rappelle")),
    ("coucou c'est victoire du CSAPA, tu me rappelles", ("victoire",), ("du CSAPA",)),
    ("bonjour, c'est pour un renouvellement", (), ("c'est pour un renouvellement",)),
    # a commune that names a drink, after "habiter" with no preposition: the town
    ("elle habitait cognac avant de venir, elle boit pas de cognac", ("habitait cognac",),
     ("pas de cognac",)),
    # an account dictated with its signs: the words before its first sign after the cue, the
    # number said after it; never a phrase opening on a small word
    ("et mon snap c'est petit loup tiret du bas neuf sept quatre, voilà", ("petit", "loup",
     "sept quatre"), ("et mon snap c'est", "voilà")),
    ("sur tiktok je suis bella tiret lille trente et un, c'est mon compte", ("bella",
     "trente et un"), ("c'est mon compte",)),
    ("sur snap c'est au point mort depuis mars", (), ("au point mort",)),
    # a form's field of a person's name, in capitals as forms write it; never a placeholder
    ("Nom : BELKHIR | Prénom : Samy | Personne à prévenir : GARNIER Odile (sœur)",
     ("BELKHIR", "Samy", "GARNIER", "Odile"), ("Nom :", "(sœur)")),
    ("Nom de naissance : MARTINEZ | Ville : Lyon", ("MARTINEZ",), ("Nom de naissance :",)),
    # ... a form's field of a place; a street's word capitalised after its number, as letters
    # and forms write it; a commune written in capitals
    ("Lieu de naissance : Sétif | Né le : 3 mars", ("Sétif",), ("Lieu de naissance :",)),
    ("Adresse : 12 Rue Jean Jaurès, 4 ALLÉE DES ROSES", ("Jean Jaurès", "ROSES"),
     ("Adresse :",)),
    ("TAMPON MAIRIE DE VILLEPINTE, SERVICE SOCIAL", ("VILLEPINTE",), ("SERVICE SOCIAL",)),
    # a pet's name is never marked: it stays, whatever else it names; its owner goes
    ("il dort dehors avec son chien, Rocky, et sa chienne s'appelle Pastis", (),
     ("son chien, Rocky,", "s'appelle Pastis")),
    ("Mme Guérin promène Bella, sa chienne, avec ses deux chats Tyson et Jean-Pierre",
     ("Guérin",), ("Bella, sa chienne", "Tyson et Jean-Pierre")),
    # a podcast's name as its host opens it, a comma after it; a channel one follows; never
    # the assembly line
    ("bienvenue dans les verres vides, le podcast des buveurs repentis", ("verres vides",),
     ("le podcast",)),
    ("abonnez-vous à la chaîne les dimanches clairs, et laissez un pouce", ("dimanches clairs",),
     ("laissez un pouce",)),
    ("il bosse à la chaîne chez Peugeot", (), ("à la chaîne chez Peugeot",)),
    # the words of respect and kinship families of North and West Africa put before an elder's
    # first name: the word stays, the name goes
    ("c'est khalti houria qui l'a élevé au bled", ("houria",), ("c'est khalti",)),
    ("Nom de naissance : XXX | Nom : non renseigné", (), ("XXX", "non renseigné")),
])
def test_the_rules_of_stop_36(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


# Stop 37: sentences written for these tests, none taken from an evaluation set.
@pytest.mark.parametrize("text, gone, kept", [
    # a name the speaker says instead of one just said and found: the same kind of name,
    # though of ordinary words after an article for an establishment; never a clause, a
    # pronoun, slang alone, a chain to keep, a word denied with "non pas"
    ("on l'a envoyé à la clinique Saint-Roch... non, pardon, c'était les glycines, à Sète",
     ("glycines", "Saint-Roch"), ("on l'a envoyé",)),
    ("elle était au foyer Kerbrat, enfin au foyer, non, chez les mouettes bleues, en ville",
     ("mouettes bleues",), ("en ville",)),
    ("il a bossé pour Garnier Frères, non attendez, pour ocean bati services, trois ans",
     ("ocean bati",), ("trois ans",)),
    ("il jouait à l'US Vendôme, enfin au sporting club vendômois, en défense",
     ("sporting club vendômois",), ("en défense",)),
    ("on allait au Café du Port... non, c'était le goéland, sur le quai", ("goéland",),
     ("sur le quai",)),
    ("il est passé par la Croix-Rouge, non, par les restos, l'hiver", (),
     ("la Croix-Rouge, non, par les restos",)),
    # a commune said with its own article after the correction, the correction's word after it
    ("elle vit à Briançon, non pardon, à la grave pardon, en montagne", ("grave",),
     ("en montagne",)),
    ("il était à la clinique Saint-Roch, enfin il dit ça", ("Saint-Roch",), ("enfin il dit ça",)),
    ("c'était chez Karim, non, chez moi", ("Karim",), ("chez moi",)),
    ("il boit au bar le Balto, non, au boulot, tout seul", ("Balto",), ("au boulot",)),
    ("elle bosse chez Carrefour, enfin chez Monoprix, le soir", (),
     ("chez Carrefour, enfin chez Monoprix",)),
    ("on buvait au bar le Balto, non, à la buvette du stade", ("Balto",),
     ("à la buvette du stade",)),
    ("c'est le docteur Perrot, non ? celui de la gare", ("Perrot",), ("non ? celui",)),
    # an identifying number: a long run of digits in one word, alone (a pattern's alternative
    # without its "id" group was read as empty); never a national help line's number
    ("son code client 45789632 est sur la facture", ("45789632",), ("son code client",)),
    ("Alcool Info Service, 0980980930, appel gratuit", (), ("0980980930",)),
    ("il a gagné 150000 euros au loto", (), ("150000 euros",)),
    # a pharmacy or a bar named by the complement every town gives one, though a filler, a
    # day's word or a verb follows it
    ("bonjour c'est la pharmacie du marché euh pour le docteur", ("marché",), ("euh pour",)),
    ("je passe au café du commerce demain", ("commerce",), ("demain",)),
    # words said to be a place's name in so many words ("x c'est le quartier"), though words
    # of the language after a plural article; never a generic place, a pronoun, an ordinary
    # word after a singular article
    ("oui les mimosas c'est le quartier, derrière la gare", ("mimosas",), ("c'est le quartier",)),
    ("la vie c'est un village ici", (), ("la vie c'est",)),
    ("le centre c'est le quartier qui bouge", (), ("le centre c'est",)),
    # a public place's name with an elided link inside, "d'or" the metal, no conjunction
    ("les pompiers l'ont trouvé au parc de la fontaine d'or vers minuit", ("fontaine", "d'or"),
     ("au parc de la", "vers minuit")),
    # a nickname between commas after a relative's or a friend's word and its comma; never
    # an epithet of pity or blame
    ("mon pote, le mulot, il m'a ramené du shit", ("mulot",), ("mon pote, le", ", il m'a")),
    ("ma sœur, la pauvre, elle a tout perdu", (), ("la pauvre, elle",)),
    ("mon cousin, le salaud, il est jamais venu", (), ("le salaud, il",)),
    ("il est parti, il m'a laissé ses enfants, le crédit, tout", (), ("le crédit, tout",)),
    # never a word of the language with hyphens after a correction ("enfin au rez-de-chaussée")
    ("il vivait à Bondy, enfin c'était au rez-de-chaussée à l'époque", ("Bondy",),
     ("au rez-de-chaussée à l'époque",)),
    # a caption file's timings and cue numbers are no day of a date, no street number, no
    # phone's group; a number read before a timing stays whole
    ("6\n00:00:21,800 --> 00:00:25,800\nil le voit le mercredi\n7\n00:00:25,800 --> "
     "00:00:29,100\non a un bureau\n8 00:00:29,100 --> 00:00:31,000 rue de la gare",
     (), ("le mercredi\n7\n00:00:25,800", "8 00:00:29,100 --> 00:00:31,000 rue")),
    ("7 00:00:25,800 --> 00:00:29,100 rappelez au zéro six douze trente-quatre cinquante-six "
     "soixante-dix-huit 8 00:00:29,100 --> 00:00:31,000 merci",
     ("trente-quatre", "soixante-dix-huit"), ("8 00:00:29,100 -->",)),
    # a speaker's or a field's label after a street's word is no street's name, nor the next
    # line's first word
    ("on traîne au petit square hein le square E : et après ?", (), ("le square E :",)),
    ("Mairie, place de la Halle\nDate de l'audience : lundi", ("Halle",), ("\nDate de",)),
    ("il habite 12 rue Victor Hugo à Lyon", ("Victor Hugo",), ("il habite",)),
    # after a facility's noun, a verb, a time of day or an adverb of place is no name; a
    # verb's form after its own article may be one
    ("elle passe au tabac acheter ses clopes le matin", (), ("au tabac acheter",)),
    ("on se retrouve au bar l'après-midi, vers trois heures", (), ("au bar l'après-midi",)),
    ("il dort au foyer la relève euh depuis lundi", ("relève",), ("au foyer la",)),
    # a first name that is also a term to keep, in lower case after a role's word, before a
    # pause, "et", the line's end or the next turn; never a term of several words
    ("hier j'ai vu l'infirmière france et le médecin", ("france",), ("l'infirmière", "et le")),
    ("E : et ensuite ?\nP : j'ai vu la psy lorraine\nE : d'accord", ("lorraine",),
     ("j'ai vu la psy",)),
    ("le conseiller france travail l'a appelé hier", (), ("france travail",)),
    # a video call's chat header: the sender goes, "à Tout le monde" stays
    ("[14:02] De Awa Ndiaye à Tout le monde : je dois partir", ("Ndiaye",),
     ("à Tout le monde :",)),
])
def test_the_rules_of_stop_37(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # an association's or a network's name right after its noun, no article nor preposition
    # between: in lower case with a place in it, or capitalised, words of the language inside
    ("les collègues du réseau jura addictions et les pharmaciens", ("jura", "addictions"),
     ("les collègues du réseau", "et les pharmaciens")),
    ("la coordinatrice a appelé la fondation kerlann pour un lit", ("kerlann",),
     ("la fondation", "pour un lit")),
    ("Il est suivi par l'association Tamarin Entraide Jeunesse depuis mars.",
     ("Tamarin", "Entraide", "Jeunesse"), ("l'association", "depuis mars")),
    # an adjective, a participle, a pronoun, a kind said in ordinary words, a national body:
    # no name
    ("l'association locale nous prête une salle", (), ("l'association locale nous",)),
    ("l'association fondée par des parents aide les familles", (),
     ("l'association fondée par",)),
    ("l'association elle nous a trouvé un logement", (), ("l'association elle nous",)),
    ("le réseau santé mentale du secteur se réunit", (), ("le réseau santé mentale",)),
    ("il va à l'association Alcool Assistance le jeudi", (), ("Alcool Assistance",)),
    # a nickname made of an adjective, joined to a person found: a doubt
    ("on traînait avec lulu et le blond derrière la gare", ("lulu", "blond"),
     ("derrière la gare",)),
    ("c'est Samir ou la grande, je sais plus qui ramène les bières", ("Samir", "grande"),
     ("je sais plus",)),
    # ... not a thing said with its clause, a rank, nor a noun phrase going on
    ("j'ai vu karim et le rouge qu'il boit tous les soirs", ("karim",), ("le rouge qu'il",)),
    ("il est venu avec Nadia et le premier arrivé a ouvert", ("Nadia",), ("le premier arrivé",)),
    ("il parle de son fils Enzo et le café Le Marigot", ("Enzo",), ("et le café",)),
])
def test_the_rules_of_stop_41(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a nickname a word for one announces, with or without its article, now or in the past
    ("le surnom de son oncle c'était bigorneau, tout le monde rigolait", ("bigorneau",),
     ("le surnom de son oncle c'était", "tout le monde rigolait")),
    ("son blaze au quartier c'est le manchot", ("manchot",), ("son blaze au quartier",)),
    ("son sobriquet à la caserne, c'était tartine", ("tartine",), ("son sobriquet",)),
    # ... not an adjective, a participle, a pronoun, nor a clause of its own
    ("son surnom c'était méchant au fond", (), ("c'était méchant au fond",)),
    ("ce surnom c'est venu du collège", (), ("c'est venu du collège",)),
    ("« le moustique » (surnom, il était gaucher au foot)", ("moustique",),
     ("il était gaucher au foot",)),
    # a capitalised common noun after "à la" is no place for that alone; a town said so still
    # goes (the NER, the gazetteers)
    ("le jeudi soir elle chante à la Chorale, ça l'aide", (), ("à la Chorale",)),
    ("elle a fini à la Rue, comme elle dit, après l'expulsion", (), ("à la Rue, comme",)),
    ("il est parti vivre à Kerbouzec, un petit bourg", ("Kerbouzec",), ("un petit bourg",)),
    # a national helpline said in words stays, as it does written in digits; a person's goes
    ("pour arrêter de fumer c'est le trente-neuf quatre-vingt-neuf, et Alcool Info Service au zéro "
     "neuf, quatre-vingts, quatre-vingt-dix-huit, zéro neuf, trente", (),
     ("le trente-neuf quatre-vingt-neuf,",
      "zéro neuf, quatre-vingts, quatre-vingt-dix-huit, zéro neuf, trente")),
    ("rappelez-moi au zéro six, trente-neuf, quatre-vingt-dix-huit, vingt, onze",
     ("trente-neuf, quatre-vingt-dix-huit",), ("rappelez-moi au",)),
])
def test_the_rules_of_stop_42(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # an arrondissement said as an ordinal, in a text that names its city
    ("je suis à Marseille depuis dix ans, mes patients c'est le treizième et le quatorzième, "
     "surtout", ("treizième", "quatorzième"), ()),
    ("à paris elle habite dans le onzième maintenant", ("onzième",), ()),
    ("la coordinatrice de Lyon connaît les gens du septième e : d'accord", ("septième",), ()),
    ("à Marseille, c'est le deuxième enfant de la famille", (), ("deuxième",)),
    ("à Paris, la voisine du troisième, elle boit aussi", (), ("troisième",)),
    # (two listed together are arrondissements even there: stop 44)
    ("mes patients c'est le treizième", (), ("treizième",)),
    # a neighbourhood named after a kept word
    ("il a grandi à Roubaix, quartier de l'Alsace, avec ses cousins", ("Alsace",), ()),
    ("elle habite le quartier Lorraine depuis l'enfance", ("Lorraine",), ()),
    ("les gens du quartier de la gare et ceux des quartiers nord", (), ("gare", "nord")),
    ("le psy cite la Lorraine dans son récit", (), ("Lorraine",)),
    # an account's name said whole after its platform or "ma chaîne"
    ("sur insta c'est la fée des bouchons, elle poste tous les jours", ("fée des bouchons",),
     ()),
    ("son snap c'était kiki du soixante-neuf", ("kiki du soixante-neuf",), ()),
    ("ma chaîne c'est Zoé Sans Verre, je parle de ma cure", ("Zoé Sans Verre",), ()),
    ("WhatsApp c'est le même numéro que le fixe", (), ("le même numéro",)),
    ("mon compte c'est bon, ils ont payé", (), ("bon",)),
    ("sur facebook c'est pas mon truc", (), ("pas mon truc",)),
    ("ils buvaient à la chaîne c'était la fête", (), ("la fête",)),
])
def test_the_rules_of_stop_43(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # the rest of an organisation's name a rule took in part: its complement of place (a word
    # of no dictionary, or a river, a region, a département with its capital)...
    ("il était soudeur chez Tôlerie Ferrand de la Meuse, avant le licenciement.", ("Meuse",),
     ("avant le licenciement",)),
    ("le bailleur Logis du Vexin lui a envoyé une lettre recommandée.", ("Vexin",),
     ("une lettre recommandée",)),
    # ... never an ordinary word, an acronym, a number
    ("au foyer Les Tilleuls de la mairie ils sont gentils.", ("Tilleuls",), ("de la mairie",)),
    ("la coordinatrice cite le rapport de l'IGAS sur les microstructures.", (), ("IGAS",)),
    # the département's number it ends with, in digits or said
    ("il va à l'association amitié comorienne treize le samedi.", ("treize",), ("le samedi",)),
    ("j'ai commencé comme éducateur à la sauvegarde treize à marseille.", ("treize",),
     ("comme éducateur",)),
    # ... or the word a club, a firm ends its name with
    ("son fils entraîne au club fc sevran nord.", ("sevran", "nord"), ("son fils entraîne",)),
    ("il va au foot avec le club es villepinte sud le dimanche.", ("villepinte", "sud"),
     ("le dimanche",)),
    # wines named after their village, said as wines; the village said as a place goes
    ("le dimanche il ouvre le Saint-Pourçain, le Chanturgue, un Bouzy rouge, c'est la famille.",
     (), ("Saint-Pourçain", "Chanturgue", "Bouzy")),
    ("vin rouge le soir (Cairanne), parfois de la bière.", (), ("Cairanne",)),
    ("elle est née à Rasteau, dans le Vaucluse.", ("Rasteau",), ("Vaucluse",)),
    # an account read in the 60 characters after its platform: its last word whole, where
    # the window ended inside it
    ("sur insta c'est arobase la grande sardine tiret du bas quatre-vingt-treize voilà",
     ("sardine", "treize"), ("voilà",)),
    ("sur snap il poste tout, arobase gros matou tiret du bas soixante-dix-sept, ça me fait peur",
     ("matou", "sept"), ("ça me fait peur",)),
    # in a text naming no city, arrondissements listed together, or one said after "dans"; a
    # single ordinal is a rank, a child, a floor
    ("mes patients c'est le treizième et le quatorzième, surtout les cités.",
     ("treizième", "quatorzième"), ("surtout les cités",)),
    ("il est dans le troisième pardon le deuxième.", ("troisième", "deuxième"), ("il est dans",)),
    ("c'est le troisième, il boit pas comme ses frères.", (), ("troisième",)),
    ("le deuxième et le troisième sont partis, il reste la petite.", (),
     ("deuxième", "troisième")),
    ("la voisine du troisième et celle du quatrième se parlent plus.", (),
     ("troisième", "quatrième")),
    # a nickname said to be one, right after it or just before it, though a demonym (a doubt)
    ("au comptoir il y avait le Normand, on l'appelait comme ça, il buvait du calva.",
     ("Normand",), ("il buvait du calva",)),
    ("tous les gars l'appellent le Portugais parce qu'il parle de Lisbonne.", ("Portugais",),
     ("parce qu'il parle",)),
    ("le gitan qu'on l'appelle, il est pêcheur.", ("gitan",), ("il est pêcheur",)),
    ("au foyer ils l'appellent le moineau alors qu'il est costaud.", ("moineau",),
     ("alors qu'il est costaud",)),
    # ... never a time nor the demonym said as such
    ("Elle l'appelle le Dimanche. Et rien.", (), ("Dimanche",)),
    ("les Portugais du quartier boivent au café.", (), ("Portugais",)),
    # a first name that is also a country or a feast after a relative's word: capitalised, or
    # typed in lower case before what goes on with the person
    ("sa tante france l'a élevé, elle vit à côté.", ("france",), ("elle vit à côté",)),
    ("ma copine France, elle est comme une sœur.", ("France",), ("comme une sœur",)),
    ("et mon cousin noël lui il boit que du schnaps.", ("noël",), ("schnaps",)),
    ("mon frère est en France depuis un an.", (), ("France",)),
    ("le père noël est passé hier.", (), ("noël",)),
    # Avril, a first name (INSEE's file of given names) that is also a month
    ("elle s'appelle Avril, comme le mois, sa mère aimait le printemps.", ("Avril",),
     ("comme le mois",)),
    ("en avril il a rechuté, puis Mai, Juin, rien.", (), ("avril",)),
])
def test_the_rules_of_stop_44(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a phone number said with repairs, taken whole: a group replaced after a word of
    # correction, groups said again from where the speaker went back, a group said twice
    ("rappelez-moi au 06 39 euh 51 non 57 20 34 s'il vous plaît", ("57 20 34",),
     ("s'il vous plaît",)),
    ("mon portable 06 39 98 12 attendez 98 12 47 c'est le soir", ("12 47",),
     ("c'est le soir",)),
    ("c'est le zéro six trente-neuf vingt-deux euh... vingt-deux onze quatorze, merci",
     ("onze quatorze",), ("merci",)),
    ("au 04 65 71 euh 15 15 09 c'est le fixe", ("15 09",), ("c'est le fixe",)),
    # ... never a number said after one, nor an age said again
    ("le 06 39 98 40 12 et 14 euros pour le taxi", ("39 98 40",), ("14 euros",)),
    ("il a 45 ans euh 45 ans et demi", (), ("45 ans et demi",)),
    # a nickname in quotes or brackets right next to a person's name or a title (a doubt)
    ("- m. perrault (« le goéland ») : reprise du travail.", ("goéland",),
     ("reprise du travail",)),
    ("2/ « papy » (mme lacombe) : chute à domicile.", ("papy", "lacombe"), ("chute à domicile",)),
    ("3/ m. « le baron » est revenu au foyer.", ("baron",), ("revenu au foyer",)),
    ("- pte rosine b. (« zaza ») 52 ans, vit seule.", ("zaza",), ("vit seule",)),
    ("3/ m. rachid benali, dit papy, est revenu.", ("papy",), ("est revenu",)),
    ("lucien dit zouzou depuis l'école.", ("zouzou",), ("depuis l'école",)),
    # ... never a relative, a role, an acronym, nor a word quoted from the patient, nor what
    # the person says
    ("Karim dit qu'il boit moins, Paulette dit boire moins, Hélène dit toujours non.", (),
     ("qu'il boit moins", "dit boire", "toujours non")),
    ("mme lacombe (mère) et m. perrault (psy) présents.", (), ("(mère)", "(psy)")),
    ("- m. perrault (« fatigué ») : sommeil à revoir.", (), ("fatigué",)),
    ("Dr Vasseur (CSAPA) a écrit au MG.", (), ("(CSAPA)",)),
    # a firm named in lower case by a word and the trade it closes with, where one works
    ("il bosse pour batiplan habitat depuis deux ans.", ("batiplan",), ("depuis deux ans",)),
    ("elle a été licenciée de chez nord propreté en mars.", ("nord propreté",), ("en mars",)),
    ("mon employeur (zelia conseil) ne sait rien.", ("zelia",), ("ne sait rien",)),
    # ... never an ordinary phrase
    ("je viens pour demander conseil au docteur.", (), ("demander conseil",)),
    ("il travaille pour la sécurité du stade.", (), ("la sécurité du stade",)),
    ("le samedi c'est chez nous nettoyage à fond.", (), ("nous nettoyage",)),
    # a dictated e-mail read from the cue that names it: its first words, an attempt given up
    ("mon mail c'est la petite mouette trente arobase yahoo point fr, merci.",
     ("petite", "mouette"), ("merci",)),
    ("mon adresse mail c'est le grand voilier quarante arobase gmail point com, tout attaché.",
     ("grand", "voilier"), ("tout attaché",)),
    ("mon mail c'est lucas point ferrand euh arobase non attendez l point ferrand arobase free "
     "point fr voilà", ("lucas", "ferrand", "non attendez"), ("voilà",)),
    ("mon mail c'est solène point bréhat euh bréhat avec un accent arobase orange point fr",
     ("solène", "bréhat", "point"), ("mon mail",)),
    # ... never words that only say what it is made of, nor across another "c'est"
    ("mon mail c'est mon prénom et mon nom, lucas.ferrand@free.fr", ("ferrand",),
     ("mon prénom et mon nom",)),
    ("mon mail c'est pas compliqué, c'est toto point lili arobase free point fr", ("lili",),
     ("pas compliqué",)),
])
def test_the_rules_of_stop_45(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # a bar's or a shop's name capitalised where one goes ("au", "aux", "chez"), though of
    # ordinary words, what it is said right after it (a doubt)
    ("Il boit au Corsaire, le bar en face de la gare.", ("Corsaire",), ("le bar en face",)),
    ("On allait au Comptoir Doré, un café près du marché.", ("Comptoir Doré",),
     ("un café près du marché",)),
    ("Elle passait ses soirées chez Bigorneau, la buvette du port.", ("Bigorneau",),
     ("la buvette du port",)),
    # ... never a country, a chain or a facility's own acronym
    ("Au Maroc, le café est très sucré.", (), ("Maroc",)),
    ("Il travaille chez Carrefour, le supermarché du coin.", (), ("Carrefour",)),
    ("Il passe ses journées au PMU, le bar du coin.", (), ("PMU",)),
    # a firm named, capitalised, by its trade and a river, a region, a cardinal point or a
    # demonym, in either order (a doubt)
    ("Mon employeur (Loire Menuiserie) ne sait rien.", ("Loire Menuiserie",), ("ne sait rien",)),
    ("Il travaille pour Rhône Isolation depuis dix ans.", ("Rhône Isolation",),
     ("depuis dix ans",)),
    ("Il a bossé à la Manutention Bretonne, puis plus rien.", ("Manutention Bretonne",),
     ("puis plus rien",)),
    ("Le bailleur, Habitat Est Parisien, n'a rien fait.", ("Habitat", "Parisien"),
     ("n'a rien fait",)),
    # ... never a national body, a region alone, nor what is no trade
    ("il attend la Sécurité Sociale depuis mars, et la Protection Civile est venue.", (),
     ("Sécurité Sociale", "Protection Civile")),
    ("Il a grandi en Loire Atlantique, près de la Bretagne.", (), ("Bretagne",)),
    # a word said to be someone's name right after it, though a word of the language, a
    # country or a trade (a doubt)
    ("E : ambre c'est votre prénom ? P : oui, comme la pierre.", ("ambre",),
     ("comme la pierre",)),
    ("mon voisin meunier, c'est son vrai nom, il boit le soir.", ("meunier",),
     ("il boit le soir",)),
    ("oui chine c'est mon prénom, ma mère aimait les voyages.", ("chine",),
     ("ma mère aimait",)),
    # ... never a word with its article, a filler, a title or what is made of a name
    ("le problème c'est mon nom, personne ne sait l'écrire.", (), ("problème",)),
    ("elle dit Fabre mais en fait, c'est son nom de jeune fille.", (), ("en fait",)),
    ("Mme Lacan, docteur, c'est mon nom, pas mon problème.", (), ("docteur",)),
    ("c'est vrai hein c'est son prénom.", (), ("hein",)),
    ("mon adresse mail c'est mon nom et mon prénom.", (), ("adresse mail",)),
    # what a thing is called is no one's nickname; what a person is called still is
    ("ce qu'on appelle le sevrage, c'est dur.", (), ("sevrage",)),
    ("c'est ce que j'appelle le manque, il faut tenir.", (), ("manque",)),
    ("un voisin qu'on appelle le petit lord dans le quartier est passé.", ("lord",),
     ("dans le quartier",)),
    # a season after a facility's noun and its article, the kind of a centre typed without
    # its hyphen: no name
    ("avec la bande on faisait les fêtes de village l'été", (), ("l'été",)),
    ("je suis suivi au centre médico psychologique depuis mars", (), ("médico psychologique",)),
])
def test_the_rules_of_stop_46(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


@pytest.mark.parametrize(("text", "gone", "kept"), [
    # "sainte X" typed as the saint's (the word in lower case, the name capitalised) is the
    # saint after "à" or "de" too, though a woman of the same text bears the name
    ("Sa sœur, Claire, monte chaque hiver au pèlerinage de sainte Claire.",
     ("Claire, monte",), ("pèlerinage de sainte Claire",)),
    ("ma voisine prie à sainte Claire pour son fils.", (), ("sainte Claire",)),
    # ... a town or a street stays one: capitalised, hyphen or not, or after a street's word
    ("Il habite à Saint Avold depuis dix ans.", ("Avold",), ()),
    ("rendez-vous au bar de la place sainte Catherine, à Nancy.", ("Catherine",), ()),
    # a capitalised name the lists do not know, in a list of drinks: with its article next to
    # a brand, or between two brands
    ("la Kronenbourg, la Lemoine, tout ce qui moussait.", (), ("la Lemoine,",)),
    ("Sangria, Orlandina, Cointreau : l'été à la plage.", (), ("Orlandina",)),
    ("le Ricard, le Martin, la Suze, tout ça le samedi.", (), ("le Martin,",)),
    # ... a first name only between two brands; never a town, nor next to a drink's kind
    ("le Ricard, le Jacky et la Nadia sont venus ce soir-là.", ("Jacky", "Nadia"), ()),
    ("le Martini, le Sylvain, il m'en offrait toujours.", ("Sylvain",), ()),
    ("On allait au Bigorneau, la bière y est pas chère.", ("Bigorneau",), ()),
    # an eponym after a scale's, a test's or a disease's noun and "de", or after "loi"
    ("On a refait le questionnaire de Goldberg et l'échelle de Hamilton.", (),
     ("questionnaire de Goldberg", "échelle de Hamilton")),
    ("Antécédents : une maladie de Basedow traitée, un syndrome de Cushing écarté.", (),
     ("maladie de Basedow", "syndrome de Cushing")),
    ("La loi Leonetti, puis la loi Kouchner, ont changé la fin de vie.", (),
     ("loi Leonetti", "loi Kouchner")),
    # ... never a first name, a title or a town after "de"
    ("la maladie de Germaine a commencé en mars.", ("Germaine",), ()),
    ("le test de Mme Rouvier était positif.", ("Rouvier",), ()),
    ("le test de Vautrin, il l'a raté deux fois.", ("Vautrin",), ()),
    # an artist or an author by a full name after a verb of listening or reading, or what
    # they are in the arts
    ("le soir il écoute Gwenola Kerhervé en boucle, ça le calme.", (), ("Gwenola Kerhervé",)),
    ("j'ai lu Mathilde Ferrandon, son récit de sevrage.", (), ("Mathilde Ferrandon",)),
    # ... never a first name alone, nor a name taken up by "il" or "elle"
    ("j'écoute Karim quand il parle de sa mère.", ("Karim",), ()),
    ("j'écoute Paul Ribeyre, il me dit d'arrêter.", ("Ribeyre",), ()),
])
def test_the_rules_of_stop_47(engine, text: str, gone: tuple, kept: tuple) -> None:
    _check(engine, text, gone, kept)


def test_the_held_out_sets_pooled_with_their_interval() -> None:
    """bench/pseudonymise.py sums the held-out sets into one figure with a 95% interval from a
    bootstrap over the sets (each set other hands, other themes), the lowest set and how many
    reach the goal; development sets never count in it, and one set alone makes no pool."""
    import importlib.util
    import sys

    from tupsalco.pseudonymise.evaluate import Score

    spec = importlib.util.spec_from_file_location("bench_pseudo", ROOT / "bench/pseudonymise.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up
    spec.loader.exec_module(bench)

    def made(found: int, total: int, kept: int, keep_total: int) -> Score:
        s = Score()
        s.found["PER"], s.total["PER"], s.kept, s.keep_total = found, total, kept, keep_total
        return s

    sets = [bench.Dataset(k, k, dict, held) for k, held in
            (("a", True), ("b", True), ("c", True), ("d", False))]
    scores = {("tupsalco", "a"): made(90, 100, 99, 100), ("tupsalco", "b"): made(99, 100, 95, 100),
              ("tupsalco", "c"): made(96, 100, 100, 100),
              ("tupsalco", "d"): made(0, 100, 0, 100)}  # a development set: never pooled
    out = bench.pooled(sets, scores)
    assert "(3 sets;" in out, out
    recall = next(line for line in out.splitlines() if "recall" in line)
    assert "0.950 [" in recall and "lowest set 0.900" in recall, recall
    assert "sets at the goal 1 of 3" in recall, recall
    low, high = (float(x) for x in recall.split("[")[1].split("]")[0].split(", "))
    assert 0.9 <= low < 0.95 < high <= 0.99, recall
    assert bench.pooled(sets, scores) == out  # the same interval every run
    assert bench.pooled(sets[:1] + sets[3:], scores) == ""


def test_the_second_marking_keeps_the_texts_of_its_set() -> None:
    """bench/data/agreement: a held-out set's texts marked again, blind, by other readers: the
    same texts character for character (the marks aside), identifiers only, so that
    bench/agreement.py compares two readings of one text."""
    from tupsalco.pseudonymise.evaluate import load_marked_folder

    for folder in sorted((ROOT / "bench/data/agreement").iterdir()):
        if not folder.is_dir():
            continue
        assert folder.name in _bench_sets(), folder.name
        texts, first, _ = load_marked_folder(ROOT / "bench/data" / folder.name)
        again, second, keep = load_marked_folder(folder)
        assert again == texts and not keep
        assert {g.type for g in second} <= {"PER", "LOC", "ORG", "ADDRESS", "PHONE", "EMAIL",
                                            "NIR", "DATE"}
        assert abs(len(second) - len(first)) < len(first) // 10


def test_the_agreement_bench_scores_one_reader_against_the_other(tmp_path: Path) -> None:
    """bench/agreement.py: the second reader's marks scored as a system against the first's
    (strict: a word of an identifier left unmarked is a leak), and the identifiers both
    marked or either marked, on texts of my own."""
    import importlib.util

    from tupsalco.pseudonymise.evaluate import load_marked_documents, score

    spec = importlib.util.spec_from_file_location("bench_agreement", ROOT / "bench/agreement.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one, two = tmp_path / "a/x.txt", tmp_path / "b/x.txt"
    one.write_text("{PER:Ysolde Marchal} boit au {ORG:Grand Cerf} avec du {KEEP:Ricard}."
                   "\n\nRien ici.", "utf-8")
    two.write_text("{PER:Ysolde} Marchal boit au {ORG:Grand Cerf} avec du {PER:Ricard}."
                   "\n\n{LOC:Rien} ici.", "utf-8")
    texts, first, keep = load_marked_documents(one)
    again, second, _ = load_marked_documents(two)
    assert again == texts
    s = score(texts, bench.marks_as_found(second), first, keep)
    assert (sum(s.found.values()), sum(s.total.values())) == (1, 2)  # "Marchal" left in clear
    assert s.keep_rate == 0.0 and s.clean_document_rate == 0.5
    both, either = bench.agreed(texts, first, second)
    assert [texts[g.document][g.start:g.end] for g in both] == ["Grand Cerf"]
    assert sorted(texts[g.document][g.start:g.end] for g in either) == [
        "Grand Cerf", "Ricard", "Rien", "Ysolde Marchal"]


def test_the_ablation_bench_reads_development_sets_only() -> None:
    """bench/ablation.py, which says what each rule pays and by which a rule was removed,
    scores development sets only and refuses a held-out set by name."""
    import subprocess
    import sys

    values = _script_constants("bench/ablation.py", ("DEVELOPMENT", "VALIDATION"))
    sets = [*values["DEVELOPMENT"], values["VALIDATION"]]
    assert all(name.startswith(("pseudo_dev", "pseudo_eval")) for name in sets)
    assert all((ROOT / "bench/data" / name).is_dir() for name in sets)
    # the retired sets it reads too are development sets of the bench, none held out
    bench = _bench_sets()
    assert all(bench[f"pseudo_dev{n}"] is False for n in range(18, 29))
    done = subprocess.run([sys.executable, str(ROOT / "bench/ablation.py"), "place", "--sets",
                           "pseudo_dev2", "pseudo_test22"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and "never ablated: pseudo_test22" in done.stderr, done.stderr


def test_a_name_found_elsewhere_is_no_drink_said_with_its_article(engine) -> None:
    """A name found in one text of the batch is a name wherever it stands, but not where it
    is a drink's or a chain's name said with the definite article a drink or a shop takes
    ("la x" the wine): the brand; the person said again goes."""
    texts = ["le docteur Clairette a appelé ce matin",
             "au chalet il reste le feu et la Clairette, rien d'autre",
             "on a revu Clairette au cabinet jeudi"]
    out = [r.text for r in engine.pseudonymise(texts)]
    assert "Clairette" not in out[0] and "Clairette" not in out[2], out
    assert "la Clairette, rien" in out[1], out


def test_a_dictated_e_mail_spelled_letter_by_letter_goes_whole(engine) -> None:
    """The parts of a dictated address spelled out letter by letter ("n a d i a", "K-E-R"),
    its domain too ("point f r"): the whole address, signs between included."""
    text = ("mon mail c'est l u c i e point g o m e z arobase gmail point com, et le sien "
            "c'est T-O-M point R-I-V-A arobase asso tiret trait point F-R voilà")
    out = engine.pseudonymise([text])[0].text
    for clear in ("l u c i e", "g o m e z", "T-O-M", "R-I-V-A", "asso tiret trait", "arobase"):
        assert clear not in out, (clear, out)
    assert out.startswith("mon mail c'est") and out.endswith("voilà"), out


def test_a_transcription_software_s_speaker_label_is_no_name(engine) -> None:
    """"SPEAKER_02", "Speaker 1", "Locuteur 2": the labels a diarization or a transcription
    software gives, kept as they are; the names said in the turns still go."""
    text = ("[00:12:31] SPEAKER_02: moi je bois avec karim le soir\n"
            "[00:12:40] SPEAKER_01: et SPEAKER_02 il boit quoi ?\n"
            "Speaker 1 : il s'appelle Kader\nLocuteur 2 : d'accord")
    out = engine.pseudonymise([text])[0].text
    for label in ("SPEAKER_02:", "SPEAKER_01: et SPEAKER_02 il", "Speaker 1 :", "Locuteur 2 :"):
        assert label in out, (label, out)
    assert "karim" not in out and "Kader" not in out, out


def test_a_contact_saved_as_a_relationship_is_no_name(engine) -> None:
    """A chat's export names its senders as the phone saved them: "Maman", "Mon cœur",
    "Tonton" say a relationship and stay; a first name after them goes."""
    text = ("12/11/2023, 21:14 - Maman: t'es où\n"
            "12/11/2023, 21:15 - Mon cœur ❤️: j'arrive\n"
            "12/11/2023, 21:16 - Tonton Rachid: ok")
    out = engine.pseudonymise([text])[0].text
    assert "- Maman: t'es où" in out and "- Mon cœur ❤️: j'arrive" in out, out
    assert "Rachid" not in out, out


def test_a_place_of_the_project_s_site_needs_no_town_said(nlp) -> None:
    """A place of a study site whose name is a word ("la plaine", "la noue") is the place in a
    project at that site, though no text names the town; elsewhere the rules need its town
    said (the token model, trained on sets written at the sites, reads it as a place there
    too: a doubt, see ``test_what_the_token_model_reads_against_the_rules``)."""
    text = "une dame de la noue, elle boit le soir avec les voisins"
    at_site = Pseudonymiser(KeyData("kinds"), nlp=nlp, places=("Bagnolet",))
    assert "noue" not in at_site.pseudonymise([text])[0].text
    elsewhere = Pseudonymiser(KeyData("kinds"), nlp=nlp, places=("Brest",), token_model=False)
    assert "la noue" in elsewhere.pseudonymise([text])[0].text


def test_a_date_or_an_address_stops_before_the_next_label(engine) -> None:
    """A year said in words takes number words only, never the next speaker's label; a
    two-digit year is no subtitle's timestamp; a town after a postcode is never the form's next
    field ("Téléphone :")."""
    text = ("il a rechuté le douze mai deux mille vingt-deux MG : bon\n"
            "00:00:01,000 --> 00:00:04,000 depuis le trois avril 00:04.100 --> 00:07.900\n"
            "Adresse : 8 rue des Lilas, 93170 Bagnolet Téléphone : 06 39 98 11 47")
    spans = {text[e.start:e.end]: e.type for e in engine.detect([text])[0]}
    assert spans.get("douze mai deux mille vingt-deux") == "DATE", spans
    assert spans.get("trois avril") == "DATE", spans
    assert spans.get("8 rue des Lilas, 93170 Bagnolet") == "ADDRESS", spans
    out = engine.pseudonymise([text])[0].text
    assert "MG : bon" in out and "Téléphone :" in out and "00:04.100" in out, out


def test_a_chat_timestamp_is_a_date_not_a_phone(engine) -> None:
    """"[05/11/2023 21:14]": ten digits that begin with 0, but a date and its hour; a phone
    written with slashes is still one."""
    text = "[05/11/2023 21:14] Ninou : j'arrive. Mon fixe c'est le 04/65/71/22/90."
    found = {text[e.start:e.end]: e.type for e in engine.detect([text])[0]}
    assert found.get("05/11/2023") == "DATE" and "PHONE" not in {
        t for s, t in found.items() if s.startswith("05")}, found
    assert found.get("04/65/71/22/90") == "PHONE", found


def test_a_nickname_takes_its_adjective_and_two_nicknames_stay_two_people(engine) -> None:
    """"le grand x": the adjective is part of the nickname (the marking conventions), and it
    never ties two nicknames together ("le grand x" and "le grand y" are two people)."""
    out = engine.pseudonymise([
        "Le soir il y avait le grand Toufik et le petit Baptiste au comptoir. Plus tard, le "
        "grand Anselme est arrivé."])[0]
    assert "grand" not in out.text and "petit" not in out.text
    people = [out.text[e.start:e.end] for e in out.entities if e.type == "PER"]
    assert len(people) == 3 and len(set(people)) == 3, people


def _rule_sentences() -> list[str]:
    """Every sentence the parametrized tests of this module give the rules (written for them)."""
    texts = []
    for test in [f for name, f in globals().items() if name.startswith("test_")]:
        for mark in getattr(test, "pytestmark", []):
            if mark.name != "parametrize" or not mark.args[0] or mark.args[0][0] != "text":
                continue
            texts += [case[0] for case in mark.args[1] if isinstance(case, tuple)
                      and isinstance(case[0], str)]
    return texts


def test_no_rule_reads_past_either_end_of_a_text(engine, corpus_texts) -> None:
    """Every sentence of the rules' tests cut after each of its words and before each: a text
    that stops in the middle of a slot ("... rue de", "... c'est x", a speaker's turn cut off)
    is read like any other, never a crash that would refuse the whole document. The same for
    windows of the demo corpus cut at random places."""
    sentences = _rule_sentences()
    assert len(sentences) > 300  # the parametrized lists were found
    cuts = set()
    for text in sentences:
        words = [m for m in re.finditer(r"\S+", text)]
        cuts.update(text[:m.end()] for m in words)
        cuts.update(text[m.start():] for m in words)
    cuts = sorted(cuts)
    found = engine.detect(cuts)
    assert len(found) == len(cuts)
    for text, entities in zip(cuts, found, strict=True):
        assert all(0 <= e.start < e.end <= len(text) for e in entities), text
    # windows of the demo corpus cut anywhere, mid-word included (a fixed seed)
    rng = random.Random(32)
    corpus = [t for t in corpus_texts.values() if len(t) > 200]
    windows = []
    for _ in range(3000):
        text = rng.choice(corpus)
        a = rng.randrange(len(text))
        windows.append(text[a:a + rng.randrange(1, 160)])
    assert len(engine.detect(windows)) == len(windows)
    # the two slots that used to crash, each a whole text
    ends = engine.detect(["il habite 4 rue de", "au téléphone, il m'a dit : c'est roland"])
    assert [e.type for e in ends[1]] == ["PER"]


# -- the token model (token_model.py) ------------------------------------------------------

def test_the_token_model_is_shipped_as_hashed_weights_only() -> None:
    """The shipped model loads from the package, and its file holds hashed feature indices,
    weights, thresholds and the classes of the language model's word vectors (numbers): no
    word of the sets it was trained on."""
    model = shipped_model()
    assert model is not None and 0 < model.reach < model.seed <= model.word_seed <= 1
    assert 0 <= model.veto < model.reach
    path = resources.files("tupsalco.pseudonymise") / "data" / MODEL_FILE
    with resources.as_file(path) as real, np.load(real) as data:
        assert sorted(data.files) == ["classes", "indices", "meta", "values"]
        assert data["indices"].dtype == np.int32 and data["values"].dtype == np.float16
        assert data["classes"].dtype == np.int16


def test_the_token_model_reads_the_class_of_a_words_vector(engine) -> None:
    """Each word's feature names hold the class of its vector among the language model's
    (k-means at training), one per row of the vectors; a word without a vector has none."""
    classes = engine.token_model.classes
    assert classes is not None and len(classes) == engine.nlp.vocab.vectors.shape[0]
    of = engine._words.vector_class
    assert of("piscine") == int(classes[engine.nlp.vocab.vectors.find(key="piscine")])
    assert of("Piscine") >= 0 and of("qzxwvkj") == -1
    assert f"vc{of('piscine')}" in engine._words.flags("piscine")
    assert not [f for f in engine._words.flags("qzxwvkj") if f.startswith("vc")]
    # a model trained on other vectors is refused, not read with the wrong classes
    with pytest.raises(ValueError, match="train_token_model"):
        vector_classes(engine.nlp.vocab.vectors, classes[:-1])
    # a word's flags are kept for the next text, a crafted run of letters's never (memory)
    long = "qz" * 5_000
    assert engine._words.flags(long) == [] and long not in engine._words.memo
    assert "piscine" in engine._words.memo


def test_the_token_model_adds_a_doubt_where_no_rule_reads(engine) -> None:
    """A commune typed in lower case after a word no rule reads as a cue ("vit seule à x"):
    the model takes it, as a doubt for the reviewer, typed as a place the gazetteers hold."""
    text = "elle vit seule à hem depuis dix ans"
    entities = engine.detect([text])[0]
    assert [(text[e.start:e.end], e.source, e.doubt, e.type) for e in entities] == [
        ("hem", "token-model", True, "LOC")]
    rules_only = Pseudonymiser(KeyData("kinds"), nlp=engine.nlp, token_model=False)
    assert rules_only.detect([text]) == [[]]


def test_the_token_model_vetoes_a_copied_name_where_its_context_reads_none(engine) -> None:
    """A first name a rule read in one text ("mon ami x") is copied to its other mentions in
    the batch. Where the model reads a copy's words as nearly surely no identifier (a common
    noun capitalised, "la Colombe de la paix"), the copy is not taken; a copy in a name's own
    context is, and the model never vetoes what a rule read itself."""
    texts = ["Patient : ma sœur Colombe est venue.",
             "Patiente : la Colombe de la paix, c'est un symbole.",
             "Patiente : Colombe est passée hier soir, elle avait bu."]
    def read(pseudonymiser: Pseudonymiser) -> list[list[tuple[str, str]]]:
        return [[(t[e.start:e.end], e.source) for e in found]
                for t, found in zip(texts, pseudonymiser.detect(texts), strict=True)]
    assert engine.token_model.veto > 0
    assert read(engine) == [[("Colombe", "kinship")], [], [("Colombe", "propagation")]]
    without = Pseudonymiser(KeyData("kinds"), nlp=engine.nlp,
                            token_model=dataclasses.replace(engine.token_model, veto=0.0))
    assert read(without)[1] == [("Colombe", "propagation")]
    # the veto reads the words wholly inside the span, each in its context; none, no veto
    assert vetoed(texts[1], engine.token_model, engine._words, [(14, 21), (0, 0)]) == [
        True, False]


@pytest.mark.parametrize("text", [
    "le CSAPA de la rue des Lilas, le bar du coin et la cave du marché",
    "elle habite au huitième, la dame du troisième aussi",
    "Alcool Info Service, 09 80 98 09 30, appel anonyme",
    "au questionnaire il avait vingt-deux, puis dix-neuf, puis quatre-vingts euros de dettes",
])
def test_the_token_model_never_takes_a_category_noun_an_ordinal_nor_a_number(
        engine, text: str) -> None:
    """Category nouns stay outside a mark (conventions), ordinals are the patterns' (a district
    or a floor), numbers the patterns' (a phone or a help line): never the model's."""
    for e in engine.detect([text])[0]:
        assert e.source != "token-model", (text[e.start:e.end], text)


def test_the_token_model_reads_a_long_text_slice_by_slice(engine) -> None:
    """The features of a long text are built a slice of words at a time (memory bounded): the
    probabilities are those of the whole text read at once."""
    text = " ".join(["elle vit seule à hem depuis dix ans, avec rose et le chat."] * 400)
    toks = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]
    assert len(toks) > 2 * SLICE
    model = engine.token_model
    whole = model.probabilities(features(text, engine._words)[1])
    sliced = np.concatenate([
        model.probabilities(
            features(text, engine._words, toks, range(i, min(i + SLICE, len(toks))))[1])
        for i in range(0, len(toks), SLICE)])
    assert np.allclose(whole, sliced)
    hem = [(a, b) for a, b, w in toks if w == "hem"]
    assert set(hem) <= set(taken_words(text, model, engine._words, [], [])), "hem read alike"


def test_the_token_model_is_trained_on_development_sets_only() -> None:
    """scripts/train_token_model.py trains on development sets and chooses its thresholds on
    another, never on a held-out set."""
    values = _script_constants("scripts/train_token_model.py", ("TRAIN", "VALIDATION"))
    sets = [*values["TRAIN"], values["VALIDATION"]]
    assert len(sets) == 17 and all(name.startswith(("pseudo_dev", "pseudo_eval")) for name in sets)
    assert not {f for f, held in _bench_sets().items() if held} & set(sets)
    assert values["VALIDATION"] not in values["TRAIN"]
    assert all((ROOT / "bench/data" / name).is_dir() for name in sets)


@pytest.mark.parametrize(("text", "word"), [
    ("elle boit de l'eau à la source, la source de tout ça c'est l'eau", "source"),
    ("une dame de la noue, elle boit le soir avec les voisins", "noue"),
])
def test_what_the_token_model_reads_against_the_rules(nlp, text: str, word: str) -> None:
    """Words the rules keep on purpose (a common noun after "à
    la", a site's place with no site), which the model, trained on sets that name such places,
    takes: the rules alone keep them; with the model they go as doubts only, never silently,
    for the reviewer to put back."""
    rules_only = Pseudonymiser(KeyData("kinds"), nlp=nlp, places=("Brest",), token_model=False)
    assert word in rules_only.pseudonymise([text])[0].text
    full = Pseudonymiser(KeyData("kinds"), nlp=nlp, places=("Brest",))
    taken = [e for e in full.detect([text])[0] if word in text[e.start:e.end]]
    assert taken and all(e.doubt and e.source == "token-model" for e in taken), taken


def test_the_doubt_queue_reviewed_puts_back_only_what_names_no_one() -> None:
    """bench/pseudonymise.py's figure after one pass over the doubt queue: the reviewer decides
    per surrogate (a form and its type, every occurrence at once, as "Rétablir le mot" does)
    and puts a form back only when none of its occurrences covers an identifier, so recall
    never falls and the words to keep that only such doubts took come back."""
    import importlib.util
    import sys

    from tupsalco.pseudonymise.evaluate import GoldSpan, score
    from tupsalco.records import Entity

    spec = importlib.util.spec_from_file_location("bench_pseudo", ROOT / "bench/pseudonymise.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    spec.loader.exec_module(bench)

    texts = {"a": "il boit au Zénith avec Garance", "b": "elle a vu Garance au Zénith"}
    za, ga = texts["a"].index("Zénith"), texts["a"].index("Garance")
    zb, gb = texts["b"].index("Zénith"), texts["b"].index("Garance")
    gold = [GoldSpan("a", ga, ga + 7, "PER"), GoldSpan("b", gb, gb + 7, "PER")]
    keep = [GoldSpan("a", za, za + 6, "KEEP"), GoldSpan("b", zb, zb + 6, "KEEP")]
    found = {"a": [Entity(za, za + 6, "ORG", doubt=True), Entity(ga, ga + 7, "PER", doubt=True)],
             # the same first name certain here, a doubt there: one surrogate, it stays
             "b": [Entity(gb, gb + 7, "PER"), Entity(zb, zb + 6, "ORG", doubt=True)]}
    before = score(texts, found, gold, keep)
    after, queued, back = bench.review_queue(texts, found, gold, keep)
    assert (before.keep_rate, after.keep_rate) == (0.0, 1.0)
    assert after.recall() == before.recall() == 1.0
    assert (queued, back) == (2, 1)
    # a form put back is put back everywhere: a word to keep that a certain span of the same
    # form took comes back too, since no occurrence of it names anyone
    found["b"][1] = Entity(zb, zb + 6, "ORG")
    after, queued, back = bench.review_queue(texts, found, gold, keep)
    assert after.keep_rate == 1.0 and (queued, back) == (2, 1)
