"""Explore: what each role gets back from the verbatim, matrix and co-occurrence queries.

The participants sheet (the ``sheet`` fixture) is the independent truth: attributions,
participant counts and suppressed cells are recomputed from it, never from the library's
own attribution or counting helpers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import product
from pathlib import Path

import pandas as pd
import pytest

from tupsalco import coding, explore
from tupsalco.errors import PermissionDeniedError
from tupsalco.explore import Attribute, VerbatimFilter
from tupsalco.records import AccountRole, DocumentKind, Participant, Verbatim, Viewer

from .conftest import ANA, expected_attribution, member

BOTH_BACKENDS = True  # the same tests on SQLite and on PostgreSQL

COMMITTEE = Viewer("c", AccountRole.COMMITTEE)
AUTHOR = Viewer("redac", AccountRole.AUTHOR)
ADMIN = Viewer("admin", AccountRole.ADMIN)
F = frozenset


def values(p: Participant, attribute: Attribute) -> list[str]:
    if attribute is Attribute.SETTING:
        return list(p.settings)
    return [getattr(p, attribute.value)]


@pytest.fixture(scope="module")
def everything(demo_project) -> list[Verbatim]:  # noqa: ANN001
    """Every verbatim as an author sees it: the base of the independent recounts."""
    return list(explore.verbatims(demo_project, AUTHOR, with_turns=False).items)


def who(v: Verbatim, sheet) -> Participant | None:  # noqa: ANN001
    """The participant behind a verbatim, from the document's name and the sheet."""
    if v.kind is not DocumentKind.INTERVIEW:
        return None
    return sheet.get(Path(v.document).stem)


# -- the committee never receives an attribution --------------------------------------------

def committee_filters(demo_project) -> list[VerbatimFilter]:  # noqa: ANN001
    themes = [c.id for c in coding.codebook(demo_project).codes if c.parent is None]
    subs = [c.id for c in coding.codebook(demo_project).codes if c.parent is not None]
    out = [VerbatimFilter(), VerbatimFilter(text="alcool"), VerbatimFilter(text="MÉDECIN"),
           VerbatimFilter(codes=F(subs[:3]))]
    out += [VerbatimFilter(themes=F({t})) for t in themes]
    out += [VerbatimFilter(professions=F({p})) for p in
            ("MG", "Psy", "TS", "Coordinatrice", "patient", "patiente")]
    out += [VerbatimFilter(settings=F({s})) for s in ("CP", "MSP", "CDS", "Coordination")]
    out += [VerbatimFilter(age_bands=F({b})) for b in
            ("20-35", "25-35", "36-45", "46-65", "66-85")]
    out += [VerbatimFilter(themes=F({t}), professions=F({"MG", "patient"}))
            for t in themes[:4]]
    return out


REFUSED_TO_THE_COMMITTEE = [
    VerbatimFilter(coders=F({"A"})), VerbatimFilter(kinds=F({DocumentKind.OBSERVATION})),
    VerbatimFilter(sexes=F({"F"})), VerbatimFilter(sites=F({"Bagnolet"})),
    VerbatimFilter(themes=F({"objectifs"}), sites=F({"Marseille", "Pantin"})),
]


@pytest.mark.parametrize("flt", REFUSED_TO_THE_COMMITTEE)
def test_the_committee_cannot_narrow_by_site_sex_coder_or_kind(demo_project, flt) -> None:
    for query in (lambda: explore.verbatims(demo_project, COMMITTEE, flt),
                  lambda: explore.matrix(demo_project, COMMITTEE, "profession", "passages", flt),
                  lambda: explore.cooccurrence(demo_project, COMMITTEE, flt)):
        with pytest.raises(PermissionDeniedError):
            query()


def identifiers(demo_project, sheet) -> re.Pattern[str]:  # noqa: ANN001
    """Participant ids, document names and stems, and the sheet's first and last names."""
    words = {p.id for p in sheet.participants}
    for d in demo_project.documents():
        words |= {d.name, Path(d.name).stem}
    for first, last in sheet.names.values():
        words |= {w for w in (first, last) if w}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len,
                                                 reverse=True)) + r")\b")


def assert_anonymous(v: Verbatim, pattern: re.Pattern[str]) -> None:
    assert v.coding_id is None and v.document_id is None and v.document is None
    assert v.participant is None and v.attribution is None and v.coder is None
    assert v.start is None and v.end is None and v.turn_index is None
    for text in (v.text, v.code_id, v.theme_id):
        found = pattern.search(text)
        assert found is None, f"{found.group()!r} in a committee verbatim"


