"""Identifiers said rather than written: runs of numbers (phones, NIR) read group by group in
digits or in words, and social-network handles named after their platform.

A run of numbers is read as the digits a listener would write down ("zéro six, douze,
trente-quatre..." is 0612 34...); the run is a phone or a NIR by its digit count and first
digits, wherever it stands, so no cue word is needed before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.lang.fr.stop_words import STOP_WORDS

Span = tuple[int, int, str]

# French number words and their values; compounds ("soixante-dix-huit", "vingt et un") are
# split on hyphens and "et" and added back by _numbers
NUMBER_WORDS = {
    "zero": 0, "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
    # Belgian and Swiss French
    "septante": 70, "octante": 80, "huitante": 80, "nonante": 90,
}
# "double six" is 66, "triple zéro" 000: how a repeated digit or group is read out
REPEATS = {"double": 2, "triple": 3}
_WORD = "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
_REPEAT = r"(?:(?:double|triple)\s+)?"
_ATOM = rf"(?:{_REPEAT}\d{{1,15}}|{_REPEAT}(?:{_WORD})(?:(?:-et-|-|\s+et\s+)(?:{_WORD}))*)"
# between two groups: a space, a comma, a dot or dash between digits, a hesitation, "clé"
# before a NIR's key; never a full stop followed by a space (a sentence ends there)
# a transcriber's mark inside a number: "[inaudible]", "[il cherche]", "(pause)"
_MARK = r"(?:\[[^\]\n]{0,30}\]|\([^)\n]{0,30}\))"
_GAP = (r"(?:\s*(?:,|;|…|\.\.\.|/|[-–—‑]|\.(?=\d))?\s*(?:" + _MARK + r"\s*(?:,|…|\.\.\.)?\s*)?"
        r"(?:(?:euh|heu|hein|et|puis|après|ensuite|clé|cle|la clé|la cle|attends|attendez|"
        r"pardon|oui|voilà|ok|mmh|hm|hum|enfin|non)"
        r"\s*(?:,|:|…|\.\.\.)?\s*)*)")
RUN = re.compile(rf"(?<!\w){_ATOM}(?:{_GAP}{_ATOM})*(?!\w)", re.IGNORECASE)
# groups typed as sentences of their own: "Zéro sept. Quarante-cinq. Douze. ..."
SENTENCE_RUN = re.compile(rf"(?<!\w){_ATOM}(?:(?:\s*[.,;])?\s+{_ATOM}){{3,}}(?!\w)",
                          re.IGNORECASE)
_ATOMS = re.compile(_ATOM, re.IGNORECASE)
_TENS = {20, 30, 40, 50, 60, 70, 80, 90}


def _adds(current: int, v: int) -> bool:
    """Whether ``v`` continues the number ``current`` ("cent" + "douze", "trente" + "quatre",
    "soixante" + "dix") rather than starting a new group."""
    low = current % 100
    if current >= 100 and low == 0:
        return v < 100
    return low in _TENS and (1 <= v <= 9 or (low in (60, 80) and 10 <= v <= 19))


def _numbers(atom: str) -> list[str]:
    """The groups of digits an atom stands for: "06" -> ["06"], "zéro six" -> ["0", "6"],
    "quatre-vingt-cinq" -> ["85"], "cent douze" -> ["112"], "six douze" -> ["6", "12"]."""
    if atom.isdigit():
        return [atom]
    said = atom.lower().split()
    if said[0] in REPEATS and said[-1].isdigit():
        return [said[-1]] * REPEATS[said[0]]
    words = [w for w in re.split(r"[\s\-]+", atom.lower()) if w and w != "et"]
    out: list[str] = []
    current: int | None = None
    last = ""
    repeats: list[tuple[int, int]] = []  # (index in out of the number said twice, times)
    for w in words:
        if w in REPEATS:
            if current is not None:
                out.append(str(current))
                current = None
            repeats.append((len(out), REPEATS[w]))
            continue
        v = NUMBER_WORDS[w]
        if v == 0:
            if current is not None:
                out.append(str(current))
            out.append("0")
            current = None
        elif current is None:
            current = v
        elif v == 100 and 1 <= current <= 9:
            current *= 100
        elif v == 20 and current % 100 == 4:
            current += 76  # quatre-vingt(s), also after a hundred
        elif _adds(current, v):
            current += v
        elif last == "dix" and current % 100 in (10, 70, 90) and 1 <= v <= 9:
            current += v  # dix-huit, soixante-dix-huit, quatre-vingt-dix-neuf
        else:
            out.append(str(current))
            current = v
        last = w
    if current is not None:
        out.append(str(current))
    for index, times in reversed(repeats):
        if index < len(out):
            out[index:index + 1] = [out[index]] * times
    return out


def _paired(groups: list[str]) -> list[str]:
    """"zéro" then a digit said apart is one group: "zéro six" is "06"."""
    out: list[str] = []
    for g in groups:
        if out and out[-1] == "0" and len(g) == 1:
            out[-1] += g
        else:
            out.append(g)
    return out


def _kind(groups: list[str], text_before: str, *, strict: bool = False) -> str | None:
    """Phone, NIR or neither, by digit count and first digits; ``strict``: only the full,
    well-formed shapes (a run is first cut to one of those, then read leniently)."""
    digits = "".join(groups)
    groups = _paired(groups)
    if INTERNATIONAL.search(text_before) and 10 <= len(digits) <= 13:
        return "PHONE"
    if digits.startswith("00") and 11 <= len(digits) <= 15 and len(groups) >= 3:
        return "PHONE"
    if len(digits) == 10 and digits[0] == "0" and digits[1] != "0":
        return "PHONE"
    if len(digits) in (13, 15) and digits[0] in "12378":
        return "NIR"
    if strict:
        return None
    if len(digits) == 9 and digits[0] != "0" and len(groups) >= 5:
        return "PHONE"  # a mobile number read without its leading zero
    if 6 <= len(digits) < 10 and digits[0] == "0" and digits[1] != "0" and len(groups) >= 3 \
            and all(len(g) == 2 for g in groups):
        return "PHONE"  # the start of a number, the rest forgotten or cut
    if re.fullmatch(r"0[1-9]", groups[0]) and len(digits) in (9, 11) and len(groups) >= 3:
        return "PHONE"  # a digit forgotten or said twice: still the person's number
    if len(digits) in (13, 14, 15) and digits[0] in "12378":
        return "NIR"
    if 4 <= len(digits) < 10 and digits[0] == "0" and digits[1] != "0" and len(groups) >= 2 \
            and all(len(g) == 2 for g in groups) and PHONE_CUE.search(text_before):
        return "PHONE"  # the first groups of a number named just before, the rest forgotten
    if 5 <= len(digits) < 13 and digits[0] in "12" and len(groups) >= 3 \
            and NIR_CUE.search(text_before):
        return "NIR"  # the start of a NIR said after its name, the rest forgotten
    if 8 <= len(digits) <= 13 and len(groups) >= 3 and PHONE_CUE.search(text_before):
        return "PHONE"  # a number of another country, or oddly grouped, said as a phone's
    return None


# the sign before a country code, written or said
INTERNATIONAL = re.compile(r"(?i)(?:\+|\bplus)\s*$")
# what a phone number is called, or what one does with it, just before it
PHONE_CUE = re.compile(r"(?i)\b(?:t[ée]l[ée]phone|t[ée]l|portable|fixe|mobile|num[ée]ro|"
                       r"joindre|joignable|appeler|appelle[rz]?|rappeler|whatsapp)\b")
# what a social-security number is called; within the look back before a run of numbers
NIR_CUE = re.compile(r"(?i)s[ée]cu\b|s[ée]curit[ée] sociale|\bNIR\b|carte vitale|"
                     r"immatriculation")


_PIECE = re.compile(r"\d+|[^\W\d_]+")


def _groups(run: str) -> list[str]:
    """The digit groups of a run: words between two punctuation marks make one number
    ("trente quatre" is 34), a punctuation mark or a group in digits ends it."""
    groups: list[str] = []
    words: list[str] = []
    previous_end = 0
    for m in _PIECE.finditer(run):
        gap = run[previous_end:m.start()]
        previous_end = m.end()
        boundary = bool(re.search(r"[,;…/.]", gap)) or m.group(0).isdigit()
        if words and boundary:
            groups += _numbers(" ".join(words))
            words = []
        if m.group(0).isdigit():
            groups.append(m.group(0))
        elif m.group(0).lower() in NUMBER_WORDS or m.group(0).lower() in ("et", *REPEATS):
            words.append(m.group(0))
    if words:
        groups += _numbers(" ".join(words))
    return groups


# between the start of a phone number and its end said after a pause: no sentence end
# (also across a short turn of the interviewer who repeats the groups said so far)
_PAUSE = re.compile(r"[^\d]{0,80}")


def number_runs(text: str) -> Iterator[Span]:
    """Phones and NIR read as runs of numbers, in digits, in words or both."""
    yield from _runs(text)
    for m in SENTENCE_RUN.finditer(text):
        if "." in m.group(0):  # those without a full stop are runs of the first kind
            kind = _kind(_groups(m.group(0)), text[max(0, m.start() - 40):m.start()].rstrip())
            if kind is not None:
                yield m.start(), m.end(), kind


class _Span:
    """Where a classified run starts and ends."""

    def __init__(self, start: int, end: int) -> None:
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


# a speaker pausing inside a number, about to say a group again (a word of correction is
# ``_CORRECTION``, below)
_TRAILING_OFF = re.compile(r"\.\.\.|…")


def _repaired(run: str, atoms: list[tuple[int, int]]) -> list[str] | None:
    """The groups of a run the speaker corrected while saying it, the groups given up left
    out: a group said again after a pause, the next group saying its first word again
    ("soixante... soixante-deux", "six... soixante-six", "zéro sept... euh... zéro sept"), or
    replaced after "non" ("zéro zéro... non, zéro huit"). None when nothing was given up."""
    words = [run[a:b].lower() for a, b in atoms]
    dropped = [False] * len(atoms)
    group_start = 0
    for k in range(len(atoms) - 1):
        gap = run[atoms[k][1]:atoms[k + 1][0]]
        corrected = _CORRECTION.search(gap) is not None
        restart = corrected or _TRAILING_OFF.search(gap) is not None
        if restart and (corrected or re.split(r"[-\s]+", words[group_start])[0]
                        in re.split(r"[-\s]+", words[k + 1])):
            for i in range(group_start, k + 1):
                dropped[i] = True
        if restart or re.search(r"[,;…/.]", gap):
            group_start = k + 1
    if not any(dropped) or all(dropped):
        return None
    kept = [i for i in range(len(atoms)) if not dropped[i]]
    pieces = []
    for a, b in zip(kept, kept[1:], strict=False):
        pieces.append(run[atoms[a][0]:atoms[a][1]])
        pieces.append(run[atoms[a][1]:atoms[b][0]] if b == a + 1 else ", ")
    pieces.append(run[atoms[kept[-1]][0]:atoms[kept[-1]][1]])
    return _groups("".join(pieces))


# a repair the speaker makes inside a phone number: at most this many groups given up at once,
# this many repairs in one number, and a run of at most this many numbers searched for the
# repairs that make it a phone (at most about 13 x 12 / 2 x 3 ** 2 readings tried)
REPAIR_GROUPS = 3
REPAIRS = 2
REPAIR_ATOMS = 14


def _given_up(run: str, atoms: list[tuple[int, int]]) -> list[str] | None:
    """The groups of a phone number said with repairs ``_repaired`` does not read, the fewest
    groups left out that make the whole run a well-formed phone: one or more groups replaced
    after a word of correction ("... 33 non 38 ...", "14 22 attendez 14 22 63"), or said again
    from the group the speaker goes back to, after a pause, a hesitation or nothing ("30
    euh... 30 21", "zéro six euh zéro six", "10 10 21", "douze cinquante-cinq voilà douze
    cinquante-cinq"). None when no such reading exists."""
    n = len(atoms)
    if not 3 <= n <= REPAIR_ATOMS:
        return None
    said = [_said_digits(run[a:b]) for a, b in atoms]
    # (first, last) groups that may be given up before each gap
    options: list[list[tuple[int, int]]] = []
    for k in range(n - 1):
        corrected = _CORRECTION.search(run[atoms[k][1]:atoms[k + 1][0]]) is not None
        options.append([(i, k) for i in range(k, max(-1, k - REPAIR_GROUPS), -1)
                        if corrected or said[i] == said[k + 1]])
    best: list[bool] | None = None
    best_count = n + 1  # groups given up by ``best``

    def search(k: int, dropped: list[bool], count: int, repairs: int) -> None:
        nonlocal best, best_count
        if count >= best_count:
            return
        if k == n - 1 or repairs == REPAIRS:
            if count and _kind(_paired([d for d, x in zip(said, dropped, strict=True)
                                        if not x]), "", strict=True) == "PHONE":
                best, best_count = dropped[:], count
            return
        search(k + 1, dropped, count, repairs)
        for i, last in options[k]:
            if not any(dropped[i:last + 1]):
                dropped[i:last + 1] = [True] * (last + 1 - i)
                search(k + 1, dropped, count + last + 1 - i, repairs + 1)
                dropped[i:last + 1] = [False] * (last + 1 - i)

    search(0, [False] * n, 0, 0)
    if best is None:
        return None
    return [d for d, x in zip(said, best, strict=True) if not x]


def _classified(text: str, m: re.Match[str]) -> tuple[int, int, str | None, list[str]]:
    """The run, or the longest part of it that reads as a phone or a NIR: a number word said
    just before or after one ("..., un portable", "le trois, zéro six...") joins the run. A
    run the speaker corrected while saying it is read without what they gave up
    (``_repaired``), and taken whole."""
    atoms = [a.span() for a in _ATOMS.finditer(m.group(0))]
    n = len(atoms)
    repaired = _repaired(m.group(0), atoms) if n > 2 else None
    if repaired:
        start, end = m.start() + atoms[0][0], m.start() + atoms[-1][1]
        kind = _kind(repaired, text[max(0, start - 40):start].rstrip(), strict=True)
        if kind is not None:
            return start, end, kind, repaired
    whole = _groups(m.group(0))
    # never where the last number counts something ("... non, vingt ans plus tard")
    if n > 2 and _kind(whole, "", strict=True) is None and not _MEASURE.match(text, m.end()):
        given_up = _given_up(m.group(0), atoms)
        if given_up is not None:
            return m.start() + atoms[0][0], m.start() + atoms[-1][1], "PHONE", given_up
    first = None
    for strict in (True, False):
        for i in range(min(3, n)):
            for j in range(n, i, -1):
                start, end = m.start() + atoms[i][0], m.start() + atoms[j - 1][1]
                groups = _groups(text[start:end])
                # only what ends just before the run counts (a "+"): a bounded look back,
                # not a copy of everything before it for each run (quadratic on a long text)
                kind = _kind(groups, text[max(0, start - 40):start].rstrip(), strict=strict)
                if first is None:
                    first = (start, end, kind, groups)
                if kind is not None:
                    return start, end, kind, groups
                if n > 12:  # a long list of numbers: only the whole is read
                    break
            if n > 12:
                break
    assert first is not None
    return first


# a date written with slashes, the start of a chat's timestamp ("05/11/2023 21:14"): its
# digits and the hour's are no phone (read here and by patterns.PHONE)
SLASHED_DATE = r"\d{1,2}/\d{1,2}/\d{2,4}(?![/\d])"
_SLASHED_DATE = re.compile(SLASHED_DATE)


def _runs(text: str) -> Iterator[Span]:
    partial: tuple[int, int] | None = None  # end and digit count of a phone's first groups
    for found in RUN.finditer(text):
        if _SLASHED_DATE.match(found.group(0)):
            continue
        atoms = _ATOMS.findall(found.group(0))
        if len(atoms) < 2 and not atoms[0].isdigit():
            continue
        s, e, kind, groups = _classified(text, found)
        m = _Span(s, e)
        digits = len("".join(groups))
        if kind is None and partial is not None and partial[1] + digits == 10 \
                and all(len(g) == 2 for g in groups) \
                and _PAUSE.fullmatch(text, partial[0], m.start()):
            kind = "PHONE"  # the end of a number said after a pause ("06 12 45... 78 90")
        partial = (m.end(), digits) if kind == "PHONE" and digits < 10 else None
        if kind is not None:
            plus = INTERNATIONAL.search(text, max(0, m.start() - 6), m.start()) \
                if kind == "PHONE" else None
            start = plus.start() if plus is not None and not text[plus.end():m.start()].strip() \
                else m.start()
            yield start, m.end(), kind


# an echo of a number said before (or after) in the same text: the listener repeats groups of
# it, or the speaker says it again in part ("zéro six, douze..." then "douze, trente-quatre ?").
# Three digits or more that stand anywhere inside a phone or NIR of the text are part of it;
# two digits only where they start or end it, or go on from the groups just repeated, and said
# within ECHO_NEAR characters of it (a key "clé 52" said again, "zéro six..." then the rest)
ECHO_NEAR = 400
# what follows a number that measures something: no echo of an identifier
_MEASURE = re.compile(r"\s*(?:ans?\b|euros?|€|%|heures?|h\b|kilos?|kg|km|mètres?|fois|"
                      r"minutes?|mois|jours?|semaines?|verres?|bi[èe]res?|degr[ée]s?|°|chiffres?|"
                      r"num[ée]ros?|lettres?|caract[èe]res?)",
                      re.IGNORECASE)
_ECHO = re.compile(rf"(?<!\w){_ATOM}(?:{_GAP}{_ATOM})*(?!\w)", re.IGNORECASE)


def said_number(word: str) -> str:
    """A number said in words, in digits ("soixante-deux" -> "62"); another word as it is
    (lower case)."""
    try:
        return "".join(_numbers(word))
    except KeyError:
        return word.lower()


def _said_digits(text: str) -> str:
    return "".join(_groups(text))


def digits_said(text: str) -> str:
    """The digits of numbers said in words or digits, in the order said ("quatre-vingt-treize,
    cinq cents" -> "93500")."""
    return _said_digits(text)


def echoes(text: str, found: list[Span]) -> Iterator[Span]:
    """Parts of a phone or NIR of ``found`` said again elsewhere in ``text``."""
    numbers = [(s, e, kind, _said_digits(text[s:e])) for s, e, kind in found
               if kind in ("PHONE", "NIR")]
    numbers = [n for n in numbers if len(n[3]) >= 9]
    if not numbers:
        return
    follow: dict[int, int] = {}  # index of a number -> where the last echo of it ended
    for m in _ECHO.finditer(text):
        start, end = m.span()
        if any(s < end and start < e for s, e, _, _ in numbers) or _MEASURE.match(text, end):
            continue
        groups = _groups(m.group(0))
        digits = "".join(groups)
        if len(digits) < 2:
            continue
        for index, (s, e, kind, said) in enumerate(numbers):
            near = start - e <= ECHO_NEAR and s - end <= ECHO_NEAR
            at = said.find(digits)
            if at < 0:
                continue
            long_enough = len(digits) >= 3 and len(groups) >= 2 or len(digits) >= 4
            goes_on = follow.get(index) is not None and said.startswith(digits, follow[index])
            edge = said.startswith(digits) or said.endswith(digits)
            if long_enough and (near or len(digits) >= 5) or near and (edge or goes_on):
                at = follow[index] if goes_on else at
                follow[index] = at + len(digits)
                yield start, end, kind
                break


# a speaker correcting the end of a number just said: "..., douze. Non, attendez, x, y."
_CORRECTION = re.compile(r"(?i)(?<!\w)(?:non|pardon|attendez|attends|plut[ôo]t|je me trompe|"
                         r"je me suis tromp[ée]e?|c['’]est pas [çc]a)(?!\w)[\s,.;:…]*")
CORRECTION_NEAR = 120  # characters after the number


def corrections(text: str, found: list[Span]) -> Iterator[Span]:
    """Groups of a phone number said again as a correction just after it: two-digit groups
    after "non", "pardon", "attendez"..., whatever digits they hold."""
    for _, end, kind in found:
        if kind != "PHONE":
            continue
        for cue in _CORRECTION.finditer(text, end, min(len(text), end + CORRECTION_NEAR)):
            run = _ECHO.match(text, cue.end())
            if run is None or _MEASURE.match(text, run.end()):
                continue
            groups = _paired(_groups(run.group(0)))
            # one group said again right after the number ("... quatre-vingt-dix euh non
            # quatre-vingt-onze"): the last group corrected
            right_after = re.fullmatch(r"[\s,.…]*(?:euh[\s,.…]*)?", text[end:cue.start()])
            if (len(groups) >= 2 or len(groups) == 1 and right_after) \
                    and all(len(g) == 2 for g in groups):
                # said right after, the correction is one with the number it corrects
                start = end + len(text[end:cue.start()]) - len(text[end:cue.start()].lstrip()) \
                    if right_after else run.start()
                yield start, run.end(), "PHONE"


# platforms whose account names identify a person; the name follows a cue ("sur insta c'est
# X", "mon snap : X", "sur TikTok je suis X")
PLATFORMS = (r"insta|instagram|snap|snapchat|tiktok|tik tok|tik-tok|facebook|fb|twitter|x|"
             r"linkedin|youtube|twitch|discord|telegram|threads|bluesky|pinterest|tinder|"
             r"meetic|badoo|skype|messenger|signal|vinted|leboncoin|t[ée]l[ée]gramme|"
             r"spotify|deezer|soundcloud|reddit")
_CUE = (r"(?:c['’]est|c['’]était|je suis|j['’]suis|il est|elle est|je m['’]appelle|"
        r"il s['’]appelle|elle s['’]appelle|sous le (?:nom|pseudo)(?: de)?|"
        r"(?:mon|son) (?:pseudo|compte|nom|profil|identifiant)(?: c['’]est)?|pseudo|:|"
        r"(?:la |sa )?cha[iî]ne(?: de)?|(?:le )?(?:compte|profil)(?: de)?)")
_SEPARATORS = r"(?:\s+(?:tiret(?:\s+du\s+(?:bas|six|huit)|\s+bas)?|underscore|point)\s+)"
PLATFORM = re.compile(rf"(?<!\w)(?:{PLATFORMS})(?!\w)", re.IGNORECASE)
HANDLE = re.compile(
    rf"(?<!\w){_CUE}\s*(?:euh\s*,?\s*)?(?:[«\"]\s*)?(?:arr?obase\s+)?"
    rf"(?P<id>@?[\w][\w.\-]*(?:{_SEPARATORS}[\w][\w.\-]*)*)",
    re.IGNORECASE,
)


# an account's name said whole after its platform (or "mon compte", "ma chaîne") and a naming
# word, its words ordinary or not ("mon insta c'est la x des y", "sur tiktok c'est le z
# quatre-vingt-treize", "ma chaîne c'est W Sobre Depuis 2022"): up to five words, to a pause, a
# filler, a pronoun or a correction; never what says the account is not named there ("c'est
# pas...", "c'est le même numéro", "c'est mon pseudo", "c'était le délire")
ACCOUNT_OWNER = re.compile(r"(?i)(?<!\w)(?:mon|ma|son|sa|ton|ta)\s+"
                           r"(?:compte|pseudo|cha[iî]ne|profil)(?!\w)")
ACCOUNT_SAID = re.compile(
    r"(?i)(?:\s+[\w'’\-]+){0,3}?\s*,?\s*(?:c['’]est|c['’]était|s['’]appelle|s['’]appelait"
    r"|sous\s+le\s+nom(?:\s+de)?)\s+(?:euh\s+)?(?P<id>[\w'’\- ]+)")
# after an article, what says which account it is, not its name ("c'est le même", "c'est la
# page du club")
SAME_WORDS = frozenset("meme même mien mienne sien sienne tien tienne premier premiere dernier "
                       "derniere seul seule page groupe compte profil chaine chaîne nom pseudo "
                       "lien adresse numero numéro site".split())
NOT_ACCOUNT_HEADS = frozenset("en a à au aux chez sur de du d' "
                              "pas plus jamais prive privé ferme fermé mon ma mes son sa ses ton "
                              "ta tes notre votre leur un une des dans tout rien bien quoi pareil "
                              "ca ça ce cette cet la-bas là-bas là vrai faux nul nulle le la les"
                              .split())


def _account_words(text: str, start: int) -> int:
    """Where an account's name said from ``start`` ends: five words at most, up to a pause, a
    filler, a pronoun or a correction (``ACCOUNT_ENDS``); ``start`` if it names nothing."""
    end = start
    for n, w in enumerate(re.finditer(r"[\w'’\-]+", text[start:start + 80])):
        word = w.group(0).lower().replace("’", "'")
        if n == HANDLE_MAX_WORDS or word in ACCOUNT_ENDS \
                or re.search(r"[,;:!?.()\[\]«»\"\n]", text[end:start + w.start()]):
            break
        end = start + w.end()
    return _word_end(text, end)


# "arobase" said before an account's words, after the platform ("sur TikTok, arobase x y"); the
# words it takes, at most, and those that end it (a filler, a pronoun, a verb's small word)
SAID_AT = re.compile(r"(?i)(?<!\w)arr?obase\s+")
HANDLE_MAX_WORDS = 5
HANDLE_STOPS = frozenset("voila voilà euh hein et mais il elle je tu on ils elles c'est c' sur "
                         "pour avec qui que donc alors sinon ou".split())
# ... and an account's name said whole (``_account_words``): a correction, a time word too
ACCOUNT_ENDS = HANDLE_STOPS | frozenset(
    "enfin non pardon attends genre comme parce bref tous toutes chaque depuis hier demain "
    "avant apres après maintenant aujourd'hui quand si puis ensuite là".split())
# a number said in words, as accounts end ("x point y quarante-deux")
SAID_NUMBER_WORD = re.compile(
    r"(?i)(?<![\w'])(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
    r"quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|mille)(?![\w'])")
_NUMBER_WORDS = (r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
                 r"quatorze|quinze|seize|vingt|vingts|trente|quarante|cinquante|soixante|cent|"
                 r"mille|z[ée]ro)")
# the number said in words that ends an account dictated with its signs ("x tiret y neuf sept
# quatre", "z point w trente et un"), four groups at most
SAID_ACCOUNT_NUMBER = re.compile(
    rf"(?i)(?:[ \t]+(?:et[ \t]+)?{_NUMBER_WORDS}(?:-(?:et-)?{_NUMBER_WORDS})*){{1,4}}(?![\w'’])")
# the words of such an account before its first sign, after the cue that announces it ("c'est
# x y tiret z"): two at most
SAID_ACCOUNT_HEAD = re.compile(r"(?i)(?:c['’]est|c['’]était|je suis|pseudo|nom|:)[ \t]+"
                               r"((?:[^\W\d_][\w'’\-]*[ \t]+){1,2})$")
# an account said with its signs: a word, then "point", "tiret", "underscore" and another word
# (eight signs at most, from a word's start only: a run of them was read from each word to its
# end, quadratic time; bench/crafted.py)
SAID_ACCOUNT = re.compile(rf"(?<![\w'’\-])([^\W\d_][\w\-]*){_SEPARATORS}[\w][\w\-]*"
                          rf"(?:{_SEPARATORS}[\w][\w\-]*){{0,7}}", re.IGNORECASE)


# an account name by its shape: words joined by dots or underscores, or letters and digits
# glued ("prenom.nom.59", "x_des_bois", "lina2009"), not a number nor a web address
SHAPED_ACCOUNT = re.compile(
    r"(?<![\w@.\-])@?(?=[\w.]*[^\W\d_])(?:[^\W_][\w\-]*(?:[._][\w\-]+)+|[^\W\d_]+\d{2,}|\d{2,}"
    r"[^\W\d_]{3,})(?![\w@]|\.\w)")


# what an e-mail address is called: the first word shaped as an account name after it, in the
# same sentence, is the address's name ("mon mail, x93 sur ...")
MAIL_WORDS = re.compile(r"(?i)(?<!\w)(?:e-?mail|mail|courriel|adresse mail|adresse e-mail)(?!\w)")


# an account name's last words after its first ("x nord sobre", "y officiel", "z 93"): lower-case
# words or a short number, up to a pause or a small word of the language
HANDLE_TAIL = re.compile(r"[ \t]+([^\W\d_][\w'’\-]*|\d{1,3}(?!\w))")
HANDLE_TAIL_WORDS = 3


def _said_account_whole(text: str, start: int, end: int) -> tuple[int, int]:
    """An account dictated with its signs, from ``start`` to ``end``, widened to the words said
    before its first sign after the cue ("c'est x y tiret z": "x y"; none a small word of the
    language) and to the number said in words after it ("... neuf sept quatre")."""
    head = SAID_ACCOUNT_HEAD.search(text, max(0, start - 60), start)
    if head is not None and head.end() == start and not any(
            w.lower() in STOP_WORDS or w.lower() in HANDLE_STOPS
            for w in head.group(1).split()):
        start = head.start(1)
    tail = SAID_ACCOUNT_NUMBER.match(text, end)
    return start, tail.end() if tail is not None else end


def _handle_tail(text: str, end: int) -> int:
    """Where an account name said after a cue ends: its first word at ``end``, then up to
    three lower-case words or a short number, none a small word of the language ("c'est x
    nord sobre", "sous le nom y officiel"; never "c'est x tous les soirs")."""
    for _ in range(HANDLE_TAIL_WORDS):
        m = HANDLE_TAIL.match(text, end)
        if m is None:
            break
        word = m.group(1)
        if not (word.islower() or word.isdigit()) or word.lower() in HANDLE_STOPS \
                or word.lower() in STOP_WORDS or SAID_NUMBER_WORD.fullmatch(word):
            break
        end = m.end()
    return end


# the rest of a word cut inside
WORD_REST = re.compile(r"[\w'’\-]*\w|")


def _word_end(text: str, end: int) -> int:
    """``end``, or the end of the word it cuts: a match read in a window of the text (the 60
    characters after a platform's name) stops where the window does, inside the account's
    last word ("... quatre-vingt-tre|ize", "... soixante-dix|-sept")."""
    if 0 < end < len(text) and (text[end - 1].isalnum() or text[end - 1] in "-'’") and (
            text[end].isalnum() or text[end] in "-'’" and text[end + 1:end + 2].isalnum()):
        return WORD_REST.match(text, end).end()
    return end


def handles(text: str, is_word: Callable[[str], bool]) -> Iterator[Span]:
    """An account name after its platform's name and a cue, within the sentence: one that no
    dictionary holds, or one with digits, underscores or dots (``is_word`` says whether a word
    is ordinary French or a term to keep); or, without a cue, the first word shaped as an
    account name in the same sentence ("son Insta, x.y.z, ...")."""
    for p in MAIL_WORDS.finditer(text):
        window = re.split(r"[.?!\n]\s", text[p.end():p.end() + 40])[0]
        shaped = SHAPED_ACCOUNT.search(window)
        glued = re.fullmatch(r"@?([^\W\d_]+)\d+|\d+([^\W\d_]+)", shaped.group(0)) \
            if shaped is not None else None
        if shaped is not None and not re.fullmatch(r"[\d.,]+", shaped.group(0)) \
                and not (glued is not None and is_word(glued.group(1) or glued.group(2))):
            yield p.end() + shaped.start(), _word_end(text, p.end() + shaped.end()), "EMAIL"
    for p in PLATFORM.finditer(text):
        window = re.split(r"[.?!\n]\s", text[p.end():p.end() + 60])[0]
        # (not after "X" alone, a letter that is also the unknown in "Mme X", "X fois")
        shaped_word = SHAPED_ACCOUNT.search(window) if len(p.group(0)) > 1 else None
        glued = re.fullmatch(r"@?([^\W\d_]+)\d+|\d+([^\W\d_]+)", shaped_word.group(0)) \
            if shaped_word is not None else None
        if glued is not None and is_word(glued.group(1) or glued.group(2)):
            shaped_word = None  # a word and a number glued ("covid19", "euro2016")
        if shaped_word is not None and not re.fullmatch(r"[\d.,]+", shaped_word.group(0)):
            start = p.end() + shaped_word.start()
            yield start, _word_end(text, p.end() + shaped_word.end()), "EMAIL"
        said = SAID_ACCOUNT.search(window)
        if said is not None and (not is_word(said.group(1)) or re.search(r"\d", said.group(0))
                                 or len(said.group(1)) >= 3
                                 and SAID_NUMBER_WORD.search(said.group(0)[len(said.group(1)):])):
            # an account dictated with its signs after the platform, no cue needed ("son snap
            # aussi, x point y"): never a common word before "point" ("au point de"); the words
            # after the cue before it, and the number said after it, are the account's
            yield (*_said_account_whole(text, p.end() + said.start(),
                                        _word_end(text, p.end() + said.end())), "EMAIL")
        at = SAID_AT.search(window)
        if at is not None:
            # "arobase" said before the account's words, after the platform: the account, up
            # to a filler, a pronoun or a pause ("arobase la x du trente voilà")
            rest, end = window[at.end():], 0
            for w in list(re.finditer(r"[\w'’\-]+", rest))[:HANDLE_MAX_WORDS]:
                if w.group(0).lower().replace("’", "'") in HANDLE_STOPS \
                        or re.search(r"[,;:!?.]", rest[end:w.start()]):
                    break
                end = w.end()
            if end:
                yield p.end() + at.start(), _word_end(text, p.end() + at.end() + end), "EMAIL"
        m = HANDLE.search(window)
        while m is not None:  # cues may overlap ("il est sous le nom de X")
            handle = m.group("id").rstrip(".-")
            shaped = bool(re.search(r"[\d_@.]", handle)) or " " in handle
            signed = re.search(_SEPARATORS, handle)
            phrase = signed is not None and handle.split()[0].lower() in STOP_WORDS
            # ("c'est au point mort": a phrase, no account)
            if handle and not phrase and (shaped or (not is_word(handle) and len(handle) >= 3)):
                start = p.end() + m.start("id")
                end = _word_end(text, start + len(handle))
                if signed:  # dictated with its signs: the words before it, its number after
                    yield (*_said_account_whole(text, start, end), "EMAIL")
                else:
                    yield start, _handle_tail(text, end), "EMAIL"
                break
            m = HANDLE.search(window, m.start() + 1)
    for p in (*PLATFORM.finditer(text), *ACCOUNT_OWNER.finditer(text)):
        if len(p.group(0)) < 2:  # "x" alone is no platform here
            continue
        said = ACCOUNT_SAID.match(text, p.end(), p.end() + 120)
        if said is None or "\n" in text[p.end():said.start("id")]:
            continue  # the platform and its name on one line
        start = said.start("id")
        end = _account_words(text, start)
        words = [w.lower() for w in re.findall(r"[\w'’\-]+", text[start:end])]
        head = words[0] if words else ""
        # after a platform, an article opens the name ("la x sobre"), never before what says
        # which account it is ("le même numéro"); after "mon compte" (a bank's too) only
        # before a word none of the language's ("le vrai x")
        banked = p.re is ACCOUNT_OWNER and re.search(r"(?i)compte|profil", p.group(0))
        if not words or all(w in STOP_WORDS for w in words) \
                or len(words) == 1 and is_word(head) \
                or head in NOT_ACCOUNT_HEADS and not (
                    head in {"le", "la", "les"} and len(words) > 1
                    and words[1] not in SAME_WORDS
                    and (not banked or not all(is_word(w) for w in words[1:]))) \
                or re.search(r"(?i)(?:à|a)\s+la\s+$", text[max(0, p.start() - 6):p.start()]):
            continue
        yield start, _handle_tail(text, end), "EMAIL"


# a group, a page or a channel on a platform, and its name after it ("un groupe WhatsApp X Y",
# "le groupe de parents sur Facebook X", "un canal Telegram X", "la page Facebook X"): the
# name's words may all be ordinary ("les filles du canal"), so it stands until a pause, a
# pronoun, a verb or a filler
_GROUP_PLATFORM = rf"(?:{PLATFORMS}|whatsapp|whats app|wtsp)(?!\w)"
_GROUP_NOUN = r"(?:groupe|page|canal|cha[iî]ne|conv|conversation|communaut[ée])(?!\w)"
# what may stand between the group and its name: a pause, a naming word, a filler, what the
# group is ("public", "entre eux")
_GROUP_TAIL = (r"(?:\s*(?:,|:|«|\"|qui\s+s['’]appelle|appel[ée]e?|nomm[ée]e?|intitul[ée]e?|"
               r"c['’]est|euh|public|priv[ée]e?|ferm[ée]e?|secr[eè]te?|l[àa]|"
               r"entre\s+(?:eux|elles|nous))\s*)*")
GROUP_CUE = re.compile(
    rf"(?i)(?<!\w)(?:groupes|{_GROUP_NOUN})"
    rf"(?:\s+[\w'’\-]+){{0,4}}?\s+(?:sur\s+|de\s+)?{_GROUP_PLATFORM}{_GROUP_TAIL}")
# ... or the platform first, then the group ("sur Telegram y a un canal X", "sur Facebook elle a
# une page Y"), up to three words between
GROUP_CUE_AFTER = re.compile(
    rf"(?i)(?<!\w){_GROUP_PLATFORM}(?:\s+[\w'’\-]+){{0,3}}?\s+"
    rf"(?:un|une|le|la|mon|ma|son|sa|leur|notre)\s+{_GROUP_NOUN}{_GROUP_TAIL}")
# ... or said with its name after what the group is ("le groupe WhatsApp de l'équipe il
# s'appelle x", "un groupe avec ceux de la cure, ça s'appelle y", "un groupe snap avec les filles,
# z"): after "s'appelle", or after a comma when the platform was said
_CALLED_BY = r"(?:il|elle|[çc]a|qui)\s+"  # who says a name: "ça s'appelle x"
_CALLED = r"s['’]appelle(?:nt)?(?:\s+euh)?\s+"
GROUP_NAMED = re.compile(
    rf"(?i)(?<!\w){_GROUP_NOUN}"
    r"(?P<mid>(?:\s+[\w'’\-]+){0,8}?)"
    rf"(?P<link>(?:\s*,)?\s*(?:{_CALLED_BY})?{_CALLED}"
    r"|\s*,\s*)")
# ... the same said with "s'appelle" after words between commas ("un groupe, les anciens, ça
# s'appelle x"): read apart, for the comma above would end the match first
GROUP_CALLED = re.compile(
    rf"(?i)(?<!\w){_GROUP_NOUN}"
    r"(?P<mid>(?:,?\s+[\w'’\-]+){1,8}?)"
    rf"(?P<link>\s*,\s*{_CALLED_BY}{_CALLED})")
# ... or its name before the platform ("la team x sur Instagram", "le groupe y sur Facebook", "un
# compte, z, sur TikTok")
GROUP_CUE_BEFORE = re.compile(
    rf"(?i)(?<!\w)(?:team|groupe|page|compte|cha[iî]ne|canal|podcast|communaut[ée])(?:\s*,)?\s+"
    rf"(?=(?:[\w'’\-]+,?\s+){{1,6}}?sur\s+{_GROUP_PLATFORM})")
# ... or the platform, then "il y a" and a capitalised name ("sur Facebook il y a X Y")
GROUP_THERE_IS = re.compile(
    rf"(?i)(?<!\w){_GROUP_PLATFORM}\s*,?\s+(?:il\s+)?y\s+a\s+(?-i:(?=[A-ZÀ-Þ]))")
# ... or a podcast's name as its host opens it ("bienvenue dans x, le podcast qui ...")
GROUP_PODCAST = re.compile(
    r"(?i)(?<!\w)bienvenue\s+(?:dans|sur|à)\s+"
    r"(?=(?:[\w'’\-]+\s+){0,5}?[\w'’\-]+\s*,?\s*(?:le|un|votre|notre)\s+"
    r"(?:podcast|[ée]mission)(?!\w))")
# the words that end a group's name read after such a cue: what the group is ("x le podcast")
GROUP_KINDS = frozenset({"podcast", "émission", "emission"})
# ... or one's own channel or podcast ("sur ma chaîne x", "mon podcast y"), a channel one follows
# ("abonnez-vous à la chaîne x"; "travailler à la chaîne chez y" names none), and a group one is
# in, said without its platform ("dans le groupe x", "dans un autre groupe y"): weaker, so never
# one ordinary word alone ("dans le groupe thérapeutique"), nor a name going on past "pour"
GROUP_OWN = re.compile(
    r"(?i)(?<!\w)(?:(?:ma|ta|sa|notre|votre|leur)\s+cha[iî]ne|(?:[àa]|sur)\s+la\s+cha[iî]ne"
    r"|(?:mon|ton|son|notre|votre|leur)"
    r"\s+podcast|(?:dans|sur)\s+(?:le|un|mon|notre|son|leur)"
    r"\s+(?:(?:autre|nouveau|deuxi[èe]me|second)\s+)?groupe)"
    r"(?:\s*(?:,|:|«|\"|euh)\s*)*")
_PLATFORM_WORD = re.compile(rf"(?i)(?<!\w){_GROUP_PLATFORM}")
_GROUP_WORD = re.compile(r"[\w][\w'’\-]*")
# a filler or a correction between a group's name and the same name said again
GROUP_SAID_AGAIN = re.compile(
    r"(?i)\s*,?\s*(?:euh|enfin|non|pardon)(?:\s*,?\s*(?:euh|non))?\s*,?\s+")
# the words a group's name may hold besides its own: articles, links, numbers' words
GROUP_LINKS = frozenset("de des du la le les l' d' et sans en a au aux sur".split())
GROUP_MAX_WORDS = 6
# the small words of a place a group's name may hold inside ("x dans le nord")
GROUP_INNER_WORDS = frozenset({"dans", "pour"})
# terms to keep that open a help line's own group, not a name of members ("alcool x")
GROUP_OPENING_TERMS = frozenset({"alcool", "alcooliques", "addictions", "tabac", "drogues"})
ELIDED_PRONOUNS = frozenset("c j s qu n m t".split())


def group_names(text: str, is_stop: Callable[[str], bool], is_kept: Callable[[str], bool],
                is_word: Callable[[str], bool] | None = None) -> Iterator[Span]:
    """The name of a group, a page or a channel said after its platform: the words up to a
    pause (a punctuation mark, a line's end) or a word that cannot be in a name (a pronoun, a
    verb's small word, a filler: ``is_stop``, the links of a name aside), six at most; it opens
    on a word of its own or an article before one ("les x du y"), never on "de" ("le groupe
    WhatsApp de la famille" names none) nor on a term to keep (``is_kept``: a national help
    line's group). A single-letter speaker label closing it is cut."""
    named = [m for m in GROUP_NAMED.finditer(text)
             if "appel" in m.group("link").lower() or _PLATFORM_WORD.search(m.group("mid"))]
    named += [m for m in GROUP_CALLED.finditer(text) if "," in m.group("mid")]
    weak = list(GROUP_OWN.finditer(text)) if is_word is not None else []
    cues = sorted([*GROUP_CUE.finditer(text), *GROUP_CUE_AFTER.finditer(text), *named,
                   *GROUP_CUE_BEFORE.finditer(text), *GROUP_THERE_IS.finditer(text),
                   *GROUP_PODCAST.finditer(text), *weak], key=lambda c: c.start())
    for cue in cues:
        pos = cue.end() + len(text[cue.end():]) - len(text[cue.end():].lstrip(" \t"))
        words = _group_run(text, pos, cue in weak, is_stop)
        if not words:
            continue
        first = words[0].group(0).lower().replace("’", "'")
        if first in GROUP_LINKS - {"la", "le", "les", "l'"} | GROUP_INNER_WORDS \
                or first.startswith("d'") \
                or first in {"la", "le", "les", "l'"} \
                and (len(words) < 2 or words[1].group(0).lower() in GROUP_LINKS) \
                or is_kept(words[0].group(0)) and (
                    len(words) == 1 or is_kept(text[words[0].start():words[-1].end()])
                    or first in GROUP_OPENING_TERMS):
            continue  # "un groupe Facebook d'entraide", "un groupe Facebook, Alcool X"
        if cue in weak and (len(words) == 1 and is_word(words[0].group(0))
                            or _PLATFORM_WORD.match(words[0].group(0))):
            continue  # "dans le groupe thérapeutique": the word; "dans le groupe WhatsApp x"
        yield words[0].start(), words[-1].end(), "PER"
        # said again at once after a filler, completed or corrected ("x y euh x y 93"): the
        # name said again, opening on the same word, is read the same way
        again = GROUP_SAID_AGAIN.match(text, words[-1].end())
        if again is not None and text[again.end():].lower().startswith(first + " "):
            more = _group_run(text, again.end(), cue in weak, is_stop)
            if more:
                yield more[0].start(), more[-1].end(), "PER"


def _group_run(text: str, pos: int, weak: bool, is_stop: Callable[[str], bool]
               ) -> list[re.Match[str]]:
    """The words of a group's name from ``pos``: up to a pause or a word that cannot be in a
    name (see :func:`group_names`), links and single letters at its end cut."""
    words: list[re.Match[str]] = []
    while len(words) < GROUP_MAX_WORDS:
        m = _GROUP_WORD.match(text, pos)
        if m is None:
            break
        key = m.group(0).lower().replace("’", "'")
        if key in GROUP_KINDS or weak and key in GROUP_INNER_WORDS:
            break  # "x le podcast": what the group is; a group without its platform
            # ends before "pour", "dans" ("un autre groupe x pour les fêtes")
        if key.endswith("'") and key not in GROUP_LINKS or \
                is_stop(key) and key not in GROUP_LINKS | GROUP_INNER_WORDS \
                and not (SAID_NUMBER_WORD.fullmatch(key) and key != "un") \
                or "'" in key and key.split("'")[0] in ELIDED_PRONOUNS:
            break  # "c'est", "j'ai", "qu'elle": the sentence goes on
        gap = re.match(r"[ \t]+", text[m.end():])
        if key == "sur" and gap is not None \
                and _PLATFORM_WORD.match(text, m.end() + gap.end()):
            break  # "x sur Telegram": the platform again, after the name
        words.append(m)
        if gap is None:
            break
        pos = m.end() + gap.end()
    while words and (words[-1].group(0).lower().replace("’", "'")
                     in GROUP_LINKS | GROUP_INNER_WORDS
                     or len(words[-1].group(0)) == 1):
        words.pop()
    return words
