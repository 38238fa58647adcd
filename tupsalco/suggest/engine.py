"""Code suggestions: a prior from the codebook, sharpened by the team's codings.

The prior compares a passage with each code twice. By its words: TF-IDF over lemmas against
the code's label, description, key lemmas and example verbatims, plus the overlap with the
code's lemma lexicon. By its meaning: the cosine between the passage's sentence vector and the
code's vector (the mean of its definition's and examples' vectors, centred, since every
verbatim otherwise lands near one or two codes).

The team's codings teach in two ways. Each coded passage becomes one more example of its code:
its lemmas join the code's TF-IDF document and its vector joins the code's mean, where the
codebook counts as BOOK_WEIGHT passages. And a ridge classifier on the sentence vectors (the
codebook's examples are rows too, so a code nobody used keeps a voice) is blended in with a
weight that grows with the number of codings. Both are sums over the codings: a retraining
reads the vectors and lemmas kept by the text's hash and solves one linear system, so it never
re-encodes a known passage.
"""

from __future__ import annotations

import copy
import hashlib
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import sparse

from ..codebook import Codebook
from ..search import lemmatizer
from .encoders import SentenceEncoder, load_encoder

SCHEME = "tupsalco-suggest/2"
CONTENT_POS = {"NOUN", "VERB", "ADJ", "ADV", "PROPN", "X"}
# spoken French's discourse markers: the tagger calls some of them adverbs or nouns, but they
# say nothing of a theme (a transcript's "euh" and "hein" are everywhere)
FILLERS = frozenset({"euh", "heu", "hein", "bon", "ben", "bah", "voilà", "quoi", "ouais",
                     "mouais", "bref", "enfin", "okay", "ok", "hum", "mmh"})
KEY_LEMMA_WEIGHT = 3  # the key lemmas count three times: the codebook's authors chose them
ENCODER_WEIGHT = 0.4  # meaning against words, in the prior
BOOK_WEIGHT = 3.0  # a code's codebook vector weighs as much as this many coded passages
LEARNED_HALF_WEIGHT = 1200  # codings at which the classifier weighs as much as the prior
RIDGE = 3.0  # the classifier's L2 penalty
LEMMA_CACHE = 200_000
LEARN_BATCH = 20_000  # codings learned per pass (bounds the memory a first learning takes)


@dataclass(frozen=True, slots=True)
class Suggestion:
    code: str
    theme: str
    score: float
    reason: str


_lemmas: OrderedDict[bytes, tuple[str, ...]] = OrderedDict()
_lemmas_lock = threading.Lock()


def content_lemmas(texts: Sequence[str]) -> list[list[str]]:
    """Content lemmas per text, each text lemmatised once per process (kept by its hash)."""
    keys = [hashlib.sha1(t.encode("utf-8")).digest() for t in texts]
    with _lemmas_lock:
        missing = list(dict.fromkeys((k, t) for k, t in zip(keys, texts, strict=True)
                                     if k not in _lemmas))
    if missing:
        done = []
        nlp = lemmatizer()
        # one passage (a suggestion's) straight through the pipeline: pipe()'s batching
        # costs a third more for one text
        docs = ([nlp(missing[0][1])] if len(missing) == 1
                else nlp.pipe([t for _, t in missing], batch_size=64))
        for doc in docs:
            done.append(tuple((t.lemma_ or t.text).lower() for t in doc
                              if t.pos_ in CONTENT_POS and not t.is_stop and t.is_alpha
                              and len(t) > 2 and t.lower_ not in FILLERS
                              and (t.lemma_ or t.text).lower() not in FILLERS))
        with _lemmas_lock:
            _lemmas.update(zip((k for k, _ in missing), done, strict=True))
            while len(_lemmas) > LEMMA_CACHE:
                _lemmas.popitem(last=False)
            fresh = dict(zip((k for k, _ in missing), done, strict=True))
    else:
        fresh = {}
    with _lemmas_lock:
        return [list(fresh.get(k) or _lemmas.get(k, ())) for k in keys]


@cache
def _blas():  # noqa: ANN202 (threadpoolctl's controller: the loaded BLAS found once)
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


