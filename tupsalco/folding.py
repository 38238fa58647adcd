"""One comparison key for words typed by people: case, accents, apostrophes and spacing forgiven."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces: "L’Hôpital  Nord" and
    "l'hopital nord" fold alike."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip()
