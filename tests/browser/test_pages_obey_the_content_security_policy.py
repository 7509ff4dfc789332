"""The strict content security policy breaks nothing: no violation on the pages, the site drawing shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from permits.extensions import db
from permits.geometry import check_plot, draw_site_plan, parse_submission
from permits.models import GeometryCheck
from tests.factories import CaseFactory
from tests.geometry.geometry_helpers import building, submission


@pytest.fixture
def strict_page(page) -> Iterator[object]:
    """A tab that enforces the policy (the shared `page` bypasses it so tests can inject axe-core)."""
    context = page.context.browser.new_context(locale="de-DE")
    strict = context.new_page()
    strict.set_default_timeout(10_000)
    yield strict
    context.close()


def test_pages_render_without_policy_violations(live_server, strict_page, people):
    page = strict_page
    site = parse_submission(submission(buildings=[building(10, 10, 10, 10, height=6)]))
    report = check_plot(site, date(2026, 3, 1))
    case = CaseFactory()
    db.session.add(
        GeometryCheck(
            case_id=case.id,
            application_date=date(2026, 3, 1),
            input={},
            result={"checks": [], "agencies": [], "notes": []},
            svg=draw_site_plan(site, report, None),
            passed=True,
        )
    )
    db.session.commit()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text))

    page.goto(f"{live_server}/anmelden")
    page.fill("#username", "sachbearbeitung")
    page.fill("#password", "demo-passwort")
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Aufgaben"
    page.goto(f"{live_server}/vorgaenge/{case.id}")
    drawing = page.locator("img.site-drawing")
    assert drawing.evaluate("img => img.complete && img.naturalWidth > 0")
    page.goto(f"{live_server}/vorgaenge/neu")

    assert not [text for text in violations if "Content Security Policy" in text]
