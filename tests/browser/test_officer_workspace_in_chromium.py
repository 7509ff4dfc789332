"""The officer's workspace in a browser: filter the inbox, save the view, claim and open a task; a team
lead assigns tasks in bulk and sees the team; the case list finds cases by file reference and Flurstück.
Every page checked with axe-core at 1280 px and 768 px."""

from __future__ import annotations

from typing import Any

from permits.extensions import db
from permits.services.cases import start_case
from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/anmelden")
    page.fill("#username", username)
    page.fill("#password", "demo-passwort")
    page.click("button[type=submit]")


def _check_both_widths(page: Any) -> None:
    for width, height in ((1280, 900), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def _cases(actors: dict[str, Any]) -> list[Any]:
    made = []
    for n, (gemarkung, zaehler) in enumerate((("Döhren", "85"), ("Linden", "12"), ("List", "7"))):
        plot = {"gemarkung": gemarkung, "zaehler": zaehler, "nenner": "2", "street": f"Lindenweg {n + 1}"}
        made.append(
            start_case(
                "demo_procedure",
                f"Neubau Wohnhaus, Lindenweg {n + 1}",
                actors["sachbearbeitung"],
                details={"plot": plot, "applicant": {"name": f"Person {n}"}},
            )
        )
    return made


def test_officer_filters_saves_view_claims_and_opens_a_task(live_server, page, actors):
    first, *_ = _cases(actors)
    _sign_in(page, live_server, "sachbearbeitung")
    page.goto(f"{live_server}/aufgaben")
    assert page.locator("tbody tr").count() == 3
    _check_both_widths(page)

    page.fill("#f-aktenzeichen", first.file_reference)
    page.get_by_role("button", name="Anwenden").click()
    assert page.locator("tbody tr").count() == 1
    page.fill("#view-name", "Mein Wohnhaus")
    page.get_by_role("button", name="Ansicht speichern").click()
    assert "Ansicht „Mein Wohnhaus“ gespeichert." in page.locator(".flash").inner_text()
    page.goto(f"{live_server}/aufgaben")
    page.get_by_role("link", name="Mein Wohnhaus").click()
    assert page.locator("tbody tr").count() == 1

    page.locator("tbody tr").get_by_role("button", name="Übernehmen").click()
    assert "Aufgabe übernommen." in page.locator(".flash").inner_text()
    assert "Sabine Sachbearbeiterin" in page.locator("tbody tr").inner_text()
    _check_both_widths(page)
    page.get_by_role("link", name="Vollständigkeit prüfen").click()
    assert page.locator("h1").inner_text().startswith("Vollständigkeit prüfen")
    assert_accessible(page)


def test_team_lead_assigns_in_bulk_and_sees_the_team(live_server, page, actors, people):
    _cases(actors)
    lead = UserFactory(
        username="teamleitung",
        display_name="Tanja Teamleiterin",
        role=people["sachbearbeitung"].role,
        authority=people["sachbearbeitung"].authority,
    )
    lead.is_team_lead = True
    db.session.commit()
    _sign_in(page, live_server, "teamleitung")
    page.goto(f"{live_server}/aufgaben")
    boxes = page.locator("tbody input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.select_option("#bulk-assignee", label="Paul Prüfer")
    page.get_by_role("button", name="Zuweisen", exact=True).click()
    assert "2 Aufgaben zugewiesen." in page.locator(".flash").inner_text()
    _check_both_widths(page)

    page.get_by_role("link", name="Team", exact=True).click()
    row = page.locator("tr", has_text="Paul Prüfer")
    assert row.locator("td").first.inner_text() == "2"
    _check_both_widths(page)


def test_case_list_finds_cases_by_file_reference_and_parcel(live_server, page, actors):
    first, second, _third = _cases(actors)
    _sign_in(page, live_server, "sachbearbeitung")
    page.get_by_role("link", name="Vorgänge", exact=True).click()
    assert page.locator("tbody tr").count() == 3
    _check_both_widths(page)

    page.fill("#s-aktenzeichen", second.file_reference)
    page.get_by_role("button", name="Suchen").click()
    assert (
        page.locator("tbody tr").count() == 1 and second.file_reference in page.locator("tbody").inner_text()
    )

    page.get_by_role("link", name="Suche zurücksetzen").click()
    page.fill("#s-flurstueck", "Döhren 85/2")
    page.get_by_role("button", name="Suchen").click()
    assert page.locator("tbody tr").count() == 1
    page.get_by_role("link", name=first.file_reference).click()
    assert page.url.endswith(f"/vorgaenge/{first.id}")

    page.goto(f"{live_server}/vorgaenge?flurstueck=Flur+drei")
    assert "z. B. 85/2" in page.locator(".error-summary").inner_text()
    _check_both_widths(page)
