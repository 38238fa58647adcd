from __future__ import annotations

import pytest

from tupsalco.query import DocumentFilter, attribution, document_table, filter_documents
from tupsalco.records import DocumentKind, DocumentSummary, ObservationHeader, Participant


@pytest.mark.parametrize(
    ("participant", "expected"),
    [
        (Participant("MG1", "MG", "F", "36-45", ("CDS",), "Pantin"), "(MG, CDS)"),
        (Participant("TS1", "TS", "F", "25-35", ("CP", "CDS"), "Pantin"), "(TS, CP/CDS)"),
        (Participant("P1", "patiente", "F", "20-35", ("CP",), "Pantin"), "(patiente 20-35, CP)"),
        (Participant("P2", "patient", "H", "36-45", ("CDS",), "Pantin"), "(patient 36-45, CDS)"),
        (Participant("C1", "Coordinatrice", "F", "46-65", ("Coordination",), "Strasbourg",
                     function="présidente du CNRMS"), "(présidente du CNRMS)"),
    ],
)
def test_attribution_follows_the_citation_convention(participant, expected) -> None:
    assert attribution(participant) == expected


def summaries() -> list[DocumentSummary]:
    ts = Participant("TS1", "TS", "F", "25-35", ("CP", "CDS"), "Pantin")
    pat = Participant("P1", "patient", "H", "66-85", ("MSP",), "Marseille")
    note = ObservationHeader("2023-11", "Bagnolet", "rcp", ("MG", "TS"))
    return [
        DocumentSummary(1, "TS1.docx", DocumentKind.INTERVIEW, ts, 20, 100, 3),
        DocumentSummary(2, "P1.docx", DocumentKind.INTERVIEW, pat, 20, 100, 3),
        DocumentSummary(3, "OBS1.txt", DocumentKind.OBSERVATION, None, 5, 100, 3, note),
    ]


@pytest.mark.parametrize(
    ("flt", "ids"),
    [
        (DocumentFilter(), [1, 2, 3]),
        (DocumentFilter(settings=frozenset({"CDS"})), [1]),
        (DocumentFilter(settings=frozenset({"CP", "MSP"})), [1, 2]),
        (DocumentFilter(age_bands=frozenset({"66-85"}), sexes=frozenset({"H"})), [2]),
        (DocumentFilter(sites=frozenset({"Bagnolet"})), [3]),
        (DocumentFilter(kinds=frozenset({DocumentKind.OBSERVATION})), [3]),
        (DocumentFilter(professions=frozenset({"MG"})), []),
    ],
)
def test_filters_combine(flt, ids) -> None:
    assert [d.id for d in filter_documents(summaries(), flt)] == ids


def test_table_has_attributes() -> None:
    table = document_table(summaries())
    assert list(table["lieu d'exercice"]) == ["CP/CDS", "MSP", ""]
    assert list(table["site"]) == ["Pantin", "Marseille", "Bagnolet"]
    assert list(table["type"]) == ["entretien", "entretien", "observation"]
