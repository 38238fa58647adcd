"""Pseudonymising parsed documents: the one path that the project import and the standalone
``tupsalco pseudonymise`` command share.

A file is read by ``ingest.read_document`` (speaker labels read off into turns, timestamps into
metadata, non-verbal marks such as ``[rires]`` kept as marks); the marks are protected; one
``detect`` call covers the batch, so a name found in one file is found in the others.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..records import ParsedDocument
from .engine import PseudonymisedText, Pseudonymiser


def mark_spans(doc: ParsedDocument) -> list[tuple[int, int]]:
    """The non-verbal marks of a document, never taken for identifiers."""
    return [(m.start, m.end) for t in doc.turns for m in t.marks]


def pseudonymise_documents(
    engine: Pseudonymiser, docs: Sequence[ParsedDocument]
) -> list[PseudonymisedText]:
    """What the import stores for each document (``Project.import_parsed`` does the same
    two calls)."""
    texts = [d.text for d in docs]
    detected = engine.detect(texts, protected=[mark_spans(d) for d in docs])
    return [engine.apply(t, ents) for t, ents in zip(texts, detected, strict=True)]


def labelled_text(doc: ParsedDocument, result: PseudonymisedText) -> str:
    """The pseudonymised text with each turn's speaker label before it, as a transcript."""
    lines = []
    for turn in doc.turns:
        body = result.text[result.offsets.to_new(turn.start):result.offsets.to_new(turn.end)]
        lines.append(f"{turn.label} : {body}" if turn.label else body)
    return "\n".join(lines)
