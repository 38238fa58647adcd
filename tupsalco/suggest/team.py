"""A project's suggester kept up with its codings: each coding learned once, by its id, and
never on the way of the coder.

Coding a passage does not retrain anything, and nothing waits for a retraining: ``current()``
hands out the model as last solved and, when the project changed, learns in a background
thread the codings added since (their passages encoded and lemmatised, those alone), takes
the removed or recoded ones out of the sums and re-solves the model from the sums
(``Suggester.learn``); the next suggestion reads the new model.

What encoding and lemmatising cost is paid once per passage and project, not once per
process: the vectors and content lemmas of the learned passages are kept in the project's
folder (``suggestions.npz``: hashes of the passages, never their text), and read back when a
new process first learns.

Building one is not free either, the first time in a process: the lemmatizer and the sentence
encoder load, and the codebook's definitions and examples are lemmatised and encoded (seconds,
against milliseconds once loaded): ``prepare`` builds it in a thread of its own, so that a page
shows at once and its suggestions when they are ready.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from concurrent.futures import Future
from pathlib import Path

import numpy as np

from ..coding import codebook
from ..project import Project
from ..records import AccountRole, Viewer
from ..store import reads
from .encoders import SentenceEncoder, load_encoder
from .engine import Suggester, remember_lemmas

log = logging.getLogger(__name__)
STORE = "suggestions.npz"
SAVE_AFTER = 200  # passages learned since the file was written before it is written again
# one suggester built at a time: two learners' builds in parallel would load the same models
# twice, each slower for the other on two cores
_building = threading.Lock()
WARM_UP = "Le patient raconte son suivi avec le médecin traitant."


class TeamSuggester:
    """What ``learner``'s codings teach (a blind coder's own only; everyone's otherwise)."""

    def __init__(self, project: Project, learner: Viewer,
                 encoder: str | SentenceEncoder | None = "auto") -> None:
        self.project, self.learner = project, learner
        encoder = load_encoder(encoder) if isinstance(encoder, str) else encoder
        self._encoder, self._label = encoder, _label(encoder)
        self._book_saved = self._load("book_")  # the codebook's, saved by an earlier process
        self.engine = Suggester(codebook(project), encoder)
        self._version: int | None = None  # the project version the engine has learned
        self._codes: dict[int, str] = {}
        self._lock = threading.Lock()  # one learner at a time
        self._start = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stored: set[bytes] | None = None  # the hashes in the project's file, once read
        self.error: Exception | None = None  # the last background learning's failure

    @property
    def store(self) -> Path:
        """The file of the passages this learner learns (a blind coder's own passages apart,
        so that the team's file never shrinks to one coder's)."""
        if self.learner.role is AccountRole.ADMIN:
            return Path(self.project.folder) / STORE
        tag = hashlib.sha1(self.learner.username.encode("utf-8")).hexdigest()[:10]
        return Path(self.project.folder) / STORE.replace(".npz", f"-{tag}.npz")

    def current(self, wait: bool = False) -> Suggester:
        """The model as solved now (a copy that later learning leaves alone). Codings made
        since the last call are learned in the background, or before returning if ``wait``."""
        if wait:
            self.wait()
        elif self.project.version() != self._version:
            self._in_background()
        return self.engine.frozen()

    @property
    def learning(self) -> bool:
        """Whether codings are being learned in the background."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def wait(self) -> None:
        """Return once every coding made so far is learned."""
        thread = self._thread
        if thread is not None:
            thread.join()
        self._keep_up()

    def _in_background(self) -> None:
        with self._start:
            if not self.learning:
                self._thread = threading.Thread(target=self._quietly, daemon=True,
                                                name="tupsalco-suggest")
                self._thread.start()

    def _quietly(self) -> None:
        try:
            self._keep_up()
            self.error = None
        except Exception as exc:  # the suggestions stay as they were; the next call retries
            self.error = exc
            log.warning("suggestions: learning the new codings failed (%s)",
                        type(exc).__name__)

    def _keep_up(self) -> None:
        with self._lock:
            version = self.project.version()
            if version == self._version:
                return
            if self._stored is None:
                self._stored = self._load()
            coders = (None if self.learner.role is AccountRole.ADMIN
                      else [self.learner.username])
            with self.project.db.session() as s:
                codes = reads.coding_codes(s, coders)
                changed = [i for i, c in codes.items() if self._codes.get(i) != c]
                quotes = reads.coding_quotes(s, changed)
            gone = [i for i in self._codes if i not in codes]
            self.engine.learn(quotes, forget=gone)
            self._codes = codes
            self._version = version
            self._save()

    # -- the project's vectors and lemmas ---------------------------------------------------
    def _load(self, part: str = "") -> set[bytes]:
        """Put the saved vectors and lemmas of the codebook (part "book_") or of the learned
        passages (part "") in the process's caches; returns the hashes read (none if the file
        is missing, unreadable or made with other models)."""
        path = self.store
        if not path.exists():
            return set()
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["label"]) != self._label:
                    return set()
                lemma_keys = [bytes.fromhex(str(k)) for k in data[f"{part}lemma_keys"]]
                lemmas = [str(x).split() for x in data[f"{part}lemmas"]]
                vector_keys = [bytes.fromhex(str(k)) for k in data[f"{part}vector_keys"]]
                vectors = data[f"{part}vectors"].astype(np.float32)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("suggestions: %s unreadable (%s), passages will be encoded again",
                        path.name, type(exc).__name__)
            return set()
        remember_lemmas(lemma_keys, lemmas)
        if self._encoder is not None and len(vectors) == len(vector_keys):
            self._encoder.cache.put_keys(vector_keys, vectors)
        return set(lemma_keys) | set(vector_keys)

    def _save(self) -> None:
        """Write the codebook's and the learned passages' vectors and lemmas, when the file
        lacks the codebook or enough passages are new. Hashes of the texts, never the texts:
        the words kept are the pseudonymised passages' content lemmas."""
        items = {_key(text): (lemmas, vector)
                 for text, _, _, lemmas, vector, _ in self.engine._items.values()}
        assert self._stored is not None
        book_lemmas = {_key(t): ls for t, ls in self.engine.book_lemmas.items()}
        book_vectors = {_key(t): v for t, v in self.engine.book_vectors.items()}
        book = set(book_lemmas) | set(book_vectors)
        fresh = len(items.keys() - self._stored)
        if book <= self._book_saved and fresh < (SAVE_AFTER if self._stored else 1):
            return
        keys = list(items)
        vectors = [items[k][1] for k in keys if items[k][1] is not None]
        arrays = {
            "label": np.array(self._label),
            "lemma_keys": _hex(keys), "lemmas": _words([items[k][0] for k in keys]),
            "vector_keys": _hex([k for k in keys if items[k][1] is not None]),
            "vectors": _matrix(vectors),
            "book_lemma_keys": _hex(list(book_lemmas)),
            "book_lemmas": _words(list(book_lemmas.values())),
            "book_vector_keys": _hex(list(book_vectors)),
            "book_vectors": _matrix(list(book_vectors.values())),
        }
        tmp = self.store.with_name(f".{self.store.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
                np.savez(f, **arrays)
            os.replace(tmp, self.store)
        except OSError as exc:  # a read-only folder: the suggestions work, slower to start
            log.warning("suggestions: %s not written (%s)", self.store.name,
                        type(exc).__name__)
            tmp.unlink(missing_ok=True)
            return
        self._stored, self._book_saved = set(keys), book


def prepare(project: Project, learner: Viewer) -> Future[TeamSuggester]:
    """A ``TeamSuggester`` built in a background thread, the learning of the codings started
    (also in the background, see ``current``). The future's exception is the build's
    failure (a missing model, a database gone)."""
    future: Future[TeamSuggester] = Future()

    def build() -> None:
        try:
            with _building:
                team = TeamSuggester(project, learner)
                # the encoder loads its weights on its first passage, and spaCy warms up on
                # its first text: a made-up sentence pays it here, not the coder's first
                team.engine.suggest(WARM_UP)
            team.current()
        except Exception as exc:  # noqa: BLE001 - handed over to whoever waits for it
            log.warning("suggestions: the suggester could not be built (%s)",
                        type(exc).__name__)
            future.set_exception(exc)
        else:
            future.set_result(team)

    threading.Thread(target=build, daemon=True, name="tupsalco-suggest-build").start()
    return future


def _label(encoder: SentenceEncoder | None) -> str:
    """The models that made the saved vectors and lemmas: another one's are not read."""
    from ..search import lemmatizer

    meta = lemmatizer().meta
    return (f"{encoder.name} {encoder.version}" if encoder else "-") + \
        f"|{meta.get('lang')}_{meta.get('name')} {meta.get('version')}"


def _key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


def _hex(keys: list[bytes]) -> np.ndarray:
    return np.array([k.hex() for k in keys], dtype="<U40")


def _words(lemmas: list) -> np.ndarray:
    return np.array([" ".join(x) for x in lemmas], dtype=str)


def _matrix(vectors: list) -> np.ndarray:
    """Half precision: the file's size halves, a cosine moves by less than 1e-3."""
    return (np.vstack(vectors).astype(np.float16) if vectors
            else np.zeros((0, 0), dtype=np.float16))
