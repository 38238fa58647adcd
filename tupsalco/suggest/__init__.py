"""Code suggestions for a passage: the codebook's prior, what the team's codings teach, and the
baselines they are measured against (``bench/suggest.py``)."""

from .baselines import LexiconBaseline, TfidfBaseline
from .engine import Suggester, Suggestion, content_lemmas, sentence_encoder

__all__ = ["LexiconBaseline", "Suggester", "Suggestion", "TfidfBaseline", "content_lemmas",
           "sentence_encoder"]
