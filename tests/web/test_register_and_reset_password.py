"""Architects register, confirm by a one-time link mailed to them, sign in with their e-mail address, and
set a new password by another link. No answer reveals whether an address has an account."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from permits.core.jobs import run_next_job
from permits.extensions import db
from permits.models import AuditEntry, Role, User
from tests.mail_server import MailServer, ReceivedMail
from tests.web.conftest import post_form, sign_in

EMAIL = "Lea.Lindner@Example.org"
FORM = {
    "name": "Lea Lindner",
    "email": EMAIL,
    "password": "sicheres-passwort",
    "password_repeat": "sicheres-passwort",
    "chamber_number": "AKNDS-12345",
    "federal_state": "NI",
}


@pytest.fixture
def app_config(app_config, mail_server: MailServer):
    return {**app_config, **mail_server.config(), "BASE_URL": "https://bau.example.org"}


def _deliver() -> None:
    while run_next_job("w1"):
        pass


def _last_mail(mail_server: MailServer, address: str = "lea.lindner@example.org") -> ReceivedMail:
    _deliver()
    return mail_server.to(address)[-1]


def _path(link: str) -> str:
    assert link.startswith("https://bau.example.org/")
    return urlsplit(link).path


def _register(client, form=None):
    return post_form(client, "/registrieren", {**FORM, **(form or {})})


def test_architect_registers_confirms_and_signs_in_with_the_email_address(app, client, mail_server):
    page = _register(client)
    assert page.status_code == 200 and "Wir haben Ihnen eine E-Mail geschickt" in page.get_data(as_text=True)

    user = db.session.scalars(select(User)).one()
    assert (user.role, user.active, user.username) == (Role.ARCHITECT, False, "lea.lindner@example.org")
    assert (user.chamber_number, user.federal_state) == ("AKNDS-12345", "NI")
    assert sign_in(client, EMAIL, "sicheres-passwort").status_code == 401  # not confirmed yet

    mail = _last_mail(mail_server)
    assert mail.subject == "Bitte bestätigen Sie Ihre E-Mail-Adresse"
    [link] = mail.links()
    token = link.rsplit("/", 1)[1]
    assert not any(
        token in (entry.after or {}).__repr__() for entry in db.session.scalars(select(AuditEntry))
    )

    confirmed = client.get(_path(link))
    assert confirmed.status_code == 302 and confirmed.location.endswith("/anmelden")
    assert sign_in(client, EMAIL, "sicheres-passwort").status_code == 302
    assert client.get(_path(link)).status_code == 410  # single use


def test_confirmation_link_expires_after_48_hours(app, client, clock, mail_server):
    _register(client)
    [link] = _last_mail(mail_server).links()
    clock.advance(timedelta(hours=48, seconds=1))
    page = client.get(_path(link))
    assert page.status_code == 410 and "abgelaufen" in page.get_data(as_text=True)
    assert db.session.scalars(select(User)).one().active is False


def test_registering_an_existing_address_creates_nothing_and_tells_its_owner(
    app, client, people, mail_server
):
    first = _register(client, {"email": "architektin@example.org"}).get_data(as_text=True)
    assert "Wir haben Ihnen eine E-Mail geschickt" in first  # the same answer as for a new address
    assert db.session.scalars(select(User).filter_by(role=Role.ARCHITECT)).all() == [people["architektin"]]
    mail = _last_mail(mail_server, "architektin@example.org")
    assert mail.subject == "Sie haben bereits ein Konto"
    assert mail.links() == ["https://bau.example.org/anmelden", "https://bau.example.org/passwort-vergessen"]


def test_invalid_registration_shows_errors_next_to_the_fields_and_stores_nothing(app, client, mail_server):
    page = _register(
        client, {"email": "kein-at", "password_repeat": "anders-passwort", "federal_state": "XX", "name": " "}
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert 'id="email" name="email" type="email" value="kein-at"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="email-hinweis email-fehler"' in html
    for message in ("gültige E-Mail-Adresse", "stimmen nicht überein", "Land Ihrer Kammer", "Ihren Namen"):
        assert message in html
    assert 'href="#password_repeat"' in html  # the error summary links to the field
    assert "sicheres-passwort" not in html  # passwords are never sent back
    assert db.session.scalars(select(User)).all() == []
    _deliver()
    assert mail_server.inbox == []


def test_registrations_are_rate_limited_per_address(app, client, mail_server):
    app.config["ACCOUNT_MAIL_LIMIT_PER_IP"] = "2 per minute"
    for number in range(2):
        assert _register(client, {"email": f"p{number}@example.org"}).status_code == 200
    refused = _register(client, {"email": "p3@example.org"})
    assert refused.status_code == 429 and "Zu viele Anfragen" in refused.get_data(as_text=True)


def test_password_reset_by_mail_ends_every_session(app, client, people, app_with, mail_server):
    other_device = app.test_client()
    assert sign_in(other_device, "architektin").status_code == 302

    page = post_form(client, "/passwort-vergessen", {"email": "ARCHITEKTIN@example.org"})
    assert "Wenn es zu dieser E-Mail-Adresse ein Konto gibt" in page.get_data(as_text=True)
    mail = _last_mail(mail_server, "architektin@example.org")
    assert mail.subject == "Neues Passwort festlegen"
    [link] = mail.links()

    assert client.get(_path(link)).status_code == 200
    short = post_form(client, _path(link), {"password": "kurz", "password_repeat": "kurz"})
    assert short.status_code == 422 and "mindestens 8 Zeichen" in short.get_data(as_text=True)
    done = post_form(
        client, _path(link), {"password": "ganz-neues-passwort", "password_repeat": "ganz-neues-passwort"}
    )
    assert done.status_code == 302

    assert other_device.get("/konto").status_code == 302  # signed out there
    assert sign_in(client, "architektin", "demo-passwort").status_code == 401
    assert sign_in(client, "architektin@example.org", "ganz-neues-passwort").status_code == 302
    assert client.get(_path(link)).status_code == 410  # single use


def test_reset_link_expires_after_an_hour_and_unknown_addresses_get_the_same_answer(
    app, client, clock, people, mail_server
):
    unknown = post_form(client, "/passwort-vergessen", {"email": "niemand@example.org"}).get_data(
        as_text=True
    )
    known = post_form(client, "/passwort-vergessen", {"email": "architektin@example.org"}).get_data(
        as_text=True
    )
    assert unknown == known
    _deliver()
    assert [mail.recipients for mail in mail_server.inbox] == [("architektin@example.org",)]
    [link] = mail_server.inbox[0].links()
    clock.advance(timedelta(hours=1, seconds=1))
    assert client.get(_path(link)).status_code == 410
