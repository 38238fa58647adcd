from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tupsalco.demo import ADMIN

from .conftest import ANA, member, open_page


def test_agreement_page_on_the_demo_coders(demo_project, monkeypatch) -> None:
    page: AppTest = open_page(demo_project, "agreement.py", monkeypatch)
    table = page.dataframe[0].value
    assert len(table) > 20 and {"kappa", "alpha", "lecture"} <= set(table.columns)
    assert set(table["lecture"]) <= {"fiable", "conclusions provisoires", "insuffisant",
                                     "indéfini (aucune variation)"}
    assert any(m.value.startswith("> ") for m in page.markdown)  # disagreements side by side
    doc = demo_project.documents()[0].id
    page.selectbox(key="agree_document").set_value(doc).run()
    assert not page.exception
    assert len(page.dataframe[0].value) <= len(table)


def test_keep_one_version_from_the_page(coded, monkeypatch) -> None:
    from tupsalco import coding

    d = coded.documents()[0].id
    text = coded.document(d).text
    coding.add_coding(coded, ANA, d, ["objectifs"], 0, 10)
    coding.add_coding(coded, member(coded, "bea"), d, ["objectifs"], 0, 20)
    page = open_page(coded, "agreement.py", monkeypatch, user="chef", role="admin")
    assert not [t for t in page.text_input if t.key == "agree_actor"]  # no typed signer
    page.button(key=f"agree_keep_{d}_ana").click().run()
    assert not page.exception
    assert {(c.coder, c.end) for c in coding.codings(coded, ANA, d)} == {("ana", 10),
                                                                         ("bea", 10)}
    assert text[:10] == coding.codings(coded, ANA, d)[0].quote
    with coded.db.session() as s:
        from tupsalco.store import repository as repo

        assert repo.audit_events(s)[0].actor == "chef"  # signed by the signed-in account


def frame(page: AppTest, column: str):  # noqa: ANN201
    """The first table with ``column`` (AppTest does not expose a dataframe's key)."""
    return next(d.value for d in page.dataframe if column in d.value.columns)


def test_cu_alpha_segments_and_intervals_on_the_page(demo_project, monkeypatch) -> None:
    from tupsalco import coding
    from tupsalco.agreement import segment_agreement, unitized_documents, unitizing_alpha

    page: AppTest = open_page(demo_project, "agreement.py", monkeypatch)
    book = coding.codebook(demo_project)
    done = [(c.document_id, c.code_id, c.coder, c.start, c.end)
            for c in coding.codings(demo_project, ADMIN)]
    lengths = {d.id: d.n_chars for d in demo_project.documents()}

    # the domain: sub-codes of the chosen theme, figures from the library, with readings
    parent = page.selectbox(key="agree_domain_parent").value
    group = [c.id for c in book.children(parent)]
    expected = unitizing_alpha(unitized_documents(done, lengths, ["A", "B"], group), group)
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["cu-alpha"] == f"{expected.cu:.3f}"
    assert metrics["|u-alpha"] == f"{expected.binary:.3f}"
    assert len(frame(page, "alpha-binaire (unitisation)")) == len(group)
    page.radio(key="agree_domain_mode").set_value("codes").run()
    page.multiselect(key="agree_domain_codes").set_value(group[:2]).run()
    assert not page.exception
    two = unitizing_alpha(unitized_documents(done, lengths, ["A", "B"], group[:2]), group[:2])
    assert {m.label: m.value for m in page.metric}["cu-alpha"] == (
        "—" if two.cu != two.cu else f"{two.cu:.3f}")

    # segment matching: 90 % by default; loosening the threshold changes the table
    assert page.slider(key="agree_overlap").value == 90
    strict = frame(page, "désaccord")
    assert strict["accord"].sum() == segment_agreement(done, ("A", "B"), 0.9).agreements
    kappa = {m.label: m.value for m in page.metric}["Kappa (Brennan & Prediger)"]
    assert kappa == f"{segment_agreement(done, ('A', 'B'), 0.9).kappa:.3f}"
    page.slider(key="agree_overlap").set_value(50).run()
    loose = frame(page, "désaccord")
    assert loose["accord"].sum() > strict["accord"].sum()
    assert (loose["total"] == strict["total"]).all()
    main = frame(page, "kappa")
    assert {"segments en accord", "accord segments %"} <= set(main.columns)

    # bootstrap intervals on demand, in the table (and so in the exports) and for cu-alpha
    assert "kappa IC95" not in main.columns
    page.checkbox(key="agree_bootstrap").check().run()
    assert not page.exception
    main = frame(page, "kappa")
    assert {"kappa IC95", "alpha IC95"} <= set(main.columns)
    assert main["kappa IC95"].str.match(r"^\[-?\d\.\d{3} ; -?\d\.\d{3}\]$|^$").all()
    assert any("IC95 [" in c.value for c in page.caption)


