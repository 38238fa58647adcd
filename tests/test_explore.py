"""Explore: what each role gets back from the verbatim, matrix and co-occurrence queries.

The participants sheet (the ``sheet`` fixture) is the independent truth: attributions,
participant counts and suppressed cells are recomputed from it, never from the library's
own attribution or counting helpers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations, product
from pathlib import Path

import pandas as pd
import pytest

from tupsalco import coding, explore
from tupsalco.errors import PermissionDeniedError
from tupsalco.explore import Attribute, VerbatimFilter
from tupsalco.records import AccountRole, DocumentKind, Participant, Verbatim, Viewer

from .conftest import ANA, expected_attribution, member

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

PROFESSIONS = ("MG", "Psy", "TS", "Coordinatrice", "patient", "patiente")
SETTINGS = ("CP", "MSP", "CDS", "Coordination")
BANDS = ("20-35", "25-35", "36-45", "46-65", "66-85")


def candidate_filters(demo_project) -> list[VerbatimFilter]:  # noqa: ANN001
    """What an attacker tries: every field with one value and with two, and every two fields
    with one value each (a word search and sub-codes included)."""
    book = coding.codebook(demo_project)
    themes = [c.id for c in book.codes if c.parent is None]
    subs = [c.id for c in book.codes if c.parent is not None]
    fields = {"themes": themes, "codes": subs[:4], "professions": PROFESSIONS,
              "settings": SETTINGS, "age_bands": BANDS, "text": ["alcool", "MÉDECIN"]}
    out = [VerbatimFilter()]
    for name, options in fields.items():
        for value in options:
            out.append(VerbatimFilter(**{name: value if name == "text" else F({value})}))
        if name != "text":
            out += [VerbatimFilter(**{name: F(pair)}) for pair in combinations(options, 2)]
    for (a, a_options), (b, b_options) in combinations(fields.items(), 2):
        for x, y in product(a_options, b_options):
            out.append(VerbatimFilter(**{a: x if a == "text" else F({x}),
                                         b: y if b == "text" else F({y})}))
    return out


def accepted(query):  # noqa: ANN001, ANN201
    try:
        return query()
    except PermissionDeniedError:
        return None


@pytest.fixture(scope="module")
def asked(demo_project) -> dict[VerbatimFilter, explore.VerbatimSet]:  # noqa: ANN001
    """The filters the library accepts from the committee, out of every candidate, with
    their answers."""
    answers = {f: accepted(lambda f=f: explore.verbatims(demo_project, COMMITTEE, f))
               for f in candidate_filters(demo_project)}
    return {f: a for f, a in answers.items() if a is not None}


def test_the_committee_asks_a_fixed_set_of_questions(demo_project, asked) -> None:  # noqa: ANN001
    themes = {c.id for c in coding.codebook(demo_project).codes if c.parent is None}
    candidates = candidate_filters(demo_project)
    assert len(candidates) > 450
    # no filter, one theme, one profession, one profession within one theme: nothing else
    assert {(len(f.themes), len(f.professions)) for f in asked} == {(0, 0), (1, 0), (0, 1),
                                                                   (1, 1)}
    assert len(asked) == 1 + len(themes) + len(PROFESSIONS) + len(themes) * len(PROFESSIONS)
    for f in asked:
        assert not (f.codes or f.settings or f.age_bands or f.text), f
    # the tables are the whole project's: any filter is refused
    for f in candidates[1:]:
        for query in (lambda f=f: explore.matrix(demo_project, COMMITTEE, "profession",
                                                 "participants", f),
                      lambda f=f: explore.cooccurrence(demo_project, COMMITTEE, f)):
            with pytest.raises(PermissionDeniedError):
                query()
    with pytest.raises(PermissionDeniedError):
        explore.cooccurrence(demo_project, COMMITTEE, level="code")


REFUSED_TO_THE_COMMITTEE = [
    VerbatimFilter(coders=F({"A"})), VerbatimFilter(kinds=F({DocumentKind.OBSERVATION})),
    VerbatimFilter(sexes=F({"F"})), VerbatimFilter(sites=F({"Bagnolet"})),
    VerbatimFilter(themes=F({"objectifs"}), sites=F({"Marseille", "Pantin"})),
    # the differences of these would single people out (two bands minus one band)
    VerbatimFilter(age_bands=F({"46-65", "66-85"})), VerbatimFilter(age_bands=F({"46-65"})),
    VerbatimFilter(themes=F({"objectifs", "tensions"})), VerbatimFilter(text="alcool"),
    VerbatimFilter(professions=F({"MG", "patient"})), VerbatimFilter(settings=F({"CP"})),
    VerbatimFilter(codes=F({"objectifs"})),
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
        demo_project, sheet, asked) -> None:  # noqa: ANN001
    pattern = identifiers(demo_project, sheet)
    assert pattern.search("(patient 36-45, CDS) PAT03 dit") is not None  # the probe works
    book = coding.codebook(demo_project)
    themes = [c.id for c in book.codes if c.parent is None]
    seen = 0
    for found in asked.values():
        for v in found.items:
            assert_anonymous(v, pattern)
        seen += len(found.items)
    assert seen > 400  # the probes did return verbatims
    for attribute in explore.COMMITTEE_ATTRIBUTES:
        for measure in ("passages", "participants"):
            m = explore.matrix(demo_project, COMMITTEE, attribute, measure)
            assert_frame_anonymous(m.table, pattern)
    assert_frame_anonymous(explore.cooccurrence(demo_project, COMMITTEE), pattern)
    options = explore.filter_values(demo_project, COMMITTEE)
    for theme, profession in product(themes, options["professions"]):
        for v in explore.cell_verbatims(demo_project, COMMITTEE, theme, "profession",
                                        profession).items:
            assert_anonymous(v, pattern)
    for theme, (attribute, values) in product(themes, [("setting", options["settings"]),
                                                       ("age_band", options["age_bands"])]):
        for value in values:  # lists are split by profession only
            with pytest.raises(PermissionDeniedError):
                explore.cell_verbatims(demo_project, COMMITTEE, theme, attribute, value)
    assert set(options) == {"professions", "settings", "age_bands"}  # no sites, sexes, coders
    assert_frame_anonymous(pd.DataFrame({k: [" ".join(v)] for k, v in options.items()}),
                           pattern)


def test_the_committee_gets_no_coding(demo_project) -> None:  # noqa: ANN001
    """A coding names its coder, its document and its positions."""
    for read in (lambda: explore.visible_codings(demo_project, COMMITTEE),
                 lambda: explore.visible_codings(demo_project, COMMITTEE, 1),
                 lambda: coding.codings(demo_project, COMMITTEE),
                 lambda: coding.coders(demo_project, COMMITTEE)):
        with pytest.raises(PermissionDeniedError):
            read()
    assert explore.visible_codings(demo_project, AUTHOR)


@pytest.mark.parametrize("attribute", ["site", "sex", "kind", Attribute.SITE])
@pytest.mark.parametrize("measure", ["passages", "participants"])
def test_the_committee_cannot_draw_a_matrix_by_site_sex_or_kind(demo_project, attribute,
                                                                measure) -> None:  # noqa: ANN001
    with pytest.raises(PermissionDeniedError):
        explore.matrix(demo_project, COMMITTEE, attribute, measure)
    assert explore.matrix(demo_project, AUTHOR, attribute, measure).table.to_numpy().sum() > 0


@pytest.mark.parametrize("attribute,value", [("site", "Marseille"), ("sex", "F"),
                                             ("kind", "interview"), ("setting", "CDS"),
                                             ("age_band", "46-65")])
def test_the_committee_cannot_open_a_cell_by_site_sex_or_kind(demo_project, attribute,
                                                              value) -> None:  # noqa: ANN001
    with pytest.raises(PermissionDeniedError):
        explore.cell_verbatims(demo_project, COMMITTEE, "coordination", attribute, value)
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


def members(sheet, attribute: Attribute) -> dict[str, set[str]]:  # noqa: ANN001
    """The study's groups: for each value, the participants who have it (every participant
    of the demo sheet is interviewed)."""
    out: dict[str, set[str]] = defaultdict(set)
    for p in sheet.participants:
        for value in values(p, attribute):
            out[value].add(p.id)
    return out


def round_to(n: int, k: int) -> int:
    """The nearest multiple of k, halves up, at least k when n is not 0 (written apart from
    the library's)."""
    return 0 if n == 0 else max(k, k * int(n / k + 0.5))


def check_committee_matrix(demo_project, everything, sheet, k: int) -> int:  # noqa: ANN001
    """Primary suppression (fewer than k speak, or the group has fewer than k people),
    secondary (each row's masked cells hold no one or k people at least, speakers and
    group members alike), every count shown rounded to a multiple of k."""
    assert {p.id for p in sheet.participants} == {who(v, sheet).id for v in everything
                                                  if who(v, sheet) is not None}
    hidden = 0
    for attribute in explore.COMMITTEE_ATTRIBUTES:
        people, spans = recount(everything, sheet, attribute)
        groups = members(sheet, attribute)
        for measure in ("participants", "passages"):
            m = explore.matrix(demo_project, COMMITTEE, attribute, measure)
            assert m.k == k and list(m.table.columns) == sorted(groups)
            masked = {(t, v) for t, v in product(m.table.index, m.table.columns)
                      if pd.isna(m.table.loc[t, v])}
            assert masked == set(m.suppressed)
            for theme in m.table.index:
                row = {v for v in m.table.columns if (theme, v) in masked}
                speaking = {pid for (t, _), w in people.items() if t == theme for pid in w}
                if 0 < len(speaking) < k:
                    assert row == set(m.table.columns), (attribute, theme)
                for value in m.table.columns:
                    n = len(people.get((theme, value), ()))
                    if len(groups[value]) < k or 0 < n < k:
                        assert value in row, (attribute, theme, value, n)
                    if value not in row:
                        exact = n if measure == "participants" else len(
                            spans.get((theme, value), ()))
                        assert m.table.loc[theme, value] == round_to(exact, k), (
                            attribute, measure, theme, value, exact)
                for region in ([people.get((theme, v), set()) for v in row],
                               [groups[v] for v in row]):
                    hidden_ids = set().union(*region)
                    assert len(hidden_ids) == 0 or len(hidden_ids) >= k, (attribute, theme)
            hidden += len(masked)
    return hidden


def test_every_committee_cell_comes_from_at_least_k_participants(demo_project, everything,
                                                                 sheet) -> None:  # noqa: ANN001
    k = demo_project.k_threshold
    assert k == 3
    assert check_committee_matrix(demo_project, everything, sheet, k) > 0  # some are hidden
    by_profession = explore.matrix(demo_project, COMMITTEE, "profession", "participants")
    # two social workers: their column is masked in every theme, zeros included
    assert by_profession.table["TS"].isna().all()
    # five GPs speak of coordination: shown as the nearest multiple of 3
    assert by_profession.table.loc["coordination", "MG"] == 6


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
        assert four and all(pd.isna(after.table.loc[t, "MG"]) for t in four)
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
    exact = explore.cooccurrence(demo_project, AUTHOR)  # two coders' passages count twice
    for a, b in product(table.index, table.columns):
        n = len(people.get((a, b), ()))
        if 0 < n < k:
            assert pd.isna(table.loc[a, b]), (a, b, n)
        else:
            shown = table.loc[a, b]
            assert not pd.isna(shown) and shown % k == 0, (a, b, n)
            assert (shown == 0) == (exact.loc[a, b] == 0), (a, b)


def test_no_question_isolates_one_participant(demo_project, sheet) -> None:  # noqa: ANN001
    """The only 66-85 patient (DOMAIN.md) and every other combination of profession and band
    held by one person cannot be asked: not by a band, not by two bands minus one."""
    counts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p in sheet.participants:
        counts[p.profession, p.age_band].append(p.id)
    alone = sorted(c for c, ids in counts.items() if len(ids) == 1)
    assert ("patiente", "66-85") in alone
    for profession, band in alone:
        for flt in (VerbatimFilter(professions=F({profession}), age_bands=F({band})),
                    VerbatimFilter(age_bands=F({band})),
                    VerbatimFilter(age_bands=F({band, "46-65"}))):
            with pytest.raises(PermissionDeniedError):
                explore.verbatims(demo_project, COMMITTEE, flt)
        with pytest.raises(PermissionDeniedError):
            explore.cell_verbatims(demo_project, COMMITTEE, "objectifs", "age_band", band)
    by_band = explore.matrix(demo_project, COMMITTEE, "age_band", "participants")
    assert by_band.table["66-85"].isna().all() and by_band.table["20-35"].isna().all()


def test_a_profession_of_fewer_than_k_is_masked_in_every_theme(demo_project, sheet) -> None:  # noqa: ANN001,E501
    assert sum(p.profession == "TS" for p in sheet.participants) == 2
    themes = [c.id for c in coding.codebook(demo_project).codes if c.parent is None]
    for theme in themes:
        found = explore.cell_verbatims(demo_project, COMMITTEE, theme, "profession", "TS")
        # masked even where they said nothing: an empty list would say it of two people
        assert found.items == () and found.suppressed and found.participants == 0, theme
    assert explore.verbatims(demo_project, COMMITTEE,
                             VerbatimFilter(professions=F({"TS"}))).items == ()


def test_raising_k_suppresses_a_list_that_k_3_shows(demo_project) -> None:  # noqa: ANN001
    flt = VerbatimFilter(professions=F({"MG"}), themes=F({"coordination"}))
    shown = explore.verbatims(demo_project, COMMITTEE, flt)
    assert shown.items and not shown.suppressed and shown.participants == 6  # five, rounded
    try:
        demo_project.set_k_threshold(ADMIN, 6)  # five GPs in the study: fewer than k
        hidden = explore.verbatims(demo_project, COMMITTEE, flt)
        assert hidden.items == () and hidden.suppressed
        assert explore.verbatims(demo_project, AUTHOR, flt).items  # authors are not limited
    finally:
        demo_project.set_k_threshold(ADMIN, 3)


def test_an_empty_shown_cell_is_not_reported_as_suppressed(demo_project) -> None:  # noqa: ANN001
    table = explore.matrix(demo_project, COMMITTEE, "profession", "participants").table
    zeros = [(t, v) for t, v in product(table.index, table.columns)
             if not pd.isna(table.loc[t, v]) and table.loc[t, v] == 0]
    assert zeros  # the three patientes say nothing of some themes
    for theme, profession in zeros:
        found = explore.cell_verbatims(demo_project, COMMITTEE, theme, "profession",
                                       profession)
        assert found.items == () and not found.suppressed and found.participants == 0


def test_committee_verbatims_are_deduplicated_and_ordered_by_theme(demo_project) -> None:  # noqa: ANN001,E501
    items = explore.verbatims(demo_project, COMMITTEE).items
    assert len(items) == len(set(items))
    keys = [(v.theme_id, v.code_id, v.text) for v in items]
    assert keys == sorted(keys)


# -- the attacker: every pair of the committee's answers ------------------------------------

def speakers_of(everything: list[Verbatim], sheet) -> dict[tuple[str, str], set[str]]:  # noqa: ANN001,E501
    """Who said each (theme, text) the committee can be shown, from the authors' view and
    the sheet (observation notes name nobody)."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for v in everything:
        p = who(v, sheet)
        out[v.theme_id, v.text] |= {p.id} if p is not None else set()
    return out


def small_differences(answers: dict[str, set[tuple[str, str]]],
                      said: dict[tuple[str, str], set[str]], k: int) -> tuple[int, list]:
    """Every ordered pair of answers: what one holds and the other does not, and who said it.
    A difference said by 1 to k-1 people is what the committee must never isolate."""
    found, pairs = [], 0
    for (name_a, a), (name_b, b) in product(answers.items(), repeat=2):
        if name_a == name_b:
            continue
        pairs += 1
        people = set().union(*(said[item] for item in a - b))
        if 0 < len(people) < k:
            found.append((name_a, name_b, len(people)))
    return pairs, found


def test_an_attacker_subtracting_the_committees_answers_isolates_no_one(
        demo_project, sheet, everything, asked) -> None:  # noqa: ANN001
    k = demo_project.k_threshold
    said = speakers_of(everything, sheet)
    themes = [c.id for c in coding.codebook(demo_project).codes if c.parent is None]
    professions = explore.filter_values(demo_project, COMMITTEE)["professions"]
    # every list the library gives the committee: each accepted filter, and each cell
    answers = {f"verbatims {f}": {(v.theme_id, v.text) for v in a.items}
               for f, a in asked.items()}
    for theme, profession in product(themes, professions):
        cell = explore.cell_verbatims(demo_project, COMMITTEE, theme, "profession", profession)
        answers[f"cell {theme} {profession}"] = {(v.theme_id, v.text) for v in cell.items}
    # and each theme's total minus any union of its shown professions' lists
    for theme in themes:
        total = answers[f"verbatims {VerbatimFilter(themes=F({theme}))}"]
        cells = [answers[f"cell {theme} {p}"] for p in professions]
        for n in range(1, len(cells) + 1):
            for chosen in combinations(cells, n):
                answers[f"complement {theme} {n}-{len(answers)}"] = total - set().union(*chosen)
    pairs, found = small_differences(answers, said, k)
    assert pairs > 300_000 and len(answers) > 500
    assert found == [], found[:10]
    # every count is a multiple of k: no two counts differ by fewer than k people
    counts = [a.participants for a in asked.values()]
    for attribute in explore.COMMITTEE_ATTRIBUTES:
        for measure in ("participants", "passages"):
            table = explore.matrix(demo_project, COMMITTEE, attribute, measure).table
            counts += [int(x) for x in table.to_numpy().ravel() if not pd.isna(x)]
    cooc = explore.cooccurrence(demo_project, COMMITTEE).to_numpy().ravel()
    counts += [int(x) for x in cooc if not pd.isna(x)]
    assert len(counts) > 300
    assert all(n % k == 0 for n in counts)
    assert not [(a, b) for a, b in combinations(counts, 2) if 0 < abs(a - b) < k]


def test_the_attacker_finds_what_the_authors_view_would_give(demo_project, sheet,
                                                             everything) -> None:  # noqa: ANN001
    """The same subtraction on lists drawn as the authors draw them (no fixed partition, no
    secondary suppression) isolates people: the probe works."""
    k = demo_project.k_threshold
    said = speakers_of(everything, sheet)
    answers = {}
    for flt in (VerbatimFilter(themes=F({"objectifs"})),
                *(VerbatimFilter(themes=F({"objectifs"}), professions=F({p}))
                  for p in PROFESSIONS),
                VerbatimFilter(age_bands=F({"46-65", "66-85"})),
                VerbatimFilter(age_bands=F({"46-65"}))):
        found = explore.verbatims(demo_project, AUTHOR, flt, with_turns=False)
        if len({v.participant.id for v in found.items if v.participant}) >= k:  # old rule
            answers[str(flt)] = {(v.theme_id, v.text) for v in found.items}
    _, isolated = small_differences(answers, said, k)
    assert isolated


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
    # a passage two coders coded with the same code counts once
    spans: dict[tuple[str, str], set[tuple]] = defaultdict(set)
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for v in everything:
        p = who(v, sheet)
        vals = ([v.kind.value] if attribute is Attribute.KIND else values(p, attribute))
        for value in vals:
            spans[v.theme_id, value].add((v.document_id, v.code_id, v.start, v.end))
            people[v.theme_id, value].add(p.id)
    passages = {cell: len(s) for cell, s in spans.items()}
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
            assert by_passage.table.loc[theme].sum() == len(
                {(v.document_id, v.code_id, v.start, v.end) for v in everything
                 if v.theme_id == theme})


def test_the_matrix_refuses_an_unknown_measure(demo_project) -> None:  # noqa: ANN001
    with pytest.raises(ValueError):
        explore.matrix(demo_project, AUTHOR, "profession", "mots")


def test_the_matrix_follows_the_filter(demo_project, everything, sheet) -> None:  # noqa: ANN001
    flt = VerbatimFilter(sexes=F({"H"}))
    m = explore.matrix(demo_project, AUTHOR, "profession", "passages", flt)
    assert set(m.table.columns) == {who(v, sheet).profession for v in everything
                                    if who(v, sheet).sex == "H"}
    assert int(m.table.to_numpy().sum()) == len({(v.document_id, v.code_id, v.start, v.end)
                                                 for v in everything if who(v, sheet).sex == "H"})


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
    assert [x.verbatim.coder for x in explore.verbatim_page(coded, lea).passages] == ["lea"]
    assert explore.verbatim_page(coded, bob).total == 2
    coded.set_blind(ANA, False)
    assert len(explore.verbatims(coded, lea).items) == 3


PAGED = [VerbatimFilter(), VerbatimFilter(professions=F({"MG"})), VerbatimFilter(text="médecin"),
         VerbatimFilter(themes=F({"coordination"}), settings=F({"CDS"}))]


@pytest.mark.parametrize("flt", PAGED)
@pytest.mark.parametrize("viewer", [AUTHOR, COMMITTEE])
def test_pages_of_passages_make_the_whole_list(demo_project, flt: VerbatimFilter,  # noqa: ANN001
                                               viewer: Viewer) -> None:
    if not viewer.sees_attributions and flt != VerbatimFilter():
        # the committee's one narrower question: a profession's list within a theme
        flt = VerbatimFilter(themes=F({"coordination"}), professions=F({"MG"}))
    whole = explore.verbatims(demo_project, viewer, flt)
    merged = explore.passages(whole.items)
    first = explore.verbatim_page(demo_project, viewer, flt, 1, 40)
    pages = -(-first.total // 40)
    shown = [x for n in range(1, pages + 1)
             for x in explore.verbatim_page(demo_project, viewer, flt, n, 40).passages]
    assert merged and shown == merged and first.total == len(merged)
    assert first.participants == whole.participants
    assert explore.verbatim_page(demo_project, viewer, flt, pages + 1, 40).passages == ()


def test_two_coders_on_one_passage_make_one_passage_of_two_codings(coded) -> None:  # noqa: ANN001,E501
    doc = coded.documents()[0].id
    lea, bob = member(coded, "lea"), member(coded, "bob")
    coding.add_coding(coded, lea, doc, ["objectifs"], 0, 30)
    coding.add_coding(coded, bob, doc, ["objectifs"], 0, 30)
    coding.add_coding(coded, bob, doc, ["strategies"], 10, 50)
    found = explore.verbatim_page(coded, ADMIN)
    assert found.total == 2
    assert [(x.verbatim.code_id, x.coders) for x in found.passages] == [
        ("objectifs", ("bob", "lea")), ("strategies", ("bob",))]
    assert int(explore.matrix(coded, ADMIN, "kind").table.to_numpy().sum()) == 2
    # the authors' co-occurrences count codings: each of the two with the third
    table = explore.cooccurrence(coded, ADMIN)
    assert table.loc["objectifs", "strategies"] == table.loc["strategies", "objectifs"] == 2
    assert (table.loc["objectifs", "objectifs"], table.loc["strategies", "strategies"]) == (2, 1)


def test_verbatim_table_drops_attributions_for_the_committee(demo_project) -> None:  # noqa: ANN001,E501
    flt = VerbatimFilter(themes=F({"coordination"}))
    author = explore.verbatim_table(explore.verbatims(demo_project, AUTHOR, flt).items)
    committee = explore.verbatim_table(explore.verbatims(demo_project, COMMITTEE, flt).items)
    assert {"attribution", "document", "codeur·se"} <= set(author.columns)
    assert set(committee.columns) == {"thème", "code", "verbatim"}


@pytest.mark.parametrize("flt", PAGED + [VerbatimFilter(themes=F({"nothing-such"}))])
def test_the_download_table_holds_every_verbatim_of_the_selection(demo_project,  # noqa: ANN001
                                                                  flt: VerbatimFilter) -> None:
    """Built column by column from the passages, it holds the rows the records make (in
    document order; a passage's coders by name)."""
    made = explore.download_table(demo_project, AUTHOR, flt)
    recorded = explore.verbatim_table(explore.verbatims(demo_project, AUTHOR, flt).items)
    assert list(made.columns) == ["thème", "code", "verbatim", "attribution", "document",
                                  "codeur·se", "suggéré par"]
    if recorded.empty:
        assert made.empty
        return
    columns = list(made.columns)
    assert (made.sort_values(columns).reset_index(drop=True)
            .equals(recorded[columns].sort_values(columns).reset_index(drop=True)))
    committee = explore.download_table(demo_project, COMMITTEE,
                                       VerbatimFilter(themes=F({"coordination"})))
    assert set(committee.columns) == {"thème", "code", "verbatim"}


def test_the_download_table_of_a_blind_coder_holds_their_own(coded) -> None:  # noqa: ANN001
    doc = coded.documents()[0].id
    lea, bob = member(coded, "lea"), member(coded, "bob")
    coding.add_coding(coded, lea, doc, ["objectifs"], 0, 30)
    coding.add_coding(coded, bob, doc, ["objectifs"], 0, 30)
    coding.add_coding(coded, bob, doc, ["strategies"], 10, 50)
    assert list(explore.download_table(coded, ADMIN)["codeur·se"]) == ["bob", "lea", "bob"]
    coded.set_blind(ANA, True)
    try:
        assert list(explore.download_table(coded, lea)["codeur·se"]) == ["lea"]
    finally:
        coded.set_blind(ANA, False)


@pytest.mark.parametrize("flt", PAGED + [VerbatimFilter(themes=F({"nothing-such"}))])
@pytest.mark.parametrize("with_turns", [True, False])
def test_every_verbatim_read_by_passage_is_what_one_row_per_coding_gives(
        demo_project, flt: VerbatimFilter, with_turns: bool) -> None:  # noqa: ANN001
    """The records built column by column from one row per passage are those read one
    coding at a time (the path kept for a coder's name holding the separator): same
    records, same order, same participants."""
    from tupsalco.explore import columns, lists
    from tupsalco.explore.cache import bulk

    with bulk():
        fast = columns.every_verbatim(demo_project, AUTHOR, flt, with_turns)
        slow = lists._read_verbatims(demo_project, AUTHOR, flt, with_turns)
    assert fast == slow
    assert all(type(v) is Verbatim for v in fast.items)
    assert explore.verbatims(demo_project, AUTHOR, flt, with_turns) == slow


@pytest.mark.parametrize("flt", PAGED + [VerbatimFilter(themes=F({"nothing-such"}))])
@pytest.mark.parametrize("viewer", [AUTHOR, COMMITTEE])
def test_the_corpus_download_is_the_corpus_of_every_verbatim(demo_project, flt: VerbatimFilter,  # noqa: ANN001,E501
                                                             viewer: Viewer) -> None:
    """Each passage's block made once is the corpus the records make, byte for byte."""
    from tupsalco.export import iramuteq_corpus

    if not viewer.sees_attributions:
        flt = VerbatimFilter(themes=F({"coordination"}))
    made = explore.download_corpus(demo_project, viewer, flt)
    assert made == iramuteq_corpus(explore.verbatims(demo_project, viewer, flt).items).encode()
    # a passage several coders coded with one code is one text for IRaMuTeQ
    assert made.count(b"**** ") == len(explore.passages(
        explore.verbatims(demo_project, viewer, flt).items))


def test_records_read_by_passage_keep_each_codings_coder_and_suggester(coded) -> None:  # noqa: ANN001,E501
    doc = coded.documents()[0].id
    lea, bob = member(coded, "lea"), member(coded, "bob")
    coding.add_coding(coded, bob, doc, ["objectifs"], 0, 30)
    coding.add_coding(coded, lea, doc, ["objectifs"], 0, 30)
    coding.add_coding(coded, bob, doc, ["strategies"], 0, 50)
    from tupsalco.explore import lists

    found = explore.verbatims(coded, ADMIN).items
    assert [(v.code_id, v.coder) for v in found] == [
        ("objectifs", "bob"), ("objectifs", "lea"), ("strategies", "bob")]
    assert found == lists._read_verbatims(coded, ADMIN, VerbatimFilter(), True).items
    with pytest.raises(AttributeError):
        found[0].coder = "lea"  # type: ignore[misc]
    assert hash(found[0]) == hash(lists._read_verbatims(coded, ADMIN, VerbatimFilter(),
                                                        True).items[0])


def test_the_corpus_gives_each_passage_once_in_the_order_of_its_first_coding(coded) -> None:  # noqa: ANN001,E501
    """Passages starting at the same offset come oldest first, and the passage two coders
    coded with one code is one text (IRaMuTeQ would count it twice), in the download as in
    the corpus of the records."""
    from tupsalco.export import iramuteq_corpus

    doc = coded.documents()[0].id
    lea, bob = member(coded, "lea"), member(coded, "bob")
    coding.add_coding(coded, bob, doc, ["strategies"], 0, 50)
    coding.add_coding(coded, bob, doc, ["objectifs"], 0, 30)
    coding.add_coding(coded, lea, doc, ["objectifs"], 0, 30)
    made = explore.download_corpus(coded, ADMIN)
    assert made == iramuteq_corpus(explore.verbatims(coded, ADMIN).items).encode()
    assert [line.split(b" ")[2] for line in made.split(b"\n") if line.startswith(b"****")] == [
        b"*code_strategies", b"*code_objectifs"]
    assert len(explore.verbatims(coded, ADMIN).items) == 3


def test_records_made_when_read_are_the_records_made_at_once(demo_project) -> None:  # noqa: ANN001,E501
    """A list of every verbatim makes its records when they are read: one by one, by slice
    or all at once, they are the records read one coding at a time, in the same order."""
    from tupsalco.explore import lists
    from tupsalco.explore.columns import Records

    explore.clear_cache()
    found = explore.verbatims(demo_project, AUTHOR).items
    assert isinstance(found, Records)
    one_by_one = lists._read_verbatims(demo_project, AUTHOR, VerbatimFilter(), True).items
    n = len(one_by_one)
    assert len(found) == n > 500
    assert found[0] == one_by_one[0] and found[-1] == one_by_one[-1] == found[n - 1]
    assert found[10:15] == one_by_one[10:15] and isinstance(found[10:15], tuple)
    assert found[::-97] == one_by_one[::-97]
    with pytest.raises(IndexError):
        found[n]  # noqa: B018
    with pytest.raises(IndexError):
        found[-n - 1]  # noqa: B018
    with pytest.raises(TypeError):
        found["0"]  # type: ignore[index]  # noqa: B018
    assert found != one_by_one[1:] and found != "not records"
    assert found == one_by_one and tuple(found) == one_by_one and list(found) == list(one_by_one)
    assert hash(found) == hash(one_by_one)
    assert found[3] is found[3]  # made once, kept once read whole
    explore.clear_cache()


def test_a_verbatim_reads_equals_and_travels_as_a_record_of_its_fields() -> None:
    """Made field by field or from its passage's shared fields, a Verbatim is the same
    record: the same attributes, equal, the same hash; never equal to a tuple; frozen;
    copied and pickled whole."""
    import copy
    import pickle

    from tupsalco.records import VERBATIM_FIELDS, VERBATIM_PASSAGE, DocumentKind, Verbatim

    values = dict(coding_id=7, code_id="c.1", theme_id="t", text="un mot",
                  kind=DocumentKind.INTERVIEW, document_id=3, document="E01", start=4, end=10,
                  turn_index=2, coder="ana", participant=None, attribution="(E01)",
                  suggested_by="model-1")
    by_keyword = Verbatim(**values)
    by_position = Verbatim(*values.values())
    passage = tuple(values[f] for f in VERBATIM_PASSAGE)
    shared = Verbatim.of_passages([7, 8], ["ana", "bo"], ["model-1", None], [passage, passage])
    assert shared[0] == by_keyword == by_position == Verbatim.of_passage(7, "ana", "model-1",
                                                                         passage)
    assert hash(shared[0]) == hash(by_keyword)
    assert shared[1] != shared[0] and shared[1].coder == "bo" and shared[1].suggested_by is None
    assert shared[1].text == "un mot" and shared[1].passage_key == (3, 4, 10, "c.1")
    assert by_keyword.fields() == tuple(values[f] for f in VERBATIM_FIELDS)
    assert by_keyword.replace(coding_id=8, coder="bo", suggested_by=None) == shared[1]
    assert all(getattr(by_keyword, f) == v for f, v in values.items())
    assert by_keyword != tuple(by_keyword) and tuple(by_keyword) != by_keyword
    assert repr(by_keyword).startswith("Verbatim(coding_id=7, code_id='c.1', theme_id='t'")
    with pytest.raises(AttributeError):
        by_keyword.text = "autre"  # type: ignore[misc]
    for again in (pickle.loads(pickle.dumps(shared[1])), copy.deepcopy(shared[1])):
        assert type(again) is Verbatim and again == shared[1]
    committee = Verbatim(None, "c.1", "t", "un mot", DocumentKind.INTERVIEW)
    assert committee.document is None and committee.passage_key == ("c.1", "un mot")


def test_the_kept_answers_stay_under_their_byte_budget(demo_project,  # noqa: ANN001
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers are let go, least recently asked first, once together they weigh more than
    the budget; one asked again after being let go is made again, the same."""
    from tupsalco.explore import cache

    explore.clear_cache()
    every = explore.verbatims(demo_project, AUTHOR)
    table = explore.download_table(demo_project, AUTHOR)
    assert cache.weight(every) == len(every.items) * cache.RECORD_BYTES > 0
    assert cache.weight(table) > 0
    budget = cache.weight(every) + cache.weight(table) // 2
    monkeypatch.setattr(cache, "CACHE_BYTES", budget)
    explore.clear_cache()
    themes = sorted({v.theme_id for v in every.items})
    for theme in themes:
        explore.verbatims(demo_project, AUTHOR, VerbatimFilter(themes=F({theme})))
        explore.download_table(demo_project, AUTHOR, VerbatimFilter(themes=F({theme})))
        explore.verbatims(demo_project, AUTHOR)
        assert cache.cache_weight() <= budget
    assert explore.verbatims(demo_project, AUTHOR) == every
    assert explore.download_table(demo_project, AUTHOR).equals(table)
    assert cache.cache_weight() <= budget
    explore.clear_cache()
    assert cache.cache_weight() == 0
