"""One comparison key for words typed by people: case, accents, apostrophes and spacing forgiven."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache, wraps

SHORT = 64  # a word or a name: its result is kept (at most KEPT of them), a longer text's is not
KEPT = 1 << 16


def short_cached(function: Callable[[str], str]) -> Callable[[str], str]:
    """``function`` of a string, its result kept for the KEPT strings of at most SHORT
    characters last asked (words come back again and again; a crafted long run is never
    kept)."""
    cached = lru_cache(maxsize=KEPT)(function)

    @wraps(function)
    def call(text: str) -> str:
        return cached(text) if len(text) <= SHORT else function(text)
    return call


@short_cached
def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces: "L’Hôpital  Nord" and
    "l'hopital nord" fold alike."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip()
