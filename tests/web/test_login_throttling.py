"""Guessing passwords: failed sign-ins are throttled per user name and per address, and every attempt is
audited (never with the password); an unknown user name is answered exactly like a wrong password."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from permits.extensions import db
from permits.models import AuditEntry
from permits.services import accounts
from tests.web.conftest import sign_in

WRONG = "Benutzername oder Passwort ist falsch."


def _from(address: str) -> dict[str, dict[str, str]]:
    return {"environ_base": {"REMOTE_ADDR": address}}


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).filter_by(action=action).order_by(AuditEntry.id)))


def test_sixth_wrong_password_in_a_minute_gets_429(client, people):
    for _ in range(5):
        assert sign_in(client, "sachbearbeitung", "falsch").status_code == 401

    response = sign_in(client, "sachbearbeitung")  # even the right password now waits
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Zu viele Anmeldeversuche" in page and "Bitte warten Sie eine Minute" in page
    assert 1 <= int(response.headers["Retry-After"]) <= 61  # the rest of the one-minute window
    assert client.get("/aufgaben").status_code == 302  # not signed in


def test_failed_sign_ins_are_audited_without_the_password(client, people):
    sign_in(client, "sachbearbeitung", "geheim-falsch", **_from("192.0.2.7"))
    (entry,) = _audit("login_failed")
    assert entry.actor == "user:sachbearbeitung"
    assert entry.after == {"username": "sachbearbeitung", "ip": "192.0.2.7", "reason": "wrong_password"}
    assert "geheim-falsch" not in str(entry.after)


def test_successful_sign_in_is_audited(client, people):
    sign_in(client, "sachbearbeitung", **_from("192.0.2.8"))
    (entry,) = _audit("login_succeeded")
    assert entry.actor == "user:sachbearbeitung"
    assert entry.after == {"username": "sachbearbeitung", "ip": "192.0.2.8"}


def test_user_name_limit_holds_across_addresses(client, people):
    for n in range(5):
        assert sign_in(client, "sachbearbeitung", "falsch", **_from(f"198.51.100.{n}")).status_code == 401
    assert sign_in(client, "sachbearbeitung", **_from("198.51.100.99")).status_code == 429
    assert sign_in(client, "pruefung").status_code == 302  # other people are not locked out


def test_address_limit_holds_across_user_names(client, people):
    for n in range(20):
        assert sign_in(client, f"rate-{n}", "falsch", **_from("203.0.113.5")).status_code == 401
    assert sign_in(client, "sachbearbeitung", **_from("203.0.113.5")).status_code == 429
    assert sign_in(client, "sachbearbeitung", **_from("203.0.113.6")).status_code == 302


def test_successful_sign_ins_do_not_count(client, people):
    for _ in range(8):
        assert sign_in(client, "sachbearbeitung").status_code == 302


def test_limits_are_settings(app_with, people):
    strict = app_with(LOGIN_LIMIT_PER_USERNAME="2 per minute").test_client()
    assert [sign_in(strict, "admin", "x").status_code for _ in range(3)] == [401, 401, 429]


def test_unknown_user_is_answered_and_audited_like_a_wrong_password(client, people):
    unknown = sign_in(client, "niemand", "falsch", **_from("192.0.2.9"))
    wrong = sign_in(client, "sachbearbeitung", "falsch", **_from("192.0.2.9"))

    assert unknown.status_code == wrong.status_code == 401
    assert WRONG in unknown.get_data(as_text=True) and WRONG in wrong.get_data(as_text=True)
    first, _second = _audit("login_failed")
    assert first.actor == "anonymous"
    assert first.after == {"username": "niemand", "ip": "192.0.2.9", "reason": "unknown_user"}


def test_unknown_user_costs_a_full_password_check(app, people, monkeypatch):
    # Timing: an unknown name must run the same hash function, with the same method, as a known one.
    checked: list[str] = []
    original = accounts.check_password_hash

    def recording(pwhash: str, password: str) -> bool:
        checked.append(pwhash.split("$", 1)[0])
        return original(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", recording)
    for username in ("niemand", "sachbearbeitung"):
        with pytest.raises(accounts.Unauthenticated):
            accounts.authenticate(username, "falsch")
    assert checked == [app.config["PASSWORD_HASH_METHOD"]] * 2


def test_very_long_user_names_are_audited_shortened(client, people):
    assert sign_in(client, "x" * 5000, "falsch").status_code == 401
    (entry,) = _audit("login_failed")
    assert entry.after["username"] == "x" * 80
