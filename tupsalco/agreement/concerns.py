"""Warnings that say how far an agreement figure can be trusted, as INCEpTION's agreement
diagnostics give them: what the data shows, what it means for the figure, what to do.

- a code too rare to judge: fewer than ``RARE_PASSAGES`` passages coded by anyone. Passages,
  not codings: what several coders coded on overlapping characters counts once, so the same
  evidence does not count once per coder (INCEpTION counts items, not assignments, and
  uses 5 as its limit);
- a coder with no coding at all in a document that the others coded;
- a code used by one coder only.

They describe the codings, not a coefficient: whichever figure is read, they hold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

RARE_PASSAGES = 5  # INCEpTION's default limit for a sparse category

Codings = Sequence[tuple[int, str, str, int, int]]  # (document, code, coder, start, end)


@dataclass(frozen=True, slots=True)
class AgreementWarning:
    kind: str  # "code_rare", "codeur_absent", "code_un_codeur"
    observation: str  # what the codings show
    implication: str  # what it means for the figures
    suggestion: str  # what to do about it
    code: str | None = None
    coder: str | None = None
    documents: tuple[int, ...] = ()
    count: int = 0  # passages (rare code), documents (absent coder), codings (one coder)
    limit: int | None = None  # the rare-code limit
    other_code: str | None = None  # what the others mostly coded where a lone coder coded


def passages(spans: Sequence[tuple[int, int, int]]) -> int:
    """(document, start, end) spans: stretches of text covered, overlapping or touching
    spans of any coder merged into one."""
    count, last = 0, None
    for d, s, e in sorted(spans):
        if e <= s:
            continue
        if last is None or d != last[0] or s > last[1]:
            count += 1
            last = (d, e)
        else:
            last = (d, max(last[1], e))
    return count


def _overlap(a: Sequence[tuple[int, int, int]], b: Sequence[tuple[int, int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for d1, s1, e1 in a for d2, s2, e2 in b
               if d1 == d2)


def warnings(codings: Codings, coders: Sequence[str], *, min_passages: int = RARE_PASSAGES,
             labels: Mapping[str, str] | None = None,
             document_names: Mapping[int, str] | None = None) -> list[AgreementWarning]:
    """The warnings for the ``coders`` compared, from (document, code, coder, start, end)
    codings; ``labels`` and ``document_names`` only make the sentences readable."""
    labels = labels or {}
    names = document_names or {}
    codings = [c for c in codings if c[2] in coders and c[4] > c[3]]
    out: list[AgreementWarning] = []
    by_code: dict[str, list[tuple[int, str, int, int]]] = {}
    for d, code, who, s, e in codings:
        by_code.setdefault(code, []).append((d, who, s, e))

    for code in sorted(by_code):
        found = passages([(d, s, e) for d, _, s, e in by_code[code]])
        if found < min_passages:
            out.append(AgreementWarning(
                "code_rare",
                f"« {labels.get(code, code)} » n'est codé que sur {found} passage(s), tous "
                f"codeur·ses confondu·es : moins que le seuil de {min_passages}.",
                "Un code si rare ne permet pas de juger de la constance de son application : "
                "un seul désaccord de plus ou de moins change nettement kappa, alpha et AC1.",
                "Comparez davantage de documents si possible, ou regroupez ce code avec un code "
                "voisin du codebook.",
                code=code, count=found, limit=min_passages))

    coded_docs = {who: {d for d, _, w, _, _ in codings if w == who} for who in coders}
    all_docs = set().union(*coded_docs.values()) if coders else set()
    for who in coders:
        others = set().union(*(coded_docs[o] for o in coders if o != who))
        empty = tuple(sorted(others - coded_docs[who]))
        if not empty:
            continue
        listed = ", ".join(names.get(d, str(d)) for d in empty[:5])
        more = f" et {len(empty) - 5} autre(s)" if len(empty) > 5 else ""
        out.append(AgreementWarning(
            "codeur_absent",
            f"{who} n'a aucun codage dans {len(empty)} des {len(all_docs)} documents que les "
            f"autres ont codés ({listed}{more}).",
            "Les données ne disent pas pourquoi : pas encore commencé, ou rien à coder. Le "
            f"calcul compte {who} absent·e de ces documents (le kappa les laisse de côté, "
            "alpha et AC1 ne l'y comptent pas) ; si ces documents ont été lus sans rien y "
            "coder, les passages que les autres y ont codés sont des désaccords que les "
            "chiffres ne montrent pas.",
            f"Vérifiez avec {who} si ces documents ont été codés, ou comparez document par "
            "document.",
            coder=who, documents=empty, count=len(empty)))

    for code in sorted(by_code):
        users = sorted({who for _, who, _, _ in by_code[code]})
        if len(users) != 1 or len(coders) < 2:
            continue
        who = users[0]
        mine = [(d, s, e) for d, _, s, e in by_code[code]]
        docs = tuple(sorted({d for d, _, _ in mine}))
        elsewhere: dict[str, int] = {}
        for d, other_code, w, s, e in codings:
            if w != who and d in docs:
                shared = _overlap(mine, [(d, s, e)])
                if shared:
                    elsewhere[other_code] = elsewhere.get(other_code, 0) + shared
        other = max(sorted(elsewhere), key=elsewhere.get) if elsewhere else None
        hint = (f" Là où {who} l'applique, les autres ont surtout codé "
                f"« {labels.get(other, other)} »." if other else "")
        out.append(AgreementWarning(
            "code_un_codeur",
            f"« {labels.get(code, code)} » n'est utilisé que par {who} ({len(mine)} "
            f"codage(s)) : aucun·e autre codeur·se comparé·e ne l'a appliqué.{hint}",
            "Aucun accord n'est possible sur ce code : chacun de ses caractères codés est un "
            "désaccord, quel que soit le soin des codeur·ses ; un kappa, un alpha ou un AC1 "
            "élevé sur ce code ne viendrait que des caractères que personne n'a codés.",
            "Vérifiez si les autres ont codé ces passages sous un autre code (deux codes pour "
            "une même idée) ou si le code a été créé après leur passage ; fusionnez ou "
            "précisez les définitions dans le codebook.",
            code=code, coder=who, documents=docs, count=len(mine), other_code=other))
    return out
