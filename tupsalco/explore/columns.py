"""Every coding of a selection as records, read one row per passage and built column by column.

At 200,000 codings a row and a record made one by one cost four times what the whole answer
may take: the database groups the codings by passage (some 15,000, each with its codings' ids
and coders in two strings, and its turn), the values are spread to the codings with numpy, and
the records are made without a Python call each (``Verbatim.of_passages``)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Text, cast, func, literal, null, select
from sqlalchemy.orm import Session

from ..folding import fold
from ..project import Project
from ..records import Verbatim, Viewer, suggested_by
from ..store import reads
from ..store.reads import C, T
from .cache import bulk, codebook, documents
from .model import VerbatimFilter, VerbatimSet
from .selection import coding_scope, said_by

IDS = ","


def passage_codings(session: Session, scope: reads.CodingScope, with_turns: bool
                    ) -> list[Any]:
    """(document id, start, end, code id, codings, their ids, their coders, turn index or
    None): one row per passage in document order, its codings' ids (joined by
    ``IDS``) and coders (joined by ``reads.CODER_SEPARATOR``) in the same order; the turn
    holding the passage's start found by the database."""
    if scope.empty:
        return []
    key = [C.document_id, C.start, C.end, C.code_id]
    # the separators written into the statement: SQLite reads a bound one again on every
    # row (at 200,000 codings, a fifth of the query's time)
    id_sep, coder_sep = (literal(x, literal_execute=True) for x in (IDS, reads.CODER_SEPARATOR))
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import aggregate_order_by

        ids = func.string_agg(cast(C.id, Text), aggregate_order_by(id_sep, C.id))
        coders = func.string_agg(C.coder, aggregate_order_by(coder_sep, C.id))
    else:  # both aggregates step through the same rows in the same order
        ids = func.group_concat(C.id, id_sep)
        coders = func.group_concat(C.coder, coder_sep)
    turn = (select(T.idx).where(T.document_id == C.document_id, T.start <= C.start,
                                T.end > C.start)
            .order_by(T.start.desc()).limit(1).scalar_subquery() if with_turns
            else null().label("turn"))
    query = reads.scoped(select(*key, func.count(), ids, coders, turn), scope)
    return reads.raw_rows(session, query.group_by(*key).order_by(*key))


@dataclass(frozen=True, slots=True)
class Codings:
    """A selection's codings by passage: each passage's fields but the coding's own (in
    ``VERBATIM_PASSAGE``'s order), and for each coding, in document order (start, then
    the oldest coding first), its passage's position, id, coder and suggesting model."""

    shared: list[tuple[Any, ...]]
    passage: np.ndarray
    ids: np.ndarray
    coders: list[str]
    models: list[str | None]
    participants: int


def every_verbatim(project: Project, viewer: Viewer, flt: VerbatimFilter, with_turns: bool
                   ) -> VerbatimSet | None:
    """The records of ``lists.verbatims`` for a viewer who sees attributions, in document
    order; None when a coder's name holds the separator (the caller then reads them one by
    one)."""
    found = read_codings(project, viewer, flt, with_turns)
    if found is None:
        return None
    return VerbatimSet(Records(found), found.participants, project.k_threshold)


class Records(Sequence[Verbatim]):
    """A selection's records, each made when it is first read: a page of 25 reads 25 of
    them, and reading them all (iterating, comparing, hashing) makes them once and keeps
    them. Making 200,000 records takes some 25 ms, and the Explorer never reads them all.
    Indexing and slicing answer as a tuple's would (a slice is a tuple); equal to any
    sequence of the same records."""

    __slots__ = ("_codings", "_made")

    def __init__(self, codings: Codings) -> None:
        self._codings = codings
        self._made: tuple[Verbatim, ...] | None = None

    def __len__(self) -> int:
        return len(self._codings.ids)

    def __getitem__(self, at: Any) -> Any:
        if self._made is not None:
            return self._made[at]
        if isinstance(at, slice):
            return tuple(self._make(i) for i in range(*at.indices(len(self))))
        i = operator.index(at)
        if not -len(self) <= i < len(self):
            raise IndexError("Records index out of range")
        return self._make(i % len(self))

    def __iter__(self) -> Iterator[Verbatim]:
        return iter(self.made())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and self.made() == tuple(other)

    def __hash__(self) -> int:
        return hash(self.made())

    def __repr__(self) -> str:
        return f"Records({len(self)} verbatims)"

    def made(self) -> tuple[Verbatim, ...]:
        """Every record, made once."""
        if self._made is None:
            c = self._codings
            with bulk():
                self._made = Verbatim.of_passages(c.ids.tolist(), c.coders, c.models,
                                                  _take(c.shared, c.passage))
        return self._made

    def _make(self, i: int) -> Verbatim:
        c = self._codings
        return Verbatim.of_passage(int(c.ids[i]), c.coders[i], c.models[i],
                                   c.shared[c.passage[i]])


@dataclass(frozen=True, slots=True)
class Passages:
    """A selection's passage rows (a reader's rows, each opening with document id, start
    and end), their quotes, and the suggested codings within its scope (when asked)."""

    rows: list[tuple[Any, ...]]
    quotes: list[str]
    suggested: list[tuple[Any, ...]]


