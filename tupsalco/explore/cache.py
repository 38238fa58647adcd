"""Answers cached by the project's version (every change, of any kind, makes a new one), and
the two reads every question starts from: the documents with their participants, and the
codebook."""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .. import coding
from ..codebook import Codebook
from ..project import Project
from ..records import DocumentSummary
from ..store import reads

_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_SIZE = 32
_CACHE_LOCK = threading.Lock()


def cached(project: Project, name: str, key: tuple[Any, ...], compute: Callable[[], Any]
           ) -> Any:
    version = project.version()
    full = (project.id, project.db.url, version, project.k_threshold, name, *key)
    with _CACHE_LOCK:
        # a new version makes the older answers of this project useless: let them go now
        # (a list of every verbatim can weigh a hundred megabytes)
        for old in [k for k in _CACHE if k[:2] == full[:2] and k[2] != version]:
            del _CACHE[old]
        if full in _CACHE:
            _CACHE.move_to_end(full)
            return _CACHE[full]
    with bulk():  # an answer is built of many small objects and makes no cycles
        value = compute()
    with _CACHE_LOCK:
        _CACHE[full] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def clear_cache() -> None:
    """Forget every cached answer (they are keyed by the project's version: only a bench or
    a test timing the computation itself needs this)."""
    with _CACHE_LOCK:
        _CACHE.clear()


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
