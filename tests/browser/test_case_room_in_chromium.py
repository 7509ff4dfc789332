"""An architect answers a deficiency notice in the case room with text and a new PDF and writes to the
authority; the officer sees the new document and the message and answers. At 375 px and at 1280 px."""

from __future__ import annotations

import pytest

from permits.core.jobs import run_next_job
from tests.browser.conftest import assert_accessible
from tests.factories import ROOM_PDF, submitted_application, with_deficiency_notice


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/anmelden")
    page.fill("#username", username)
    page.fill("#password", "demo-passwort")
    page.click("button[type=submit]")


def _fits(page) -> None:
    """Nothing wider than the window: no horizontal scrolling."""
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), page.url
    assert_accessible(page)


@pytest.mark.parametrize("width", [375, 1280])
def test_architect_answers_deficiency_and_officer_replies(live_server, page, actors, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    application = with_deficiency_notice(
        submitted_application(actors["architektin"], title="Umbau Dachgeschoss, Lange Straße 8"),
        actors["sachbearbeitung"],
    )
    while run_next_job("test"):  # the receipt and the deficiency notice are rendered by the worker
        pass
    views = tmp_path / "ansichten.pdf"
    views.write_bytes(ROOM_PDF)

    _sign_in(page, live_server, "architektin")
    page.goto(f"{live_server}/antraege/{application.public_id}")
    main = page.locator("main")
    assert page.locator("h1").inner_text() == "Umbau Dachgeschoss, Lange Straße 8"
    assert "Unterlagen nachgefordert" in main.inner_text()
    request = page.locator("article.request")
    assert "Frist: bis 30.03.2026" in request.inner_text() and "noch 28 Tage" in request.inner_text()
    assert "Ansichten fehlen." in request.inner_text()
    assert request.get_by_role("link", name="Nachforderung vom 02.03.2026").is_visible()
    page.screenshot(path=str(tmp_path / f"room-{width}.png"), full_page=True)
    _fits(page)

    page.fill("#f-text", "Die Ansichten liegen bei.")
    page.select_option("#f-document_type_1", "2003")
    page.set_input_files("#f-file_1", str(views))
    page.get_by_role("button", name="Unterlagen nachreichen").click()
    assert "Ihre Antwort ist bei der Bauaufsicht eingegangen." in page.locator(".flash").inner_text()
    assert "Zurzeit wartet die Bauaufsicht auf nichts von Ihnen." in main.inner_text()
    assert "ansichten.pdf, nachgereicht am" in main.inner_text()

    page.fill("#f-body", "Genügen die Ansichten im Maßstab 1:100?")
    page.get_by_role("button", name="Nachricht senden").click()
    assert "Genügen die Ansichten im Maßstab 1:100?" in page.locator("ol.thread").inner_text()
    _fits(page)
    page.click("text=Abmelden")

    _sign_in(page, live_server, "sachbearbeitung")
    page.goto(f"{live_server}/vorgaenge/{application.case_id}/schriftverkehr")
    assert "Genügen die Ansichten im Maßstab 1:100?" in page.locator("ol.thread").inner_text()
    assert "neu" in page.locator("ol.thread").inner_text()
    assert page.get_by_role("link", name="Ansichten").is_visible()
    _fits(page)
    page.fill("#f-body", "Ja, 1:100 genügt.")
    page.get_by_role("button", name="Nachricht senden").click()
    assert (
        "Die Nachricht wurde an die Antragstellerin/den Antragsteller gesendet."
        in page.locator(".flash").inner_text()
    )
    assert "Ja, 1:100 genügt." in page.locator("ol.thread").inner_text()
    page.screenshot(path=str(tmp_path / f"correspondence-{width}.png"), full_page=True)
    _fits(page)

    page.click("text=Abmelden")
    _sign_in(page, live_server, "architektin")
    page.goto(f"{live_server}/antraege/{application.public_id}")
    thread = page.locator("ol.thread").inner_text()
    assert "Ja, 1:100 genügt." in thread and "Sabine Sachbearbeiterin (Bauaufsicht)" in thread
    assert "neu" in thread
    _fits(page)
