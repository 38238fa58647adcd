from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tupsalco.codebook import load_codebook
from tupsalco.suggest import Suggester

from .conftest import ROOT

CASES = [
    ("On vise pas l'arrêt total, hein, on essaie déjà de diminuer les quantités.", "objectifs"),
    ("Le baclofène, je l'ai augmenté petit à petit, et le Seresta pour le sevrage.",
     "strategies"),
    ("En réunion une fois par mois on discute des situations avec la psy et l'assistante "
     "sociale.", "coordination"),
    ("J'avais honte, une femme qui boit c'est mal vu, je cachais les bouteilles.",
     "femmes_stigmatisation"),
    ("Je vois plus les copains du bar, je me suis rapproché de ma fille.", "liens_sociaux"),
]


@pytest.fixture(scope="module")
def suggester() -> Suggester:
    return Suggester(load_codebook(ROOT / "codebooks" / "tupsalco.yaml"))


@pytest.mark.parametrize(("text", "theme"), CASES)
def test_codebook_alone_ranks_the_theme_in_the_top_three(suggester, text, theme) -> None:
    ranked = [t for t, _ in suggester.themes(text)]
    assert theme in ranked[:3]
    best = suggester.suggest(text, top=3)
    assert best and all(s.reason for s in best)
    assert all(suggester.book.theme_of(s.code) == s.theme for s in best)


def test_learning_from_codings_raises_what_the_team_codes() -> None:
    learner = Suggester(load_codebook(ROOT / "codebooks" / "tupsalco.yaml"))
    target = learner.book.children("tensions")[-1].id
    other = learner.book.children("objectifs")[0].id
    text = "Le gros souci c'est le délai pour avoir un rendez-vous au centre médico-psy."
    index = learner.codes.index(target)
    from tupsalco.suggest import content_lemmas

    before = learner.scores(content_lemmas([text])[0], text)[index]
    passages = [f"Au centre médico-psy il faut un délai de {n} mois pour un rendez-vous."
                for n in range(2, 40)] + [f"On a décidé de réduire à {n} verres par jour."
                                          for n in range(2, 40)]
    assert learner.fit(passages, [target] * 38 + [other] * 38) == 76
    after = learner.scores(content_lemmas([text])[0], text)[index]
    assert after > before
    assert learner.suggest(text, top=1)[0].theme == "tensions"


def test_rejected_codes_are_left_out(suggester) -> None:
    text, _ = CASES[0]
    first = suggester.suggest(text, top=1)[0].code
    assert first not in [s.code for s in suggester.suggest(text, top=5, exclude=[first])]


