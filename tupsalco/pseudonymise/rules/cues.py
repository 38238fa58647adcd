"""Words that announce a name: titles of civility, kinship and role words, appositions,
vocatives, the verbs of naming, and the facility nouns before an establishment's name."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ..vocab import DETERMINERS, INTERJECTIONS, TITLES
from .base import Candidate, RuleBase, Tokens, _end, fold
from .words import (
    AFTER_CALLER,
    APPOSED_EPITHETS,
    ARTICLE_PARTICLES,
    CALL_ADVERBS,
    CARDINAL_POINTS,
    CARED,
    CIVIL_TITLES,
    DIRECT_FACILITIES,
    FACILITY_TAILS,
    FAMILY_ADDRESS,
    GREETINGS,
    HOSPITAL_NOUNS,
    KINSHIP,
    LINKS,
    NAME_ARTICLES,
    NAMING_ADVERBS,
    NAMING_WORDS,
    NICKNAME_ADJECTIVES,
    NICKNAME_GIVERS,
    NICKNAME_SUBJECTS,
    NOT_SHOP_NAMES,
    NOT_SURNAMES,
    NOUN_ARTICLES,
    PERSON_PRONOUNS,
    PERSON_VERBS,
    POSSESSIVES,
    RELATIVE_GOES_ON,
    RELATIVE_QUALIFIERS,
    ROLES,
    SURNAME_PARTICLES,
    VOCATIVE_CUES,
)

# what goes on with the relative after their first name, one that is also a country or a
# feast, typed in lower case ("sa tante x l'a élevé", "mon cousin y lui il boit", "ma sœur z
# qui ...", "mon frère w a dit")
KEPT_NAME_GOES_ON = frozenset("l' lui qui a avait est etait vit vivait vient venait".split())
# the subjects of a verb: "il cite X" is the verb "citer", not "la cité X"
SUBJECT_PRONOUNS = frozenset("il elle on je tu ils elles qui nous vous".split())


class CueRules(RuleBase):
    """The names read after (or before) the word that announces them."""

    def _title_and_facility(self, doc: Tokens) -> Iterator[Candidate]:
        """Per token, in this order: a name after the token as a cue word, the token as a name
        before its apposition, a vocative or a name after a verb of naming."""
        for i, tok in enumerate(doc.tokens[:-1]):
            key = fold(tok.text)
            yield from self._after_cue(doc, i, tok, key)
            yield from self._before_apposition(doc, i, tok, key)
            yield from self._vocative_or_naming(doc, i, key)

    def _named_relative(self, doc: Tokens, k: int) -> bool:
        """The lower-case word right after a kinship word, before a pause, a pronoun or the
        end, is the relative's name when it is no word of the language, no place and no term
        to keep ("mon cousin x, ...": a first name no list holds)."""
        tok = doc[k]
        key = fold(tok.text)
        if not tok.is_lower or not tok.is_alpha or len(key) < 3 or key in self.stop_words \
                or key in INTERJECTIONS or key in KINSHIP | ROLES:
            return False
        nxt = fold(doc[k + 1].text) if k + 1 < len(doc) else ""
        if nxt not in {"", ",", ".", "!", "?", "...", "…", "il", "elle", "qui", "et"}:
            return False
        return tok.text not in self.common and not self.vocab.is_protected(tok.text) \
            and key not in self.vocab.town_keys and key not in self.vocab.communes

    def _kept_name_after_role(self, doc: Tokens, k: int) -> bool:
        """``doc[k]``, right after a role's word, is a lower-case first name that is also a term
        to keep, closed by a pause, the line's end, "et", a pronoun, what goes on with a person
        or the next speaker's turn ("... x Proche : ...")."""
        tok = doc[k]
        key = fold(tok.text)
        if not tok.is_lower or not tok.is_alpha or key not in self.vocab.first_names \
                or key in self.stop_words or not self.vocab.is_protected(tok.text):
            return False
        return k + 1 == len(doc) or doc[k + 1].text in {",", ".", "!", "?", "…", "..."} \
            or doc[k + 1].is_space or fold(doc[k + 1].text) in {"et", "il", "elle", "qui"} \
            or self._person_goes_on(doc, k) \
            or doc[k + 1].text[:1].isupper() and k + 2 < len(doc) and doc[k + 2].text == ":"

    def _nickname_between(self, doc: Tokens, k: int) -> bool:
        """``doc[k]``, between an article and a comma after a relative's word and its comma,
        is a nickname: a lower-case word, no small word, filler, verb, kinship or role word,
        no epithet of pity or blame ("la pauvre"), no term to keep."""
        tok = doc[k]
        key = fold(tok.text)
        return tok.is_lower and tok.is_alpha and len(key) > 2 \
            and key not in self.stop_words and key not in INTERJECTIONS \
            and key not in KINSHIP | ROLES | APPOSED_EPITHETS | NICKNAME_ADJECTIVES \
            and not self.common.is_verb(tok.text) and not self.vocab.is_protected(tok.text)

    def _after_cue(self, doc: Tokens, i: int, tok: Token, key: str) -> Iterator[Candidate]:
        """A name after the word that announces it: a title, a facility noun, a kinship or role
        word, a nickname's adjective."""
        is_title = key in TITLES and not (tok.is_lower and key in {"me", "m"})
        if is_title:
            yield from self._after_title(doc, i + 1)
        elif key in self.vocab.facility_words and tok.is_lower \
                and fold(doc[i + 1].text) in CARDINAL_POINTS \
                and (doc[i + 1].is_title or key in HOSPITAL_NOUNS and doc[i + 1].is_lower
                     and fold(doc[i + 1].text) != "centre"):
            # "la clinique Sud", "le collège Ouest": a cardinal point right after the noun (no
            # "du") names this one facility, not the département or the region; a hospital's
            # also in lower case ("l'hôpital nord")
            yield doc[i + 1].idx, _end(doc[i + 1]), "ORG", 60, "facility-point"
        elif (key in self.vocab.facility_words or key in FACILITY_TAILS or key == "chez") \
                and (tok.is_lower or tok.is_upper or tok.text == "Chez") \
                and not (tok.text.startswith("cit") and not tok.text.startswith("cité")
                         and i and fold(doc[i - 1].text) not in DETERMINERS):
            yield from self._after_facility(doc, i, key)
        elif key in DIRECT_FACILITIES and tok.is_lower \
                and self._is_name_like(doc[i + 1], allow_places=True) \
                and doc[i + 1].text not in NAME_ARTICLES:
            end = self._name_run(doc, i + 1, links=True, places=True)
            if end > i + 1:
                yield doc[i + 1].idx, _end(doc[end - 1]), "ORG", 50, "facility"
        elif key in CARED and tok.is_lower and self._lower_name(doc[i + 1]):
            # "le patient x", "l'usagère y": the person followed, typed in lower case
            yield doc[i + 1].idx, _end(doc[i + 1]), "PER", 45, "kinship-lower"
        elif (key in KINSHIP and tok.is_lower) or (key in ROLES and doc[i + 1].text == ","):
            # a kinship word, or a role then a comma, announces a name: "son oncle X",
            # "sa cousine, X, ...", "deux fils, X et Y", "la TS, X, ..."
            k = i + 1 + (doc[i + 1].text == "," and i + 2 < len(doc))
            end = self._name_run(doc, k, links=True, places=True)
            if end > k and doc[k].text not in NAME_ARTICLES:
                # a first name alone that is also a country or a feast ("ma copine France,
                # ..."): the person, outranking the term
                kept = end == k + 1 and key in KINSHIP and self._kept_first_name(doc[k]) \
                    and not (key == "pere" and fold(doc[k].text) == "noel")
                yield doc[k].idx, _end(doc[end - 1]), "PER", 55, \
                    "naming-kept" if kept else "kinship"
            elif end == k and (key in KINSHIP or k > i + 1) and (
                    self._lower_name(doc[k]) or key in KINSHIP and k == i + 1
                    and self._named_relative(doc, k)):
                # transcribers type first names and nicknames in lower case: "mon pote
                # X"; replaced, but a doubt for the reviewer
                yield doc[k].idx, _end(doc[k]), "PER", 45, "kinship-lower"
            elif end == k and k > i + 1 and k + 3 < len(doc) and doc[k + 2].text == "," \
                    and fold(doc[k].text) in {"le", "la"} and self._nickname_between(doc, k + 1) \
                    and fold(doc[k + 3].text) in {"il", "elle", "qui", "lui"}:
                # a nickname between commas after the relative, the clause going on with the
                # person ("mon pote, le x, il ..."; never a list: "les enfants, le loyer, tout")
                yield doc[k + 1].idx, _end(doc[k + 1]), "PER", 45, "nickname-lower"
            elif end == k and key in KINSHIP and k == i + 1 and self._relative_goes_on(doc, k):
                # "ma sœur x elle m'a dit": a word of the language too, between the relative
                # and the pronoun that goes on with them
                yield doc[k].idx, _end(doc[k]), "PER", 45, "kinship-lower"
            elif end == k and key in KINSHIP and k == i + 1 \
                    and (doc[k].is_title or doc[k].is_lower and (
                        self._person_goes_on(doc, k) or k + 1 < len(doc)
                        and fold(doc[k + 1].text) in KEPT_NAME_GOES_ON)) \
                    and self._kept_first_name(doc[k]) \
                    and not (key == "pere" and fold(doc[k].text) == "noel"):
                # a first name that is also a feast or a country after a relative's word
                # ("tonton Noël", "ma cousine France"; typed in lower case when the sentence
                # goes on with the person: "ma femme x elle dit", "mon oncle y z"), never "le
                # père Noël": the person
                yield doc[k].idx, _end(doc[k]), "PER", 55, "naming-kept"
        elif key in ROLES and tok.is_lower and self._kept_name_after_role(doc, i + 1):
            # a first name that is also a term to keep after a role's word, typed in lower case,
            # before a pause or what goes on with the person ("la psy x et le docteur y", x a
            # département)
            yield doc[i + 1].idx, _end(doc[i + 1]), "PER", 45, "naming-kept"
        elif key in NICKNAME_ADJECTIVES and i > 0 and fold(doc[i - 1].text) in {
                "le", "la", "les"} and self._is_name_like(doc[i + 1]):
            # a nickname: "le gros X", "la petite X"
            end = self._name_run(doc, i + 1, links=False)
            yield doc[i + 1].idx, _end(doc[end - 1]), "PER", 45, "nickname"
        elif key in NICKNAME_ADJECTIVES and i > 0 and fold(doc[i - 1].text) in POSSESSIVES \
                and self._lower_name(doc[i + 1]) \
                and fold(doc[i + 1].text) not in self.vocab.ambiguous_first_names:
            # "ma petite x", "mon grand x": a child's or a friend's first name, typed lower
            yield doc[i + 1].idx, _end(doc[i + 1]), "PER", 45, "kinship-lower"
        elif tok.is_title and key in self.vocab.facility_words \
                and not self._sentence_initial(tok) and i + 2 < len(doc) \
                and fold(doc[i + 1].text) in LINKS:
            # a capitalised facility noun is part of the name ("au Bar de la X")
            k = i + 2 + (fold(doc[i + 2].text) in {"la", "l'"} and i + 3 < len(doc))
            end = self._name_run(doc, k, links=True, places=True)
            if end == k and doc[k].is_title and doc[k].is_alpha:
                end = k + 1  # a kept word may end such a name ("Bar de la X")
            # a contracted article says the name is no town's ("le Bar du X", "la Carrosserie
            # des Y": a town is said after "de"), unless it is a term to keep ("du Nord")
            town = end > k and self.vocab.towns.fullmatch(doc[k:end].text) and not (
                fold(doc[i + 1].text) in {"du", "des"}
                and not self.vocab.is_protected(doc[k:end].text))
            if town:  # "la Gare de X": the town is the identifier, the noun stays
                yield doc[k].idx, _end(doc[end - 1]), "LOC", 45, "facility"
            elif end > k:
                yield tok.idx, _end(doc[end - 1]), "ORG", 45, "facility-name"

    def _before_apposition(self, doc: Tokens, i: int, tok: Token, key: str
                           ) -> Iterator[Candidate]:
        """The token as a name, before its apposition."""
        if i + 3 < len(doc) and doc[i + 1].text == "," \
                and fold(doc[i + 2].text) in POSSESSIVES \
                and fold(doc[i + 3].text) in KINSHIP | ROLES:
            # a name then its apposition: "X, ma tante", "X, la psychologue"; not a
            # kinship or role word itself, nor an ordinary word after its article, in a
            # list of relatives ("mon X, ma Y, ...")
            if key in KINSHIP | ROLES or (
                    i > 0 and doc[i - 1].is_lower and fold(doc[i - 1].text) in NOUN_ARTICLES
                    or self._sentence_initial(tok)) \
                    and self.is_common(tok) and not self._in_gazetteer(tok):
                pass  # (nor an ordinary word opening a sentence: "Ici, le médecin ...")
            elif self._is_name_like(tok):
                yield tok.idx, _end(tok), "PER", 55, "apposition"
            elif self._lower_name(tok):
                yield tok.idx, _end(tok), "PER", 45, "apposition-lower"

    def _vocative_or_naming(self, doc: Tokens, i: int, key: str) -> Iterator[Candidate]:
        """A name said to someone ("merci X"), or after a verb of naming ("qu'on appelle X")."""
        if key in VOCATIVE_CUES and i + 2 < len(doc):
            # a vocative: "merci X", "salut X !", "allez, X, ..."
            k = i + 1 + (doc[i + 1].text == ",")
            after = doc[k + 1].text if k + 1 < len(doc) else "."
            # "ok x je lui dis": typed with no comma, the next clause opens on "je", "on"
            said_to = k < len(doc) and doc[k].is_lower and fold(after) in {"je", "j'", "on"}
            if k < len(doc) and (after in {",", ".", "!", "?", "…", "..."} or said_to):
                name = fold(doc[k].text)
                if self._is_name_like(doc[k]) and not self.is_common(doc[k]):
                    yield doc[k].idx, _end(doc[k]), "PER", 45, "vocative"
                elif self._lower_name(doc[k]):
                    yield doc[k].idx, _end(doc[k]), "PER", 45, "vocative-lower"
                elif doc[k].is_lower and doc[k].is_alpha and name in self.vocab.first_names \
                        and self.vocab.is_protected(doc[k].text):
                    # a first name that is also a country or a feast, said to someone
                    # ("merci x,", "bon courage y")
                    yield doc[k].idx, _end(doc[k]), "PER", 45, "naming-kept"
        elif key in NAMING_WORDS and i > 0 and (
            fold(doc[i - 1].text) in {"l'", "m'", "t'", "s'", "on", "qu'on"}
            # "ils m'ont appelé x", "on l'a appelée x"
            or i > 1 and fold(doc[i - 1].text) in {"ont", "a", "avait", "avaient"}
            and fold(doc[i - 2].text) in {"l'", "m'", "t'", "s'", "nous", "vous", "les"}
            or key.startswith("surnom") or key in {"prenom", "nom"}
            or self._relative_naming(doc, i)
        ):
            k = i + 1
            article = False
            while k < len(doc) and (doc[k].text in {":", "«", '"', ","} or fold(doc[k].text)
                                    in {"la", "le", "les", "comme", "c'est"} | NAMING_ADVERBS
                                    or fold(doc[k].text) in INTERJECTIONS):
                article = article or fold(doc[k].text) in {"la", "le"}
                k += 1
            if k + 1 < len(doc) and not article and fold(doc[k].text) in FAMILY_ADDRESS \
                    and doc[k].is_lower and self._address_nickname(doc, k + 1) \
                    and (fold(doc[i - 1].text) in {"l'", "m'", "t'", "s'"}
                         or self._relative_naming(doc, i)):
                # "une dame qu'on appelle mamie x", "que tout le monde appelle papa y": the
                # nickname is the relative's word and the name together, though it is also a
                # term to keep ("papa x" where x is a feast)
                kept = self.vocab.is_protected(f"{doc[k].text} {doc[k + 1].text}") \
                    or self.vocab.is_protected(doc[k + 1].text)
                yield doc[k].idx, _end(doc[k + 1]), "PER", 45, \
                    "naming-kept" if kept else "nickname-lower"
            elif k < len(doc):
                found = list(self._named(doc, k, "naming"))
                yield from found
                given = fold(doc[i - 1].text) in {"l'", "m'", "t'", "s'"} \
                    or self._relative_naming(doc, i)
                if not found and article and given and self._nickname_word(doc, k):
                    # "on m'appelait la x", "je l'appelle le y": a nickname, a word of the
                    # language with its article; a person is called so, never calling
                    yield doc[k].idx, _end(doc[k]), "PER", 45, "nickname-lower"
                    found = [(doc[k].idx, _end(doc[k]))]
                elif not found and article and given and k + 1 < len(doc) \
                        and fold(doc[k].text) in NICKNAME_ADJECTIVES and doc[k].is_lower \
                        and self._nickname_word(doc, k + 1):
                    # "on l'appelle le petit x parce que": the adjective is the nickname's
                    yield doc[k].idx, _end(doc[k + 1]), "PER", 45, "nickname-lower"
                    found = [(doc[k].idx, _end(doc[k + 1]))]
                elif not found and not article and k == i + 1 and i > 1 \
                        and fold(doc[i - 1].text) in {"l'", "m'"} \
                        and fold(doc[i - 2].text) in NICKNAME_SUBJECTS \
                        and fold(doc[k].text) not in CALL_ADVERBS \
                        and self._nickname_word(doc, k, PERSON_PRONOUNS):
                    # "on l'appelle x, il ...", "on l'appelait y": what one is called, a word
                    # of the language too; never when one calls ("je l'appelle demain")
                    yield doc[k].idx, _end(doc[k]), "PER", 45, "nickname-lower"
                    found = [(doc[k].idx, _end(doc[k]))]
                if given:
                    yield from self._second_nickname(doc, found)
        elif key in {"certain", "certaine"} and i > 0 and fold(doc[i - 1].text) in {"un", "une"} \
                and i + 1 < len(doc):
            # "un certain x": a person the speaker names without knowing them; in lower case
            # a name of the gazetteers only ("un certain temps" is no one)
            k = i + 1
            end = self._name_run(doc, k, links=False, places=True)
            if end == k and doc[k].is_lower and self._in_gazetteer(doc[k]) \
                    and not self.is_common(doc[k]) and not self.vocab.is_protected(doc[k].text):
                end = k + 1
            if end > k:
                yield doc[k].idx, _end(doc[end - 1]), "PER", 45, "apposition-lower"

    def _called_so(self, doc: Tokens) -> Iterator[Candidate]:
        """A nickname given after a name and "dit", "dite", "surnommé" with its article, the
        nickname capitalised ("Kevin dit le X", "(dite la Y)"): what the person is called. A
        doubt."""
        for i, tok in enumerate(doc.tokens[:-2]):
            if fold(tok.text) not in NICKNAME_GIVERS or i == 0:
                continue
            prev = doc[i - 1]
            if not (prev.text in {"(", ","} or prev.is_title and prev.is_alpha
                    and not self._sentence_initial(prev) and not self.is_common(prev)):
                continue
            k = i + 1 + (doc[i + 1].text in {"«", '"'})
            if k >= len(doc) or fold(doc[k].text) not in {"le", "la", "l'"}:
                continue
            k += 1 + (k + 2 < len(doc) and doc[k + 1].text in {"«", '"'})
            if k < len(doc) and doc[k].is_title and doc[k].is_alpha \
                    and (k + 1 >= len(doc) or doc[k + 1].is_punct):
                yield doc[k].idx, _end(doc[k]), "PER", 45, "called"
            elif k < len(doc) and prev.text == "(" and self._nickname_word(doc, k) \
                    and k + 1 < len(doc) and doc[k + 1].text == ")":
                # typed in lower case, in brackets after the name: "x (dit le y)"
                yield doc[k].idx, _end(doc[k]), "PER", 45, "called"

    def _caller_named(self, doc: Tokens) -> Iterator[Candidate]:
        """Who speaks, said after a greeting in a call or a message ("coucou, c'est x, ...",
        "bonjour c'est y de la pharmacie"): a first name of the gazetteer, though a word of the
        language or a term to keep, before a pause, where the caller is from or the next
        clause. A doubt."""
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-2]):
            if fold(tok.text) != "c'" or fold(doc[i + 1].text) != "est":
                continue
            before = [(t.text, fold(t.text)) for t in doc[max(0, i - 4):i]]
            if not any(key in GREETINGS for _, key in before) \
                    or any(self.common.is_verb(word) and key not in GREETINGS
                           for word, key in before):
                continue
            k = i + 2
            key = fold(doc[k].text)
            if not doc[k].is_alpha or key not in self.vocab.first_names \
                    or key in self.stop_words or key in INTERJECTIONS \
                    or k + 1 < n and fold(doc[k + 1].text) not in AFTER_CALLER:
                continue
            yield doc[k].idx, _end(doc[k]), "PER", 45, "called"

    def _second_nickname(self, doc: Tokens, found: list) -> Iterator[Candidate]:
        """A second name given with "ou" and an article after the first ("on l'appelle x ou
        le y"): a nickname, a word of the language."""
        if not found:
            return
        k = next((t.i for t in doc.tokens if t.idx >= found[-1][1]), len(doc))
        if k + 2 < len(doc) and fold(doc[k].text) == "ou" \
                and fold(doc[k + 1].text) in {"le", "la", "l'"} \
                and self._nickname_word(doc, k + 2):
            yield doc[k + 2].idx, _end(doc[k + 2]), "PER", 45, "nickname-lower"

    @staticmethod
    def _relative_naming(doc: Tokens, i: int) -> bool:
        """A verb of naming in a relative clause about someone ("une dame qu'ils appellent
        ...", "un patient que j'appelle ...", "qu'on appelle ..."): what follows is what that
        person is called; never what a thing is called ("ce qu'on appelle le sevrage")."""
        if i > 0 and fold(doc[i - 1].text) == "qu'on":
            that = i - 1
        elif i > 3 and fold(doc[i - 1].text) == "monde" and fold(doc[i - 2].text) == "le" \
                and fold(doc[i - 3].text) == "tout" and fold(doc[i - 4].text) in {"qu'", "que"}:
            that = i - 4
        elif i > 1 and fold(doc[i - 1].text) in {"ils", "elles", "j'", "je", "on"} \
                and fold(doc[i - 2].text) in {"qu'", "que"}:
            that = i - 2
        else:
            return False
        return that == 0 or fold(doc[that - 1].text) not in {"ce", "c'", "ca", "cela"}

    def _address_nickname(self, doc: Tokens, k: int) -> bool:
        """``doc[k]`` may end a nickname made of a relative's word and a name ("mamie x"): a
        word of its own in lower case, no stop word, filler, verb nor term to keep."""
        tok, key = doc[k], fold(doc[k].text)
        return tok.is_lower and tok.is_alpha and len(key) > 2 and key not in self.stop_words \
            and key not in INTERJECTIONS and not self.common.is_verb(tok.text) \
            and (not self.vocab.is_protected(tok.text) or key in self.vocab.first_names) \
            and key not in KINSHIP | ROLES

    def _nickname_word(self, doc: Tokens, k: int, also_before: frozenset[str] = frozenset()
                       ) -> bool:
        """One lower-case word then a pause: what a nickname given with its article is
        (``also_before``: other words that may follow it)."""
        tok = doc[k]
        key = fold(tok.text)
        return tok.is_lower and tok.is_alpha and len(key) > 2 \
            and (k + 1 >= len(doc) or doc[k + 1].is_punct or doc[k + 1].text in {"[", "«"}
                 or fold(doc[k + 1].text) in {"parce", "car", "et", "mais", "au", "a", "en",
                                              "dans", "chez", "depuis", "quand", "alors",
                                              "qui", "il", "elle", "c'", "c'est", "comme"}
                 or fold(doc[k + 1].text) in also_before) \
            and key not in self.stop_words and key not in INTERJECTIONS \
            and key not in KINSHIP | ROLES | NOT_SHOP_NAMES \
            and key not in self.vocab.facility_words and not self.vocab.is_protected(tok.text)

    def _relative_goes_on(self, doc: Tokens, k: int) -> bool:
        """The lower-case word at ``k``, right after a relative's word, is followed by what
        goes on with a person ("il", "elle", "qui", "m'"): the relative's name, also a word of
        the language; never a qualifier ("aînée"), a verb, a place or a term to keep."""
        tok = doc[k]
        key = fold(tok.text)
        if not tok.is_lower or not tok.is_alpha or len(key) < 3 or key in self.stop_words \
                or key in INTERJECTIONS or key in KINSHIP | ROLES | RELATIVE_QUALIFIERS \
                or self.vocab.is_protected(tok.text) or self.common.is_verb(tok.text) \
                or key in self.vocab.town_keys:
            return False
        return k + 1 < len(doc) and fold(doc[k + 1].text) in RELATIVE_GOES_ON

    def _kept_first_name(self, tok: Token) -> bool:
        """A first name of the gazetteer that is also a term to keep (a country, a feast)."""
        return tok.is_alpha and self.vocab.is_protected(tok.text) \
            and fold(tok.text) in self.vocab.first_names

    def _person_goes_on(self, doc: Tokens, k: int) -> bool:
        """After ``doc[k]`` the sentence goes on with a person: "il", "elle", a verb said of
        people ("dit", "m'a"), a surname of the gazetteer typed in lower case, or after a
        comma who they are ("x, le frère à ma mère", "y, elle ...")."""
        if k + 1 >= len(doc):
            return False
        nxt = fold(doc[k + 1].text)
        if nxt == "," and k + 2 < len(doc):
            after = [fold(t.text) for t in doc[k + 2:min(len(doc), k + 4)]]
            return after[0] in {"il", "elle"} or len(after) == 2 \
                and after[0] in {"le", "la", "l'", "son", "sa", "mon", "ma", "notre"} \
                and after[1] in KINSHIP | ROLES
        return nxt in {"il", "elle"} or nxt in PERSON_VERBS \
            or doc[k + 1].is_lower and nxt in self.vocab.surnames \
            and not self.is_common(doc[k + 1])

    def _named(self, doc: Tokens, k: int, source: str) -> Iterator[Candidate]:
        """A name right after "qu'on appelle", "prénom :": capitalised or not; in lower case
        a word of the language too when it is a first name ("il s'appelle noël")."""
        end = self._name_run(doc, k, links=False, places=True)
        tok = doc[k]
        key = fold(tok.text)
        if end == k and tok.is_alpha and tok.is_title and self.vocab.is_protected(tok.text) \
                and key in self.vocab.first_names and source == "naming":
            end = k + 1  # "il s'appelle Noël": the first name, though also a feast
        if end == k and tok.is_alpha and tok.is_lower and len(tok) > 2 \
                and (not self.is_common(tok) or key in self.vocab.first_names
                     or key in self.vocab.ambiguous_first_names) \
                and key not in self.stop_words and key not in INTERJECTIONS \
                and key not in KINSHIP | ROLES and (not self.vocab.is_protected(tok.text)
                                                    or key in self.vocab.first_names):
            end = k + 1  # "il s'appelle france": the first name, though also a country
        if end > k:
            name = doc[k:end].text
            if source == "naming" and self.vocab.is_protected(name) \
                    and fold(name) in self.vocab.first_names:
                source = "naming-kept"  # "elle s'appelle France": the person, not the country
            yield doc[k].idx, _end(doc[end - 1]), "PER", 55, source

    def _after_title(self, doc: Tokens, k: int) -> Iterator[Candidate]:
        if k >= len(doc) or doc[k].is_punct:
            return
        nxt = doc[k]
        # a one-letter particle before a name (Irish "Ó", Dutch initials)
        start_run = k + 1 if (len(nxt) == 1 and nxt.text.isupper() and k + 1 < len(doc)
                              and self._is_name_like(doc[k + 1], allow_places=True)) else k
        end = self._name_run(doc, start_run, links=False, places=True)
        if end == start_run and nxt.is_lower and nxt.is_alpha and len(nxt) > 2 \
                and self._in_gazetteer(nxt) and fold(nxt.text) not in self.stop_words \
                and fold(nxt.text) not in INTERJECTIONS | KINSHIP | ROLES:
            # a surname lower-cased by the transcriber after a title, also one that is a common
            # word ("le docteur x"): the title makes it a name
            end = k + 1
        elif end == start_run and nxt.is_title and nxt.is_alpha and self._in_gazetteer(nxt) \
                and nxt.text not in self.vocab.acronyms:
            # a surname that is also a term to keep (a feast day, a word of the domain) after a
            # title: a person, and the surname after it when it is a first name ("M. Noël X")
            end = max(k + 1, self._name_run(doc, k + 1, links=False, places=True))
        if end > start_run or end > k:
            yield doc[k].idx, _end(doc[max(end, k + 1) - 1]), "PER", 60, "title"
            yield from self._first_name_after(doc, max(end, k + 1))
        elif fold(doc[k - 1].text) in CIVIL_TITLES and nxt.is_lower:
            # after "madame", "monsieur", "docteur" a lower-case word that no gazetteer holds is a
            # surname all the same (a trade, a fruit, a town: "monsieur x"), with its particle
            j = k + 1 if k + 1 < len(doc) and (
                fold(nxt.text) in SURNAME_PARTICLES
                or fold(nxt.text) in ARTICLE_PARTICLES and (
                    not self.is_common(doc[k + 1])
                    # a Breton surname whose second word is a word ("madame le x")
                    or fold(f"{nxt.text} {doc[k + 1].text}") in self.vocab.surnames)) else k
            word = doc[j]
            key = fold(word.text)
            if word.is_lower and (word.is_alpha or "-" in word.text) and len(key) > 2 \
                    and key not in self.stop_words and key not in INTERJECTIONS \
                    and key not in KINSHIP | ROLES | NOT_SURNAMES \
                    and key not in self.vocab.demonyms \
                    and not self.vocab.is_protected(word.text) \
                    and not (self.common.is_verb(word.text) and key not in self.vocab.surnames):
                # (never a nationality: "un monsieur ivoirien"; never a verb no surname holds,
                # as notes say who does what: "dr propose un sevrage")
                yield doc[k].idx, _end(word), "PER", 55, "title-lower"
                yield from self._first_name_after(doc, word.i + 1)

    def _first_name_after(self, doc: Tokens, i: int) -> Iterator[Candidate]:
        """The first name said after a surname and its title, between commas, as letters and
        files give it ("monsieur x, jean, ..."): a word the first-name gazetteer holds, also
        one that is an ordinary word, in that slot."""
        if i + 2 >= len(doc) or doc[i].text != ",":
            return
        word, after = doc[i + 1], doc[i + 2]
        if word.is_alpha and fold(word.text) in self.vocab.first_names \
                and after.text in {",", ".", ";", ")"} \
                and fold(word.text) not in self.stop_words \
                and fold(word.text) not in INTERJECTIONS:
            yield word.idx, _end(word), "PER", 55, "title-first-name"
