"""Detect identifiers in a batch of texts, propagate them, and replace them by surrogates."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from spacy.language import Language

from ..errors import DetectionError
from ..folding import fold
from ..offsets import OffsetMap
from ..records import Entity
from .analysis import Analysis, AnalysisFailed, analyse, default_workers
from .finder import Finder, FormIndex, compile_forms
from .patterns import NUMBER_SAID, STREET_NOUNS
from .pipeline import Candidate, common_words, configure_ruler, load_pipeline
from .rules.base import LETTER_RUNS
from .rules.words import (
    ADJECTIVE_BEFORE,
    CARED,
    KINSHIP,
    NAME_OPENERS,
    NICKNAME_ADJECTIVES,
    NOUN_ARTICLES,
    PERSON_NOUNS,
    PERSON_VERBS,
    POSSESSIVES,
    ROLES,
    SAID_AFTER_A_NAME,
    TOWN_WORDS,
    VIRTUE_NAMES,
    VIRTUE_WORD_BEFORE,
)
from .surrogates import SURROGATE, SurrogateBook, fold_chars, lexicon_key, rewrite
from .token_model import (
    Lexicon,
    TokenModel,
    shipped_model,
    taken_words,
    vector_classes,
    vetoed,
)
from .vault import KeyData
from .vocab import INTERJECTIONS, TITLES, vocabulary

K = TypeVar("K")
# words of an e-mail's or account's name that name no one: the signs said aloud, mail providers
# and top-level domains (the providers of patterns.MAIL_PROVIDERS)
ACCOUNT_WORDS = frozenset(
    "point tiret underscore arobase arrobase gmail hotmail yahoo outlook orange wanadoo free "
    "sfr laposte live icloud msn aol protonmail proton neuf bbox numericable gmx yandex com net "
    "org off officiel officielle pro perso contact www http https".split())
PROPAGATED_TYPES = ("PER", "LOC", "ORG")
# characters of documents whose names are propagated to one another before they are stored
# (after the first document, stored alone): what a kill loses, and how far back a name found
# in a document reaches without the review's re-run
CHUNK_CHARS = 60_000
PROPAGATION_PRIORITY = 55  # a name known to the project outranks the model's type guess
TOKEN_MODEL_PRIORITY = 10  # the statistical reading types a span only where no rule does
# the words after which a first name that is also a term to keep is the term: a country's
# prepositions and articles ("en x", "la x", "de x"), a feast's ("à y", "pour y", "le père y",
# "joyeux y") (folded)
TERM_BEFORE = frozenset("en la le de du d' des l' a au aux pour vers depuis toute tout "
                        "pere joyeux bon bonne fete fetes veille apres avant sapin chaque entre "
                        "pendant fait fais faire passe passer".split())
# what opens a noun's complement or a relative clause: the word before it is a noun of the
# language there, not a name said again ("la conception de l'alcool", "la source qu'on a")
PHRASE_OPENERS = frozenset("de d' du des que qu' dont".split())
# weak rules: what only they find is replaced (privacy first) but flagged as a doubt for the
# reviewer: a lower-case first name after a cue, a capitalised word after a facility noun, a name
# said to someone, a short form of a name found in full, an account name
DOUBTFUL_SOURCES = frozenset({"kinship-lower", "apposition-lower", "vocative-lower", "vocative",
                              "diminutive", "handle", "facility", "first-name-lower",
                              "coordination", "account-piece", "town-lower",
                              "initials", "facility-lower", "street-lower",
                              "nickname-lower", "facility-common", "title-lower", "echo",
                              "ner-lower", "ner-org", "group-name", "naming-kept",
                              "town-article", "hospital-word", "drink-town", "town-said",
                              "landmark", "called", "town-named", "town-listed-lower",
                              "chat-name", "token-model", "body-name", "district-kept",
                              "alias"})
# weak rules: what they find is replaced where it stands, never spread through the batch
# readings of a word alone, without its context: a name known from the batch outranks them
GUESSES = frozenset({"ner", "first-name", "surname"})
LOCAL_SOURCES = frozenset({"kinship-lower", "apposition-lower", "vocative-lower", "vocative",
                           "diminutive", "handle", "coordination", "account-piece",
                           "town-lower", "initials", "facility-lower", "street-lower",
                           "nickname-lower", "facility-common", "echo", "ner-lower",
                           "ner-listed",
                           "ner-org", "group-name", "naming-kept", "town-article", "landmark",
                           "called", "town-named", "town-listed-lower", "chat-name",
                           "body-name", "district-kept", "alias"})
# local sources whose name is never taken again elsewhere in the text: a rule that reads every
# mention in its own context already ("la x" is the place only with its town named and its cue)
NOT_ECHOED = frozenset({"echo", "town-named", "chat-name"})
# a nickname put in quotes or brackets right next to a person's name, as notes give one: after
# it or its initial ("m. x (« le y »)", "x z. « le y »", "x (y)"), or before it ("« y » (m.
# x)"), or after a title alone ("m. « y »"): one or two words, its article outside
_ALIAS = r"[^\W\d_][\w'’\-]*(?:\s+[^\W\d_][\w'’\-]*)?"
_ALIAS_ARTICLE = r"(?:(?:le|la|les|l['’])\s*)?"
ALIAS_AFTER = re.compile(
    r"(?:\s+[^\W\d_]\.)?\s*(?:\(\s*(?P<q>[«\"“]\s*)?" + _ALIAS_ARTICLE
    + r"(?P<a>" + _ALIAS + r")\s*(?(q)[»\"”]\s*)\)"
    r"|[«\"“]\s*" + _ALIAS_ARTICLE + r"(?P<b>" + _ALIAS + r")\s*[»\"”])", re.IGNORECASE)
ALIAS_BEFORE = re.compile(
    r"[«\"“]\s*" + _ALIAS_ARTICLE + r"(?P<a>" + _ALIAS + r")\s*[»\"”]\s*\(\s*"
    r"(?:(?:m\.|mme|mr|monsieur|madame)\s*)?$", re.IGNORECASE)
ALIAS_TITLED = re.compile(
    r"(?<![\w.])(?:m\.|mme|mr|monsieur|madame)\s*[«\"“]\s*" + _ALIAS_ARTICLE
    + r"(?P<a>" + _ALIAS + r")\s*[»\"”]", re.IGNORECASE)
# ... or said after "dit", "alias", "surnommé" right after the name ("x y, dit z", "x dit le w")
ALIAS_SAID = re.compile(r",?\s+(?:dit|dite|alias|surnomm[ée]e?)\s+" + _ALIAS_ARTICLE
                        + r"(?P<a>[^\W\d_][\w'’\-]*)", re.IGNORECASE)
ALIAS_REACH = 60  # characters before a name where a quoted nickname and its bracket stand
# names copied from another mention (in the text or the batch) without reading their context:
# the token model may veto them (``_unvetoed``)
COPIED_SOURCES = frozenset({"propagation", "echo"})


@dataclass(frozen=True, slots=True)
class PseudonymisedText:
    """Rewritten text; entity offsets point into it, and ``offsets`` maps old to new."""

    text: str
    entities: tuple[Entity, ...]
    offsets: OffsetMap


# a hyphen joins the words of one name ("rue X-Y", "le centre X-Y", "Jean-X"): a name found in
# part is completed to its whole compound; "-là", "-ci" and inverted pronouns are no part of it
_HYPHEN_TAIL = re.compile(r"-(?!(?:là|ci|t-|il|elle|on|ils|elles|je|tu|nous|vous|moi|toi|lui"
                          r"|leur)\b)[^\W\d_][\w'’]*(?:-(?!(?:là|ci)\b)[^\W\d_][\w'’]*)*")
_HYPHEN_HEAD = re.compile(r"[^\W\d_][\w'’]*-$")


def _whole_compound(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the hyphenated words it is glued to, either side."""
    m = _HYPHEN_TAIL.match(text, end)
    if m and end > start and text[end - 1].isalpha():
        end = m.end()
    while start > 0 and text[start - 1] == "-" and text[start].isalpha():
        m = _HYPHEN_HEAD.search(text, max(0, start - 40), start)
        before = text[m.start() - 1] if m and m.start() else " "
        if not m or before.isalnum() or before in "-'’":
            break
        start = m.start()
    return start, end


