"""The model's entities, trimmed: titles, determiners and common nouns around a name taken
off, and the spans that name no one (an ordinary word opening a sentence, a nationality,
a relative said with a capital) refused."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..spoken import said_number
from ..vocab import DETERMINERS, INTERJECTIONS, TITLES
from .base import RuleBase, fold
from .words import (
    CARED,
    CLAUSE_OPENERS,
    COMMON_STREETS,
    CONTRACTED_ARTICLES,
    DEMONYM,
    DIRECT_FACILITIES,
    FAMILY_ADDRESS,
    GENERIC_COMPLEMENTS,
    GOING_TO,
    KINSHIP,
    LINKS,
    MEMBERS_NOUNS,
    NAME_OPENERS,
    NICKNAME_ADJECTIVES,
    NOT_SHOP_NAMES,
    NOUN_ARTICLES,
    PERSON_NOUNS,
    PLACE_PREPOSITIONS,
    ROLES,
    WHEN_SAID,
)

# fillers that are also the particle of a name ("ben" the filler, "Ben X" the name)
NAME_PARTICLES = frozenset({"ben", "bin", "ibn", "el"})
# what opens a phrase of the language, never a name ("le premier plan", "le dernier étage")
FIRST_ORDINALS = frozenset("premier premiere premiers premieres dernier derniere derniers "
                           "dernieres second seconde deuxieme troisieme".split())
# the verbs that are also stop words and mark a clause, not a name ("l'asso elle est ...")
AUXILIARIES = frozenset("est sont a ont etait etaient avait avaient fait va vont".split())
# the nouns of a group, a page or a channel whose name follows them (spoken._GROUP_NOUN), and
# the platforms that may stand between ("un groupe whatsapp x")
GROUP_NOUN_WORDS = frozenset("groupe canal page chaine conversation conv".split())
GROUP_PLATFORM_WORDS = frozenset("whatsapp facebook fb telegram signal snap snapchat insta "
                                 "instagram tiktok messenger discord".split())
# adverbs of degree before an adjective ("très x"; "pas" and "si" also open a correction or a
# clause before a name: "pas x, y", "si x est venu")
DEGREE_ADVERBS = frozenset("tres trop assez tellement vraiment".split())


class NerRules(RuleBase):
    """The trimming of the model's PER, LOC and ORG entities."""

    def _trim(self, ent: Span) -> Span | None:
        """Drop titles, determiners and trailing punctuation; refuse spans with no name."""
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end and (
            fold(doc[start].text) in TITLES | DETERMINERS
            or doc[start].is_punct
            # a filler before a name is no part of it ("hm hm X"), but "ben" opens names too
            or end - start > 1 and fold(doc[start].text) in INTERJECTIONS - NAME_PARTICLES
            # a family word said as a title before a name ("Tonton X", "Maman X") is no part
            # of it
            or end - start > 1 and _family_word(doc[start])
            # a common noun before a name is no part of it: "la gare de X" -> "X"
            or (doc[start].is_lower and (fold(doc[start].text) in self.vocab.facility_words
                                         or fold(doc[start].text) in LINKS
                                         or self.is_common(doc[start])))
        ):
            start += 1
        while end > start and (doc[end - 1].is_punct or fold(doc[end - 1].text) in DETERMINERS
                               # a speaker's label closing the span ("... mg :")
                               or end - start > 1 and _speaker_label(doc, end - 1)):
            end -= 1
        if start >= end:
            return None
        span = doc[start:end]
        if self.vocab.is_protected(span.text):
            return None
        words = [t for t in span if t.is_alpha or "-" in t.text]
        if not words:
            return None
        if all(
            fold(t.text) in INTERJECTIONS or self.vocab.is_protected(t.text)
            or fold(t.text) in self.stop_words or (t.is_lower and self.is_common(t))
            for t in words
        ):
            return None
        if len(words) == 1 and fold(words[0].text) in KINSHIP | ROLES:
            return None  # a relative or a role said with a capital ("ma Belle-sœur")
        if ent.label_ == "ORG" and span.text.isupper() and len(span.text) <= 6:
            return None  # an unknown acronym is an institution, rarely a person
        if len(words) == 1 and DEMONYM.search(words[0].text) and self.is_common(words[0]) \
                and not self._in_gazetteer(words[0]):
            return None  # a nationality used as a noun, not a place
        if len(words) == 1 and self.is_common(words[0]) and (
                not self._in_gazetteer(words[0]) or self._common_after_possessive(words[0])
                and fold(words[0].text) not in self.vocab.first_names) \
                and (self._sentence_initial(words[0]) or ent.label_ != "LOC"
                     or self._said_alone(words[0]) or self._after_article(words[0])):
            return None  # an ordinary word opening a sentence, taken for a name
        return span

    def _stripped(self, ent: Span, *, family: bool) -> tuple[Doc, int, Span, list[Token]] | None:
        """The entity short of what edges a name the model reads from its slot: titles,
        determiners, fillers, links and category nouns before it (and a relative's word of
        address when ``family``; a lone commune said as one stays), determiners, punctuation
        and a speaker's label after it. ``None`` when nothing is left, when it holds a term to
        keep, is one relative's or role's word, or when a verb's small word stands inside it
        (a name's small words are links: "de la", "des")."""
        doc = ent.doc
        start, end = ent.start, ent.end
        edges = TITLES | DETERMINERS | (INTERJECTIONS - NAME_PARTICLES) | LINKS \
            | self.vocab.facility_words | (FAMILY_ADDRESS if family else frozenset())
        while start < end and (doc[start].is_punct or fold(doc[start].text) in edges) \
                and not (family and end - start == 1 and self._commune_said(doc[start])):
            start += 1
        while end > start and (doc[end - 1].is_punct or fold(doc[end - 1].text) in DETERMINERS
                               or end - start > 1 and _speaker_label(doc, end - 1)):
            end -= 1
        span = doc[start:end]
        words = [t for t in span if t.is_alpha or "-" in t.text]
        if not words or self.vocab.is_protected(span.text) \
                or any(self.vocab.is_protected(t.text) for t in words) \
                or len(words) == 1 and fold(words[0].text) in KINSHIP | ROLES \
                or any(fold(t.text) in self.stop_words and fold(t.text) not in LINKS | DETERMINERS
                       for t in words[1:]):
            return None
        return doc, start, span, words

    def _trim_lower(self, ent: Span) -> Span | None:
        """An entity typed all in lower case that :meth:`_trim` refuses for its ordinary
        words ("à x", "avec y", x a commune, y a first name, both also common nouns): the
        spoken model reads the slot, so it stands, short of its determiners, fillers and
        category nouns, if its first word is no ordinary word or is a first name, a surname or
        a commune; never with a term to keep, nor one relative's word."""
        if not ent.text.islower():
            return None
        stripped = self._stripped(ent, family=True)
        if stripped is None:
            return None
        doc, start, span, words = stripped
        v = self.vocab

        def listed(t: Token) -> bool:
            return self._in_gazetteer(t) or fold(t.text) in v.communes \
                or fold(t.text) in v.town_keys or self._commune_said(t)

        # the name opens the span: its first word is no ordinary word, or a name of the
        # gazetteers, or a later word is ("la plaine x", x a commune)
        first, key = words[0], fold(words[0].text)
        common = self.is_common(first)
        if key in INTERJECTIONS or key in self.stop_words \
                or common and not any(listed(t) for t in words):
            return None
        # words of the language right after "à", with no article, of which only the first is
        # a commune's ("à sens unique", "à vire de bord"): a phrase
        if len(words) > 1 and self._phrase_after_a(doc, start, words) \
                and not any(listed(t) for t in words[1:]):
            return None
        # one word of the language that only the surnames list ("petit", "léger"), or a number
        # said: no name typed in lower case
        if len(words) == 1 and common and key not in v.first_names and key not in v.communes \
                and key not in v.town_keys and not self._commune_said(first) \
                or all(said_number(t.text).isdigit() for t in words):
            return None
        if self._no_one_place(doc, start, words, [fold(t.text) for t in words],
                              streets=ent.label_ != "LOC"):
            return None  # (a street the model reads as a place is one: "place des x")
        # one ordinary word after a definite article ("le x"), or before more of the language
        # ("à x unique", "à y de bord"), is the noun of a phrase
        if len(words) == 1 and common and (not self._in_gazetteer(first)
                                           or key in v.ambiguous_first_names) and (
                first.i > 0 and fold(doc[first.i - 1].text) in NAME_OPENERS
                or self._noun_phrase_after(doc, first.i + 1)):
            return None  # ("rose de honte": the adjective, not the woman)
        # one ordinary word after a noun with its article ("une famille x", "une blouse y"), or
        # after an adverb of degree ("très y"), is an adjective, not a name: never
        # after a relative's, a role's or a nickname's word ("la psy x", "le petit y")
        if len(words) == 1 and common and first.i > 1 and self._qualifies(doc, first.i - 1):
            return None
        return span

    def _phrase_after_a(self, doc: Doc, start: int, words: list[Token]) -> bool:
        """Words of the language only, right after "à" with no article: a phrase ("à sens
        unique"), unless a name of the gazetteers stands in it (the callers decide)."""
        return start > 0 and fold(doc[start - 1].text) == "a" \
            and all(self.is_common(t) for t in words)

    def _qualifies(self, doc: Doc, j: int) -> bool:
        """``doc[j]`` is an adverb of degree, or a common noun after its article, that the next
        word qualifies."""
        tok, key = doc[j], fold(doc[j].text)
        if key in DEGREE_ADVERBS:
            return True
        return tok.is_lower and tok.is_alpha and self.is_common(tok) \
            and key not in self.stop_words and fold(doc[j - 1].text) in NOUN_ARTICLES \
            and key not in KINSHIP | ROLES | FAMILY_ADDRESS | CARED | NICKNAME_ADJECTIVES \
            and key not in TITLES and key not in PERSON_NOUNS \
            and key not in self.vocab.facility_words

    def _commune_said(self, token: Token) -> bool:
        """A commune said as one ("à x", "de y", "au z" for Le Z), though its word is also a
        facility's ("à bar") or a common noun."""
        doc, i = token.doc, token.i
        if i == 0 or not token.is_alpha:
            return False
        before, key = fold(doc[i - 1].text), fold(token.text)
        if before in {"a", "de", "d'"}:
            return key in self.vocab.communes
        article = CONTRACTED_ARTICLES.get(before)
        return article is not None and f"{article} {key}" in self.vocab.communes

    def _named_after_noun(self, ent: Span) -> Span | None:
        """An organisation the model reads whole right after the noun of a body of members
        ("l'asso x y z"), of a group or a channel ("un canal x y", "le groupe whatsapp z"), or
        after "chez" and a bare trade noun ("chez x de l'y", French puts
        no bare noun after "chez" but a firm's name): the name goes whole, stop words and
        trade noun included, short of the punctuation and the speaker's label after it; never
        with a verb or a term to keep alone, never a relative or a role. A doubt."""
        doc = ent.doc
        start, end = ent.start, ent.end
        if ent.label_ not in ("ORG", "PER") or start == 0 or not ent.text.islower():
            return None
        before, first = fold(doc[start - 1].text), doc[start]
        if before in GROUP_PLATFORM_WORDS and start > 1:
            before = fold(doc[start - 2].text)  # "un groupe whatsapp x y"
        # a group's or a channel's name is read as a body of members' (a person's too, as the
        # model may type it); a firm's or an association's is an organisation
        members = before in MEMBERS_NOUNS or before in GROUP_NOUN_WORDS
        firm = before == "chez"
        if not (members or firm) or ent.label_ != "ORG" and before not in GROUP_NOUN_WORDS:
            return None
        if fold(first.text) in {"de", "des", "du", "d'"}:
            return None  # what the group is ("le groupe telegram des anciens du x"), no name
        if firm:
            key = fold(first.text)
            if end - start < 2 or not first.is_alpha or not self.is_common(first) \
                    or key in self.stop_words or key in KINSHIP | ROLES | FAMILY_ADDRESS \
                    or key in PERSON_NOUNS or key in TITLES or key in DETERMINERS:
                return None
        while end > start and (doc[end - 1].is_punct or fold(doc[end - 1].text) in DETERMINERS
                               or fold(doc[end - 1].text) in INTERJECTIONS
                               or end - start > 1 and _speaker_label(doc, end - 1)):
            end -= 1
        span = doc[start:end]
        words = [t for t in span if t.is_alpha or "-" in t.text]
        if firm and all(self.is_common(t) for t in words[1:]):
            return None  # "chez cave du marché": a shop named by its kind and what is near
        if len(words) < 2 or self.vocab.is_protected(span.text) \
                or any(self.common.is_verb(t.text) and fold(t.text) not in self.stop_words
                       or fold(t.text) in AUXILIARIES for t in words) \
                or any(fold(t.text) in CLAUSE_OPENERS for t in words[1:]) \
                or all(fold(t.text) in self.stop_words | INTERJECTIONS
                       or self.vocab.is_protected(t.text) for t in words):
            return None
        return span

    def _trim_org(self, ent: Span) -> Span | None:
        """An organisation the model reads from its slot whose words are ordinary ones, as
        local bars, shops, associations and hospitals are named ("au bar le x", "chez y z",
        "à la w"): it stands as a doubt, short of its determiners, fillers and category nouns;
        never with a term to keep or a verb, never people or what a place is for, and one
        ordinary word only where one goes (``_org_slot``)."""
        if ent.label_ != "ORG":
            return None
        stripped = self._stripped(ent, family=False)
        if stripped is None:
            return None
        doc, start, span, words = stripped
        end = span.end
        if all(fold(t.text) in self.stop_words | INTERJECTIONS for t in words):
            return None
        # people ("au foyer les éducateurs") or what a place is for ("le foyer des jeunes
        # travailleurs"), in words of the language only: no name
        keys = [fold(t.text) for t in words]
        if all(self.is_common(t) for t in words) and (
                keys[0] in GENERIC_COMPLEMENTS or keys[0].rstrip("s") in KINSHIP | ROLES | CARED
                or keys[0] in NOT_SHOP_NAMES):
            return None
        # the name goes on into a term to keep ("le X Corse"): a product, not a place
        if end < len(doc) and doc[end].is_alpha and self.vocab.is_protected(doc[end].text):
            return None
        # one ordinary word names a place where one goes ("chez x", "au y", "à la z", "le CSAPA
        # la w"), never a time or a person ("au café le matin"), nor after "de la" ("de la x
        # pour eux") or a verb ("c'était les x", "le x soufflait")
        if len(words) == 1 and self.is_common(words[0]) and (
                not self._org_slot(doc, start) or fold(words[0].text) in NOT_SHOP_NAMES):
            return None
        # words of the language right after "à", with no article: a phrase ("à sens unique")
        if span.text.islower() and self._phrase_after_a(doc, start, words):
            return None
        if self._no_one_place(doc, start, words, keys):
            return None
        return span

    def _no_one_place(self, doc: Doc, start: int, words: list[Token], keys: list[str], *,
                      streets: bool = True) -> bool:
        """Words of the language only that name no one place: a street's word that is also a
        noun, then more ("le chemin de la x": the streets' rules decide), "le x du coin" (the
        nearest one), or anything after an indefinite article ("un petit x"). ``keys`` are the
        words folded."""
        return len(words) > 1 and all(self.is_common(t) for t in words) and (
            streets and keys[0] in COMMON_STREETS or keys[-1] == "coin"
            or keys[0] in FIRST_ORDINALS  # "le premier étage", "au premier plan"
            or start > 0 and fold(doc[start - 1].text) in {"un", "une"})

    def _org_slot(self, doc: Doc, i: int) -> bool:
        """Where one goes stands before ``i``: "chez", "au", "aux", or an article after "à",
        "chez", "vers", "devant", or after a facility's noun phrase ("le CSAPA la x", "la
        maison de retraite les y", "les urgences de la z")."""
        before = fold(doc[i - 1].text) if i > 0 else ""
        if before in {"chez", "au", "aux"}:
            return True
        if before not in NAME_OPENERS or i < 2:
            return False
        return fold(doc[i - 2].text) in GOING_TO \
            or any(fold(t.text) in self.vocab.facility_words | self.vocab.facility_phrase_ends
                   or fold(t.text) in DIRECT_FACILITIES for t in doc[max(0, i - 4):i - 1])

    def _noun_phrase_after(self, doc: Doc, j: int) -> bool:
        """A word of the language goes on after ``j``: an adjective or a noun ("x unique"), or
        a complement ("x de bord"), as after a common noun, never after a town."""
        def content(k: int) -> bool:
            return k < len(doc) and doc[k].is_lower and doc[k].is_alpha \
                and fold(doc[k].text) not in self.stop_words \
                and fold(doc[k].text) not in INTERJECTIONS and self.is_common(doc[k]) \
                and fold(doc[k].text) not in WHEN_SAID  # ("x hier": when, no phrase)
        return content(j) or j < len(doc) and fold(doc[j].text) in {"de", "du", "des", "d'"} \
            and content(j + 1)

    def _after_article(self, token: Token) -> bool:
        """An ordinary word capitalised after a lower-case article or possessive ("le X",
        "ma X"), no town nor neighbourhood of the gazetteer: a common noun written with a
        capital (a body part, an illness, an institution), not a place's name. After a
        preposition ("à X", "au X") the place rules decide."""
        doc, i = token.doc, token.i
        return i > 0 and doc[i - 1].is_lower and fold(doc[i - 1].text) in NOUN_ARTICLES \
            and fold(token.text) not in self.vocab.town_keys \
            and (i < 2 or doc[i - 2].is_punct or doc[i - 2].is_space or (
                # a verb or a pronoun before the article, not a noun that the name would follow
                # in apposition ("la maison de retraite les X") nor a preposition of place
                fold(doc[i - 2].text) in self.stop_words
                and fold(doc[i - 2].text) not in PLACE_PREPOSITIONS | {"en", "chez"})) \
            and not self._beside_name(doc, i)

    def _beside_name(self, doc: Doc, i: int) -> bool:
        """The next or the previous item of a list ("X, la Y, Z") is a name: the word is one
        of a list of names (hospitals, shops), not a common noun."""
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(doc) and doc[j].is_lower and fold(doc[j].text) in NOUN_ARTICLES:
                j += step
            if not (0 <= j < len(doc) and doc[j].text == ","):
                continue
            j += step
            k = j
            while 0 <= k < len(doc) and doc[k].is_lower and fold(doc[k].text) in NOUN_ARTICLES:
                k += step
            if not 0 <= k < len(doc) or self.is_common(doc[k]) or not self._is_name_like(doc[k]):
                continue
            # an unknown word after an article is read by the same rule ("le X, le Y"); a
            # name said bare, or one of the gazetteers, is a name
            if k == j or self._in_gazetteer(doc[k]) or fold(doc[k].text) in self.vocab.town_keys:
                return True
        return False

    def _said_alone(self, token: Token) -> bool:
        """An ordinary word said alone between pauses ("Franchement, X, Y, c'était..."), no
        town of the gazetteer: an interjection or an adverb, no place."""
        doc, i = token.doc, token.i
        before = doc[i - 1].text if i else "."
        after = doc[i + 1].text if i + 1 < len(doc) else "."
        return before in {",", "!", "?", "..."} and after in {",", "!", "?", ".", "..."} \
            and fold(token.text) not in self.vocab.town_keys


def _family_word(token: Token) -> bool:
    return token.text[:1].isupper() and fold(token.text) in FAMILY_ADDRESS


def _speaker_label(doc: Doc, i: int) -> bool:
    """A transcript's speaker label: a short code in lower case or capitals right before a
    colon ("mg :", "TS :", "e :")."""
    tok = doc[i]
    return i + 1 < len(doc) and doc[i + 1].text == ":" and len(tok.text) <= 4 \
        and tok.is_alpha and (tok.is_lower or tok.is_upper)
