"""An architect prepares an application step by step, the Bauherr signs it off, the architect submits it;
every page passes axe-core at 375 px and 1280 px and does not scroll sideways on a phone."""

from __future__ import annotations

import re

from sqlalchemy import select

from permits.codelists import PortalStatus
from permits.extensions import db
from permits.models import Application, OutgoingMail
from tests.browser.conftest import assert_accessible
from tests.factories import PDF


def _check(page) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, page.url
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)


def _next(page) -> None:
    page.get_by_role("button", name="Speichern und weiter").click()


def test_architect_applies_through_every_step_and_the_bauherr_signs_off(live_server, page, people, tmp_path):
    pdf = tmp_path / "unterlage.pdf"
    pdf.write_bytes(PDF)
    page.goto(f"{live_server}/anmelden")
    page.fill("#username", "architektin")
    page.fill("#password", "demo-passwort")
    page.click("button[type=submit]")
    assert page.url.endswith("/antraege")
    _check(page)

    page.get_by_role("link", name="Neuen Antrag stellen").click()
    _check(page)
    _next(page)  # nothing chosen: the error summary names the fields
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#title").get_attribute("aria-invalid") == "true"
    _check(page)
    page.get_by_label("vereinfachtes Baugenehmigungsverfahren (§ 63 NBauO)").check()
    page.fill("#title", "Neubau Einfamilienhaus, Am Lindenhofe 12")
    _next(page)

    assert page.url.endswith("/bearbeiten/bauherr")
    _check(page)
    page.fill("#given_name", "Jörg")
    page.fill("#family_name", "Bäcker")
    page.fill("#street", "Am Lindenhofe 12")
    page.fill("#postal_code", "30519")
    page.fill("#city", "Hannover")
    page.fill("#email", "bauherr@example.org")
    _next(page)

    assert page.url.endswith("/bearbeiten/entwurfsverfasser")
    assert page.input_value("#name") == "Anna Architektin"  # from the account
    _check(page)
    page.fill("#chamber_number", "AKNDS-12345")
    page.fill("#street", "Bödekerstraße 7")
    page.fill("#postal_code", "30161")
    page.fill("#city", "Hannover")
    _next(page)

    assert page.url.endswith("/bearbeiten/beteiligte")
    page.get_by_role("button", name="Weitere Person hinzufügen").click()
    page.select_option("#beteiligte-0-role", "06")
    page.fill("#beteiligte-0-discipline", "Tragwerksplanung")
    page.fill("#beteiligte-0-name", "Statik Nord GmbH")
    _check(page)
    _next(page)

    assert page.url.endswith("/bearbeiten/grundstueck")
    page.fill("#street", "Am Lindenhofe 12")
    page.fill("#postal_code", "30519")
    page.fill("#city", "Hannover")
    page.fill("#flurstuecke-0-gemarkung", "Döhren")
    page.fill("#flurstuecke-0-flur", "3")
    page.fill("#flurstuecke-0-zaehler", "85")
    page.get_by_role("button", name="Weiteres Flurstück hinzufügen").click()
    page.fill("#flurstuecke-1-gemarkung", "Döhren")
    page.fill("#flurstuecke-1-flur", "3")
    page.fill("#flurstuecke-1-zaehler", "86")
    _check(page)
    _next(page)

    assert page.url.endswith("/bearbeiten/vorhaben")
    page.get_by_label("Errichtung").check()
    page.fill("#description", "Neubau eines Einfamilienhauses mit Carport")
    page.locator("label[for=building_class-1]").click()
    page.fill("#building_height_m", "7,5")
    page.fill("#full_storeys", "2")
    page.fill("#use", "Wohnen")
    page.fill("#construction_value", "350.000")
    _check(page)
    _next(page)

    if "/bearbeiten/lage" in page.url:  # the map step, when it is part of this build
        page.goto(page.url.replace("/lage", "/unterlagen"))
    assert page.url.endswith("/bearbeiten/unterlagen")
    _check(page)
    while page.get_by_role("button", name="Hochladen").count():
        form = page.locator("form.upload", has=page.get_by_role("button", name="Hochladen")).first
        form.locator("input[type=file]").set_input_files(str(pdf))
        form.get_by_role("button", name="Hochladen").click()
    assert page.locator(".status-missing").count() == 0
    _check(page)

    page.get_by_role("link", name="Weiter zur Zusammenfassung").click()
    assert "350.000 €" in page.content() and "Flurstück 86" in page.content()
    assert page.get_by_role("button", name="Antrag einreichen").count() == 0  # the sign-off is missing
    _check(page)
    page.get_by_role("button", name="Bauherrschaft zur Freizeichnung einladen").click()
    assert "E-Mail mit dem Link zur Freizeichnung" in page.locator(".flash-success").inner_text()
    db.session.rollback()  # read what the server committed
    invitation = db.session.scalars(select(OutgoingMail).filter_by(kind="signoff")).one()
    link = re.search(r"/freizeichnung/[\w-]+", invitation.body)
    assert link and invitation.recipient == "bauherr@example.org", invitation.body

    page.goto(live_server + link.group(0))  # the Bauherr's one-time link from the mail, no account needed
    assert "Jörg Bäcker" in page.content()
    _check(page)
    page.get_by_label("Ich habe den Antrag geprüft und stimme der Einreichung zu.").check()
    page.get_by_role("button", name="Freizeichnen").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Vielen Dank")
    _check(page)

    public_id = db.session.scalars(select(Application.public_id)).one()
    page.goto(f"{live_server}/antraege/{public_id}/bearbeiten/zusammenfassung")
    assert "hat den Antrag freigezeichnet" in page.content()
    page.get_by_role("button", name="Antrag einreichen").click()

    assert page.url.endswith("/antraege")
    db.session.expire_all()
    application = db.session.scalars(select(Application)).one()
    assert application.case is not None
    row = page.locator("table.applications tbody tr").first
    assert application.case.file_reference in row.inner_text()
    assert PortalStatus.label_of(application.case.status) in row.inner_text()
    assert not re.search(r"\(\d\d\)", row.inner_text())
    _check(page)
