"""Pseudonymising parsed documents: the one path that the project import and the standalone
``tupsalco pseudonymise`` command share.

A file is read by ``ingest.read_document`` (speaker labels read off into turns, timestamps into
metadata, non-verbal marks such as ``[rires]`` kept as marks); the marks are protected; the
documents go through ``Pseudonymiser.stream`` as the import sends them, so a name found in one
file is found in the files after it (and in those of its chunk).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import DetectionError
from ..records import ParsedDocument
from .analysis import AnalysisFailed
from .engine import PseudonymisedText, Pseudonymiser


def mark_spans(doc: ParsedDocument) -> list[tuple[int, int]]:
    """The non-verbal marks of a document, never taken for identifiers."""
    return [(m.start, m.end) for t in doc.turns for m in t.marks]


def pseudonymise_documents(
    engine: Pseudonymiser, docs: Sequence[ParsedDocument], *, workers: int | None = None,
) -> list[PseudonymisedText]:
    """What the import stores for each document (``Project.import_parsed`` streams the
    documents the same way, applying each before the next)."""
    out: list[PseudonymisedText] = []
    for i, entities in engine.stream(((i, d.text, mark_spans(d)) for i, d in enumerate(docs)),
                                     workers=workers):
        if isinstance(entities, AnalysisFailed):
            raise DetectionError(f"{docs[i].name} : le pseudonymiseur a échoué sur ce texte "
                                 f"({entities.reason}) ; signalez-le avec le format du fichier "
                                 "(pas son contenu).", file=docs[i].name)
        out.append(engine.apply(docs[i].text, entities))
    return out


def labelled_text(doc: ParsedDocument, result: PseudonymisedText) -> str:
    """The pseudonymised text with each turn's speaker label before it, as a transcript."""
    lines = []
    for turn in doc.turns:
        body = result.text[result.offsets.to_new(turn.start):result.offsets.to_new(turn.end)]
        lines.append(f"{turn.label} : {body}" if turn.label else body)
    return "\n".join(lines)
