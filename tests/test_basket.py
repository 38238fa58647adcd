"""The quotation basket: order, faithful trims, coarsened attributions, k warnings, audit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tupsalco import basket, coding, explore
from tupsalco.errors import InputError, NotFoundError, PermissionDeniedError
from tupsalco.explore import VerbatimFilter
from tupsalco.project import Project
from tupsalco.records import AccountRole, Participant, Verbatim, Viewer
from tupsalco.store.models import AuditEventRow

from .conftest import ANA, BOOK, PASS, PASSWORD, member, transcript

ME = Viewer("redac-basket-test", AccountRole.AUTHOR)
OTHER = Viewer("autre-basket-test", AccountRole.CODER)
COMMITTEE = Viewer("comite-basket-test", AccountRole.COMMITTEE)
F = frozenset


@pytest.fixture
def mine(demo_project) -> Iterator[Project]:  # noqa: ANN001
    """The shared demo with this file's users' baskets emptied after each test."""
    for v in (ME, OTHER, COMMITTEE):
        member(demo_project, v.username, v.role.value)
    basket.clear(demo_project, ME)
    basket.clear(demo_project, OTHER)
    yield demo_project
    basket.clear(demo_project, ME)
    basket.clear(demo_project, OTHER)


def verbatim_of(project: Project, participant: str, **flt: frozenset) -> Verbatim:
    found = [v for v in explore.verbatims(project, ME, VerbatimFilter(**flt),
                                          with_turns=False).items
             if v.participant.id == participant]
    return min(found, key=lambda v: len(v.text))  # a short one: easy to trim by hand


def printed(p: Participant, dropped: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What an attribution shows of a participant, from the sheet's fields."""
    out = [p.function or p.profession]
    if p.profession in ("patient", "patiente") and "age_band" not in dropped:
        out.append(p.age_band)
    if "setting" not in dropped and not p.function:
        out.append("/".join(sorted(p.settings)))
    return tuple(out)


def fits(sheet, pid: str, dropped: tuple[str, ...] = ()) -> int:  # noqa: ANN001
    """How many people of the sheet an attribution of ``pid`` could designate."""
    target = printed(sheet.get(pid), dropped)
    return sum(printed(q, dropped) == target for q in sheet.participants)


def events(project: Project, action: str) -> list[AuditEventRow]:
    with project.db.session() as s:
        rows = list(s.scalars(select(AuditEventRow).where(AuditEventRow.action == action)
                              .order_by(AuditEventRow.id)))
        s.expunge_all()
    return rows


def test_add_move_remove_clear(mine) -> None:  # noqa: ANN001
    picks = [verbatim_of(mine, pid) for pid in ("MG01", "PAT02", "TS01", "PSY03")]
    ids = [basket.add(mine, ME, v.coding_id) for v in picks]
    got = basket.items(mine, ME)
    assert [i.id for i in got] == ids
    assert [i.coding_id for i in got] == [v.coding_id for v in picks]
    assert [i.position for i in got] == [1, 2, 3, 4]
    assert all(i.text == i.original == v.text for i, v in zip(got, picks, strict=True))
    assert [i.attribution for i in got] == [v.attribution for v in picks]

    basket.move(mine, ME, ids[2], -1)
    assert [i.id for i in basket.items(mine, ME)] == [ids[0], ids[2], ids[1], ids[3]]
    basket.move(mine, ME, ids[0], 10)  # past the end: last
    assert [i.id for i in basket.items(mine, ME)] == [ids[2], ids[1], ids[3], ids[0]]
    basket.move(mine, ME, ids[0], -10)  # past the top: first
    assert [i.id for i in basket.items(mine, ME)] == [ids[0], ids[2], ids[1], ids[3]]
    assert [i.position for i in basket.items(mine, ME)] == [1, 2, 3, 4]

    basket.remove(mine, ME, ids[2])
    assert [i.id for i in basket.items(mine, ME)] == [ids[0], ids[1], ids[3]]
    new = basket.add(mine, ME, picks[2].coding_id)  # back, at the end
    assert [i.id for i in basket.items(mine, ME)][-1] == new
    basket.clear(mine, ME)
    assert basket.items(mine, ME) == []


