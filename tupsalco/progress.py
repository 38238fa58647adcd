"""Progress of a long task (an import): items done out of a total, and the time left.

A task calls ``progress(done, total, name)`` after each item; the faces show a bar. The time
left is read from the pace since the first item was done, so the model's loading and the
first document's wait do not weigh on it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Progress = Callable[[int, int, str], None]


class Eta:
    """The time left to a task, at the pace of the items done so far."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.origin: tuple[float, int] | None = None  # (when, done) at the first item done

    def remaining(self, done: int, total: int) -> float | None:
        """Seconds left, or ``None`` while the pace is not known yet."""
        now = self.clock()
        if done <= 0:
            return None
        if self.origin is None:
            self.origin = (now, done)
            return None
        since, done_then = self.origin
        if done <= done_then or now <= since:
            return None
        return (total - done) * (now - since) / (done - done_then)


def french_duration(seconds: float | None) -> str:
    """« environ 3 min », for a person waiting; empty while unknown."""
    if seconds is None:
        return ""
    if seconds < 60:
        return "moins d'une minute"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"environ {minutes} min"
    return f"environ {minutes // 60} h {minutes % 60:02d}"
