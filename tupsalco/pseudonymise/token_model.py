"""A statistical reading of every word, beside the rules: is this word part of an identifier?

A logistic regression over hashed features of the word and its neighbours (the word, its
shape, its affixes, which gazetteers hold it, the words around it), trained on the marked
development sets of ``bench/data`` by ``scripts/train_token_model.py`` and shipped as its
weights (``data/token_model.npz``: hashed indices and weights, no word of any text).

The rules read the contexts they were written for; the model weighs every context at once,
so it finds some of what no rule reads (a lower-case place after an unusual verb, a bar's name
no cue announces). It only adds: a word it is nearly sure of (``seed``) that no rule took nor
kept, widened to the neighbours it leans towards (``reach``), is replaced as a doubt for the
reviewer. It never takes a word the rules keep, and removes only one kind of what the rules
find: a name copied from elsewhere without reading its context (a name propagated from another
mention or text, or echoed) where every word of it is nearly surely no identifier there
(probability under ``veto``): "la Colombe de la paix", when Colombe was a sister in another text.
"""

from __future__ import annotations

import bisect
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from ..folding import KEPT, SHORT, fold, short_cached
from .patterns import NUMBER_SAID
from .vocab import Vocabulary

# words, a hyphenated or elided compound as one ("l'escale", "saint-x"), or one sign
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*['’]?|[^\w\s]")
# an ordinal ("huitième"): a district, a floor or a rank, which the rules' patterns tell apart
ORDINAL = re.compile(r"[^\W\d_]+i[eè]mes?", re.IGNORECASE)
# a word worth replacing: three letters (digits are the patterns': a phone, a street's number)
WORTH = re.compile(r"[^\W\d_]{3}")
MODEL_FILE = "token_model.npz"
# bump with any change to ``features``: a model trained on other features is refused
FEATURES_VERSION = 3
HASH_SIZE = 2**20  # features hashed (CRC-32) into this many weights: no word kept
WINDOW = (-3, -2, -1, 1, 2, 3)
SLICE = 2_000  # words whose features are built at once


@short_cached
def _shape(word: str) -> str:
    """Capitals, lower case and digits as X, x and d, runs cut to two ("Xxx", "dd")."""
    s = re.sub(r"[^\W\d_]", lambda m: "X" if m.group(0).isupper() else "x", word)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)


@dataclass(frozen=True)
class Lexicon:
    """The word lists the features look words up in."""

    vocab: Vocabulary
    stop_words: frozenset[str]
    common: Callable[[str], bool]
    # folded words never taken, whatever the model says: the category nouns that stay outside
    # a mark (a facility's, a street's) and the words the rules never read as a town in lower
    # case
    never: frozenset[str] = frozenset()
    # the word's class among the language model's word vectors (``vector_classes``), -1 if it
    # has no vector: unseen words of the same class weigh alike ("arènes" like "piscine")
    vector_class: Callable[[str], int] | None = None
    # each word's flags once looked up (the lists never change): at most KEPT words, each at
    # most SHORT long
    memo: dict[str, list[str]] = field(default_factory=dict, init=False, compare=False,
                                       repr=False)

    def is_word(self, word: str) -> bool:
        """A word of the language: a small word or a common one (lower-cased), as its flags
        say."""
        flags = self.flags(word)
        return "stop" in flags or "common" in flags

    def flags(self, word: str) -> list[str]:
        if len(word) > SHORT:  # a crafted run of letters is looked up, never kept
            return self._flags(word)
        found = self.memo.get(word)
        if found is None:
            if len(self.memo) >= KEPT:
                self.memo.clear()
            found = self.memo[word] = self._flags(word)
        return found

    def _flags(self, word: str) -> list[str]:
        v = self.vocab
        key = fold(word)
        tests = (
            ("fn", key in v.first_names), ("sn", key in v.surnames),
            ("com", key in v.communes), ("town", key in v.town_keys),
            ("stop", key in self.stop_words), ("prot", v.is_protected(word)),
            ("afn", key in v.ambiguous_first_names), ("fac", key in v.facility_words),
            ("dem", key in v.demonyms),
            ("common", key not in self.stop_words and self.common(word.lower())),
        )
        found = [name for name, hit in tests if hit]
        if self.vector_class is not None and (c := self.vector_class(word)) >= 0:
            found.append(f"vc{c}")
        return found