def test_add_refuses_a_coding_that_does_not_exist(mine) -> None:  # noqa: ANN001
    with pytest.raises(NotFoundError, match="999999"):
        basket.add(mine, ME, 999_999)
    assert basket.items(mine, ME) == []


def test_attributions_and_matching_counts_follow_the_sheet(mine, sheet) -> None:  # noqa: ANN001
    for pid in ("MG01", "PAT05", "PAT06", "PAT07", "TS01", "COO03", "PSY02"):
        basket.add(mine, ME, verbatim_of(mine, pid).coding_id)
    got = basket.items(mine, ME)
    assert [i.attribution for i in got] == [
        "(MG, CDS)", "(patient 45-65, CP)", "(patient 45-65, CDS)", "(patiente 66-85, MSP)",
        "(TS, CP/CDS)", "(présidente du CNRMS)", "(Psy, CP)"]
    expected = [fits(sheet, pid) for pid in
                ("MG01", "PAT05", "PAT06", "PAT07", "TS01", "COO03", "PSY02")]
    assert [i.participants_matching for i in got] == expected
    assert expected == [2, 1, 1, 1, 1, 1, 1]  # the sheet: MG01 and MG04 are both (MG, CDS)


def test_trim_accepts_cuts_marked_with_brackets(mine) -> None:  # noqa: ANN001
    v = verbatim_of(mine, "MG02")
    words = v.text.split()
    assert len(words) >= 6, v.text
    item = basket.add(mine, ME, v.coding_id)
    head, tail = " ".join(words[:2]), " ".join(words[-2:])
    basket.trim(mine, ME, item, f"{head} [...] {tail}")
    got = basket.items(mine, ME)[0]
    assert got.text == f"{head} [...] {tail}" and got.original == v.text
    basket.trim(mine, ME, item, f"[…]{' '.join(words[1:3])}[…]")  # the ellipsis character
    assert basket.items(mine, ME)[0].text == f"[...] {' '.join(words[1:3])} [...]"
    basket.trim(mine, ME, item, v.text)  # back to the full verbatim
    assert basket.items(mine, ME)[0].text == v.text


def refusals(text: str) -> list[tuple[str, str]]:
    words = text.split()
    longest = max((w for w in words if w.isalpha()), key=len)
    return [
        ("an added word", f"{' '.join(words[:3])} vraiment {' '.join(words[3:5])}"),
        ("an added word at the end", f"{' '.join(words[:3])} [...] et voilà"),
        ("a reworded word", " ".join([*words[:2], "truc", *words[3:5]])),
        ("words out of order", f"{' '.join(words[3:5])} [...] {' '.join(words[:2])}"),
        ("a cut without [...]", f"{' '.join(words[:2])} {' '.join(words[4:6])}"),
        ("a word cut short", longest[:-2]),
        ("a word cut inside", longest[2:]),
        ("only cuts", "[...] [...]"),
        ("nothing", "   "),
    ]


@pytest.mark.parametrize("case", range(9))
def test_trim_refuses_added_or_reworded_words(mine, case: int) -> None:  # noqa: ANN001
    v = verbatim_of(mine, "MG02")
    item = basket.add(mine, ME, v.coding_id)
    what, text = refusals(v.text)[case]
    assert len(max((w for w in v.text.split() if w.isalpha()), key=len)) >= 6
    with pytest.raises(InputError, match=f"Extrait {item}") as info:
        basket.trim(mine, ME, item, text)
    assert isinstance(info.value, ValueError), what
    assert basket.items(mine, ME)[0].text == v.text, what