# the adjective of a nickname, between its article and the name ("le grand x", "du « Petit
# y »", "le vieux z"): part of the nickname, as the marking conventions have it
NICKNAME_HEAD = re.compile(
    r"(?i)(?:^|(?<=[\s«\"(]))(?:le|la|les|du|au|aux|des|l['’])\s+«?\s*(?P<adj>"
    + "|".join(re.escape(a).replace("'", "['’]")
               for a in sorted(NICKNAME_ADJECTIVES, key=len, reverse=True))
    + r")\s+$")


def _with_nickname_head(text: str, start: int) -> int:
    """``start`` moved back over a nickname's adjective, if one stands before the name."""
    m = NICKNAME_HEAD.search(text, max(0, start - 30), start)
    return m.start("adj") if m else start


# the nouns that French writes as part of a natural place's own name ("le Mont Sainte-Odile",
# "le Cap Ferret", "la Pointe Rouge", "l'Île de Ré", "le Morne Rouge", "le Piton des Neiges"),
# in either case: said before a place found, they are the name's first word. A square's,
# a street's or a park's noun stays out (the marking conventions differ on those)
PLACE_NAME_HEAD = re.compile(
    r"(?i)(?:^|(?<=[\s'’«\"(]))(?P<head>mont|cap|pointe|[iî]le|lac|col|pic|puy|anse|baie|"
    r"[ée]tang|morne|piton)\s+(?:(?:de\s+la|de\s+l['’]|de|du|des)\s+|d['’])?$")


def _with_place_head(text: str, start: int) -> int:
    """``start`` moved back over a natural place's noun, if one stands before the name."""
    m = PLACE_NAME_HEAD.search(text, max(0, start - 20), start)
    return m.start("head") if m else start


def resolve(text: str, candidates: Iterable[Candidate]) -> list[Entity]:
    """Merge overlapping candidates into one entity: their union, typed by the strongest."""
    merged: list[list] = []
    candidates = [(*_whole_compound(text, c[0], c[1]), *c[2:]) if c[2] in PROPAGATED_TYPES
                  else c for c in candidates]
    candidates = [(_with_nickname_head(text, c[0]), *c[1:]) if c[2] == "PER"
                  else (_with_place_head(text, c[0]), *c[1:]) if c[2] == "LOC" else c
                  for c in candidates]
    for start, end, type_, priority, source in sorted(candidates, key=lambda c: (c[0], -c[1])):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            if priority > last[3]:
                last[2], last[3], last[4] = type_, priority, source
            last[5] = last[5] and source in DOUBTFUL_SOURCES
        else:
            merged.append([start, end, type_, priority, source, source in DOUBTFUL_SOURCES])
    entities: list[Entity] = []
    for start, end, type_, _, source, doubt in merged:
        # an entity never crosses a turn or paragraph boundary
        for m in re.finditer(r"[^\n]+", text[start:end]):
            s, e = start + m.start(), start + m.end()
            while s < e and text[s] in " \t":
                s += 1
            while e > s and text[e - 1] in " \t":
                e -= 1
            if e > s:
                entities.append(Entity(s, e, type_, source=source, doubt=doubt))
    return entities


