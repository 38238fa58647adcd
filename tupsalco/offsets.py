"""Offsets: Python code-point positions in a document's stored (LF-only) text.

Rewriting a text is a pure function of character offsets; the :class:`OffsetMap` it returns
carries every other position (turns, marks, entities, codings) through the edit.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets of the original text to the rewritten one."""

    old_starts: tuple[int, ...]
    old_ends: tuple[int, ...]
    new_starts: tuple[int, ...]
    new_ends: tuple[int, ...]

    def to_new(self, pos: int, *, inside: str = "end") -> int:
        """The new offset of ``pos``. A point strictly inside a replaced span snaps to the
        replacement's end, or its start with ``inside="start"`` (the start of a span that
        must keep covering the replaced words)."""
        i = bisect.bisect_right(self.old_starts, pos) - 1
        if i < 0:
            return pos
        if pos < self.old_ends[i]:
            if pos == self.old_starts[i] or inside == "start":
                return self.new_starts[i]
            return self.new_ends[i]
        return pos - self.old_ends[i] + self.new_ends[i]


def rewrite(text: str, replacements: Sequence[tuple[int, int, str]]) -> tuple[str, OffsetMap]:
    """Replace non-overlapping ``(start, end, new)`` spans; a pure function of offsets."""
    pieces: list[str] = []
    old_s, old_e, new_s, new_e = [], [], [], []
    cursor = 0
    out_len = 0
    for start, end, new in sorted(replacements):
        if start < cursor:
            raise ValueError("overlapping replacements")
        pieces.append(text[cursor:start])
        out_len += start - cursor
        old_s.append(start)
        old_e.append(end)
        new_s.append(out_len)
        pieces.append(new)
        out_len += len(new)
        new_e.append(out_len)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), OffsetMap(tuple(old_s), tuple(old_e), tuple(new_s), tuple(new_e))


@dataclass(frozen=True, slots=True)
class Alignment:
    """Where the characters of a derived text sit in the text it was made from, when the
    derivation keeps pieces in order and drops the rest (speaker labels, timestamps, blank
    lines and spaces of a transcript read into turns)."""

    old_starts: tuple[int, ...]
    new_starts: tuple[int, ...]
    lengths: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The derived span of what ``[start, end)`` of the original kept; None if it kept
        nothing of it (a selection of a speaker label alone)."""
        i = max(bisect.bisect_right(self.old_starts, start) - 1, 0)
        first = last = None
        while i < len(self.old_starts) and self.old_starts[i] < end:
            lo = max(start, self.old_starts[i])
            hi = min(end, self.old_starts[i] + self.lengths[i])
            if lo < hi:
                if first is None:
                    first = self.new_starts[i] + lo - self.old_starts[i]
                last = self.new_starts[i] + hi - self.old_starts[i]
            i += 1
        return None if first is None or last is None else (first, last)


def align(original: str, derived: str) -> Alignment:
    """Align ``derived`` on ``original``: each line of ``derived`` is found whole where it can
    be, else word by word, always after the previous piece."""
    old: list[int] = []
    new: list[int] = []
    lengths: list[int] = []
    cursor = 0

    def keep(at: int, derived_at: int, length: int) -> None:
        old.append(at)
        new.append(derived_at)
        lengths.append(length)

    for line in re.finditer(r"[^\n]+", derived):
        at = original.find(line.group(), cursor)
        if at >= 0:
            keep(at, line.start(), len(line.group()))
            cursor = at + len(line.group())
            continue
        for word in re.finditer(r"\S+", line.group()):
            at = original.find(word.group(), cursor)
            if at >= 0:
                keep(at, line.start() + word.start(), len(word.group()))
                cursor = at + len(word.group())
    return Alignment(tuple(old), tuple(new), tuple(lengths))
