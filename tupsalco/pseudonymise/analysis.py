"""Running the spaCy pipeline over a stream of texts: in this process or on worker processes,
a long text in parts.

What comes back for each text is an :class:`Analysis`: the candidates of the pipeline's rules
and the spans no identifier may take (domain vocabulary, names kept in their context). The
propagation of names from document to document (``engine``) works on these, in the calling
process, which also stores the documents.

Workers are forked from the process that configured the pipeline (its ruler holds the
project's names and lists): they start at once and share its memory. They never touch the
database, and they die with their parent (Linux's parent-death signal), so a killed import
leaves no process behind. Where fork is not available the pipeline runs in this process.

A text longer than :data:`MAX_PART` characters is read in parts cut at line ends (a turn or a
paragraph ends there, and an identifier never crosses a line): spaCy refuses a text over
``nlp.max_length`` (its error E088) and the memory a text takes grows with its length.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Generic, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from .pipeline import OVERRIDING_CONTEXT_KEPT, OVERRIDING_SOURCES, Candidate

log = logging.getLogger(__name__)
T = TypeVar("T")
Span = tuple[int, int]

MAX_PART = 100_000  # characters read at once: a long interview, well under nlp.max_length
BATCH_CHARS = 20_000  # short texts travel to a worker together, in one round trip
IN_FLIGHT = 2  # batches per worker: one being read, one waiting, so a worker never idles
MAX_WORKERS = 4  # each worker holds its own copy of what the model touches


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the pipeline found in one text, offsets in that text."""

    identifiers: tuple[Candidate, ...]
    kept: tuple[Span, ...]  # domain vocabulary and names kept in their context


@dataclass(frozen=True, slots=True)
class AnalysisFailed:
    """The pipeline failed on this text (the others go on): ``reason`` names the error."""

    reason: str


def analysis_of(doc: Doc) -> Analysis:
    # a place kept elsewhere that names a facility or a person here ("la clinique Sud", "Mme
    # Lorraine") is no longer kept
    named = [(c[0], c[1]) for c in doc._.identifiers or () if c[4] in OVERRIDING_SOURCES]
    kept = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "KEEP"
            and (e.start_char, e.end_char) not in named]
    # nor is one kept in its context that names a neighbourhood, a person here ("quartier de
    # la x", "le y, on l'appelait comme ça")
    named_here = {(c[0], c[1]) for c in doc._.identifiers or ()
                  if c[4] in OVERRIDING_CONTEXT_KEPT}
    return Analysis(tuple(map(tuple, doc._.identifiers or ())),
                    tuple(kept) + tuple(k for k in map(tuple, doc._.kept or ())
                                        if k not in named_here))


def split(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """``text`` as (offset, part) pieces of at most ``limit`` (``MAX_PART``) characters, cut
    after a line end, else after a space (a text without either is cut where it must)."""
    limit = MAX_PART if limit is None else limit
    parts: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start + limit // 2, start + limit)
        if cut < 0:
            cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = start + limit if cut < 0 else cut + 1
        parts.append((start, text[start:cut]))
        start = cut
    parts.append((start, text[start:]))
    return parts


def merge(parts: list[tuple[int, Analysis]]) -> Analysis:
    """One text's analysis from its parts' (offsets shifted back into the whole text)."""
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    identifiers: list[Candidate] = []
    kept: list[Span] = []
    for offset, a in parts:
        identifiers += [(s + offset, e + offset, *rest) for s, e, *rest in a.identifiers]
        kept += [(s + offset, e + offset) for s, e in a.kept]
    return Analysis(tuple(identifiers), tuple(kept))


def default_workers() -> int:
    """Worker processes for an import: the cores this process may use (``TUPSALCO_WORKERS``
    overrides), 1 (in this process) where fork is not available."""
    if sys.platform != "linux":
        return 1
    wanted = os.environ.get("TUPSALCO_WORKERS")
    if wanted and wanted.isdigit():
        return max(1, min(int(wanted), MAX_WORKERS))
    return max(1, min(len(os.sched_getaffinity(0)), MAX_WORKERS))


@dataclass
class _Entry(Generic[T]):
    """One input text on its way: its parts' analyses as they come back."""

    item: T
    parts: int
    done: list[tuple[int, Analysis]] = field(default_factory=list)
    failed: str | None = None
    received: int = 0

    @property
    def complete(self) -> bool:
        return self.received >= self.parts


Batch = list[tuple[_Entry, int, str]]  # (entry, offset of the part, part)


def analyse(
    nlp: Language, items: Iterable[T], text_of: Callable[[T], str | None], *,
    workers: int = 1, batch_size: int = 32,
) -> Iterator[tuple[T, Analysis | AnalysisFailed | None]]:
    """Each item with the analysis of its text, in the order given (``None`` for an item
    whose text is ``None``: nothing to read with the model). The items are drawn as the
    analyses are wanted, a few batches ahead, never all at once."""
    batches = _batches(items, text_of)
    queue: deque[_Entry] = deque()
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None) if workers > 1 else None
    if second is None:  # all of it in one batch: no worker to start
        yield from _in_process(nlp, _chain(first, batches, queue), queue, batch_size)
        return
    pool = _Pool(nlp, workers)
    try:
        yield from pool.run(_chain(first, _prepend(second, batches), queue), queue)
    finally:
        pool.close()


