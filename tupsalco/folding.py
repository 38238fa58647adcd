"""One comparison key for words typed by people: case, accents, apostrophes and spacing forgiven."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SHORT = 64  # a word or a name: its key is kept (at most 65,536 of them), a longer text's is not


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces: "L’Hôpital  Nord" and
    "l'hopital nord" fold alike."""
    return _fold_short(text) if len(text) <= SHORT else _fold(text)


@lru_cache(maxsize=1 << 16)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip()