_blas_lock = threading.Lock()
_blas_state: dict = {"users": 0, "limiter": None}  # the first learning sets, the last lifts


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Linear algebra on one thread while learning: on this busy two-core machine OpenBLAS's
    two threads made the 512 x 512 solve 7 to 25 times slower (167-323 ms against 12-25)
    and the Gram product 5 times (0.65 s against 0.13 s for 20,000 passages), waiting on
    each other; and a learning in the background leaves the other core to the pages."""
    with _blas_lock:
        if not _blas_state["users"]:
            _blas_state["limiter"] = _blas().limit(limits=1, user_api="blas")
        _blas_state["users"] += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_state["users"] -= 1
            if not _blas_state["users"]:
                _blas_state["limiter"].restore_original_limits()
                _blas_state["limiter"] = None


def remember_lemmas(keys: Sequence[bytes], lemmas: Sequence[Sequence[str]]) -> None:
    """Keep content lemmas under text hashes (SHA-1): a project's saved lemmas."""
    with _lemmas_lock:
        for k, words in zip(keys, lemmas, strict=True):
            _lemmas[k] = tuple(words)
        while len(_lemmas) > LEMMA_CACHE:
            _lemmas.popitem(last=False)


def sentence_encoder() -> SentenceEncoder | None:
    """The default encoder ("auto"), None if none is installed."""
    return load_encoder("auto")


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _unquote(example: str) -> str:
    return example.strip().strip("«»\"“” ").strip()


