"""/konto: everyone edits their name; architects their chamber number and Land; a password change needs the
current password and ends the other sessions but keeps this one; signing out the other devices too."""

from __future__ import annotations

from sqlalchemy import select

from permits.extensions import db
from permits.models import User
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