def test_coarsen_drops_age_band_and_setting(mine, sheet) -> None:  # noqa: ANN001
    item = basket.add(mine, ME, verbatim_of(mine, "PAT05").coding_id)
    cases = [((), "(patient 45-65, CP)"), (("age_band",), "(patient, CP)"),
             (("setting",), "(patient 45-65)"), (("setting", "age_band"), "(patient)")]
    for dropped, attribution in cases:
        basket.coarsen(mine, ME, item, dropped)
        got = basket.items(mine, ME)[0]
        assert got.attribution == attribution
        assert got.dropped == tuple(sorted(dropped))
        assert got.participants_matching == fits(sheet, "PAT05", dropped)
    assert basket.items(mine, ME)[0].participants_matching == 4  # every male patient
    with pytest.raises(InputError, match="tranche d'âge et le lieu d'exercice"):
        basket.coarsen(mine, ME, item, ["profession"])
    assert basket.items(mine, ME)[0].dropped == ("age_band", "setting")


def test_a_professional_loses_only_the_setting(mine, sheet) -> None:  # noqa: ANN001
    item = basket.add(mine, ME, verbatim_of(mine, "TS01").coding_id)
    basket.coarsen(mine, ME, item, ["age_band"])
    assert basket.items(mine, ME)[0].attribution == "(TS, CP/CDS)"  # no band was printed
    basket.coarsen(mine, ME, item, ["setting"])
    got = basket.items(mine, ME)[0]
    assert got.attribution == "(TS)" and got.participants_matching == fits(sheet, "TS01",
                                                                          ("setting",)) == 2


@pytest.mark.parametrize("pid,enough", [("PAT07", ("age_band", "setting")),
                                        ("MG01", ("setting",)),
                                        ("PAT02", ("age_band", "setting"))])
def test_warnings_flag_an_attribution_that_fits_fewer_than_k(mine, sheet, pid: str,
                                                             enough: tuple[str, ...]) -> None:  # noqa: ANN001,E501
    k = mine.k_threshold
    assert fits(sheet, pid) < k
    item_id = basket.add(mine, ME, verbatim_of(mine, pid).coding_id)
    item = basket.items(mine, ME)[0]
    found = basket.warnings(mine, item)
    assert any(item.attribution in w and f"{fits(sheet, pid)} participant" in w
               and f"k = {k}" in w for w in found), found
    basket.coarsen(mine, ME, item_id, enough)
    item = basket.items(mine, ME)[0]
    assert fits(sheet, pid, enough) >= k
    assert not any("attribution" in w for w in basket.warnings(mine, item))


def test_warnings_follow_the_project_k(mine, sheet) -> None:  # noqa: ANN001
    item_id = basket.add(mine, ME, verbatim_of(mine, "MG05").coding_id)
    basket.coarsen(mine, ME, item_id, ["setting"])
    item = basket.items(mine, ME)[0]
    assert item.participants_matching == fits(sheet, "MG05", ("setting",)) == 5
    assert basket.warnings(mine, item) == [] or not any(
        "attribution" in w for w in basket.warnings(mine, item))
    admin = Viewer("admin", AccountRole.ADMIN)
    try:
        mine.set_k_threshold(admin, 6)
        assert any("(MG)" in w and "k = 6" in w for w in basket.warnings(mine, item))
    finally:
        mine.set_k_threshold(admin, 3)


AGE_SHEET = ("id,prenom,nom,profession,fonction,sexe,tranche_age,lieu_exercice,site,reseau\n"
             "PAT01,Zoéline,Brunchard,patiente,,F,66-85,CDS,Pantin,Proses\n"
             "PAT02,Maëlle,Ostrowski,patiente,,F,66-85,CDS,Pantin,Proses\n"
             "PAT03,Ginette,Quémeneur,patiente,,F,66-85,CDS,Pantin,Proses\n")
AGE_LINE = "Moi j'ai 67 ans et je bois moins depuis que je viens ici."


