"""The fire brigade answers a review request in its workspace: finds the request, downloads the request
letter and a building document, answers with two typed conditions and its signed PDF, sees the answer; the
officer's case file has it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from permits.core.jobs import run_next_job
from permits.extensions import db
from permits.models import ReviewRequest
from permits.services.case_view import case_detail
from tests.api.test_agency_review_requests import case_in_participation  # noqa: F401
from tests.browser.conftest import assert_accessible
from tests.factories import PDF, ApplicationDocumentFactory, ApplicationFactory


@pytest.fixture
def asked(case_in_participation, people):  # noqa: F811
    application = ApplicationFactory(case_id=case_in_participation.id, applicant=people["architektin"])
    ApplicationDocumentFactory(application=application, title="Lageplan 1:500")
    db.session.commit()
    while run_next_job("test-worker"):  # the request letters
        pass
    return case_in_participation


def _both_widths(page, tmp_path, name: str) -> None:
    for width in (1280, 768):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
        assert_accessible(page)


def test_fire_brigade_answers_with_two_typed_conditions_and_a_pdf(live_server, page, asked, actors, tmp_path):
    page.goto(f"{live_server}/anmelden")
    page.fill("#username", "feuerwehr")
    page.fill("#password", "demo-passwort")
    page.click("button[type=submit]")
    assert page.url.endswith("/beteiligungen")
    _both_widths(page, tmp_path, "list")

    page.get_by_role("link", name=asked.file_reference).click()
    assert page.locator("h1").inner_text() == "Neubau Wohnhaus"
    _both_widths(page, tmp_path, "detail")
    with page.expect_download() as letter:
        page.get_by_role("link", name="Beteiligung vom").click()
    assert letter.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as document:
        page.get_by_role("link", name="Lageplan 1:500").click()
    assert document.value.suggested_filename == "lageplan.pdf"

    page.select_option("#area-0-verdict", "consent_with_conditions")
    page.fill("#area-0-reasons", "Zufahrt und Aufstellflächen sind ausreichend.")
    page.select_option("#condition-0-type", "2")
    page.fill("#condition-0-text", "Feuerwehrzufahrt dauerhaft freihalten.")
    page.get_by_role("button", name="weitere Nebenbestimmung hinzufügen").click()
    assert page.input_value("#condition-0-text") == "Feuerwehrzufahrt dauerhaft freihalten."
    page.fill("#condition-1-text", "Rauchwarnmelder in allen Aufenthaltsräumen.")
    page.set_input_files(
        "#statement_pdf", files=[{"name": "stellungnahme.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Stellungnahme absenden").click()  # the second type is missing
    assert "Bitte die Art der Nebenbestimmung angeben." in page.locator(".error-summary").inner_text()
    assert page.get_attribute("#condition-1-type", "aria-invalid") == "true"
    _both_widths(page, tmp_path, "errors")

    page.select_option("#condition-1-type", "4")
    page.set_input_files(
        "#statement_pdf", files=[{"name": "stellungnahme.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Stellungnahme absenden").click()
    assert "Ihre Stellungnahme ist eingegangen." in page.locator(".flash").inner_text()
    answered = page.locator("main").inner_text()
    assert "Zustimmung mit Nebenbestimmungen" in answered and "Rauchwarnmelder" in answered
    assert "Stellungnahme absenden" not in answered
    _both_widths(page, tmp_path, "answered")

    db.session.expire_all()
    statements = case_detail(asked.id, actors["sachbearbeitung"]).statements
    fire = [s for s in statements if s.review.authority_code == "fire"]
    assert len(fire) == 1 and [c.type for c in fire[0].conditions] == ["2", "4"]
    assert [a.filename for a in fire[0].attachments] == ["stellungnahme.pdf"]
    review = db.session.scalars(select(ReviewRequest).filter_by(public_id=fire[0].review.public_id)).one()
    assert review.status.value == "answered"
