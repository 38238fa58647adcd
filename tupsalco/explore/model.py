"""What Explore is asked and answers: filters, lists of verbatims, matrices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd

from ..records import DocumentKind, Verbatim


class Attribute(StrEnum):
    """Participant attributes a matrix can be drawn against."""

    PROFESSION = "profession"
    SETTING = "setting"
    AGE_BAND = "age_band"
    SEX = "sex"
    SITE = "site"
    KIND = "kind"


ATTRIBUTE_NAMES = {
    Attribute.PROFESSION: "profession", Attribute.SETTING: "lieu d'exercice",
    Attribute.AGE_BAND: "tranche d'âge", Attribute.SEX: "sexe", Attribute.SITE: "site",
    Attribute.KIND: "type de document",
}
# the committee's view: themes across these, never by site (three sites, few people each)
COMMITTEE_ATTRIBUTES = (Attribute.PROFESSION, Attribute.SETTING, Attribute.AGE_BAND)
# the one attribute the committee's lists are split by: two partitions of one theme's list
# (by profession and by band) would leave, subtracted, what the GPs of one band said
COMMITTEE_LISTS = Attribute.PROFESSION
SUPPRESSED = "masqué (< k)"
FIXED_QUESTIONS = ("the committee asks a fixed set of questions: a theme's verbatims, or one "
                   "profession's within a theme; the tables of every theme by profession, "
                   "setting or age band (a narrower or a wider question would let answers be "
                   "subtracted from each other).")
# the filter field that selects one value of an attribute (a matrix cell's)
FILTER_FIELDS = {
    Attribute.PROFESSION: "professions", Attribute.SETTING: "settings",
    Attribute.AGE_BAND: "age_bands", Attribute.SEX: "sexes", Attribute.SITE: "sites",
    Attribute.KIND: "kinds",
}


@dataclass(frozen=True, slots=True)
class VerbatimFilter:
    """Empty fields do not filter; the fields combine (AND), values within one field OR."""

    themes: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()  # a code selects its sub-codes too
    professions: frozenset[str] = frozenset()
    settings: frozenset[str] = frozenset()
    age_bands: frozenset[str] = frozenset()
    sexes: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()
    kinds: frozenset[DocumentKind] = frozenset()
    coders: frozenset[str] = frozenset()
    text: str = ""  # accent- and case-insensitive full-text search within the results


@dataclass(frozen=True, slots=True)
class VerbatimSet:
    """A list of verbatims and how many participants said them. For the committee, the
    verbatims of masked cells are held back (``suppressed``) and ``participants`` is rounded
    to a multiple of ``k``."""

    items: Sequence[Verbatim]  # a tuple, or records made when read (``columns.Records``)
    participants: int
    k: int
    suppressed: bool = False


@dataclass(frozen=True, slots=True)
class Passage:
    """A coded passage shown once, with every coder who coded it with that code."""

    verbatim: Verbatim
    coders: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VerbatimPage:
    """One page of a selection's passages, with the counts of the whole selection: its
    passages (``total``) and participants (rounded to a multiple of ``k`` for the
    committee)."""

    passages: tuple[Passage, ...]
    total: int
    participants: int
    k: int
    suppressed: bool = False


@dataclass(frozen=True, slots=True)
class Matrix:
    """Counts of themes (rows) against an attribute's values (columns); suppressed cells
    hold None, and the committee's counts are rounded to a multiple of ``k``."""

    table: pd.DataFrame
    measure: str  # "passages" or "participants"
    attribute: Attribute
    k: int
    suppressed: tuple[tuple[str, str], ...] = field(default=())
