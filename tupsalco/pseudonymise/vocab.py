"""Word lists the pseudonymiser reads: domain vocabulary, places that may stay, name gazetteers.

Keys are compared folded: lower case, no accents, straight apostrophes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..folding import fold

TITLES = frozenset(
    [
        "docteur", "docteure", "doc", "dr", "dre", "dr.", "drs", "madame", "mme", "mme.",
        "monsieur", "m.", "mr", "mr.", "mademoiselle", "mlle", "maitre", "me", "me.",
        "professeur", "pr", "pr.",
        "prof", "sieur"
    ]
)
DETERMINERS = frozenset(
    [
        "le", "la", "les", "l'", "l’", "un", "une", "des", "de", "du", "d'", "d’", "au", "aux", "à",
        "a", "chez", "et", "ou", "ce", "cette", "ces", "son", "sa", "ses", "mon", "ma", "mes",
        "ton", "ta", "tes", "notre", "nos", "votre", "vos", "leur", "leurs"
    ]
)
INTERJECTIONS = frozenset(
    [
        "euh", "ben", "bah", "bon", "hein", "ouais", "oui", "non", "voilà", "voila", "ah", "oh",
        "eh", "mmh", "mh", "hum", "bref", "alors", "enfin", "quoi", "genre", "dac", "ok", "okay",
        "d'accord", "merci", "bonjour", "bonsoir", "salut", "ouh", "oups", "pff", "bof", "hop",
        "waouh", "ouf",
        # fillers as transcribers type them
        "hm", "hmm", "hmmm", "hum", "mm", "mmm", "mhm", "mh-mh", "hm-hm", "mouais", "beh", "bé",
        "heu", "pfff", "pfou", "tss", "aïe", "hé", "boh", "wesh", "ouah"
    ]
)


# the openings of the headings of domain_vocabulary.txt's drink sections
# drinks named after a town outside France, which families of immigrant origin name as home
# (drink_places.txt; left out of towns.txt's towns abroad as drinks)
DRINK_TOWNS_ABROAD = frozenset({"porto", "amsterdam", "tequila"})
DRINK_SECTIONS = ("alcoholic drinks and brands", "French wine appellations", "drink houses",
                  "regional spirits", "rums, whiskies and gins", "beers sold in France",
                  "cocktails and mixed drinks", "soft drinks")


def _sections(name: str) -> dict[str, list[str]]:
    """Entries under each ``# heading`` of a data file ("" for those before any heading)."""
    out: dict[str, list[str]] = {"": []}
    current = ""
    for line in _raw(name).splitlines():
        if line.startswith("# ") and not line[2:].strip().endswith((".", ":")) \
                and len(line.split()) <= 6:
            current = line[2:].strip()
            out.setdefault(current, [])
        elif line.strip() and not line.startswith("#"):
            out[current].append(line.strip())
    return out


@cache  # read by several of the vocabulary's fields: parsed once
def _blocks(name: str) -> dict[str, list[str]]:
    """Entries of each block of a data file (blocks apart by blank lines), keyed by the first
    line of the block's opening comment."""
    out: dict[str, list[str]] = {}
    for block in re.split(r"\n\s*\n", _raw(name)):
        lines = [x.strip() for x in block.splitlines() if x.strip()]
        if lines and lines[0].startswith("#"):
            out[lines[0][1:].strip()] = [x for x in lines if not x.startswith("#")]
    return out


def _block_words(name: str, *openings: str) -> frozenset[str]:
    """The folded entries of the blocks of a data file whose heading opens with one of
    ``openings``."""
    return frozenset(fold(w) for head, words in _blocks(name).items()
                     if head.startswith(openings) for w in words)


def _raw(name: str) -> str:
    try:
        folder = resources.files("tupsalco.pseudonymise").joinpath("data")
        return folder.joinpath(name).read_text("utf-8")
    except FileNotFoundError:
        return ""


def _read(name: str) -> list[str]:
    try:
        folder = resources.files("tupsalco.pseudonymise").joinpath("data")
        raw = folder.joinpath(name).read_text("utf-8")
    except FileNotFoundError:
        return []
    lines = (line.split("#", 1)[0].strip() for line in raw.splitlines())
    return [line for line in lines if line]


