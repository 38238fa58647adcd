"""Offsets: Python code-point positions in a document's stored (LF-only) text.

Rewriting a text is a pure function of character offsets; the :class:`OffsetMap` it returns
carries every other position (turns, marks, entities, codings) through the edit.
"""

from __future__ import annotations

import bisect
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
