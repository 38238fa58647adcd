"""Human review of pseudonymisation, re-identification risk, and the key's administration.

A decision applies to every occurrence in the project, is audited (without any original
value), and survives re-running the pipeline: rejected words join the project's allow-list
(they were domain vocabulary), marked words join its deny-list (kept in the vault, as they are
identifiers).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from .accounts import require
from .errors import InputError
from .offsets import rewrite
from .project import Project
from .pseudonymise.surrogates import SURROGATE, TYPE_LABELS, SurrogateBook, fold_chars, lexicon_key
from .records import (
    AccountRole,
    DetectedIdentifier,
    DocumentReview,
    Entity,
    Participant,
    QuasiIdentifier,
    RiskGroup,
    TextEdit,
    Viewer,
)
from .store import repository as repo
from .store.commands import (
    AcceptSurrogate,
    MarkMissed,
    RecordReveal,
    Rerun,
    RestoreWords,
    Retype,
    SetReviewStatus,
)

CONTEXT = 70


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT):start].replace("\n", " ")
    right = text[end:end + CONTEXT].replace("\n", " ")
    return f"…{left}{text[start:end]}{right}…"


def identifiers(project: Project, type_: str | None = None) -> list[DetectedIdentifier]:
    """Every surrogate of the project, with its occurrences and a few contexts."""
    with project.db.session() as s:
        entities = repo.all_entities(s)
        texts = {doc_id: text for doc_id, _, text in repo.document_texts(s)}
    grouped: dict[str, list[tuple[int, str, Entity]]] = defaultdict(list)
    for doc_id, name, ent in entities:
        grouped[ent.surrogate].append((doc_id, name, ent))
    out = []
    for surrogate, items in grouped.items():
        if type_ and items[0][2].type != type_:
            continue
        out.append(DetectedIdentifier(
            surrogate=surrogate,
            type=items[0][2].type,
            occurrences=len(items),
            documents=tuple(dict.fromkeys(name for _, name, _ in items)),
            contexts=tuple(_context(texts[d], e.start, e.end) for d, _, e in items[:3]),
            sources=tuple(sorted({e.source for _, _, e in items})),
            accepted=all(e.accepted_by for _, _, e in items),
            doubts=sum(1 for _, _, e in items if e.doubt and not e.accepted_by),
        ))
    return sorted(out, key=lambda d: (d.type, _number(d.surrogate)))


def doubts(project: Project,
           found: Sequence[DetectedIdentifier] | None = None) -> list[DetectedIdentifier]:
    """The queue of doubts: identifiers that only a weak rule found (a lower-case first name
    after a cue, a capitalised word after a facility noun, a short form of a name...). They
    are replaced in the text already; a reviewer accepts them (an identifier indeed) or
    rejects them (the words come back), most occurrences first. ``found``: the project's
    identifiers when the caller has read them already (a page reads them once per render)."""
    return sorted((d for d in (identifiers(project) if found is None else found) if d.doubts),
                  key=lambda d: (-d.doubts, d.type, _number(d.surrogate)))


def _number(surrogate: str) -> int:
    m = re.search(r"(\d+)\]$", surrogate)
    return int(m.group(1)) if m else 0


def _occurrences(project: Project, surrogate: str) -> dict[int, list[Entity]]:
    with project.db.session() as s:
        found: dict[int, list[Entity]] = defaultdict(list)
        for doc_id, _, ent in repo.all_entities(s):
            if ent.surrogate == surrogate:
                found[doc_id].append(ent)
    if not found:
        raise InputError(f"{surrogate} n'est pas un substitut de ce projet : "
                         "choisissez-le dans la liste.")
    return found


def accept(project: Project, viewer: Viewer, surrogate: str) -> int:
    _occurrences(project, surrogate)
    return project.execute(viewer, AcceptSurrogate(surrogate))


def reject(project: Project, viewer: Viewer, surrogate: str, passphrase: str) -> int:
    """It was not an identifier: put the words back everywhere and allow them from now on."""
    found = _occurrences(project, surrogate)
    vault, keys = project.open_vault(passphrase)
    forms = keys.originals.get(surrogate, [])
    if not forms:
        raise InputError(f"{surrogate} n'a pas de forme originale dans la clé : "
                         "il ne peut pas être rétabli.")
    edits = tuple((doc_id, tuple(TextEdit(e.start, e.end, forms[min(e.form_index,
                                                                      len(forms) - 1)])
                                 for e in ents)) for doc_id, ents in found.items())
    keys.lexicon = {k: v for k, v in keys.lexicon.items() if v != surrogate}
    keys.deny = [d for d in keys.deny if lexicon_key(d["type"], d["text"]) not in
                 {lexicon_key(_type_of(surrogate), f) for f in forms}]
    return project.execute(viewer, RestoreWords(edits, surrogate, tuple(forms)),
                           before_commit=lambda: vault.save(keys))


def _type_of(surrogate: str) -> str:
    label = surrogate.strip("[]").rsplit(" ", 1)[0]
    return next(t for t, lab in TYPE_LABELS.items() if lab == label)


def retype(project: Project, viewer: Viewer, surrogate: str, new_type: str,
           passphrase: str) -> str:
    """Give every occurrence another type (a new surrogate of that type)."""
    if new_type not in TYPE_LABELS:
        raise InputError(f"type inconnu {new_type} : choisissez parmi {', '.join(TYPE_LABELS)}.")
    found = _occurrences(project, surrogate)
    vault, keys = project.open_vault(passphrase)
    forms = keys.originals.get(surrogate, [])
    keys.lexicon = {k: v for k, v in keys.lexicon.items() if v != surrogate}
    book = SurrogateBook(keys)
    new = book.surrogate(new_type, forms[0]) if forms else surrogate
    for form in forms[1:]:
        keys.lexicon[lexicon_key(new_type, form)] = new
        if form not in keys.originals.setdefault(new, []):
            keys.originals[new].append(form)
    edits = tuple((doc_id, tuple(
        TextEdit(e.start, e.end, new, Entity(
            0, 0, new_type, new, "review",
            book.form_index(new, forms[min(e.form_index, len(forms) - 1)]) if forms else 0,
            viewer.username))
        for e in ents)) for doc_id, ents in found.items())
    project.execute(viewer, Retype(edits, new),
                    before_commit=lambda: vault.save(keys))
    return new


def mark_missed(project: Project, viewer: Viewer, text: str, type_: str,
                passphrase: str) -> int:
    """A missed identifier: replaced at every whole-word occurrence, in every case, in the
    documents and everywhere else words are kept (memos, quotation baskets, the codebook,
    the undo journal), and kept on the project's deny-list for future imports and re-runs."""
    text = text.strip()
    if len(text) < 2 or type_ not in TYPE_LABELS:
        raise InputError("copiez les mots oubliés tels qu'ils apparaissent dans le texte (deux "
                         f"lettres au moins) et choisissez un type parmi {', '.join(TYPE_LABELS)}.")
    vault, keys = project.open_vault(passphrase)
    book = SurrogateBook(keys)
    pattern = re.compile(r"(?<!\w)" + r"[\s\-]+".join(map(re.escape, fold_chars(text).split()))
                         + r"(?!\w)")
    with project.db.session() as s:
        docs = repo.document_texts(s)
    edits: dict[int, list[TextEdit]] = {}
    for doc_id, _, doc_text in docs:
        inside = [m.span() for m in SURROGATE.finditer(doc_text)]
        found = []
        for m in pattern.finditer(fold_chars(doc_text)):
            if any(a < m.end() and m.start() < b for a, b in inside):
                continue
            original = doc_text[m.start():m.end()]
            sur = book.surrogate(type_, original)
            found.append(TextEdit(m.start(), m.end(), sur, Entity(
                0, 0, type_, sur, "review", book.form_index(sur, original), viewer.username)))
        if found:
            edits[doc_id] = found
    if not edits:
        raise InputError("ces mots n'apparaissent dans aucun document du projet (hors "
                         "substituts) : copiez-les depuis la lecture.")
    if not any(lexicon_key(d["type"], d["text"]) == lexicon_key(type_, text) for d in keys.deny):
        keys.deny.append({"text": text, "type": type_})
    surrogate = next(iter(edits.values()))[0].new

    def scrub(value: str) -> str:
        inside = [m.span() for m in SURROGATE.finditer(value)]
        spans = [m.span() for m in pattern.finditer(fold_chars(value))
                 if not any(a < m.end() and m.start() < b for a, b in inside)]
        if not spans:
            return value
        return rewrite(value, [(a, b, surrogate) for a, b in spans])[0]

    return project.execute(
        viewer, MarkMissed(tuple((d, tuple(e)) for d, e in edits.items()), surrogate,
                           scrub=scrub),
        before_commit=lambda: vault.save(keys))


