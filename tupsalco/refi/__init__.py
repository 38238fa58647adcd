"""REFI-QDA exchange (qdasoftware.org): the codebook (``.qdc``) and the project (``.qdpx``)."""

from .codebook import from_qdc, read_codebook, to_qdc

__all__ = ["from_qdc", "read_codebook", "to_qdc"]
