"""Explore coded verbatims: filters, matrix coding queries, code co-occurrence, downloads.

Every function takes the viewer, and the rules of each role are applied here, not in the
pages: a coder in a blind project sees only their own codings; the committee never receives
a document name, a participant, an attribution, a coder or an offset, and its view is
protected as statistical offices protect tables (``disclosure``): a fixed set of questions
(a theme's verbatims or one profession's within it; every theme by profession, setting or
age band), primary and secondary suppression, counts rounded to a multiple of k. No two of
its answers differ by what fewer than k participants said.

The modules: ``model`` (the questions and answers), ``cache`` (answers kept by the project's
version), ``selection`` (what a filter selects, counted), ``committee`` (its fixed questions
and masks), ``lists`` (verbatims, pages, cells), ``tables`` (matrix, co-occurrence, filter
values), ``download`` (every verbatim as a table or a corpus), ``columns`` (every verbatim
read by passage and built column by column).
"""

from __future__ import annotations

from .cache import clear_cache
from .download import download_corpus, download_table, verbatim_table
from .lists import cell_verbatims, passages, verbatim_page, verbatims, visible_codings
from .model import (
    ATTRIBUTE_NAMES,
    COMMITTEE_ATTRIBUTES,
    COMMITTEE_LISTS,
    FIXED_QUESTIONS,
    SUPPRESSED,
    Attribute,
    Matrix,
    Passage,
    VerbatimFilter,
    VerbatimPage,
    VerbatimSet,
)
from .tables import cooccurrence, filter_values, matrix

__all__ = [
    "ATTRIBUTE_NAMES",
    "COMMITTEE_ATTRIBUTES",
    "COMMITTEE_LISTS",
    "FIXED_QUESTIONS",
    "SUPPRESSED",
    "Attribute",
    "Matrix",
    "Passage",
    "VerbatimFilter",
    "VerbatimPage",
    "VerbatimSet",
    "cell_verbatims",
    "clear_cache",
    "cooccurrence",
    "download_corpus",
    "download_table",
    "filter_values",
    "matrix",
    "passages",
    "verbatim_page",
    "verbatim_table",
    "verbatims",
    "visible_codings",
]