def test_cli_json(tmp_path) -> None:
    path = tmp_path / "p.txt"
    path.write_text(CASES[3][0], encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "tupsalco.cli", "suggest", str(path), "--top",
                          "3", "--json"], capture_output=True, text=True, timeout=300,
                         env={**__import__("os").environ, "TUPSALCO_DEMO_DIR": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 3 and set(rows[0]) == {"code", "theme", "score", "reason"}
    assert rows[0]["theme"] == "femmes_stigmatisation"


# -- the encoder's cache, the baselines, the model's identity ---------------------------------
def _fake_encoder():
    """A deterministic stand-in for a sentence encoder that counts what it is sent."""
    import hashlib

    import numpy as np

    from tupsalco.suggest.encoders import SentenceEncoder

    def batch(texts: list[str]) -> np.ndarray:
        batch.calls.append(list(texts))
        return np.array([np.random.default_rng(int.from_bytes(
            hashlib.sha1(t.encode()).digest()[:4], "big")).normal(size=16) for t in texts])

    batch.calls = []
    return SentenceEncoder("fake", "0", batch), batch.calls


@pytest.fixture(scope="module")
def book():
    return load_codebook(ROOT / "codebooks" / "tupsalco.yaml")


def test_a_retrain_does_not_re_encode_known_passages(book) -> None:
    encoder, calls = _fake_encoder()
    learner = Suggester(book, encoder=encoder)
    codes = [c.id for c in book.codes if c.parent][:6]
    passages = [f"Passage {i} sur le suivi, codé {codes[i % 6]}." for i in range(60)]
    labels = [codes[i % 6] for i in range(60)]
    sent = encoder.encoded
    assert learner.fit(passages, labels) == 60
    assert encoder.encoded - sent == 60
    learner.fit(passages, labels)  # the same codings again: nothing new to encode
    assert encoder.encoded - sent == 60
    learner.fit(passages + ["Un passage nouveau.", "Un autre."], labels + codes[:2])
    assert encoder.encoded - sent == 62
    assert calls[-1] == ["Un passage nouveau.", "Un autre."]
    # another suggester on the same encoder (the page rebuilds one per new coding) reuses it
    again = Suggester(book, encoder=encoder)
    again.fit(passages, labels)
    assert encoder.encoded - sent == 62


def test_learning_is_incremental_in_what_it_reads(book) -> None:
    """Refitting gives the same model as fitting once: nothing depends on history."""
    encoder, _ = _fake_encoder()
    one, two = Suggester(book, encoder=encoder), Suggester(book, encoder=encoder)
    codes = [c.id for c in book.codes if c.parent][:3]
    passages = [f"Texte {i}" for i in range(30)]
    labels = [codes[i % 3] for i in range(30)]
    one.fit(passages[:10], labels[:10])
    one.fit(passages, labels)
    two.fit(passages, labels)
    text = "On en parle en réunion avec la psychologue."
    assert [s.code for s in one.suggest(text)] == [s.code for s in two.suggest(text)]
    assert one.model_version == two.model_version


def test_model_name_and_version(book) -> None:
    encoder, _ = _fake_encoder()
    learner = Suggester(book, encoder=encoder)
    assert "fake" in learner.model_name
    empty = learner.model_version
    code = book.children("tensions")[0].id
    learner.fit(["Le psychiatre ne rappelle jamais."], [code])
    assert learner.model_version != empty
    learner.fit([], [])
    assert learner.model_version == empty
    assert "fake" not in Suggester(book, encoder=None).model_name


def test_without_an_encoder_the_words_still_rank_and_learn(book) -> None:
    learner = Suggester(book, encoder=None)
    text, theme = CASES[1]
    assert theme in [t for t, _ in learner.themes(text)][:3]
    target = book.children("tensions")[-1].id
    other = book.children("objectifs")[0].id
    passages = [f"Au centre médico-psy il faut un délai de {n} mois pour un rendez-vous."
                for n in range(2, 12)] + [f"On a décidé de réduire à {n} verres par jour."
                                          for n in range(2, 12)]
    assert learner.fit(passages, [target] * 10 + [other] * 10) == 20
    best = learner.suggest("Un délai de six mois pour un rendez-vous au centre médico-psy.", 1)
    assert best[0].theme == "tensions"


def test_reasons_say_which_words_or_example_weighed(suggester) -> None:
    for text, _ in CASES:
        for s in suggester.suggest(text, top=3):
            assert "mots :" in s.reason or "exemple" in s.reason or "définition" in s.reason
    best = suggester.suggest(CASES[1][0], top=1)[0]
    assert "baclofène" in best.reason or "seresta" in best.reason


def test_fillers_are_never_reasons(suggester) -> None:
    for s in suggester.suggest("Euh, bon, voilà, hein, le baclofène, ben, quoi.", top=5):
        words = s.reason.split("mots :")[-1].split(";")[0] if "mots :" in s.reason else ""
        assert not {"euh", "bon", "voilà", "hein", "ben", "quoi"} & {
            w.strip() for w in words.split(",")}


def test_baselines_never_see_evaluation_texts(book) -> None:
    from tupsalco.suggest import LexiconBaseline, TfidfBaseline

    tfidf, lexicon = TfidfBaseline(book), LexiconBaseline(book)
    vocabulary, idf = dict(tfidf.vectorizer.vocabulary_), tfidf.vectorizer.idf_.copy()
    lexicons = {t: set(words) for t, words in lexicon.lexicons.items()}
    rows = [json.loads(line) for line in
            (ROOT / "bench/data/suggest_eval.jsonl").read_text("utf-8").splitlines() if line]
    texts = [r["text"] for r in rows] + ["Le zorglubement du quartier, zorglub."]
    assert len(tfidf.rank(texts)) == len(lexicon.rank(texts)) == len(texts)
    assert tfidf.vectorizer.vocabulary_ == vocabulary
    assert (tfidf.vectorizer.idf_ == idf).all()
    assert {t: set(w) for t, w in lexicon.lexicons.items()} == lexicons
    assert "zorglub" not in vocabulary
    # the vocabulary is the codebook's own words: fitted on its pieces, nothing else
    book_text = " ".join(" ".join([c.label, c.description, " ".join(c.lemmas), *c.examples])
                         for c in book.codes).lower()
    assert all(word in book_text for word in vocabulary)


def test_no_codebook_example_repeats_a_development_verbatim(book) -> None:
    """A codebook example that paraphrases an evaluation verbatim inflates the figures: the
    closest pairs were removed (bench/suggest_leaks.py lists the closest ones to read); no
    example may share a run of five words of four letters or more with a development
    verbatim."""
    import re

    def grams(text: str) -> set[tuple[str, ...]]:
        words = [w for w in re.findall(r"\w+", text.lower()) if len(w) > 3]
        return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}

    rows = [json.loads(line) for line in
            (ROOT / "bench/data/suggest_eval.jsonl").read_text("utf-8").splitlines() if line]
    dev = set().union(*(grams(r["text"]) for r in rows))
    shared = [x for c in book.codes for x in c.examples if grams(x) & dev]
    assert not shared


