"""Names and first names of persons read without a cue word: coordinated names, lower-case
first names in the slots where a bare noun cannot stand, nicknames by their shape,
compound first names, and the first-name and surname gazetteers."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ..patterns import SPEAKER_LABEL
from ..vocab import INTERJECTIONS, TITLES
from .base import Candidate, RuleBase, Tokens, _end, _overlaps, fold
from .words import (
    CALLED_NEXT,
    CALLING_VERBS,
    CARED,
    CLAUSE_LINKS,
    CONTACT_WORDS,
    COORDINATIONS,
    CORRECTED_BEFORE,
    CORRECTED_CLOSERS,
    CORRECTION_GOES_ON,
    CORRECTION_OPENERS,
    CORRECTION_PAUSES,
    DESCRIBED_AS_PERSON,
    DISLOCATION_BEFORE,
    EXISTENTIAL,
    FOLLOWED,
    IMPERSONAL_VERBS,
    KINSHIP,
    LISTED_BEFORE,
    LOWER_COMPOUND,
    NAME_INNER_LINKS,
    NAME_OPENERS,
    NAME_TYPES,
    NAMING_REACH,
    NAMING_WORDS,
    NICKNAME_AFTER,
    NICKNAME_BEFORE,
    NICKNAME_EXPLAINED,
    NICKNAME_GIVEN,
    NICKNAME_SAID,
    NICKNAME_SHAPE,
    NOT_SHOP_NAMES,
    NOUN_ARTICLES,
    OF,
    PERSON_NOUNS,
    PERSON_VERBS,
    PLACE_PREPOSITIONS,
    RANKING_ADJECTIVES,
    REAL_NAME,
    ROLE_LABELS,
    ROLES,
    SAID_AGES,
    SAINT_PLACE,
    SURNAME_PARTICLES,
    TOWN_WORDS,
)

# a display name before a colon in a chat export or a thread copied inline: after a timestamp
# ("[12/11 21:14] x y : ...", "21:14 - x : ..."), after " / " or at a line's start, one to
# three words (an emoji after them aside)
CHAT_LABEL = re.compile(
    r"(?m)(?P<before>\]|\b\d{1,2}[:h]\d{2}(?:\s*-)?|\s/|^)[ \t]*"
    r"(?P<name>[^\W\d_][\w'’\-]*(?:[ \t][\w'’\-]+){0,2}?)"
    r"(?:[ \t]*[^\w\s:,.;!?()\[\]]{1,6})?[ \t]?:(?=[ \t])")
# a word, its apostrophes and hyphens inside ("x-y", "l'z")
WORD = re.compile(r"[^\W\d_][\w'’\-]*")
# who one works for, said before a name in apposition ("mon chef, x, il")
BOSSES = frozenset({"chef", "cheffe", "boss", "contremaitre", "responsable"})
# the words after which a feast's or a country's name is the feast or the country
PLACE_BEFORE = frozenset({"de", "du", "des", "d'", "en", "a", "au", "aux", "pour", "depuis"})


# what goes on with a noun's complement or a relative clause: "le rouge qu'il boit" is a thing
# ... or with a name or a noun after an article ("le café Le x")
_COMPLEMENT_OPENERS = frozenset("de d' du des que qu' qui dont le la les l' un une".split())


# what joins two people named ("x et y", "x ou y"): "avec" only goes with someone
_JOINING = COORDINATIONS - {"avec"}


class PersonRules(RuleBase):
    """The rules for persons' names, capitalised or typed in lower case."""

    def _chat_names(self, text: str) -> Iterator[Candidate]:
        """A display name before a colon: after a chat's timestamp, any words but a role's or
        a field's label ("[21:14] x y : ...", "Admin x :" is x); at a line's start or after
        " / ", a first name only, also one that is a word, a feast or a country ("France :
        ..."). Read where it stands, a doubt."""
        v = self.vocab
        for m in CHAT_LABEL.finditer(text):
            words = m.group("name").split()
            start = m.start("name")
            if SPEAKER_LABEL.fullmatch(m.group("name")):
                continue
            while words and fold(words[0]) in ROLE_LABELS:
                start = text.index(words[1], start) if len(words) > 1 else m.end("name")
                words = words[1:]
            end = m.end("name")
            while len(words) > 1 and len(words[-1].rstrip(".")) == 1:
                words.pop()  # a surname's initial stays ("x B :"): no word to leak
                end = text.rindex(words[-1], start, end) + len(words[-1])
            if not words or not any(c.isalpha() for c in "".join(words)) \
                    or all(fold(w) in CONTACT_WORDS for w in words):
                continue  # "Maman :", "Mon cœur :": a relationship, no name
            first = fold(words[0])
            chat = m.group("before") != "" and not m.group("before").endswith("/")
            if chat and not all(fold(w) in self.stop_words for w in words) \
                    or first in v.first_names and words[0][:1].isupper() \
                    and first not in self.stop_words:
                yield start, end, "PER", 45, "chat-name"

    def _coordinated(self, doc: Doc, found: list[Candidate]) -> list[Candidate]:
        """A first name joined to a name already found ("X et y", "X ou Y"): typed in lower
        case, it is read as a name only because of its neighbour, hence a doubt."""
        out: list[Candidate] = []
        for start, end, type_, _, _ in found:
            span = doc.char_span(start, end, alignment_mode="expand") if type_ == "PER" \
                else None
            k = span.end if span is not None else len(doc)
            if k + 1 < len(doc) and doc[k].lower_ in COORDINATIONS:
                nxt = doc[k + 1]
                lower = self._lower_name(nxt) \
                    and fold(nxt.text) not in self.vocab.ambiguous_first_names
                named = nxt.text[:1].isupper() and fold(nxt.text) in self.vocab.first_names \
                    and not self.vocab.is_protected(nxt.text)
                if lower or named:
                    out.append((nxt.idx, _end(nxt), "PER", 45, "coordination"))
            if span is not None:
                out += self._listed_after(doc, span.end)
                out += self._nicknames_beside(doc, span)
            j = span.start if span is not None else 0
            if j >= 2 and doc[j - 1].lower_ in _JOINING \
                    and self._coordinated_lower(doc[j - 2]):
                # "avec x et Y": the first name before the one found
                out.append((doc[j - 2].idx, _end(doc[j - 2]), "PER", 45, "coordination"))
        return out

    def _adjective_nickname(self, doc: Doc, k: int) -> bool:
        """``doc[k]`` is an adjective said as a person's nickname after its article, the
        phrase closing there ("le grand", "la blonde", "le Vieux"): no noun after it, no word
        that ranks ("le premier") nor a role or a relative's word."""
        tok = doc[k]
        key = fold(tok.text)
        return tok.is_alpha and len(key) >= 3 and (tok.is_lower or tok.is_title) \
            and not self._is_stop(tok.text) and key not in KINSHIP | ROLES | RANKING_ADJECTIVES \
            and not self.vocab.is_protected(tok.text) and self.common.is_adjective(tok.text) \
            and (k + 1 >= len(doc) or doc[k + 1].is_punct
                 or fold(doc[k + 1].text) in self.stop_words and not doc[k + 1].is_title
                 and fold(doc[k + 1].text) not in _COMPLEMENT_OPENERS)

    def _nicknames_beside(self, doc: Doc, span: Span) -> list[Candidate]:
        """A nickname made of an adjective, joined to a person found: "x et le grand", "y ou
        la blonde", "le blond et z". Read as a person only because of its neighbour: a doubt."""
        out: list[Candidate] = []
        k = span.end
        if k + 2 < len(doc) and doc[k].lower_ in _JOINING \
                and doc[k + 1].lower_ in ("le", "la") and self._adjective_nickname(doc, k + 2):
            out.append((doc[k + 2].idx, _end(doc[k + 2]), "PER", 45, "nickname-lower"))
        j = span.start
        if j >= 3 and doc[j - 1].lower_ in _JOINING \
                and doc[j - 3].lower_ in ("le", "la") and self._adjective_nickname(doc, j - 2):
            out.append((doc[j - 2].idx, _end(doc[j - 2]), "PER", 45, "nickname-lower"))
        return out

    def _corrected_names(self, doc: Tokens, found: list[Candidate], terms: list[tuple[int, int]]
                         ) -> Iterator[Candidate]:
        """The name a speaker says instead of one just said and found ("au bar x... non, au
        y z", "l'association x, enfin y", "la clinique x non attends c'était les y"): a name
        of the same kind, though of ordinary words, when it closes at a pause, a preposition
        of place or an article, holds no verb and says a name (``_says_a_name``). A doubt."""
        offsets = [t.idx for t in doc.tokens]
        n = len(doc)
        for start, end, type_, _, _ in found:
            if type_ not in NAME_TYPES or _overlaps(start, end, terms):
                continue
            k = bisect_left(offsets, end)  # the first token after the name
            pauses = 0
            while k < n and doc[k].text in CORRECTION_PAUSES and pauses < 2:
                k, pauses = k + 1, pauses + 1
            if k >= n or fold(doc[k].text) not in CORRECTION_OPENERS \
                    or k + 1 < n and fold(doc[k + 1].text) == "pas":  # "non pas x": x denied
                continue
            k += 1
            while k < n and fold(doc[k].text) in CORRECTION_GOES_ON:
                k += 1
            k += k < n and fold(doc[k].text) in CORRECTED_BEFORE
            article = k < n and fold(doc[k].text) in NAME_OPENERS
            k += article
            j = self._corrected_run(doc, k)
            # a commune's own article said with it ("non, à l'x"): its name with it
            commune = article and j > k and fold(f"{doc[k - 1].text} {doc[k:j].text}").replace(
                "' ", "'") in self.vocab.communes
            if j > k and self._says_a_name(doc, k, j, article=article and type_ == "ORG"
                                           or commune):
                yield doc[k].idx, _end(doc[j - 1]), type_, 45, "corrected"

    def _corrected_run(self, doc: Tokens, k: int) -> int:
        """Where the name said instead, from ``k``, ends: up to five words, no verb and no
        small word but a link inside; ``k`` when it does not close where a name does."""
        n = len(doc)
        j = k
        while j < n and j - k < 5:
            tok, key = doc[j], fold(doc[j].text)
            word = tok.is_alpha or WORD.fullmatch(tok.text) is not None
            if j > k and key in NAME_INNER_LINKS | SURNAME_PARTICLES and j + 1 < n \
                    and doc[j + 1].is_alpha and fold(doc[j + 1].text) not in self.stop_words:
                j += 1
                continue
            if not word or key in self.stop_words and key not in SURNAME_PARTICLES \
                    or key in INTERJECTIONS | CORRECTION_OPENERS or self.common.is_verb(tok.text) \
                    or j > k and tok.is_upper and len(tok.text) > 1 and j + 1 < n \
                    and doc[j + 1].text == ":":
                break
            j += 1
        closed = j == n or fold(doc[j].text) in CORRECTED_CLOSERS \
            or fold(doc[j].text) in INTERJECTIONS | CORRECTION_OPENERS \
            or doc[j].is_upper and j + 1 < n and doc[j + 1].text == ":"  # a speaker's turn
        return j if closed else k

    def _says_a_name(self, doc: Tokens, k: int, j: int, *, article: bool) -> bool:
        """The words ``doc[k:j]`` may be a name: none a relative's, a role's, a title's or a
        facility's noun before the rest, no term to keep first or as a whole, and one at
        least capitalised, a compound that is no word ("au rez-de-chaussée" is one), a town of
        the gazetteers (not any commune: "au boulot"), or no word of the language (alone, a
        first name of the gazetteers too); after an article, an establishment's name may be
        of ordinary words ("le x", "les y")."""
        v = self.vocab
        first = fold(doc[k].text)
        if first in KINSHIP | ROLES | TITLES or first in v.facility_words \
                or any(fold(t.text) in KINSHIP | ROLES for t in doc[k:j]) \
                or v.is_protected(doc[k].text) or v.is_protected(doc[k:j].text):
            return False
        words = [t for t in doc[k:j] if fold(t.text) not in self.stop_words]
        return article or any(
            t.text[:1].isupper() or "-" in t.text and not self.is_common(t)
            or fold(t.text) in v.town_keys
            # a word of no list, in a name of several words ("x y z"), or alone a first name
            # (a word of no list alone may be slang: "au boulot")
            or not self.is_common(t) and (len(words) > 1 or fold(t.text) in v.first_names)
            for t in words)

    def _listed_after(self, doc: Doc, k: int) -> list[Candidate]:
        """The first names listed after a name found, each between commas or before "et" or
        the end of the sentence: "le docteur X, y, moi", "au docteur X, à y, à z", "X, le
        petit y, ..."; a first name that is also a word is a person there too. Up to four
        items; doubts."""
        out: list[Candidate] = []
        for _ in range(4):
            if k + 1 >= len(doc) or doc[k].text != ",":
                break
            i = k + 1
            if doc[i].lower_ in {"à", "a", "et"}:
                i += 1
            if i + 1 < len(doc) and f"{doc[i].lower_} {doc[i + 1].lower_}" in LISTED_BEFORE:
                i += 2
            if i >= len(doc):
                break
            tok = doc[i]
            end = i + 1
            key = fold(tok.text)
            closed = end >= len(doc) or doc[end].text in {",", ".", "!", "?", "...", "…"} \
                or doc[end].lower_ in COORDINATIONS
            if not closed or not tok.is_alpha or len(key) < 3 or tok.is_upper \
                    or not (key in self.vocab.first_names
                            or key in self.vocab.ambiguous_first_names) \
                    or key in self.stop_words or key in INTERJECTIONS \
                    or self.vocab.is_protected(tok.text):
                if fold(tok.text) in {"moi", "toi", "lui", "elle"} and closed:
                    k = end  # "X, moi, y": the list goes on
                    continue
                break
            out.append((tok.idx, _end(tok), "PER", 45, "coordination"))
            k = end
        return out

    def _coordinated_lower(self, tok: Token) -> bool:
        """A lower-case first name beside a name found: a term to keep that is also a first
        name (an app, a brand) is a person when written in lower case there."""
        key = fold(tok.text)
        return tok.is_lower and tok.is_alpha and len(key) >= 3 \
            and key in self.vocab.first_names and key not in self.vocab.ambiguous_first_names \
            and key not in self.stop_words and key not in INTERJECTIONS \
            and tok.text not in self.vocab.acronyms

    def _bare_names(self, doc: Tokens) -> Iterator[Candidate]:
        """Lower-case names where a bare noun cannot stand: a first name after "y a", "y avait"
        with no article ("y avait x, y avait y"), or put first and taken up by "il" or "elle"
        ("et x il boit"), a town after "à" or "vers" with no article ("à x aussi"). Read as
        names only because of their slot: doubts."""
        v = self.vocab
        for i, tok in enumerate(doc):
            if not tok.is_lower or not tok.is_alpha or i < 1:
                continue
            key = fold(tok.text)
            if len(key) < 3 or key in self.stop_words or key in INTERJECTIONS \
                    or v.is_protected(tok.text) or key in KINSHIP | ROLES \
                    or self._word_of_its_slot(doc, i):
                continue
            prev = fold(doc[i - 1].text)
            nxt = doc[i + 1].text if i + 1 < len(doc) else "."
            closed = nxt in {",", ".", "!", "?", "…", "...", ";"} or fold(nxt) in {"et", "aussi"} \
                or self._label_next(doc, i + 1)
            existential = prev in EXISTENTIAL and i > 1 and closed and key in v.first_names \
                and fold(doc[i - 2].text) in {"y", "il", "y'"}
            if existential or self._first_name_slot(doc, i, key):
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"
            elif key in v.first_names and (fold(nxt) in {"il", "elle"} or nxt in {",", "lui"}
                                           and i + 2 < len(doc)
                                           and fold(doc[i + 2].text) in {"il", "elle"}) \
                    and (self._sentence_initial(tok) or prev in DISLOCATION_BEFORE
                         # speech typed without stops: a first name that is no word, after no
                         # article nor preposition ("... emploi x il veut")
                         or key not in v.ambiguous_first_names
                         and prev not in NOUN_ARTICLES | PLACE_PREPOSITIONS | OF
                         and doc[i - 1].is_alpha):
                # a name put first then taken up by "il" or "elle", with no article before it
                # ("et x il boit", "sauf x, elle..."): a person
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"
            elif prev in CALLING_VERBS and doc[i - 1].is_lower and fold(nxt) in CALLED_NEXT \
                    and key not in v.town_keys and key not in v.facility_words \
                    and (key in v.first_names and key not in v.ambiguous_first_names
                         or len(key) >= 4 and not self.is_common(tok)):
                # "appelez x au 06...", "tu appelles x, elle sait": someone to call (a word no
                # dictionary holds, three letters aside: an acronym typed in lower case)
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"
            elif key in v.first_names and key not in v.ambiguous_first_names and nxt == "," \
                    and self._opens_turn(doc, i):
                # a first name typed in lower case where a turn starts, before a comma ("x, c'est
                # mon frère"): a person
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"
            elif prev in {"a", "vers"} and doc[i - 1].is_lower and key in v.town_keys \
                    and key not in v.first_names and key not in TOWN_WORDS \
                    and (closed or not self.is_common(tok)):
                yield tok.idx, _end(tok), "LOC", 40, "town-lower"
        yield from self._lower_towns(doc)
        yield from self._lower_first_names(doc)
        yield from self._kept_names_in_apposition(doc)
        yield from self._kept_names_as_subject(doc)
        yield from self._initialled_first_names(doc)

    def _initialled_first_names(self, doc: Tokens) -> Iterator[Candidate]:
        """A first name with the initial of a surname after it, as notes and minutes write a
        person ("X L., 47 ans", "Y R : ..."): a person, even a first name that is a word or a
        feast, even where a sentence or a line opens."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-1]):
            if not tok.is_title or not tok.is_alpha or len(tok.text) < 3:
                continue
            key = fold(tok.text)
            if key not in v.first_names and key not in v.ambiguous_first_names:
                continue
            initial = doc[i + 1].text
            if not re.fullmatch(r"[A-ZÀ-Ý]\.?", initial):
                continue
            after = doc[i + 2].text if i + 2 < n else "."
            if after in {",", ":", ".", "(", ";", "-", "–", "—"} or initial.endswith(".") \
                    and (after[:1].isdigit() or after[:1].isupper()):
                yield tok.idx, _end(tok), "PER", 50, "initialled"

    def _lower_first_names(self, doc: Tokens) -> Iterator[Candidate]:
        """A first name typed in lower case, also one that is a common word ("rose", "olive"),
        where a common noun cannot stand: before a surname ("x dupont", a word of the surname
        gazetteer that is no word of the language, or any word when the first name was just
        said: "x, x y"), before an age in apposition ("x, quarante ans"), after "chez" or "c'est"
        with nothing after it ("chez x,", "c'est x qui"). No article or possessive before it.
        Doubts."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc):
            key = fold(tok.text)
            if not tok.is_lower or key not in v.first_names or len(key) < 3 \
                    or key in self.stop_words or key in INTERJECTIONS \
                    or key in KINSHIP | ROLES or self._word_of_its_slot(doc, i):
                continue  # ("25 min": the minutes)
            if v.is_protected(tok.text):
                # a feast or a country ("noël", "france"): a first name only before a word
                # that can only be a surname, or an age in apposition ("x, vingt ans")
                if i and fold(doc[i - 1].text) in NOUN_ARTICLES | PLACE_BEFORE:
                    continue
                if self._surname_after(doc, i):
                    yield tok.idx, _end(doc[i + 1]), "PER", 55, "naming-kept"
                elif self._age_after(doc, i) and i and doc[i - 1].text == ",":
                    yield tok.idx, _end(tok), "PER", 55, "naming-kept"
                continue
            prev = fold(doc[i - 1].text) if i else ""
            if prev in NOUN_ARTICLES | {"du", "des", "de", "au", "aux", "en", "d'"} \
                    and not (prev == "de" and i > 1 and fold(doc[i - 2].text) in KINSHIP):
                continue
            nxt = doc[i + 1] if i + 1 < n else None
            # before a surname
            if nxt is not None and nxt.is_lower and (nxt.is_alpha or "-" in nxt.text) \
                    and len(nxt) > 2 and fold(nxt.text) not in self.stop_words \
                    and not v.is_protected(nxt.text) and fold(nxt.text) not in KINSHIP | ROLES:
                nkey = fold(nxt.text)
                unknown = nxt.text not in self.common
                repeated = i > 1 and doc[i - 1].text == "," and fold(doc[i - 2].text) == key
                if repeated or unknown and (nkey in v.surnames or key not in
                                            v.ambiguous_first_names) \
                        or nkey in v.surnames and key not in v.ambiguous_first_names \
                        and nkey not in v.first_names:
                    yield tok.idx, _end(nxt), "PER", 45, "first-name-lower"
                    if repeated:
                        yield doc[i - 2].idx, _end(doc[i - 2]), "PER", 45, "first-name-lower"
                    continue
            # before an age in apposition: "x, quarante ans"
            if (prev in {",", ":", "«", "", "c'est", "c'etait"} or prev in KINSHIP
                    or self._opens_turn(doc, i)) and self._age_after(doc, i):
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"
                continue
            # after "chez" or "c'est", nothing after it but a pause or "qui"; or said to be a
            # name ("chez x, ...", "c'est x qui", "c'est x, elle ...", "appelle x.")
            if self._closed_slot(doc, i, key, prev, nxt) or self._named_as_such(doc, i):
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"
                continue
            if key not in v.ambiguous_first_names and (
                    self._role_after(doc, i)
                    or tok.text not in self.common and self._taken_up(doc, i, prev)):
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"

    def _kept_names_in_apposition(self, doc: Tokens) -> Iterator[Candidate]:
        """A capitalised first name that is also a feast or a country, between commas after
        who the person is ("mon chef, X, il sait", "une patiente, Y, soixante ans"), or before
        an age: the person."""
        v = self.vocab
        for i, tok in enumerate(doc.tokens[:-1]):
            key = fold(tok.text)
            if not tok.is_title or i < 2 or doc[i - 1].text != "," \
                    or key not in v.first_names or not v.is_protected(tok.text):
                continue
            who = fold(doc[i - 2].text) in KINSHIP | ROLES | PERSON_NOUNS | CARED | BOSSES
            if self._age_after(doc, i) or who and doc[i + 1].text == ",":
                yield tok.idx, _end(tok), "PER", 55, "naming-kept"

    def _kept_names_as_subject(self, doc: Tokens) -> Iterator[Candidate]:
        """A first name that is also a feast or a country ("noël", "france"), with no article
        nor preposition before it, where a clause opens, and taken up by "il" or "elle" or
        followed by a verb only a person does ("x il est pas rentré", "x, elle a honte", "x
        dit que", "x boit"): a country takes its article ("la France elle..."), a feast does
        not say nor drink. A doubt."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-1]):
            key = fold(tok.text)
            if not (tok.is_lower or tok.is_title) or key not in v.first_names \
                    or not v.is_protected(tok.text) or not self._opens_turn(doc, i) \
                    and fold(doc[i - 1].text) not in CLAUSE_LINKS | {"que", "qu'", "car", "sauf"}:
                continue
            j = i + 2 if doc[i + 1].text == "," and i + 2 < n else i + 1
            impersonal = fold(doc[j].text) == "il" and j + 1 < n \
                and fold(doc[j + 1].text) in IMPERSONAL_VERBS  # "noël il fait froid"
            if fold(doc[j].text) in {"il", "elle"} and not impersonal \
                    or fold(doc[j].text) in PERSON_VERBS:
                yield tok.idx, _end(tok), "PER", 45, "naming-kept"

    @staticmethod
    def _age_after(doc: Tokens, i: int) -> bool:
        """An age in apposition after ``doc[i]``: ", quarante ans", ", 32 ans"."""
        return i + 3 < len(doc) and doc[i + 1].text == "," \
            and (doc[i + 2].like_num or fold(doc[i + 2].text) in SAID_AGES) \
            and fold(doc[i + 3].text) in {"ans", "an"}

    def _surname_after(self, doc: Tokens, i: int) -> bool:
        """A lower-case word after ``doc[i]`` that can only be a surname: no word of the
        language, no first name, no town, nothing kept ("x mbemba", "y ribeiro")."""
        if i + 1 >= len(doc):
            return False
        nxt = doc[i + 1]
        nkey = fold(nxt.text)
        return nxt.is_lower and nxt.is_alpha and len(nkey) > 2 and nxt.text not in self.common \
            and nkey not in self.stop_words and nkey not in INTERJECTIONS \
            and nkey not in self.vocab.first_names and nkey not in self.vocab.town_keys \
            and not self.vocab.is_protected(nxt.text)

    @staticmethod
    def _role_after(doc: Tokens, i: int) -> bool:
        """A name followed by its role in brackets, as notes list who was there ("x (psy)")."""
        return i + 3 < len(doc) and doc[i + 1].text == "(" and doc[i + 3].text == ")" \
            and fold(doc[i + 2].text) in ROLES | {"ide", "coord", "as"}

    @staticmethod
    def _taken_up(doc: Tokens, i: int, prev: str) -> bool:
        """A name opening a clause, taken up by a pronoun as spoken French does ("x elle
        aurait pas voulu", "bon, x il boit plus")."""
        return i + 1 < len(doc) and fold(doc[i + 1].text) in {"il", "elle", "ils", "elles"} \
            and (prev in {"", ".", ",", ":", "!", "?", "...", "…"} or prev in CLAUSE_LINKS)

    def _closed_slot(self, doc: Tokens, i: int, key: str, prev: str, nxt: Token | None
                     ) -> bool:
        """A lower-case first name with nothing after it but a pause or "qui", after "chez",
        "c'est", a calling verb, "à", or a kinship or role word and "de"."""
        v = self.vocab
        n = len(doc)
        closed = nxt is None or nxt.is_punct or fold(nxt.text) in {"qui", "que", "qu'"} \
            or self._label_next(doc, i + 1)
        # "c'est x, elle ...", and the caller naming himself: "c'est x, je ...", "c'est x,
        # euh ..."
        taken_up = nxt is not None and nxt.text == "," and i + 2 < n \
            and fold(doc[i + 2].text) in {"il", "elle", "je", "j'", "on", "tu", "euh", "ben"}
        said = prev in {"c'est", "c'etait"} or prev in {"est", "etait"} and i > 1 \
            and fold(doc[i - 2].text) == "c'"
        before = fold(doc[i - 2].text) if i > 1 else ""
        return closed and (prev == "chez" or said
                       and (taken_up and key not in v.ambiguous_first_names
                            or nxt is not None and fold(nxt.text) in {"qui", "que", "qu'"})
                       or prev in CALLING_VERBS and doc[i - 1].is_lower
                       and key not in v.town_keys
                       # "à x, à y", "une patiente de x,": someone met or followed
                       or prev == "a" and doc[i - 1].is_lower and key not in v.town_keys
                       or prev == "de" and before in KINSHIP | ROLES | FOLLOWED)

    @staticmethod
    def _named_as_such(doc: Tokens, i: int) -> bool:
        """A word said to be a name: "x, c'est son prénom", "y c'est son vrai nom", "c'est mon
        nom, x", "il s'appelait x"."""
        n = len(doc)
        after = [fold(t.text) for t in doc[i + 1:min(n, i + 7)]]
        before = [fold(t.text) for t in doc[max(0, i - 4):i]]
        after = [w for w in after[after[:1] == [","]:] if w != "vrai"]
        if after[:2] == ["c'", "est"] and len(after) > 3 \
                and after[2] in {"son", "mon", "ton", "leur", "notre"} \
                and after[3] in NAMING_WORDS:
            return True
        if len(before) >= 2 and before[-1] == "," and before[-2] in NAMING_WORDS:
            return True
        return len(before) >= 1 and before[-1] in {"appelait", "appelle", "appellait",
                                                   "nommait", "prenomme", "prenommee"} \
            and (i + 1 >= n or doc[i + 1].is_punct)

    def _nicknames(self, doc: Tokens) -> Iterator[Candidate]:
        """Nicknames by their shape, a doubled syllable ("Jojo", "cricri", "Bouboule"), never one
        of the ordinary words of that shape ("papa", "doudou", "même"). Capitalised inside a
        sentence, or where a name stands (after "avec", "chez", a kinship word...; before a
        comma), a person; typed in lower case, a doubt."""
        v = self.vocab
        for i, tok in enumerate(doc):
            key = fold(tok.text)
            if not tok.is_alpha or NICKNAME_SHAPE.fullmatch(key) is None \
                    or key in v.reduplicated_words or key in self.stop_words \
                    or key in INTERJECTIONS or v.is_protected(tok.text):
                continue
            j = i - 1
            while j >= 0 and fold(doc[j].text) in INTERJECTIONS:
                j -= 1  # "euh jojo, ..."
            prev = fold(doc[j].text) if j >= 0 else ""
            nxt = fold(doc[i + 1].text) if i + 1 < len(doc) else "."
            first = j < 0 or self._sentence_initial(doc[j + 1]) or prev in {",", ":"}
            slot = first or prev in NICKNAME_BEFORE | KINSHIP | ROLES or nxt in NICKNAME_AFTER \
                or self._names_talked_of(doc, i)
            if tok.is_title and (slot or not self._sentence_initial(tok)):
                yield tok.idx, _end(tok), "PER", 45, "nickname-shape"
            elif tok.is_lower and (slot or not self.is_common(tok)):
                yield tok.idx, _end(tok), "PER", 45, "nickname-lower"

    def _names_talked_of(self, doc: Tokens, i: int) -> bool:
        """The sentence speaks of what someone is called before the word at ``i`` ("on
        l'appelle x, et sa mère dit encore y")."""
        j = i - 1
        while j >= max(0, i - NAMING_REACH) and doc[j].text not in {".", "!", "?", "…", "..."}:
            if fold(doc[j].text) in NAMING_WORDS:
                return True
            j -= 1
        return False

    def _compound_names(self, text: str) -> Iterator[Candidate]:
        """A compound first name in lower case ("jean-x"), each part a first name: a doubt; a
        name said with "de son vrai nom" after it, whatever its case."""
        v = self.vocab
        for m in LOWER_COMPOUND.finditer(text):
            parts = [fold(p) for p in m.group(0).split("-")]
            if all(p in v.first_names for p in parts) and not v.is_protected(m.group(0)):
                yield m.start(), m.end(), "PER", 45, "first-name-lower"
        for m in NICKNAME_GIVEN.finditer(text):
            words = [fold(w) for w in m.group("id").split()]
            if not any(w in self.stop_words or w in KINSHIP | ROLES or w in INTERJECTIONS
                       or w in v.facility_words or w in NOT_SHOP_NAMES for w in words) \
                    and not v.is_protected(m.group("id")):
                yield m.start("id"), m.end("id"), "PER", 45, "nickname-lower"
        for m in NICKNAME_SAID.finditer(text):
            group = "id" if m.group("id") else "id2"
            said = m.group(group)
            key = fold(said)
            # without its article, a word that may be a name: no adjective ("c'était
            # méchant"), no verb, nothing kept
            bare = group == "id2" and not m.group("art")
            if key not in self.stop_words and key not in KINSHIP | ROLES \
                    and key not in INTERJECTIONS and key not in NOT_SHOP_NAMES \
                    and not (bare and (self.common.is_adjective(said) or self.common.is_verb(said)
                                       or self.vocab.is_protected(said))):
                yield m.start(group), m.end(group), "PER", 45, "nickname-lower"
        for m in DESCRIBED_AS_PERSON.finditer(text):
            key = fold(m.group("id"))
            if (key in v.first_names or key in v.ambiguous_first_names) \
                    and key not in self.stop_words and key not in KINSHIP | ROLES:
                yield m.start("id"), m.end("id"), "PER", 55, "naming-kept"
        for m in NICKNAME_EXPLAINED.finditer(text):
            key = fold(m.group("id"))
            if key not in self.stop_words and key not in KINSHIP | ROLES \
                    and key not in INTERJECTIONS and key not in NOT_SHOP_NAMES:
                yield m.start("id"), m.end("id"), "PER", 45, "called"
        for m in SAINT_PLACE.finditer(text):
            if not v.is_protected(m.group("id")):
                yield m.start("id"), m.end("id"), "LOC", 40, "town-lower"
        for m in REAL_NAME.finditer(text):
            name = m.group("name")
            if fold(name) not in self.stop_words and fold(name) not in INTERJECTIONS \
                    and not v.is_protected(name):
                yield m.start("name"), m.end("name"), "PER", 55, "naming"

    def _first_name_slot(self, doc: Tokens, i: int, key: str) -> bool:
        """A lower-case first name of the gazetteer (not one that is also a common word, a town
        or a place) where a bare noun cannot stand: after "avec", "chez", "à" ("j'ai parlé à
        x", "la femme à x"), a kinship word and "de" ("le père de x"), or between "c'est" and
        "qui" ("c'est x qui m'a ramené"). The model's word tables hold many first names
        ("vincent", "julien"): the slot decides, the gazetteer's list of ambiguous names
        keeps the real words out."""
        v = self.vocab
        if key not in v.first_names or key in v.ambiguous_first_names \
                or key in v.town_keys or key in v.keep_places:
            return False
        prev = fold(doc[i - 1].text)
        nxt = fold(doc[i + 1].text) if i + 1 < len(doc) else "."
        if prev in {"avec", "chez", "a"} and doc[i - 1].is_lower:
            return True
        if prev == "de" and i > 1 and fold(doc[i - 2].text) in KINSHIP:
            return True
        said = prev in {"c'est", "c'etait"} or prev in {"est", "etait"} and i > 1 \
            and fold(doc[i - 2].text) == "c'"
        return said and nxt in {"qui", "que", "qu'"}

    def _gazetteer(self, doc: Tokens) -> Iterator[Candidate]:
        v = self.vocab
        for tok in doc:
            if not tok.is_alpha and "-" not in tok.text:
                continue
            key = fold(tok.text)
            if len(key) < 2 or key in self.stop_words or key in INTERJECTIONS \
                    or v.is_protected(tok.text):
                continue  # a filler that is also a surname is a filler without a title
            if tok.text[:1].isupper():
                followed = tok.i + 1 < len(doc) and doc[tok.i + 1].text in {",", ".", "!", "?",
                                                                          "…", "..."}
                if key in v.first_names and not (
                    self._sentence_initial(tok) and not followed
                    and (key in v.ambiguous_first_names or self.is_common(tok))
                ):
                    yield tok.idx, _end(tok), "PER", 30, "first-name"
                    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                    if nxt is not None and nxt.is_title and tok.whitespace_ != "" \
                            and (nxt.is_alpha or "-" in nxt.text) and len(nxt) > 2 \
                            and not self.is_common(nxt) and not v.is_protected(nxt.text) \
                            and fold(nxt.text) not in v.town_keys:
                        # a first name then a capitalised word no list holds: the surname
                        yield tok.idx, _end(nxt), "PER", 30, "first-name"
                elif key in v.surnames and not self._sentence_initial(tok) \
                        and not tok.text.isupper() and not self._common_after_possessive(tok):
                    yield tok.idx, _end(tok), "PER", 30, "surname"
            elif (
                len(key) >= 3
                and key in v.first_names
                and key not in v.ambiguous_first_names
                and not self.is_common(tok)
                and not self._word_of_its_slot(doc, tok.i)
            ):
                yield tok.idx, _end(tok), "PER", 30, "first-name-lower"
