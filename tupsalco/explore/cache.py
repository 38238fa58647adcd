"""Answers cached by the project's version (every change, of any kind, makes a new one), and
the two reads every question starts from: the documents with their participants, and the
codebook."""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

from .. import coding
from ..codebook import Codebook
from ..project import Project
from ..records import DocumentSummary
from ..store import reads

_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_WEIGHTS: dict[tuple[Any, ...], int] = {}
_CACHE_SIZE = 32
# what the kept answers may weigh together, estimated (``weight``): at 200,000 codings a list
# of every verbatim or its download table weighs 45 to 65 MB, so 32 of them would take 2 GB
CACHE_BYTES = 512 * 2**20
# a verbatim record with its share of its passage's quote and tuple, as tracemalloc measured
# it on a list of 198,341 (bench/scale.py's 1,000 documents): 39.6 MB
RECORD_BYTES = 200
_CACHE_LOCK = threading.Lock()


def cached(project: Project, name: str, key: tuple[Any, ...], compute: Callable[[], Any]
           ) -> Any:
    version = project.version()
    full = (project.id, project.db.url, version, project.k_threshold, name, *key)
    with _CACHE_LOCK:
        # a new version makes the older answers of this project useless: let them go now
        # (a list of every verbatim can weigh a hundred megabytes)
        for old in [k for k in _CACHE if k[:2] == full[:2] and k[2] != version]:
            _drop(old)
        if full in _CACHE:
            _CACHE.move_to_end(full)
            return _CACHE[full]
    with bulk():  # an answer is built of many small objects and makes no cycles
        value = compute()
    with _CACHE_LOCK:
        _CACHE[full], _WEIGHTS[full] = value, weight(value)
        while len(_CACHE) > 1 and (len(_CACHE) > _CACHE_SIZE
                                   or sum(_WEIGHTS.values()) > CACHE_BYTES):
            _drop(next(iter(_CACHE)))  # the least recently asked
    return value


def weight(value: Any) -> int:
    """An answer's estimated size in bytes: a table's columns as pandas counts them, a list
    of verbatims by its records; anything else (counts, matrices of a few hundred cells,
    a page) as nothing."""
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=False).sum())
    items = getattr(value, "items", None)
    if isinstance(items, Sequence) and not isinstance(items, str):
        return len(items) * RECORD_BYTES
    return 0


def cache_weight() -> int:
    """What the kept answers weigh together (``weight``)."""
    with _CACHE_LOCK:
        return sum(_WEIGHTS.values())


def _drop(key: tuple[Any, ...]) -> None:
    del _CACHE[key]
    _WEIGHTS.pop(key, None)


def clear_cache() -> None:
    """Forget every cached answer (they are keyed by the project's version: only a bench or
    a test timing the computation itself needs this)."""
    with _CACHE_LOCK:
        _CACHE.clear()
        _WEIGHTS.clear()


@contextmanager
def bulk() -> Iterator[None]:
    """No cyclic garbage collection while building a few hundred thousand small records:
    the collector would walk them again and again, and they make no cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            # the records are kept (cached): put them in the oldest generation at once (two
            # list splices), or the next young collection walks them all (200,000 records:
            # some 25 ms), to keep them anyway
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def documents(project: Project) -> dict[int, DocumentSummary]:
    def read() -> dict[int, DocumentSummary]:
        with project.db.session() as s:
            return {d.id: d for d in reads.document_facts(s)}
    return cached(project, "documents", (), read)


def codebook(project: Project) -> Codebook:
    return cached(project, "codebook", (), lambda: coding.codebook(project))
