from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tupsalco import review

from .conftest import FALSE_POSITIVE, MISSED, PASS, open_page


@pytest.fixture
def page(reviewed, monkeypatch) -> AppTest:
    at = open_page(reviewed, "pseudonymisation.py", monkeypatch)
    at.text_input(key="pseudo_passphrase").input(PASS).run()
    return at


def texts(project) -> list[str]:
    return [project.document(d.id).text for d in project.documents()]


def test_reject_a_false_positive(page: AppTest, reviewed) -> None:
    sur = next(i.surrogate for i in review.identifiers(reviewed)
               if all("groupe" in c or "bien" in c for c in i.contexts))
    page.selectbox(key="pseudo_selected").set_value(sur).run()
    page.button(key="pseudo_reject").click().run()
    assert not page.exception and not page.error, [e.value for e in page.error]
    assert any("rejeté" in s.value for s in page.success)
    assert all(FALSE_POSITIVE in t for t in texts(reviewed))


def test_mark_a_missed_name(page: AppTest, reviewed) -> None:
    page.text_input(key="pseudo_missed_text").input(MISSED).run()
    page.selectbox(key="pseudo_missed_type").set_value("ORG").run()
    page.button(key="pseudo_mark").click().run()
    assert any("2 occurrence" in s.value for s in page.success)
    assert not any(MISSED in t for t in texts(reviewed))


def test_wrong_passphrase_is_reported(page: AppTest, reviewed) -> None:
    page.text_input(key="pseudo_passphrase").input("nope").run()
    page.text_input(key="pseudo_missed_text").input(MISSED).run()
    page.button(key="pseudo_mark").click().run()
    assert any("phrase de passe incorrecte" in e.value for e in page.error)
    assert all(MISSED in t for t in texts(reviewed))


def test_document_review_and_risk(page: AppTest, reviewed) -> None:
    page.button(key="pseudo_check").click().run()
    assert any("vérifiée" in s.value for s in page.success)
    assert any(r.status == "checked" and r.reviewed_by == "ana"
               for r in review.review_statuses(reviewed))
    groups = next(d.value for d in page.dataframe if "participant·es" in d.value.columns)
    assert len(groups) > 0 and "participant·es" in groups.columns


def test_the_queue_of_doubts_is_decided_on_the_page(project, tmp_path, monkeypatch) -> None:
    from .conftest import ANA, transcript

    path = transcript(tmp_path / "PAT01.docx", [
        ("Enquêtrice", "Qui vous a aidée ?"), ("Patiente", "Ma voisine zelinda, surtout.")])
    project.import_files(ANA, [path], PASS)
    page = open_page(project, "pseudonymisation.py", monkeypatch)
    assert page.tabs[0].label == "Doutes à trancher" and page.metric[0].value == "1"
    docs = next(d.value for d in page.dataframe if "doutes restants" in d.value.columns)
    assert list(docs["doutes restants"]) == [1]
    page.button(key="pseudo_doubt_accept").click().run()
    assert not page.exception and any("confirmé" in s.value for s in page.success)
    assert page.metric[0].value == "0"
    assert any("Aucun doute" in s.value for s in page.success)
    assert review.doubts(project) == []