class Suggester:
    def __init__(self, codebook: Codebook,
                 encoder: str | SentenceEncoder | None = "auto") -> None:
        self.book = codebook
        self.codes = [c.id for c in codebook.codes]
        self.index = {c: i for i, c in enumerate(self.codes)}
        self.encoder = load_encoder(encoder) if isinstance(encoder, str) else encoder
        texts, keys = [], []
        for c in codebook.codes:
            parent = codebook.by_id[c.parent].label if c.parent else ""
            texts.append(" ".join([c.label, parent, c.description, *c.examples]))
            keys.append([w.lower() for w in c.lemmas])
        lemmas = content_lemmas(texts)
        self.book_lemmas = dict(zip(texts, lemmas, strict=True))  # what a project keeps
        self.book_vectors: dict[str, np.ndarray] = {}
        self._book_docs = [ls + lex * KEY_LEMMA_WEIGHT for ls, lex in zip(lemmas, keys,
                                                                          strict=True)]
        self.lexicons = [set(lex) | set(ls) for ls, lex in zip(lemmas, keys, strict=True)]
        self.examples = [(i, _unquote(x)) for i, c in enumerate(codebook.codes)
                         for x in c.examples]
        self._book_key = hashlib.sha1(repr([(c.id, c.parent, c.label, c.description, c.lemmas,
                                             c.examples) for c in codebook.codes])
                                      .encode("utf-8")).hexdigest()
        self.center = np.zeros(0)
        if self.encoder is not None:
            definitions = [f"{c.label}. {c.description}" for c in codebook.codes]
            raw = self.encoder.encode(definitions + [x for _, x in self.examples])
            self.book_vectors = dict(zip(definitions + [x for _, x in self.examples], raw,
                                         strict=True))
            owners = list(range(len(self.codes))) + [i for i, _ in self.examples]
            means = np.array([raw[[j for j, o in enumerate(owners) if o == i]].mean(axis=0)
                              for i in range(len(self.codes))])
            self.center = means.mean(axis=0)
            rows = self._centre(raw)
            self._book_rows, self._book_labels = rows, np.array(owners)
            self.example_vectors = rows[len(self.codes):]
            sums = np.zeros((len(self.codes), rows.shape[1]))
            np.add.at(sums, self._book_labels, rows)
            self._book_vectors = _normalise(sums)
        self.fit([], [])

    # -- identity of the model -------------------------------------------------------------
    @property
    def model_name(self) -> str:
        """What made a suggestion, to be recorded beside an accepted one."""
        if self.encoder is None:
            return f"{SCHEME} (lemmes)"
        return f"{SCHEME} (lemmes + {self.encoder.name} {self.encoder.version})"

    @property
    def model_version(self) -> str:
        """Changes with the codebook, the encoder and the codings learned."""
        return self._model.version

    # what was solved last, read from one snapshot (a learner in another thread replaces it
    # whole: a suggestion never mixes two models)
    vectorizer = property(lambda self: self._model.vectorizer)
    prior_matrix = property(lambda self: self._model.prior_matrix)
    taught = property(lambda self: self._model.taught)
    n_learned = property(lambda self: self._model.n_learned)
    weights = property(lambda self: self._model.weights)
    code_vectors = property(lambda self: self._model.code_vectors)

    def frozen(self) -> Suggester:
        """This suggester as solved now: what it learns later does not change the copy's
        suggestions, name or version (a page suggests and records the version it showed).
        The copy is for ranking only: it shares the learner's sums, so it must never learn."""
        return copy.copy(self)

    # -- learning from the team ------------------------------------------------------------
    def fit(self, passages: Sequence[str], code_ids: Sequence[str]) -> int:
        """Learn from coded passages (their quotes and codes), replacing what was learned
        before; returns how many were used (codings of unknown codes are skipped)."""
        self._forget_all()
        return self.learn({i: (p, c) for i, (p, c) in enumerate(zip(passages, code_ids,
                                                                    strict=True))})

    def learn(self, items: Mapping[Hashable, tuple[str, str]],
              forget: Iterable[Hashable] = ()) -> int:
        """Learn coded passages by key (a coding's id: ``(quote, code id)``) and forget
        others, without touching the rest: each passage is lemmatised and encoded once, its
        part kept under its key, and the model is re-solved from the sums (a key learned
        again with another quote or code is replaced). Returns how many are learned."""
        with one_blas_thread():
            return self._learn(items, forget)

    def _learn(self, items: Mapping[Hashable, tuple[str, str]],
               forget: Iterable[Hashable]) -> int:
        dropped = list(dict.fromkeys([k for k in forget if k in self._items] + [
            k for k, v in items.items() if k in self._items and self._items[k][:2] != v]))
        for key in dropped:
            self._drop(key)
        new = [(k, p, self.index[c]) for k, (p, c) in items.items()
               if c in self.index and k not in self._items]
        for start in range(0, len(new), LEARN_BATCH):
            self._learn_batch(new[start:start + LEARN_BATCH])
        if new or dropped or self._stale:  # nothing changed: the model stands
            self._solve()
        return self.n_learned

    def _learn_batch(self, new: list[tuple[Hashable, str, int]]) -> None:
        """Each distinct passage encoded and lemmatised once, each distinct (code, passage)
        counted once with its number of codings: the sums grow by products over distinct
        passages (memory too: codings of the same words share one vector)."""
        texts = list(dict.fromkeys(p for _, p, _ in new))
        at = {t: j for j, t in enumerate(texts)}
        raw = self.encoder.encode(texts) if self.encoder is not None else None
        lemmas = [tuple(x) for x in content_lemmas(texts)]
        pairs = Counter((label, at[text]) for _, text, label in new)
        marks = {(label, j): _mark(label, texts[j]) for label, j in pairs}
        for (label, j), n in pairs.items():
            self._add(label, lemmas[j], None, marks[label, j], n)
        for key, text, label in new:  # what it takes to forget each coding
            j = at[text]
            self._items[key] = (text, self.codes[label], label, lemmas[j],
                                None if raw is None else raw[j], marks[label, j])
        if raw is not None:
            rows = self._centre(raw)
            labels, where = (np.array(x) for x in zip(*pairs, strict=True))
            weight = sparse.csr_matrix((np.array(list(pairs.values()), dtype=float),
                                        (labels, where)), shape=(len(self.codes), len(texts)))
            grown = weight @ rows
            self._sums += grown
            self._cross += grown.T
            # the Gram matrix in single precision: the one product that grows with the
            # codings (passages x 512 x 512) in half the time; the ridge term keeps the
            # system far from where float32's rounding would show
            r32 = rows.astype(np.float32)
            count = np.asarray(weight.sum(axis=0)).ravel().astype(np.float32)
            self._gram += (r32 * count[:, None]).T @ r32

    def _forget_all(self) -> None:
        self._stale = True  # till the next solve
        self._items: dict[Hashable, tuple] = {}
        self._lemma_counts = [Counter() for _ in self.codes]
        self._taught: Counter[int] = Counter()
        self._marks = 0
        if self.encoder is not None:
            dim = self._book_rows.shape[1]
            self._sums = np.zeros((len(self.codes), dim))
            self._gram = np.zeros((dim, dim))
            self._cross = np.zeros((dim, len(self.codes)))

    def _drop(self, key: Hashable) -> None:
        _, _, label, lemmas, vector, mark = self._items.pop(key)
        self._add(label, lemmas, vector, mark, -1)

    def _add(self, label: int, lemmas: Sequence[str], vector: np.ndarray | None, mark: int,
             sign: int) -> None:
        """Add (sign > 0: that many times) or take out (sign -1) one coded passage."""
        counts = self._lemma_counts[label]
        counts.update({w: sign * n for w, n in Counter(lemmas).items()})
        for w in {w for w in lemmas if counts[w] <= 0}:
            del counts[w]
        self._taught[label] += sign
        self._marks = (self._marks + sign * mark) % (1 << 160)
        if vector is not None:
            row = self._centre(vector[None, :])[0]
            self._sums[label] += sign * row
            self._gram += sign * np.outer(row, row)
            self._cross[:, label] += sign * row

    def _solve(self) -> None:
        """The model from the sums: TF-IDF of each code's words (the codebook's and its
        passages'), each code's mean vector, the ridge classifier's normal equations."""
        vectorizer = _Tfidf([Counter(d) + c for d, c in zip(self._book_docs,
                                                           self._lemma_counts, strict=True)])
        n_learned = len(self._items)
        weights = code_vectors = None
        if self.encoder is not None:
            code_vectors = _normalise(self._book_vectors * BOOK_WEIGHT + self._sums)
            if n_learned:
                rows = self._book_rows
                onehot = np.zeros((len(rows), len(self.codes)))
                onehot[np.arange(len(rows)), self._book_labels] = 1.0
                gram = self._gram + rows.T @ rows + RIDGE * np.eye(rows.shape[1])
                weights = np.linalg.solve(gram, self._cross + rows.T @ onehot)
        digest = hashlib.sha1(f"{SCHEME}|{self.model_name}|{self._book_key}|{self._marks:x}"
                              .encode())
        self._stale = False
        # one assignment: a suggestion made meanwhile reads the old model or the new one
        self._model = _Model(vectorizer, vectorizer.matrix, +self._taught, n_learned, weights,
                             code_vectors, digest.hexdigest()[:12])

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        assert self.encoder is not None
        return self._centre(self.encoder.encode(texts))

    def _centre(self, raw: np.ndarray) -> np.ndarray:
        """Centred, unit-length sentence vectors."""
        return _normalise(raw - self.center)

    # -- ranking ---------------------------------------------------------------------------
    def _parts(self, lemmas: list[str], text: str | None, m: _Model
               ) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
        """Each part's contribution to each code's score (they add up to the score)."""
        v = m.vectorizer.transform([lemmas])
        tfidf = (m.prior_matrix @ v.T).toarray().ravel()
        words = set(lemmas)
        lex = np.array([len(words & lx) / math.sqrt(len(lx) or 1) for lx in self.lexicons])
        lexical = _unit(tfidf) * 0.5 + _unit(lex) * 0.5
        if self.encoder is None or text is None:
            return {"words": lexical}, None
        vector = self._vectors([text])[0]
        learned = m.n_learned / (m.n_learned + LEARNED_HALF_WEIGHT)
        if m.weights is None:
            learned = 0.0
        parts = {
            "words": (1 - learned) * (1 - ENCODER_WEIGHT) * lexical,
            "meaning": (1 - learned) * ENCODER_WEIGHT
            * _unit(np.clip(m.code_vectors @ vector, 0, None)),
        }
        if m.weights is not None:
            parts["team"] = learned * _unit(np.clip(vector @ m.weights, 0, None))
        return parts, vector

    def scores(self, lemmas: list[str], text: str | None = None) -> np.ndarray:
        return sum(self._parts(lemmas, text, self._model)[0].values())

    def suggest(self, text: str, top: int = 5, exclude: Sequence[str] = ()) -> list[Suggestion]:
        m = self._model
        lemmas = content_lemmas([text])[0]
        parts, vector = self._parts(lemmas, text, m)
        scores = sum(parts.values())
        out = []
        for i in np.argsort(-scores, kind="stable"):
            code = self.codes[i]
            if code in exclude or scores[i] <= 0:
                continue
            out.append(Suggestion(code, self.book.theme_of(code), round(float(scores[i]), 4),
                                  self._reason(lemmas, vector, parts, i, m)))
            if len(out) >= top:
                break
        return out

    def themes(self, text: str) -> list[tuple[str, float]]:
        """Themes ranked by their best code's score."""
        scores = self.scores(content_lemmas([text])[0], text)
        best: dict[str, float] = {}
        for code, s in zip(self.codes, scores, strict=True):
            theme = self.book.theme_of(code)
            best[theme] = max(best.get(theme, 0.0), float(s))
        return sorted(best.items(), key=lambda kv: -kv[1])

    def _reason(self, lemmas: list[str], vector: np.ndarray | None,
                parts: dict[str, np.ndarray], i: int, m: _Model) -> str:
        """What weighed most for code i, the heaviest part first: the shared words, the
        codebook example closest in meaning, the team's codings."""
        said: dict[str, str] = {}
        shared = [w for w in dict.fromkeys(lemmas) if w in self.lexicons[i]]
        if shared:
            vocab, idf = m.vectorizer.vocabulary_, m.vectorizer.idf_
            shared.sort(key=lambda w: -idf[vocab[w]] if w in vocab else 0.0)
            said["words"] = "mots : " + ", ".join(shared[:4])
        if vector is not None:
            mine = [j for j, (owner, _) in enumerate(self.examples) if owner == i]
            if mine:
                best = mine[int(np.argmax(self.example_vectors[mine] @ vector))]
                said["meaning"] = f"proche de l'exemple « {_shorten(self.examples[best][1])} »"
            else:
                said["meaning"] = "proche de la définition du code"
        if "team" in parts and m.taught.get(i):
            n = m.taught[i]
            said["team"] = f"comme {n} passage{'s' if n > 1 else ''} codé{'s' if n > 1 else ''}" \
                           " ainsi par l'équipe"
        order = sorted(said, key=lambda k: -float(parts[k][i]) if k in parts else 0.0)
        return " ; ".join(said[k] for k in order) or "proche de la description du code"