def assert_frame_anonymous(table: pd.DataFrame, pattern: re.Pattern[str]) -> None:
    cells = [str(x) for x in [*table.index, *table.columns, *table.to_numpy().ravel()]]
    for cell in cells:
        assert pattern.search(cell) is None, cell


def test_the_committee_cannot_obtain_an_attribution_through_the_library(
        demo_project, sheet) -> None:  # noqa: ANN001
    pattern = identifiers(demo_project, sheet)
    assert pattern.search("(patient 36-45, CDS) PAT03 dit") is not None  # the probe works
    book = coding.codebook(demo_project)
    themes = [c.id for c in book.codes if c.parent is None]
    seen = 0
    for flt in committee_filters(demo_project):
        found = explore.verbatims(demo_project, COMMITTEE, flt)
        for v in found.items:
            assert_anonymous(v, pattern)
        seen += len(found.items)
        for attribute in explore.COMMITTEE_ATTRIBUTES:
            for measure in ("passages", "participants"):
                m = explore.matrix(demo_project, COMMITTEE, attribute, measure, flt)
                assert_frame_anonymous(m.table, pattern)
        assert_frame_anonymous(explore.cooccurrence(demo_project, COMMITTEE, flt), pattern)
        assert_frame_anonymous(explore.cooccurrence(demo_project, COMMITTEE, flt, "code"),
                               pattern)
    assert seen > 400  # the probes did return verbatims
    for theme, attribute in product(themes, explore.COMMITTEE_ATTRIBUTES):
        for value in explore.filter_values(demo_project, COMMITTEE)[
                {"profession": "professions", "setting": "settings",
                 "age_band": "age_bands"}[attribute.value]]:
            for v in explore.cell_verbatims(demo_project, COMMITTEE, theme, attribute,
                                            value).items:
                assert_anonymous(v, pattern)
    options = explore.filter_values(demo_project, COMMITTEE)
    assert set(options) == {"professions", "settings", "age_bands"}  # no sites, sexes, coders
    assert_frame_anonymous(pd.DataFrame({k: [" ".join(v)] for k, v in options.items()}),
                           pattern)


@pytest.mark.parametrize("attribute", ["site", "sex", "kind", Attribute.SITE])
@pytest.mark.parametrize("measure", ["passages", "participants"])
def test_the_committee_cannot_draw_a_matrix_by_site_sex_or_kind(demo_project, attribute,
                                                                measure) -> None:  # noqa: ANN001
    with pytest.raises(PermissionDeniedError):
        explore.matrix(demo_project, COMMITTEE, attribute, measure)
    assert explore.matrix(demo_project, AUTHOR, attribute, measure).table.to_numpy().sum() > 0


@pytest.mark.parametrize("attribute,value", [("site", "Marseille"), ("sex", "F"),
                                             ("kind", "interview")])
def test_the_committee_cannot_open_a_cell_by_site_sex_or_kind(demo_project, attribute,
                                                              value) -> None:  # noqa: ANN001
    found = explore.cell_verbatims(demo_project, COMMITTEE, "coordination", attribute, value)
    assert found.items == () and found.suppressed
    assert explore.cell_verbatims(demo_project, AUTHOR, "coordination", attribute, value).items


# -- k-suppression -----------------------------------------------------------------------------

def recount(everything: list[Verbatim], sheet, attribute: Attribute  # noqa: ANN001
            ) -> tuple[dict[tuple[str, str], set[str]], dict[tuple[str, str], set[tuple]]]:
    """For each (theme, value): the interviewed participants behind it, and its passages
    (a span coded by both coders is one passage)."""
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    spans: dict[tuple[str, str], set[tuple]] = defaultdict(set)
    for v in everything:
        p = who(v, sheet)
        if p is None:
            continue
        for value in values(p, attribute):
            people[v.theme_id, value].add(p.id)
            spans[v.theme_id, value].add((v.document_id, v.code_id, v.start, v.end))
    return people, spans


