"""Pseudonymising texts that are not in French (sources of another tool's project).

The French model and the name rules built on French word lists (titles, facilities, places,
first-name gazetteers checked against ordinary French words) read a text in another language
badly: its ordinary capitalised words pass for names, its names for ordinary words. Such a
text gets the rules that do not depend on the language: shaped identifiers (e-mails, handles
and web addresses, phone numbers, NIR, dates, addresses) and the names the project already
knows (participants, the key's lexicon, the deny-list), found wherever they stand. What the
French model would have found besides is left to a reviewer: the import says which sources
need that review.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..ingest.language import check_french
from ..records import Entity
from .engine import Pseudonymiser, _form_finder, resolve
from .patterns import find_patterns
from .pipeline import PRIORITY, Candidate
from .surrogates import SURROGATE, lexicon_key


class LanguageAwarePseudonymiser(Pseudonymiser):
    """The project's pseudonymiser, that sends only French texts (or texts too short to
    tell) through the French pipeline."""

    def detect(
        self, texts: Sequence[str], protected: Sequence[Sequence[tuple[int, int]]] | None = None
    ) -> list[list[Entity]]:
        protected = protected or [[] for _ in texts]
        french = [i for i, text in enumerate(texts) if check_french(text).french]
        found: dict[int, list[Entity]] = {}
        if french:
            detected = super().detect([texts[i] for i in french], [protected[i] for i in french])
            found = dict(zip(french, detected, strict=True))
        others = [i for i in range(len(texts)) if i not in found]
        if others:
            forms = self._known_forms()
            for i in others:
                found[i] = self._language_free(texts[i], protected[i], forms)
        return [found[i] for i in range(len(texts))]

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

    def _language_free(self, text: str, protected: Sequence[tuple[int, int]],
                       forms: dict[str, str]) -> list[Entity]:
        fixed = [*protected, *(m.span() for m in SURROGATE.finditer(text))]
        cands: list[Candidate] = [
            (start, end, label, PRIORITY[label], "pattern")
            for start, end, label in find_patterns(text)
            if not any(s < end and start < e for s, e in fixed)]
        finder = _form_finder(forms)
        if finder is not None:
            cands += self._propagate(text, finder, forms, fixed)
        return resolve(text, cands)