class PlaceTowns:
    """Places whose name is also a word of the language ("la noue", "la source"), each with the
    towns it lies in or beside: lines "name: Town; Town" (place_towns.txt)."""

    def __init__(self, lines: list[str]) -> None:
        self.towns: dict[str, tuple[str, ...]] = {}
        for line in lines:
            name, _, towns = line.partition(":")
            # the name without its article, which the rule reads before it ("à la x")
            key = re.sub(r"^(?:le|la|les|l')\s*", "", fold(name).strip())
            said = tuple(fold(t) for t in towns.split(";") if t.strip())
            if key and said:
                self.towns[key] = tuple(dict.fromkeys(self.towns.get(key, ()) + said))
        self.pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(
            re.escape(n).replace(r"\-", r"[\-\s]").replace("'", "['’]\\s*")
            for n in longest_first(self.towns)) + r")(?![\w\-])") \
            if self.towns else re.compile(r"(?!x)x")  # read on a text folded to lower case
        self._town_patterns: dict[str, re.Pattern[str]] = {}

    def town_said(self, town: str, folded_text: str) -> bool:
        """``town`` (folded) is named in ``folded_text``, as a whole word."""
        pattern = self._town_patterns.get(town)
        if pattern is None:
            pattern = re.compile(r"(?<![\w\-])" + re.escape(town).replace(r"\-", r"[\-\s]")
                                 + r"(?![\w\-])")
            self._town_patterns[town] = pattern
        return pattern.search(folded_text) is not None


@dataclass(frozen=True)
class Vocabulary:
    domain: frozenset[str]  # folded terms never redacted
    acronyms: frozenset[str]  # written in capitals: kept only in capitals (ELSA, not Elsa)
    domain_terms: tuple[str, ...]  # as written, for the entity ruler
    keep_places: frozenset[str]
    keep_place_terms: tuple[str, ...]
    first_names: frozenset[str]  # folded
    ambiguous_first_names: frozenset[str]  # folded names that are also common words
    surnames: frozenset[str]
    facility_words: frozenset[str]  # folded single words that introduce a named place
    facility_phrases: frozenset[str]  # folded phrases of several words that do ("accueil de jour")
    facility_phrase_ends: frozenset[str]  # their last words ("jour")
    domain_pattern: re.Pattern[str]  # domain terms the tokenizer may split in context
    towns: ByFirstLetter  # towns and neighbourhoods, as written (capitalised)
    ambiguous_towns: frozenset[str]  # folded names that are also ordinary words
    public_figures: re.Pattern[str]  # names of public figures, as written
    public_figures_lower: re.Pattern[str]  # the same, typed all in lower case
    # folded chains and firms named like a person or a town ("Leclerc"): kept after a shop cue
    ambiguous_chains: frozenset[str]
    demonyms: frozenset[str]  # folded, every gender and number
    drink_places: frozenset[str]  # folded places that also name a drink
    # those that name a town (a commune, a commune's short form, a town abroad), no region
    drink_towns: frozenset[str]
    drinks: frozenset[str]  # folded drinks and their brands (domain vocabulary's section)
    hospital_words: frozenset[str]  # folded hospitals whose name is also a word ("tenon")
    hospitals: frozenset[str]  # folded hospitals said by their name alone ("à Tenon")
    ambiguous_drinks: frozenset[str]  # folded, those also names or towns (kept after a cue)
    ambiguous_clubs: frozenset[str]  # folded, clubs also names or towns (kept after a cue)
    stadiums: frozenset[str]  # folded, the stadiums of towns.txt: a place, never a club
    ambiguous_figures: frozenset[str]  # folded, public figures also first names or surnames
    ambiguous_characters: frozenset[str]  # folded, titles and characters also names or towns
    work_titles: re.Pattern[str]  # the titles of films, songs, books and paintings, as written
    town_keys: frozenset[str]  # folded towns and neighbourhoods, every section
    # the places whose name is also a word, each with the towns it belongs to (folded), and
    # a pattern finding their names in a text folded one character for one (fold_chars)
    place_towns: PlaceTowns
    communes: frozenset[str]  # folded names of every commune (communes.txt)
    helplines: frozenset[str]  # the digits of national helplines (helplines.txt)
    reduplicated_words: frozenset[str]  # folded ordinary words shaped as nicknames
    trade_words: frozenset[str]  # folded facility nouns of shops, bars and trades
    firm_trades: frozenset[str]  # folded trades that open a firm's name after "chez"

    def national_number(self, number: str) -> bool:
        """A national helpline or a free number ("numéro vert", 0800 to 0805): it reaches a
        service, never a person."""
        digits = re.sub(r"\D", "", number)
        return digits in self.helplines or re.match(r"080[0-5]\d{6}$", digits) is not None

    def is_protected(self, text: str) -> bool:
        """Domain vocabulary or a place that may stay: never redacted."""
        if text.strip() in self.acronyms:
            return True
        key = fold(text)
        return key in self.domain or key in self.keep_places


