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