def check_committee_matrix(demo_project, everything, sheet, k: int) -> int:  # noqa: ANN001
    hidden = 0
    for attribute in explore.COMMITTEE_ATTRIBUTES:
        people, spans = recount(everything, sheet, attribute)
        for measure in ("participants", "passages"):
            m = explore.matrix(demo_project, COMMITTEE, attribute, measure)
            assert m.k == k
            for theme, value in product(m.table.index, m.table.columns):
                cell = m.table.loc[theme, value]
                n = len(people.get((theme, value), ()))
                if 0 < n < k:
                    assert pd.isna(cell), (attribute, theme, value, n)
                    assert (theme, value) in m.suppressed
                    hidden += 1
                    continue
                assert not pd.isna(cell), (attribute, theme, value, n)
                assert n >= k or cell == 0
                expected = n if measure == "participants" else len(spans.get((theme, value),
                                                                             ()))
                assert cell == expected, (attribute, measure, theme, value)
            assert {(t, v) for t, v in m.suppressed} == {
                (t, v) for (t, v), who_ in people.items() if 0 < len(who_) < k}
    return hidden


def test_every_committee_cell_comes_from_at_least_k_participants(demo_project, everything,
                                                                 sheet) -> None:  # noqa: ANN001
    k = demo_project.k_threshold
    assert k == 3
    assert check_committee_matrix(demo_project, everything, sheet, k) > 0  # some are hidden


def test_raising_k_hides_more_cells(demo_project, everything, sheet) -> None:  # noqa: ANN001
    before = explore.matrix(demo_project, COMMITTEE, "profession", "participants")
    try:
        demo_project.set_k_threshold(ADMIN, 5)
        after = explore.matrix(demo_project, COMMITTEE, "profession", "participants")
        assert len(after.suppressed) > len(before.suppressed)
        check_committee_matrix(demo_project, everything, sheet, 5)
        people, _ = recount(everything, sheet, Attribute.PROFESSION)
        # MG: five GPs; a theme that four of them speak about is now hidden
        four = [t for (t, v), w in people.items() if v == "MG" and len(w) == 4]
        assert all(pd.isna(after.table.loc[t, "MG"]) for t in four)
    finally:
        demo_project.set_k_threshold(ADMIN, 3)
    assert demo_project.k_threshold == 3


def test_the_committee_cooccurrences_hide_pairs_from_fewer_than_k(demo_project, everything,
                                                                  sheet) -> None:  # noqa: ANN001
    k = demo_project.k_threshold
    by_doc: dict[int, list[Verbatim]] = defaultdict(list)
    for v in everything:
        by_doc[v.document_id].append(v)
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc_items in by_doc.values():
        for a, b in product(doc_items, doc_items):
            overlap = a.start < b.end and b.start < a.end
            same = a is b or a.theme_id == b.theme_id
            if (overlap and not same) or a is b:
                p = who(a, sheet)
                if p is not None:
                    people[a.theme_id, b.theme_id].add(p.id)
    table = explore.cooccurrence(demo_project, COMMITTEE)
    for a, b in product(table.index, table.columns):
        n = len(people.get((a, b), ()))
        if 0 < n < k:
            assert pd.isna(table.loc[a, b]), (a, b, n)
        else:
            assert not pd.isna(table.loc[a, b]), (a, b, n)


def single_person_combinations(sheet) -> list[tuple[str, str]]:  # noqa: ANN001
    counts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p in sheet.participants:
        counts[p.profession, p.age_band].append(p.id)
    return sorted(c for c, ids in counts.items() if len(ids) == 1)


def test_a_committee_list_from_one_participant_comes_back_empty(demo_project, sheet) -> None:  # noqa: ANN001,E501
    combos = single_person_combinations(sheet)
    assert ("patiente", "66-85") in combos  # one patient is 66-85 (DOMAIN.md)
    k = demo_project.k_threshold
    for profession, band in combos:
        flt = VerbatimFilter(professions=F({profession}), age_bands=F({band}))
        authored = explore.verbatims(demo_project, AUTHOR, flt).items
        if not authored:
            continue
        assert len({v.participant.id for v in authored}) == 1
        found = explore.verbatims(demo_project, COMMITTEE, flt)
        assert found.items == () and found.suppressed, (profession, band)
        # nor does it say how many people stand behind the hidden list
        assert found.participants not in range(1, k), (profession, band)
        for theme in {v.theme_id for v in authored}:
            cell = explore.cell_verbatims(demo_project, COMMITTEE, theme, "age_band", band,
                                          VerbatimFilter(professions=F({profession})))
            assert cell.items == () and cell.suppressed


