"""/konto: everyone edits their name; architects their chamber number and Land; a password change needs the
current password and ends the other sessions but keeps this one; signing out the other devices too."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from permits.core.jobs import run_next_job
from permits.extensions import db
from permits.models import User
from tests.mail_server import MailServer, ReceivedMail
from tests.web.conftest import post_form, sign_in


def _architect() -> User:
    return db.session.scalars(select(User).filter_by(username="architektin")).one()


def test_header_links_the_account_page_for_every_role(app, signed_in):
    for username in ("sachbearbeitung", "feuerwehr", "admin", "architektin"):
        client = signed_in(username)
        page = client.get("/konto").get_data(as_text=True)
        assert '<a class="who" href="/konto"' in page and "<h1>Mein Konto</h1>" in page
        post_form(client, "/abmelden")


def test_architect_updates_chamber_number_and_land(app, signed_in):
    client = signed_in("architektin")
    page = post_form(
        client,
        "/konto/profil",
        {"name": "Anna Architektin-Berg", "chamber_number": "AK 7", "federal_state": "HB"},
    )
    assert page.status_code == 302
    user = _architect()
    db.session.refresh(user)
    assert (user.display_name, user.chamber_number, user.federal_state) == (
        "Anna Architektin-Berg",
        "AK 7",
        "HB",
    )
    assert "Bremen" in client.get("/konto").get_data(as_text=True)

    refused = post_form(client, "/konto/profil", {"name": "", "chamber_number": "", "federal_state": ""})
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.get_data(as_text=True)


def test_officer_has_no_chamber_fields(app, signed_in):
    page = signed_in("sachbearbeitung").get("/konto").get_data(as_text=True)
    assert "Kammer-Mitgliedsnummer" not in page


def test_password_change_needs_the_current_one_and_keeps_only_this_session(app, client, people):
    other_device = app.test_client()
    assert sign_in(other_device, "architektin").status_code == 302
    assert sign_in(client, "architektin").status_code == 302

    wrong = post_form(
        client,
        "/konto/passwort",
        {"current_password": "falsch", "password": "neues-passwort", "password_repeat": "neues-passwort"},
    )
    assert wrong.status_code == 422 and "bisherige Passwort ist nicht richtig" in wrong.get_data(as_text=True)

    done = post_form(
        client,
        "/konto/passwort",
        {
            "current_password": "demo-passwort",
            "password": "neues-passwort",
            "password_repeat": "neues-passwort",
        },
    )
    assert done.status_code == 302
    assert client.get("/konto").status_code == 200  # still signed in here
    assert other_device.get("/konto").status_code == 302  # signed out there
    post_form(client, "/abmelden")
    assert sign_in(client, "architektin", "neues-passwort").status_code == 302


def test_sign_out_on_all_other_devices(app, client, people):
    other_device = app.test_client()
    assert sign_in(other_device, "sachbearbeitung").status_code == 302
    assert sign_in(client, "sachbearbeitung").status_code == 302
    assert post_form(client, "/konto/andere-geraete-abmelden").status_code == 302
    assert client.get("/konto").status_code == 200
    assert other_device.get("/konto").status_code == 302


@pytest.fixture
def app_config(app_config, mail_server: MailServer):
    return {**app_config, **mail_server.config(), "BASE_URL": "https://bau.example.org"}


def _mails(mail_server: MailServer, address: str) -> list[ReceivedMail]:
    while run_next_job("w1"):
        pass
    return mail_server.to(address)


def test_new_email_address_counts_once_confirmed_by_the_mailed_link(app, signed_in, mail_server):
    client = signed_in("architektin")
    wrong = post_form(client, "/konto/email", {"new_email": "anna@buero.example.org", "email_password": "x"})
    assert wrong.status_code == 422 and "Passwort ist nicht richtig" in wrong.get_data(as_text=True)

    asked = post_form(
        client, "/konto/email", {"new_email": "Anna@Buero.example.org", "email_password": "demo-passwort"}
    )
    assert asked.status_code == 302
    assert _architect().email == "architektin@example.org"  # not before the confirmation
    [mail] = _mails(mail_server, "anna@buero.example.org")
    [link] = mail.links()
    path = urlsplit(link).path
    assert client.get(path).status_code == 302

    db.session.expire_all()
    assert _architect().email == "anna@buero.example.org"
    [note] = _mails(mail_server, "architektin@example.org")
    assert note.subject == "Ihre E-Mail-Adresse wurde geändert" and note.links() == []
    assert client.get(path).status_code == 410  # single use


def test_address_of_another_account_is_not_given_away(app, signed_in, mail_server):
    client = signed_in("architektin")
    answer = post_form(
        client, "/konto/email", {"new_email": "feuerwehr@example.org", "email_password": "demo-passwort"}
    )
    assert answer.status_code == 302  # the same answer as for a free address
    [mail] = _mails(mail_server, "feuerwehr@example.org")
    assert mail.subject == "Sie haben bereits ein Konto"
    assert _architect().email == "architektin@example.org"