def _batches(items: Iterable[T], text_of: Callable[[T], str | None]
             ) -> Iterator[tuple[list[_Entry], Batch]]:
    """New entries and the parts to read, grouped up to ``BATCH_CHARS`` characters."""
    entries: list[_Entry] = []
    batch: Batch = []
    size = 0
    for item in items:
        text = text_of(item)
        pieces = split(text) if text is not None else []
        entry = _Entry(item, len(pieces))
        entries.append(entry)
        for offset, piece in pieces:
            batch.append((entry, offset, piece))
            size += len(piece)
            if size >= BATCH_CHARS:
                yield entries, batch
                entries, batch, size = [], [], 0
    if entries or batch:
        yield entries, batch


def _prepend(first: object, rest: Iterator) -> Iterator:
    yield first
    yield from rest


def _chain(first: tuple[list[_Entry], Batch], rest: Iterator[tuple[list[_Entry], Batch]],
           queue: deque[_Entry]) -> Iterator[Batch]:
    """The batches to read; their entries join ``queue`` (the output order) as they come."""
    for entries, batch in _prepend(first, rest):
        queue.extend(entries)
        yield batch


def _ready(queue: deque[_Entry]) -> Iterator[tuple[object, Analysis | AnalysisFailed | None]]:
    while queue and queue[0].complete:
        entry = queue.popleft()
        if entry.failed is not None:
            yield entry.item, AnalysisFailed(entry.failed)
        elif entry.parts == 0:
            yield entry.item, None
        else:
            yield entry.item, merge(sorted(entry.done))


def _in_process(nlp: Language, batches: Iterator[Batch], queue: deque[_Entry],
                batch_size: int) -> Iterator:
    for batch in batches:
        _record(batch, _read(nlp, [piece for _, _, piece in batch], batch_size))
        yield from _ready(queue)
    yield from _ready(queue)


def _read(nlp: Language, texts: list[str], batch_size: int = 32
          ) -> list[Analysis | AnalysisFailed]:
    """The analyses of ``texts``; a text the pipeline fails on fails alone."""
    try:
        return [analysis_of(d) for d in nlp.pipe(texts, batch_size=batch_size)]
    except Exception:  # one text must not stop the others: find which one
        out: list[Analysis | AnalysisFailed] = []
        for text in texts:
            try:
                out.append(analysis_of(nlp(text)))
            except Exception as exc:
                log.warning("the pipeline failed on a text: %s", type(exc).__name__)
                out.append(AnalysisFailed(type(exc).__name__))
        return out


def _record(batch: Batch, results: list[Analysis | AnalysisFailed]) -> None:
    for (entry, offset, _), result in zip(batch, results, strict=True):
        entry.received += 1
        if isinstance(result, AnalysisFailed):
            entry.failed = result.reason
        else:
            entry.done.append((offset, result))


# -- worker processes ------------------------------------------------------------------------
PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (even by SIGKILL)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request
        os._exit(0)


def _serve(nlp: Language, conn: Connection, others: list[Connection], parent: int,
           batch_size: int) -> None:
    """A worker: read each batch of texts it is sent, send back their analyses."""
    for other in others:  # the parent's ends of every pipe, inherited by the fork
        other.close()
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        batch_id, texts = message
        conn.send((batch_id, _read(nlp, texts, batch_size)))


class _Pool:
    """Forked workers, each sent up to ``IN_FLIGHT`` batches at a time."""

    def __init__(self, nlp: Language, n: int, batch_size: int = 32) -> None:
        self.nlp, self.batch_size = nlp, batch_size
        self.context = multiprocessing.get_context("fork")
        self.conns: list[Connection | None] = [None] * n
        self.procs: list[multiprocessing.process.BaseProcess | None] = [None] * n
        self.load = [0] * n
        for i in range(n):
            self._start(i)

    def _start(self, i: int) -> None:
        here, there = self.context.Pipe()
        others = [c for c in self.conns if c is not None] + [here]
        proc = self.context.Process(target=_serve, daemon=True, name=f"tupsalco-nlp-{i}",
                                    args=(self.nlp, there, others, os.getpid(),
                                          self.batch_size))
        proc.start()
        there.close()
        self.conns[i], self.procs[i], self.load[i] = here, proc, 0

    def run(self, batches: Iterator[Batch], queue: deque[_Entry]) -> Iterator:
        sent: dict[int, tuple[int, Batch]] = {}  # batch id -> (worker, batch)
        ids = iter(range(1 << 62))
        exhausted = False
        while True:
            while not exhausted and min(self.load) < IN_FLIGHT:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                    break
                worker = self.load.index(min(self.load))
                batch_id = next(ids)
                sent[batch_id] = (worker, batch)
                if batch:
                    self.conns[worker].send((batch_id, [p for _, _, p in batch]))
                    self.load[worker] += 1
                else:
                    del sent[batch_id]
            yield from _ready(queue)
            if not sent:
                if exhausted:
                    yield from _ready(queue)
                    return
                continue
            for conn in wait([c for c in self.conns if c is not None]):
                worker = self.conns.index(conn)
                try:
                    batch_id, results = conn.recv()
                except (EOFError, OSError):
                    self._lost(worker, sent)
                    continue
                self.load[worker] -= 1
                _record(sent.pop(batch_id)[1], results)

    def _lost(self, worker: int, sent: dict[int, tuple[int, Batch]]) -> None:
        """A worker died (killed, out of memory): its texts fail, a new worker starts."""
        log.warning("an analysis worker stopped; its texts are not imported")
        for batch_id in [b for b, (w, _) in sent.items() if w == worker]:
            batch = sent.pop(batch_id)[1]
            _record(batch, [AnalysisFailed("WorkerStopped")] * len(batch))
        self.conns[worker].close()
        self._start(worker)

    def close(self) -> None:
        for conn in self.conns:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)
        for proc in self.procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join()
        for conn in self.conns:
            conn.close()
