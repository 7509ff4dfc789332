"""The admin creates a user, deactivates it, issues an API token and revokes it; axe-core at 1280 px."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import assert_accessible


def _sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/anmelden")
    page.fill("#username", "admin")
    page.fill("#password", "demo-passwort")
    page.click("button[type=submit]")


def test_admin_manages_a_user_and_a_token(live_server, page, people):
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, live_server)
    page.get_by_role("link", name="Administration", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Benutzerkonten").click()
    assert_accessible(page)
    page.get_by_role("link", name="Neues Benutzerkonto anlegen").click()
    page.get_by_role("button", name="Benutzerkonto anlegen").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.get_by_label("Benutzername").fill("nina.neu")
    page.get_by_label("Vor- und Nachname").fill("Nina Neu")
    page.get_by_label("Rolle").select_option(label="Sachbearbeitung")
    page.get_by_label("Erstes Passwort").fill("erstes-passwort")
    page.get_by_role("button", name="Benutzerkonto anlegen").click()
    row = page.locator('tr[data-user="nina.neu"]')
    row.get_by_role("button", name="Deaktivieren").click()
    assert "deaktiviert" in page.locator('tr[data-user="nina.neu"]').inner_text()
    assert_accessible(page)

    page.goto(f"{live_server}/admin/schluessel/neu")
    assert_accessible(page)
    page.get_by_label("Name des Schlüssels").fill("Fachverfahren")
    page.get_by_label("Für wen").select_option(label="Behörde: " + people["feuerwehr"].authority.name)
    page.get_by_role("button", name="Schlüssel ausstellen").click()
    assert page.locator("#token").input_value().startswith("pmt_")
    assert_accessible(page)
    page.get_by_role("link", name="Zu den API-Schlüsseln").click()
    page.get_by_role("button", name="Widerrufen").click()
    assert "widerrufen am" in page.locator("#tokens").inner_text()
    assert_accessible(page)
