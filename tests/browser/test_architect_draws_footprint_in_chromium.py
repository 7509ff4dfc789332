"""An architect draws a building on the map of a draft, sees the live check change, saves, finds it kept."""

from __future__ import annotations

import json

from permits.extensions import db
from permits.models import Application
from permits.services.layers import import_layer
from tests.browser.conftest import assert_accessible
from tests.factories import APPLICATION_GEOMETRY, ApplicationFactory

ORIGIN = (552400, 5800300)  # APPLICATION_GEOMETRY: plot 30 m × 25 m from here, a house at 10–22 / 8–18


def _plan() -> None:
    def box(x0: float, y0: float, x1: float, y1: float) -> dict[str, object]:
        ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
        return {"type": "Polygon", "coordinates": [[[x + ORIGIN[0], y + ORIGIN[1]] for x, y in ring]]}

    features = [
        ({"role": "plan_area", "zone_type": "WA", "grz": 0.4}, box(-60, -40, 90, 65)),
        ({"role": "building_envelope"}, box(1, 1, 25, 20)),
    ]
    import_layer(
        "Nr. 1710",
        "development_plan",
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features],
        },
    )


def _sign_in(page, base: str) -> None:
    page.goto(f"{base}/anmelden")
    page.fill("#username", "architektin")
    page.fill("#password", "demo-passwort")
    page.click("button[type=submit]")


def _pixel(page, x: float, y: float) -> tuple[float, float]:
    """Screen position of local plot metres (x, y): the map fits the plot plus 8 m with 20 px padding."""
    box = page.locator("#karte").bounding_box()
    minx, miny, maxx, maxy = -8, -8, 38, 33
    resolution = max((maxx - minx) / (box["width"] - 40), (maxy - miny) / (box["height"] - 40))
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    return (
        box["x"] + box["width"] / 2 + (x - cx) / resolution,
        box["y"] + box["height"] / 2 - (y - cy) / resolution,
    )


def test_architect_draws_a_garage_and_sees_the_check_before_saving(live_server, page, people, tmp_path):
    _plan()
    draft = ApplicationFactory(applicant=people["architektin"], geometry=APPLICATION_GEOMETRY)
    db.session.commit()
    step = f"{live_server}/antraege/{draft.public_id}/bearbeiten/lage"
    # A tab that enforces the CSP (the shared `page` bypasses it so axe-core can be injected).
    strict = page.context.browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 1000})
    tab = strict.new_page()
    tab.set_default_timeout(10_000)
    console: list[str] = []
    tab.on("console", lambda message: console.append(message.text))
    tab.on("pageerror", lambda error: console.append(str(error)))

    _sign_in(tab, live_server)
    tab.goto(step)
    assert tab.locator("h1").inner_text() == "Lage und Baukörper"
    tab.locator("#karte").focus()  # keyboard-reachable
    assert tab.evaluate("document.activeElement.id") == "karte"
    assert "Bestanden:" in tab.locator("#pruefung").inner_text()

    tab.get_by_role("button", name="Gebäude zeichnen").click()
    assert tab.get_by_role("button", name="Gebäude zeichnen").get_attribute("aria-pressed") == "true"
    tab.fill("#karte-hoehe", "3,5")
    tab.fill("#karte-geschosse", "1")
    corners = [(1.5, 1.5), (6.5, 1.5), (6.5, 6.5), (1.5, 6.5)]
    for corner in corners:
        tab.mouse.click(*_pixel(tab, *corner))
    tab.mouse.click(*_pixel(tab, *corners[0]))  # clicking the first corner again closes the outline

    findings = tab.locator("#pruefung")
    findings.get_by_text("Nicht bestanden:").wait_for()  # the live check: 1,5 m from the boundary
    assert "Abstandsfläche 3,00 m erforderlich" in findings.inner_text()
    drawn = json.loads(tab.locator("#f-geometrie").input_value())
    assert [f["properties"] for f in drawn["footprints"]["features"]] == [
        {"height": 6.5, "floors": 2},
        {"height": 3.5, "floors": 1},
    ]
    tab.screenshot(path=str(tmp_path / "drawn.png"), full_page=True)

    tab.get_by_role("button", name="Speichern und prüfen").click()
    assert "Lage und Baukörper gespeichert und geprüft." in tab.locator(".flash").inner_text()
    tab.reload()
    assert "Nicht bestanden:" in tab.locator("#pruefung").inner_text()
    kept = json.loads(tab.locator("#f-geometrie").input_value())
    assert len(kept["footprints"]["features"]) == 2
    db.session.expire_all()
    assert len(db.session.get(Application, draft.id).geometry["footprints"]["features"]) == 2
    assert not [text for text in console if "Content Security Policy" in text or "Error" in text], console
    strict.close()

    _sign_in(page, live_server)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(step)
        page.locator("#karte").wait_for(state="visible")
        page.screenshot(path=str(tmp_path / f"lage-{width}.png"), full_page=True)
        assert_accessible(page)