def test_raising_k_suppresses_a_list_that_k_3_shows(demo_project) -> None:  # noqa: ANN001
    flt = VerbatimFilter(professions=F({"MG"}), themes=F({"coordination"}))
    shown = explore.verbatims(demo_project, COMMITTEE, flt)
    assert shown.items and not shown.suppressed and shown.participants >= 3
    try:
        demo_project.set_k_threshold(ADMIN, shown.participants + 1)
        hidden = explore.verbatims(demo_project, COMMITTEE, flt)
        assert hidden.items == () and hidden.suppressed
        assert explore.verbatims(demo_project, AUTHOR, flt).items  # authors are not limited
    finally:
        demo_project.set_k_threshold(ADMIN, 3)


def test_an_empty_selection_is_not_reported_as_suppressed(demo_project) -> None:  # noqa: ANN001
    found = explore.verbatims(demo_project, COMMITTEE,
                              VerbatimFilter(text="xyzzy-introuvable"))
    assert found.items == () and not found.suppressed and found.participants == 0


def test_committee_verbatims_are_deduplicated_and_ordered_by_theme(demo_project) -> None:  # noqa: ANN001,E501
    items = explore.verbatims(demo_project, COMMITTEE).items
    assert len(items) == len(set(items))
    keys = [(v.theme_id, v.code_id, v.text) for v in items]
    assert keys == sorted(keys)


# -- authors and admins: attributions from the sheet ----------------------------------------

@pytest.mark.parametrize("viewer", [AUTHOR, ADMIN, Viewer("codeur", AccountRole.CODER)])
def test_author_attributions_follow_the_sheet(demo_project, sheet, viewer: Viewer) -> None:  # noqa: ANN001,E501
    items = explore.verbatims(demo_project, viewer, with_turns=False).items
    assert len(items) > 500
    for v in items:
        p = who(v, sheet)
        assert p is not None and v.participant is not None and v.participant.id == p.id
        assert v.attribution == expected_attribution(p), (v.document, v.attribution)
        assert v.coder in {"A", "B"} and v.document_id is not None
    printed = {v.attribution for v in items}
    assert {"(MG, CDS)", "(patiente 20-35, CP)", "(TS, CP/CDS)", "(patient 45-65, CP)",
            "(patient 45-65, CDS)", "(présidente du CNRMS)", "(patiente 66-85, MSP)"} <= printed
    assert not any("46-65" in a for a in printed)  # the band is written 45-65, not split


def test_author_verbatims_point_into_their_document(demo_project, everything) -> None:  # noqa: ANN001,E501
    with_turns = explore.verbatims(demo_project, AUTHOR,
                                   VerbatimFilter(themes=F({"tensions"}))).items
    assert with_turns
    for v in with_turns:
        doc = demo_project.document(v.document_id)
        assert doc.text[v.start:v.end] == v.text
        turn = doc.turns[v.turn_index]
        assert turn.start <= v.start < turn.end


# -- filters -----------------------------------------------------------------------------------

FILTERS = [
    VerbatimFilter(professions=F({"MG", "Psy"}), settings=F({"CDS"})),
    VerbatimFilter(professions=F({"patient", "patiente"}), age_bands=F({"20-35", "66-85"})),
    VerbatimFilter(settings=F({"CP"})),
    VerbatimFilter(themes=F({"objectifs", "tensions"}), sexes=F({"H"})),
    VerbatimFilter(sites=F({"Pantin", "Bagnolet"}), professions=F({"TS"})),
    VerbatimFilter(coders=F({"B"}), themes=F({"coordination"}), settings=F({"MSP", "CP"})),
    VerbatimFilter(kinds=F({DocumentKind.INTERVIEW}), age_bands=F({"46-65"})),
]


def by_hand(v: Verbatim, flt: VerbatimFilter, sheet) -> bool:  # noqa: ANN001
    p = who(v, sheet)
    tests = [
        not flt.themes or v.theme_id in flt.themes,
        not flt.professions or p.profession in flt.professions,
        not flt.settings or bool(flt.settings & set(p.settings)),
        not flt.age_bands or p.age_band in flt.age_bands,
        not flt.sexes or p.sex in flt.sexes,
        not flt.sites or p.site in flt.sites,
        not flt.kinds or v.kind in flt.kinds,
        not flt.coders or v.coder in flt.coders,
    ]
    return all(tests)


@pytest.mark.parametrize("flt", FILTERS)
def test_filters_combine_and_across_fields_or_within(demo_project, everything, sheet,
                                                     flt: VerbatimFilter) -> None:  # noqa: ANN001
    got = {v.coding_id for v in explore.verbatims(demo_project, AUTHOR, flt,
                                                  with_turns=False).items}
    expected = {v.coding_id for v in everything if by_hand(v, flt, sheet)}
    assert got == expected and got
    assert len(got) < len(everything)