def rerun(project: Project, viewer: Viewer, passphrase: str) -> int:
    """Run the pipeline again over the stored texts with the project's lists and lexicon:
    surrogates stay, anything newly found is replaced. Returns how many were added."""
    vault, keys = project.open_vault(passphrase)
    with project.db.session() as s:
        docs = repo.document_texts(s)
    documents = [project.document(doc_id) for doc_id, _, _ in docs]
    engine = project.pseudonymiser(keys)
    detected = engine.detect(
        [d.text for d in documents],
        protected=[[(m.start, m.end) for t in d.turns for m in t.marks] for d in documents],
    )
    edits = []
    for doc, ents in zip(documents, detected, strict=True):
        if ents:
            edits.append((doc.id, tuple(
                TextEdit(e.start, e.end, sur, Entity(
                    0, 0, e.type, sur, e.source, engine.book.form_index(sur, original)))
                for e in ents
                for original in [doc.text[e.start:e.end]]
                for sur in [engine.book.surrogate(e.type, original)])))
    return project.execute(viewer, Rerun(tuple(edits)),
                           before_commit=lambda: vault.save(keys))


def set_checked(project: Project, viewer: Viewer, document_id: int,
                checked: bool = True) -> None:
    project.execute(viewer, SetReviewStatus(document_id, checked))