@pytest.fixture
def aged(tmp_path: Path, backend: str | None) -> Iterator[tuple[Project, int]]:
    """A project whose one coded verbatim gives an exact age; three people fit its
    attribution, so only the content is flagged."""
    sheet = tmp_path / "participants.csv"
    sheet.write_text(AGE_SHEET, encoding="utf-8")
    p = Project.create(tmp_path / "proj", PASS, vault_path=tmp_path / "keys" / "p.vault",
                       admin=(ANA.username, PASSWORD), database_url=backend)
    p.import_participants(ANA, sheet, PASS)
    member(p, ME.username, ME.role.value)
    doc = transcript(tmp_path / "PAT01.docx", [("Enquêtrice", "Vous pouvez vous présenter ?"),
                                               ("Patiente", AGE_LINE)])
    assert p.import_files(ANA, [doc], PASS)[0].status == "imported"
    coding.import_codebook(p, ANA, BOOK)
    d = p.documents()[0]
    text = p.document(d.id).text
    start = text.index("Moi j'ai")
    c = coding.add_coding(p, ANA, d.id, ["objectifs"], start, start + len(AGE_LINE))[0]
    yield p, c.id
    p.close()


def test_warnings_flag_an_exact_age_until_it_is_cut(aged) -> None:  # noqa: ANN001
    project, coding_id = aged
    item_id = basket.add(project, ME, coding_id)
    item = basket.items(project, ME)[0]
    assert "j'ai 67 ans" in item.text
    assert item.attribution == "(patiente 66-85, CDS)" and item.participants_matching == 3
    found = basket.warnings(project, item)
    assert len(found) == 1 and "âge exact" in found[0]
    basket.trim(project, ME, item_id, "Moi [...] je bois moins depuis que je viens ici.")
    assert basket.warnings(project, basket.items(project, ME)[0]) == []


def test_record_export_lists_what_each_quotation_dropped(mine) -> None:  # noqa: ANN001
    first = basket.add(mine, ME, verbatim_of(mine, "PAT07").coding_id)
    second = basket.add(mine, ME, verbatim_of(mine, "MG03").coding_id)
    basket.add(mine, ME, verbatim_of(mine, "TS02").coding_id)
    basket.coarsen(mine, ME, first, ["setting", "age_band"])
    basket.coarsen(mine, ME, second, ["setting"])
    words = basket.items(mine, ME)[1].original.split()
    basket.trim(mine, ME, second, f"{' '.join(words[:2])} [...]")
    items = basket.items(mine, ME)
    before = len(events(mine, "basket.export"))
    basket.record_export(mine, ME, items, "docx")
    new = events(mine, "basket.export")[before:]
    assert len(new) == 1 and new[0].actor == ME.username
    detail = new[0].detail
    assert detail["format"] == "docx"
    assert [(q["coding"], q["dropped"], q["trimmed"]) for q in detail["items"]] == [
        (items[0].coding_id, ["age_band", "setting"], False),
        (items[1].coding_id, ["setting"], True),
        (items[2].coding_id, [], False)]
    assert [q["matching"] for q in detail["items"]] == [i.participants_matching for i in items]
    # the audit trail names codings, never the quoted words
    for i in items:
        assert i.original not in str(detail) and i.text not in str(detail)


@pytest.mark.parametrize("action", ["items", "add", "move", "remove", "trim", "coarsen",
                                    "clear", "record_export"])
def test_the_committee_cannot_use_the_basket(mine, action: str) -> None:  # noqa: ANN001
    coding_id = verbatim_of(mine, "MG01").coding_id
    item = basket.add(mine, ME, coding_id)
    calls = {
        "items": lambda: basket.items(mine, COMMITTEE),
        "add": lambda: basket.add(mine, COMMITTEE, coding_id),
        "move": lambda: basket.move(mine, COMMITTEE, item, 1),
        "remove": lambda: basket.remove(mine, COMMITTEE, item),
        "trim": lambda: basket.trim(mine, COMMITTEE, item, "x"),
        "coarsen": lambda: basket.coarsen(mine, COMMITTEE, item, ["setting"]),
        "clear": lambda: basket.clear(mine, COMMITTEE),
        "record_export": lambda: basket.record_export(mine, COMMITTEE,
                                                      basket.items(mine, ME), "docx"),
    }
    with pytest.raises(PermissionDeniedError):
        calls[action]()
    assert [i.id for i in basket.items(mine, ME)] == [item]


