"""Places: names after a preposition of place, hyphenated place names, the towns and
neighbourhoods of the gazetteer (capitalised or in lower case), and the places that may
stay."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

from ..surrogates import fold_chars
from ..vocab import INTERJECTIONS, longest_first
from .base import Candidate, RuleBase, Tokens, _end, fold, hyphen_after
from .words import (
    CALENDAR,
    CARDINAL_POINTS,
    CARE_CONTEXT,
    CLOSE_PLACE_WORDS,
    COMPLEMENT_OPENERS,
    COMPOUND_HEADS,
    CONTRACTED_ARTICLES,
    DISTRICT_NOUNS,
    ELIDED,
    EXPLAINING_WORDS,
    FACILITY_OF,
    GENERIC_COMPLEMENTS,
    HOSPITAL_NOUNS,
    HOSPITAL_REACH,
    HOSPITAL_SLOT,
    HYPHEN_PLACE,
    KINSHIP,
    LANDMARK_NOT_NAMES,
    LANDMARK_NOUNS,
    LISTED_PLACE_HEADS,
    LIVING_VERBS,
    NAME_ARTICLES,
    NAME_INNER_LINKS,
    NAME_OPENERS,
    OF,
    ORIGIN_BEFORE_DE,
    OVERSEAS,
    PEOPLE_OF_A_PLACE,
    PLACE_KINDS,
    PLACE_PREPOSITIONS,
    ROLES,
    TOWN_WORDS,
)

# before a commune joined to a town found ("entre y et X", "à y ou X", "de y et X")
BEFORE_COORDINATED_PLACES = PLACE_PREPOSITIONS | {"entre", "de", "d'"}
# a preposition of place right before a place's name, its article between ("à la x", "de la
# x", "près de l'x", "au y", "vers les z"): where the name is said as a place
PLACE_CUE_BEFORE = re.compile(
    r"(?i)(?<![\w'’])(?:(?:à|a|de|d['’]|vers|depuis|près\s+de|côté\s+de)\s*"
    r"(?:la\s+|l['’]\s*|les\s+|le\s+)|(?:au|aux|du)\s+)$")
# ... or, for a commune whose name is a word ("hem", "croix"), "à" alone, or "de" said of
# origin or nearness ("à x", "je suis de y", "à côté de z"; never "un signe de croix")
BARE_PLACE_CUE_BEFORE = re.compile(
    r"(?i)(?:(?<![\w'’])(?:à|vers|depuis)|\b(?:suis|est|es|était|sont|originaire|vient|viens|"
    r"venu|venue|côté|près|loin|sortie)\s+d(?:e|['’]))\s*$")
# what follows a noun of the language, never a place's name: its complement or a relative
# clause ("la source de tout ça", "au jury de thèse", "la conception qu'il a")
COMPLEMENT_AFTER = re.compile(r"(?i)\s*(?:de|du|des|d['’]|que|qu['’]|dont)(?![\w])")


# a generic noun of the gazetteer's places, on the folded text, before a space or an apostrophe
_LISTED_HEAD = re.compile(r"(?<![\w\-])(?:" + "|".join(longest_first(LISTED_PLACE_HEADS))
                          + r")(?=[\s'’])")


def _gold_after_of(doc: Tokens, j: int) -> bool:
    """``doc[j]`` is "or" after "d'": the metal in a name ("la tête d'or", "le lion d'or"), no
    conjunction."""
    return j > 0 and fold(doc[j].text) == "or" and fold(doc[j - 1].text) == "d'"


class PlaceRules(RuleBase):
    """The rules for towns, neighbourhoods and other places."""

    def _only_places(self, text: str) -> bool:
        """Words that are places that may stay, none of the domain's vocabulary."""
        words = [w for w in re.split(r"[\s\-]+", text) if w]
        return bool(words) and all(fold(w) in self.vocab.keep_places
                                   and fold(w) not in self.vocab.domain
                                   and w not in self.vocab.acronyms for w in words)

    def _town_only(self, text: str, cand: Candidate) -> Candidate:
        """"Gare de X", "Mairie de X": a facility noun before a town's name is no part of it.
        A place's whole name after a capitalised facility noun ("le Bar du X") is left as its
        cue found it: the cue has told the town from the name already."""
        if cand[4] == "facility-name":
            return cand
        m = FACILITY_OF.match(text, cand[0], cand[1])
        if m and fold(m.group(1)) in self.vocab.facility_words \
                and self.vocab.towns.fullmatch(m.group(2)):
            return (m.start(2), cand[1], "LOC", *cand[3:])
        return cand

    def _places(self, doc: Tokens) -> Iterator[Candidate]:
        """Hyphenated place names anywhere; a proper name opened by a capitalised article
        inside a sentence.

        No capitalised word is taken for being said after "à", "vers", "aux"... (stop 42):
        the model's NER and the gazetteers read the places said so, and what only that cue
        took was more often a word to keep (a religious service, a brand, a title, a saint's
        feast) than a place: without it the development sets keep 14 more words and lose 5
        identifiers, pseudo_dev16 keeps 2 more and loses none."""
        for i, tok in enumerate(doc):
            if HYPHEN_PLACE.match(tok.text) and not self.vocab.is_protected(tok.text) \
                    and fold(tok.text) not in self.vocab.first_names \
                    and fold(tok.text) not in KINSHIP | ROLES:  # "ma Belle-sœur"
                yield tok.idx, _end(tok), "LOC", 35, "place"
            if tok.text in NAME_ARTICLES - {"Chez", "Aux", "Au"} and i + 1 < len(doc) \
                    and not self._sentence_initial(tok):
                # a capitalised article inside a sentence opens a proper name ("y avait Le X",
                # "la dernière, La X des Y")
                end = self._name_run(doc, i + 1, links=True, places=True)
                if end > i + 1:
                    yield tok.idx, _end(doc[end - 1]), "ORG", 35, "place"

    def _lower_towns(self, doc: Tokens) -> Iterator[Candidate]:
        """A town or a neighbourhood of the gazetteer typed in lower case, wherever it stands,
        when its name is no word of the language nor a first name ("x", "le x-y"); one whose
        name is also a word only after a preposition of place, never one of the list of
        towns that are ordinary words (for those "à x" decides, above). Doubts."""
        v = self.vocab
        for i, tok in enumerate(doc):
            text = tok.text
            key = fold(text)
            if text.islower() and key in v.town_keys and i and not v.is_protected(text) \
                    and fold(doc[i - 1].text) in HOSPITAL_NOUNS:
                # "l'hôpital x": a hospital named after its place, whatever the word
                yield tok.idx, _end(tok), "LOC", 40, "town-lower"
                continue
            if not text.islower() or len(key) < 4 or key not in v.town_keys \
                    or key in v.ambiguous_towns or key in v.first_names or key in TOWN_WORDS \
                    or key in self.stop_words or key in INTERJECTIONS or v.is_protected(text) \
                    or not all(p.isalpha() for p in re.split(r"[-']", text)):
                continue
            prev = fold(doc[i - 1].text) if i else ""
            if prev in {"la", "le"} and key.split("-")[0] in COMPOUND_HEADS:
                continue  # "la saint-x" is the saint's day
            if self._word_of_its_slot(doc, i):
                continue  # "ça a changé": the verb, not "à Changé"
            if "-" in text or not self.is_common(tok) or prev in PLACE_PREPOSITIONS | {"pres"} \
                    or prev in {"la", "l'"} and i > 1 \
                    and fold(doc[i - 2].text) in PLACE_PREPOSITIONS | {"pres"}:
                # ("à x", "à la y": a word of the language too after a preposition of place)
                yield tok.idx, _end(tok), "LOC", 40, "town-lower"
        yield from self._upper_towns(doc)
        yield from self._lower_compounds(doc)
        yield from self._lower_phrases(doc)
        yield from self._hospital_words(doc)
        yield from self._lower_communes(doc)
        yield from self._communes_in_regions(doc)
        yield from self._drink_towns(doc)
        yield from self._article_communes(doc)
        yield from self._explained_places(doc)
        yield from self._lived_in(doc)
        yield from self._landmark_names(doc)
        yield from self._districts_of_kept_words(doc)
        yield from self._places_of_towns_said(doc)

    @staticmethod
    def _lower_words_key(words: Span) -> str | None:
        """The folded name that ``words`` spell, typed in lower case (hyphens and elided
        articles joined back: "val de l'x", "y-z"); ``None`` if one of them is no lower-case
        word."""
        # a number after the first word is part of a name ("cap 3000", "rosny 2")
        if not all(t.is_lower and (t.is_alpha or t.text in "'’-") or fold(t.text) in ELIDED
                   or k and t.is_digit for k, t in enumerate(words)):
            return None
        return fold(words.text.replace(" - ", "-").replace("' ", "'"))

    @staticmethod
    def _gone_to(doc: Tokens, i: int) -> bool:
        """``doc[i]`` stands where one goes: "à x", "au x", "à la x", "l'hôpital x"."""
        prev = fold(doc[i - 1].text) if i else ""
        return prev in {"a", "au", "hopital"} or prev in {"la", "l'"} and i > 1 \
            and fold(doc[i - 2].text) == "a"

    def _lower_phrases(self, doc: Tokens) -> Iterator[Candidate]:
        """A place of the gazetteer named in two to four words, typed in lower case ("mas x",
        "val de l'y", "fontaine d'z"), never one of those that are also an ordinary phrase
        (the ambiguous section: "jardin des plantes") nor one holding a term to keep. Doubts."""
        v = self.vocab
        n = len(doc)
        i = 0
        while i < n:
            tok = doc[i]
            if not tok.is_lower or not tok.is_alpha or fold(tok.text) in self.stop_words:
                i += 1
                continue
            for size in (4, 3, 2):
                span = doc.doc[i:i + size] if i + size <= n else None
                key = self._lower_words_key(span) if span is not None else None
                if key is None:
                    continue
                # (a name may end on a point of the compass: "bel est")
                if " " in key and key in v.town_keys and key not in v.ambiguous_towns \
                        and (fold(span[-1].text) not in self.stop_words
                             or fold(span[-1].text) in CARDINAL_POINTS) \
                        and not v.is_protected(span.text):
                    yield span.start_char, span.end_char, "LOC", 40, "town-lower"
                    i += size - 1
                    break
            i += 1

    def _upper_towns(self, doc: Tokens) -> Iterator[Candidate]:
        """A commune or a town of the gazetteer written in capitals, as letterheads, forms and
        addresses have them ("PANTIN, le 12 mars", "93170 BAGNOLET"), when its name is no word
        of the language, no acronym and no term to keep. Doubts."""
        v = self.vocab
        for tok in doc:
            text = tok.text
            if not text.isupper():  # the cheap test first: most words are not in capitals
                continue
            key = fold(text)
            if len(key) < 4 or text in v.acronyms \
                    or not all(p.isalpha() for p in re.split(r"[-']", text)) \
                    or key not in v.communes and key not in v.town_keys \
                    or text.lower() in self.common or key in self.stop_words \
                    or v.is_protected(text) or v.is_protected(text.title()):
                continue
            yield tok.idx, _end(tok), "LOC", 40, "town-lower"

    def _lived_in(self, doc: Tokens) -> Iterator[Candidate]:
        """A neighbourhood or a commune of the gazetteer whose name is a word of the language,
        typed in lower case where one says one lives ("j'habite à la x", "il a grandi aux y",
        "je vis au z"): the name, one to three words, never the noun of a phrase ("à la x de
        la w"). A doubt."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc):
            if fold(tok.text) not in LIVING_VERBS or i + 2 >= n:
                continue
            k = i + 1
            article = ""  # the town's own article, said contracted or after "à"
            if fold(doc[k].text) == "a":
                k += 1
                if k < n and fold(doc[k].text) in {"la", "l'"}:
                    article = fold(doc[k].text)
                    k += 1
            elif fold(doc[k].text) in {"au", "aux"}:
                article = "le" if fold(doc[k].text) == "au" else "les"
                k += 1
            else:
                continue
            for size in (3, 2, 1):
                words = doc.doc[k:k + size] if k + size <= n else None
                key = self._lower_words_key(words) if words is not None else None
                if key is None:
                    continue
                # a commune whose name is a small word ("à x", two letters or three)
                stop = fold(words[-1].text) in self.stop_words
                if stop and not (size == 1 and len(key) > 1 and not article
                                 and key in v.communes and doc[k].is_lower):
                    continue
                named = self._named_with_article(doc, k, size, key, article)
                if (key in v.town_keys or named or stop) \
                        and not v.is_protected(words.text) \
                        and not self._noun_phrase_after(doc.doc, k + size):
                    # the town's own article is part of its name when said ("à la x" is La X)
                    start = doc[k - 1].idx if named and article in {"la", "l'"} \
                        and key not in v.town_keys else words.start_char
                    yield start, words.end_char, "LOC", 40, "town-lower"
                    break

    def _named_with_article(self, doc: Tokens, k: int, size: int, key: str, article: str
                            ) -> bool:
        """The ``size`` words at ``k`` (folded ``key``) and the article said before them name
        a commune that has its own article ("au x" is Le X, "à la y" La Y); never a place's
        noun before its name ("au quartier x", "au parc de la y": not the communes Le Quartier
        nor Le Parc)."""
        v = self.vocab
        if not article:
            return False
        named = article + key if article == "l'" else f"{article} {key}"
        after = doc[k + size] if k + size < len(doc) else None
        return named in v.communes and key not in v.facility_words and not (
            after is not None and (fold(after.text) in {"de", "du", "des", "d'"}
                                   or after.is_title or "-" in after.text
                                   or fold(after.text) in v.town_keys))

    def _places_of_towns_said(self, doc: Tokens) -> Iterator[Candidate]:
        """A place whose name is also a word ("la noue", "la source", "la plaine"), in any
        case, after a preposition of place ("à la x", "de la x", "près de la x", "au y"),
        with no complement after it ("la source de tout ça"), in a text that names the town it
        lies in or beside ("j'habite à <town> ... à côté de la x"): the place, its grammatical
        article outside. A doubt."""
        places = self.vocab.place_towns
        text = doc.doc.text
        folded = None
        # the names are folded: read the text folded too, one character for one (offsets hold)
        for m in places.pattern.finditer(fold_chars(text)):
            if COMPLEMENT_AFTER.match(text, m.end()):
                continue
            key = fold(re.sub(r"['’]\s*", "'", m.group(0)))
            if PLACE_CUE_BEFORE.search(text, max(0, m.start() - 24), m.start()) is None \
                    and not (key in self.vocab.communes and BARE_PLACE_CUE_BEFORE.search(
                        text, max(0, m.start() - 24), m.start())):
                continue
            if folded is None:
                folded = fold(text)
            if any(t in self.site_keys or places.town_said(t, folded)
                   for t in places.towns.get(key, ())):
                yield m.start(), m.end(), "LOC", 40, "town-named"

    def _landmark_names(self, doc: Tokens) -> Iterator[Candidate]:
        """A public place's own name after its noun and "de", "du", "des", in any case ("la
        plage des x", "le pont des y", "les quais de la z", "la place des w"): the words up to
        a pause or a stop word (the links inside a name aside), four at most; never what the
        place is for or beside ("le parc de jeux", "le pont de l'autoroute"), a time, a person,
        a kind of place, a river or a region. A term kept elsewhere is the place's name here
        ("la plage des <demonym>", "la plage de l'<wine>"): it outranks the term. A doubt."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-2]):
            noun = fold(tok.text)
            if noun not in LANDMARK_NOUNS and noun != "place" or not tok.is_lower:
                continue
            k = self._after_of(doc, i + 1, elided=True)
            if k is None:
                continue
            j = k
            while j < min(n, k + 4) and (doc[j].is_alpha or "-" in doc[j].text
                                         or fold(doc[j].text) in ELIDED) \
                    and (fold(doc[j].text) not in self.stop_words
                         or j > k and fold(doc[j].text) in NAME_INNER_LINKS
                         and j + 1 < n and doc[j + 1].is_alpha
                         and (fold(doc[j + 1].text) not in self.stop_words | NAME_INNER_LINKS
                              or _gold_after_of(doc, j + 1))
                         or _gold_after_of(doc, j)):
                j += 1
            if j == k:
                continue
            words = [fold(t.text) for t in doc[k:j] if fold(t.text) not in NAME_INNER_LINKS]
            if any(w in GENERIC_COMPLEMENTS | LANDMARK_NOT_NAMES | CALENDAR | KINSHIP | ROLES
                   or w in v.facility_words or w in INTERJECTIONS for w in words) \
                    or fold(doc[k:j].text) in v.keep_places or doc[k:j].text in v.acronyms \
                    or self.common.is_verb(doc[k].text) \
                    or noun == "place" and all(self.is_common(t) and t.is_lower
                                               for t in doc[k:j]):
                continue
            yield doc[k].idx, _end(doc[j - 1]), "LOC", 40, "landmark"

    def _districts_of_kept_words(self, doc: Tokens) -> Iterator[Candidate]:
        """A neighbourhood named after a word kept elsewhere, right after "quartier" or "cité"
        (their "de", "du", "de la" between or not): a region, a body, a river, a continent
        ("le quartier de la x" in a town of the north, "quartier y" in another): the
        neighbourhood's name here, outranking the term; never a cardinal point nor what a
        neighbourhood holds ("le quartier de la gare"). A doubt."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-1]):
            # "cité" with its accent: "il cite x" is the verb
            if tok.text.lower() not in DISTRICT_NOUNS or not (tok.is_lower or tok.is_title):
                continue
            k = self._after_of(doc, i + 1, elided=True)
            k = i + 1 if k is None else k
            if k >= n or not (doc[k].is_alpha or "-" in doc[k].text):
                continue
            last = k
            while hyphen_after(doc, last):  # a compound the tokenizer split ("x-y")
                last += 2
            word = doc[k:last + 1].text
            key = fold(word)
            if key in GENERIC_COMPLEMENTS or key in CARDINAL_POINTS or key in self.stop_words \
                    or not v.is_protected(word):
                continue
            yield doc[k].idx, _end(doc[last]), "LOC", 40, "district-kept"

    def _explained_places(self, doc: Tokens) -> Iterator[Candidate]:
        """A commune or a neighbourhood whose name is also a word, in lower case, explained
        by what it is right after it ("à x euh la ville hein", "au y, la commune", "z c'est
        un quartier"): the one to three words before the explanation, with the article the
        commune's name has. A doubt."""
        v = self.vocab
        for j, tok in enumerate(doc):
            articles = PLACE_KINDS.get(fold(tok.text))
            if articles is None or j < 2 or fold(doc[j - 1].text) not in articles:
                continue
            end = j - 1
            while end > 0 and j - 1 - end < 4 and fold(doc[end - 1].text) in EXPLAINING_WORDS:
                end -= 1
            for n in (3, 2, 1):
                start = end - n
                words = doc.doc[start:end] if start >= 0 else None
                key = self._lower_words_key(words) if words else None
                if key is None or fold(words[0].text) in self.stop_words | INTERJECTIONS \
                        or fold(words[-1].text) in self.stop_words | INTERJECTIONS:
                    continue
                before = fold(doc[start - 1].text) if start else ""
                article = CONTRACTED_ARTICLES.get(before, before)
                named = f"{article} {key}" if article in NAME_OPENERS else ""
                named = named.replace("l' ", "l'")
                if named and named in v.communes:
                    first = doc[start - 1] if before in NAME_OPENERS else doc[start]
                    yield first.idx, _end(doc[end - 1]), "LOC", 40, "town-said"
                    break
                if key in v.communes or key in v.town_keys \
                        or n < 3 and self._said_to_be_a_place(doc, start, end, j):
                    yield doc[start].idx, _end(doc[end - 1]), "LOC", 40, "town-said"
                    break

    def _said_to_be_a_place(self, doc: Tokens, start: int, end: int, j: int) -> bool:
        """The words ``doc[start:end]`` are said to be a place's name in so many words ("x
        c'est un quartier", "les y c'est le quartier"): "c'est" before the noun of the kind
        of place, the words none of the language's small words, no generic place ("le
        centre c'est le quartier"), no kind of place, no verb, no term to keep; after a plural
        article (the names of estates: "les x"), or one at least no word of the language."""
        if "est" not in {fold(t.text) for t in doc[end:j]}:
            return False
        words = doc[start:end]
        before = fold(doc[start - 1].text) if start else ""
        return not any(
            fold(t.text) in self.stop_words | GENERIC_COMPLEMENTS | INTERJECTIONS
            or fold(t.text) in PLACE_KINDS or fold(t.text) in self.vocab.facility_words
            or self.common.is_verb(t.text) or self.vocab.is_protected(t.text) for t in words) \
            and (before in {"les", "aux"} or any(not self.is_common(t) for t in words)) \
            and not self.vocab.is_protected(words.text)

    def _hospital_words(self, doc: Tokens) -> Iterator[Candidate]:
        """A hospital whose name is also a word of the language or a term kept elsewhere, typed
        in lower case ("la conception", "tenon", "l'archet"), where one goes or in a list, with care
        said around it ("à la x pour le sevrage", "c'est y pour le somatique", "hospitalisé à
        z"): the hospital, a doubt. Never the noun of a phrase ("la conception du soin", "la
        conception qu'il a")."""
        v = self.vocab
        for i, tok in enumerate(doc):
            key = fold(tok.text)
            # (capitalised, the gazetteer's pattern finds it, unless it is a term kept elsewhere)
            if i == 0 or not (tok.is_lower or tok.is_title and v.is_protected(tok.text)) \
                    or fold(doc[i - 1].text) not in HOSPITAL_SLOT \
                    or self._word_of_its_slot(doc, i) \
                    or fold(doc[i - 1].text) == "de" and self.is_common(tok) and not (
                        i > 1 and (fold(doc[i - 2].text).startswith(CARE_CONTEXT)
                                   or fold(doc[i - 2].text) in HOSPITAL_NOUNS)):
                continue  # ("pas eu de x": the noun; "les urgences de x": the hospital)
            # a hospital's name that is a word, a term kept elsewhere (a disease named after
            # the same surgeon), or a word after its own article ("la x" for La X)
            if not (key in v.hospital_words
                    or key in v.hospitals and (self.is_common(tok) or v.is_protected(tok.text))
                    or fold(doc[i - 1].text) == "la" and f"la {key}" in v.hospitals):
                continue
            if v.is_protected(tok.text) and not self._gone_to(doc, i):
                continue  # a drink's name too: only where one goes ("à la x"), never "de la x"
            if self._noun_phrase_after(doc.doc, i + 1) or i + 1 < len(doc) \
                    and fold(doc[i + 1].text) in COMPLEMENT_OPENERS:
                continue  # "la conception du soin", "la conception qu'il a": the noun
            near = doc[max(0, i - HOSPITAL_REACH):i + HOSPITAL_REACH + 1]
            if any(fold(t.text).startswith(CARE_CONTEXT) for t in near if t.i != i) \
                    or any(fold(t.text) in v.hospital_words for t in near if t.i != i):
                yield tok.idx, _end(tok), "ORG", 40, "hospital-word"

    def _lower_compounds(self, doc: Tokens) -> Iterator[Candidate]:
        """A hyphenated town, neighbourhood or hospital of the gazetteer typed in lower case,
        which the tokenizer splits at its hyphens ("la croix-rousse", "l'hôtel-dieu", "la
        part-dieu"): the whole compound, wherever it stands, as the gazetteer has no such
        compound of words of the language. Doubts."""
        v = self.vocab
        i = 0
        while i < len(doc):
            k = i
            while hyphen_after(doc, k):
                k += 2
            if k > i and all(t.is_lower for t in doc[i:k + 1] if t.text != "-") \
                    and doc[i].is_alpha:
                words = doc[i:k + 1].text
                key = fold(words)
                if key not in v.town_keys:
                    key = key.replace("-", " ")  # "bel-est" for Bel Est
                if key in v.town_keys and key not in v.ambiguous_towns \
                        and key not in v.first_names and not v.is_protected(words):
                    yield doc[i].idx, _end(doc[k]), "LOC", 40, "town-lower"
            i = k + 1

    def _article_communes(self, doc: Tokens) -> Iterator[Candidate]:
        """A commune whose name has its article, typed in lower case where a place is said
        ("au x" for Le X, "aux y" for Les Y, "à la z", "de l'w"), in a text set overseas
        (La Réunion, the Antilles, Guyane, Mayotte), where such communes are named every day
        and their words are also words of the language ("au port", "à la possession"); in any
        text when the word is no word of the language ("au havre"). A doubt."""
        v = self.vocab
        overseas = OVERSEAS.search(doc.doc.text) is not None
        for i, tok in enumerate(doc):
            if i == 0 or not tok.is_lower or not (tok.is_alpha or "-" in tok.text):
                continue
            key, prev = fold(tok.text), fold(doc[i - 1].text)
            before = fold(doc[i - 2].text) if i > 1 else ""
            origin = before in ORIGIN_BEFORE_DE  # "je viens du x", never "il boit du x"
            if prev in {"au", "aux"} or prev in CONTRACTED_ARTICLES and origin:
                name = f"{CONTRACTED_ARTICLES[prev]} {key}"
            elif prev in {"la", "l'"} and before in {"a", "de", "pres", "vers"}:
                name = f"{prev} {key}" if prev == "la" else f"l'{key}"
            else:
                continue
            if name not in v.communes or key in self.stop_words or key in CALENDAR \
                    or v.is_protected(tok.text):
                continue
            if key in v.facility_words or key in GENERIC_COMPLEMENTS or key in TOWN_WORDS:
                continue  # "à l'hôpital", "du quartier", "au parc": the common place
            if (overseas or not self.is_common(tok)) \
                    and not self._noun_phrase_after(doc.doc, i + 1):
                # the town's own article is part of its name when said ("à la x" is La X);
                # a contracted one ("au x") stays out
                start = doc[i - 1].idx if prev in {"la", "l'"} else tok.idx
                yield start, _end(tok), "LOC", 40, "town-article"

    def _lower_communes(self, doc: Tokens) -> Iterator[Candidate]:
        """Any commune of France typed in lower case right after "à", "vers", "habite", or
        "de" said of origin or nearness ("originaire de x", "à côté de x"), of someone's or a
        structure's place ("la dame de x", "le CMP de y"), when its name is no month and
        no word of the language, no first name and no term to keep ("on était à marans";
        never "à vire", "à sens"). Doubts."""
        v = self.vocab
        for i, tok in enumerate(doc):
            text, key = tok.text, fold(tok.text)
            if i == 0 or not text.islower() or len(key) < 4 or key not in v.communes \
                    or key in v.town_keys or not all(p.isalpha() for p in re.split(r"[-']", text)):
                continue
            prev = fold(doc[i - 1].text)
            before = doc[i - 2] if i > 1 else None
            if not (prev in CLOSE_PLACE_WORDS or prev in OF and before is not None and (
                    fold(before.text) in ORIGIN_BEFORE_DE | ROLES | PEOPLE_OF_A_PLACE
                    # a structure's initials: "le CMP de x", "l'infirmière ASALEE de y"
                    or before.is_upper and before.is_alpha and 2 <= len(before.text) <= 6)):
                continue
            if self.is_common(tok) or key in CALENDAR or key in v.first_names \
                    or key in v.ambiguous_first_names \
                    or key in self.stop_words or key in INTERJECTIONS or v.is_protected(text) \
                    or key in KINSHIP | ROLES:
                continue
            yield tok.idx, _end(tok), "LOC", 40, "town-lower"

    def _communes_in_regions(self, doc: Tokens) -> Iterator[Candidate]:
        """A commune said with its region, département or country after it ("à x en
        Normandie", "de y dans les Vosges", "au z en Martinique"): the region says the word
        before it is a place, even a word of the language, a first name or a term kept
        elsewhere. The commune's own article is taken ("à la x dans la Creuse")."""
        v = self.vocab
        n = len(doc)
        for i in range(1, n - 2):
            tok = doc[i]
            key = fold(tok.text)
            if not tok.is_alpha and "-" not in tok.text or len(key) < 3 \
                    or key in self.stop_words or key in INTERJECTIONS or key in CALENDAR \
                    or key in KINSHIP | ROLES:
                continue
            j = i + 1
            while j < n - 2 and fold(doc[j].text) in INTERJECTIONS:
                j += 1  # "au x euh en Y"
            if not self._region_after(doc, j):
                continue
            start, prev = i, fold(doc[i - 1].text)
            if prev in {"au", "du"} and f"le {key}" in v.communes:
                pass  # "au x", "du x": the commune "Le X"
            elif prev in {"la", "le", "les"} and f"{prev} {key}" in v.communes and i > 1:
                start, prev = i - 1, fold(doc[i - 2].text)
            elif key not in v.communes and key not in v.town_keys:
                continue
            if prev in CLOSE_PLACE_WORDS | OF | {"au", "du", "pres"} \
                    or prev in ORIGIN_BEFORE_DE:
                yield doc[start].idx, _end(tok), "LOC", 45, "town-region"

    def _coordinated_places(self, doc: Tokens, found: list[Candidate]) -> list[Candidate]:
        """A commune typed in lower case joined to a town already found ("entre X et y", "à X
        ou y", "de y et X"): the neighbour says it is a place, as a preposition would. Never a
        word of the language, a first name, a month or a term to keep. Doubts."""
        out: list[Candidate] = []
        starts = {c[0] for c in found if c[2] == "LOC"}
        ends = {c[1] for c in found if c[2] == "LOC"}
        for i in range(1, len(doc) - 1):
            if fold(doc[i].text) not in {"et", "ou"}:
                continue
            before, after = doc[i - 1], doc[i + 1]
            if _end(before) in ends and self._lone_commune(after):
                out.append((after.idx, _end(after), "LOC", 40, "town-coordinated"))
            elif after.idx in starts and self._lone_commune(before) and i > 1 \
                    and fold(doc[i - 2].text) in BEFORE_COORDINATED_PLACES:
                out.append((before.idx, _end(before), "LOC", 40, "town-coordinated"))
        return out

    def _lone_commune(self, tok: Token) -> bool:
        """``tok`` is a commune's name in lower case and nothing else: no word of the
        language, first name, month, stop word or term to keep."""
        v = self.vocab
        text, key = tok.text, fold(tok.text)
        return text.islower() and len(key) >= 4 and (key in v.communes or key in v.town_keys) \
            and all(p.isalpha() for p in re.split(r"[-']", text)) \
            and key not in v.ambiguous_towns and not self.is_common(tok) \
            and key not in CALENDAR and key not in v.first_names \
            and key not in v.ambiguous_first_names and key not in self.stop_words \
            and key not in INTERJECTIONS and key not in KINSHIP | ROLES \
            and not v.is_protected(text)

    def _drink_towns(self, doc: Tokens) -> Iterator[Candidate]:
        """A town that names a drink, said as the town ("à x", "je suis de y", "z dans le
        Var": ``_said_as_place``), though the drink is a term to keep. A doubt."""
        v = self.vocab
        for i, tok in enumerate(doc):
            key = fold(tok.text)
            if i and (tok.is_lower or tok.is_title) and key in v.drink_places \
                    and (key in v.communes or key in v.town_keys or key in v.drink_towns) \
                    and self._said_as_place(doc, i):
                yield tok.idx, _end(tok), "LOC", 40, "drink-town"

    def _towns(self, text: str) -> Iterator[Candidate]:
        """Towns and neighbourhoods of the gazetteer, as written with their capital; a name that
        is also a word (a fruit, a colour, a common noun with its article) only inside a
        sentence."""
        for m in self.vocab.towns.finditer(text):
            start, end = m.span()
            if self.vocab.is_protected(m.group(0)):
                continue
            if fold(m.group(0)) in self.vocab.ambiguous_towns:
                before = text[:start].rstrip(" \t«\"")
                if not before or before[-1] in ".!?…:\n]":
                    continue
            yield start, end, "LOC", 40, "town"
        yield from self._listed_after_lower_head(text)

    def _listed_after_lower_head(self, text: str) -> Iterator[Candidate]:
        """A place of the gazetteer whose generic noun is written in lower case, as French
        writes it, before the capitalised rest of its name ("le parc de la Tête d'Or", "l'île
        de Nantes", "la promenade des Anglais"): read with the noun's capital restored, and
        taken when the rest holds a capital (in lower case throughout, ``_lower_phrases``
        decides)."""
        towns = self.vocab.towns
        for m in _LISTED_HEAD.finditer(fold_chars(text)):
            start = m.start()
            if not text[start].islower():
                continue  # capitalised: read as written above
            pattern = towns.patterns.get(text[start].upper())
            hit = pattern.match(text[start].upper() + text[start + 1:start + 200]) \
                if pattern is not None else None
            end = start + hit.end() if hit is not None else start
            if hit is None or not any(c.isupper() for c in hit.group()[1:]) \
                    or end < len(text) and (text[end].isalnum() or text[end] == "-") \
                    or self.vocab.is_protected(text[start:end]):
                continue  # (a name cut by the window's end is no whole name)
            yield start, end, "LOC", 40, "town"
