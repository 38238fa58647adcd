"""Every verbatim of a selection as a table to download (CSV, Excel) or a corpus (IRaMuTeQ).

At 200,000 codings a record per coding costs more than the whole answer may take: the table
is read one row per passage (some 15,000, each with its coders in one string) and built
column by column, a passage's values repeated for each of its coders."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import export
from ..project import Project
from ..records import Verbatim, Viewer
from ..store import reads
from .cache import bulk, cached, codebook, documents
from .columns import (
    coding_coders,
    coding_models,
    read_passages,
)
from .lists import verbatims
from .model import VerbatimFilter
from .selection import said_by

COLUMNS = ("thème", "code", "verbatim", "attribution", "document", "codeur·se", "suggéré par")


def verbatim_table(items: Sequence[Verbatim]) -> pd.DataFrame:
    """A downloadable table of verbatims (with attribution when the viewer had them)."""
    return pd.DataFrame([{
        "thème": v.theme_id, "code": v.code_id, "verbatim": v.text,
        **({"attribution": v.attribution, "document": v.document, "codeur·se": v.coder,
            "suggéré par": v.suggested_by or ""} if v.attribution is not None else {}),
    } for v in items])


def download_table(project: Project, viewer: Viewer, flt: VerbatimFilter = VerbatimFilter()
                   ) -> pd.DataFrame:
    """``verbatim_table`` of a selection's verbatims, one row per coding in document order
    (a passage's coders by name), without a record per coding; the committee's is its own
    list's (``verbatims``)."""
    if not viewer.sees_attributions:
        return verbatim_table(verbatims(project, viewer, flt).items)
    return cached(project, "download", (viewer, flt),
                  lambda: _download_table(project, viewer, flt)).copy()


def download_corpus(project: Project, viewer: Viewer, flt: VerbatimFilter = VerbatimFilter()
                    ) -> bytes:
    """The file (UTF-8) of ``export.iramuteq_corpus`` of a selection's verbatims
    (``verbatims``): one block per passage and code, in the order of their first codings,
    read one row per passage, without a record per coding. Not cached: the Explorer keeps
    the file it made."""
    if not viewer.sees_attributions:  # the committee's own list
        return export.iramuteq_corpus(verbatims(project, viewer, flt).items).encode("utf-8")
    with bulk():  # some 15,000 rows and blocks: the collector would walk them again and again
        return _download_corpus(project, viewer, flt)


def _download_corpus(project: Project, viewer: Viewer, flt: VerbatimFilter) -> bytes:
    book = codebook(project)
    found = read_passages(project, viewer, flt, reads.span_groups)
    if not found.rows:
        return b""
    doc, start, _, code, _, first = zip(*found.rows, strict=True)
    docs = documents(project)
    source = {d: export.iramuteq_source_stars(docs[d].kind, docs[d].participant)
              for d in set(doc)}
    stars = {c: export.iramuteq_code_stars(book.theme_of(c), c) for c in set(code)}
    # the rows come by (document, start, end, code); the records by document, start, then
    # the oldest coding first
    order = np.lexsort((np.array(first), np.array(start), np.array(doc))).tolist()
    return "\n".join([export.iramuteq_block(stars[code[i]] + " " + source[doc[i]],
                                            found.quotes[i]) for i in order]).encode("utf-8")


def _download_table(project: Project, viewer: Viewer, flt: VerbatimFilter) -> pd.DataFrame:
    book = codebook(project)
    found = read_passages(project, viewer, flt, reads.passage_coders, with_suggested=True)
    rows, quotes, suggested = found.rows, found.quotes, found.suggested
    if not rows:
        return pd.DataFrame(columns=list(COLUMNS))
    doc, _, _, code, n, coders = zip(*rows, strict=True)
    counts = np.fromiter(n, dtype=np.int64, count=len(rows))
    coder_names, coder_at = coding_coders(coders, counts)
    if coder_at is None:  # a coder's name holds the separator: one by one then
        return verbatim_table(verbatims(project, viewer, flt, with_turns=False).items)
    docs, labels = documents(project), project.band_labels
    top = max(docs) + 1
    names, said = [""] * top, [""] * top
    for d in docs.values():
        names[d.id], said[d.id] = d.name, said_by(d, labels)
    code_ids = [c.id for c in book.codes]
    position = {c: i for i, c in enumerate(code_ids)}
    per_coding = np.repeat(np.arange(len(rows)), counts)
    code_at = np.fromiter((position[c] for c in code), dtype=np.int64, count=len(rows))[
        per_coding]
    doc_at = np.fromiter(doc, dtype=np.int64, count=len(rows))[per_coding]
    models, model_at = coding_models(rows, counts, coder_names, coder_at, suggested)
    return pd.DataFrame({
        "thème": _column([book.theme_of(c) for c in code_ids], code_at),
        "code": _column(code_ids, code_at),
        "verbatim": _column(quotes, per_coding),
        "attribution": _column(said, doc_at), "document": _column(names, doc_at),
        "codeur·se": _column(coder_names, coder_at), "suggéré par": _column(models, model_at),
    }, columns=list(COLUMNS))


def _column(values: Sequence[str], at: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``values[at]`` as a column of strings: each distinct value converted once to the
    strings pandas makes by default (Arrow's since pandas 3, and converting 200,000 Python
    strings costs more than the rest), then taken."""
    return pd.Series(values).array.take(at)
