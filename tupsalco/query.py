"""Read-side queries: filtering documents by participant attributes, reading turn by turn."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from .records import (
    Document,
    DocumentKind,
    DocumentSummary,
    ObservationHeader,
    Participant,
    Role,
)

ROLE_NAMES = {
    Role.INTERVIEWER: "Enquêtrice",
    Role.PARTICIPANT: "Participant·e",
    Role.THIRD: "Tiers",
    Role.NOTE: "Notes",
}
KIND_NAMES = {DocumentKind.INTERVIEW: "entretien", DocumentKind.OBSERVATION: "observation",
              DocumentKind.TEXT: "texte"}
ACTIVITY_NAMES = {"consultation": "consultation MG-patient", "rdv_ts": "RDV TS-patient",
                  "rcp": "RCP"}


DROPPABLE = ("age_band", "setting")  # what an author may drop to coarsen an attribution
UNASSIGNED = "(non attribué)"  # a transcript whose participant is still to be named


def attribution(participant: Participant, band_labels: Mapping[str, str] | None = None,
                dropped: Iterable[str] = ()) -> str:
    """The study's citation attribution, built from attributes only: ``(patiente 20-35, CP)``.

    ``band_labels`` writes bands as the project chooses (``46-65`` as ``45-65``);
    ``dropped`` coarsens it (``age_band``, ``setting``)."""
    if participant.function:
        return f"({participant.function})"
    dropped = set(dropped)
    head = participant.profession
    if participant.is_patient and "age_band" not in dropped:
        band = (band_labels or {}).get(participant.age_band, participant.age_band)
        head = f"{head} {band}"
    if "setting" in dropped:
        return f"({head})"
    return f"({head}, {participant.setting})"


def source_attribution(kind: DocumentKind, header: ObservationHeader | None = None) -> str:
    """The attribution of a passage no participant claims: ``(entretien)`` for a transcript
    not assigned yet, ``(observation de RCP)`` for a note, ``(document)`` for another
    tool's text."""
    if kind is DocumentKind.INTERVIEW:
        return "(entretien)"
    if kind is DocumentKind.TEXT:
        return "(document)"
    activity = {"consultation": "observation de consultation", "rdv_ts": "observation de RDV TS",
                "rcp": "observation de RCP"}
    return f"({activity.get(header.activity, 'observation') if header else 'observation'})"


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """Empty fields do not filter. A multi-setting participant (CP/CDS) matches CP and CDS."""

    kinds: frozenset[DocumentKind] = frozenset()
    professions: frozenset[str] = frozenset()
    settings: frozenset[str] = frozenset()
    age_bands: frozenset[str] = frozenset()
    sexes: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()

    def matches(self, doc: DocumentSummary) -> bool:
        if self.kinds and doc.kind not in self.kinds:
            return False
        p = doc.participant
        site = p.site if p else (doc.header.site if doc.header else "")
        if self.sites and site not in self.sites:
            return False
        attribute_filters = (self.professions, self.settings, self.age_bands, self.sexes)
        if any(attribute_filters):
            if p is None:
                return False
            if self.professions and p.profession not in self.professions:
                return False
            if self.settings and not self.settings.intersection(p.settings):
                return False
            if self.age_bands and p.age_band not in self.age_bands:
                return False
            if self.sexes and p.sex not in self.sexes:
                return False
        return True


def filter_documents(docs: Iterable[DocumentSummary], flt: DocumentFilter) -> list[DocumentSummary]:
    return [d for d in docs if flt.matches(d)]


def filter_options(docs: Sequence[DocumentSummary]) -> dict[str, list[str]]:
    """The values present in the project, for each filter."""
    parts = [d.participant for d in docs if d.participant]
    sites = {p.site for p in parts} | {d.header.site for d in docs if d.header}
    return {
        "professions": sorted({p.profession for p in parts}),
        "settings": sorted({s for p in parts for s in p.settings}),
        "age_bands": sorted({p.age_band for p in parts}),
        "sexes": sorted({p.sex for p in parts}),
        "sites": sorted(sites),
    }


def document_table(docs: Sequence[DocumentSummary]) -> pd.DataFrame:
    rows = []
    for d in docs:
        p = d.participant
        rows.append({
            "id": d.id,
            "document": d.name,
            "type": KIND_NAMES[d.kind],
            "participant": p.id if p else (UNASSIGNED if d.kind is DocumentKind.INTERVIEW
                                            else ""),
            "profession": p.profession if p else "",
            "lieu d'exercice": p.setting if p else "",
            "tranche d'âge": p.age_band if p else "",
            "sexe": p.sex if p else "",
            "site": p.site if p else (d.header.site if d.header else ""),
            "activité": ACTIVITY_NAMES.get(d.header.activity, "") if d.header else "",
            "période": d.header.period if d.header else "",
            "tours": d.n_turns,
            "caractères": d.n_chars,
            "identifiants remplacés": d.n_entities,
            "enregistrement": "oui" if d.has_media else "",
        })
    return pd.DataFrame(rows)


@dataclass(frozen=True, slots=True)
class TurnView:
    index: int
    role: Role
    speaker: str  # the label as written, or the role's name
    text: str
    timestamp: str | None


def turn_views(document: Document) -> list[TurnView]:
    return [
        TurnView(t.index, t.role, t.label or ROLE_NAMES[t.role], document.text[t.start:t.end],
                 t.timestamp)
        for t in document.turns
    ]
