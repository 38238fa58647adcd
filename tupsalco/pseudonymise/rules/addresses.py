"""Addresses beyond the shape patterns of ``patterns.py``: postcodes said after an address
or a town, the town said after a postcode, and streets typed in lower case."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from ..patterns import (
    DEPARTMENT_CODE,
    DISTRICT_CORRECTED,
    ORDINAL,
    STREET_NUMBER_AGAIN,
    STREET_NUMBER_CORRECTED,
    postcode_after,
    said_postcodes,
)
from ..vocab import INTERJECTIONS
from .base import PRIORITY, Candidate, RuleBase, Tokens, _end, fold
from .words import (
    COMMON_STREETS,
    COMPOUND_HEADS,
    CORRECTION_WORDS,
    LINKS,
    LOCALITIES,
    MONTH_NAMES,
    NAME_OPENERS,
    NOT_STREET_NAMES,
    SAID_DAYS,
    STREETS,
    TOWN_AFTER_POSTCODE,
)

# a street word (the folded words of both sets, "allée" also as written), its link, then a
# lower-case hyphenated name ("place x-y", "rue des x-y")
HYPHENATED_STREET = re.compile(
    r"(?<![\w\-])(?:" + "|".join(sorted(STREETS | COMMON_STREETS | {"allée"})) + r")\s+"
    r"(?:(?:de\s+la|du|des|de|de\s+l'|d')\s*)?(?P<name>[a-zà-ÿœ]+(?:-[a-zà-ÿœ]+)+)(?![\w\-])")


class AddressRules(RuleBase):
    """The rules for postcodes, towns after postcodes and streets."""

    def _towns_after_postcodes(self, text: str, found: list[Candidate]) -> list[Candidate]:
        """A postcode said after its name ("le code postal c'est ..."), and the town said after
        any postcode, in whatever case ("..., 93500 x", "quatre-vingt-treize cinq cents x")."""
        spans = list(said_postcodes(text))
        out: list[Candidate] = [(s, e, "ADDRESS", PRIORITY["ADDRESS"], "postcode")
                                for s, e in spans]
        ends = [e for s, e in spans] + [c[1] for c in found
                                         if c[2] == "ADDRESS" and text[c[1] - 1:c[1]].isdigit()
                                         or c[4] == "postcode"]
        for end in ends:
            m = TOWN_AFTER_POSTCODE.match(text, end)
            if m and fold(m.group("town")) in self.vocab.town_keys:
                out.append((m.start("town"), m.end("town"), "LOC", 45, "town"))
        return out

    def _lower_streets(self, doc: Tokens) -> Iterator[Candidate]:
        yield from self._hyphenated_streets(doc.doc.text)
        yield from self._lower_street_words(doc)

    def _lower_street_words(self, doc: Tokens) -> Iterator[Candidate]:
        """A street named after a person or a town, typed in lower case: "la rue gambetta",
        "l'avenue jean jaurès", "le boulevard de la villette". Each word of the name is in
        the first-name, surname or town gazetteers ("la rue principale" names no street).
        After a street word that is also an ordinary noun ("place", "chemin"), only such
        words, linked or not ("la place x-y", "le chemin des x-y")."""
        v = self.vocab
        for i, tok in enumerate(doc.tokens[:-1]):
            common = fold(tok.text) in COMMON_STREETS
            if not tok.is_lower or fold(tok.text) not in STREETS and not common:
                continue
            k = i + 1
            while k < len(doc) and doc[k].is_lower and fold(doc[k].text) in LINKS:
                k += 1
            # after "de", "du", "des" the words are the street's name whatever they are ("la rue
            # des x", "le quai du x"); right after the street word, a name the gazetteers hold or
            # no word of the language ("la rue x"), never an adjective ("la rue principale")
            linked = k > i + 1 and fold(doc[k - 1].text) in {"de", "du", "des", "d'", "l'", "la"} \
                and not common
            j = k
            while j < min(len(doc), k + 3) and doc[j].is_lower \
                    and (doc[j].is_alpha or "-" in doc[j].text) \
                    and len(doc[j]) > 2 and fold(doc[j].text) not in self.stop_words \
                    and fold(doc[j].text) not in _PAUSES \
                    and (linked or not v.is_protected(doc[j].text)) and (
                        linked and fold(doc[j].text) not in NOT_STREET_NAMES
                        or not common and self._street_name_word(doc[j])
                        or common and self._proper_street_word(doc[j])):
                j += 1
            if j == k and linked and k + 1 < len(doc) and fold(doc[k].text) in SAID_DAYS \
                    and fold(doc[k + 1].text) in MONTH_NAMES:
                j = k + 2  # a street named after a date ("la rue du x mai")
            if j > k and (j == len(doc) or not doc[j].is_alpha or not doc[j].is_lower
                          or fold(doc[j].text) in self.stop_words
                          # a filler or a correction after it: "avenue x euh non rue x"
                          or fold(doc[j].text) in _PAUSES
                          or j + 1 < len(doc) and doc[j + 1].text == ":"):  # a speaker's label
                yield doc[i].idx, _end(doc[j - 1]), "ADDRESS", 40, "street-lower"

    def _hyphenated_streets(self, text: str) -> Iterator[Candidate]:
        """A street word, then (after "de", "du", "des", "de la") a lower-case hyphenated name:
        "la place x-y", "la rue des x-y", "le chemin du x-y" (the tokenizer cuts such names at
        their hyphens). Never a compound of the language ("la place peut-être")."""
        for m in HYPHENATED_STREET.finditer(text):
            name = m.group("name")
            parts = name.split("-")
            # a compound of the language, or one opening or closing on a pronoun or an adverb
            # ("vis-à-vis", "celui-ci", "là-bas")
            if name in self.common or parts[-1] in {"ci", "là", "bas", "vis", "même", "mêmes"} \
                    or parts[0] in {"vis", "celui", "celle", "ceux", "celles", "au", "là"} \
                    or self.vocab.is_protected(name):
                continue
            yield m.start(), m.end(), "ADDRESS", 40, "street-lower"

    def _lower_localities(self, doc: Tokens) -> Iterator[Candidate]:
        """A locality after the word that says it is one, typed in lower case: "au lieu-dit x",
        "le hameau des x y", "un lieu-dit, la x, ...": every word up to the pause is its
        name, its links included."""
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-1]):
            # "lieu-dit" comes as three tokens
            said = fold(tok.text) in LOCALITIES or fold(tok.text) == "dit" and i > 1 \
                and doc[i - 1].text == "-" and fold(doc[i - 2].text) == "lieu"
            if not tok.is_lower or not said:
                continue
            k = i + 1
            # in apposition, its article opening it: "un hameau, le x, ..."
            apposed = k + 1 < n and doc[k].text == "," \
                and fold(doc[k + 1].text) in NAME_OPENERS and doc[k + 1].is_lower
            k += apposed
            while k < n and fold(doc[k].text) in {"de", "du", "des", "d'"}:
                k += 1
            j = k
            while j < min(n, k + 9) and (
                    # a hyphen the tokenizer split off between two words of the name
                    doc[j].text == "-" and j > k and j + 1 < n and doc[j + 1].is_lower
                    and doc[j + 1].is_alpha
                    or doc[j].is_lower and (doc[j].is_alpha or "-" in doc[j].text
                                            or doc[j].text in {"d'", "l'"})
                    and (fold(doc[j].text) in LINKS and j + 1 < n and doc[j + 1].is_lower
                         and doc[j + 1].is_alpha
                         or fold(doc[j].text) not in self.stop_words)):
                j += 1
            while j > k and fold(doc[j - 1].text) in LINKS:
                j -= 1
            words = [t for t in doc[k:j] if fold(t.text) not in LINKS and t.text != "-"]
            if apposed and (j < n and doc[j].text not in {",", ".", "...", "…"} or len(words) > 1
                            and all(self.is_common(t) for t in words)
                            and not any("-" in t.text for t in doc[k:j])):
                # an apposition ends at a pause, and names with one word, a compound ("la
                # x-y") or a word no list holds ("un hameau, le genre d'endroit perdu" no place)
                continue
            if j > k and any(fold(t.text) not in LINKS for t in doc[k:j]):
                yield doc[k].idx, _end(doc[j - 1]), "LOC", 40, "locality-lower"

    def _proper_street_word(self, tok: Token) -> bool:
        """A word of a street's name after "place", "chemin"...: a hyphenated name of
        names ("x-y"), or a single word no list of the language holds, as written."""
        v = self.vocab
        parts = tok.text.lower().split("-")
        if len(parts) > 1:
            return all(fold(p) in v.first_names or fold(p) in v.surnames or p in COMPOUND_HEADS
                       or p not in self.common for p in parts if p)
        return tok.text.lower() not in self.common and fold(tok.text) not in NOT_STREET_NAMES

    def _street_name_word(self, tok: Token) -> bool:
        """A word of a street's name: in the gazetteers, or no word of the language, each part
        of a hyphenated name."""
        v = self.vocab
        parts = [p for p in fold(tok.text).split("-") if p]
        # a public figure's name too ("rue robespierre"): a street after one is an identifier
        return bool(parts) and fold(tok.text) not in NOT_STREET_NAMES and (all(
            p in v.first_names or p in v.surnames or p in v.town_keys
            or p not in self.common for p in parts)
            or v.public_figures_lower.fullmatch(tok.text) is not None)


# a filler or a correction: a lower-case street's name ends before it ("avenue x euh non rue y")
_PAUSES = INTERJECTIONS | CORRECTION_WORDS
# a postcode written right before a town ("86000 x")
_POSTCODE_BEFORE = re.compile(r"(?<![\w,.])(" + DEPARTMENT_CODE + r"\s?\d{3})\s+$")


def _corrected_numbers(text: str, found: list[Candidate]) -> list[Candidate]:
    """A street number corrected right after an address found, or said again ("14 allée X,
    euh, non, 16, c'est le 16"): part of the address too; an arrondissement corrected right
    after one found ("dans le seizième, enfin le quinzième")."""
    out = []
    for start, end, type_, _, _ in found:
        if type_ == "LOC" and ORDINAL.fullmatch(text, start, end):
            # an arrondissement corrected: "dans le seizième, enfin le quinzième"
            if (d := DISTRICT_CORRECTED.match(text, end)) is not None:
                out.append((*d.span("n"), "LOC", PRIORITY["LOC"], "district"))
            continue
        if type_ != "ADDRESS":
            continue
        m = STREET_NUMBER_CORRECTED.match(text, end)
        while m is not None:
            out.append((*m.span("n"), "ADDRESS", PRIORITY["ADDRESS"], "street-number"))
            m = STREET_NUMBER_AGAIN.match(text, m.end())
    return out


def _postcodes(text: str, found: list[Candidate]) -> list[Candidate]:
    """A postcode said or written right after an address or a town, or written right before
    a town, is part of the address ("..., 93500", "X, quatre-vingt-treize cinq cents",
    "86000 x")."""
    out = []
    for start, end, type_, _, _ in found:
        if type_ in ("ADDRESS", "LOC") and (span := postcode_after(text, end)) is not None:
            out.append((*span, "ADDRESS", PRIORITY["ADDRESS"], "postcode"))
        # ... and one written right before a town ("86000 x", typed in lower case)
        if type_ == "LOC" and (m := _POSTCODE_BEFORE.search(text, max(0, start - 12), start)):
            out.append((*m.span(1), "ADDRESS", PRIORITY["ADDRESS"], "postcode"))
    return out

