"""Finding a project's known names in a text: every occurrence, in every case.

A project knows thousands of names (its lexicon grows with each document), and a text is
searched for all of them. One regular expression holds them as a tree of their common
beginnings, so the engine follows one branch at each character instead of trying each name
in turn. Compiling it costs in proportion to the names: during an import, the names known
long ago stay in one compiled pattern, rebuilt only when the newer ones have grown, and the
newer ones go in a small pattern compiled each time. The two are searched together so that
they find exactly what one pattern of all the names would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

SEPARATOR = r"[\s\-]+"  # between the words of a form: spaces or hyphens, as written
REBUILD = 500  # newer forms past which (and past a quarter of the old) the old pattern is rebuilt


def compile_forms(forms: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every folded form (words separated by one space), whole words only;
    where several forms match at one place, the longest (as a list sorted by length would)."""
    tree: dict = {}
    for form in forms:
        node = tree
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not tree:
        return None
    return re.compile(rf"(?<![\w]){_pattern(tree)}(?![\w])")


def _pattern(node: dict) -> str:
    branches = []
    for ch, child in sorted(node.items()):
        if not ch:
            continue
        run = [ch]
        while len(child) == 1 and "" not in child:  # a chain without a choice: one literal
            ((ch, child),) = child.items()
            run.append(ch)
        piece = "".join(SEPARATOR if c == " " else re.escape(c) for c in run)
        branches.append(piece + _pattern(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class Finder:
    """The matches of several patterns, as one pattern of all their forms would give them:
    from each position, the earliest match, and there the longest."""

    def __init__(self, patterns: Iterable[re.Pattern[str] | None]) -> None:
        self.patterns = [p for p in patterns if p is not None]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if len(self.patterns) == 1:
            yield from self.patterns[0].finditer(text)
            return
        pos = 0
        ahead: list[re.Match[str] | None] = [None] * len(self.patterns)
        while pos <= len(text):
            for i, pattern in enumerate(self.patterns):
                if ahead[i] is None or ahead[i].start() < pos:
                    ahead[i] = pattern.search(text, pos)
            found = [m for m in ahead if m is not None]
            if not found:
                return
            best = min(found, key=lambda m: (m.start(), -m.end()))
            yield best
            pos = best.end() if best.end() > best.start() else best.end() + 1


class FormIndex:
    """A finder for a growing set of forms, whose pattern of older forms is kept."""

    def __init__(self) -> None:
        self.old: frozenset[str] = frozenset()
        self.old_pattern: re.Pattern[str] | None = None

    def finder(self, forms: Iterable[str], lasting: Iterable[str]) -> Finder | None:
        """A finder for ``forms``; ``lasting`` are the forms that stay known after this call
        (the lexicon's), those the older pattern may hold."""
        forms = set(forms)
        if not forms:
            return None
        newer = forms - self.old
        if not self.old <= forms or len(newer) > max(REBUILD, len(self.old) // 4):
            self.old = frozenset(set(lasting) & forms)
            self.old_pattern = compile_forms(sorted(self.old))
            newer = forms - self.old
        return Finder([self.old_pattern if self.old else None, compile_forms(sorted(newer))])
