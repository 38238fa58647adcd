"""Tables over a selection: NVivo's matrix coding query, code co-occurrence, and the values
each filter can take."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from .. import spans
from ..disclosure import rounded
from ..errors import InputError, PermissionDeniedError
from ..project import Project
from ..records import AccountRole, Viewer
from ..store import reads
from .cache import cached, codebook, documents
from .committee import check_committee, masks
from .model import COMMITTEE_ATTRIBUTES, FIXED_QUESTIONS, Attribute, Matrix, VerbatimFilter
from .selection import members, selected_spans, tally, theme_counts


def matrix(project: Project, viewer: Viewer, attribute: Attribute | str,
           measure: str = "passages", flt: VerbatimFilter = VerbatimFilter()) -> Matrix:
    """NVivo's matrix coding query: themes against one attribute's values, counting coded
    passages or distinct participants. For the committee: only profession, setting and age
    band, over the whole project, with its cells masked and rounded (``disclosure``)."""
    attribute = Attribute(attribute)
    if measure not in ("passages", "participants"):
        raise InputError("Mesurez en « passages » ou en « participants ».")
    if not viewer.sees_attributions:
        if attribute not in COMMITTEE_ATTRIBUTES:
            raise PermissionDeniedError(
                f"the committee sees themes by "
                f"{', '.join(a.value for a in COMMITTEE_ATTRIBUTES)}.")
        check_committee(flt, lists=False)
    found = cached(project, "matrix", (viewer, attribute, measure, flt),
                   lambda: _matrix(project, viewer, attribute, measure, flt))
    return replace(found, table=found.table.copy())


def _matrix(project: Project, viewer: Viewer, attribute: Attribute, measure: str,
            flt: VerbatimFilter) -> Matrix:
    book, docs = codebook(project), documents(project)
    themes = [c.id for c in book.codes if c.parent is None]
    counted = tally(theme_counts(selected_spans(project, viewer, flt)[0], book), docs,
                    attribute)
    k = project.k_threshold
    if viewer.sees_attributions:
        columns, masked = sorted({v for _, v in counted.passages}), set()
    else:
        groups = members(docs, attribute)
        columns, masked = sorted(groups), masks(counted, themes, groups, k)
    data: dict[str, list[int | None]] = {v: [] for v in columns}
    for theme in themes:
        for value in columns:
            n = (counted.passages.get((theme, value), 0) if measure == "passages"
                 else len(counted.speakers.get((theme, value), ())))
            if viewer.sees_attributions:
                data[value].append(n)
            else:
                data[value].append(None if (theme, value) in masked else rounded(n, k))
    table = pd.DataFrame(data, index=pd.Index(themes, name="thème"), dtype="Int64")
    suppressed = tuple((t, v) for t in themes for v in columns if (t, v) in masked)
    return Matrix(table, measure, attribute, k, suppressed)


def cooccurrence(project: Project, viewer: Viewer, flt: VerbatimFilter = VerbatimFilter(),
                 level: str = "theme") -> pd.DataFrame:
    """How often two themes (or codes) code overlapping text of the same document; the
    diagonal counts the passages. For the committee, a pair drawn from fewer than k
    participants is None, and its counts are rounded to a multiple of k (themes only, over
    the whole project)."""
    if not viewer.sees_attributions:
        check_committee(flt, lists=False)
        if level != "theme":
            raise PermissionDeniedError(FIXED_QUESTIONS)
    return cached(project, "cooccurrence", (viewer, flt, level),
                  lambda: _cooccurrence(project, viewer, flt, level)).copy()


def _cooccurrence(project: Project, viewer: Viewer, flt: VerbatimFilter, level: str
                  ) -> pd.DataFrame:
    book, docs = codebook(project), documents(project)
    committee = viewer.role is AccountRole.COMMITTEE
    labels = ([c.id for c in book.codes if c.parent is None] if level == "theme"
              else [c.id for c in book.codes])
    position = {c: i for i, c in enumerate(labels)}
    found, _ = selected_spans(project, viewer, flt)
    key_of = np.array([position[book.theme_of(c) if level == "theme" else c]
                       for c in found.codes], dtype=np.int64)
    people = {d.participant.id for d in docs.values() if d.participant is not None}
    person = {p: i for i, p in enumerate(sorted(people))}
    speaker_of = np.full(max(docs, default=0) + 1, -1, dtype=np.int64)
    for d in docs.values():
        if d.participant is not None:
            speaker_of[d.id] = person[d.participant.id]
    n_labels = len(labels)
    # the authors count codings (two coders on one passage: twice), the committee passages
    counts, cell, speaker = spans.overlaps(found, key_of, n_labels, weighted=not committee,
                                           speaker_of=speaker_of)
    if not committee:
        return pd.DataFrame(counts, index=labels, columns=labels).astype("Int64")
    k = project.k_threshold
    spoken = speaker >= 0
    pairs = np.unique(cell[spoken] * (len(person) + 1) + speaker[spoken])
    sources = np.bincount(pairs // (len(person) + 1),
                          minlength=n_labels * n_labels).reshape(n_labels, n_labels)
    theme_sources = np.diag(sources)
    thin = (theme_sources > 0) & (theme_sources < k)
    hidden = (sources < k) | thin[:, None] | thin[None, :]
    values = np.empty((n_labels, n_labels), dtype=object)
    for i in range(n_labels):
        for j in range(n_labels):
            c = int(counts[i, j])
            values[i, j] = 0 if c == 0 else (pd.NA if hidden[i, j] else rounded(c, k))
    return pd.DataFrame(values, index=labels, columns=labels, dtype="Int64")


def filter_values(project: Project, viewer: Viewer) -> dict[str, list[str]]:
    """The values present, for each filter the viewer may use."""
    def read() -> dict[str, list[str]]:
        blind = viewer.role is AccountRole.CODER and project.blind
        with project.db.session() as s:
            rows = reads.participant_values(s)
            coders = (reads.coders(s, [viewer.username] if blind else None)
                      if viewer.sees_attributions else [])
        people = [r for r in rows if r[0]]
        out = {
            "professions": sorted({r[0] for r in people}),
            "settings": sorted({x for r in people for x in r[1].split("/")}),
            "age_bands": sorted({r[2] for r in people}),
        }
        if viewer.sees_attributions:
            out |= {"sexes": sorted({r[3] for r in people}),
                    "sites": sorted({r[4] for r in rows}), "coders": coders}
        return out
    return cached(project, "filter_values", (viewer,), read)
