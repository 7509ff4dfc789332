"""An officer opens a case in participation: facts, documents with preview, statements, a comment, the
process diagram with the current task highlighted and the drill-down to the fire brigade's review; no
violation of the content security policy, accessible at 1280 px and 768 px."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from permits.codelists import Verdict
from permits.extensions import db
from permits.models import ReviewRequest
from tests.browser.conftest import assert_accessible
from tests.case_file_data import case_in_participation
from tests.factories import StatementFactory

AREAS = [
    {
        "legal_area": "Brandschutz",
        "verdict": "consent_with_conditions",
        "reasons": "Zweiter Rettungsweg über Leitern der Feuerwehr.",
        "conditions": [{"type": "2", "legal_area": "Brandschutz", "text": "Zufahrt freihalten"}],
    }
]


@pytest.fixture
def strict_page(page) -> Iterator[object]:
    """A tab that enforces the policy (the shared `page` bypasses it so tests can inject axe-core)."""
    context = page.context.browser.new_context(locale="de-DE")
    strict = context.new_page()
    strict.set_default_timeout(10_000)
    yield strict
    context.close()


def _sign_in(page, live_server: str) -> None:
    page.goto(f"{live_server}/anmelden")
    page.fill("#username", "sachbearbeitung")
    page.fill("#password", "demo-passwort")
    page.click("button[type=submit]")


def test_officer_reads_case_file_and_drills_into_the_agency_review(live_server, page, strict_page, actors):
    case = case_in_participation(actors)
    review = db.session.scalars(select(ReviewRequest)).one()
    StatementFactory(review_request=review, verdict=Verdict.CONSENT_WITH_CONDITIONS, areas=AREAS)
    db.session.commit()
    url = f"{live_server}/vorgaenge/{case.id}"

    _sign_in(page, live_server)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    assert page.locator("h1").inner_text().startswith(case.file_reference)
    assert page.get_by_text("Gemarkung Döhren, Flur 3, Flurstück 85/2").is_visible()
    document = page.locator("li.document").first
    assert "Lageplan mit Auszug aus der Liegenschaftskarte" in document.inner_text()
    document.locator("summary").click()
    assert document.locator("iframe.pdf-preview").is_visible()
    statement = page.locator("article.statement")
    assert "Zweiter Rettungsweg über Leitern der Feuerwehr." in statement.inner_text()
    assert "Auflage: Zufahrt freihalten" in statement.inner_text()

    page.fill("#comment-text", "Feuerwehrzufahrt vor Ort prüfen.")
    page.get_by_role("button", name="Vermerk speichern").click()
    assert page.locator("ul.comments").inner_text().count("Feuerwehrzufahrt vor Ort prüfen.") == 1

    diagram = page.locator("#process-diagram")
    page.wait_for_selector("#process-diagram[data-drawn]")
    assert page.locator(".djs-element.step-current").count() >= 1
    assert page.locator(".djs-element.step-completed").count() >= 1
    page.get_by_role("button", name="Beteiligung, Einvernehmen, Prüfung und Bescheid (läuft)").click()
    page.get_by_role("button", name="Beteiligung der Fachbehörden (läuft)").click()
    page.get_by_role("button", name="Stellungnahme je Fachbehörde: Feuerwehr Hannover").click()
    page.wait_for_function("() => document.querySelector('.diagram-title').textContent.includes('Feuerwehr')")
    # The agency's review is drawn with its running statement round highlighted.
    page.wait_for_selector('.djs-element.step-current[data-element-id="sp_statement_round"]')
    assert "Stellungnahme je Fachbehörde" in diagram.locator(".diagram-title").inner_text()
    assert_accessible(page)
    page.set_viewport_size({"width": 768, "height": 1000})
    page.goto(url)
    page.wait_for_selector("#process-diagram[data-drawn]")
    assert_accessible(page)

    violations: list[str] = []
    strict_page.on("console", lambda message: violations.append(message.text))
    _sign_in(strict_page, live_server)
    strict_page.goto(url)
    strict_page.wait_for_selector("#process-diagram[data-drawn]")
    assert strict_page.locator(".djs-element.step-current").count() >= 1
    assert not [text for text in violations if "Content Security Policy" in text]