def read_passages(project: Project, viewer: Viewer, flt: VerbatimFilter,
                  read: Callable[[Session, reads.CodingScope], list[Any]],
                  with_suggested: bool = False) -> Passages:
    """What every list of a selection's codings by passage reads first: the viewer's scope,
    the passage rows ``read`` gives in it, their quotes sliced from their documents' texts
    (in the same session), and the rows whose quote holds the words searched (``flt.text``)."""
    with project.db.session() as s:
        scope = coding_scope(project, viewer, codebook(project), flt, s)
        rows = read(s, scope)
        texts = dict(reads.texts(s, sorted({r[0] for r in rows})))
        suggested = reads.suggested_codings(s, scope) if rows and with_suggested else []
    quotes = [texts[r[0]][r[1]:r[2]] for r in rows]  # (document, start, end)
    if flt.text:
        needle = fold(flt.text)
        kept = [i for i, q in enumerate(quotes) if needle in fold(q)]
        rows, quotes = [rows[i] for i in kept], [quotes[i] for i in kept]
    return Passages(rows, quotes, suggested)


def read_codings(project: Project, viewer: Viewer, flt: VerbatimFilter, with_turns: bool
                 ) -> Codings | None:
    """A selection's ``Codings``; None when a coder's name holds the separator."""
    book = codebook(project)
    found = read_passages(project, viewer, flt,
                          lambda s, scope: passage_codings(s, scope, with_turns),
                          with_suggested=True)
    rows, quotes, suggested = found.rows, found.quotes, found.suggested
    if not rows:
        return Codings([], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [], [], 0)
    doc, start, end, code, n, ids, coders, turn = zip(*rows, strict=True)
    counts = np.fromiter(n, dtype=np.int64, count=len(rows))
    coder_names, coder_at = coding_coders(coders, counts)
    if coder_at is None:
        return None
    models, model_at = coding_models(rows, counts, coder_names, coder_at, suggested)
    per_coding = np.repeat(np.arange(len(rows)), counts)
    id_at = np.fromstring(IDS.join(ids), dtype=np.int64, sep=IDS)
    order = document_order(doc, start, per_coding, id_at)
    docs, labels = documents(project), project.band_labels
    fact = {d.id: (d.kind, d.id, d.name) for d in docs.values()}
    said = {d.id: (d.participant, said_by(d, labels)) for d in docs.values()}
    theme = {c: book.theme_of(c) for c in set(code)}
    shared = [(c, theme[c], q, *fact[d], a, b, t, *said[d])
              for d, a, b, c, q, t in zip(doc, start, end, code, quotes, turn, strict=True)]
    sources = {p.id for p in (docs[d].participant for d in set(doc)) if p is not None}
    return Codings(shared, per_coding[order], id_at[order], _take(coder_names, coder_at[order]),
                   _take([m or None for m in models], model_at[order]), len(sources))


def document_order(doc: Sequence[int], start: Sequence[int], per_coding: np.ndarray,
                   id_at: np.ndarray) -> np.ndarray:
    """The codings' order by document, start, then id: the passages come by document and
    start, so each coding is keyed by its (document, start)'s rank, then its id (one sort of
    one key, not three)."""
    d = np.fromiter(doc, dtype=np.int64, count=len(doc))
    a = np.fromiter(start, dtype=np.int64, count=len(start))
    new = np.ones(len(d), dtype=np.int64)
    new[1:] = (d[1:] != d[:-1]) | (a[1:] != a[:-1])
    rank = np.cumsum(new)[per_coding]
    return np.argsort(rank * (int(id_at.max()) + 1) + id_at, kind="stable")


def _take(values: Sequence[Any], at: np.ndarray) -> list[Any]:
    """``values[i] for i in at``, through numpy (the same objects, not copies)."""
    column = np.fromiter(values, dtype=object, count=len(values))  # tuples kept whole
    return column[at].tolist()


def coding_coders(joined: Sequence[str], counts: np.ndarray
                  ) -> tuple[list[str], np.ndarray | None]:
    """Each coding's coder from its passage's coders in one string, as (coders, each
    coding's position in them): the passages share a few sets of coders, each split once.
    None when the names do not add up to the codings (a name holds the separator)."""
    sets: dict[str, int] = {}  # each set of coders, numbered as first met
    set_of = np.fromiter((sets.setdefault(s, len(sets)) for s in joined), dtype=np.int64,
                         count=len(joined))
    names: list[str] = []
    split = [s.split(reads.CODER_SEPARATOR) for s in sets]
    for who in split:
        names += [x for x in who if x not in names]
    place = {x: i for i, x in enumerate(names)}
    flat = np.fromiter((place[x] for who in split for x in who), dtype=np.int64)
    size = np.fromiter((len(who) for who in split), dtype=np.int64, count=len(split))
    if not np.array_equal(size[set_of], counts):
        return names, None
    first = np.cumsum(size) - size
    rank = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return names, flat[np.repeat(first[set_of], counts) + rank]


def coding_models(rows: Sequence[tuple], counts: np.ndarray, coder_names: list[str],
                  coder_at: np.ndarray, suggested: Sequence[tuple]
               ) -> tuple[list[str], np.ndarray]:
    """Each coding's suggesting model, as (models, each coding's position in them; "" for a
    coder's own): the few suggested codings only are looked at one by one, placed by their
    passage and coder."""
    models, at = [""], np.zeros(len(coder_at), dtype=np.int64)
    if not suggested:
        return models, at
    passage = {tuple(r[:4]): i for i, r in enumerate(rows)}
    offset = np.concatenate([[0], np.cumsum(counts)[:-1]]).tolist()
    for doc, start, end, code, who, meta in suggested:
        i = passage.get((doc, start, end, code))
        if i is None:  # outside a word search's passages
            continue
        names = [coder_names[c] for c in coder_at[offset[i]:offset[i] + counts[i]].tolist()]
        model = suggested_by(reads.json_value(meta))
        if who in names and model:
            if model not in models:
                models.append(model)
            at[offset[i] + names.index(who)] = models.index(model)
    return models, at
