"""An architect registers, confirms the address by the mailed link, signs in with it, changes the password
on /konto and later sets a new one by mail; at 375 px, each page checked by axe-core at 375 and 1280 px."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from permits.core.jobs import run_next_job
from tests.browser.conftest import assert_accessible
from tests.mail_server import MailServer, ReceivedMail

EMAIL = "lea.lindner@example.org"
NARROW = {"width": 375, "height": 800}
WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def app_config(app_config, mail_server: MailServer):
    return {**app_config, **mail_server.config()}


def _check(page: Any) -> None:
    """axe-core at both widths, ending at the phone width the journey runs in."""
    for size in (WIDE, NARROW):
        page.set_viewport_size(size)
        assert_accessible(page)


def _mail(mail_server: MailServer, subject: str) -> ReceivedMail:
    while run_next_job("w1"):
        pass
    return next(mail for mail in reversed(mail_server.to(EMAIL)) if mail.subject == subject)


def _sign_in(page: Any, live_server: str, password: str) -> None:
    page.goto(f"{live_server}/anmelden")
    page.fill("#username", EMAIL)
    page.fill("#password", password)
    page.get_by_role("button", name="Anmelden").click()


def test_architect_registers_signs_in_and_resets_the_password(app: Flask, live_server, page, mail_server):
    app.config["BASE_URL"] = live_server
    page.set_viewport_size(NARROW)
    page.goto(f"{live_server}/")
    _check(page)
    page.get_by_role("link", name="Registrieren Sie sich als Entwurfsverfasser/in").click()
    _check(page)

    page.get_by_label("Vor- und Nachname").fill("Lea Lindner")
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label("Kammer-Mitgliedsnummer").fill("AKNDS-12345")
    page.get_by_label("Land der Kammer").select_option(label="Niedersachsen")
    page.get_by_label("Passwort", exact=True).fill("sicheres-passwort")
    page.get_by_label("Passwort wiederholen").fill("anderes-passwort")
    page.get_by_role("button", name="Registrieren").click()
    assert page.get_by_role("alert").get_by_role("link", name="Die beiden Passwörter stimmen nicht überein.")
    _check(page)

    page.get_by_label("Passwort", exact=True).fill("sicheres-passwort")
    page.get_by_label("Passwort wiederholen").fill("sicheres-passwort")
    page.get_by_role("button", name="Registrieren").click()
    page.get_by_role("heading", name="Bitte bestätigen Sie Ihre E-Mail-Adresse").wait_for()
    _check(page)

    [link] = _mail(mail_server, "Bitte bestätigen Sie Ihre E-Mail-Adresse").links()
    page.goto(link)
    page.get_by_text("Ihre E-Mail-Adresse ist bestätigt").wait_for()
    _check(page)

    _sign_in(page, live_server, "sicheres-passwort")
    page.get_by_role("link", name="Lea Lindner").click()
    page.get_by_role("heading", name="Mein Konto").wait_for()
    _check(page)
    page.get_by_label("Bisheriges Passwort").fill("sicheres-passwort")
    page.get_by_label("Neues Passwort", exact=True).fill("zweites-passwort")
    page.get_by_label("Neues Passwort wiederholen").fill("zweites-passwort")
    page.get_by_role("button", name="Passwort ändern").click()
    page.get_by_text("Ihr Passwort ist geändert").wait_for()
    page.get_by_role("button", name="Abmelden", exact=True).click()

    page.get_by_role("link", name="Passwort vergessen?").click()
    _check(page)
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_role("button", name="Link anfordern").click()
    page.get_by_text("Wenn es zu dieser E-Mail-Adresse ein Konto gibt").wait_for()

    [link] = _mail(mail_server, "Neues Passwort festlegen").links()
    page.goto(link)
    _check(page)
    page.get_by_label("Neues Passwort", exact=True).fill("drittes-passwort")
    page.get_by_label("Neues Passwort wiederholen").fill("drittes-passwort")
    page.get_by_role("button", name="Passwort speichern").click()
    page.get_by_text("Ihr neues Passwort gilt").wait_for()

    _sign_in(page, live_server, "drittes-passwort")
    page.get_by_role("link", name="Lea Lindner").wait_for()