class Pseudonymiser:
    """A project's pseudonymiser: its names, allow- and deny-lists, and surrogate book.

    The spaCy pipeline is shared by the process (loaded once); its ruler is reset with this
    project's patterns, so use one Pseudonymiser at a time per process.
    """

    def __init__(
        self,
        keys: KeyData | None = None,
        *,
        allow: Iterable[str] = (),
        places: Iterable[str] = (),
        nlp: Language | None = None,
        batch_size: int = 32,
        token_model: TokenModel | None | bool = True,
    ) -> None:
        """``places``: the project's own places (its participants' sites), removed wherever
        they stand and in any case: "the health centre in Pantin" points at one team, and
        transcribers type the site as "pantin" though the word is also a common noun."""
        self.keys = keys if keys is not None else KeyData(project_id="ad-hoc")
        self.book = SurrogateBook(self.keys)
        self.nlp = nlp or load_pipeline()
        self.allow = tuple(allow)
        self.batch_size = batch_size
        self.vocab = vocabulary()
        self.common = common_words(self.nlp)
        # the statistical reading of every word (``token_model``): the shipped model, another
        # one, or none (``False``)
        self.token_model = shipped_model() if token_model is True else token_model or None
        classes = None if self.token_model is None else self.token_model.classes
        self._words = Lexicon(self.vocab, frozenset(self.nlp.Defaults.stop_words),
                              self.common.__contains__,
                              never=self.vocab.facility_words | TOWN_WORDS
                              | {fold(w) for w in STREET_NOUNS},
                              vector_class=None if classes is None
                              else vector_classes(self.nlp.vocab.vectors, classes))
        names = []
        for first, last in self.keys.participants.values():
            names += [n for n in (f"{first} {last}".strip(), first, last) if n]
        deny = [(d["text"], d["type"]) for d in self.keys.deny]
        configure_ruler(self.nlp, names=names, deny=deny, allow=self.allow, places=places)
        self._index = FormIndex()
        self._lexicon: dict[str, str] | None = None
        self._lexicon_seen = 0
        self._lexicon_all: dict[str, str] = {}  # form -> type, the first type seen
        self._lexicon_kept: dict[str, str] = {}  # those worth finding

    # -- detection -----------------------------------------------------------------------
    def detect(
        self, texts: Sequence[str], protected: Sequence[Sequence[tuple[int, int]]] | None = None
    ) -> list[list[Entity]]:
        """Identifiers of every text (original offsets), propagated across the batch and the
        project's lexicon: a name found once is found at every occurrence and in every case.
        The texts are read in this process, in one pass."""
        analysed = analyse(self.nlp, texts, self._model_text, batch_size=self.batch_size)
        analyses = []
        for _, analysis in analysed:
            if isinstance(analysis, AnalysisFailed):
                raise DetectionError(f"le pseudonymiseur a échoué sur un texte "
                                     f"({analysis.reason}) ; rien n'en a été enregistré. "
                                     "Signalez-le avec le format du fichier (pas son "
                                     "contenu).")
            analyses.append(analysis)
        return self.detect_analysed(texts, analyses, protected)

    def stream(
        self, docs: Iterable[tuple[K, str, Sequence[tuple[int, int]]]], *,
        workers: int | None = None, chunk_chars: int = CHUNK_CHARS,
    ) -> Iterator[tuple[K, list[Entity] | AnalysisFailed]]:
        """Identifiers of a stream of ``(key, text, protected spans)``, as ``(key, entities)``
        in the order given, read on ``workers`` processes (default: the cores available).

        Documents come out in chunks: the first document alone (it is stored at once), then
        about ``chunk_chars`` characters of documents. Names are propagated within a chunk,
        and from the project's lexicon, which holds the names of the chunks before once their
        documents are applied: apply each document (``apply``) before asking for the next.
        A name first found in a later chunk is not looked for in the earlier ones: the
        review's re-run does that. A text the pipeline fails on comes out as
        ``AnalysisFailed``; the others go on."""
        workers = default_workers() if workers is None else workers
        analysed = analyse(self.nlp, docs, lambda d: self._model_text(d[1]), workers=workers,
                           batch_size=self.batch_size)
        chunk: list[tuple[tuple[K, str, Sequence[tuple[int, int]]], Analysis | None]] = []
        size, first = 0, True
        for doc, analysis in analysed:
            if isinstance(analysis, AnalysisFailed):
                yield from self._chunk(chunk)
                chunk, size = [], 0
                yield doc[0], analysis
                continue
            chunk.append((doc, analysis))
            size += len(doc[1])
            if first or size >= chunk_chars:
                yield from self._chunk(chunk)
                chunk, size, first = [], 0, False
        yield from self._chunk(chunk)

    def _chunk(self, chunk: Sequence[tuple[tuple[K, str, Sequence[tuple[int, int]]],
                                            Analysis | None]]
               ) -> Iterator[tuple[K, list[Entity]]]:
        if not chunk:
            return
        found = self.detect_analysed([d[1] for d, _ in chunk], [a for _, a in chunk],
                                     [d[2] for d, _ in chunk])
        for (doc, _), entities in zip(chunk, found, strict=True):
            yield doc[0], entities

    def _model_text(self, text: str) -> str | None:
        """The text the model reads (``None``: this text is not for the model)."""
        return text

    def detect_analysed(
        self, texts: Sequence[str], analyses: Sequence[Analysis | None],
        protected: Sequence[Sequence[tuple[int, int]]] | None = None,
    ) -> list[list[Entity]]:
        """Identifiers of texts already read by the pipeline, propagated across them and the
        project's lexicon."""
        protected = protected or [[] for _ in texts]
        per_text: list[list[Candidate]] = []
        keep: list[list[tuple[int, int]]] = []
        for text, analysis, extra in zip(texts, analyses, protected, strict=True):
            surrogates = [m.span() for m in SURROGATE.finditer(text)]
            keep.append([*analysis.kept, *extra, *surrogates])
            # a surrogate already in the text ("[Lieu 1]") is never taken apart again, and a
            # word kept as it is (the domain's, or one a reviewer put back) is never taken,
            # whichever rule would read it as a name
            fixed = [*extra, *surrogates]
            kept = set(analysis.kept)
            per_text.append([c for c in analysis.identifiers
                             if (c[0], c[1]) not in kept
                             and not any(s < c[1] and c[0] < e for s, e in fixed)])
        forms = self._forms(texts, per_text)
        finder = self._index.finder(forms, lasting=self._lexicon_kept)
        results = []
        for text, cands, blocked in zip(texts, per_text, keep, strict=True):
            if finder is not None:
                own = {lexicon_key("PER", text[c[0]:c[1]]).partition("|")[2]
                       for c in cands if c[2] == "PER"}
                # a span this text's own rules found in context keeps their reading (and
                # doubt); the model's type guess and the gazetteers do not outrank a name known
                # from the batch (the same person keeps one surrogate from file to file)
                found = [(c[0], c[1]) for c in cands if c[4] not in GUESSES]
                cands = cands + [c for c in self._propagate(text, finder, forms, blocked, own)
                                 if not any(s <= c[0] and c[1] <= e for s, e in found)]
            cands = cands + self._echoes(text, cands, blocked)
            cands = cands + self._kept_first_names(text, cands, blocked)
            cands = cands + _fragments(text, cands) + self._diminutives(text, cands, blocked) \
                + self._account_pieces(text, cands, blocked) + self._initials(text, cands, blocked)
            cands = cands + self._statistical(text, cands, blocked)
            cands = cands + self._org_tails(text, cands) + self._aliases(text, cands, blocked)
            results.append(self._unvetoed(text, resolve(text, cands)))
        return results

    def _unvetoed(self, text: str, entities: list[Entity]) -> list[Entity]:
        """The entities but the copied names (``COPIED_SOURCES``) the token model vetoes: a
        name found elsewhere, copied here without reading this context, where the model reads
        every word of it as nearly surely no identifier."""
        if self.token_model is None or not self.token_model.veto:
            return entities
        copied = [i for i, e in enumerate(entities) if e.source in COPIED_SOURCES]
        verdicts = vetoed(text, self.token_model, self._words,
                          [(entities[i].start, entities[i].end) for i in copied])
        drop = {i for i, v in zip(copied, verdicts, strict=True) if v}
        return [e for i, e in enumerate(entities) if i not in drop]

    def _org_tails(self, text: str, cands: Sequence[Candidate]) -> list[Candidate]:
        """The rest of an organisation's name the rules took in part: its complement of
        place ("X de la Y", "X de l'Y", "X du Y", Y a word of no dictionary, or a river, a
        region or a département written with its capital: kept alone, part of the name here)
        or the département's number it ends with ("X 93", "X treize"), or the word a club or a
        firm ends its name with ("X sud", "X vétérans", "X frères"). Never an acronym ("le
        rapport de l'IGAS"), an ordinary word ("de la mairie", "du stade"), nor a number
        that counts or dates ("du trois au dix", "93 euros")."""
        out: list[Candidate] = []
        for start, end, type_, priority, source in cands:
            if type_ != "ORG":
                continue
            m = ORG_COMPLEMENT.match(text, end)
            if m is not None:
                word = m.group("word")
                if not word.isupper() and not NUMBER_SAID.fullmatch(word) and (
                        word.lower() not in self.common or (
                        word[:1].isupper() and fold(word) in self.vocab.keep_places)):
                    out.append((start, m.end(), type_, priority, source))
                continue
            m = ORG_DEPARTMENT.match(text, end) or ORG_TAIL.match(text, end)
            if m is not None:
                out.append((start, m.end(), type_, priority, source))
        return out

    def _aliases(
        self, text: str, cands: Sequence[Candidate], blocked: Sequence[tuple[int, int]]
    ) -> list[Candidate]:
        """A nickname in quotes or brackets right next to a person's name or a title, or said
        after "dit" or "alias" (``ALIAS_AFTER``, ``ALIAS_BEFORE``, ``ALIAS_TITLED``,
        ``ALIAS_SAID``): a doubt. Never a word to keep,
        a role, a filler or a number; a word of the language only after its article ("« le
        x »") or, in quotes, a relative's word said as a nickname ("« tonton »"); never a
        relative or a word quoted from the patient ("y (mère)", "z (« minimise »)")."""
        spans: list[tuple[int, int, bool]] = []  # start, end, quoted
        for start, end, type_, _, _ in cands:
            if type_ != "PER":
                continue
            m = ALIAS_AFTER.match(text, end)
            if m is not None:
                group = "a" if m.group("a") is not None else "b"
                spans.append((m.start(group), m.end(group),
                              group == "b" or m.group("q") is not None))
            m = ALIAS_SAID.match(text, end)
            if m is not None:  # the cue is as strong as quotes
                spans.append((m.start("a"), m.end("a"), True))
            m = ALIAS_BEFORE.search(text, max(0, start - ALIAS_REACH), start)
            if m is not None:
                spans.append((m.start("a"), m.end("a"), True))
        spans += [(m.start("a"), m.end("a"), True) for m in ALIAS_TITLED.finditer(text)]
        taken = [(c[0], c[1]) for c in cands]
        out: list[Candidate] = []
        for start, end, quoted in spans:
            article = _word_before(text, start) in NAME_OPENERS
            words = text[start:end].split()
            if any(not self._alias_word(w, quoted, article) for w in words) \
                    or any(s < end and start < e for s, e in [*taken, *blocked]):
                continue
            out.append((start, end, "PER", 45, "alias"))
            taken.append((start, end))
        return out

    def _alias_word(self, word: str, quoted: bool, article: bool) -> bool:
        folded = fold(word)
        if re.match(r"(?:qu|[cdjlmnst])['’]", folded):
            return False  # "x dit qu'il", "l'autre": an elided word opens the sentence
        if len(folded) < 2 or folded in self.nlp.Defaults.stop_words or folded in INTERJECTIONS \
                or folded in ROLES or folded in CARED or folded in TITLES \
                or self.vocab.is_protected(word) or NUMBER_SAID.fullmatch(word):
            return False
        if not quoted and word.isupper():
            return False  # an acronym in brackets: a site's, a role's ("x (CP)")
        if folded in self.vocab.first_names:
            return True
        if folded in KINSHIP or folded in PERSON_NOUNS:
            return quoted
        if not article and word.islower() and re.search(r"(?:er|ir|re)$", folded):
            return False  # a verb said ("x dit boire"), as the dictionary may miss it
        ordinary = any(part.lower() in self.common for part in word.split("-"))
        return not ordinary or quoted and article

    def _statistical(
        self, text: str, cands: Sequence[Candidate], blocked: Sequence[tuple[int, int]]
    ) -> list[Candidate]:
        """What the token model takes that no rule took nor kept, as doubts; words next to one
        another (a space between) are one span, a place where the gazetteers hold each of its
        words, else a person."""
        if self.token_model is None:
            return []
        spans = taken_words(text, self.token_model, self._words,
                            [(c[0], c[1]) for c in cands], blocked)
        joined: list[list[int]] = []
        for start, end in spans:
            if joined and not text[joined[-1][1]:start].strip():
                joined[-1][1] = end
            else:
                joined.append([start, end])
        v = self.vocab
        return [(start, end, "LOC" if all(fold(w) in v.town_keys or fold(w) in v.communes
                                         for w in LETTER_RUNS.findall(text[start:end]))
                 else "PER", TOKEN_MODEL_PRIORITY, "token-model") for start, end in joined]

    def _forms(
        self, texts: Sequence[str], per_text: Sequence[Sequence[Candidate]]
    ) -> dict[str, str]:
        """Folded form -> type, from this batch's detections and the project's lexicon."""
        forms = dict(self._lexicon_forms())
        new: dict[str, str] = {}
        for text, cands in zip(texts, per_text, strict=True):
            for start, end, type_, _, source in cands:
                if type_ not in PROPAGATED_TYPES or source in LOCAL_SOURCES:
                    continue
                form = lexicon_key(type_, text[start:end]).partition("|")[2]
                new.setdefault(form, type_)
                if type_ == "PER":
                    for part in form.split():
                        new.setdefault(part, "PER")
        for form, type_ in new.items():
            if form not in forms and self._worth_finding(form):
                forms[form] = type_
        return forms

    def _lexicon_forms(self) -> dict[str, str]:
        """The forms of the project's lexicon worth finding, with their types; followed as the
        lexicon grows (an import adds to it document by document)."""
        lexicon = self.keys.lexicon
        if self._lexicon is not lexicon or self._lexicon_seen > len(lexicon):
            self._lexicon, self._lexicon_seen, self._lexicon_all = lexicon, 0, {}
            self._lexicon_kept = {}
        for key in itertools.islice(lexicon, self._lexicon_seen, None):
            type_, _, form = key.partition("|")
            if type_ in PROPAGATED_TYPES and form not in self._lexicon_all:
                self._lexicon_all[form] = type_
                if self._worth_finding(form):
                    self._lexicon_kept[form] = type_
        self._lexicon_seen = len(lexicon)
        return self._lexicon_kept

    def _worth_finding(self, form: str) -> bool:
        return len(form) >= 3 and form not in TITLES and form not in INTERJECTIONS \
            and form not in self.nlp.Defaults.stop_words and not self.vocab.is_protected(form) \
            and not SURROGATE.fullmatch(form)

    def _propagate(
        self, text: str, finder: Finder, forms: dict[str, str],
        blocked: Sequence[tuple[int, int]], own: set[str] = frozenset(),
    ) -> list[Candidate]:
        out: list[Candidate] = []
        folded = fold_chars(text)
        for m in finder.finditer(folded):
            start, end = m.span()
            if any(s < end and start < e for s, e in blocked):
                continue
            form = re.sub(r"[\s\-]+", " ", m.group(0))
            # a name found in this very document is a name wherever it stands capitalised
            known_here = form in own and (text[start].isupper()
                                          or form in self.vocab.first_names
                                          and _person_slot(text, start)
                                          and not self._noun_complement(text, start, form)
                                          and not (form in VIRTUE_NAMES and _word_before(
                                              text, start) in VIRTUE_WORD_BEFORE)
                                          # "le patient x", "le jeune y": a surname known here
                                          or form in self.vocab.surnames and _word_before(
                                              text, start) in CARED | PERSON_NOUNS | ROLES)
            if (form in self.vocab.ambiguous_first_names or text[start:end] in self.common) \
                    and not known_here and not _name_position(text, start, end):
                continue  # "Rose" the person, not "une rose" nor "Rose" opening a sentence
            if self._ordinary_phrase(text[start:end]) and not known_here \
                    and not (text[start].isupper() and not _opens_sentence(text, start)):
                continue  # the phrase ("le lien social"), capitalised only inside a sentence
            type_ = forms.get(form, "PER")
            if self._product_of(text, start, end, type_) or self._brand_said(text, start, form):
                continue
            if type_ == "PER" and (
                    _word_before(text, start) in {"un", "une", "du"}
                    or form == "grace" and re.match(r"\s+(?:à|a)\b", text[end:end + 3])):
                continue  # "une X" is a beer, "Grâce à" a preposition: the word, not the person
            out.append((start, end, type_, PROPAGATION_PRIORITY, "propagation"))
        return out

    def _brand_said(self, text: str, start: int, form: str) -> bool:
        """A drink's or a chain's name that is also a person's or a town's, said with the
        definite article a drink or a shop takes ("le x" the rum, "la y" the beer, "devant le
        z" the wine shop): the brand, though the same word named a person or a town elsewhere
        in the batch. Said without it, or with its cue, the other rules read it."""
        return _word_before(text, start) in {"le", "la", "l'"} \
            and (form in self.vocab.ambiguous_drinks or form in self.vocab.ambiguous_chains)

    def _noun_complement(self, text: str, start: int, form: str) -> bool:
        """A first name that is also a word, after a common noun and "de" ("un cœur de x",
        "tailleur de y"): the noun's complement, not the person ("la fille de x" is)."""
        if form not in self.vocab.ambiguous_first_names or _word_before(text, start) != "de":
            return False
        m = re.search(r"([^\W\d_]+)\s+de\s*$", text[max(0, start - 40):start])
        noun = m.group(1).lower().replace("œ", "oe") if m else ""
        return noun in self.common and not self.common.is_verb(noun) \
            and not noun.endswith(("é", "ée", "er", "ir")) \
            and fold_chars(noun) not in KINSHIP | ROLES | PERSON_NOUNS  # ("parlé de x")

    def _ordinary_phrase(self, said: str) -> bool:
        """Several words, each a word of the language ("le lien", "bonne mère", "les x"): a
        name said so elsewhere (an association, a hospital) is the phrase wherever it stands
        as one. A compound joined by hyphens that the gazetteers hold as a commune or a town,
        and no word of the language as a whole, is the name ("x-y", never "grand-mère")."""
        word = said.strip()
        key = fold_chars(word).lower()
        if "-" in word and not any(c.isspace() for c in word) and word.lower() not in self.common \
                and (key in self.vocab.communes or key in self.vocab.town_keys):
            return False
        return len(LETTER_RUNS.findall(said)) > 1 and self.common.all_common(said)

    def _product_of(self, text: str, start: int, end: int, type_: str) -> bool:
        """A commune's name after a partitive or an indefinite article ("du x", "un y", "de la
        z") is its product (a cheese, a wine), not the town, which is said after "à" or "de"
        unless its own name has an article ("du Havre" is Le Havre); one that names a drink,
        after "le" or "la" too ("le x" is the rum)."""
        if type_ != "LOC":
            return False
        form = fold_chars(text[start:end]).lower()
        before = _word_before(text, start)
        partitive = before in {"du", "un", "une", "des"} or before in {"la", "l'"} \
            and _word_before(text, start - len(before) - 1).endswith("de")
        v = self.vocab
        # "du Trois Rivières": a drink's name said with a space for its hyphen
        drink = form in v.drink_places or re.sub(r"\s+", "-", form) in v.drink_places
        # "le Trois Rivières": a town that names a drink, after the definite article a town's
        # name never takes unless it is its own
        definite = before in {"le", "la"} and drink
        return (partitive and (form in v.communes or form in v.town_keys or drink) or definite) \
            and not any(f"{article} {form}" in v.communes for article in ("le", "la", "les"))

    def _echoes(
        self, text: str, cands: Sequence[Candidate], blocked: Sequence[tuple[int, int]]
    ) -> list[Candidate]:
        """The other mentions, in the same text, of a name a rule read in its context only
        (``LOCAL_SOURCES``: "le CHRS la x", "mon frère y"): the name said again further on ("je
        l'ai appelée à la x", "y est venu") is the same name. A word of the language is taken
        again only with the article it had ("la x"), or where a sentence opens if it had none
        (". y est venu", never "une y"); never a word kept. Doubts, never spread to other
        texts."""
        taken = [(c[0], c[1]) for c in cands]
        out: list[Candidate] = []
        seen: set[str] = set()
        for start, end, type_, _, source in cands:
            if source not in LOCAL_SOURCES or source in NOT_ECHOED or type_ not in PROPAGATED_TYPES:
                continue
            surface = text[start:end]
            form = fold_chars(surface).lower()
            if form in seen or not self._worth_finding(form) or len(form) < 4:
                continue
            if source == "ner-org" and (surface.lower() in self.common
                                        or form in self.vocab.ambiguous_first_names):
                continue  # an ordinary word the model read as a place once, not everywhere
            seen.add(form)
            article = _word_before(text, start)
            common = surface.lower() in self.common or form in self.vocab.ambiguous_first_names \
                or self._ordinary_phrase(surface)  # ("la bonne mère": the same as one word)
            named = article if article in NAME_OPENERS else ""  # "le CHRS la x" ... "à la x"
            pattern = re.compile(r"(?<![\w'’\-@.])" + re.escape(surface) + r"(?![\w\-@])",
                                 re.IGNORECASE)
            for m in pattern.finditer(text):
                a, b = m.span()
                before = _word_before(text, a)
                subject = common and not named and _person_follows(text, a, b)
                if any(s < b and a < e for s, e in [*taken, *blocked]) or common and (
                        before != named if named
                        else not (subject or _name_position(text, a, b))) \
                        or common and not subject and self._phrase_goes_on(text, b) \
                        or self._product_of(text, a, b, type_):
                    continue  # ("le x social": the word of the language in a phrase)
                out.append((a, b, type_, PROPAGATION_PRIORITY - 20, "echo"))
                taken.append((a, b))
        return out

    def _phrase_goes_on(self, text: str, end: int) -> bool:
        """A lower-case word of the language right after ``end``, in the same sentence, or a
        complement or a relative clause opening ("de", "qu'"): the word before is part of a
        phrase ("le lien social", "la conception qu'il a"), not a name said again."""
        m = re.match(r"[ \t]+([^\W\d_][\w\-]*['’]?)", text[end:end + 40])
        if m is None or not m.group(1).islower():
            return False
        word = m.group(1)
        key = fold_chars(word).lower().replace("’", "'")
        if key in PHRASE_OPENERS:
            return True
        word = word.rstrip("'’")
        return word not in self.common.stop_words and key not in INTERJECTIONS \
            and key not in SAID_AFTER_A_NAME and word in self.common

    def _kept_first_names(
        self, text: str, cands: Sequence[Candidate], blocked: Sequence[tuple[int, int]]
    ) -> list[Candidate]:
        """A first name that is also a term to keep (a country, a feast: "France", "Noël"),
        once a rule read it as a person in this text ("ma femme x elle dit", "il s'appelle
        y"): its other mentions in the text are the person, unless the word stands as the
        term (after "en", "la", "de", "pour", "à"... : "en x", "à y", "le père y"), inside a
        longer term kept ("x Travail"), or capitalised. Typed in lower case only. Doubts,
        never spread to other texts."""
        v = self.vocab
        taken = [(c[0], c[1]) for c in cands]
        forms = {fold_chars(text[c[0]:c[1]]).lower() for c in cands
                 if c[2] == "PER" and " " not in text[c[0]:c[1]].strip()}
        forms = {f for f in forms if f in v.first_names and v.is_protected(f)}
        out: list[Candidate] = []
        folded = fold_chars(text) if forms else ""
        for form in sorted(forms):
            pattern = re.compile(r"(?<![\w'’\-@.])" + re.escape(form) + r"(?![\w\-@])",
                                 re.IGNORECASE)
            for m in pattern.finditer(folded):
                a, b = m.span()
                if any(s < b and a < e for s, e in taken) \
                        or any(s <= a and b <= e and e - s > b - a for s, e in blocked) \
                        or _word_before(text, a) in TERM_BEFORE or not text[a:b].islower():
                    continue  # (capitalised, the feast or the country as often as the person)
                out.append((a, b, "PER", PROPAGATION_PRIORITY - 20, "echo"))
                taken.append((a, b))
        return out

    def _diminutives(
        self, text: str, cands: Sequence[Candidate], blocked: Sequence[tuple[int, int]]
    ) -> list[Candidate]:
        """Short forms of a first name found in full in the same text: its start ("Alex",
        "Seb"), one of its syllables said twice ("Cricri", "Mimi") or the name and a pet ending
        ("Pierrot", "Jeannette"). Read as a name only
        because the full name is there: a doubt."""
        names = {fold_chars(text[c[0]:c[1]]).lower() for c in cands if c[2] == "PER"
                 and c[4] not in LOCAL_SOURCES}
        names = {w for n in names for w in re.split(r"[\s\-]+", n) if len(w) >= 4}
        if not names:
            return []
        plain = {w.replace("h", "") for w in names}
        stop = self.nlp.Defaults.stop_words
        out: list[Candidate] = []
        for m in _WORD_TOKEN.finditer(text):
            word = fold_chars(m.group(0)).lower()
            if len(word) < 3 or word in stop or word in INTERJECTIONS or word in names \
                    or self.vocab.is_protected(m.group(0)) \
                    or any(s < m.end() and m.start() < e for s, e in blocked):
                continue
            said = m.group(0)
            # a capitalised word inside a sentence, or a word no dictionary holds
            name_like = said not in self.common or (
                said[0].isupper() and not said.isupper()
                and not _opens_sentence(text, m.start()))
            half = len(word) // 2
            twice = len(word) % 2 == 0 and 2 <= half <= 3 and word[:half] == word[half:] \
                and any(word[:half] in n for n in plain)
            start = any(n.startswith(word) for n in names)
            pet = any(_pet_form(word, n) for n in names)
            if name_like and (twice or start or pet):
                out.append((m.start(), m.end(), "PER", 45, "diminutive"))
        return out

    def _initials(
        self, text: str, cands: Sequence[Candidate], blocked: Sequence[tuple[int, int]]
    ) -> list[Candidate]:
        """The initials of a hyphenated first name found in the same text, said as a name
        ("Jean-Marc" then "JM", "J.-M."): a doubt, read as a name only because the full name is
        there."""
        initials: set[str] = set()
        for c in cands:
            if c[2] == "PER" and c[4] not in LOCAL_SOURCES:
                # a hyphenated first name only ("Jean-Marc"): a first name and a surname make
                # initials that are also the domain's acronyms ("AS", "PA")
                for word in text[c[0]:c[1]].split():
                    parts = [w for w in word.split("-") if w[:1].isalpha()]
                    if 2 <= len(parts) <= 3 and all(w[:1].isupper() for w in parts) \
                            and fold_chars(parts[0]).lower() in self.vocab.first_names:
                        initials.add("".join(w[0] for w in parts).upper())
        if not initials:
            return []
        out: list[Candidate] = []
        for m in _INITIALS.finditer(text):
            said = re.sub(r"[.\-]", "", m.group(0))
            if said in initials and not self.vocab.is_protected(m.group(0)) \
                    and not any(s < m.end() and m.start() < e for s, e in blocked):
                out.append((m.start(), m.end(), "PER", 45, "initials"))
        return out

    def _account_pieces(
        self, text: str, cands: Sequence[Candidate], blocked: Sequence[tuple[int, int]]
    ) -> list[Candidate]:
        """A word of an e-mail's or account's name said alone in the same text ("x_des_bois,
        x c'est son surnom"): the name the account is made of. A doubt: it is read as a name
        only because the account holds it."""
        accounts = [(c[0], c[1]) for c in cands if c[2] == "EMAIL"]
        pieces: set[str] = set()
        for start, end in accounts:
            local = re.split(r"(?i)@|\barr?obas", text[start:end], maxsplit=1)[0]
            for word in re.findall(r"[^\W\d_]{3,}", local):
                folded = fold_chars(word).lower()
                # an ordinary word only if it is also a first name ("mimi", "jojo")
                ordinary = word.lower() in self.common and folded not in self.vocab.first_names
                if folded not in self.nlp.Defaults.stop_words and not ordinary \
                        and folded not in INTERJECTIONS and not self.vocab.is_protected(word) \
                        and folded not in ACCOUNT_WORDS:
                    pieces.add(folded)
        out: list[Candidate] = []
        if not pieces:
            return out
        for m in _WORD_TOKEN.finditer(text):
            folded = fold_chars(m.group(0)).lower()
            if folded in pieces \
                    and (m.group(0).lower() not in self.common
                         or folded in self.vocab.first_names) \
                    and not any(s < m.end() and m.start() < e for s, e in [*accounts, *blocked]):
                out.append((m.start(), m.end(), "PER", 45, "account-piece"))
        return out

    # -- replacement ---------------------------------------------------------------------
    def apply(self, text: str, entities: Sequence[Entity]) -> PseudonymisedText:
        ordered = sorted(entities, key=lambda e: e.start)
        replacements = [
            (e.start, e.end, self.book.surrogate(e.type, text[e.start:e.end])) for e in ordered
        ]
        new_text, offsets = rewrite(text, replacements)
        new_entities = tuple(
            Entity(offsets.new_starts[i], offsets.new_ends[i], e.type, replacements[i][2], e.source,
                   self.book.form_index(replacements[i][2], text[e.start:e.end]),
                   doubt=e.doubt)
            for i, e in enumerate(ordered)
        )
        return PseudonymisedText(new_text, new_entities, offsets)

    def pseudonymise(
        self, texts: Sequence[str], protected: Sequence[Sequence[tuple[int, int]]] | None = None
    ) -> list[PseudonymisedText]:
        detected = self.detect(texts, protected)
        return [self.apply(t, ents) for t, ents in zip(texts, detected, strict=True)]


