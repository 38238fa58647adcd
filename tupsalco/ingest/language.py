"""A light check that a text is written in French, before the French pipeline reads it.

The pseudonymiser's model, word lists and name rules are French: on a text in another
language they both miss names and take ordinary words for names. The check counts the share
of the text's words that are very common French function words (articles, pronouns,
prepositions, auxiliaries): in French prose or speech they are more than a third of the
words; in other languages a few in a hundred (a tenth in Spanish, which shares some). No
model, no dependency, a few milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# French function words of two letters or more (single letters and elisions are left out:
# "a" is also the Hungarian article, "s", "t", "z" come out of timestamps). Words shared
# with other languages' commonest words ("de" is Hungarian, "on" and "me" English, "la" and
# "que" Spanish) are kept only where French uses them far more often than those languages.
FRENCH_FUNCTION_WORDS = frozenset("""
    le la les un une des du au aux et est sont ont ai avait était être avoir que qui quoi
    ne pas plus je tu il elle nous vous ils elles ce cet cette ces ça cela mon ma mes ton ta
    tes son sa ses notre nos votre vos leur leurs dans pour par sur avec sans chez mais ou
    donc car comme aussi très bien tout tous toute toutes fait faire dit alors quand où
    lui eux moi toi même déjà encore après avant puis parce voilà oui non peut
""".split())
MIN_WORDS = 40  # below this a text is too short to tell: it is read as French
FRENCH_SHARE = 0.2  # French prose and speech: 0.35 to 0.5; Spanish about 0.1, others less
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class LanguageCheck:
    """What the check saw: the share of French function words among ``words`` words."""

    words: int
    share: float

    @property
    def french(self) -> bool:
        """French, or too short to tell (the study's own texts are French)."""
        return self.words < MIN_WORDS or self.share >= FRENCH_SHARE

    @property
    def label(self) -> str:
        if self.words < MIN_WORDS:
            return "trop court pour en juger (lu comme du français)"
        return "français" if self.french else "pas en français"


def check_french(text: str, sample: int = 200_000) -> LanguageCheck:
    """The share of French function words among the words of ``text`` (its first
    ``sample`` characters, and as many from its middle, are enough to tell)."""
    if len(text) > 2 * sample:
        middle = len(text) // 2
        text = text[:sample] + " " + text[middle:middle + sample]
    words = _WORD.findall(text.lower())
    if not words:
        return LanguageCheck(0, 0.0)
    common = sum(w in FRENCH_FUNCTION_WORDS for w in words)
    return LanguageCheck(len(words), common / len(words))
