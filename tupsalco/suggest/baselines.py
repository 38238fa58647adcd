"""Two plain baselines a suggester has to beat, given the same inputs as the suggester: the
codebook's labels, descriptions, key lemmas and example verbatims, and nothing else.

Both rank the study's themes. They are built from the codebook alone, in the constructor:
ranking a passage never changes them, so an evaluation text cannot reach their vocabulary or
their IDF.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..codebook import Codebook


def _themes(book: Codebook) -> list[str]:
    return [c.id for c in book.codes if c.parent is None]


class TfidfBaseline:
    """TF-IDF on words: one document per piece of the codebook (a code's label and description,
    its key lemmas, each example), the IDF fitted on those pieces; a theme is the sum of its
    pieces' vectors, and a passage goes to the themes with the closest vector (cosine)."""

    def __init__(self, book: Codebook) -> None:
        self.themes = _themes(book)
        pieces, owner = [], []
        for c in book.codes:
            theme = self.themes.index(book.theme_of(c.id))
            for text in (f"{c.label}. {c.description}", " ".join(c.lemmas), *c.examples):
                pieces.append(text)
                owner.append(theme)
        self.vectorizer = TfidfVectorizer(sublinear_tf=True, strip_accents=None)
        matrix = self.vectorizer.fit_transform(pieces)
        onehot = np.zeros((len(self.themes), len(pieces)))
        onehot[owner, np.arange(len(pieces))] = 1.0
        theme_vectors = onehot @ matrix.toarray()
        self.theme_vectors = theme_vectors / np.linalg.norm(theme_vectors, axis=1, keepdims=True)

    def rank(self, texts: Sequence[str]) -> list[list[str]]:
        sims = self.vectorizer.transform(list(texts)).toarray() @ self.theme_vectors.T
        return [[self.themes[i] for i in np.argsort(-row, kind="stable")] for row in sims]


class LexiconBaseline:
    """A lemma lexicon per theme: the key lemmas of the theme and of its sub-codes. A passage's
    score for a theme is the number of its distinct content lemmas found in that lexicon
    (divided by the square root of the lexicon's size, so a long list does not win by size)."""

    def __init__(self, book: Codebook) -> None:
        self.themes = _themes(book)
        self.lexicons: dict[str, set[str]] = {t: set() for t in self.themes}
        for c in book.codes:
            self.lexicons[book.theme_of(c.id)].update(w.lower() for w in c.lemmas)

    def rank(self, texts: Sequence[str]) -> list[list[str]]:
        from .engine import content_lemmas

        out = []
        for lemmas in content_lemmas(texts):
            words = set(lemmas)
            scores = np.array([len(words & self.lexicons[t]) / math.sqrt(len(self.lexicons[t]) or 1)
                               for t in self.themes])
            out.append([self.themes[i] for i in np.argsort(-scores, kind="stable")])
        return out
