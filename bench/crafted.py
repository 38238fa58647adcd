"""Crafted texts against the pseudonymiser's patterns: is any of them slower than real text?

    python bench/crafted.py [--chars 200000]

Each crafted text repeats, ``--chars`` characters long, what a pattern reads in a loop with no
end it can find (a dictated e-mail's words and signs with no top-level domain, a run of
spelled letters, of number words, of street words after numbers, of group words, of dates'
pieces, of phone numbers said with repairs, of mail cues, of words then long runs of spaces
before "c'est"...). `find_patterns` (the shaped identifiers: e-mails, phones, NIR, dates,
addresses, spoken numbers, group names, arrondissements) and the nickname and declared-name
patterns read each one; the reference, in the same run, is
the same reading of the same length of real text (the demo corpus's interviews, repeated). A
pattern that backtracks exponentially shows as a ratio of thousands, or as the time limit
reached.
Each text runs in a child process killed after ``--limit`` seconds.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# what each crafted text repeats (a space ends every unit)
UNITS = {
    "e-mail: words and 'point', no TLD": ("x point y arobase ", "mot point "),
    "e-mail: words, no sign, no TLD": ("x arobase ", "mot mot point "),
    "e-mail: commas and fillers": ("x arobase ", "mot , euh , point , "),
    "e-mail: local part, no at sign": ("", "mot point mot tiret du bas "),
    "spelled letters, hyphenated": ("", "a-b-c-d-e-f-g-h-"),
    "spelled letters, spaced": ("mon mail c'est ", "n a d i a "),
    "number words": ("zéro six ", "douze trente quatre "),
    "digits in pairs": ("", "06 12 "),
    "street number words": ("", "douze rue des douze rue "),
    "capitalised street words": ("", "12 Rue De La "),
    "group words": ("un groupe whatsapp ", "les amis du groupe "),
    "dates' pieces": ("", "le 12 et le 13 du 3 au "),
    "handles and platforms": ("sur insta c'est ", "x tiret y point "),
    "form fields": ("", "Nom : Prénom : "),
    "arrondissements listed": ("", "le treizième et le "),
    "nicknames said": ("", "le x , enfin le y l'appelle le "),
    "phone repairs, no phone": ("", "06 non 07 non 08 non 09 non 11 non 12 non 13 non 14. "),
    "e-mail cues": ("", "mon mail c'est x point y euh arobase non z arobase w point fr "),
    "names declared, spaces and fillers": ("", "x" + " " * 60 + ", euh ," + " " * 60 + "c'est "),
}


def _time(text: str, queue: mp.Queue) -> None:
    from tupsalco.pseudonymise.patterns import (
        NAME_DECLARED,
        NICKNAME_CALLED,
        NICKNAME_GIVEN,
        find_patterns,
    )
    start = time.perf_counter()
    list(find_patterns(text))
    for pattern in (NICKNAME_CALLED, NICKNAME_GIVEN, NAME_DECLARED):  # read beside them
        list(pattern.finditer(text))
    queue.put(time.perf_counter() - start)


def timed(text: str, limit: float) -> float | None:
    """Seconds `find_patterns` took on ``text`` in a child process; None past ``limit``."""
    queue: mp.Queue = mp.Queue()
    child = mp.Process(target=_time, args=(text, queue))
    child.start()
    child.join(limit)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return queue.get()


def reference_text(chars: int) -> str:
    texts = [p.read_text(encoding="utf-8", errors="replace")
             for p in sorted((ROOT / "corpus").rglob("*.txt"))]
    text = "\n".join(texts) or "Bonjour, je m'appelle Karim et j'habite à Pantin.\n"
    return (text * (chars // len(text) + 1))[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=200_000)
    parser.add_argument("--limit", type=float, default=60.0)
    args = parser.parse_args()
    ref = timed(reference_text(args.chars), args.limit)
    print(f"reference: real text (corpus/), {args.chars:,} characters: {ref:.2f} s")
    print(f"{'crafted text':40} {'seconds':>9} {'x reference':>12}")
    for name, (head, unit) in UNITS.items():
        text = (head + unit * (args.chars // len(unit) + 1))[:args.chars]
        took = timed(text, args.limit)
        if took is None:
            print(f"{name:40} {'> ' + str(int(args.limit)):>9} {'-':>12}")
        else:
            print(f"{name:40} {took:9.2f} {took / ref:12.1f}")


if __name__ == "__main__":
    main()
