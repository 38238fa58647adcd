"""Intra-coder (test-retest) agreement: one coder's two passes over the same documents.

How a pass is kept: when a coder is to code documents again, an administrator sets the
codings they have made there aside as a *pass* (``coding.set_aside_pass``). The codings stay
as they were, signed ``"<coder> · passe <label>"``: no account has that name, so nobody can
change them, and a blind coder no longer sees them while coding the documents again. The
coder's new codings, under their own name, are the second pass. Several passes can be set
aside in turn ("1", "2", ...): any two of them, or one of them and the current codings,
are compared.

The figures are those of two coders (``characters.compare``), on the documents that both
passes coded: a document coded in one pass only says nothing about stability.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .characters import CodeAgreement, compare

PASS_MARK = " · passe "
PASS_LABEL = re.compile(r"^[\w\-]{1,20}$")  # "1", "2", "juin": a label, never a sentence

Codings = Sequence[tuple[int, str, str, int, int]]  # (document, code, coder, start, end)


def pass_name(coder: str, label: str) -> str:
    """The name a set-aside pass of ``coder`` is signed with."""
    return f"{coder}{PASS_MARK}{label}"


def split_pass(name: str) -> tuple[str, str | None]:
    """(coder, pass label), the label None for a coder's current codings."""
    coder, mark, label = name.rpartition(PASS_MARK)
    return (coder, label) if mark and coder else (name, None)


def passes(names: Iterable[str]) -> dict[str, list[str]]:
    """Per coder who has at least one set-aside pass: their passes' names, the set-aside ones
    by label, then their current codings (if they have any) last."""
    names = set(names)
    out: dict[str, list[str]] = {}
    for name in sorted(names):
        coder, label = split_pass(name)
        if label is not None:
            out.setdefault(coder, []).append(name)
    for coder, found in out.items():
        if coder in names:
            found.append(coder)
    return out


@dataclass(frozen=True, slots=True)
class Retest:
    """Two passes of one coder, compared on the documents both coded."""

    first: str  # the earlier pass's name
    second: str
    documents: tuple[int, ...]  # coded in both passes: what the figures rest on
    first_only: tuple[int, ...]  # coded in the first pass only (left out)
    second_only: tuple[int, ...]
    rows: tuple[CodeAgreement, ...]  # per code, characters pooled over ``documents``


def retest(codings: Codings, lengths: Mapping[int, int], first: str, second: str) -> Retest:
    """Kappa, alpha-binary and AC1 per code between two passes, characters as units."""
    docs = {who: {d for d, _, c, _, _ in codings if c == who} for who in (first, second)}
    both = docs[first] & docs[second]
    kept = [x for x in codings if x[2] in (first, second) and x[0] in both]
    return Retest(first, second, tuple(sorted(both)), tuple(sorted(docs[first] - both)),
                  tuple(sorted(docs[second] - both)),
                  tuple(compare(kept, lengths, [first, second])))
