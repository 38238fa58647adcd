"""Code suggestions for a passage: the codebook's prior, what the team's codings teach, and the
baselines they are measured against (``bench/suggest.py``)."""

from .baselines import LexiconBaseline, TfidfBaseline
from .encoders import SentenceEncoder, available_encoders, load_encoder
from .engine import Suggester, Suggestion, content_lemmas, sentence_encoder

__all__ = ["LexiconBaseline", "SentenceEncoder", "Suggester", "Suggestion", "TfidfBaseline",
           "available_encoders", "content_lemmas", "load_encoder", "sentence_encoder"]