# the pet endings of French first names: "Pierr-ot", "Jeann-ette", "Louis-on", "Nin-ou"
PET_ENDINGS = ("ette", "otte", "ot", "on", "ou", "ounet", "ounette", "ine", "iche", "o")


def _pet_form(word: str, name: str) -> bool:
    """``word`` is ``name`` (without its last "e") and a pet ending, its last consonant
    maybe doubled ("jeannette", "pierrot", "clairette")."""
    stem = name[:-1] if name.endswith("e") else name
    if len(stem) < 3 or word == name or not word.startswith(stem):
        return False
    rest = word[len(stem):]
    if rest[:1] == stem[-1:] and rest[1:] in PET_ENDINGS:
        rest = rest[1:]
    return rest in PET_ENDINGS


def _name_position(text: str, start: int, end: int) -> bool:
    """Where a word that is also a common noun is read as a known name: capitalised inside a
    sentence, capitalised before a comma or stop ("Rose, comme la fleur"), or lower-cased
    where a sentence starts (a transcriber's lower-cased name)."""
    opens = _opens_sentence(text, start)
    if text[start].isupper():
        return not opens or text[end:end + 1] in {",", ".", "!", "?", "…"}
    return opens


# the word after a name said again that makes it the subject of a person's verb ("x travaille",
# "x m'a dit", "x il boit"), and the words that make it no subject when said before it
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+'?)")
_SUBJECT_OF = PERSON_VERBS | {"il", "elle"}
_NO_SUBJECT_AFTER = NOUN_ARTICLES | POSSESSIVES | ADJECTIVE_BEFORE


