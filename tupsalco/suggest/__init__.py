"""Code suggestions for a passage: the codebook's prior, what the team's codings teach, and the
baselines they are measured against (``bench/suggest.py``).

The names are imported on first use: the baselines pull in scikit-learn (a second of imports),
which the Coder page, importing ``suggest.team``, need not wait for."""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {"LexiconBaseline": ".baselines", "TfidfBaseline": ".baselines",
          "SentenceEncoder": ".encoders", "available_encoders": ".encoders",
          "load_encoder": ".encoders", "Suggester": ".engine", "Suggestion": ".engine",
          "content_lemmas": ".engine", "sentence_encoder": ".engine"}
__all__ = ["LexiconBaseline", "SentenceEncoder", "Suggester", "Suggestion", "TfidfBaseline",
           "available_encoders", "content_lemmas", "load_encoder", "sentence_encoder"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'tupsalco.suggest' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