def review_statuses(project: Project) -> list[DocumentReview]:
    """Each document's review status, with how many doubts it still holds."""
    with project.db.session() as s:
        statuses = repo.review_statuses(s)
        left = repo.doubts_by_document(s)
    return [replace(r, doubts=left.get(r.document_id, 0)) for r in statuses]


def reveal(project: Project, viewer: Viewer, surrogate: str, passphrase: str) -> tuple[str, ...]:
    """The original forms behind one surrogate, for an administrator holding the passphrase.
    The audit log records who asked for which surrogate, never the value."""
    require(viewer, AccountRole.ADMIN, AccountRole.CODER)
    _, keys = project.open_vault(passphrase)
    forms = tuple(keys.originals.get(surrogate, ()))
    if not forms:
        raise InputError(f"{surrogate} n'est pas dans la clé des pseudonymes.")
    project.execute(viewer, RecordReveal(surrogate, len(forms)))
    return forms


# -- re-identification risk --------------------------------------------------------------
RISK_ATTRIBUTES = ("profil", "tranche d'âge", "lieu d'exercice", "site")


def _attributes(p: Participant) -> dict[str, str]:
    # patients are written patient (H) / patiente (F): the profile carries the sex
    return {"profil": p.profession, "tranche d'âge": p.age_band,
            "lieu d'exercice": p.setting, "site": p.site}


def risky_combinations(participants: Sequence[Participant], k: int) -> list[RiskGroup]:
    """Minimal attribute combinations shared by fewer than ``k`` participants: a quotation
    attributed with them (or with more) points to a handful of people."""
    rows = [_attributes(p) for p in participants]
    found: list[RiskGroup] = []
    risky_keys: set[tuple[tuple[str, str], ...]] = set()
    for size in range(1, len(RISK_ATTRIBUTES) + 1):
        for names in itertools.combinations(RISK_ATTRIBUTES, size):
            counts = Counter(tuple((n, r[n]) for n in names) for r in rows)
            for combo, n in sorted(counts.items()):
                if n >= k:
                    continue
                if any(set(sub) <= set(combo) for sub in risky_keys):
                    continue  # a smaller combination already singles these people out
                risky_keys.add(combo)
                found.append(RiskGroup(combo, n))
    return found


_AGE = re.compile(
    r"\b(?:j'ai|j’ai|il a|elle a|[âa]g[ée]e? de|il avait|elle avait|j'avais|j’avais)\s+"
    r"(?:\d{1,3}|[a-zé]+(?:[- ][a-zé]+){0,3})\s+ans\b", re.IGNORECASE)
_RARE_OCCUPATIONS = (
    "chauffeur poids lourd", "chauffeur routier", "routier", "conducteur de bus",
    "chauffeur de bus", "pompier", "policier", "gendarme", "militaire", "pilote", "notaire",
    "avocat", "avocate", "maire", "adjoint au maire", "prêtre", "imam", "pasteur", "rabbin",
    "vétérinaire", "pharmacien", "pharmacienne", "chirurgien", "chirurgienne", "juge",
    "huissier", "journaliste", "sage-femme", "contrôleur aérien", "cheminot", "docker",
    "marin pêcheur", "boulanger", "boulangère", "boucher", "bouchère", "fleuriste",
    "patron de bar", "patronne de bar", "gérant du bar", "gérante du bar", "instituteur",
    "institutrice", "directeur d'école", "directrice d'école", "agriculteur", "agricultrice",
)
_OCCUPATION = re.compile(r"\b(?:" + "|".join(map(re.escape, _RARE_OCCUPATIONS)) + r")s?\b",
                         re.IGNORECASE)


_QUASI_IDENTIFIERS = (("âge exact", _AGE), ("métier rare", _OCCUPATION))


def quasi_identifier_kinds(text: str) -> list[str]:
    """Which kinds of quasi-identifier a passage holds (an exact age, a rare occupation)."""
    return [kind for kind, pattern in _QUASI_IDENTIFIERS if pattern.search(text)]


def quasi_identifiers(project: Project) -> list[QuasiIdentifier]:
    """Exact ages and rare occupations in the stored texts: flagged, never removed."""
    with project.db.session() as s:
        docs = repo.document_texts(s)
    flags = []
    for doc_id, name, text in docs:
        for kind, pattern in _QUASI_IDENTIFIERS:
            for m in pattern.finditer(text):
                flags.append(QuasiIdentifier(doc_id, name, m.start(), m.end(), kind,
                                             _context(text, m.start(), m.end())))
    return sorted(flags, key=lambda f: (f.document, f.start))