def vector_classes(vectors: object, classes: np.ndarray) -> Callable[[str], int]:
    """A word's class: ``classes`` of the row of its vector among spaCy's ``vectors`` (the
    word as written, else in lower case), -1 for a word without one."""
    if len(classes) != vectors.shape[0]:  # type: ignore[attr-defined]
        raise ValueError(f"{MODEL_FILE}: trained on other word vectors than the installed "
                         "language model's; run scripts/train_token_model.py again")

    def of(word: str) -> int:
        row = vectors.find(key=word)  # type: ignore[attr-defined]
        if row < 0:
            row = vectors.find(key=word.lower())  # type: ignore[attr-defined]
        return int(classes[row]) if row >= 0 else -1  # as many classes as rows (above)
    return of


def features(text: str, lexicon: Lexicon, toks: Sequence[tuple[int, int, str]] | None = None,
             which: Sequence[int] | None = None
             ) -> tuple[Sequence[tuple[int, int, str]], list[list[str]]]:
    """The text's tokens (start, end, text; those given, as they are) and the names of each
    token's features, or of each token of ``which`` (indices) when given: a long text's are
    built a slice at a time, and only for the words that may be taken."""
    if toks is None:
        toks = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]
    n = len(toks)
    which = range(n) if which is None else which
    near = sorted({j for i in which for j in range(max(0, i - 3), min(n, i + 4))})
    words = {j: toks[j][2] for j in near}
    low = {j: w.lower() for j, w in words.items()}
    shapes = {j: _shape(w) for j, w in words.items()}
    flags = {j: lexicon.flags(w) for j, w in words.items()}
    out = []
    for i in which:
        w = words[i]
        d = ["b", "w=" + low[i], "suf=" + low[i][-3:], "pre=" + low[i][:3], "sh=" + shapes[i],
             "len=" + str(min(len(w), 12))]
        for f in flags[i]:
            d.append("f=" + f)
            if i:
                d.append(f"fx-={low[i - 1]}|{f}")
            if i + 1 < n:
                d.append(f"fx+={f}|{low[i + 1]}")
        padded = f"<{low[i]}>"
        d += ["c4=" + padded[k:k + 4] for k in range(len(padded) - 3)]
        start = toks[i][0]
        if start == 0 or text[start - 1] == "\n":
            d.append("linestart")
        for o in WINDOW:
            j = i + o
            if not 0 <= j < n:
                d.append(f"w{o}=<pad>")
                continue
            d.append(f"w{o}=" + low[j])
            if abs(o) <= 2:
                d.append(f"sh{o}=" + shapes[j])
                d += [f"f{o}=" + f for f in flags[j]]
        if i:
            d.append("bi-=" + low[i - 1] + "|" + low[i])
        if i + 1 < n:
            d.append("bi+=" + low[i] + "|" + low[i + 1])
        if i > 1:
            d.append("ctx-=" + low[i - 2] + "|" + low[i - 1])
        if i + 2 < n:
            d.append("ctx+=" + low[i + 1] + "|" + low[i + 2])
        out.append(d)
    return toks, out


