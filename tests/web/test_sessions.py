"""Session cookies: flags, server-side invalidation (sign-out, new password), idle and absolute timeouts."""

from __future__ import annotations

from sqlalchemy import select

from permits.config import from_environment
from permits.core.actors import Actor
from permits.extensions import db
from permits.models import AuditEntry, User
from permits.services.accounts import change_password
from tests.web.conftest import post_form, sign_in

EXPIRED = "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."


def _session_cookie_header(client) -> str:
    response = client.get("/anmelden")  # the sign-in form starts a session (its form token)
    (header,) = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    return header


def _copy_of_cookie(app, client):
    """A second browser holding a copy of the first one's session cookie (as an attacker might)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_session_cookie_is_lax_and_hidden_from_scripts(client):
    header = _session_cookie_header(client)
    assert "SameSite=Lax" in header and "HttpOnly" in header
    assert "Secure" not in header  # tests and `make run` serve plain http://127.0.0.1


def test_session_cookie_is_secure_in_production(app_with):
    production = app_with(TESTING=False)
    header = _session_cookie_header(production.test_client())
    assert "Secure" in header and "SameSite=Lax" in header and "HttpOnly" in header


def test_secure_cookie_can_be_switched_explicitly(app_with):
    assert from_environment({"PERMITS_SESSION_COOKIE_SECURE": "false"}) == {"SESSION_COOKIE_SECURE": False}
    local = app_with(SESSION_COOKIE_SECURE=True)
    assert "Secure" in _session_cookie_header(local.test_client())


def test_sign_out_ends_a_copied_session_too(app, client, people):
    sign_in(client, "sachbearbeitung")
    thief = _copy_of_cookie(app, client)
    assert thief.get("/aufgaben").status_code == 200  # the copy works while the session lives

    post_form(client, "/abmelden")

    assert thief.get("/aufgaben").status_code == 302
    assert client.get("/aufgaben").status_code == 302
    actions = db.session.scalars(select(AuditEntry.action).filter_by(actor="user:sachbearbeitung")).all()
    assert actions == ["login_succeeded", "logged_out"]


def test_new_password_ends_every_session(app, client, people):
    sign_in(client, "sachbearbeitung")
    thief = _copy_of_cookie(app, client)

    change_password("sachbearbeitung", "neues-passwort-1", Actor.system("test"))

    assert client.get("/aufgaben").status_code == 302
    assert thief.get("/aufgaben").status_code == 302
    assert sign_in(client, "sachbearbeitung").status_code == 401
    assert sign_in(client, "sachbearbeitung", "neues-passwort-1").status_code == 302
    assert client.get("/aufgaben").status_code == 200
    entry = db.session.scalars(select(AuditEntry).filter_by(action="password_changed")).one()
    assert "neues-passwort-1" not in str(entry.after)


def test_deactivated_user_is_signed_out(client, people):
    sign_in(client, "sachbearbeitung")
    db.session.get(User, people["sachbearbeitung"].id).active = False
    db.session.commit()
    assert client.get("/aufgaben").status_code == 302


def test_idle_session_expires_with_a_german_notice(client, people, clock):
    sign_in(client, "sachbearbeitung")
    clock.advance(minutes=29)
    assert client.get("/aufgaben").status_code == 200  # activity keeps the session alive
    clock.advance(minutes=29)
    assert client.get("/aufgaben").status_code == 200

    clock.advance(minutes=31)
    response = client.get("/aufgaben")
    assert response.status_code == 302 and response.location.startswith("/anmelden")
    assert EXPIRED in client.get(response.location).get_data(as_text=True)
    assert client.get("/aufgaben").status_code == 302  # the session is gone, not just hidden once


def test_active_session_ends_after_the_absolute_limit(client, people, clock):
    sign_in(client, "sachbearbeitung")
    for _ in range(29):  # busy all day: a request every 20 minutes for 9 h 40 min
        clock.advance(minutes=20)
        assert client.get("/aufgaben").status_code == 200
    clock.advance(minutes=21)
    response = client.get("/aufgaben", follow_redirects=True)
    assert EXPIRED in response.get_data(as_text=True)


def test_timeouts_are_settings(app_with, people, clock):
    short = app_with(SESSION_IDLE_MINUTES=5).test_client()
    sign_in(short, "sachbearbeitung")
    clock.advance(minutes=6)
    assert short.get("/aufgaben").status_code == 302