def longest_first(names: Iterable[str]) -> list[str]:
    """Distinct names, the longest first, then in code-point order: an alternation tries the
    longest name first, and is the same pattern whatever the hash seed."""
    return sorted(set(names), key=lambda name: (-len(name), name))


class ByFirstLetter:
    """Whole-word names, the longest first, hyphens matching a space too: one pattern per
    first letter, tried only where a word opens with that letter (a single alternation of
    thousands of names is tried name by name at every capital of a text)."""

    def __init__(self, names: list[str]) -> None:
        by_letter: dict[str, list[str]] = {}
        for name in longest_first(names):
            by_letter.setdefault(name[0], []).append(name)
        self.patterns = {letter: self._compile(group) for letter, group in by_letter.items()}
        self.whole = self._compile(longest_first(names))
        self.starts = re.compile(r"(?<![\w\-])[" + re.escape("".join(sorted(by_letter)))
                                 + "]") if by_letter else re.compile(r"(?!x)x")

    @staticmethod
    def _compile(names: list[str]) -> re.Pattern[str]:
        if not names:
            return re.compile(r"(?!x)x")
        return re.compile(r"(?<![\w\-])(?:" + "|".join(
            re.escape(t).replace(r"\-", r"[\-\s]").replace("'", "['’]") for t in names
        ) + r")(?![\w\-])")

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """What ``re.finditer`` of one alternation of all the names gives."""
        pos = 0
        while (start := self.starts.search(text, pos)) is not None:
            m = self.patterns[text[start.start()]].match(text, start.start())
            if m is None:
                pos = start.start() + 1
                continue
            yield m
            pos = max(m.end(), m.start() + 1)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.whole.fullmatch(text)


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _inflections(word: str) -> set[str]:
    """A demonym's feminine and plural forms: "breton" -> "bretonne", "bretons"..."""
    forms = {word, word + "s", word + "e", word + "es"}
    if word.endswith(("ien", "on")):
        forms |= {word + "ne", word + "nes"}
    if word.endswith("e"):
        forms.add(word + "s")
    return forms


def _phrases(entries: list[str]) -> re.Pattern[str]:
    """Whole-word, case-sensitive phrases, the longest first; either apostrophe."""
    if not entries:
        return re.compile(r"(?!x)x")
    alternatives = longest_first(entries)
    return re.compile(r"(?<![\w\-])(?:" + "|".join(
        re.escape(e).replace("'", "['’]") for e in alternatives) + r")(?![\w\-])")