def _person_follows(text: str, start: int, end: int) -> bool:
    """A verb said of people, or "il" / "elle", right after the word, which no article or
    possessive opens: the person found elsewhere in the text, not the common word ("x
    travaille à la RATP"; never "le x dit", nor an adjective: "il est pas x il dit")."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and fold_chars(m.group(1)).lower() in _SUBJECT_OF \
        and _word_before(text, start) not in _NO_SUBJECT_AFTER


# the words after which a name found in this very document, typed in lower case, is the person
# again and not the common word ("chez x", "à x", "de x,", "c'est x"), never after an article
_PERSON_SLOT = re.compile(r"(?i)(?:(?<![\w'’])(?:chez|avec|pour|à|a|et|appelle|voir|joindre)|"
                          # never "elle est x" (an adjective's slot); "de x", never after a
                          # quantity ("pas de x", "beaucoup de y": a noun's)
                          r"(?<!pas )(?<!peu )(?<!trop )(?<!plein )(?<!manque )"
                          r"(?<!beaucoup )(?<![\w'’])de|,)\s*$")


def _person_slot(text: str, start: int) -> bool:
    return _PERSON_SLOT.search(text, max(0, start - 12), start) is not None


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t«\"")
    return not before or before[-1] in ".!?…:\n]"


# an organisation's complement of place after the part of its name the rules took: "de la",
# "de l'", "du", "des", "d'" and one word (hyphens inside it)
ORG_COMPLEMENT = re.compile(
    r"[ \t]+(?:de[ \t]+la[ \t]+|de[ \t]+l['’][ \t]*|du[ \t]+|des[ \t]+|d['’][ \t]*)"
    r"(?P<word>[^\W\d_][\w'’\-]*)")
# the département an association or a firm names itself after, in digits or said ("93",
# "treize", "quatre-vingt-treize": the study's sites and the départements most named), never a
# number a unit, a time or another number follows ("93 euros", "13 h", "13, 14", "13 à 15")
ORG_DEPARTMENT = re.compile(
    r"[ \t]+(?:0[1-9]|[1-8]\d|9[0-5]|97[1-6]|2[AB]|treize|quatre-vingt-treize|soixante-sept"
    r"|soixante-huit|soixante-quinze|quatre-vingt-quatorze|quatre-vingt-quinze|cinquante-neuf"
    r"|soixante-neuf|trente-trois|trente-quatre|quatre-vingt-onze|quatre-vingt-douze)"
    r"(?![\w\-])(?![ \t]*+(?:[,.]?[ \t]*+\d|%|€|h\b|ans?\b|euros?\b|fois\b|heures?\b|min"
    r"|jours?\b|mois\b|semaines?\b|kilos?\b|km\b|g\b|cl\b|mg\b|litres?\b|verres?\b"
    r"|bi[èe]res?\b|canettes?\b|places?\b|lits?\b|personnes?\b|patients?\b"
    r"|(?:et|ou|à)[ \t]++(?:\d|" + NUMBER_SAID.pattern + r")))")
# ... or the word a club, a firm, a radio ends its name with ("x sud", "y vétérans", "z
# frères", "w sarl")
ORG_TAIL = re.compile(r"(?i)[ \t]+(?:nord|sud|ouest|v[ée]t[ée]rans|seniors|juniors|f[ée]minines?"
                      r"|fm|fr[èe]res|et[ \t]+fils|p[èe]re[ \t]+et[ \t]+fils|sarl|sas|eurl)"
                      r"(?![\w\-])")
# two or three capitals said as a name: "JM", "J.-M.", "P-Y"
_INITIALS = re.compile(r"(?<![\w.\-])[A-Z](?:\.?-?[A-Z]){1,2}\.?(?![\w\-])")
_WORD_TOKEN = re.compile(r"(?<![\w'’\-@.])[^\W\d_]{3,}(?![\w\-@])")
_FRAGMENT = re.compile(r"(?<!\w)(\w{1,6})\s*(?:\.\.\.|…|-)\s*(?:euh\W{0,3}\s*)?$")


_COMPLETION = re.compile(r"\s*(?:\.\.\.|…|-)\s*(?:euh\W{0,3}\s*)?([A-ZÀ-Þ][\w'’\-]+)")
# a first name said twice as the speaker starts the full name ("x x y", "x, euh x-z y"): the
# repeated word right before the name, with at most a comma or a filler between
_STUTTER = re.compile(r"(?<![\w'’\-])([^\W\d_]{2,})[\s,]+(?:euh\W{0,3}\s*)?$")


def _word_before(text: str, start: int) -> str:
    """The word right before ``start``, folded and lower-cased ("l'" for an elided article)."""
    m = re.search(r"([^\W\d_]+['’]?)\s*$", text[max(0, start - 40):start])
    return fold_chars(m.group(1)).lower().replace("’", "'") if m else ""


def _fragments(text: str, cands: Sequence[Candidate]) -> list[Candidate]:
    """The start of a name broken by a disfluency ("Xa... Xavier", "Xa- Xavier"), or its
    first word said twice ("x x y")."""
    out = []
    for start, end, type_, priority, _ in cands:
        if type_ != "PER":
            continue
        m = _FRAGMENT.search(text, max(0, start - 16), start)
        if m and text[start:end].casefold().startswith(m.group(1).casefold()):
            out.append((m.start(1), m.end(1), "PER", priority, "fragment"))
        # the other way round: "la docteure Xav... Xavier"
        m = _COMPLETION.match(text, end)
        if m and m.group(1).casefold().startswith(text[start:end].casefold()):
            out.append((m.start(1), m.end(1), "PER", priority, "fragment"))
        m = _STUTTER.search(text, max(0, start - 40), start)
        if m and m.group(1).casefold() == re.split(r"[\s\-]", text[start:end])[0].casefold() \
                and re.search(r"[\s\-]", text[start:end]):
            out.append((m.start(1), m.end(1), "PER", priority, "fragment"))
    return out


def _form_finder(forms: dict[str, str]) -> Finder | None:
    pattern = compile_forms(forms)
    return None if pattern is None else Finder([pattern])
