"""Regular expressions for identifiers that have a shape: phones, e-mails (and handles, web
addresses), NIR, dates, addresses.

Each finder is a pure function of the text returning ``(start, end, type)`` character spans.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from .spoken import (
    NUMBER_WORDS,
    SLASHED_DATE,
    corrections,
    digits_said,
    echoes,
    number_runs,
    said_number,
)

Span = tuple[int, int, str]

_B = r"(?<![\w@])"  # left word boundary that also refuses the middle of an e-mail
_E = r"(?![\w@])"

# written, also with spaces around the "@" as some transcribers type it
# (a match opens at a word's start only: from inside a long run of hyphenated letters, every
# position was a start, quadratic time; bench/crafted.py)
EMAIL = re.compile(r"(?<![\w.+\-])[\w.+-]+ ?@ ?[\w-]+(?:\.[\w-]+)+", re.UNICODE)

# 06 12 34 56 78 / 06.12.34.56.78 / 0612345678 / +33 6 12 34 56 78 / 0033 (0)6 12...
PHONE = re.compile(
    # never a date and the hour after it ("05/11/2023 21:14", a chat's timestamp)
    _B + rf"(?!{SLASHED_DATE})"
    r"(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?[1-9]|0[1-9])(?:[\s.\-/–—‑]?\d{2}){4}" + _E
)

# NIR: sex, year, month (or 20, 30-42, 50, 99 for special cases), département (2A/2B),
# commune, order, optional key; with or without spaces
_SEP = r"[\s.\-]?"
NIR = re.compile(
    _B + rf"[12]{_SEP}\d{{2}}{_SEP}(?:0[1-9]|1[0-2]|[2-9]\d){_SEP}"
    rf"(?:(?:\d{{2}}|2[ABab]){_SEP}\d{{3}}|9[78]\d{_SEP}\d{{2}}){_SEP}\d{{3}}"
    r"(?:\s?-?\s?\d{2})?" + _E
)

# numbers said in words, for dictated phone numbers and NIR
_UNITS = (r"z[ée]ro|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
          r"quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|cents|mille")
_NUMBER_WORD = rf"(?:{_UNITS})(?:(?:-et-|-|\s+et\s+)(?:{_UNITS}))*"
# one number said in one word ("vingt-deux", "quatre-vingts", "soixante-et-onze")
NUMBER_SAID = re.compile(rf"(?:{_UNITS}|vingts)(?:-(?:et-)?(?:{_UNITS}|vingts))*", re.IGNORECASE)
_GAP = r"(?:\s*(?:,|…|\.\.\.)?\s*(?:euh\s*(?:,|…|\.\.\.)?\s*)?)"  # no full stop
SPOKEN_PHONE = re.compile(
    rf"(?<!\w)z[ée]ro{_GAP}(?:{_NUMBER_WORD})(?:{_GAP}(?:{_NUMBER_WORD})){{3,}}(?!\w)",
    re.IGNORECASE,
)
SPOKEN_NIR = re.compile(
    rf"(?:s[ée]cu|s[ée]curit[ée] sociale|NIR|num[ée]ro)(?:[^.?!]|\.\.\.){{0,40}}?"
    rf"(?P<id>(?<!\w)(?:un|deux){_GAP}(?:{_NUMBER_WORD})(?:{_GAP}(?:{_NUMBER_WORD})){{4,}})(?!\w)",
    re.IGNORECASE,
)
# dictated: the words of the address joined by the names of its signs ("point", "tiret",
# "tiret du bas", "underscore"), the at sign said in any of its spellings, a domain ending in a
# top-level domain said or written
# written to fool robots too: "(at)", "[arobase]"
_AT = (r"(?:arr?obase?|arr?obaze|arr?obas|at|@|a commercial"
       r"|[(\[]\s*(?:at|arr?obase?|@)\s*[)\]])")
_SIGN = (r"(?:point|dot|tiret(?:\s+du\s+(?:bas|six|huit)|\s+bas)?|underscore|under score|"
         r"trait d['’]union|[._\-])")
_TLD = (r"(?:fr|com|net|org|eu|info|be|ch|io|me|re|biz|ma|dz|tn|sn|ci|pt|es|it|de|uk"
        # spelled out ("point f r", "point F-R")
        r"|f[\s\-]r|c[\s\-]o[\s\-]m|r[\s\-]e|n[\s\-]e[\s\-]t|o[\s\-]r[\s\-]g)")
# a word, hyphens inside it, taken whole (possessive): a run of dashes or of hyphenated words
# cannot be split in exponentially many ways when the address does not come (a 600,000-character
# text took minutes with the first writing of this pattern)
_WORD = r"\w++(?:-\w++)*+"
# ... or a word spelled out, letter by letter ("n a d i a", "S-O-L-E-N-N"), taken whole
_SPELLED_OR_WORD = rf"(?>[^\W\d_](?:[\s\-][^\W\d_](?!\w)){{2,30}}+|{_WORD})"
# a pause typed as a comma between the parts of a dictated address, a hesitation in it; the
# signs may be typed with spaces around them ("gmail . com")
# (one reading of the spaces around the comma: "\s*,?\s*" split a space two ways at each sign,
# and a domain of words and "point" with no top-level domain at its end took exponential time)
_C = r"\s*(?:,\s*)?(?:(?:euh|heu|hum)\s*(?:,\s*)?)?"
# digits said apart inside the name ("pascal point renaud 62", "alex 13 marseille", after a
# pause too: "x point v, euh, 93"), or said in words ("martin soixante-neuf"); atomic, a
# number word never taken for the word after it: a long run of number words has one reading,
# not exponentially many
_LOCAL_NUMBER = (rf"(?>{_C}(?<=\s)(?:\d{{1,4}}|(?:{_NUMBER_WORD})(?![\w\-]))"
                 rf"(?:\s+(?!(?:arr?oba|at\b|(?:{_UNITS})(?![\w\-])))[a-zà-ÿ]\w*)?)")
# the name before the at sign: at most nine parts, each read one way only (atomic), so that a long
# run of words and signs with no at sign is given up at once (it was exponential, minutes for a
# few dozen words "x point y tiret x point y..." before this bound)
_LOCAL = rf"{_SPELLED_OR_WORD}(?:(?>{_C}{_SIGN}{_C}{_SPELLED_OR_WORD})|{_LOCAL_NUMBER}){{0,8}}"
# between the words of the domain: a dot, or a hyphen or an underscore said ("msp tiret x point fr")
_DOMAIN_SIGN = (r"(?:point|dot|\.|tiret(?:\s+du\s+(?:bas|six|huit)|\s+bas)?|underscore|"
                r"under score|trait d['’]union)")
# a domain's words said with no sign between them ("arobase ccas x point fr", "arobase mairie
# de y point fr"): two more at most, never a sign's name nor a filler (each word read one way)
_DOMAIN_MORE = (r"(?:\s+(?!(?:point|dot|tiret|underscore|under|trait|euh|heu|hum)(?!\w))"
                rf"{_WORD}){{0,2}}")
SPOKEN_EMAIL = re.compile(
    rf"(?<!\w){_LOCAL}{_C}\s{_AT}{_C}\s{_WORD}{_DOMAIN_MORE}"
    rf"(?>{_C}{_DOMAIN_SIGN}{_C}{_WORD})*{_C}(?:point\s+|dot\s+|\.\s*){_TLD}(?!\w)",
    re.IGNORECASE,
)

# the mail providers people name, the top-level domain often left unsaid ("... arobase gmail")
MAIL_PROVIDERS = ("gmail|hotmail|yahoo|outlook|orange|wanadoo|free|sfr|laposte|live|icloud|"
                  "msn|aol|protonmail|proton|neuf|bbox|numericable|gmx|yandex")
PROVIDER_EMAIL = re.compile(
    rf"(?<!\w){_LOCAL}{_C}{_AT}{_C}(?:{MAIL_PROVIDERS})"
    rf"(?:{_C}(?:point|dot|\.){_C}{_TLD})?(?!\w)",
    re.IGNORECASE,
)
# an account name shaped as one: letters and an underscore ("lili_du_93"), whatever is around
SHAPED_HANDLE = re.compile(r"(?<![\w@.])[A-Za-zÀ-ÿ][\w.]*_[\w.]*[A-Za-z0-9](?![\w@])")

# contact identifiers that are not e-mails: a social-network handle, a web address (also
# dictated: "asso-renaissance point fr"); kept under the e-mail type, the contact identifiers
HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_][\w.]{2,}(?<!\.)")
URL = re.compile(
    r"(?<![\w@.])(?:https?://|www\.)[^\s<>\"'«»]+"
    r"|(?<![\w@.\-])[a-z0-9][\w\-]*(?:\.[\w\-]+)*\.(?:fr|com|org|net|eu|info|be|ch)(?:/[^\s<>\"'«»]*)?"
    r"(?![\w@])",
    re.IGNORECASE,
)
SPOKEN_URL = re.compile(
    r"(?<![\w\-])(?:w\s?w\s?w\s+point\s+)?[\w\-]++(?>\s+(?:tiret|point)\s+[\w\-]++){0,8}"
    r"\s+point\s+(?:fr|com|org|net|eu|info)(?!\w)",
    re.IGNORECASE,
)

MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
DAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_DAY_WORDS = (
    "premier|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
    "quinze|seize|dix-sept|dix-huit|dix-neuf|vingt|vingt-et-un|vingt et un|vingt-deux|"
    "vingt-trois|vingt-quatre|vingt-cinq|vingt-six|vingt-sept|vingt-huit|vingt-neuf|trente|"
    "trente-et-un|trente et un"
)
# the words of a year said after "deux mille", "mille neuf cent": numbers only, never the next
# speaker's label ("... deux mille vingt-deux TS : ...")
_YEAR_TAIL = (r"(?:[\s-](?:et|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|"
              r"treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|"
              r"quatre-vingt|quatre-vingts)(?![\w]))")
_YEAR_WORDS = (
    rf"(?:deux\s?mille{_YEAR_TAIL}{{0,5}}"
    rf"|mille\s?neuf\s?cent(?:s)?{_YEAR_TAIL}{{0,5}})"
)
DATE = re.compile(
    "|".join([
        # 12/03/1987, 12-03-87, 12.03.1987, 12 / 03 / 1987
        _B + r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})" + _E,
        _B + r"\d{1,2}\s/\s\d{1,2}\s/\s(?:\d{4}|\d{2})" + _E,
        # 2023-11-14
        _B + r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}" + _E,
        # (lundi) 3 novembre (2023), 1er mai, trois novembre deux mille vingt-trois,
        # vingt décembre quarante-huit
        # (a filler may stand before the year: "vingt-deux juin euh deux mille vingt")
        _B + rf"(?:(?:{DAYS})\s+)?(?:1er|\d{{1,2}}|{_DAY_WORDS})\s+(?:{MONTHS})"
        rf"(?:\s+(?:euh\s+)?(?:\d{{4}}|\d{{2}}(?!\s*(?:h|heures?|ans|€|euros)|[:.,]\d)|{_YEAR_WORDS}|"
        rf"(?:dix|vingt|trente|quarante|cinquante|soixante|quatre-vingt)(?:-[a-z\-]+)?))?" + _E,
        # (lundi | lun. | mer | vend) 6/12(/2023): a day's name, whole or cut as notes write
        # it, then a day and a month, the day's name with them; cut without a full stop, a
        # day or a month of two digits ("mer 6/12", never "la mer 3/4")
        _B + rf"(?:(?:{DAYS}|lun|mar|mer|jeu|ven|vend|sam|dim)\.\s*|(?:{DAYS})\s+)"
        r"(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?:/(?:\d{4}|\d{2}))?" + _E,
        _B + r"(?:lun|mar|mer|jeu|ven|vend|sam|dim)\s+(?:(?:[12]\d|3[01]|0[1-9])/(?:0?[1-9]|1[0-2])"
        r"|(?:0?[1-9])/(?:1[0-2]|0[1-9]))(?:/(?:\d{4}|\d{2}))?" + _E,
        # jeudi 30, vendredi 13 janvier, lundi 6 nov.: the month cut short goes with it
        # (never an hour: "lundi 14h", "lundi 14:30"; "lundi 6 : rien bu" heads a diary's day)
        _B + rf"(?:{DAYS})\s+(?:1er|\d{{1,2}})(?!\s*(?:h\b|heures?)|:\d)"
        r"(?:\s+(?:janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c)(?:\.|(?![\w]))(?:\s+\d{4})?)?"
        + _E,
        # 12/03 (day/month without year, only with a day name, "le" or "du": "la RCP du 12/12")
        r"(?:(?<=\ble\s)|(?<=\bdu\s))(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])" + _E,
        # mar. 9 janvier 2024: a day's name cut short before a whole date
        _B + rf"(?:lun|mar|mer|jeu|ven|vend|sam|dim)\.?\s+(?:1er|\d{{1,2}})\s+(?:{MONTHS})"
        r"(?:\s+\d{4})?" + _E,
        # 28/11, 02/12: a day and a month of two digits each, as notes date a session
        # (never a score like 10/10, never a tension like 12/8)
        r"(?<![\w/.,])(?P<dm>0[1-9]|[12]\d|3[01])/(?!(?P=dm)\b)(?:0[1-9]|1[0-2])(?![\w/]|[.,]\d)",
        # "du 3 au 12 février", "le 12 et le 19 octobre", "le 4 puis sortie le 9 mai": the
        # first day of a range or a pair, the month said once after the second
        r"(?:(?<=\bdu\s)|(?<=\ble\s)|(?<=\bles\s))"
        rf"(?:1er|\d{{1,2}}|{_DAY_WORDS})(?=\s+(?:au|et|ou|à|puis)(?:\s+[a-zé]+){{0,2}}?\s+"
        rf"(?:le\s+)?(?:1er|\d{{1,2}}|{_DAY_WORDS})\s+(?:{MONTHS})(?![\w\-]))" + _E,
        # 8 nov, 13 déc. 2023, 9 janv: a month abbreviated after a day in digits ("vingt
        # sept" is a number)
        _B + r"(?:1er|\d{1,2})\s+(?:janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c)\.?"
        r"(?:\s+(?:\d{4}|\d{2}(?!\s*(?:h|heures?|ans|€|euros))))?" + _E,
    ]),
    re.IGNORECASE,
)

# "3/11 — bu deux bières", "12/1 : rechute": a day and a month opening a line of a diary or a
# log, a dash or a colon after them (in a sentence, "3/4" is a share)
LINE_DATE = re.compile(
    r"^[ \t]*(?P<id>(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2]))(?=[ \t]*[:\-—–])",
    re.MULTILINE,
)
# "[messagerie 8/11]", "[SMS du 3/2, 21h]": a day and a month in a bracketed header of a message
# (the date ends the bracket, an hour may follow it: "[3/4 des patients]" is a share)
BRACKET_DATE = re.compile(
    r"\[(?:[^\]\n]{0,30}?\s)?(?P<id>(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2]))"
    r"(?:[ \t]*[,à\-–][ \t]*\d{1,2}[h:]\d{0,2})?[ \t]*\]")
# "11 01 24 bagnolet consultation": a day, a month and a year in groups of two digits opening a
# note's line (more groups make a phone)
SPACED_LINE_DATE = re.compile(
    r"^[ \t]*(?P<id>(?:0[1-9]|[12]\d|3[01]) (?:0[1-9]|1[0-2]) (?:\d{4}|\d{2}))(?![ \t]*\d)(?!\w)",
    re.MULTILINE,
)
# "obs 12 x 8/11", "RCP y 10/1": a day and a month of one digit or two in a note's header,
# within its first words (in the body, "8/10" is a score)
HEADER_DATE = re.compile(
    r"^(?:obs|observation|rcp|notes?|consult)\b[^\n/]{0,40}?(?<=\s)"
    r"(?P<id>(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2]))(?![\w/]|[.,]\d)",
    re.IGNORECASE | re.MULTILINE,
)

# a date read as numbers: "le sept, zéro sept, soixante-dix" (day, month, year)
_MONTH_NUMBER = (r"(?:z[ée]ro\s+)?(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|"
                 r"douze|0?[1-9]|1[0-2])")
_YEAR_SAID = (r"(?:\d{2}|\d{4}|(?:dix|vingt|trente|quarante|cinquante|soixante|quatre-vingt)"
              r"(?:[\s\-]+(?:et[\s\-]+)?[a-z]+){0,2}|" + _YEAR_WORDS + ")")
SPOKEN_DATE = re.compile(
    rf"(?<![\w'’])le\s+(?P<id>(?:{_DAY_WORDS}|1er|\d{{1,2}})\s*,\s*{_MONTH_NUMBER}\s*,\s*"
    rf"{_YEAR_SAID})(?!\w)",
    re.IGNORECASE,
)
# a month and year of birth: "né en février 1975", "je suis de juin quatre-vingt-un"
BIRTH_MONTH = re.compile(
    rf"(?<!\w)(?:n[ée]e?s?|naissance|suis|est|était)\s+(?:en|de|du mois de)\s+"
    rf"(?P<id>(?:{MONTHS})\s+{_YEAR_SAID})(?!\w)",
    re.IGNORECASE,
)

# the nouns of a French street or way (the types of way of the national address base, as said
# and abbreviated), which stay outside a mark by the conventions
STREET_NOUNS = (
    "rue", "avenue", "av.", "boulevard", "bd", "bld", "place", "impasse", "allée", "chemin",
    "route", "quai", "cours", "square", "passage", "villa", "cité", "résidence", "chaussée",
    "montée", "traverse", "sentier", "voie", "esplanade", "parvis", "rond-point", "hameau",
    "lotissement", "faubourg", "lieu-dit", "lieudit", "allées", "promenade", "corniche",
    "ruelle", "venelle", "digue",
)
STREET_WORDS = "|".join(re.escape(word) for word in STREET_NOUNS)
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’\-]*"
# forms of "être" before a past participle (a fixed-width look-behind for each)
AUXILIARIES = ("suis", "es", "est", "sommes", "êtes", "sont", "étais", "était", "étions",
               "étiez", "étaient", "serai", "sera", "serait", "être", "été", "fut")
# street words that are also past participles ("je suis allée", "elle est montée")
_PARTICIPLES = r"(?:allée|montée)"
_NOT_AFTER_AUXILIARY = (rf"(?:(?!{_PARTICIPLES}\b)|"
                        + "".join(rf"(?<!\b{w}\s)" for w in AUXILIARIES) + ")")
_LINK = (
    r"(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’]|la\s+|le\s+|les\s+|l['’]|aux\s+"
    r"|à\s+la\s+)"
)
# a street's name: capitalised words on one line, never a speaker's or a field's label before
# its colon ("le square P : ...", "Coordinatrice : ...", "Date : ...")
_STREET_CAP = _CAP + r"(?![\w'’\-])(?![ \t]*:(?!\d))"
_NAME_SEQ = (rf"(?:\d{{1,2}}-)?{_STREET_CAP}"
             rf"(?:[ \t\-]+(?:{_LINK})?{_STREET_CAP}|[ \t]+\d{{1,4}}{_E}|-\d{{4}})*")
# (never a number said after the name: the postcode said in words, "... treize mille quatre")
# (nor a filler: "... des x euh")
_LOWER_NAME = (r"[a-zà-öø-ÿ][\w'’\-]{2,}"
               rf"(?:\s+(?!(?:{_UNITS}|euh|hein|voil[àa]|bon|ben)(?![\w'’\-]))"
               r"[a-zà-öø-ÿ][\w'’\-]{2,}){0,2}")
# the two first characters of a metropolitan postcode: its département (01-95, 2A, 2B)
DEPARTMENT_CODE = r"(?:0[1-9]|[1-8]\d|9[0-5]|2[AB])"
# a town's word after a postcode, never the label of a form's next field ("Téléphone :"), nor
# a word of the next line ("... 93500 Pantin\nTél. 01 ...")
_TOWN_WORD = r"(?!" + _CAP + r"\.?\s*:)" + _CAP
_POSTCODE = (
    r"(?:,?\s*" + DEPARTMENT_CODE + r"\d{3}(?:[ \t]+" + _CAP + r"(?:[ \t\-]" + _TOWN_WORD
    + r")*)?)"
)
# a street number said in words: one number word or several joined ("cent vingt-deux"), "bis" or
# "ter" after it; "un" or "une" alone is an article ("une rue de X")
# (six words at most: a run of number words was read from each of its words to its end)
_STREET_NUMBER_SAID = (rf"(?i:(?!une?\s)(?:{_UNITS})(?:(?:-et-|-|\s+et\s+|\s+)(?:{_UNITS})){{0,6}})"
                       r"(?:\s+(?:bis|ter))?")
# what a number counts when it is no street number ("non, 2 ans", "trois fois")
_NO_UNIT = (r"(?!\s*(?:ans?|mois|jours?|semaines?|heures?|h\b|fois|euros?|minutes?|%|€|"
            r"verres?|bières?|litres?|ml|mg|cl))")
# a street number corrected right after its address ("14 allée X, euh, non, 16", "au douze rue
# Y pardon au quatorze"), and said again ("non, 16, c'est le 16"): the number, in digits or words
def _corrected(words: str) -> str:
    """A correction said after what it corrects: "euh, non,", "non pardon", "enfin"."""
    return rf"[\s,.…]*(?:euh[\s,.…]*)?(?:{words})[\s,.…]*(?:(?:non|pardon|euh)[\s,.…]*)?"


_STREET_NUMBER = (r"(?P<n>\d{1,4}(?:\s?(?:bis|ter))?|" + _STREET_NUMBER_SAID + r")(?![\w\-])"
                  + _NO_UNIT)
STREET_NUMBER_CORRECTED = re.compile(
    _corrected("non|pardon") + r"(?:c['’]est\s+(?:le\s+|au\s+)?|au\s+|le\s+)?" + _STREET_NUMBER)
STREET_NUMBER_AGAIN = re.compile(r"[\s,.…]*c['’]est\s+(?:le\s+|au\s+)?" + _STREET_NUMBER)
# street words that are never common nouns after a number ("deux place de parking" is no address)
_PLAIN_STREETS = r"rue|avenue|boulevard|impasse|allée|quai|square"
# the number said before its street with "de": "au 6 de la rue X", "au douze du boulevard X"
_OF_STREET = r"(?:,?\s+(?:de\s+la|de\s+l['’]|du|des)(?=\s|(?<=['’])))?"
_AT_STREET = r",?\s*(?<=\s|['’])"  # a space before the street word, or the apostrophe of "l'"
# street words that are no common noun before "de" after a number ("deux place de parking" is)
_LINKED_STREETS = (r"rue|avenue|boulevard|impasse|allée|chemin|quai|square|traverse|sentier|"
                   r"montée|lotissement|hameau|lieu-dit|faubourg|esplanade|chaussée|route|"
                   r"promenade|corniche|ruelle|venelle|digue")
_BUILDING = r"(?:,?\s+(?:bâtiment|bât\.|escalier|esc\.|appartement|appt\.?|étage)\s+\w{1,4})"
ADDRESS = re.compile(
    "|".join([
        # 14 rue des Glycines (, 93500 Pantin) -- with a number, lower-case names accepted; the
        # street's word capitalised as letters and forms write it too ("12 Rue X", "4 ALLÉE DES Y")
        _B + rf"\d{{1,4}}(?:\s?(?:bis|ter|[a-c]))?{_OF_STREET}{_AT_STREET}"
        rf"(?i:{STREET_WORDS})\s+(?:{_LINK})?(?:{_NAME_SEQ}|{_LOWER_NAME}){_POSTCODE}?{_BUILDING}?",
        # rue des Glycines / boulevard National -- no number: the name must be capitalised;
        # "allée", "passée"... after an auxiliary are a verb ("je suis allée aux X")
        _B + _NOT_AFTER_AUXILIARY
        + rf"(?:{STREET_WORDS})\s+(?:{_LINK})?{_NAME_SEQ}{_POSTCODE}?{_BUILDING}?",
        # a street number said in words ("au douze rue X", "cent vingt-deux chemin de la X",
        # "trois bis allée X"): a lower-case street name only after a word that is no common noun
        _B + _STREET_NUMBER_SAID + rf"{_OF_STREET}{_AT_STREET}"
        rf"(?:(?:{STREET_WORDS})\s+(?:{_LINK})?{_NAME_SEQ}"
        rf"|(?:{_PLAIN_STREETS})\s+(?:{_LINK})?{_LOWER_NAME}"
        # any street word with "de", "des", "du" before a lower-case name ("trente chemin des x")
        rf"|(?:{_LINKED_STREETS})\s+{_LINK}{_LOWER_NAME}){_POSTCODE}?{_BUILDING}?",
        # a postcode followed by a town (and Cedex), never the label of the form's next field
        # ("93500 Pantin Téléphone : ...", "Tél. :")
        _B + r"(?:BP\s?\d{1,5},?\s+)?" + DEPARTMENT_CODE + r"\s?\d{3}\s+" + _CAP
        + r"(?:[\s\-]" + _TOWN_WORD + r")*(?:\s+Cedex)?",
        # a post-office box
        r"\bBP\s?\d{1,5}\b",
    ]),
)

_ORDINALS = (
    "premier|deuxième|troisième|quatrième|cinquième|sixième|septième|huitième|neuvième|"
    "dixième|onzième|douzième|treizième|quatorzième|quinzième|seizième|dix-septième|"
    "dix-huitième|dix-neuvième|vingtième|\\d{1,2}(?:e|ème|eme|er)"
)
# an ordinal alone, as an arrondissement is said
ORDINAL = re.compile(rf"(?:{_ORDINALS})", re.IGNORECASE)
# an arrondissement: a part of a town
DISTRICT = re.compile(
    rf"(?<=\bdans le )(?:{_ORDINALS})(?=\s*[,.;:!?)]|\s+arrondissement)"
    rf"|\b(?:{_ORDINALS})\s+arrondissement\b"
    r"|(?:(?<=\bParis )|(?<=\bLyon )|(?<=\bMarseille ))\d{1,2}(?:e|ème|er)\b",
    re.IGNORECASE,
)
# "Lyon septième", "Marseille (15e)", "marseille, le treizième": the arrondissement after its city
DISTRICT_OF_CITY = re.compile(
    rf"\b(?:paris|lyon|marseille)(?:\s|\s?\(|,\sle\s|\sle\s)(?P<id>{_ORDINALS})(?![\w\-])"
    r"(?!\s+[a-zà-ÿ])",
    re.IGNORECASE,
)

# "dans le quinzième": an arrondissement said alone, where one lives, with nothing after it
# but a pause or a small word of speech ("dans le quinzième jour" is no place)
# ... or after "du", "tout le" ("les jeunes du quinzième, ..."), never after someone who lives
# on that floor ("la dame du quatrième", "celui du troisième")
_FLOOR_PEOPLE = ("dame", "dames", "voisin", "voisine", "voisins", "celui", "celle", "ceux",
                 "gars", "type", "mec", "fille", "famille", "monsieur", "madame", "vieux",
                 "vieille", "petit", "petite")
# "du" but after one of them
_DU_NOT_FLOOR = "".join(rf"(?<!\b{w}\s)" for w in _FLOOR_PEOPLE) + r"\bdu"
DISTRICT_SAID = re.compile(
    rf"(?:\bdans\s+le|\btout\s+le|{_DU_NOT_FLOOR})"
    rf"\s+(?P<id>(?!premier){_ORDINALS})(?![\w\-])"
    r"(?=\s*(?:[,.!?;:)\]…]|$)|\s+\d{1,2}:\d{2}|\s+(?:ouais|euh|et|ou|hein|mais|depuis|donc|quoi|"
    r"là|avec|pour|"
    r"ça|c'est|on|je|j'|il|elle|à|nord|sud|aux|au|la|le|les|chez|vers|près|dans|sur)\b"
    # or the next speaker's label: "... dans le quinzième TS : ..."
    r"|\s+(?-i:[A-Z][\w\-]{0,12})\s?:)",
    re.IGNORECASE,
)

# a text that names a city said by its arrondissements (or the word itself): there, an ordinal
# after "le", "du" or "dans le" is one of them when a pause, the text's end, a timing, the next
# speaker's label (lower-case too: "e :") or a small word of speech or of place follows it
# ("c'est le cinquième à côté de...", "les patients du troisième e : ...", "il habite dans le
# treizième maintenant"), never a floor's neighbour ("la dame du quatrième") and never before a
# noun ("le troisième enfant", "la troisième fois")
CITY_WITH_DISTRICTS = re.compile(r"(?i)\b(?:marseille|paris|lyon|arrondissements?)\b")
DISTRICT_IN_CITY_TEXT = re.compile(
    rf"(?:(?<![\w'’-])le|{_DU_NOT_FLOOR})\s+(?P<id>(?!premier|\d){_ORDINALS})(?![\w\-])"
    r"(?=\s*(?:[,.!?;:)\]…]|$)|\s+\[?\d{1,2}:\d{2}|\s+[\w\-]{1,12}\s?:(?!\d)"
    r"|\s+(?:et|ou|le|la|les|à|vers|maintenant|pardon|non|enfin|euh|hein|rue|avenue|boulevard"
    r"|chemin|cité|quartier|près|depuis|là|aussi|nord|sud)\b)",
    re.IGNORECASE,
)

# between two arrondissements listed ("le quinzième et le seizième", "le quatorzième, le
# quinzième"), or what says one is where someone is ("dans le treizième pardon")
DISTRICTS_JOINED = re.compile(r"[ \t]*+(?:,[ \t]*+)?(?:(?:et|ou)[ \t]++)?")
DANS_BEFORE = re.compile(r"(?i)(?<![\w'’-])dans\s+$")


def _districts_listed(text: str) -> list[tuple[int, int]]:
    """In a text that names no city, the arrondissements said as ordinals the way
    ``DISTRICT_IN_CITY_TEXT`` reads them where one is named, but only two or more listed
    together, or one said after "dans": a single "le troisième" may be a child, a floor, a
    rank."""
    matches = list(DISTRICT_IN_CITY_TEXT.finditer(text))
    listed = set()
    for i, (a, b) in enumerate(itertools.pairwise(matches)):
        if DISTRICTS_JOINED.fullmatch(text, a.end("id"), b.start()):
            listed |= {i, i + 1}
    return [m.span("id") for i, m in enumerate(matches)
            if i in listed or DANS_BEFORE.search(text, max(0, m.start() - 8), m.start())]


# an arrondissement corrected right after one found ("dans le seizième, enfin le quinzième",
# "le treizième non pardon le quatorzième"): the other one too
DISTRICT_CORRECTED = re.compile(
    _corrected("enfin|non|pardon")
    + rf"(?:dans\s+)?(?:le|du)\s+(?P<n>(?!premier){_ORDINALS})(?![\w\-])",
    re.IGNORECASE,
)
# a building, a tower, a staircase: a letter or number after the word
BUILDING = re.compile(
    r"\b(?:bât\.|bât|bâtiment|tour|escalier|esc\.|entrée)\s(?=[A-Z0-9])[A-Z]?\d{0,3}[A-Z]?\b"
)
# a day of the month said alone before a comma (not 15, 17, 18: the emergency numbers), in
# digits or in words, before a comma or a filler ("le vingt-six, en août", "le vingt-six euh pour
# Noël"; not "le premier, ...": the first one)
_DAY_SAID = ("deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|seize|"
             "dix-neuf|vingt|vingt-et-un|vingt et un|vingt-deux|vingt-trois|vingt-quatre|"
             "vingt-cinq|vingt-six|vingt-sept|vingt-huit|vingt-neuf|trente|trente-et-un|"
             "trente et un")
_LATE_DAY_SAID = _DAY_SAID.split("|dix|", 1)[1]
_DAY_DIGITS = r"(?:[1-9]|1[0-46-9]|2\d|3[01])(?<!17)(?<!18)"
# (before a filler, a day from the tenth only: "le deux euh" is two of something)
DAY_ALONE = re.compile(
    rf"(?<![\w'’])[Ll]e\s(?P<id>(?:{_DAY_DIGITS}|(?:{_DAY_SAID})(?![\w\-]))(?=\s*,)"
    rf"|(?:(?=[123])(?:{_DAY_DIGITS})(?<=\d\d)|(?:{_LATE_DAY_SAID})(?![\w\-]))(?=\s*euh\b))"
)
# a small employer named "X et Fils", "X Services", or after its trade ("X BTP", "Nettoyage X 93")
_TRADES = r"(?:BTP|Bâtiment|Transports|Rénovation|Immobilier|Nettoyage|Propreté|Déménagement)"
COMPANY = re.compile(
    r"\b(?:[A-Z][\w'’\-]+\s){1,3}(?:et|&)\s(?:Fils|Frères|Cie|Associés)\b"
    r"|\b(?:[A-Z][\w'’\-]+\s){0,3}[A-Z][\w'’\-]*Services(?:\s\d{2,3})?\b"
    rf"|\b(?:[A-Z][\w'’\-]+\s){{1,2}}{_TRADES}(?:\s\d{{2,3}})?\b"
    rf"|\b{_TRADES}(?:\s[A-Z][\w'’\-]+){{1,2}}(?:\s\d{{2,3}})?\b"
)
# an arrondissement said alone after an article (not an ordinal before a lower-case noun: a floor)
ARRONDISSEMENT = re.compile(
    r"\b(?:le|du|au|jusqu'au|jusqu’au)\s(?P<id>\d{1,2}(?:e|ème|er))\b(?!\s+[a-zé])"
)

# a postcode alone, said as a place after a preposition or "code postal"
POSTCODE = re.compile(
    r"\b(?:du|au|le|en|pas|ou|postal|c'est|c’est)\s(?P<id>(?:0[1-9]|[1-8]\d|9[0-5])\s?\d{3})"
    r"(?!\s*(?:€|euros?|habitants|patients|personnes|[.,]\d))\b"
)

# other numbers that point at one person, kept under the NIR type (the identifying numbers): a
# long run of digits in one word (an allocation, file, client or patient number), a number after
# the name of such a number, a French number plate, an IBAN
ID_NUMBER = re.compile(
    r"(?<![\w/\-])(?<!\d[.,])(?=[A-Z0-9\-]*\d{6})[A-Z0-9][A-Z0-9\-]{5,}(?![\w/]|[.,]\d)"
    r"(?!\s*(?:€|euros?|habitants|patients|personnes|km|kilom))"
    r"|(?:num[ée]ro|n°|matricule|identifiant|dossier)\s+(?:d['’]|de\s+)?"
    r"(?:allocataire|adh[ée]rent|client|patient|dossier|CAF|caf|MSA|fiscal|passeport|"
    r"titre de s[ée]jour|carte|P[ôo]le emploi|France Travail)?[^.?!\n\d]{0,25}?"
    r"(?P<id>(?<![\w/])(?<!\d[.,])(?=[A-Z0-9]*\d{4})[A-Z0-9]{5,}(?![\w/]|[.,]\d))",
    re.IGNORECASE,
)
# a NIR's key said after its digits: "..., clé 52", "et la clé c'est quatorze", "(52)"
NIR_KEY = re.compile(
    rf"(?:\d|{_UNITS})\s*,?\s*(?:et\s+)?(?:la\s+)?cl[ée](?:\s+de\s+contr[ôo]le)?\s*"
    rf"(?:c['’]est|:)?\s*(?:le\s+)?(?P<id>\d{{2}}|{_NUMBER_WORD})(?!\w)",
    re.IGNORECASE,
)
NIR_KEY_APART = re.compile(r"(?<=\d{3})\s*[(\[]\s*(?P<id>\d{2})\s*[)\]]")
PLATE = re.compile(r"(?<![\w\-])[A-Z]{2}[\- ]?\d{3}[\- ]?[A-Z]{2}(?![\w\-])")
IBAN = re.compile(r"(?<!\w)[A-Z]{2}\d{2}(?:\s?[\dA-Z]{4}){3,7}(?:\s?[\dA-Z]{1,3})?(?!\w)")

# an address said again in part: its words joined by the names of their signs ("x
# point y", "x tiret du bas 59"), every word one of the address's own
DICTATED = re.compile(rf"(?<![\w\-]){_WORD}(?>{_C}{_SIGN}{_C}{_WORD})++(?!\w)", re.IGNORECASE)
_AT_SPLIT = re.compile(r"(?i)\s*(?:@|\b(?:arr?obase?|arr?obaze|arr?obas|a commercial)\b)")
# the signs between the words, a hyphen aside (it joins the words of a number said in words)
_PIECES = re.compile(r"(?i)\s*(?:point|tiret(?:\s+du\s+(?:bas|six|huit)|\s+bas)?|underscore|"
                     r"under score|trait d['’]union|[._])\s*|\s+")


def _address_words(address: str) -> list[str]:
    """The words of an address's local part (before its at sign), numbers said in words
    written in digits."""
    local = _AT_SPLIT.split(address, maxsplit=1)[0].lstrip("@")
    return [said_number(w) if w.lower() in NUMBER_WORDS or "-" in w else w.lower()
            for w in _PIECES.split(local) if w]


# a number said after an address's words ("x point y soixante-neuf"), in digits or words
_NUMBER_AFTER = re.compile(rf"\s+(?P<n>\d{{1,4}}|(?:{_NUMBER_WORD})(?:\s+(?:{_NUMBER_WORD}))*)"
                           r"(?![\w\-])", re.IGNORECASE)


def email_echoes(text: str, found: list[Span]) -> Iterator[Span]:
    """A dictated e-mail or account name said again in part in the same text, with the number
    said after its words when the address holds the same digits ("x point y soixante-neuf"
    for x.y69@...)."""
    addresses = [_address_words(text[s:e]) for s, e, kind in found if kind == "EMAIL"]
    if not addresses:
        return
    words = [set(a) for a in addresses]
    digits = ["".join(w for w in a if w.isdigit()) for a in addresses]
    for m in DICTATED.finditer(text):
        start, end = m.span()
        if any(s < end and start < e for s, e, _ in found):
            continue
        said = [said_number(w) if w.lower() in NUMBER_WORDS or "-" in w else w.lower()
                for w in _PIECES.split(m.group(0)) if w]
        said = [w for w in said if re.fullmatch(r"(?i)point|tiret|underscore|du|bas|"
                                                r"trait|d['’]union", w) is None]
        if len(said) >= 2 and any(set(said) <= w for w in words):
            number = _NUMBER_AFTER.match(text, end)
            if number is not None and any(
                    (d := digits_said(number.group("n")).replace(" ", "")).isdigit() and d in ds
                    for ds in digits):
                end = number.end()
            yield start, end, "EMAIL"


# a postcode right after an address or a town: five digits, or said in words ("quatre-vingt-
# treize, cinq cents"); never a sum or a count
_POSTCODE_AFTER = re.compile(
    rf"\s*[,(]?\s*(?:(?P<digits>\d{{2}}\s?\d{{3}})|(?P<said>(?:{_NUMBER_WORD})"
    rf"(?:\s*,?\s*(?:{_NUMBER_WORD})){{0,3}}))"
    r"(?![\w\-]|\s*(?:€|euros?|habitants|personnes|ans|fois|[.,]\d))",
    re.IGNORECASE,
)
_DEPARTMENT = re.compile(r"(?:0[1-9]|[1-8]\d|9[0-5]|97|2[AB])\d{3}")


def postcode_after(text: str, end: int) -> tuple[int, int] | None:
    """The span of a postcode said or written just after ``end`` (where an address or a town
    ends), or None."""
    m = _POSTCODE_AFTER.match(text, end)
    if m is None:
        return None
    group = "digits" if m.group("digits") else "said"
    said = m.group(group)
    digits = said.replace(" ", "") if group == "digits" else digits_said(said)
    thousands = re.fullmatch(r"(?i)(.+?)\s+mille(?:\s+(.+))?", said) if group == "said" else None
    if thousands is not None:
        # "treize mille quatre" is 13004 and "cinquante-neuf mille" 59000, said as a number
        left, right = digits_said(thousands.group(1)), digits_said(thousands.group(2) or "")
        if left.isdigit() and len(left) <= 2 and left != "2" \
                and (not right or right.isdigit() and len(right) <= 3):  # "deux mille x": a year
            digits = f"{int(left) * 1000 + int(right or 0):05d}"
    if _DEPARTMENT.fullmatch(digits) is None:
        return None
    return m.start(group), m.end(group)


# "le code postal (de madame x) c'est ...": a postcode said after its name, a few words between
_POSTCODE_CUE = re.compile(r"(?i)\bcode\s+postal\b")
_CUE_REACH = 50  # characters between the cue and the number


def said_postcodes(text: str) -> Iterator[tuple[int, int]]:
    """Postcodes said in words or digits after the words "code postal"."""
    for cue in _POSTCODE_CUE.finditer(text):
        for gap in re.finditer(r"\s", text[cue.end():cue.end() + _CUE_REACH]):
            at = cue.end() + gap.start()
            if re.match(r"[.?!\n]", text[at - 1:at]):
                break
            span = postcode_after(text, at)
            if span is not None:
                yield span
                break


# the study's local networks (DOMAIN.md, "Who speaks": one network per site): named in a
# quotation each points at one team, like its site, so it goes whatever its case; the national
# coordination (CNRMS) stays, as the attributions name it
STUDY_NETWORK = re.compile(r"(?i)(?<![\w/])(?:bus\s*31\s*/\s*32|proses|ithaque)(?![\w/])")

# a word said to be someone's name right after it ("x, c'est mon prénom", "y c'est son vrai
# nom", "oui z c'est mon nom"): a word of the language, a country or a trade too, it is what
# someone is called; never a word with its article or a possessive before it ("le problème
# c'est mon nom", "en fait, c'est son nom"), a small word or an ordinal ("le premier c'est mon
# prénom"), a correction or what is made of a name ("mon mail c'est mon nom"); the pipeline
# drops a filler, a title and a role ("docteur, c'est mon nom")
_NOT_DECLARED = (r"(?!(?:ça|ca|ce|cela|lui|elle|celui|celle|oui|non|ouais|bon|voilà|voila|là"
                 r"|ici|aussi|euh|ben|bah|nom|prénom|prenom|pareil|même|meme|tout|rien|qui"
                 r"|quoi|et|ou|mais|donc|alors|enfin|sinon|pas|plus|premier|première|premiere"
                 r"|second|seconde|deuxième|deuxieme|dernier|dernière|derniere|autre|pardon|mail"
                 r"|e-mail|email|pseudo|identifiant|login|adresse|compte|signature)(?![\w\-]))")
NAME_DECLARED = re.compile(
    r"(?i)(?<![\w'’\-])(?<!le )(?<!la )(?<!les )(?<!un )(?<!une )(?<!ce )(?<!cet )(?<!cette )"
    r"(?<!mon )(?<!ma )(?<!ton )(?<!ta )(?<!son )(?<!sa )(?<!du )(?<!des )(?<!de )(?<!en )"
    rf"{_NOT_DECLARED}(?P<id>[^\W\d_][\w\-]{{2,}})\s*,?\s*(?:euh\s*,?\s*)?"
    r"c['’]est\s+(?:mon|ton|son|votre|notre|leur)\s+(?:vrai\s+)?(?:pr[ée]nom|nom)(?![\w])")

# a nickname with its article, said to be one right after it ("le x, on l'appelait comme ça",
# "la y qu'on l'appelle", "le z... enfin on l'appelait comme ça", "le w c'est son surnom"):
# a demonym, a word to keep, a word of the language, it is what someone is called
# (never a time: "le matin on l'appelle", "elle l'appelle le Dimanche.")
_NOT_A_TIME = (r"(?!(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|matin|soir|midi"
               r"|lendemain|week-end|jour|mois|nuit|semaine)(?![\w\-]))")
NICKNAME_CALLED = re.compile(
    rf"(?i)(?<![\w'’])(?:le|la)\s+(?:«\s*)?{_NOT_A_TIME}(?P<id>[^\W\d_][\w\-]{{2,}})"
    # (possessive: a long run of spaces is read one way only, not in quadratic time)
    r"(?:\s*+»)?"
    r"\s*+(?:(?:,|\.\.\.|…)\s*+)?(?:(?:enfin|euh)\s++)?"
    r"(?:qu['’]on\s+l['’]appel\w*|comme\s+on\s+l['’]appel\w*"
    r"|on\s+l['’]appel\w*\s+comme\s+ça|on\s+l['’]appelait(?=\s*[,.;])"
    r"|c['’]est\s+(?:son|mon|ton)\s+surnom)")
# ... or given just before it, capitalised ("tout le monde l'appelle le X, parce que", "ils
# l'appelaient la Y alors que"), a pause or the clause going on after it (in lower case, the
# rules of cues.py read it)
NICKNAME_GIVEN = re.compile(
    r"(?i)(?<![\w'’])l['’]appel(?:le|lent|ait|aient)\s+(?:le|la)\s+"
    rf"{_NOT_A_TIME}(?P<id>(?-i:[A-ZÀ-Þ])[\w\-]{{2,}})"
    r"(?=\s*[,.;!?]|\s+(?:parce|car|alors|qui|depuis|dans|au|à|mais|et|c['’]est|comme|il|elle)"
    r"(?![\w'’]))")

# a name spelled letter by letter, as dictated ("x, je l'épelle, a b c d"): four letters or more,
# each a word of its own, a doubled one said "deux l" or "double l"; "a", "à" and "y" alone
# are words ("il y a") and never open a run
_LETTER = r"(?:(?:deux|double)\s+)?[^\W\d_]"
SPELLED = re.compile(
    rf"(?<![\w'’\-])(?![aày][\s,])(?:{_LETTER}(?:\s*[,.\-]?\s+|-)){{3,}}{_LETTER}(?![\w'’])",
    re.IGNORECASE)

# a group's, a channel's or a page's own name, given in quotes within the sentence that speaks
# of it ("le groupe Facebook « x »", "sa chaîne, elle s'appelle « x »"): it names its members
GROUP_WORD = re.compile(r"(?i)(?<!\w)(?:groupe|chaîne|chaine|page|conversation|serveur)s?"
                        r"(?!\w)")
QUOTED = re.compile(r"«\s*([^»\n]{2,60}?)\s*»|\"([^\"\n]{2,60}?)\"")
GROUP_WINDOW = 160  # characters after the group word, within its sentence
# the pronouns and verbs of a sentence said: a quote holding one is speech, not a name
SPEECH_WORDS = frozenset("je j' tu t' il elle on nous vous ils elles ça ca c' me m' te se s' "
                         "est suis es sont ai as a avons avez ont vais va fait pas ne n'".split())


def group_names(text: str) -> Iterator[Span]:
    """The quoted names after a group word, up to the end of its sentence."""
    for g in GROUP_WORD.finditer(text):
        window = text[g.end():g.end() + GROUP_WINDOW]
        stop = re.search(r"(?<!\.)[.?!](?!\.)(?=\s|$)|\n", window)
        if stop is not None:
            window = window[:stop.start()]
        for q in QUOTED.finditer(window):
            which = 1 if q.group(1) is not None else 2
            words = re.findall(r"\w+'?", q.group(which).lower())
            # a name, not words said in the group ("« je tiens bon »"); "est" of the region
            # Grand Est is no verb
            said = [w for i, w in enumerate(words)
                    if not (w == "est" and i and words[i - 1] == "grand")]
            if len(words) <= 6 and not SPEECH_WORDS.intersection(said):
                yield g.end() + q.start(which), g.end() + q.end(which), "PER"


# a form's field of a person's name ("Nom : X", "NOM DE NAISSANCE : Y", "Nom et prénom : X Z",
# "Personne à prévenir : Mme W"): the name written after it, in capitals as forms have it, up to
# the next field, a bracket or the line's end; never a placeholder ("X", "Non renseigné", "NC")
_NAME_FIELD = (r"(?i:nom(?:\s+(?:de\s+famille|de\s+naissance|d['’]usage|de\s+jeune\s+fille|"
               r"marital|patronymique|et\s+pr[ée]nom))?|pr[ée]nom(?:\s+et\s+nom)?|"
               r"personne\s+(?:à|a)\s+pr[ée]venir|personne\s+de\s+confiance)")
_FIELD_TITLE = r"(?:(?:M\.|Mme|Mlle|Mr|Monsieur|Madame|Dr|Docteur)[ \t]+)?"
_PLACEHOLDERS = r"(?:X+|N\.?C\.?|Non|Inconnu|Anonyme|Néant|N/A|Idem)(?![\w'’\-])"
NAME_FIELD = re.compile(
    rf"(?<![\w])(?:{_NAME_FIELD})[ \t]*:[ \t]*{_FIELD_TITLE}"
    rf"(?!{_PLACEHOLDERS})(?P<id>[A-ZÀ-Þ][\w'’\-]*(?:[ \t]+(?!{_NAME_FIELD}[ \t]*:)"
    r"[A-ZÀ-Þ][\w'’\-]*){0,3})")
# a form's field of a place ("Ville : X", "Lieu de naissance : Y", "Commune de résidence : Z"):
# the name written after it, up to the next field, a bracket or the line's end
_PLACE_FIELD = (r"(?i:ville|commune(?:\s+de\s+r[ée]sidence)?|lieu\s+de\s+naissance|"
                r"n[ée]e?\s+[àa]|domicile|localit[ée])")
PLACE_FIELD = re.compile(
    rf"(?<![\w])(?:{_PLACE_FIELD})[ \t]*:[ \t]*(?!{_PLACEHOLDERS})"
    r"(?P<id>[A-ZÀ-Þ][\w'’\-]*(?:[ \t]+(?!(?i:code|cp|t[ée]l)\b)[A-ZÀ-Þ][\w'’\-]*){0,3})")
FINDERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("EMAIL", EMAIL),
    ("EMAIL", SPOKEN_EMAIL),
    ("EMAIL", PROVIDER_EMAIL),
    ("EMAIL", HANDLE),
    ("EMAIL", SHAPED_HANDLE),
    ("EMAIL", URL),
    ("EMAIL", SPOKEN_URL),
    ("NIR", NIR),
    ("NIR", SPOKEN_NIR),
    ("NIR", NIR_KEY),
    ("NIR", NIR_KEY_APART),
    ("NIR", ID_NUMBER),
    ("NIR", PLATE),
    ("NIR", IBAN),
    ("PHONE", PHONE),
    ("PHONE", SPOKEN_PHONE),
    ("DATE", DATE),
    ("DATE", SPOKEN_DATE),
    ("DATE", HEADER_DATE),
    ("DATE", LINE_DATE),
    ("DATE", BRACKET_DATE),
    ("DATE", SPACED_LINE_DATE),
    ("DATE", BIRTH_MONTH),
    ("ADDRESS", ADDRESS),
    ("ADDRESS", POSTCODE),
    ("ADDRESS", BUILDING),
    ("DATE", DAY_ALONE),
    ("LOC", DISTRICT),
    ("LOC", DISTRICT_OF_CITY),
    ("LOC", DISTRICT_SAID),
    ("LOC", ARRONDISSEMENT),
    ("ORG", COMPANY),
    ("ORG", STUDY_NETWORK),
    ("PER", SPELLED),
    ("PER", NAME_FIELD),
    ("LOC", PLACE_FIELD),
)


# the labels diarization and transcription software give the speakers ("SPEAKER_02", "Speaker
# 1", "Locuteur 2", "Intervenant 3", "SPK1", "P2"): a label, never an account, a handle or a
# person
SPEAKER_LABEL = re.compile(
    r"(?i)(?<![\w@.])(?:speaker|spk|locut(?:eur|rice)|intervenante?|orat(?:eur|rice)"
    r"|participante?|p)[_ \t]?\d{1,3}(?![\w@])")


# a caption file's timing (SRT, WebVTT: "00:00:25,800 --> 00:00:29,100") and the cue's number
# before it (not a number's last group: "... 980 930 00:00:09.500"), flattened into the text or
# not: no date's day, no street's number, no phone's group
CAPTION_TIMING = re.compile(
    r"(?<![\w:])(?:(?<!\d)(?<!\d[ \t])\d{1,4}\s{1,3})?"
    r"(?:\d{1,2}:)?\d{2}:\d{2}[,.]\d{3}[ \t]*-->[ \t]*(?:\d{1,2}:)?\d{2}:\d{2}[,.]\d{3}(?![\d:])")


# what names an e-mail address just before it is dictated ("mon mail c'est", "adresse e-mail :")
MAIL_CUE = re.compile(r"(?i)(?<!\w)(?:e-?mail|mail|courriel|adresse (?:e-?mail|mail|"
                      r"[ée]lectronique))\s*(?:c['’]est|c['’][ée]tait|:)\s*")
MAIL_CUE_REACH = 80  # characters between the cue and the address the patterns read
MAIL_OPENING_WORDS = 10  # words at most between them: the address said before its repair
_SIGN_SAID = re.compile(r"(?i)(?<!\w)(?:point|tiret|underscore|arr?obase)(?!\w)")


def email_openings(text: str, found: list[Span]) -> Iterator[Span]:
    """A dictated e-mail address from the cue that names it: the words the patterns did not
    read as its start ("mon mail c'est la x y soixante-neuf arobase ...", an attempt given up
    before the address said again: "c'est x point y euh arobase non attendez z point y
    arobase ..."). Only the first address after the cue, and only words of an address (a
    sign's name among them) or three words at most; never across a sentence's end, another
    "c'est" or another identifier ("c'est mon prénom et mon nom, x.y@...")."""
    emails = sorted((s, e) for s, e, kind in found if kind == "EMAIL")
    if not emails:
        return
    starts = sorted(s for s, _, _ in found)
    for cue in MAIL_CUE.finditer(text):
        i = bisect_left(emails, (cue.end(), -1))
        if i == len(emails) or emails[i][0] - cue.end() > MAIL_CUE_REACH:
            continue
        start, end = emails[i]
        between = text[cue.end():start]
        words = between.split()
        if not words or re.search(r"[.?!;\n]\s|c['’]est|c['’][ée]tait", between) \
                or len(words) > MAIL_OPENING_WORDS \
                or len(words) > 3 and not _SIGN_SAID.search(between) \
                or bisect_left(starts, cue.end()) != bisect_left(starts, start):
            continue
        yield cue.end(), end, "EMAIL"


def find_patterns(text: str) -> Iterator[Span]:
    """Every shaped identifier in ``text``; overlaps are resolved by the caller."""
    timings = [m.span() for m in CAPTION_TIMING.finditer(text)] if "-->" in text else []
    ends = [e for _, e in timings]  # in order, as the timings never overlap
    for start, end, label in _find_patterns(text):
        # the first timing ending after the span's start: what runs into it ends before it
        i = bisect_right(ends, start)
        if i < len(timings) and timings[i][0] < end:
            s = timings[i][0]
            end = start if start >= s else start + len(text[start:s].rstrip())
        if end > start:
            yield start, end, label


def _find_patterns(text: str) -> Iterator[Span]:
    found = list(number_runs(text))
    for label, pattern in FINDERS:
        for m in pattern.finditer(text):
            # a pattern with an "id" group matches context around the identifier; an
            # alternative without it is the identifier whole
            start, end = m.span("id") if "id" in pattern.groupindex \
                and m.group("id") is not None else m.span()
            while end > start and text[end - 1] in " ,.;:-'’":
                end -= 1
            if end > start:
                found.append((start, end, label))
    if CITY_WITH_DISTRICTS.search(text):
        found += [(*m.span("id"), "LOC") for m in DISTRICT_IN_CITY_TEXT.finditer(text)]
    else:
        found += [(*span, "LOC") for span in _districts_listed(text)]
    found += group_names(text)
    yield from found
    # a number or an address said again in part, once the whole is known
    yield from echoes(text, found)
    yield from corrections(text, found)
    yield from email_echoes(text, found)
    yield from email_openings(text, found)
