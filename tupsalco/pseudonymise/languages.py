"""Pseudonymising texts that are not in French (sources of another tool's project).

The French model and the name rules built on French word lists (titles, facilities, places,
first-name gazetteers checked against ordinary French words) read a text in another language
badly: its ordinary capitalised words pass for names, its names for ordinary words. Such a
text gets the rules that do not depend on the language: shaped identifiers (e-mails, handles
and web addresses, phone numbers, NIR, dates, addresses), the names the project already
knows (participants, the key's lexicon, the deny-list) wherever they stand, and the
first-name gazetteer's names (names travel across languages) written with their capital
inside a sentence. What the French model would have found besides is left to a reviewer:
the import says which sources need that review.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..ingest.language import FRENCH_SHARE, MIN_WORDS, check_french
from ..records import Entity
from .analysis import Analysis
from .engine import Pseudonymiser, _form_finder, _opens_sentence, resolve
from .patterns import find_patterns
from .pipeline import PRIORITY, Candidate
from .surrogates import SURROGATE, lexicon_key
from .vocab import fold

# a capitalised word (a hyphenated first name too), not inside a handle or an address
_CAPITALISED = re.compile(r"(?<![\w'’@#/.])[^\W\d_a-zß-ÿ][^\W\d_]+(?:-[^\W\d_]+)?")


class LanguageAwarePseudonymiser(Pseudonymiser):
    """The project's pseudonymiser, that sends only French texts through the French
    pipeline. A text too short to tell is taken for French, unless ``short_texts_french``
    says otherwise (the caller knows the language of the file it comes from)."""

    short_texts_french: bool = True

    def _model_text(self, text: str) -> str | None:
        return text if self._is_french(text) else None

    def detect_analysed(
        self, texts: Sequence[str], analyses: Sequence[Analysis | None],
        protected: Sequence[Sequence[tuple[int, int]]] | None = None,
    ) -> list[list[Entity]]:
        """French texts (those the model read) as the base class does; the others by the
        rules that do not depend on the language."""
        protected = protected or [[] for _ in texts]
        french = [i for i, analysis in enumerate(analyses) if analysis is not None]
        found: dict[int, list[Entity]] = {}
        if french:
            detected = super().detect_analysed([texts[i] for i in french],
                                               [analyses[i] for i in french],
                                               [protected[i] for i in french])
            found = dict(zip(french, detected, strict=True))
        others = [i for i in range(len(texts)) if i not in found]
        fixed = {i: [*protected[i], *(m.span() for m in SURROGATE.finditer(texts[i]))]
                 for i in others}
        cands = {i: self._language_free(texts[i], fixed[i]) for i in others}
        if others:
            # a name found once in the batch is found at every occurrence, as in French
            forms = self._known_forms()
            for i in others:
                for start, end, type_, _, _ in cands[i]:
                    if type_ == "PER" and end - start >= 3:
                        forms.setdefault(lexicon_key("PER", texts[i][start:end])
                                         .partition("|")[2], "PER")
            finder = _form_finder(forms)
            for i in others:
                if finder is not None:
                    cands[i] += self._propagate(texts[i], finder, forms, fixed[i])
                found[i] = resolve(texts[i], cands[i])
        return [found[i] for i in range(len(texts))]

    def _is_french(self, text: str) -> bool:
        check = check_french(text)
        return check.share >= FRENCH_SHARE if check.words >= MIN_WORDS \
            else self.short_texts_french

    def _known_forms(self) -> dict[str, str]:
        """Folded names the project knows, with their types: the lexicon's (through the
        engine's own filter), the participants' and the deny-list's."""
        forms = self._forms([], [])
        for first, last in self.keys.participants.values():
            for name in (f"{first} {last}".strip(), first, last):
                if name and len(name) >= 3:
                    forms.setdefault(lexicon_key("PER", name).partition("|")[2], "PER")
        for denied in self.keys.deny:
            form = lexicon_key(denied["type"], denied["text"]).partition("|")[2]
            if len(form) >= 3:
                forms.setdefault(form, denied["type"])
        return forms

    def _language_free(self, text: str, fixed: Sequence[tuple[int, int]]) -> list[Candidate]:
        """Shaped identifiers and the gazetteer's first names, outside ``fixed`` spans."""
        cands: list[Candidate] = [(start, end, label, PRIORITY[label], "pattern")
                                  for start, end, label in find_patterns(text)]
        cands += self._first_names(text)
        return [c for c in cands if not any(s < c[1] and c[0] < e for s, e in fixed)]

    def _first_names(self, text: str) -> Iterator[Candidate]:
        """First names of the gazetteer that no language also uses as a word here (its
        ambiguous ones are left out), capitalised, not opening a sentence."""
        names, ambiguous = self.vocab.first_names, self.vocab.ambiguous_first_names
        for m in _CAPITALISED.finditer(text):
            key = fold(m.group())
            if key in names and key not in ambiguous and not self.vocab.is_protected(
                    m.group()) and not _opens_sentence(text, m.start()):
                yield m.start(), m.end(), "PER", 30, "first-name"
