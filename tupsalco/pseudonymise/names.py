"""Document names pseudonymised at the door, like the texts.

A file is often named after whose interview it holds (``PAT01_Belkacem_Yanis.txt``), and
the document keeps that name in the database, the pages and every export. A name holds no
sentence for the model to read, so its words go through the rules that need none:

- the names the key knows: a participant's names become their study id (dropped when the
  id is already in the name: ``PAT01.txt``), any other original form of a surrogate, and
  the project's deny-list, their surrogate;
- the first-name and surname gazetteers and the list of towns: privacy first, a word of a
  file name that is a name in a list is taken for a name (a lower-case word that is also a
  common word, "rose", "mai", is not), and the words of one person's name share one
  surrogate (``PAT01_[Personne 3].txt``);
- the shaped identifiers (phones, e-mails, dates, addresses...).

Study ids and surrogates already in the name stay, so a name pseudonymised twice does not
change; the domain vocabulary and the project's allowed words stay.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..folding import fold
from ..ingest.labels import ID_SHAPE, TOKEN, split_suffix
from .patterns import find_patterns
from .surrogates import SURROGATE, SurrogateBook, fold_chars
from .vault import KeyData
from .vocab import vocabulary

SEPARATORS = " _-."
# which reading of a span wins when two overlap: what the key knows, then a shape, then lists
_KNOWN, _SHAPED, _LISTED = 3, 2, 1


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    type: str
    priority: int
    fixed: str | None = None  # a study id or a known surrogate; else one from the book


class DocumentNamer:
    """Replaces the names in document names with the project's key (its lexicon grows like
    the texts'); one instance for a batch, its key saved by the caller."""

    def __init__(self, keys: KeyData, participant_ids: Iterable[str] = (),
                 allow: Iterable[str] = ()) -> None:
        self.book = SurrogateBook(keys)
        self.keys = keys
        self.ids = {pid.casefold(): pid for pid in [*participant_ids, *keys.participants]}
        self.allow = {fold(a) for a in allow}
        self.vocab = vocabulary()
        self._known = self._known_forms()

    def _known_forms(self) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, str | None]]]:
        forms: dict[str, tuple[str, str | None]] = {}
        for key in self.keys.lexicon:  # the book finds their surrogate again
            type_, _, form = key.partition("|")
            if len(form) > 2 and not form.isdigit():
                forms.setdefault(form, (type_, None))
        for d in self.keys.deny:
            forms.setdefault(_key(d["text"]), (d["type"], None))
        for pid, names in self.keys.participants.items():
            parts = [n for n in names if n]
            for form in (" ".join(parts), " ".join(reversed(parts)), *parts):
                if len(form) > 2:
                    forms[_key(form)] = ("PER", pid)
        forms = {f: v for f, v in forms.items() if f and f not in self.allow}
        if not forms:
            return None, forms
        body = "|".join(r"[\s\-]+".join(map(re.escape, f.split()))
                        for f in sorted(forms, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)"), forms

    def __call__(self, name: str) -> str:
        name = unicodedata.normalize("NFC", name)  # macOS writes accents decomposed
        stem, suffix = split_suffix(name)
        plain = stem.replace("_", " ")  # one character for one: offsets hold
        kept = [m.span() for m in SURROGATE.finditer(plain)]
        kept += [m.span() for m in TOKEN.finditer(plain)
                 if m.group().casefold() in self.ids or ID_SHAPE.fullmatch(m.group())]
        spans = [piece for span in self._spans(plain) for piece in _outside(span, kept, plain)]
        return _rewrite(stem, self._resolve(plain, spans), {stem[a:b] for a, b in kept}
                        ) + suffix

    def _spans(self, plain: str) -> list[_Span]:
        out = []
        pattern, forms = self._known
        if pattern is not None:
            for m in pattern.finditer(fold_chars(plain)):
                type_, fixed = forms[re.sub(r"[\s\-]+", " ", m.group())]
                out.append(_Span(m.start(), m.end(), type_, _KNOWN, fixed))
        out += [_Span(s, e, t, _SHAPED) for s, e, t in find_patterns(plain)]
        out += [_Span(*m.span(), "LOC", _LISTED) for m in self.vocab.towns.finditer(plain)]
        weak = []
        for m in TOKEN.finditer(plain):
            reading = self._name_reading(m.group())
            if reading == "name":
                out.append(_Span(*m.span(), "PER", _LISTED))
            elif reading == "word":
                weak.append(_Span(*m.span(), "PER", _LISTED))
        # "rose", "mai" alone are words; beside a name, part of it ("marie_dupont")
        people = [s for s in out if s.type == "PER"]
        out += [w for w in weak if any(_adjacent(plain, w, s) for s in people)]
        return out

    def _name_reading(self, word: str) -> str | None:
        """"name" for a word of the gazetteers, "word" for one that is also a common word
        written in lower case, None for any other."""
        key = fold(word)
        if len(word) < 3 or not word.isalpha() or key in self.allow:
            return None
        if key not in self.vocab.first_names and key not in self.vocab.surnames:
            return None
        if self.vocab.is_protected(word) or key in self.vocab.demonyms:
            return None
        return "word" if word.islower() and key in self.vocab.ambiguous_first_names else "name"

    def _resolve(self, plain: str, spans: list[_Span]) -> list[tuple[int, int, str]]:
        """Overlapping readings merged into one span, read as the strongest; the words of one
        person's name next to each other, one person."""
        merged: list[_Span] = []
        for s in sorted(spans, key=lambda s: (s.start, -s.end)):
            last = merged[-1] if merged else None
            if last is not None and s.start < last.end:
                best = s if s.priority > last.priority else last
                end = max(last.end, s.end)
                covered = best.start == last.start and best.end == end
                merged[-1] = _Span(last.start, end, best.type, best.priority,
                                   best.fixed if covered else None)
            elif (last is not None and s.type == last.type == "PER" and s.fixed is None
                  and last.fixed is None and not plain[last.end:s.start].strip(" -")):
                merged[-1] = _Span(last.start, s.end, "PER", max(s.priority, last.priority))
            else:
                merged.append(s)
        return [(s.start, s.end, s.fixed or self.book.surrogate(s.type, plain[s.start:s.end]))
                for s in merged]


def _adjacent(plain: str, a: _Span, b: _Span) -> bool:
    gap = plain[a.end:b.start] if a.end <= b.start else plain[b.end:a.start]
    return (a.end <= b.start or b.end <= a.start) and not gap.strip(" -")


def _key(text: str) -> str:
    return re.sub(r"[\s\-]+", " ", fold_chars(text)).strip(" .,'")


def _outside(span: _Span, kept: list[tuple[int, int]], plain: str) -> list[_Span]:
    """The parts of a span outside ids and surrogates (an address pattern may run over the
    id that follows it), each trimmed of separators."""
    pieces = [(span.start, span.end)]
    for a, b in kept:
        pieces = [p for s, e in pieces for p in ((s, min(e, a)), (max(s, b), e)) if p[0] < p[1]]
    out = []
    for s, e in pieces:
        while s < e and plain[s] in SEPARATORS:
            s += 1
        while e > s and plain[e - 1] in SEPARATORS:
            e -= 1
        if any(c.isalnum() for c in plain[s:e]):
            whole = (s, e) == (span.start, span.end)
            out.append(_Span(s, e, span.type, span.priority, span.fixed if whole else None))
    return out


def _rewrite(stem: str, replacements: list[tuple[int, int, str]], present: set[str]) -> str:
    """The stem with its spans replaced; a replacement already in the name (a participant's
    names beside their id, a person named twice) is dropped with the separator before it."""
    out, last, seen, trim_next = "", 0, {p.casefold() for p in present}, False
    for start, end, new in replacements:
        between = stem[last:start]
        out += between.lstrip(SEPARATORS) if trim_next else between
        trim_next = False
        if new.casefold() in seen:
            out = out.rstrip(SEPARATORS)
            trim_next = not out
        else:
            out += new
            seen.add(new.casefold())
        last = end
    tail = stem[last:]
    out += tail.lstrip(SEPARATORS) if trim_next else tail
    return out.strip(SEPARATORS) or "document"