def test_a_multi_setting_participant_matches_each_setting(demo_project) -> None:  # noqa: ANN001
    for setting in ("CP", "CDS"):
        found = explore.verbatims(demo_project, AUTHOR, VerbatimFilter(
            professions=F({"TS"}), settings=F({setting})), with_turns=False).items
        assert "(TS, CP/CDS)" in {v.attribution for v in found}
    msp = explore.verbatims(demo_project, AUTHOR, VerbatimFilter(
        professions=F({"TS"}), settings=F({"MSP"})), with_turns=False).items
    assert msp == ()


@pytest.mark.parametrize("query", ["médecin", "MEDECIN", "Médecin", "mÉdEcIn", "medecin"])
def test_text_search_ignores_case_and_accents(demo_project, everything, query: str) -> None:  # noqa: ANN001,E501
    got = {v.coding_id for v in explore.verbatims(
        demo_project, AUTHOR, VerbatimFilter(text=query), with_turns=False).items}
    word = re.compile(r"m[eéèêË]decin", re.IGNORECASE)
    assert got == {v.coding_id for v in everything if word.search(v.text)}
    assert got


def test_text_search_combines_with_the_other_filters(demo_project, everything, sheet) -> None:  # noqa: ANN001,E501
    flt = VerbatimFilter(text="ALCOOL", professions=F({"patient", "patiente"}))
    got = {v.coding_id for v in explore.verbatims(demo_project, AUTHOR, flt,
                                                  with_turns=False).items}
    assert got == {v.coding_id for v in everything if "alcool" in v.text.lower()
                   and who(v, sheet).is_patient}
    assert got


def test_a_code_filter_includes_its_sub_codes(demo_project, everything) -> None:  # noqa: ANN001
    book = coding.codebook(demo_project)
    for theme in [c for c in book.codes if c.parent is None]:
        got = {v.coding_id for v in explore.verbatims(
            demo_project, AUTHOR, VerbatimFilter(codes=F({theme.id})), with_turns=False).items}
        assert got == {v.coding_id for v in everything if v.theme_id == theme.id}
    sub = next(c.id for c in book.codes if c.parent == "objectifs"
               and any(v.code_id == c.id for v in everything))
    got = explore.verbatims(demo_project, AUTHOR, VerbatimFilter(codes=F({sub})),
                            with_turns=False).items
    assert got and {v.code_id for v in got} == {sub}


def test_a_code_filter_goes_down_every_level(coded) -> None:  # noqa: ANN001
    from tupsalco.codebook import Code

    coding.add_code(coded, ANA, Code("objectifs_reduction_paliers", "Paliers",
                                     parent="objectifs_reduction"))
    doc = coded.documents()[0].id
    coding.add_coding(coded, ANA, doc, ["objectifs_reduction_paliers"], 0, 20)
    coding.add_coding(coded, ANA, doc, ["strategies"], 5, 30)
    for code in ("objectifs", "objectifs_reduction", "objectifs_reduction_paliers"):
        found = explore.verbatims(coded, ADMIN, VerbatimFilter(codes=F({code}))).items
        assert [v.code_id for v in found] == ["objectifs_reduction_paliers"]
        assert found[0].theme_id == "objectifs"


# -- matrix and co-occurrence ------------------------------------------------------------------

@pytest.mark.parametrize("attribute", list(Attribute))
def test_the_author_matrix_counts_passages_and_participants(demo_project, everything, sheet,
                                                            attribute: Attribute) -> None:  # noqa: ANN001,E501
    passages: dict[tuple[str, str], int] = defaultdict(int)
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for v in everything:
        p = who(v, sheet)
        vals = ([v.kind.value] if attribute is Attribute.KIND else values(p, attribute))
        for value in vals:
            passages[v.theme_id, value] += 1
            people[v.theme_id, value].add(p.id)
    by_passage = explore.matrix(demo_project, AUTHOR, attribute, "passages")
    by_people = explore.matrix(demo_project, AUTHOR, attribute, "participants")
    assert by_passage.suppressed == () and by_people.suppressed == ()
    assert set(by_passage.table.columns) == {value for _, value in passages}
    for theme, value in product(by_passage.table.index, by_passage.table.columns):
        assert by_passage.table.loc[theme, value] == passages.get((theme, value), 0)
        assert by_people.table.loc[theme, value] == len(people.get((theme, value), ()))
    assert (by_passage.table >= by_people.table).all().all()
    if attribute is Attribute.PROFESSION:  # one profession each: rows add up to the theme
        for theme in by_passage.table.index:
            assert by_passage.table.loc[theme].sum() == sum(
                v.theme_id == theme for v in everything)