@dataclass(frozen=True, slots=True)
class _Model:
    """What a solve made, replaced whole by the next one."""
    vectorizer: _Tfidf
    prior_matrix: sparse.csr_matrix
    taught: Counter[int]
    n_learned: int
    weights: np.ndarray | None
    code_vectors: np.ndarray | None
    version: str


class _Tfidf:
    """TF-IDF over word counts, as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``
    computes it (smooth idf, l2 rows), built from counts kept per code rather than from
    every passage's words again."""

    def __init__(self, docs: Sequence[Counter[str]]) -> None:
        self.vocabulary_ = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
        rows, cols, tf = [], [], []
        for r, d in enumerate(docs):
            for w, n in d.items():
                if n > 0:
                    rows.append(r)
                    cols.append(self.vocabulary_[w])
                    tf.append(n)
        shape = (len(docs), len(self.vocabulary_))
        counts = sparse.csr_matrix((np.array(tf, dtype=float), (rows, cols)), shape=shape)
        df = np.bincount(np.array(cols, dtype=int), minlength=shape[1])
        self.idf_ = np.log((1 + shape[0]) / (1 + df)) + 1
        self.matrix = self._weigh(counts)

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        counts = counts.copy()
        counts.data = 1 + np.log(counts.data)
        out = sparse.csr_matrix(counts.multiply(self.idf_[None, :]))
        norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
        return sparse.csr_matrix(sparse.diags(1 / np.maximum(norms, 1e-300)) @ out)

    def transform(self, docs: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        rows, cols, tf = [], [], []
        for r, d in enumerate(docs):
            for w, n in Counter(w for w in d if w in self.vocabulary_).items():
                rows.append(r)
                cols.append(self.vocabulary_[w])
                tf.append(n)
        counts = sparse.csr_matrix((np.array(tf, dtype=float), (rows, cols)),
                                   shape=(len(docs), len(self.vocabulary_)))
        return self._weigh(counts)


def _mark(label: int, text: str) -> int:
    """A coded passage's share of the model version (a sum of these, so order-free)."""
    return int.from_bytes(hashlib.sha1(f"{label}:{text}".encode()).digest(), "big")


def _shorten(text: str, limit: int = 80) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _normalise(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-9)


def _unit(v: np.ndarray) -> np.ndarray:
    top = float(v.max()) if len(v) else 0.0
    return v / top if top > 0 else v
