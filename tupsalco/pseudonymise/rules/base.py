"""What every family of identifier rules shares: the folding, the candidate tuple and its
priorities, the model's ordinary words, a document's tokens made once, and ``RuleBase``
(the word tests and the run of capitalised tokens every family reads)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..vocab import DETERMINERS, INTERJECTIONS, Vocabulary, fold
from .words import (
    KINSHIP,
    LINKS,
    MEASURE_UNITS,
    NAME_LINKS,
    NAME_OPENERS,
    OWN_POSSESSIVES,
    PARTICIPLE_ENDINGS,
    PRONOUNS,
    ROLES,
)

Candidate = tuple[int, int, str, int, str]  # start, end, type, priority, source

PRIORITY = {"EMAIL": 100, "NIR": 95, "PHONE": 90, "ADDRESS": 85, "DATE": 80, "LOC": 75, "PER": 70,
            "ORG": 65}
NER_TYPES = {"PER": ("PER", 50), "LOC": ("LOC", 45), "ORG": ("ORG", 40)}


# infinitives said after an object pronoun ("le voir", "la chercher"), which the lookup table
# gives as their own lemma
COMMON_INFINITIVES = frozenset(
    "voir revoir chercher prendre appeler rappeler aider faire dire suivre recevoir accueillir "
    "virer soigner garder laisser mettre emmener ramener connaitre connaître trouver".split())


# a feminine or plural adjective's ending and its masculine singular's ("locale" -> "local",
# "sportives" -> "sportif", "nationaux" -> "national"): French inflection
ADJECTIVE_TAILS = (("aux", "al"), ("ives", "if"), ("ive", "if"), ("euses", "eux"),
                   ("euse", "eux"), ("iennes", "ien"), ("ienne", "ien"), ("elles", "el"),
                   ("elle", "el"), ("es", ""), ("e", ""), ("s", ""))
# a word's letters, without digits nor the apostrophes and hyphens between words
LETTER_RUNS = re.compile(r"[^\W\d_]+")


def hyphen_after(doc: Doc | Tokens, k: int) -> bool:
    """``doc[k]`` is joined by a hyphen, spaces on neither side, to the word after it: one
    word the tokenizer split ("croix-rousse", "part-dieu")."""
    return k + 2 < len(doc) and not doc[k].whitespace_ and doc[k + 1].text == "-" \
        and not doc[k + 1].whitespace_ and doc[k + 2].is_alpha


class CommonWords:
    """Ordinary French words, from the model's own lemmatizer tables: the lemma lists per
    part of speech, and the inflected forms of the lookup table (whose keys are hashes)."""

    def __init__(self, nlp: Language) -> None:
        self.tables = []
        self.lemmas: frozenset[str] = frozenset()
        self.adjectives: frozenset[str] = frozenset()  # the lemmas listed as adjectives
        self.stop_words = frozenset(nlp.Defaults.stop_words)
        if "lemmatizer" in nlp.component_names:
            lookups = nlp.get_pipe("lemmatizer").lookups
            if lookups.has_table("lemma_lookup"):
                self.tables.append(lookups.get_table("lemma_lookup"))
            if lookups.has_table("lemma_index"):
                index = lookups.get_table("lemma_index")
                self.lemmas = frozenset(w for key in index for w in index[key])
                self.adjectives = frozenset(index.get("adj", ()))

    def __contains__(self, word: str) -> bool:
        word = word.lower().replace("’", "'")
        return word in self.lemmas or any(word in table for table in self.tables)

    def all_common(self, text: str) -> bool:
        """Every word of ``text`` (its runs of letters) is a word of the language or a stop
        word ("le lien", "la fouine"); false when it has no word."""
        words = LETTER_RUNS.findall(text.replace("’", "'"))
        return bool(words) and all(w in self or w.lower() in self.stop_words for w in words)

    def is_adjective(self, word: str) -> bool:
        """An adjective, or the form of one ("locale", "sportives": the lookup table's lemma
        is listed as an adjective)."""
        word = word.lower().replace("’", "'")
        if word in self.adjectives:
            return True
        for tail, base in ADJECTIVE_TAILS:  # the lists give the masculine singular
            if word.endswith(tail) and word[:len(word) - len(tail)] + base in self.adjectives:
                return True
        return any(lemma in self.adjectives for lemma in self._lemmas(word))

    def _lemmas(self, word: str) -> Iterator[str]:
        """The lemma each lookup table gives ``word`` (lower case), where it gives one."""
        for table in self.tables:
            lemma = table.get(word)
            if isinstance(lemma, list):
                lemma = lemma[0] if lemma else None
            if isinstance(lemma, str):
                yield lemma

    def is_verb(self, word: str) -> bool:
        """A conjugated verb ("connaît", "prend": the lookup table gives an infinitive that is
        not the word) or one of the infinitives said after an object pronoun ("le voir")."""
        word = word.lower().replace("’", "'")
        if word in COMMON_INFINITIVES:
            return True
        return not word.endswith("s") and any(
            lemma != word and lemma.endswith(("er", "ir", "re", "oir"))
            for lemma in self._lemmas(word))


@cache
def common_words(nlp: Language) -> CommonWords:
    """One word list per loaded pipeline, shared by the component, the ruler and the engine."""
    return CommonWords(nlp)


class Tokens:
    """A document's tokens, each made once: the rules look at every token and at its
    neighbours, and spaCy makes a new Token object at each ``doc[i]``."""

    __slots__ = ("doc", "tokens")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.tokens = list(doc)

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __getitem__(self, index: int | slice) -> Token | Span:
        return self.tokens[index] if isinstance(index, int) else self.doc[index]


class RuleBase:
    """What the families of rules share: the word tests and the run of a name. The
    families are mixed into ``pipeline.IdentifierFinder``, which sets these
    attributes; a rule of one family may call one of another through ``self``."""

    vocab: Vocabulary
    common: CommonWords
    stop_words: frozenset[str]
    site_keys: frozenset[str]  # the project's sites, folded (``set_places``)

    def _is_stop(self, word: str) -> bool:
        """A word that cannot be inside a name: a stop word, a filler."""
        return fold(word) in self.stop_words or fold(word) in INTERJECTIONS

    def _word_of_its_slot(self, doc: Tokens, i: int) -> bool:
        """``doc[i]`` is the word its slot asks for, no name: a verb's form right after "a"
        typed without its accent ("ça a changé": "avoir" and a participle, not "à Changé"), a
        unit after a number ("25 min")."""
        return i > 0 and doc[i].is_lower and (
            doc[i - 1].text.lower() == "a" and doc[i].text.endswith(PARTICIPLE_ENDINGS)
            and self.common.is_verb(doc[i].text) and fold(doc[i].text) not in self.vocab.first_names
            or doc[i - 1].text.isdigit() and fold(doc[i].text) in MEASURE_UNITS)

    def is_common(self, token: Token) -> bool:
        """An ordinary French word or a stop word, whatever its case."""
        return token.text in self.common or fold(token.text) in self.stop_words

    def _is_name_like(self, token: Token, *, allow_places: bool = False) -> bool:
        text = token.text
        if not text[:1].isupper() or len(text) < 2:
            return False
        key = fold(text)
        if key in PRONOUNS or key in DETERMINERS or key in INTERJECTIONS or (
            key in self.stop_words and self._sentence_initial(token)
        ):
            return False
        if text.isalpha() and text.isupper() and len(text) <= 5 \
                and key not in self.vocab.first_names:
            return False  # an acronym
        if allow_places and key in self.vocab.keep_places and text not in self.vocab.acronyms:
            return True  # a kept place inside a facility's name ("hôpital" + a cardinal point)
        return not self.vocab.is_protected(text)

    def _common_after_possessive(self, token: Token) -> bool:
        """An ordinary word after a lower-case possessive ("mon X", "ma X"): a relative, a
        trade or a thing of one's own, even when the word is also a surname."""
        i = token.i
        return i > 0 and token.doc[i - 1].is_lower \
            and fold(token.doc[i - 1].text) in OWN_POSSESSIVES and self.is_common(token)

    def _in_gazetteer_text(self, text: str) -> bool:
        key = fold(text)
        return key in self.vocab.first_names or key in self.vocab.surnames

    def _region_after(self, doc: Tokens, j: int) -> bool:
        """A region, a département or a country said from ``j`` on ("en Y", "dans le Y",
        "dans les Y Z"): the word before it names a place there."""
        n = len(doc)
        if j < n and fold(doc[j].text) == "en":
            region = j + 1
        elif j + 1 < n and fold(doc[j].text) == "dans" and fold(doc[j + 1].text) in NAME_OPENERS:
            region = j + 2
        else:
            return False
        return region < n and (self.vocab.is_protected(doc[region].text) or region + 1 < n
                               and self.vocab.is_protected(doc[region:region + 2].text)) \
            and not (doc[region].is_lower and not doc[region].text.isalpha())

    def _in_gazetteer(self, token: Token) -> bool:
        key = fold(token.text)
        return key in self.vocab.first_names or key in self.vocab.surnames

    @staticmethod
    def _after_of(doc: Tokens, k: int, *, elided: bool = False) -> int | None:
        """Where the complement starts after "de la", "de l'", "du" or "des" at ``k`` ("le café
        du x", "la pharmacie de la y"; with ``elided``, after "d'" too: "la place d'x");
        ``None`` when no such link stands there."""
        of = {"de", "d'"} if elided else {"de"}
        if fold(doc[k].text) in of and k + 1 < len(doc) and fold(doc[k + 1].text) in {"la", "l'"}:
            return k + 2
        if fold(doc[k].text) in ({"du", "des", "d'"} if elided else {"du", "des"}):
            return k + 1
        return None

    @staticmethod
    def _sentence_initial(token: Token) -> bool:
        i = token.i
        if i == 0:
            return True
        prev = token.doc[i - 1]
        return prev.text in {".", "!", "?", "…", ":", "«", '"', "]", "..."} \
            or "\n" in prev.text_with_ws or prev.is_space

    @staticmethod
    def _pronoun_in_name(doc: Tokens, j: int) -> bool:
        """A capitalised pronoun after "et" or "&" inside a sentence: the end of a name."""
        return j > 0 and doc[j].is_title and fold(doc[j].text) in PRONOUNS \
            and fold(doc[j - 1].text) in {"et", "&"}

    def _name_run(self, doc: Tokens, i: int, *, links: bool, places: bool = False) -> int:
        """End index of a run of capitalised tokens starting at ``i`` (``i`` if none)."""
        j = i
        while j < len(doc):
            tok = doc[j]
            nxt_name = j + 1 < len(doc) and (
                self._is_name_like(doc[j + 1], allow_places=places)
                or doc[j + 1].text[:1].isupper() and fold(doc[j + 1].text) in DETERMINERS
                or places and self._pronoun_in_name(doc, j + 1))
            if self._is_name_like(tok, allow_places=places) or (
                j > i and tok.text in {"-", "'"}
            ) or links and j > i and (fold(tok.text) in LINKS or places and tok.is_lower
                                      and fold(tok.text) in NAME_LINKS) and nxt_name or (
                # a capitalised article inside a name ("X et Une Y")
                j > i and tok.text[:1].isupper() and fold(tok.text) in DETERMINERS and nxt_name
            ) or (
                # a capitalised pronoun joined inside a shop's name ("X et Vous", "X & Moi")
                j > i and places and self._pronoun_in_name(doc, j)
            ) or (
                # the word after an elided capital ("Les P'tits X")
                j > i and doc[j - 1].text.endswith(("'", "’")) and tok.is_alpha
            ):
                j += 1
            else:
                break
        while j > i and doc[j - 1].text in {"-", "'"}:
            j -= 1
        return j

    def _lower_name(self, tok: Token) -> bool:
        """A lower-case word standing where a name stands that the first-name gazetteer holds
        (with its nicknames and short forms); never a stop word. The model's word tables are
        too loose to tell an unknown nickname from an ordinary word."""
        key = fold(tok.text)
        if not (tok.is_alpha or "-" in tok.text) or not tok.is_lower or len(key) < 3 \
                or key in self.stop_words or key in INTERJECTIONS or key in KINSHIP | ROLES \
                or self.vocab.is_protected(tok.text):
            return False
        return key in self.vocab.first_names

    @staticmethod
    def _label_next(doc: Tokens, j: int) -> bool:
        """The token at ``j`` opens the next speaker's turn ("... Patiente : ..."), or a mark
        or a timestamp does ("[rires]", "[00:12:03]")."""
        if j >= len(doc):
            return True
        if doc[j].text in {"[", "«", "»", "("} or doc[j].is_space:
            return True
        return doc[j].text[:1].isupper() and j + 1 < len(doc) and doc[j + 1].text == ":"

    def _opens_turn(self, doc: Tokens, i: int) -> bool:
        """The token at ``i`` opens a sentence or a turn, fillers aside ("euh x, ...")."""
        j = i
        while j > 0 and fold(doc[j - 1].text) in INTERJECTIONS:
            j -= 1
        return self._sentence_initial(doc[j])


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in ranges)