def test_ac1_the_kappa_paradox_and_the_warnings_on_the_page(demo_project, monkeypatch) -> None:
    from tupsalco import coding
    from tupsalco.agreement import (
        codebook_weights,
        compare,
        domain_gwet,
        unitized_documents,
        warnings,
    )

    page: AppTest = open_page(demo_project, "agreement.py", monkeypatch)
    book = coding.codebook(demo_project)
    done = [(c.document_id, c.code_id, c.coder, c.start, c.end)
            for c in coding.codings(demo_project, ADMIN)]
    lengths = {d.id: d.n_chars for d in demo_project.documents()}
    rows = {book.by_id[r.code].label: r for r in compare(done, lengths, ["A", "B"])}

    # AC1 beside kappa, from the library, with its interval on demand
    table = frame(page, "AC1")
    columns = list(table.columns)
    assert columns.index("AC1") == columns.index("kappa") + 1
    assert {"suggéré par"} <= set(columns)
    for _, line in table.iterrows():
        assert line["AC1"] == round(rows[line["code"]].ac1, 3)

    # the paradox, told with the numbers of the code where kappa and agreement part most
    told = [m.value for m in page.markdown if "paradoxe du kappa" in m.value]
    assert len(told) == 1
    worst = max(rows.values(), key=lambda r: (r.table.agreement - r.kappa, r.code))
    t = worst.table
    assert f"« {book.by_id[worst.code].label} »" in told[0]
    for figure in (f"{100 * t.agreement:.1f} %", f"{t.kappa:.3f}", f"{t.ac1:.3f}",
                   f"{t.both} caractères", f"{t.first_only} par A", f"{t.kappa_chance:.5f}",
                   f"{t.ac1_chance:.5f}"):
        assert figure in told[0], figure
    assert t.agreement > 0.9 and t.kappa < 0.5 < t.ac1  # the demo shows the paradox

    # the warnings, as the library gives them, in French, with the threshold stated
    expected = warnings(done, ["A", "B"])
    shown = [w.value for w in page.warning if w.value.startswith("**Code")]
    assert len(shown) == len(expected) > 0
    assert all("seuil de 5" in w for w in shown if w.startswith("**Code trop rare"))
    page.number_input(key="agree_rare").set_value(2).run()
    assert not page.exception
    fewer = [w.value for w in page.warning if w.value.startswith("**Code")]
    assert len(fewer) == len(warnings(done, ["A", "B"], min_passages=2)) < len(shown)

    # AC1 and AC2 of the domain beside cu-alpha
    parent = page.selectbox(key="agree_domain_parent").value
    group = [c.id for c in book.children(parent)]
    docs = unitized_documents(done, lengths, ["A", "B"], group)
    weights = codebook_weights(group, {c.id: c.parent for c in book.codes})
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["AC1 (domaine)"] == f"{domain_gwet(docs, group).coefficient:.3f}"
    assert metrics["AC2 (domaine)"] == f"{domain_gwet(docs, group, weights).coefficient:.3f}"

    page.checkbox(key="agree_bootstrap").check().run()
    assert not page.exception
    assert frame(page, "AC1")["AC1 IC95"].str.match(r"^\[-?\d\.\d{3} ; -?\d\.\d{3}\]$|^$").all()


def test_the_page_says_which_model_suggested_a_coding(coded, monkeypatch) -> None:
    from tupsalco import coding

    d = coded.documents()[0].id
    model = {"suggester": "tupsalco-suggest/2 (lemmes)", "version": "0123456789ab",
             "score": 0.5}
    coding.add_coding(coded, ANA, d, ["objectifs"], 0, 10, meta=model)
    coding.add_coding(coded, member(coded, "bea"), d, ["objectifs"], 0, 20)
    page = open_page(coded, "agreement.py", monkeypatch, user="chef", role="admin")
    assert not page.exception
    table = frame(page, "suggéré par")
    assert list(table["suggéré par"]) == ["1 × tupsalco-suggest/2 (lemmes) · 0123456789ab"]
    assert any(c.value == "suggéré par tupsalco-suggest/2 (lemmes) · 0123456789ab"
               for c in page.caption)  # beside the quote, in the disagreements
    # a code one coder alone used is said so
    coding.add_coding(coded, ANA, d, ["tensions"], 30, 40)
    page.run()
    assert any(w.value.startswith("**Code d'un·e seul·e codeur·se.**") for w in page.warning)
