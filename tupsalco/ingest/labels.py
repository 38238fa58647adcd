"""How a message names a file without quoting its name.

File names often say whose interview a file holds (``PAT01_Belkacem_Yanis.txt``), so an
error or a log never prints one: it says which file of the batch it was and the part of the
name that is a study id (``fichier 3 du lot (PAT01….txt)``), the rest left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import TupsalcoError

# a study id as the sheets write them: capitals then digits (PAT01, MG01, COO01, X42)
ID_SHAPE = re.compile(r"[A-Z]{1,6}\d{1,4}")
TOKEN = re.compile(r"[^\W_]+")  # letters and digits; "_", "-", ".", spaces separate
SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")


def split_suffix(name: str) -> tuple[str, str]:
    """``("PAT01_entretien", ".docx")``; a name without a file type keeps all of itself."""
    m = SUFFIX.search(name)
    return (name[:m.start()], m.group()) if m and m.start() > 0 else (name, "")


def study_ids(stem: str, known: Iterable[str] = ()) -> list[str]:
    """The words of a name that are study ids: a participant id of the sheet (in any case,
    written as the sheet writes it) or a word shaped like one."""
    by_fold = {k.casefold(): k for k in known}
    out = []
    for word in TOKEN.findall(stem):
        found = by_fold.get(word.casefold()) or (word if ID_SHAPE.fullmatch(word) else None)
        if found and found not in out:
            out.append(found)
    return out


def file_label(name: str, known: Iterable[str] = (), number: int | None = None) -> str:
    """``fichier 3 du lot (PAT01….txt)``, ``PAT01.docx`` when the name is the id alone,
    ``fichier 3 du lot (.txt)`` when it holds no id."""
    stem, suffix = split_suffix(name)
    ids = study_ids(stem, known)
    whole = bool(ids) and "_".join(ids) == stem
    shown = "_".join(ids) + ("" if whole or not ids else "…") + suffix
    if number is None:
        return shown if ids else f"le fichier ({suffix or 'sans type'})"
    return f"fichier {number} du lot ({shown})"


def relabel(exc: TupsalcoError, name: str, label: str) -> TupsalcoError:
    """The same error, its message and ``file`` naming the file by ``label`` instead of its
    name (the readers write ``name: what went wrong``)."""
    exc.args = (str(exc).replace(name, label),)
    exc.file = label
    return exc