@cache
def vocabulary() -> Vocabulary:
    domain_terms = tuple(_read("domain_vocabulary.txt"))
    places = tuple(_read("keep_places.txt"))
    first = [fold(n) for n in _read("first_names.txt")]
    # single nouns only: the last word of a phrase would make an ordinary word a trigger
    facility_lines = _read("facility_words.txt")
    facility = {fold(w) for w in facility_lines if " " not in w}
    facility -= {fold(w) for w in ["rue", "avenue", "boulevard", "place", "impasse", "allée",
                                   "chemin", "route", "quai", "cours", "square", "passage"]}
    acronyms = frozenset(t for t in domain_terms if _is_acronym(t))
    phrases = frozenset(fold(w) for w in facility_lines if " " in w)
    town_sections = _sections("towns.txt")
    communes = frozenset(fold(t) for t in _read("communes.txt"))
    drink_places = frozenset(fold(w) for w in _read("drink_places.txt"))
    # a commune's short form: "Banyuls" for Banyuls-sur-Mer
    commune_heads = {c.split("-")[0] for c in communes if "-" in c}
    keep_places = frozenset(fold(p) for p in places)
    town_keys = frozenset(fold(t) for names in town_sections.values() for t in names)
    drink_towns = frozenset(d for d in drink_places
                            if d in communes or d in commune_heads or d in town_keys) \
        - keep_places | DRINK_TOWNS_ABROAD
    town_names = longest_first(t for key, names in town_sections.items() if key != "ambiguous"
                               for t in names)
    towns = ByFirstLetter(town_names)
    split_terms = sorted((t for t in domain_terms if re.search(r"[\W_]", t.replace(" ", ""))),
                         key=len, reverse=True)
    domain_pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(t).replace("'", "['’]") for t in split_terms)
        + r")(?!\w)", re.IGNORECASE) if split_terms else re.compile(r"(?!x)x")
    return Vocabulary(
        domain=frozenset(fold(t) for t in domain_terms if t not in acronyms),
        acronyms=acronyms,
        domain_terms=domain_terms,
        keep_places=keep_places,
        keep_place_terms=places,
        first_names=frozenset(first),
        ambiguous_first_names=frozenset(fold(n) for n in _read("first_names_common_words.txt")),
        surnames=frozenset(fold(n) for n in _read("surnames.txt")),
        facility_words=frozenset(facility),
        facility_phrases=phrases,
        facility_phrase_ends=frozenset(re.split(r"[\s']", w)[-1] for w in phrases),
        domain_pattern=domain_pattern,
        towns=towns,
        ambiguous_towns=frozenset(fold(t) for t in town_sections.get("ambiguous", [])),
        hospital_words=frozenset(fold(t) for t in town_sections.get("hospitals", []))
        & frozenset(fold(t) for t in town_sections.get("ambiguous", [])),
        hospitals=frozenset(fold(t) for t in town_sections.get("hospitals", [])),
        public_figures=_phrases(_read("public_figures.txt")),
        public_figures_lower=_phrases([f.lower() for f in _read("public_figures.txt")
                                       if f.lower() != f]),
        ambiguous_chains=_block_words("domain_vocabulary_ambiguous.txt", "chains"),
        demonyms=frozenset(f for w in _read("demonyms.txt") for f in _inflections(fold(w))),
        drink_places=drink_places,
        drink_towns=drink_towns,
        # every drink's section: brands, wines, spirits, rums, beers, cocktails, soft drinks
        drinks=_block_words("domain_vocabulary.txt", *DRINK_SECTIONS),
        ambiguous_drinks=_block_words("domain_vocabulary_ambiguous.txt", "drinks", "soft drinks"),
        ambiguous_figures=_block_words("public_figures_ambiguous.txt",
                                       "ambiguous: public figures"),
        ambiguous_characters=_block_words("domain_vocabulary_ambiguous.txt",
                                          "titles and characters"),
        work_titles=_phrases([w for head, words in _blocks("domain_vocabulary.txt").items()
                              if head.startswith("titles of films") for w in words]),
        ambiguous_clubs=_block_words("domain_vocabulary_ambiguous.txt", "sports clubs"),
        stadiums=frozenset(fold(t) for t in town_sections.get("stadiums", [])),
        town_keys=town_keys,
        place_towns=PlaceTowns(_read("place_towns.txt")),
        communes=communes,
        helplines=frozenset(re.sub(r"\D", "", n) for n in _read("helplines.txt")),
        reduplicated_words=frozenset(fold(w) for w in _read("reduplicated_words.txt")),
        firm_trades=frozenset(fold(w) for w in _read("firm_trades.txt")),
        trade_words=frozenset(fold(w) for w in _sections("facility_words.txt").get(
            "work, trade and leisure", []) if " " not in w) & frozenset(facility),
    )