def hashed(feats: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Each token's features as weight indices, all tokens' in one array, and where each
    token's begin in it (a feature said twice counts twice)."""
    mask = HASH_SIZE - 1
    flat = np.fromiter((zlib.crc32(f.encode()) & mask for d in feats for f in d), dtype=np.int64)
    starts = np.cumsum([0] + [len(d) for d in feats[:-1]]) if feats else np.zeros(0, np.int64)
    return flat, starts


@dataclass(frozen=True)
class TokenModel:
    """Weights of the logistic regression, and the thresholds chosen on a validation set."""

    weights: np.ndarray  # dense, HASH_SIZE
    intercept: float
    seed: float  # probability from which a word is taken alone
    reach: float  # probability from which a neighbour of a taken word is taken with it
    word_seed: float = 1.0  # the same as ``seed``, for a word of the language
    # each word vector's class (k-means over the language model's vectors, at training)
    classes: np.ndarray | None = None
    veto: float = 0.0  # a copied name whose every word is under this probability is not taken

    def probabilities(self, feats: Sequence[Sequence[str]]) -> np.ndarray:
        if not feats:
            return np.zeros(0)
        flat, starts = hashed(feats)
        z = np.add.reduceat(self.weights[flat].astype(np.float64), starts) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def read_words(self, text: str, lexicon: Lexicon, toks: Sequence[tuple[int, int, str]],
                   which: Sequence[int]) -> np.ndarray:
        """The probabilities of the tokens ``which`` (indices into ``toks``), each read in its
        context, their features built a slice at a time: memory bounded whatever the text's
        length."""
        out = np.zeros(len(which))
        for k in range(0, len(which), SLICE):
            part = which[k:k + SLICE]
            out[k:k + len(part)] = self.probabilities(features(text, lexicon, toks, part)[1])
        return out

    def save(self, path: str) -> None:
        nz = np.flatnonzero(self.weights)
        classes = np.zeros(0, np.int16) if self.classes is None else self.classes
        np.savez_compressed(path, indices=nz.astype(np.int32),
                            values=self.weights[nz].astype(np.float16),
                            classes=classes.astype(np.int16),
                            meta=np.array([self.intercept, self.seed, self.reach,
                                           FEATURES_VERSION, HASH_SIZE, self.word_seed,
                                           self.veto]))

    @classmethod
    def read(cls, path: object) -> TokenModel:
        with np.load(path) as data:
            # (a model saved before the veto has six numbers: no veto)
            intercept, seed, reach, version, size, word_seed, veto = [
                *data["meta"].tolist(), 0.0][:7]
            if int(version) != FEATURES_VERSION or int(size) != HASH_SIZE:
                raise ValueError(f"{MODEL_FILE}: trained on other features; run "
                                 "scripts/train_token_model.py again")
            weights = np.zeros(HASH_SIZE, dtype=np.float32)
            weights[data["indices"]] = data["values"].astype(np.float32)
            classes = data["classes"].astype(np.int16) if len(data["classes"]) else None
        return cls(weights, float(intercept), float(seed), float(reach), float(word_seed),
                   classes, float(veto))


@cache
def shipped_model() -> TokenModel | None:
    """The model shipped with the package; ``None`` before one is trained."""
    path = resources.files("tupsalco.pseudonymise") / "data" / MODEL_FILE
    if not path.is_file():
        return None
    with resources.as_file(path) as real:
        return TokenModel.read(real)


def taken_words(
    text: str, model: TokenModel, lexicon: Lexicon,
    taken: Sequence[tuple[int, int]], kept: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    """The words the model takes that no rule took (``taken``) nor kept (``kept``): each word
    of probability ``seed`` or more, with its neighbours of probability ``reach`` or more."""
    toks = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]
    found, blocked = bytearray(len(text) + 1), bytearray(len(text) + 1)
    for s, e in taken:
        found[s:e] = b"\x01" * (e - s)
    for s, e in kept:
        blocked[s:e] = b"\x01" * (e - s)
    free = [bool(WORTH.search(w)) and not (found[a] and found[b - 1]) and not any(blocked[a:b])
            and fold(w) not in lexicon.never and not ORDINAL.fullmatch(w) for a, b, w in toks]
    # read only the words that may be taken
    p = np.zeros(len(toks))
    open_ = [i for i, f in enumerate(free) if f]
    p[open_] = model.read_words(text, lexicon, toks, open_)
    # a number said in words is the patterns' (a phone, a score, a street's number): never
    # taken alone, only next to a word taken
    take = [free[i] and p[i] >= (model.word_seed if lexicon.is_word(toks[i][2]) else model.seed)
            and not NUMBER_SAID.fullmatch(toks[i][2]) for i in range(len(toks))]
    for i in [i for i, t in enumerate(take) if t]:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(toks) and free[j] and not take[j] and p[j] >= model.reach:
                take[j] = True
                j += step
    return [(a, b) for (a, b, _), t in zip(toks, take, strict=True) if t]


def vetoed(text: str, model: TokenModel, lexicon: Lexicon, spans: Sequence[tuple[int, int]]
           ) -> list[bool]:
    """For each span (a copied name), whether the model vetoes it: every word wholly inside it
    is under ``veto`` (each read in its context, the whole text around); a span with no such
    word (a word elided into the one before, "d'X") is never vetoed."""
    if not model.veto or not spans:
        return [False] * len(spans)
    toks = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]
    starts = [a for a, _, _ in toks]
    inside: list[list[int]] = []
    for s, e in spans:
        i, words = bisect.bisect_left(starts, s), []
        while i < len(toks) and toks[i][0] < e:
            if toks[i][1] <= e:
                words.append(i)
            i += 1
        inside.append(words)
    wanted = sorted({i for words in inside for i in words})
    p = dict(zip(wanted, model.read_words(text, lexicon, toks, wanted), strict=True))
    return [bool(words) and all(p[i] < model.veto for i in words) for words in inside]
