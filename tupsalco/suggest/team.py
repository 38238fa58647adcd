"""A project's suggester kept up with its codings: each coding learned once, by its id.

Coding a passage does not retrain anything: at the next suggestion the codings added since
are encoded (those alone), the removed or recoded ones taken out of the sums, and the model
re-solved from the sums (``Suggester.learn``)."""

from __future__ import annotations

import threading

from ..coding import codebook
from ..project import Project
from ..records import AccountRole, Viewer
from ..store import reads
from .engine import Suggester


class TeamSuggester:
    """What ``learner``'s codings teach (a blind coder's own only; everyone's otherwise)."""

    def __init__(self, project: Project, learner: Viewer, encoder: str | None = "auto"
                 ) -> None:
        self.project, self.learner = project, learner
        self.engine = Suggester(codebook(project), encoder)
        self._version: int | None = None
        self._codes: dict[int, str] = {}
        self._lock = threading.Lock()

    def current(self) -> Suggester:
        """The engine, having learned every coding made since the last call."""
        with self._lock:
            version = self.project.version()
            if version != self._version:
                self._keep_up()
                self._version = version
            return self.engine

    def _keep_up(self) -> None:
        coders = (None if self.learner.role is AccountRole.ADMIN
                  else [self.learner.username])
        with self.project.db.session() as s:
            codes = reads.coding_codes(s, coders)
            changed = [i for i, c in codes.items() if self._codes.get(i) != c]
            quotes = reads.coding_quotes(s, changed)
        gone = [i for i in self._codes if i not in codes]
        self.engine.learn(quotes, forget=gone)
        self._codes = codes
