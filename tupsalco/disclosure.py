"""Statistical disclosure control for the committee's view, as statistical offices protect
published tables.

Hiding a cell drawn from fewer than k participants is not enough when the reader can ask
other questions: a theme's full list minus the lists shown leaves the hidden one, a count
for two bands minus the count for one gives the other, and a zero for a group of one person
tells what that person did not say. So:

- **a fixed partition of what may be asked**: the committee's lists are a theme's, or one
  profession's within a theme (no other filter, no two values at once); its tables are the
  whole project's themes against one attribute. Any answer is then a union of published
  cells, and two answers differ by published cells;
- **primary suppression**: a cell is masked when fewer than k participants speak in it (one
  at least), or when its group (the attribute's value) counts fewer than k interviewed
  participants in the project, whatever they said;
- **secondary suppression**: in each row (a theme), the masked cells together hold no
  speaker or at least k, and no participant of the project or at least k; otherwise the
  smallest shown cells are masked too. A theme's list minus the lists shown is then drawn
  from no one or from k people at least;
- **rounded counts**: every count shown to the committee is rounded to a multiple of k (the
  nearest, half up; one speaker or more never shows as 0), so the difference of two counts
  is 0 or k at least and never an exact small number.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping


def rounded(n: int, k: int) -> int:
    """``n`` to the nearest multiple of ``k`` (half up), at least ``k`` when ``n`` is not 0."""
    if n <= 0 or k <= 1:
        return max(n, 0)
    return max(k, (2 * n + k) // (2 * k) * k)


def _safe(ids: set[str], k: int) -> bool:
    return not ids or len(ids) >= k


def masked_cells(speakers: Mapping[str, Collection[str]], members: Mapping[str, Collection[str]],
                 k: int) -> set[str]:
    """The cells of one row to mask: ``speakers`` are, for each cell (an attribute's value),
    the participants who speak in it; ``members`` the project's participants with that
    value (a participant can be in two cells: CP/CDS)."""
    cells = set(speakers) | set(members)
    masked = {c for c in cells
              if len(members.get(c, ())) < k or 0 < len(speakers.get(c, ())) < k}

    def region(which: Mapping[str, Collection[str]]) -> set[str]:
        return {p for c in masked for p in which.get(c, ())}

    while not (_safe(region(speakers), k) and _safe(region(members), k)):
        shown = cells - masked
        if not shown:
            break
        # the cell that costs least: fewest speakers, then fewest members; one that speaks
        # first when the hidden speakers are too few (a silent cell would not help)
        need_speakers = not _safe(region(speakers), k)
        masked.add(min(shown, key=lambda c: (need_speakers and not speakers.get(c),
                                             len(speakers.get(c, ())),
                                             len(members.get(c, ())), c)))
    return masked
