"""Establishments: a bar's, a shop's, a hospital's or a company's name after its facility
noun or in apposition, capitalised or typed in lower case, and shops named after a
common noun."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from ..vocab import INTERJECTIONS
from .base import Candidate, RuleBase, Tokens, _end, fold
from .words import (
    APPOSITION_NEXT,
    BAR_NAMES,
    BARS,
    BODY_NOUNS,
    BRANCH_NOUNS,
    CARDINAL_POINTS,
    CLAUSE_OPENERS,
    COMPOUND_HEADS,
    CORRECTION_WORDS,
    DIRECT_FACILITIES,
    FACILITY_ADJECTIVES,
    FACILITY_TAILS,
    FILLER_ADJECTIVES,
    FIRM_CLOSERS,
    FIRM_CUES,
    FIRM_SUFFIXES,
    FIRM_TAILS,
    FRIENDS_NAMES,
    GENERIC_COMPLEMENTS,
    HOSPITAL_NOUNS,
    INTO_ESTABLISHMENT,
    KINSHIP,
    LINKS,
    MEMBERS_LINKS,
    MEMBERS_NOT_NAMES,
    MEMBERS_NOUNS,
    NAME_ARTICLES,
    NAME_INNER_LINKS,
    NAME_OPENERS,
    NAMED_SHOPS,
    NOT_FACILITY_NAMES,
    NOT_FACILITY_NOUNS,
    NOT_SHOP_NAMES,
    OF,
    PLACE_ADVERBS,
    POSSESSIVES,
    ROLES,
    SAID_NUMBERS,
    SHOP_OWN_NAMES,
    SINGULAR_ARTICLES,
    SURNAME_PARTICLES,
    TRADE_DETERMINERS,
    WHEN_WORDS,
)

# where a firm's name read backwards from "services" stops: a filler, or where one works for it
_FIRM_NAME_STOPS = INTERJECTIONS | FIRM_CUES


# what says one body before its noun ("l'association", "du réseau")
_BODY_ARTICLES = frozenset({"l'", "le", "la", "du", "au"})
# an article right before a name ("la x", "l'y")
ARTICLE_BEFORE = re.compile(r"(?i)(?:(?<![\w'’])(?:le|la|les)\s+|(?<![\w'’])l['’]\s*)$")
# a word, hyphenated or not ("après-midi")
FIRST_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class EstablishmentRules(RuleBase):
    """The rules for named establishments."""

    def _after_facility(self, doc: Tokens, i: int, key: str) -> Iterator[Candidate]:
        k = i + 1
        while k < len(doc) and fold(doc[k].text) in LINKS and doc[k].is_lower:
            k += 1
        # one adjective between the facility noun and a named place ("la résidence sociale Les X")
        if k + 1 < len(doc) and doc[k].is_lower and doc[k].is_alpha \
                and doc[k + 1].text in NAME_ARTICLES:
            k += 1
        if k >= len(doc):
            return
        first = k + 1 if doc[k].text in NAME_ARTICLES else k
        end = self._name_run(doc, first, links=True, places=True)
        if end == first and first > k:
            # a capitalised article after the noun opens a name even of ordinary words ("la
            # boulangerie Au Bon X"): its capitalised words, up to four
            while end < min(len(doc), first + 4) and doc[end].is_title and doc[end].is_alpha:
                end += 1
        if end > first and end < len(doc) and doc[end].like_num and len(doc[end]) <= 3:
            end += 1  # a short number ending a company's name
        if end > first:
            # "chez X" is as often a person as an employer: let person rules win
            # "chez X" and "la famille X" are as often people: let person rules win
            priority = 60 if key in self.vocab.facility_words else 40
            yield doc[k].idx, _end(doc[end - 1]), "ORG", 35 if key == "chez" else priority, \
                "facility"
            return
        # apposition: "le bar d'en face, Le X", "une entreprise de nettoyage, X"
        j = k
        while j < min(len(doc), k + 5) and doc[j].text != "," and not doc[j].is_sent_end:
            if doc[j].is_punct:
                return
            j += 1
        if j + 1 < len(doc) and doc[j].text == ",":
            first = j + 2 if doc[j + 1].text in NAME_ARTICLES else j + 1
            while first < len(doc) and fold(doc[first].text) in {"la", "le", "les", "l'"} \
                    and doc[first].is_lower:
                first += 1
            end = self._name_run(doc, first, links=True, places=True)
            if end > first and not all(self.is_common(t) for t in doc[first:end]) \
                    or (end > first and doc[j + 1].text in NAME_ARTICLES):
                yield doc[j + 1].idx, _end(doc[end - 1]), "ORG", 45, "facility"

    def _named_as_facility(self, doc: Tokens) -> Iterator[Candidate]:
        """A name then what it is: "L'X, c'est le bar du port", "Le X, c'était notre café",
        "au X, le bar de la gare" (typed in lower case too: then a doubt, replaced where it
        stands)."""
        for i, tok in enumerate(doc.tokens[:-4]):
            if tok.text != "," or i == 0:
                continue
            k = i + 1
            said = fold(doc[k].text) in {"c'", "c'est", "c'etait"}
            if said:
                k += 1 + (fold(doc[k].text) == "c'")
            if k + 1 < len(doc) and fold(doc[k].text) in POSSESSIVES | {"un", "une", "notre"}:
                k += 1
            elif not said:
                continue
            if k >= len(doc) or fold(doc[k].text) not in self.vocab.facility_words:
                continue
            j = i
            while j > max(0, i - 4) and self._is_name_like(doc[j - 1]):
                j -= 1
            # ordinary words name a place only after a capitalised article ("L'X", "Le X"), or
            # capitalised where one goes, the facility named after them ("au X, le bar en face")
            if j < i and (j > 0 and doc[j - 1].text in NAME_ARTICLES
                          or not all(self.is_common(t) for t in doc[j:i])
                          or not said and j > 0 and doc[j - 1].text in INTO_ESTABLISHMENT):
                yield doc[j].idx, _end(doc[i - 1]), "ORG", 45, "facility"
            elif j == i and not said and i > 1 and k + 1 < len(doc) \
                    and fold(doc[i - 2].text) in INTO_ESTABLISHMENT \
                    and fold(doc[k + 1].text) in APPOSITION_NEXT \
                    and doc[i - 1].is_lower and doc[i - 1].is_alpha and len(doc[i - 1]) > 2 \
                    and fold(doc[i - 1].text) not in self.stop_words \
                    and fold(doc[i - 1].text) not in INTERJECTIONS \
                    and fold(doc[i - 1].text) not in self.vocab.facility_words \
                    and not self.vocab.is_protected(doc[i - 1].text):
                # "au x, le bar de la cité": the facility noun then a complement, no verb
                yield doc[i - 1].idx, _end(doc[i - 1]), "ORG", 40, "facility-lower"

    @staticmethod
    def _at_place(doc: Tokens, i: int) -> bool:
        """The noun at ``i`` is where one goes or comes from: "au bar", "à la boulangerie",
        "du café" ("c'était pas le bar le problème" is no place)."""
        prev = fold(doc[i - 1].text) if i else ""
        return prev in {"au", "du", "aux"} or (
            prev in {"la", "l'"} and i > 1 and fold(doc[i - 2].text) in {"a", "de"})

    def _foreign_names(self, doc: Tokens) -> Iterator[Candidate]:
        """A name in lower case right after its facility noun (its article or "chez"
        between), made of words that are none of the language's, as bars, shops and
        associations take in Corsican, Alsatian, Creole or Breton ("le bar u x", "la winstub
        zum x", "l'association x"): one to three words, none a stop word, a term to keep or a
        first name alone. A doubt."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-1]):
            key = fold(tok.text)
            if not tok.is_lower or not (key in v.facility_words or key in FACILITY_TAILS
                                        or key in DIRECT_FACILITIES) \
                    or key in NOT_FACILITY_NOUNS:
                continue
            k = i + 1
            if fold(doc[k].text) in {"le", "la", "les", "l'", "chez"} and k + 1 < n:
                k += 1
            j = k
            while j < min(n, k + 3) and doc[j].is_lower and doc[j].text.replace("-", "").isalpha() \
                    and fold(doc[j].text) not in self.stop_words \
                    and fold(doc[j].text) not in INTERJECTIONS \
                    and fold(doc[j].text) not in v.facility_words \
                    and not v.is_protected(doc[j].text):
                j += 1
            while k < j and fold(doc[k].text) in FACILITY_ADJECTIVES:
                k += 1  # the facility's kind, not its name ("la maison de santé
                # pluriprofessionnelle", "l'épicerie solidaire x": x alone)
            words = doc[k:j]
            if j == k or all(t.text in self.common for t in words) \
                    or j == k + 1 and (fold(doc[k].text) in v.first_names
                                       or fold(doc[k].text) in v.town_keys or len(doc[k]) < 4):
                continue
            yield doc[k].idx, _end(doc[j - 1]), "ORG", 40, "facility-lower"

    def _bar_names(self, doc: Tokens) -> Iterator[Candidate]:
        """A bar's or a snack's name typed in lower case after its noun and "le" or "la", one
        or two words then a pause, a filler or where it stands ("au bar le x.", "au snack
        le y z euh", "au pmu le w à v"): the name, though a region, a regional word or a
        demonym ("le bar le x" for a bar called after a region); never a time or people ("au
        bar le soir", "au café la patronne"). A doubt."""
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-2]):
            if not tok.is_lower or fold(tok.text) not in BARS | {"snack", "chalet", "pub"} \
                    or fold(doc[i + 1].text) not in {"le", "la"} or not doc[i + 1].is_lower \
                    or not self._at_place(doc, i):
                continue
            k = i + 2
            j = k
            while j < min(n, k + 2) and doc[j].is_lower and doc[j].is_alpha and len(doc[j]) > 2 \
                    and fold(doc[j].text) not in self.stop_words \
                    and fold(doc[j].text) not in INTERJECTIONS \
                    and fold(doc[j].text) not in NOT_SHOP_NAMES | KINSHIP | ROLES \
                    and fold(doc[j].text) not in self.vocab.facility_words \
                    and not self.common.is_verb(doc[j].text):
                j += 1
            if j == k or j < n and doc[j].text not in {",", ".", "...", "…", ";"} \
                    and fold(doc[j].text) not in {"euh", "a", "avec", "en", "sur", "tous"}:
                continue
            yield doc[k].idx, _end(doc[j - 1]), "ORG", 40, "facility-common"

    def _hospitals_of_regions(self, doc: Tokens) -> Iterator[Candidate]:
        """A hospital named after a mountain range or a region said in the plural ("l'hôpital
        des x", "le centre hospitalier des y"): one hospital's own name, "des" inside, though
        the region alone stays."""
        v = self.vocab
        for i, tok in enumerate(doc.tokens[:-2]):
            key = fold(tok.text)
            if not (key in HOSPITAL_NOUNS or key == "hospitalier" and i
                    and fold(doc[i - 1].text) == "centre") or fold(doc[i + 1].text) != "des":
                continue
            place = doc[i + 2]
            if place.is_alpha and fold(place.text) in v.keep_places \
                    and fold(place.text) not in v.first_names:
                yield doc[i + 1].idx, _end(place), "ORG", 60, "facility"

    def _lower_establishments(self, doc: Tokens) -> Iterator[Candidate]:
        """A bar's, a shop's or a club's name typed in lower case between its facility noun and
        its town: "le bar le x à y", "l'asso x y à z", "le bar chez x à y". One to four words,
        none a stop word ("au bar tous les soirs à y" names nothing); replaced where they
        stand, a doubt."""
        v = self.vocab
        yield from self._foreign_names(doc)
        yield from self._lower_compound_establishments(doc)
        yield from self._lower_names_after_article(doc)
        yield from self._lower_names_after_of(doc)
        yield from self._trade_after_chez(doc)
        yield from self._lower_apposition(doc)
        yield from self._hospitals_of_regions(doc)
        yield from self._bar_names(doc)
        yield from self._service_firms(doc)
        yield from self._body_names(doc)
        for i, tok in enumerate(doc.tokens[:-3]):
            key = fold(tok.text)
            if not tok.is_lower or not (key in v.facility_words or key in FACILITY_TAILS):
                continue
            k = i + 1
            if fold(doc[k].text) in {"le", "la", "les", "l'", "chez"} and doc[k].is_lower:
                k += 1
            j = k
            while j < min(len(doc), k + 4) and doc[j].is_lower and len(doc[j]) > 1 \
                    and (doc[j].is_alpha or "-" in doc[j].text) \
                    and fold(doc[j].text) not in self.stop_words \
                    and fold(doc[j].text) not in INTERJECTIONS \
                    and fold(doc[j].text) not in v.facility_words \
                    and not v.is_protected(doc[j].text):
                j += 1
            if j == k + 1 and k > i + 1 and (j >= len(doc) or doc[j].text in {",", ".", "..."}) \
                    and (fold(doc[k - 1].text) == "chez"
                         or fold(doc[k].text) not in NOT_SHOP_NAMES | KINSHIP | ROLES
                         and fold(doc[k - 1].text) in SINGULAR_ARTICLES
                         and self._at_place(doc, i)):
                # "le bar chez x, ...", "au bar le x, ...": a shop named after its owner or
                # called by one word, no town needed; never a time or people ("au café le
                # matin, ...", "à la pharmacie la dame, ...")
                yield doc[k].idx, _end(doc[k]), "ORG", 40, "facility-lower"
                continue
            if j == k or j + 1 >= len(doc) or fold(doc[j].text) not in {"a", "à"}:
                continue
            town = next((n for n in (3, 2, 1) if j + 1 + n <= len(doc)
                         and fold(doc[j + 1:j + 1 + n].text) in v.town_keys), 0)
            if town:
                # after "chez" the trade is the company's name ("chez transports x à y")
                start = tok.idx if i and fold(doc[i - 1].text) == "chez" else doc[k].idx
                yield start, _end(doc[j - 1]), "ORG", 40, "facility-lower"

    def _body_names(self, doc: Tokens) -> Iterator[Candidate]:
        """An association's or a network's name said right after its noun, in apposition, in
        either case: "l'association x y z", "du réseau w addictions". One to four words, none a
        stop word, a filler or a lower-case verb (a kept place may look like one: "jura"), the
        first no adjective ("l'association locale"); not only words of the language ("le
        réseau santé mentale": a kind), nor a term to keep (a national body stays). A doubt,
        replaced where it stands."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-1]):
            if fold(tok.text) not in BODY_NOUNS or not (tok.is_lower or tok.is_title) \
                    or i == 0 or fold(doc[i - 1].text) not in _BODY_ARTICLES:
                continue
            j = i + 1
            while j < min(n, i + 5) and (doc[j].is_alpha or "-" in doc[j].text) \
                    and len(doc[j]) > 1 and not doc[j].is_upper and not self._is_stop(doc[j].text) \
                    and fold(doc[j].text) not in BODY_NOUNS \
                    and not (doc[j].is_lower and self.common.is_verb(doc[j].text)
                             and not v.is_protected(doc[j].text)):  # "jura": no verb here
                j += 1
            name = doc[i + 1:j].text
            # a name of ordinary words only is as often a kind ("le réseau santé mentale")
            if j == i + 1 or self.common.is_adjective(doc[i + 1].text) \
                    and not v.is_protected(doc[i + 1].text) \
                    or v.is_protected(name) \
                    or self.common.all_common(name):
                continue
            yield doc[i + 1].idx, _end(doc[j - 1]), "ORG", 40, "body-name"

    def _service_firms(self, doc: Tokens) -> Iterator[Candidate]:
        """A firm named in lower case by one to three words and "services", where one works
        for it ("chez x y services", "pour z w services", "un sous-traitant v services"):
        the whole name, a region or a trade inside it too. The same with a trade it closes
        with (``FIRM_CLOSERS``: "chez x nettoyage", "son employeur (y conseil)") where a word
        of the name is no word of the language or a cardinal point ("pour demander conseil"
        names no firm). A doubt."""
        for i, tok in enumerate(doc):
            closer = fold(tok.text)
            if closer != "services" and closer not in FIRM_CLOSERS or not tok.is_lower:
                continue
            j = i - 1
            while j >= 0 and i - j <= 3 and doc[j].is_lower \
                    and (doc[j].is_alpha or "-" in doc[j].text) \
                    and fold(doc[j].text) not in self.stop_words \
                    and fold(doc[j].text) not in _FIRM_NAME_STOPS:
                j -= 1
            cue = j - 1 if j > 0 and doc[j].text == "(" else j
            if not (j < i - 1 and cue >= 0 and fold(doc[cue].text) in FIRM_CUES):
                continue
            if closer != "services" and not any(
                    not self.is_common(doc[k]) or fold(doc[k].text) in CARDINAL_POINTS
                    for k in range(j + 1, i)):
                continue
            yield doc[j + 1].idx, _end(tok), "ORG", 40, "facility-lower"

    def _placed_firms(self, doc: Tokens) -> Iterator[Candidate]:
        """A firm named, capitalised, by its trade and a place it takes its name from, in either
        order: a river, a region, a cardinal point or a demonym then the trade ("Loire
        Menuiserie", "Sud Logistique"), or the trade then the place ("Menuiserie Alsacienne");
        never at a sentence's start, where a capital says nothing. The trades are
        ``firm_trades.txt`` and ``FIRM_CLOSERS``. A doubt."""
        v = self.vocab
        trades = v.firm_trades | FIRM_CLOSERS
        for i, tok in enumerate(doc.tokens[:-1]):
            nxt = doc[i + 1]
            if i == 0 or doc[i - 1].is_sent_end or doc[i - 1].text in {".", "!", "?", ":"} \
                    or not (tok.is_title and nxt.is_title and tok.is_alpha):
                continue
            if self._placed(tok) and fold(nxt.text) in trades \
                    or fold(tok.text) in trades and self._placed(nxt):
                end = i + 2  # the places that follow ("Habitat Est Parisien")
                while end < len(doc) and doc[end].is_title and self._placed(doc[end]):
                    end += 1
                yield tok.idx, _end(doc[end - 1]), "ORG", 40, "facility"

    def _placed(self, tok: Token) -> bool:
        """A word a firm takes its place from: a kept place (a river, a region), a demonym or
        a cardinal point."""
        key = fold(tok.text)
        return key in self.vocab.keep_places or key in self.vocab.demonyms \
            or key in CARDINAL_POINTS

    def _lower_apposition(self, doc: Tokens) -> Iterator[Candidate]:
        """A bar's or a shop's name typed in lower case in apposition, its article included,
        between two pauses after its facility noun: "le bar d'en face, le x, il a fermé", "le
        PMU à côté, la y." One to three words, none a stop word, a time, a person or a term
        to keep, the first no verb. A doubt."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-3]):
            key = fold(tok.text)
            if not (tok.is_lower or tok.is_upper) or key not in v.trade_words \
                    or key in NOT_FACILITY_NOUNS:
                continue
            j = i + 1
            while j < min(n, i + 6) and doc[j].text != "," and not doc[j].is_punct:
                j += 1
            k = j + 1
            if j >= n or doc[j].text != "," or k >= n or not doc[k].is_lower \
                    or fold(doc[k].text) not in SINGULAR_ARTICLES:
                continue  # "les x" are as often people ("le café, les habitués, ...")
            first = end = k + 1
            while end < min(n, first + 3) and doc[end].is_lower \
                    and (doc[end].is_alpha or "-" in doc[end].text) \
                    and fold(doc[end].text) not in self.stop_words \
                    and fold(doc[end].text) not in INTERJECTIONS \
                    and not v.is_protected(doc[end].text):
                end += 1
            if end == first or end < n and doc[end].text not in {",", ".", "...", "…"}:
                continue
            words = {fold(t.text) for t in doc[first:end]}
            if words & (NOT_SHOP_NAMES | KINSHIP | ROLES | NOT_FACILITY_NAMES) \
                    or any(w in v.facility_words for w in words) \
                    or self.common.is_verb(doc[first].text):
                continue
            yield doc[first].idx, _end(doc[end - 1]), "ORG", 40, "facility-lower"

    def _ends_facility_phrase(self, doc: Tokens, i: int) -> bool:
        """The tokens ending at ``i`` say a facility in several words ("l'accueil de jour",
        "la maison de santé"; facility_words.txt)."""
        phrases = self.vocab.facility_phrases
        if fold(doc[i].text) not in self.vocab.facility_phrase_ends:
            return False
        for n in (2, 3, 4):
            if i - n + 1 < 0:
                break
            said = " ".join(fold(t.text) for t in doc[i - n + 1:i + 1]).replace("' ", "'")
            if said in phrases:
                return True
        return False

    def _trade_after_chez(self, doc: Tokens) -> Iterator[Candidate]:
        """A firm or a shop typed in lower case as its trade then its name right after "chez",
        with no article ("chez optique x", "chez transports x y", "chez nettoyage x services"):
        French says "chez le boulanger" of a shop and "chez <trade> <name>" of a company's
        name, which the trade opens; after "des", "aux" too when the trade is a firm's and a
        word of the name is no word of the language ("je suis x des transports y", "il a
        travaillé aux ateliers z"), and after "pour" ("il bosse pour bâtiment x"). One to four
        words up to a pause or a stop word, none a term to keep. A doubt."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-2]):
            cue = fold(tok.text)
            if cue not in {"chez", "des", "aux", "pour"}:
                continue
            k = i + 1
            trade = fold(doc[k].text)
            if not doc[k].is_lower or not (trade in v.firm_trades or trade in v.trade_words) \
                    or trade in NOT_FACILITY_NOUNS or v.is_protected(doc[k].text) \
                    or cue != "chez" and trade not in v.firm_trades:
                continue
            j = k + 1
            while j < min(n, k + 5) and doc[j].is_lower \
                    and (doc[j].is_alpha or "-" in doc[j].text or doc[j].text in {"d'", "l'"}) \
                    and (len(doc[j]) > 1 and fold(doc[j].text) not in self.stop_words
                         # a surname's particle before the rest of it ("bâtiment da x")
                         or fold(doc[j].text) in SURNAME_PARTICLES and j + 1 < n
                         and doc[j + 1].is_lower and doc[j + 1].is_alpha
                         # a link inside the name, a word after it ("ambulances du x"); an
                         # article only after "de" ("transports x le patron" ends at x)
                         or fold(doc[j].text) in NAME_INNER_LINKS
                         and (fold(doc[j].text) not in NAME_OPENERS
                              or fold(doc[j - 1].text) in OF
                              or j + 1 < n and not self.is_common(doc[j + 1]))
                         and j + 1 < n and doc[j + 1].is_lower and doc[j + 1].is_alpha
                         and fold(doc[j + 1].text) not in self.stop_words | NAME_INNER_LINKS) \
                    and fold(doc[j].text) not in INTERJECTIONS \
                    and not v.is_protected(doc[j].text):
                j += 1
            if cue == "chez" and j < n and fold(doc[j].text) in FIRM_TAILS \
                    and self._name_closed(doc, j + 1):
                # a name that closes on a word of its own ("chez propreté plus 93", "chez x
                # pro"), never a comparison ("chez coiffure plus de deux ans")
                j += 1
                if j < n and doc[j].text.isdigit() and len(doc[j].text) in (2, 3):
                    j += 1  # its département
            words = [fold(t.text) for t in doc[k + 1:j] if fold(t.text) not in NAME_INNER_LINKS]
            if any(w in GENERIC_COMPLEMENTS for w in words) and not self._town_next(doc, j):
                continue  # "chez boucherie du coin" names no one place without its town
            if j == k + 1 or j < n and doc[j].is_alpha and not doc[j].is_lower \
                    or fold(doc[k + 1].text) in KINSHIP | ROLES | NOT_SHOP_NAMES:
                continue
            if cue != "chez" and all(self.is_common(t) and not self._in_gazetteer(t)
                                     for t in doc[k + 1:j]):
                continue  # "des transports x", "aux ateliers y": a name, never only words
            yield doc[k].idx, _end(doc[j - 1]), "ORG", 40, "facility-lower"

    def _name_closed(self, doc: Tokens, j: int) -> bool:
        """Nothing of the phrase goes on at ``doc[j]``: the end, a pause, a département
        number, or a word that opens another clause or a place or a time ("et", "il",
        "depuis", "à"; never "de", "que" or an adverb: "plus souvent")."""
        if j >= len(doc):
            return True
        return doc[j].is_punct or doc[j].text.isdigit() or fold(doc[j].text) in CLAUSE_OPENERS

    def _no_name_head(self, text: str, cand: Candidate) -> bool:
        """A lower-case name found after a facility's noun whose first word is a verb, a
        time of day or a place's adverb ("au tabac prendre ...", "la famille habite ...", "au
        bar l'après-midi", "qu'on se voie ici"): what is done or when, no name; a verb's form
        after an article may be a name. Whatever rule read it (``facility-lower``)."""
        m = FIRST_WORD.search(text, cand[0], cand[1])
        if m is None:
            return False
        word = m.group(0)
        key = fold(word)
        # (a name with its own article may be a verb's form: "le CSAPA la x")
        named = ARTICLE_BEFORE.search(text, max(0, cand[0] - 6), cand[0]) is not None
        return key in WHEN_WORDS | PLACE_ADVERBS or not named and self.common.is_verb(word)

    def _adjective_not_filler(self, doc: Tokens, j: int) -> bool:
        """A filler that is also an adjective, before the noun it qualifies inside a name ("le
        bon x"), not said as a filler ("le bar le bon euh")."""
        return fold(doc[j].text) in FILLER_ADJECTIVES and j + 1 < len(doc) \
            and doc[j + 1].is_lower and doc[j + 1].is_alpha \
            and fold(doc[j + 1].text) not in self.stop_words | INTERJECTIONS

    def _lower_names_after_article(self, doc: Tokens) -> Iterator[Candidate]:
        """A facility's name typed in lower case with its own article right after the facility
        noun ("le bar le x", "au CSAPA la x y", "l'accueil de jour l'x", "la résidence les x de
        y"): a common noun cannot follow another with an article and no preposition, so the
        words up to the next stop word, filler or punctuation are a name, unless they are a
        time, a person or a role ("au café le matin", "au foyer les éducateurs"). A doubt."""
        v = self.vocab
        for i, tok in enumerate(doc.tokens[:-2]):
            if not (tok.is_lower or tok.is_upper):
                continue
            key = fold(tok.text)
            phrase = self._ends_facility_phrase(doc, i)
            if not (key in v.facility_words or key in FACILITY_TAILS or key in DIRECT_FACILITIES
                    or phrase):
                continue
            k = i + 1
            # one adjective between ("l'épicerie solidaire la x")
            if fold(doc[k].text) in FACILITY_ADJECTIVES and k + 1 < len(doc):
                k += 1
            if fold(doc[k].text) not in NAME_OPENERS or not doc[k].is_lower:
                continue
            first = k + 1
            j = first
            while j < min(len(doc), first + 5) and doc[j].is_lower \
                    and (doc[j].is_alpha or "-" in doc[j].text
                         or j > first and fold(doc[j].text) == "d'") \
                    and (fold(doc[j].text) not in INTERJECTIONS
                         or self._adjective_not_filler(doc, j)) \
                    and not (j > first and self.common.is_verb(doc[j].text)) \
                    and (fold(doc[j].text) not in self.stop_words
                         or fold(doc[j].text) in SAID_NUMBERS
                         and (j == first or fold(doc[j - 1].text) in NAME_INNER_LINKS)
                         or j > first and fold(doc[j].text) in NAME_INNER_LINKS
                         and not (fold(doc[j].text) in NAME_OPENERS
                                  and fold(doc[j - 1].text) not in {"de", "d'", "et"})
                         and j + 1 < len(doc) and doc[j + 1].is_lower
                         and (fold(doc[j + 1].text) not in self.stop_words | NAME_INNER_LINKS
                              or fold(doc[j + 1].text) in SAID_NUMBERS)):
                j += 1
            if j == first or fold(doc[j - 1].text) in NAME_INNER_LINKS:
                continue
            head = fold(doc[first].text)
            if head in NOT_SHOP_NAMES | KINSHIP | ROLES | NOT_FACILITY_NAMES \
                    and not self._friends_of(doc, first, j) \
                    or head in INTERJECTIONS and not self._adjective_not_filler(doc, first) \
                    or v.is_protected(doc[first].text) \
                    or key in NOT_FACILITY_NOUNS and not phrase \
                    or j == first + 1 and self.common.is_verb(doc[first].text) \
                    and not (j < len(doc) and fold(doc[j].text) in INTERJECTIONS) \
                    or j < len(doc) and doc[j].is_alpha and not doc[j].is_lower:
                continue
            yield doc[first].idx, _end(doc[j - 1]), "ORG", 40, "facility-lower"
            # corrected at once ("le bar le x non pardon le y"): the other name too
            m = j
            while m < len(doc) and (fold(doc[m].text) in CORRECTION_WORDS or doc[m].text == ","):
                m += 1
            said = {fold(t.text) for t in doc[j:m]}
            if ("non" in said or "pardon" in said) \
                    and m + 1 < len(doc) and fold(doc[m].text) in NAME_OPENERS \
                    and fold(doc[m + 1].text) not in NOT_SHOP_NAMES | KINSHIP | ROLES \
                    and fold(doc[m + 1].text) not in NOT_FACILITY_NAMES \
                    and doc[m + 1].is_lower and doc[m + 1].is_alpha and len(doc[m + 1]) > 2 \
                    and fold(doc[m + 1].text) not in self.stop_words | INTERJECTIONS \
                    and not self.common.is_verb(doc[m + 1].text) \
                    and not v.is_protected(doc[m + 1].text):
                yield doc[m + 1].idx, _end(doc[m + 1]), "ORG", 40, "facility-lower"

    @staticmethod
    def _friends_of(doc: Tokens, first: int, j: int) -> bool:
        """The name "les amis de x" a body of members takes ("l'asso les amis du y"): the
        friends' word, its link and a word of the name, all inside the run; never the friends
        alone ("au bar les amis") or the friends of a person ("les amis de mon frère": a
        possessive or a stop word after the link ends the run before)."""
        return fold(doc[first].text) in FRIENDS_NAMES and first + 2 < j \
            and fold(doc[first + 1].text) in {"de", "du", "des", "d'"}

    def _lower_names_after_of(self, doc: Tokens) -> Iterator[Candidate]:
        """A facility's or a neighbourhood's name typed in lower case after "des", "du", "de la"
        ("la clinique des x", "la cité des x", "la maternité du x de y"): the words up to a
        pause or a stop word, unless they say what the place is for or where it stands ("la
        pharmacie du coin", "le foyer des jeunes", "le bar de la gare"). A doubt."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-2]):
            key = fold(tok.text)
            if not tok.is_lower or not (key in v.facility_words and key not in NOT_FACILITY_NOUNS
                                        or self._ends_facility_phrase(doc, i)):
                continue
            k = i + 1
            if fold(doc[k].text) in {"de", "d'"} and k + 1 < n and fold(doc[k + 1].text) in {
                    "la", "l'"}:
                k += 2
            elif fold(doc[k].text) in {"des", "du"}:
                k += 1
            else:
                continue
            j = k
            while j < min(n, k + 5) and doc[j].is_lower \
                    and (doc[j].is_alpha or "-" in doc[j].text) \
                    and not (j > k and self.common.is_verb(doc[j].text)) \
                    and (fold(doc[j].text) not in self.stop_words
                         or j > k and fold(doc[j].text) in NAME_INNER_LINKS
                         and j + 1 < n and doc[j + 1].is_lower
                         and fold(doc[j + 1].text) not in self.stop_words | NAME_INNER_LINKS
                         or j == k and fold(doc[j].text) in SAID_NUMBERS):
                j += 1
            if j == k or fold(doc[j - 1].text) in NAME_INNER_LINKS:
                continue
            words = [fold(t.text) for t in doc[k:j] if fold(t.text) not in NAME_INNER_LINKS]
            if any(w in v.facility_words or w in KINSHIP | ROLES
                   or w in NOT_SHOP_NAMES | NOT_FACILITY_NAMES for w in words) \
                    or v.is_protected(doc[k:j].text) \
                    or j < n and doc[j].is_alpha and not doc[j].is_lower:
                continue
            # "la pharmacie de la gare", "le foyer des jeunes" name one place only with their
            # town: "..., à x"; but "le bar des sports" is a bar's own name, the commonest one
            generic = GENERIC_COMPLEMENTS - BAR_NAMES if key in BARS else GENERIC_COMPLEMENTS
            if any(w in generic for w in words) and not self._town_next(doc, j):
                continue
            yield doc[k].idx, _end(doc[j - 1]), "ORG", 40, "facility-lower"

    def _town_next(self, doc: Tokens, j: int) -> bool:
        """A town's name said right after ``j``: "à x", ", à x", "de x"."""
        n = len(doc)
        if j < n and doc[j].text == ",":
            j += 1
        if j + 1 >= n or fold(doc[j].text) not in {"a", "de", "d'"}:
            return False
        word = fold(doc[j + 1].text)
        return word in self.vocab.town_keys or word in self.vocab.communes

    def _lower_compound_establishments(self, doc: Tokens) -> Iterator[Candidate]:
        """A school's, a hospital's or a centre's name typed in lower case as a hyphenated
        compound after its facility noun, the compound opening with a first name or a saint
        ("le lycée x-y", "l'hôpital saint-x", "la clinique de la sainte-x"): such compounds
        name a person or a saint, never a kind of place. A doubt."""
        v = self.vocab
        for i, tok in enumerate(doc.tokens[:-1]):
            key = fold(tok.text)
            if not tok.is_lower or not (key in v.facility_words or key in FACILITY_TAILS
                                        or key in DIRECT_FACILITIES):
                continue
            k = i + 1
            while k < len(doc) - 1 and fold(doc[k].text) in LINKS and doc[k].is_lower:
                k += 1
            word = doc[k].text
            parts = [fold(p) for p in word.split("-")]
            if len(parts) >= 2 and word.islower() and all(len(p) > 1 for p in parts) \
                    and (parts[0] in COMPOUND_HEADS or parts[0] in v.first_names) \
                    and not v.is_protected(word):
                yield doc[k].idx, _end(doc[k]), "ORG", 40, "facility-lower"

    def _chain_branches(self, doc: Tokens) -> Iterator[Candidate]:
        """A chain's local shop named by its place after a category noun ("la supérette X des
        Y", "le Z du W", X and Z chains kept): the chain stays, the shop's own capitalised
        words after "des", "du", "de la" are an identifier. A doubt."""
        v = self.vocab
        for ent in doc.doc.ents:
            i, k = ent.start, ent.end
            if ent.label_ != "KEEP" or i == 0 or k + 1 >= len(doc) \
                    or fold(doc[i - 1].text) not in v.facility_words:
                continue
            k = self._after_of(doc, k)
            if k is None:
                continue
            end = self._name_run(doc, k, links=True, places=True) if k < len(doc) else k
            if end > k and not v.is_protected(doc[k:end].text):
                yield doc[k].idx, _end(doc[end - 1]), "ORG", 45, "facility"

    def _members_names(self, doc: Tokens) -> Iterator[Candidate]:
        """An association's, a peña's or a circle's name typed in lower case right after its
        noun, with no link ("l'asso x et y", "l'association x y z", "la peña les w"): the
        words up to a pause, a verb or a stop word (the links inside a name aside), five at
        most; never its kind ("l'asso sportive", "l'association loi 1901"), a person, a term
        to keep alone. A doubt."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-1]):
            if not tok.is_lower or fold(tok.text) not in MEMBERS_NOUNS:
                continue
            k = i + 1 + (fold(doc[i + 1].text) in {"les", "la", "le", "l'"}
                         and doc[i + 1].is_lower)
            j = k
            while j < min(n, k + 5) and doc[j].is_lower \
                    and (doc[j].is_alpha or "-" in doc[j].text) \
                    and not (j > k and self.common.is_verb(doc[j].text)) \
                    and fold(doc[j].text) not in INTERJECTIONS \
                    and (fold(doc[j].text) not in self.stop_words
                         or j > k and self._links_to_word(doc, j)):
                j += 1
            while j > k and fold(doc[j - 1].text) in MEMBERS_LINKS:
                j -= 1
            if j == k:
                continue
            head = fold(doc[k].text)
            if head in MEMBERS_NOT_NAMES | NOT_FACILITY_NAMES | KINSHIP | ROLES \
                    or head in v.facility_words or self.common.is_verb(doc[k].text) \
                    or v.is_protected(doc[k:j].text) or all(
                        v.is_protected(t.text) or fold(t.text) in NAME_INNER_LINKS
                        for t in doc[k:j]) \
                    or j < n and doc[j].is_alpha and not doc[j].is_lower \
                    or k > i + 1 and self.common.all_common(doc[k:j].text):
                continue  # (after an article, words of the language: the rule above decides)
            yield doc[k].idx, _end(doc[j - 1]), "ORG", 40, "facility-lower"

    def _links_to_word(self, doc: Tokens, j: int) -> bool:
        """``doc[j]`` opens one or two links of a name that lead to a word of its own ("de
        l'x", "pour la y"), never to a stop word or a filler."""
        m = j
        while m < min(len(doc), j + 3) and fold(doc[m].text) in MEMBERS_LINKS:
            m += 1
        return j < m < len(doc) and doc[m].is_lower and (doc[m].is_alpha or "-" in doc[m].text) \
            and fold(doc[m].text) not in self.stop_words and fold(doc[m].text) not in INTERJECTIONS

    def _bare_trade_names(self, doc: Tokens) -> Iterator[Candidate]:
        """A firm typed in lower case as its trade then its owner's name, no article before
        the trade ("un vigneron, domaine x", "pour bâtiment y et fils", "les collègues de
        ferrailles z"): the name is no word of the language, no place, no term to keep; "et
        fils", "frères", "services" after it belong to it. A doubt."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-1]):
            trade = fold(tok.text)
            if not tok.is_lower or trade not in v.firm_trades or trade in NOT_FACILITY_NOUNS \
                    or i and fold(doc[i - 1].text) in TRADE_DETERMINERS:
                continue
            k = i + 1
            j = k
            while j < min(n, k + 3) and doc[j].is_lower \
                    and (doc[j].is_alpha or "-" in doc[j].text) and len(doc[j]) > 2 \
                    and not self.is_common(doc[j]) \
                    and fold(doc[j].text) not in INTERJECTIONS \
                    and not v.is_protected(doc[j].text) \
                    and fold(doc[j].text) not in v.town_keys | v.communes:
                j += 1
            if j == k:
                continue
            if j + 1 < n and fold(doc[j].text) == "et" and fold(doc[j + 1].text) == "fils":
                j += 2
            elif j < n and fold(doc[j].text) in FIRM_SUFFIXES:
                j += 1
            yield tok.idx, _end(doc[j - 1]), "ORG", 40, "facility-lower"

    def _shop_own_names(self, doc: Tokens) -> Iterator[Candidate]:
        """A bar or a pharmacy named by the complement every town gives one ("le café du
        commerce", "au bar des amis", "la Pharmacie du Centre"; ``SHOP_OWN_NAMES``), in any
        case: the complement, where it ends the name (a pause, a stop word or a town after it).
        A doubt."""
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-2]):
            if fold(tok.text) not in NAMED_SHOPS or i and fold(doc[i - 1].text) in {"de", "d'"}:
                continue  # "des propos de café du commerce": what such talk is, no café
            k = self._after_of(doc, i + 1)
            if k is None or k >= n or fold(doc[k].text) not in SHOP_OWN_NAMES \
                    or not doc[k].is_alpha:
                continue
            if k + 1 < n and doc[k + 1].is_alpha and fold(doc[k + 1].text) not in self.stop_words \
                    and fold(doc[k + 1].text) not in INTERJECTIONS | WHEN_WORDS \
                    and not self.common.is_verb(doc[k + 1].text):
                continue  # "le café du marché couvert": another name, not this one (a filler,
                # a day's word or a verb after it ends the name: "du marché euh", "demain")
            yield doc[k].idx, _end(doc[k]), "ORG", 45, "facility-common"

    def _trade_names(self, doc: Tokens) -> Iterator[Candidate]:
        """A bar or a shop named after a capitalised common noun with its article: "le bar de
        la X", "le café du X", "le tabac de l'X" where X is an ordinary word or a term kept
        elsewhere (the town hall, the post office). Capitalised inside a sentence only; a
        doubt for the reviewer."""
        v = self.vocab
        for i, tok in enumerate(doc.tokens[:-2]):
            key = fold(tok.text)
            if not tok.is_lower or key not in v.trade_words or key in BRANCH_NOUNS:
                continue
            # the article is needed: "une boîte de X", "la pub de X" name no shop
            k = self._after_of(doc, i + 1)
            if k is None:
                continue
            if k >= len(doc) or not doc[k].is_title or not doc[k].is_alpha \
                    or doc[k].text in v.acronyms or fold(doc[k].text) in v.keep_places \
                    or fold(doc[k].text) in v.town_keys:
                continue
            if v.is_protected(doc[k].text) or self.is_common(doc[k]):
                end = max(k + 1, self._name_run(doc, k, links=True, places=True))
                yield doc[k].idx, _end(doc[end - 1]), "ORG", 45, "facility-common"
