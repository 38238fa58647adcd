"""Typed, numbered surrogates kept consistent through the project, and offset-exact rewriting.

Surrogate forms (documented in the README): ``[Personne 3]``, ``[Lieu 2]``, ``[Adresse 1]``,
``[Établissement 4]``, ``[Téléphone 1]``, ``[Courriel 1]``, ``[NIR 1]``, ``[Date 5]``. The study's
own titles stay in clear around them: "le docteur [Personne 4]", "Mme [Personne 2]".
"""

from __future__ import annotations

import re
import unicodedata

from ..offsets import OffsetMap, rewrite
from .rules.words import NICKNAME_ADJECTIVES
from .vault import KeyData
from .vocab import DETERMINERS, TITLES

TYPE_LABELS = {
    "PER": "Personne",
    "LOC": "Lieu",
    "ADDRESS": "Adresse",
    "ORG": "Établissement",
    "PHONE": "Téléphone",
    "EMAIL": "Courriel",
    "NIR": "NIR",
    "DATE": "Date",
}
SURROGATE = re.compile(r"\[(?:" + "|".join(TYPE_LABELS.values()) + r") \d+\]")


def fold_chars(text: str) -> str:
    """Lower case without accents, one character for one: offsets stay valid."""
    new = set(text).difference(_FOLDED_STR)
    if new:
        if len(_FOLDED) > 1 << 16:  # a text of every script: start the table again
            _FOLDED.clear()
            _FOLDED_STR.clear()
        for ch in new:
            _FOLDED[ord(ch)] = _fold_char(ch)
            _FOLDED_STR.add(ch)
    return text.translate(_FOLDED)


_FOLDED: dict[int, str] = {}  # each character seen, folded (a text is folded at C speed)
_FOLDED_STR: set[str] = set()


def _fold_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:
        low = ch
    base = "".join(c for c in unicodedata.normalize("NFKD", low)
                   if not unicodedata.combining(c))
    folded = base if len(base) == 1 else low
    return "'" if folded == "’" else folded


def lexicon_key(type_: str, text: str) -> str:
    if type_ in ("PHONE", "NIR"):
        digits = re.sub(r"\D", "", text)
        if type_ == "PHONE":
            digits = re.sub(r"^(?:0033|33)0?", "0", digits)
        return f"{type_}|{digits}"
    return f"{type_}|" + re.sub(r"[\s\-]+", " ", fold_chars(text)).strip(" .,'")


def name_parts(text: str) -> list[str]:
    """The words of a person's name worth recognising alone: no titles, no short words, no
    nickname's adjective ("le grand x" and "le grand y" are two people)."""
    parts = [p for p in re.split(r"[\s]+", fold_chars(text)) if p]
    return [p for p in parts if len(p) >= 3 and p not in TITLES and p not in DETERMINERS
            and p not in NICKNAME_ADJECTIVES]


class SurrogateBook:
    """Original form -> surrogate, backed by the key data (which the vault encrypts)."""

    def __init__(self, keys: KeyData) -> None:
        self.keys = keys
        self.changed = False

    def surrogate(self, type_: str, original: str) -> str:
        key = lexicon_key(type_, original)
        found = self.keys.lexicon.get(key)
        if found is None and type_ == "PER":
            for part in name_parts(original):
                found = self.keys.lexicon.get(f"PER|{part}")
                if found:
                    break
        if found is None:
            n = self.keys.counters.get(type_, 0) + 1
            self.keys.counters[type_] = n
            found = f"[{TYPE_LABELS[type_]} {n}]"
        self._remember(key, found, original)
        if type_ == "PER":
            for part in name_parts(original):
                self.keys.lexicon.setdefault(f"PER|{part}", found)
        return found

    def form_index(self, surrogate: str, original: str) -> int:
        return self.keys.originals.get(surrogate, []).index(original)

    def _remember(self, key: str, surrogate: str, original: str) -> None:
        if self.keys.lexicon.get(key) != surrogate:
            self.keys.lexicon[key] = surrogate
            self.changed = True
        forms = self.keys.originals.setdefault(surrogate, [])
        if original not in forms:
            forms.append(original)
            self.changed = True


__all__ = ["OffsetMap", "SURROGATE", "SurrogateBook", "TYPE_LABELS", "fold_chars", "lexicon_key",
           "name_parts", "rewrite"]
