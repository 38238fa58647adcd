"""Lemma-aware text search across a project ("buvais" finds "boire"), for reading and
auto-coding the hits as NVivo's text search query does."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language

from .coding import add_coding_many
from .errors import InputError
from .project import Project
from .pseudonymise.pipeline import MODEL
from .records import Coding, Document, Viewer

CONTEXT = 80


@dataclass(frozen=True, slots=True)
class SearchHit:
    document_id: int
    document: str
    start: int
    end: int
    turn_index: int | None
    context: str


@cache
def lemmatizer() -> Language:
    """The French model with what lemmas need (no parser, no NER), loaded once."""
    return spacy.load(MODEL, exclude=["parser", "ner"])


_lock = threading.Lock()
_index: dict[tuple[int, int], list[tuple[int, int, str]]] = {}


def _tokens(documents: Sequence[Document]) -> dict[int, list[tuple[int, int, str]]]:
    """(start, end, lemma) per document, cached by document id and text."""
    with _lock:
        missing = [d for d in documents if (d.id, hash(d.text)) not in _index]
        nlp = lemmatizer()
        for doc, spacy_doc in zip(missing, nlp.pipe([d.text for d in missing], batch_size=16),
                                  strict=True):
            _index[(doc.id, hash(doc.text))] = [
                (t.idx, t.idx + len(t.text), (t.lemma_ or t.text).lower())
                for t in spacy_doc if not t.is_space and not t.is_punct]
        return {d.id: _index[(d.id, hash(d.text))] for d in documents}


def query_lemmas(query: str) -> list[str]:
    """The lemma of each query word; out of context, the model's lookup table decides
    ("buvais" is a form of "boire", whatever the tagger guesses alone)."""
    return [sorted(options)[0] if len(options) == 1 else _prefer(options, word)
            for word, options in _query_options(query)]


def _query_options(query: str) -> list[tuple[str, set[str]]]:
    nlp = lemmatizer()
    lookups = nlp.get_pipe("lemmatizer").lookups
    table = lookups.get_table("lemma_lookup") if lookups.has_table("lemma_lookup") else {}
    out = []
    for t in nlp(query.strip()):
        if t.is_punct or t.is_space:
            continue
        word = t.text.lower()
        options = {(t.lemma_ or t.text).lower(), word}
        if word in table:
            options = set(table[word]) | {word}
        out.append((word, options))
    return out


def _prefer(options: set[str], word: str) -> str:
    others = sorted(o for o in options if o != word)
    return others[0] if others else word


def search(project: Project, query: str, document_ids: Sequence[int] | None = None
           ) -> list[SearchHit]:
    """Every place where the query's lemmas occur in a row, in every (or the given) document."""
    wanted = [options for _, options in _query_options(query)]
    if not wanted:
        raise InputError("Tapez un mot ou une expression à chercher.")
    ids = document_ids or [d.id for d in project.documents()]
    documents = [project.document(i) for i in ids]
    index = _tokens(documents)
    hits = []
    n = len(wanted)
    for doc in documents:
        toks = index[doc.id]
        for i in range(len(toks) - n + 1):
            if all(toks[i + k][2] in wanted[k]
                   or doc.text[toks[i + k][0]:toks[i + k][1]].lower() in wanted[k]
                   for k in range(n)):
                start, end = toks[i][0], toks[i + n - 1][1]
                turn = next((t.index for t in doc.turns if t.start <= start < t.end), None)
                left = doc.text[max(0, start - CONTEXT):start].replace("\n", " ")
                right = doc.text[end:end + CONTEXT].replace("\n", " ")
                hits.append(SearchHit(doc.id, doc.name, start, end, turn,
                                      f"…{left}[{doc.text[start:end]}]{right}…"))
    return hits


def code_hits(project: Project, viewer: Viewer, hits: Sequence[SearchHit],
              code_ids: Sequence[str], *, whole_turns: bool = False) -> list[Coding]:
    """Code every hit, or every speaker turn holding a hit, in one undoable action."""
    spans: dict[tuple[int, int, int], None] = {}
    for hit in hits:
        if whole_turns and hit.turn_index is not None:
            turn = next(t for t in project.document(hit.document_id).turns
                        if t.index == hit.turn_index)
            spans[(hit.document_id, turn.start, turn.end)] = None
        else:
            spans[(hit.document_id, hit.start, hit.end)] = None
    return add_coding_many(project, viewer, list(spans), code_ids)
