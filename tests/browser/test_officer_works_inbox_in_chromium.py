"""An officer signs in, claims a task, gets a German validation message, completes it; an agency answers."""

from __future__ import annotations

from permits.services.cases import start_case
from tests.browser.conftest import assert_accessible


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/anmelden")
    page.fill("#username", username)
    page.fill("#password", "demo-passwort")
    page.click("button[type=submit]")
    assert_accessible(page)


def test_officer_completes_check_and_agency_answers(live_server, page, actors, tmp_path):
    case = start_case(
        "demo_procedure",
        "Neubau Einfamilienhaus",
        actors["architektin"],
        applicant_id=actors["architektin"].user_id,
    )
    _sign_in(page, live_server, "sachbearbeitung")
    assert page.locator("h1").inner_text() == "Aufgaben"
    row = page.locator("tr", has_text=case.file_reference)
    row.get_by_role("button", name="Übernehmen").click()
    assert "Aufgabe übernommen." in page.locator(".flash").inner_text()

    page.get_by_role("link", name="Vollständigkeit prüfen").click()
    assert_accessible(page)
    page.check("input[name=complete]")
    page.click("text=Abschließen")
    assert page.url.endswith(f"/vorgaenge/{case.id}")
    assert "Stellungnahme abgeben" in page.locator("ul.tasks").inner_text()
    page.screenshot(path=str(tmp_path / "case.png"))
    assert_accessible(page)

    page.click("text=Abmelden")
    _sign_in(page, live_server, "feuerwehr")
    assert page.url.endswith("/beteiligungen")  # agencies land in their workspace
    page.goto(f"{live_server}/aufgaben")
    page.get_by_role("link", name="Stellungnahme abgeben").click()
    page.click("text=Abschließen")  # nothing chosen: German error, nothing saved
    assert "Pflichtfeld." in page.locator(".error-text").first.inner_text()
    assert_accessible(page)
    page.select_option("#f-verdict", "consent")
    page.fill("#f-statement_text", "Keine Bedenken aus Sicht des Brandschutzes.")
    page.click("text=Abschließen")
    assert "„Stellungnahme abgeben“ erledigt." in page.locator(".flash").inner_text()
    assert page.url.endswith("/aufgaben")
    assert "Keine offenen Aufgaben" in page.locator("main").inner_text()