def test_the_vector_cache_survives_a_restart(tmp_path) -> None:
    encoder, _ = _fake_encoder()
    texts = ["Premier passage.", "Deuxième passage."]
    first = encoder.encode(texts)
    encoder.cache.save(tmp_path / "vectors.npz")
    fresh, calls = _fake_encoder()
    assert fresh.cache.load(tmp_path / "vectors.npz") == 2
    assert (fresh.encode(texts) == first).all()
    assert fresh.encoded == 0 and not calls


def test_the_teams_codings_beat_the_prior_on_documents_held_out(suggester) -> None:
    """The demo corpus's codings of two thirds of its documents raise theme top-1 on the
    codings of the other third (before: learning from them lowered it)."""
    rows = [json.loads(line) for line in
            (ROOT / "corpus" / "codings.jsonl").read_text("utf-8").splitlines() if line]
    held = set(sorted({r["document"] for r in rows})[::3])
    train = [r for r in rows if r["document"] not in held]
    test = [r for r in rows if r["document"] in held]
    book = suggester.book

    def top1(engine: Suggester) -> float:
        return sum(engine.themes(r["quote"])[0][0] == book.theme_of(r["code"])
                   for r in test) / len(test)

    learner = Suggester(book)
    prior = top1(learner)
    learner.fit([r["quote"] for r in train], [r["code"] for r in train])
    assert top1(learner) > prior + 0.02


def test_codings_of_the_same_words_learn_as_one_by_one(book) -> None:
    """A batch where passages repeat (counted once with their number of codings) gives the
    model that learning each coding alone gives, and forgetting takes each out again."""
    import numpy as np

    from tupsalco.suggest import content_lemmas

    encoder, _ = _fake_encoder()
    codes = [c.id for c in book.codes if c.parent][:3]
    passages = ["Je bois, je bois encore, boire c'est tout ce que je fais.",
                "On se voit en réunion avec la psychologue.", "Le délai est trop long."]
    items = {i: (passages[i % 3], codes[i % 2]) for i in range(12)}
    batch, alone = Suggester(book, encoder=encoder), Suggester(book, encoder=encoder)
    assert batch.learn(items) == 12
    for key, item in items.items():
        alone.learn({key: item})
    text = "Je bois moins depuis la réunion."
    lemmas = content_lemmas([text])[0]
    assert batch.model_version == alone.model_version
    assert np.allclose(batch.scores(lemmas, text), alone.scores(lemmas, text))
    assert batch.learn({}, forget=[0, 3, 6]) == 9  # a passage whose lemma repeats, forgotten
    assert batch.taught[batch.index[codes[0]]] == 4
    fresh = Suggester(book, encoder=encoder)
    fresh.learn({k: v for k, v in items.items() if k not in (0, 3, 6)})
    assert batch.model_version == fresh.model_version
    assert np.allclose(batch.scores(lemmas, text), fresh.scores(lemmas, text))


def test_the_team_learns_in_the_background_and_keeps_its_vectors_with_the_project(
        coded) -> None:
    """The Coder page's suggester: a coding is learned after the page asked (a model handed
    out before stays as it was), and a new process reads the learned passages' vectors from
    the project's folder instead of encoding them again; the file holds no text."""
    import numpy as np

    from tupsalco import coding
    from tupsalco.coding import codebook as coded_book
    from tupsalco.records import AccountRole, Viewer
    from tupsalco.suggest.team import TeamSuggester

    from .conftest import ANA

    team_viewer = Viewer("*", AccountRole.ADMIN)
    doc = coded.documents()[0]
    encoder, _ = _fake_encoder()
    team = TeamSuggester(coded, team_viewer, encoder=encoder)
    empty = team.current(wait=True)
    assert empty.n_learned == 0
    coding.code_turn(coded, ANA, doc.id, 1, ["tensions"])
    team.current()  # starts the learning, never waits for it
    team.wait()
    learned = team.current()
    assert learned.n_learned == 1 and learned.taught[learned.index["tensions"]] == 1
    assert empty.n_learned == 0 and empty.model_version != learned.model_version
    assert team.error is None

    quote = coding.codings(coded, ANA)[0].quote
    with np.load(team.store, allow_pickle=False) as saved:
        assert len(saved["vector_keys"]) == 1 and len(saved["vector_keys"][0]) == 40  # SHA-1
        assert saved["vectors"].shape == (1, 16)
        assert len(saved["book_vector_keys"]) == len(coded_book(coded).codes)
        assert not any(quote in str(v) or quote[:20] in str(v) for v in saved.values())

    fresh, _ = _fake_encoder()  # a new process: nothing in the encoder's cache
    again = TeamSuggester(coded, team_viewer, encoder=fresh)  # the codebook's vectors read
    again.wait()  # and the learned passage's
    assert fresh.encoded == 0
    assert again.current().model_version == learned.model_version

    coding.undo(coded, ANA)
    team.current(wait=True)
    assert team.current().n_learned == 0
    assert team.current().model_version == empty.model_version