def test_the_matrix_refuses_an_unknown_measure(demo_project) -> None:  # noqa: ANN001
    with pytest.raises(ValueError):
        explore.matrix(demo_project, AUTHOR, "profession", "mots")


def test_the_matrix_follows_the_filter(demo_project, everything, sheet) -> None:  # noqa: ANN001
    flt = VerbatimFilter(sexes=F({"H"}))
    m = explore.matrix(demo_project, AUTHOR, "profession", "passages", flt)
    assert set(m.table.columns) == {who(v, sheet).profession for v in everything
                                    if who(v, sheet).sex == "H"}
    assert int(m.table.to_numpy().sum()) == sum(who(v, sheet).sex == "H" for v in everything)


@pytest.mark.parametrize("level", ["theme", "code"])
def test_cooccurrence_is_symmetric_with_passages_on_the_diagonal(demo_project, everything,
                                                                 level: str) -> None:  # noqa: ANN001,E501
    table = explore.cooccurrence(demo_project, AUTHOR, level=level)
    assert list(table.index) == list(table.columns)
    assert table.equals(table.T)
    key = (lambda v: v.theme_id) if level == "theme" else (lambda v: v.code_id)
    for label in table.index:
        assert table.loc[label, label] == sum(key(v) == label for v in everything)
    off = table.to_numpy().copy()
    for i in range(len(off)):
        off[i, i] = 0
    assert off.sum() > 0  # some themes do overlap in the demo


def test_cooccurrence_counts_overlapping_spans(coded) -> None:  # noqa: ANN001
    doc = coded.documents()[0].id
    coding.add_coding(coded, ANA, doc, ["objectifs"], 0, 40)
    coding.add_coding(coded, ANA, doc, ["strategies"], 30, 60)  # overlaps the first
    coding.add_coding(coded, ANA, doc, ["tensions"], 60, 80)  # touches, no overlap
    table = explore.cooccurrence(coded, ADMIN)
    assert table.loc["objectifs", "strategies"] == table.loc["strategies", "objectifs"] == 1
    assert table.loc["strategies", "tensions"] == 0
    assert [table.loc[t, t] for t in ("objectifs", "strategies", "tensions")] == [1, 1, 1]


# -- blind coding ------------------------------------------------------------------------------

def test_blind_coding_shows_a_coder_only_their_own(coded) -> None:  # noqa: ANN001
    doc = coded.documents()[0].id
    lea, bob = member(coded, "lea"), member(coded, "bob")
    coding.add_coding(coded, lea, doc, ["objectifs"], 0, 30)
    coding.add_coding(coded, bob, doc, ["strategies"], 10, 50)
    coding.add_coding(coded, bob, doc, ["tensions"], 60, 90)
    assert not coded.blind
    assert len(explore.visible_codings(coded, lea)) == 3
    coded.set_blind(ANA, True)
    assert coded.blind
    assert {c.coder for c in explore.visible_codings(coded, lea)} == {"lea"}
    assert {c.coder for c in explore.visible_codings(coded, lea, doc)} == {"lea"}
    assert [v.coder for v in explore.verbatims(coded, lea).items] == ["lea"]
    assert explore.filter_values(coded, lea)["coders"] == ["lea"]
    assert int(explore.matrix(coded, lea, "profession").table.to_numpy().sum()) == 1
    of_bob = explore.verbatims(coded, bob).items
    assert sorted(v.code_id for v in of_bob) == ["strategies", "tensions"]
    for other in (ADMIN, AUTHOR):
        assert {v.coder for v in explore.verbatims(coded, other).items} == {"lea", "bob"}
        assert len(explore.visible_codings(coded, other)) == 3
    coded.set_blind(ANA, False)
    assert len(explore.verbatims(coded, lea).items) == 3


def test_verbatim_table_drops_attributions_for_the_committee(demo_project) -> None:  # noqa: ANN001,E501
    flt = VerbatimFilter(themes=F({"coordination"}))
    author = explore.verbatim_table(explore.verbatims(demo_project, AUTHOR, flt).items)
    committee = explore.verbatim_table(explore.verbatims(demo_project, COMMITTEE, flt).items)
    assert {"attribution", "document", "codeur·se"} <= set(author.columns)
    assert set(committee.columns) == {"thème", "code", "verbatim"}
