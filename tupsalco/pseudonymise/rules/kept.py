"""Words to keep in their context: public figures spoken of as such, nationalities, drinks
and medicines named after a place or a brand, the titles of works."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.tokens import Token

from ..vocab import TITLES
from .base import RuleBase, Tokens, _end, fold
from .words import (
    APPELLATION_KINDS,
    CARE_CONTEXT,
    CLUB_CUES,
    CONTAINERS,
    DIRECT_FACILITIES,
    DOSES,
    DRINK_ARTICLES,
    DRINK_KINDS,
    DRINKING_VERBS,
    EPONYM_HEADS,
    FEAST_SAINTS,
    FIGURE_NOUNS,
    HOSPITAL_REACH,
    INTAKE_VERBS,
    KINSHIP,
    LANDMARK_NOUNS,
    LAW_HEADS,
    LIKING_VERBS,
    LISTENING_VERBS,
    NAME_ARTICLES,
    NAME_OPENERS,
    NICKNAME_GIVERS,
    NOUN_ARTICLES,
    OF,
    ORIGIN_BEFORE_DE,
    ORIGIN_BEING,
    PEOPLE_OF_A_PLACE,
    PERSONAL_CUE_AFTER,
    PERSONAL_CUE_BEFORE,
    PET_NOUNS,
    PLACE_PREPOSITIONS,
    PRODUCT_NOUNS,
    ROLES,
    SAINT_PLACE_BEFORE,
    SAINT_STREETS,
    SAINTS,
    SERVINGS,
    SHOP_CUES,
    SHOPPING_WINDOW,
    SHOPPING_WORDS,
    SINGULAR_ARTICLES,
    STREETS,
    TITLE_ARTICLES,
    TOASTS,
    TOWN_PLACES,
    WINE_WINDOW,
    WINE_WORDS,
    WORK_CUES,
    WORK_NOUNS,
    WORK_VERBS,
)

# "comme la fusée x", "comme l'arche de y": the small words between "comme" and a namesake,
# articles and "de" (never a possessive: "comme sa tante x" is a person)
NAMESAKE_LINKS = NAME_OPENERS | OF | {"un", "une", "du", "des"}
NAMESAKE_REACH = 12  # tokens before "comme" where the person's name stands


# the word right before a match, then its spaces
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’\-]*)\s+$")


class KeptRules(RuleBase):
    """The names that stay where they stand (``doc._.kept``)."""

    def _kept(self, doc: Tokens, text: str) -> Iterator[tuple[int, int]]:
        """Public figures spoken of as such, nationalities, drinks named after a place (never
        after a relative's word nor taken up by "il", "elle": "ma fille x elle habite")."""
        v = self.vocab
        figures = list(v.public_figures.finditer(text))  # read once: the pattern is long
        for m in (*figures, *v.public_figures_lower.finditer(text)):
            before = fold(text[max(0, m.start() - 40):m.start()])
            if m.group().islower() and (
                    self.common.all_common(m.group())
                    or " " not in m.group() and (m.group() in self.common
                                              or fold(m.group()) in v.first_names
                                              or fold(m.group()) in v.town_keys)
                    or NAMED_AFTER_BEFORE.search(before)):
                continue  # typed in lower case: one word of the language or a name, or a
                # place named after the figure ("à x"), not the figure
            prev = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
            if " " not in m.group() and prev is not None \
                    and fold(prev.group(1)) in v.first_names \
                    and fold(prev.group(1)) not in self.stop_words \
                    and prev.group(1)[:1].isupper() == m.group()[:1].isupper():
                continue  # a first name of one's own before a figure's surname ("Mme x y"):
                # a person (the figure's own full name is listed, and matched whole)
            # after a facility noun a public figure's name names a shop or a bar ("le tabac
            # Le X"), a small place that is an identifier
            facility = re.search(r"(?:^|\s)(?:[ld]')?([\w'\-]+)(?:\s+(?:le|la|les|l'))?\s*$",
                                 before)
            # a hospital or a place named after one ("à X", "les urgences d'X")
            place = fold(m.group()) in v.town_keys and TOWN_SAID_BEFORE.search(before) is not None
            # "il cite X": the verb, not "la cité X"
            cites = CITES_VERB.search(before) is not None
            if fold(m.group()) in v.hospitals and self._care_said(text, *m.span()):
                continue  # a hospital named after the figure, where care is said ("à X")
            if not PERSONAL_CUE_BEFORE.search(before) and not place \
                    and not PERSONAL_CUE_AFTER.match(fold(text[m.end():m.end() + 40])) \
                    and not (facility and not cites
                             and (facility.group(1) in v.facility_words
                                  or facility.group(1) in DIRECT_FACILITIES)):
                yield m.span()
        yield from self._work_titles(doc)
        yield from self._pets(doc)
        yield from self._brands_toasts_saints(doc)
        yield from self._listed_drinks(doc)
        yield from self._eponyms(doc)
        yield from self._authors(doc)
        yield from self._clubs(doc)
        yield from self._feast_days(doc)
        yield from self._namesakes(doc)
        spans = [m.span() for m in figures]
        yield from self._ambiguous_figures(doc, spans)
        yield from self._characters(doc, text, spans)
        yield from self._products(doc)
        for tok in doc:
            key = fold(tok.text)
            prev = fold(doc[tok.i - 1].text) if tok.i else ""
            # not after a title, a facility noun, a capitalised article or a first name: "M.
            # X", "l'hôpital X", "Le X", "Jean X" are names
            nationality = key in v.demonyms and tok.text[:1].isupper() \
                and prev not in TITLES and not self._after_facility_noun(doc, tok.i) \
                and not (tok.i and doc[tok.i - 1].is_title and prev in v.first_names
                         and prev not in v.demonyms) \
                and not self._after_landmark_noun(doc, tok.i) \
                and not self._called_before(doc, tok.i) \
                and not (tok.i and doc[tok.i - 1].text in NAME_ARTICLES
                         and not self._sentence_initial(doc[tok.i - 1]))
            nxt = fold(doc[tok.i + 1].text) if tok.i + 1 < len(doc) else ""
            drink = key in v.drink_places and not self._after_facility_noun(doc, tok.i) \
                and not (prev in KINSHIP | ROLES | TITLES or nxt in {"il", "elle"}) \
                and not (tok.is_title and self._said_as_place(doc, tok.i)) and (
                tok.is_lower and not self._said_as_place(doc, tok.i)
                or prev in DRINK_ARTICLES or (
                    # a partitive: "de la X", "de l'X"
                    prev in {"la", "l'"} and tok.i > 1 and fold(doc[tok.i - 2].text) == "de"
                ) or (
                    prev in {"de", "d'"} and tok.i > 1
                    and fold(doc[tok.i - 2].text) in CONTAINERS)
                or self._in_drink_list(doc, tok.i) or self._in_wine_talk(doc, tok.i))
            # a drink whose name is also a person's or a town's, capitalised after its article
            # where drinking is said around it ("le X, le rhum de chez nous", "la Y, le
            # crémant"): the drink, never after a relative's word or a title
            named_drink = key in v.ambiguous_drinks and tok.text[:1].isupper() \
                and not (tok.i > 1 and fold(doc[tok.i - 2].text) in KINSHIP | ROLES | TITLES) \
                and nxt not in {"il", "elle"} and not self._after_facility_noun(doc, tok.i) \
                and ((prev in DRINK_ARTICLES | SINGULAR_ARTICLES or prev == "de"
                      and tok.i > 1 and fold(doc[tok.i - 2].text) in CONTAINERS)
                     and (self._in_wine_talk(doc, tok.i)
                          # "le x, le y": listed with other drinks, each with its article
                          or self._in_drink_list(doc, tok.i, articles=True)
                          # "il a arrêté le x, il boit de la bière": drinking said by it
                          or self._near_in_sentence(
                              doc, tok.i, lambda t: fold(t.text) in DRINKING_VERBS))
                     # "(x, y)": listed next to a drink no one is named after
                     or self._in_drink_list(doc, tok.i))
            if nationality or drink or named_drink or self._taken(doc, tok.i):
                yield tok.idx, _end(tok)

    def _pets(self, doc: Tokens) -> Iterator[tuple[int, int]]:
        """A pet's name, said right after its noun ("son chien, x", "sa chienne y et z"), after
        "s'appelle" said of it ("sa chatte s'appelle x"), or before its noun in apposition ("x,
        sa chienne"): never marked, so kept, whatever else it names."""
        n = len(doc)
        for i, tok in enumerate(doc.tokens):
            if fold(tok.text) not in PET_NOUNS or not tok.is_lower:
                continue
            k = i + 1
            if k + 2 < n and fold(doc[k].text) in {"s'", "qui"}:
                k += 1 + (fold(doc[k].text) == "qui")  # "qui s'appelle"
                k += fold(doc[k].text) == "s'"
                if k >= n or not fold(doc[k].text).startswith("appel"):
                    continue
                k += 1
            k += k < n and doc[k].text == ","
            # the names, one or several joined by "et" or a comma ("sa chienne y et z")
            while k < n and self._pet_name(doc[k]):
                yield doc[k].idx, _end(doc[k])
                k += 2 if k + 2 < n and fold(doc[k + 1].text) in {"et", ","} else n
            if i > 2 and doc[i - 2].text == "," and fold(doc[i - 1].text) in NOUN_ARTICLES \
                    and self._pet_name(doc[i - 3]):
                yield doc[i - 3].idx, _end(doc[i - 3])  # "x, sa chienne"

    def _pet_name(self, tok: Token) -> bool:
        """``tok`` may be a pet's name: a capitalised word or a first name, no small word,
        no relative's or role's word."""
        key = fold(tok.text)
        return (tok.is_alpha or "-" in tok.text) and key not in self.stop_words \
            and key not in KINSHIP | ROLES and key not in TITLES \
            and (tok.is_title or key in self.vocab.first_names)

    def _care_said(self, text: str, start: int, end: int) -> bool:
        """Care is said within ``HOSPITAL_REACH`` words either side of ``text[start:end]``."""
        words = [*fold(text[max(0, start - 12 * HOSPITAL_REACH):start]).split()[-HOSPITAL_REACH:],
                 *fold(text[end:end + 12 * HOSPITAL_REACH]).split()[:HOSPITAL_REACH]]
        return any(w.lstrip("l'd(«\"").startswith(CARE_CONTEXT) for w in words)

    def _clubs(self, doc: Tokens) -> Iterator[tuple[int, int]]:
        """A club named by its town, its initials or a short name that is also a name after what
        a supporter says ("il supporte Lens", "fan de l'OM", "le match Lens-Lille", "abonné au
        PSG", "supporter de X"): capitalised, each part a town, initials or a club of the
        ambiguous list; never a person ("il supporte pas Marc")."""
        v = self.vocab
        for i, tok in enumerate(doc.tokens[:-1]):
            if not tok.is_lower or fold(tok.text) not in CLUB_CUES:
                continue
            k = i + 1
            while k < len(doc) and fold(doc[k].text) in {"de", "d'", "du", "le", "la", "l'",
                                                         "au", "a", "des", "les"}:
                k += 1
            if k >= len(doc) or not doc[k].text[:1].isupper() \
                    or any(fold(t.text) == "a" for t in doc[i + 1:k]):
                continue  # "les matchs à la X", "il joue à Y": where, not whom
            end = k + 1
            while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].text[:1].isupper():
                end += 2  # "Lens-Lille" split by the tokenizer
            parts = [p for t in doc[k:end] if t.text != "-" for p in t.text.split("-")]
            if parts and all(p.isupper() and 2 <= len(p) <= 5 or fold(p) in v.town_keys
                             or fold(p) in v.ambiguous_clubs for p in parts) \
                    and fold(doc[k:end].text) not in v.stadiums:  # "un match au <stadium>"
                yield doc[k].idx, _end(doc[end - 1])

    def _products(self, doc: Tokens) -> Iterator[tuple[int, int]]:
        """A town's name said of its product: after the product's noun and "de" ("le vin de
        X", "l'eau de Y", "le piment de Z"); before it in apposition, with its own article
        ("le X, le fromage", "du Y le vin"; never "à X, le vin"); or after a partitive ("du
        X", "de l'Y") when the town takes no article of its own ("du Z" is never "au Z" of
        "Le Z") and is a wine's, or a product is said after it ("de l'X rouge")."""
        v = self.vocab
        tokens = doc.tokens
        for i, tok in enumerate(tokens):
            if not (tok.is_title or tok.is_lower) or not tok.is_alpha and "-" not in tok.text \
                    or i == 0:
                continue
            key = fold(tok.text)
            if key not in v.communes and key not in v.town_keys and key not in v.drink_places:
                continue
            prev = fold(tokens[i - 1].text)
            before = fold(tokens[i - 2].text) if i > 1 else ""
            if tok.is_lower:  # typed in lower case: only after the product's noun and "de"
                if prev in OF and before in PRODUCT_NOUNS:
                    yield tok.idx, _end(tok)
                continue
            after = [fold(t.text) for t in tokens[i + 1:i + 4] if t.text != ","]
            product = prev in OF and before in PRODUCT_NOUNS \
                or prev in {"le", "la", "l'", "du"} \
                and after[:1] in (["le"], ["la"], ["l'"]) and len(after) > 1 \
                and after[1] in PRODUCT_NOUNS | DRINK_KINDS \
                or (prev == "du" or prev == "l'" and before == "de"
                    or prev == "la" and before == "de") \
                and f"{'la' if prev == 'la' else 'le'} {key}" not in v.communes \
                and f"l'{key}" not in v.communes and key not in v.first_names \
                and (key in v.drink_places  # a neighbourhood takes "du", "de la" too
                     or any(w in WINE_WORDS | PRODUCT_NOUNS | DRINK_KINDS for w in after)
                     # ("du X Rouge" is a name going on, not a red wine)
                     and not (i + 1 < len(tokens) and tokens[i + 1].is_title))
            if product or self._taken_by_name(tokens, i, key):
                yield tok.idx, _end(tok)

    def _taken_by_name(self, tokens: list, i: int, key: str) -> bool:
        """A town's name with an article right after a verb of drinking, buying or liking
        ("il boit de la X", "elle aime le Y", "il ramène du Z"): a town takes no article, so
        this is its product (a beer, a cheese, a wine, a water); never a town whose name has
        its own article ("le Havre") nor a first name."""
        v = self.vocab
        prev = fold(tokens[i - 1].text)
        if prev in {"du", "le"} or prev == "la" and not (i > 1 and fold(tokens[i - 2].text)
                                                          in OF):
            verb = i - 2
        elif prev in {"la", "l'"} and i > 1 and fold(tokens[i - 2].text) in OF:
            verb = i - 3
        else:
            return False
        return verb >= 0 and fold(tokens[verb].text) in INTAKE_VERBS | LIKING_VERBS \
            and f"le {key}" not in v.communes and f"la {key}" not in v.communes \
            and f"l'{key}" not in v.communes and key not in v.first_names

    def _said_as_place(self, doc: Tokens, i: int) -> bool:
        """A word that names a drink and a town, said as the town: after "à" ("à x on fait
        du x"), after "de" said of origin ("je suis de x", "elle est de X", "il est de y"
        where y names a town, "ma femme de x", an answer "P : de x") or of a public place of
        the town ("le marché de x"), after "habiter" ("elle habitait x"), or before its region
        ("x dans le Var")."""
        prev = fold(doc[i - 1].text) if i else ""
        # "il est de x" in lower case is a town only where the drink's name is a town's
        being = doc[i].text[:1].isupper() or fold(doc[i].text) in self.vocab.drink_towns
        return prev == "a" or prev.startswith("habit") or prev in OF and i > 1 \
            and (fold(doc[i - 2].text) in ORIGIN_BEFORE_DE | TOWN_PLACES | PEOPLE_OF_A_PLACE
                 or fold(doc[i - 2].text) in ORIGIN_BEING and being
                 or doc[i - 2].text == ":") or self._region_after(doc, i + 1)

    def _namesakes(self, doc: Tokens) -> Iterator[tuple[int, int]]:
        """A name explained by its namesake: "x, comme la fusée x", "y comme l'arche de y",
        "z, comme Z W": after "comme", the same word again names the thing, the saint or the
        public figure the person was named after; the person is the first word. Never after
        a possessive, a relative's or a role's word ("comme sa grand-mère x" is a person)."""
        tokens = doc.tokens
        for i, tok in enumerate(tokens):
            if fold(tok.text) != "comme":
                continue
            earlier = {fold(t.text) for t in tokens[max(0, i - NAMESAKE_REACH):i]
                       if t.is_alpha and len(t.text) > 2}
            j = i + 1
            while j < len(tokens) and j <= i + 4 and fold(tokens[j].text) not in earlier and (
                    fold(tokens[j].text) in NAMESAKE_LINKS
                    or tokens[j].is_lower and tokens[j].is_alpha and self.is_common(tokens[j])
                    and fold(tokens[j].text) not in KINSHIP | ROLES):
                j += 1
            start = j
            if j + 1 < len(tokens) and fold(tokens[j].text) not in earlier \
                    and fold(tokens[j].text) in self.vocab.first_names \
                    and fold(tokens[j + 1].text) in earlier:
                j += 1  # the namesake's first name before the word said ("x comme victor x")
            if j >= len(tokens) or fold(tokens[j].text) not in earlier \
                    or fold(tokens[j].text) in self.stop_words:
                continue
            end = j + 1
            # the namesake's surname after it, capitalised or typed in lower case
            while end < len(tokens) and tokens[end].is_alpha and (
                    tokens[end].is_title or tokens[end].is_lower
                    and not self.is_common(tokens[end]) and self._in_gazetteer(tokens[end])):
                end += 1
            yield tokens[start].idx, _end(tokens[end - 1])

    def _bought_near(self, doc: Tokens, i: int) -> bool:
        """Buying, a shop's trade or its goods said in the sentence around ``doc[i]``, eight
        words either way ("il achète ses cartons chez X", "caviste chez Y", "des chouquettes
        de chez Z"): a chain named like a person, the shop, not someone's home ("on boit chez
        X" is). ``SHOPPING_WORDS``."""
        return self._near_in_sentence(doc, i, lambda t: fold(t.text) in SHOPPING_WORDS,
                                      reach=SHOPPING_WINDOW)

    def _ambiguous_figures(self, doc: Tokens, figures: list[tuple[int, int]]
                           ) -> Iterator[tuple[int, int]]:
        """A public figure whose name is also a first name or a surname (the ambiguous list:
        a singer, a writer, a footballer, a prophet), capitalised, kept with a cue right by
        it only: what the figure is said right before ("le chanteur X"), a verb of listening
        or reading ("j'écoute X", "il lit Y"), or a public figure listed next to it ("Brel,
        Aznavour, X"). Never after a relative's word or a title, never the same name said
        elsewhere without its cue (a person of that name may be spoken of in the same text),
        never after a verb of seeing ("j'ai vu X" is someone met)."""
        v = self.vocab
        for i, tok in enumerate(doc):
            if not tok.text[:1].isupper() or fold(tok.text) not in v.ambiguous_figures:
                continue
            prev = fold(doc[i - 1].text) if i else ""
            if prev in KINSHIP | ROLES | TITLES:
                continue
            listed = False
            for step in (-1, 1):
                j = i + step
                if 0 <= j < len(doc) and doc[j].text in {",", "et"}:
                    j += step
                    listed = listed or 0 <= j < len(doc) and any(
                        s <= doc[j].idx < e for s, e in figures)
            if prev in FIGURE_NOUNS or prev in LISTENING_VERBS or listed:
                yield tok.idx, _end(tok)

    def _characters(self, doc: Tokens, text: str, figures: list[tuple[int, int]]
                    ) -> Iterator[tuple[int, int]]:
        """A title or a character whose name is also a first name or a town (the ambiguous
        list: Gervaise, Marius, Fanny, Amsterdam), capitalised, said near its work's title or
        its author in the same sentence ("Gervaise dans L'Assommoir", "Marius et Fanny, de
        X"): the character, never after a relative's word or a title. A noun of a work nearby
        is no cue ("Fanny regarde une série" is a person); "le film X" is a title (above)."""
        v = self.vocab
        cues: set[int] | None = None  # where a work's title or a figure starts, read if needed
        for i, tok in enumerate(doc):
            if not tok.text[:1].isupper() or fold(tok.text) not in v.ambiguous_characters \
                    or i and fold(doc[i - 1].text) in KINSHIP | ROLES | TITLES:
                continue
            if cues is None:
                cues = {m.start() for m in v.work_titles.finditer(text)} \
                    | {start for start, _ in figures}
            if self._near_in_sentence(doc, i, lambda t, at=cues: t.idx in at):
                yield tok.idx, _end(tok)

    def _feast_days(self, doc: Tokens) -> Iterator[tuple[int, int]]:
        """A saint's day said with its article ("on fête la Saint-X", "à la Sainte-Y on
        boit", typed in lower case too): a date of the calendar, never a town (towns named
        after a saint take no "la"), unless a street or a facility noun comes before ("rue
        de la Saint-X")."""
        v = self.vocab
        for i, tok in enumerate(doc.tokens[:-1]):
            if tok.text not in {"la", "La"} or i and self._after_facility_noun(doc, i):
                continue
            if i > 1 and _in_any(fold(doc[i - 2].text), STREETS, v.facility_words) \
                    or i and _in_any(fold(doc[i - 1].text), STREETS):
                continue
            parts = doc[i + 1].text.split("-")
            if len(parts) == 2 and fold(parts[0]) in {"saint", "sainte"} \
                    and (parts[1][:1].isupper() or doc[i + 1].text.islower()) \
                    and (fold(parts[1]) in v.first_names or fold(parts[1]) in FEAST_SAINTS):
                yield doc[i + 1].idx, _end(doc[i + 1])

    def _work_titles(self, doc: Tokens) -> Iterator[tuple[int, int]]:
        """The title of a work after the noun that says what it is ("le film X", "la chanson
        Le X", "la série Les X"): a film, a song, a book or a programme names nobody."""
        for i, tok in enumerate(doc):
            if not (tok.is_lower and i + 1 < len(doc)) or not (
                    fold(tok.text) in WORK_NOUNS
                    # "j'ai lu Le X", "elle regarde Les X": a title after a verb of reading,
                    # watching or listening, with its capitalised article
                    or fold(tok.text) in WORK_VERBS and doc[i + 1].text in TITLE_ARTICLES):
                continue
            k = i + 1 + (doc[i + 1].text in NAME_ARTICLES and i + 2 < len(doc))
            end = self._name_run(doc, k, links=True, places=True)
            if end > k:
                yield doc[i + 1].idx, _end(doc[end - 1])

    def _brands_toasts_saints(self, doc: Tokens) -> Iterator[tuple[int, int]]:
        """A brand after the kind of its drink ("le rhum X", "une bière X"; "un muscat de X"
        with a known place), a toast said as such ("X !"), and a saint spoken of as one
        ("saint X" in two words, not after a facility or street noun nor a preposition of
        place: "l'église Saint X", "rue Saint X", "à Saint X" name a place; "à sainte X", the
        word in lower case, is the saint's)."""
        v = self.vocab
        for i, tok in enumerate(doc):
            key = fold(tok.text)
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if key in DRINK_KINDS and nxt is not None and not self._after_facility_noun(doc, i) \
                    and not (tok.text[:1].isupper() and key in v.first_names):
                # ("M. Marc X": a first name, not the brandy, which is typed in lower case)
                k = i + 1
                if key in APPELLATION_KINDS and fold(nxt.text) in {"de", "d'", "des", "du"}:
                    k = i + 2
                    end = self._name_run(doc, k, links=True, places=True)
                    place = fold(doc[k:end].text)
                    if end > k and (place in v.town_keys or place in v.keep_places):
                        yield doc[k].idx, _end(doc[end - 1])
                    continue
                if fold(nxt.text) in SINGULAR_ARTICLES and nxt.is_lower and k + 1 < len(doc) \
                        and doc[k + 1].text[:1].isupper() and i \
                        and fold(doc[i - 1].text) in NOUN_ARTICLES | {"de", "du", "des"}:
                    k, nxt = k + 1, doc[k + 1]  # "la bière la X": the brand after its article
                end = self._name_run(doc, k, links=False)
                if end > k and nxt.text[:1].isupper():
                    yield doc[k].idx, _end(doc[end - 1])
                elif nxt.is_lower and fold(nxt.text) in v.drinks | v.ambiguous_drinks:
                    yield nxt.idx, _end(nxt)  # typed in lower case: a brand the lists know
            elif key in v.ambiguous_chains and tok.text[:1].isupper() and i \
                    and fold(doc[i - 1].text) in SHOP_CUES and doc[i - 1].is_lower \
                    and not (fold(doc[i - 1].text) in {"chez", "au", "aux", "du"}
                             and key in v.first_names and not self._bought_near(doc, i)) \
                    and not (nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha) \
                    and not (nxt is not None and fold(nxt.text) in {"de", "d'", "du"}
                             and i + 2 < len(doc) and doc[i + 2].text[:1].isupper()
                             and fold(doc[i + 2].text) not in v.town_keys
                             and fold(doc[i + 2].text) not in v.communes):
                # "chez Leclerc", "au Picard"; a chain that is a first name only where
                # buying is said ("il achète ses bouteilles chez X", "la caissière du Y":
                # "chez Paul", "au Nicolas" are people's in speech), not "chez X Durand",
                # nor one shop with its own name ("au X des Glycines"); the chain's branch
                # in a town stays the chain ("au X de Drancy": the town goes)
                yield tok.idx, _end(tok)
            elif key in TOASTS and nxt is not None and nxt.text in {"!", ","} \
                    and not (i and fold(doc[i - 1].text) in {"de", "la", "l'", "du", "des"}) \
                    and not self._after_facility_noun(doc, i):
                yield tok.idx, _end(tok)
            elif key in SAINTS and tok.text.isalpha() and nxt is not None \
                    and nxt.text[:1].isupper() and nxt.is_alpha and fold(nxt.text) in \
                    v.first_names and not (
                        # "il cite saint X": the verb, not "la cité"
                        self._after_facility_noun(doc, i) and doc[i - 1].text.lower() != "cite") \
                    and not (i and _in_any(fold(doc[i - 1].text), STREETS, SAINT_STREETS, *(
                        # "sainte X" typed as the saint's (the word in lower case, the name
                        # capitalised: a town or a feast is "Sainte-X") after "à" or "de" is
                        # still the saint ("prier à sainte X", "le pèlerinage de sainte X")
                        () if tok.is_lower else (PLACE_PREPOSITIONS, SAINT_PLACE_BEFORE)))) \
                    and not (i > 1 and _in_any(fold(doc[i - 2].text), STREETS,
                                               v.facility_words)):
                yield tok.idx, _end(nxt)

    def _taken(self, doc: Tokens, i: int) -> bool:
        """A drink or a medicine by its slot: a capitalised word after a partitive ("du",
        "de la", "de l'") or "sous", an intake verb at most two words before ("je buvais du
        X", "il m'a mis sous X", "on m'a donné de l'X", and the next items of such a list), or
        after a dose ("un comprimé de X")."""
        tok = doc[i]
        if not tok.text[:1].isupper() or i < 2 \
                or not (tok.is_alpha or "-" in tok.text or "'" in tok.text) \
                or self._after_facility_noun(doc, i) or fold(tok.text) in self.vocab.town_keys:
            return False  # a town after "du" is a place ("il revient du Havre")
        prev = fold(doc[i - 1].text)
        if prev in {"de", "d'"} and doc[i - 2].is_lower \
                and fold(doc[i - 2].text) in DOSES | SERVINGS:
            return True  # "un comprimé de X", "des shots de Y", "une canette de Z"
        if prev in {"la", "l'"} and fold(doc[i - 2].text) == "de":
            j = i - 2
        elif prev in {"du", "sous"}:
            j = i - 1
        else:
            return False
        if any(fold(t.text) in INTAKE_VERBS for t in doc[max(0, j - 2):j]):
            return True
        # the next item of a list of them: "il boit du X, de la Y, de la Z"
        return j >= 2 and doc[j - 1].text in {",", "et", "ou"} and (
            fold(doc[j - 2].text) in self.vocab.drinks | self.vocab.domain
            or self._taken(doc, j - 2))

    def _after_facility_noun(self, doc: Tokens, i: int) -> bool:
        """A facility noun just before, or before a lower-case article: "le bar X", "la
        brasserie l'X", "au bar le X" name one establishment, not a drink nor a nationality."""
        j = i - 1
        if j >= 0 and doc[j].is_lower and fold(doc[j].text) in {"le", "la", "les", "l'"}:
            j -= 1
        return j >= 0 and fold(doc[j].text) in self.vocab.facility_words

    @staticmethod
    def _called_before(doc: Tokens, i: int) -> bool:
        """"dit le", "dite la" (quotes aside) just before: "Kevin dit le X" is a nickname."""
        words = [fold(t.text) for t in doc[max(0, i - 4):i] if t.text not in {"«", '"'}]
        return len(words) >= 2 and words[-1] in {"le", "la", "l'"} \
            and words[-2] in NICKNAME_GIVERS

    @staticmethod
    def _after_landmark_noun(doc: Tokens, i: int) -> bool:
        """A public place's noun and "des", "du", "de la" just before: "la plage des X" names
        the beach, not a people."""
        j = i - 1
        if j >= 1 and fold(doc[j].text) in {"la", "l'"} and fold(doc[j - 1].text) == "de":
            j -= 2
        elif j >= 0 and fold(doc[j].text) in {"des", "du"}:
            j -= 1
        else:
            return False
        return j >= 0 and doc[j].is_lower and fold(doc[j].text) in LANDMARK_NOUNS

    def _in_wine_talk(self, doc: Tokens, i: int) -> bool:
        """A drink place said next to the wine, a drink or a container in the same sentence
        ("X ou Y, le vin rouge"), never after a preposition of place ("à X", "de X")."""
        if i and fold(doc[i - 1].text) in PLACE_PREPOSITIONS | {"en", "sur", "pres"}:
            return False
        words = WINE_WORDS | self.vocab.drinks
        return self._near_in_sentence(doc, i, lambda t: fold(t.text) in words)

    @staticmethod
    def _near_in_sentence(doc: Tokens, i: int, test: Callable[[Token], bool],
                          reach: int = WINE_WINDOW) -> bool:
        """A token within ``reach`` tokens either side of ``doc[i]``, in its sentence (no full
        stop nor line's end between), passes ``test``."""
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(doc) and abs(j - i) <= reach \
                    and doc[j].text not in {".", "!", "?", "…", "..."} \
                    and "\n" not in doc[j].text_with_ws:
                if test(doc[j]):
                    return True
                j += step
        return False

    def _authors(self, doc: Tokens) -> Iterator[tuple[int, int]]:
        """An artist or an author the lists do not know, said by a full name (two capitalised
        words or more) right after a verb of listening or reading or what they are in the arts
        (``WORK_CUES``: "il écoute X Y en boucle", "j'ai lu Z W", "la chanteuse V U"): the
        figure, spoken of for their work. Never one word alone ("j'écoute Karim"), a title, a
        town, nor a name taken up by "il" or "elle" (``_pronoun_after``)."""
        v = self.vocab
        for i, tok in enumerate(doc):
            if not i or fold(doc[i - 1].text) not in WORK_CUES or not tok.text[:1].isupper():
                continue
            end = self._name_run(doc, i, links=False)
            names = [t for t in doc[i:end] if t.is_alpha]
            if len(names) < 2 or fold(tok.text) in TITLES \
                    or fold(doc[i:end].text) in v.town_keys or self._pronoun_after(doc, end):
                continue
            yield tok.idx, _end(doc[end - 1])

    @staticmethod
    def _pronoun_after(doc: Tokens, end: int) -> bool:
        """"il" or "elle" right after a name, or after a comma ("X Y, il me dit..."): a person
        spoken of, not a work nor a scale."""
        k = end + 1 if end < len(doc) and doc[end].text == "," else end
        return k < len(doc) and fold(doc[k].text) in {"il", "elle"}

    def _eponyms(self, doc: Tokens) -> Iterator[tuple[int, int]]:
        """An eponym: a capitalised name after a scale's, a test's or a disease's noun and "de"
        ("l'échelle de X", "la thyroïdite de Y"; ``EPONYM_HEADS``) or right after "loi" ("la
        loi Z"). Never a first name after "de" ("la maladie de Jean"), a title ("le test de
        Mme X"), a town ("le score de Lille" is rare beside "le centre de Lille"), nor a name
        taken up by "il" or "elle" (``_pronoun_after``)."""
        v = self.vocab
        for i, tok in enumerate(doc):
            key = fold(tok.text)
            law = key in LAW_HEADS
            if key in EPONYM_HEADS and i + 2 < len(doc) and fold(doc[i + 1].text) in {"de", "d'"}:
                k = i + 2
            elif law and i + 1 < len(doc):
                k = i + 1
            else:
                continue
            end = self._name_run(doc, k, links=False)
            if end == k or not doc[k].text[:1].isupper():
                continue
            name = fold(doc[k:end].text)
            # (a law's author may bear a first name only: "la loi X")
            if fold(doc[k].text) in TITLES or not law and fold(doc[k].text) in v.first_names \
                    or name in v.town_keys or self._pronoun_after(doc, end):
                continue
            yield doc[k].idx, _end(doc[end - 1])

    def _listed_drinks(self, doc: Tokens) -> Iterator[tuple[int, int]]:
        """A capitalised name the lists do not know, said in a list of drinks: with its article
        next to a drink ("le X, le Y", "la X ou de la Y", Y unknown), or between two drinks
        ("X, Y, Z"): a brand, as its neighbours are. A first name only between two drinks;
        never a name taken up by "il" or "elle", after a relative's word, a title or a
        facility's noun."""
        i = 0
        while i < len(doc):
            tok = doc[i]
            end = self._name_run(doc, i, links=False) if tok.text[:1].isupper() else i
            if end == i:
                i += 1
                continue
            article = i > 0 and fold(doc[i - 1].text) in DRINK_ARTICLES | SINGULAR_ARTICLES
            start = i - 1 if article else i
            if article and start and fold(doc[start - 1].text) in {"de", "d'"}:
                start -= 1  # a partitive: "de la X"
            before = self._listed_drink(doc, start - 1, -1)
            after = self._listed_drink(doc, end, 1)
            nxt = fold(doc[end].text) if end < len(doc) else ""
            # a first name takes an article in speech ("le X, le Y et la Z sont venus"): only
            # between two drinks
            if (before and after or article and (before or after)
                    and fold(tok.text) not in self.vocab.first_names) \
                    and nxt not in {"il", "elle"} \
                    and not (start and fold(doc[start - 1].text) in KINSHIP | ROLES | TITLES) \
                    and not self._after_facility_noun(doc, i):
                yield tok.idx, _end(doc[end - 1])
            i = end

    def _listed_drink(self, doc: Tokens, j: int, step: int) -> bool:
        """A brand of drink the lists know said at ``j``'s side of a list: a comma, "et", "ou",
        "/" or "+" at ``j``, then the brand, capitalised, with its article or without; never a
        town's or a hospital's name."""
        if not 0 <= j < len(doc) or doc[j].text not in {",", "et", "ou", "/", "+"}:
            return False
        j += step
        if step == 1 and j < len(doc) and fold(doc[j].text) in DRINK_ARTICLES | SINGULAR_ARTICLES:
            j += 1
        if not 0 <= j < len(doc):
            return False
        # the drink's whole name: "la Grey Goose", "le Jack Daniel's"
        k = j
        while 0 <= k + step < len(doc) and doc[k + step].text[:1].isupper() \
                and doc[k + step].is_alpha and abs(k + step - j) < 3:
            k += step
        name, word = fold(doc[min(j, k):max(j, k) + 1].text), fold(doc[j].text)
        v = self.vocab
        # a brand, capitalised ("le X, la bière" may be a bar where beer is drunk), never one
        # that is also a town or a hospital ("X, la Y, Z" lists hospitals too)
        return doc[j].text[:1].isupper() \
            and not {name, word} & (v.drink_places | v.town_keys | v.hospitals) and (
                name in v.drinks | v.ambiguous_drinks or word in v.drinks)

    def _in_drink_list(self, doc: Tokens, i: int, articles: bool = False) -> bool:
        """A word said in a list of drinks: a drink or a brand just before or after it, a comma
        or "et" between ("de la X, de l'Y, Z..."); with ``articles``, an article before each
        ("le x, le y"), and a drink that is also a name counts."""
        v = self.vocab
        drinks = v.drinks | v.ambiguous_drinks if articles else v.drinks
        for step in (-1, 1):
            j = i + step
            if articles and step == -1 and j >= 0 and fold(doc[j].text) in DRINK_ARTICLES \
                    | SINGULAR_ARTICLES:
                j += step  # this word's own article
            if 0 <= j < len(doc) and doc[j].text in {",", "et", "ou", "/"}:
                j += step
                if articles and 0 <= j < len(doc) and step == 1 \
                        and fold(doc[j].text) in DRINK_ARTICLES | SINGULAR_ARTICLES:
                    j += step  # the next one's article
                if 0 <= j < len(doc) and fold(doc[j].text) in drinks \
                        and fold(doc[j].text) not in v.drink_places \
                        and (not articles or doc[j].text[:1].isupper()
                             or fold(doc[j].text) in v.drinks):
                    return True
        return False


# where one goes before a place named after a public figure ("à x", "chez y"), said before
# the figure's name typed in lower case: the place, not the figure
NAMED_AFTER_BEFORE = re.compile(r"(?:^|\s)(?:a|au|aux|vers|chez)\s*$")
# where a town is said before its name ("à X", "les urgences d'X", "du X"): the town (or its
# hospital), though a public figure has the name
TOWN_SAID_BEFORE = re.compile(r"(?:^|\s)(?:a|au|aux|vers|d'|de|du)\s*$")
# a subject and the verb "citer" before a name ("il cite X", "la présidente cite Y"): the name
# cited, never "la cité X" (an article or a preposition before the noun; the text is folded,
# "cité" and "cite" alike)
CITES_VERB = re.compile(
    r"(?:^|\s)(?!(?:la|une|sa|ma|ta|cette|leur|notre|votre|de|des|les|aux|a|en|d'|l')\s)"
    r"[\w\-]+\s+cit(?:e|es|ent|ait)\s*$")


def _in_any(key: str, *words: frozenset[str]) -> bool:
    """``key`` in one of the word sets (each looked up, none copied into a union)."""
    return any(key in w for w in words)