@pytest.mark.parametrize("action", ["move", "remove", "trim", "coarsen"])
def test_a_user_cannot_touch_another_users_items(mine, action: str) -> None:  # noqa: ANN001
    v = verbatim_of(mine, "PAT02")
    item = basket.add(mine, ME, v.coding_id)
    calls = {
        "move": lambda: basket.move(mine, OTHER, item, 1),
        "remove": lambda: basket.remove(mine, OTHER, item),
        "trim": lambda: basket.trim(mine, OTHER, item, v.text.split()[0] + " [...]"),
        "coarsen": lambda: basket.coarsen(mine, OTHER, item, ["setting"]),
    }
    with pytest.raises((InputError, NotFoundError), match=f"{item} n'est pas dans vos citations"):
        calls[action]()
    assert basket.items(mine, OTHER) == []
    mine_now = basket.items(mine, ME)
    assert [(i.id, i.text, i.dropped) for i in mine_now] == [(item, v.text, ())]
    basket.clear(mine, OTHER)  # clearing one's own basket leaves the others' alone
    assert [i.id for i in basket.items(mine, ME)] == [item]


def test_each_user_has_their_own_basket(mine) -> None:  # noqa: ANN001
    a = basket.add(mine, ME, verbatim_of(mine, "MG01").coding_id)
    b = basket.add(mine, OTHER, verbatim_of(mine, "MG02").coding_id)
    assert [i.id for i in basket.items(mine, ME)] == [a]
    assert [i.id for i in basket.items(mine, OTHER)] == [b]
    assert basket.items(mine, OTHER)[0].position == 1


@pytest.mark.parametrize("text,faithful", [
    ("c'est impossible à dire", True), ("c'est [...]", True), ("[...] impossible à dire", True),
    ("c'est [...] à dire", True), ("c'est [...] dire", True),
    ("possible à dire", False), ("c'est imposs [...]", False), ("c'est [...] ssible", False),
    ("à dire [...] c'est", False), ("c'est très impossible", False), ("C'est impossible", False),
    ("[...]", False), ("", False)])
def test_is_trim_of_keeps_whole_words_in_order(text: str, faithful: bool) -> None:
    assert basket.is_trim_of(text, "c'est impossible à dire") is faithful


def test_blind_coding_lets_a_coder_quote_only_their_own_codings(coded) -> None:  # noqa: ANN001
    doc = coded.documents()[0]
    bea, cleo = member(coded, "bea"), member(coded, "cleo")
    coding.code_turn(coded, bea, doc.id, 1, ["objectifs"])
    coding.code_turn(coded, cleo, doc.id, 1, ["tensions"])
    by = {c.coder: c.id for c in coding.codings(coded, ANA)}
    coded.set_blind(ANA, True)
    with pytest.raises(PermissionDeniedError):
        basket.add(coded, cleo, by["bea"])
    basket.add(coded, cleo, by["cleo"])
    coded.set_blind(ANA, False)
    basket.add(coded, cleo, by["bea"])  # once the blind phase is over
    assert [i.coding_id for i in basket.items(coded, cleo)] == [by["cleo"], by["bea"]]


@pytest.mark.parametrize(("printed", "advice"), [
    ("(patiente 66-85, CDS)", "retirez la tranche d'âge ou le lieu d'exercice"),
    ("(MG, CDS)", "retirez le lieu d'exercice"),
    ("(patient 20-35)", "retirez la tranche d'âge"),
    ("(MG)", "rien ne peut plus en être retiré"),
])
def test_the_k_advice_names_only_what_the_attribution_prints(printed: str, advice: str) -> None:
    assert basket._advice(printed).startswith(advice)
    assert "âge" not in basket._advice("(MG, CDS)")  # an MG attribution prints no band
