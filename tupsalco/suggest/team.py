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
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path

import numpy as np

from ..coding import codebook
from ..project import Project
from ..records import AccountRole, Viewer
from ..store import reads
from .encoders import SentenceEncoder
from .engine import Suggester, remember_lemmas

log = logging.getLogger(__name__)
STORE = "suggestions.npz"
SAVE_AFTER = 200  # passages learned since the file was written before it is written again


class TeamSuggester:
    """What ``learner``'s codings teach (a blind coder's own only; everyone's otherwise)."""

    def __init__(self, project: Project, learner: Viewer,
                 encoder: str | SentenceEncoder | None = "auto") -> None:
        self.project, self.learner = project, learner
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
    def _label(self) -> str:
        from ..search import lemmatizer

        encoder = self.engine.encoder
        meta = lemmatizer().meta
        return (f"{encoder.name} {encoder.version}" if encoder else "-") + \
            f"|{meta.get('lang')}_{meta.get('name')} {meta.get('version')}"

    def _load(self) -> set[bytes]:
        """Put the project's saved vectors and lemmas in the process's caches; returns the
        hashes the file holds (none if it is missing, unreadable or from other models)."""
        path = self.store
        if not path.exists():
            return set()
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["label"]) != self._label():
                    return set()
                keys = [bytes.fromhex(str(k)) for k in data["keys"]]
                lemmas = [str(x).split() for x in data["lemmas"]]
                vectors = data["vectors"]
        except (OSError, ValueError, KeyError) as exc:
            log.warning("suggestions: %s unreadable (%s), passages will be encoded again",
                        path.name, type(exc).__name__)
            return set()
        remember_lemmas(keys, lemmas)
        if self.engine.encoder is not None and len(vectors) == len(keys):
            self.engine.encoder.cache.put_keys(keys, vectors.astype(np.float32))
        return set(keys)

    def _save(self) -> None:
        """Write the learned passages' vectors and lemmas when enough are new. Only hashes
        of the passages: their words are the pseudonymised text's content lemmas."""
        items = {hashlib.sha1(text.encode("utf-8")).digest(): (lemmas, vector)
                 for text, _, _, lemmas, vector, _ in self.engine._items.values()}
        assert self._stored is not None
        if len(items.keys() - self._stored) < (SAVE_AFTER if self._stored else 1):
            return
        keys = list(items)
        vec = (np.vstack([items[k][1] for k in keys]).astype(np.float16)
               if self.engine.encoder is not None else np.zeros((0, 0), dtype=np.float16))
        tmp = self.store.with_name(f".{self.store.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
                np.savez(f, label=np.array(self._label()), keys=np.array([k.hex() for k in keys]),
                         lemmas=np.array([" ".join(items[k][0]) for k in keys]), vectors=vec)
            os.replace(tmp, self.store)
        except OSError as exc:  # a read-only folder: the suggestions work, slower to start
            log.warning("suggestions: %s not written (%s)", self.store.name,
                        type(exc).__name__)
            tmp.unlink(missing_ok=True)
            return
        self._stored = set(keys)
