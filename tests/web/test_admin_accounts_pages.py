"""/admin: the administration creates, changes and deactivates user accounts and issues/revokes API tokens."""

from __future__ import annotations

import re

from sqlalchemy import select

from permits.extensions import db
from permits.models import ApiToken, AuditEntry, User
from tests.web.conftest import post_form, sign_in


def _user(username: str) -> User:
    user = db.session.scalars(select(User).filter_by(username=username)).one()
    db.session.refresh(user)
    return user


def test_only_admins_reach_the_admin_pages(app, signed_in):
    client = signed_in("sachbearbeitung")
    for path in ("/admin", "/admin/benutzer", "/admin/benutzer/neu", "/admin/schluessel"):
        assert client.get(path).status_code == 403, path


def test_overview_links_every_admin_page(app, signed_in):
    page = signed_in("admin").get("/admin").get_data(as_text=True)
    for path in ("/admin/benutzer", "/admin/schluessel", "/admin/webhooks", "/admin/jobs", "/admin/postfach"):
        assert f'href="{path}"' in page, path


def test_admin_creates_a_user_and_invalid_input_is_shown_at_the_field(app, signed_in):
    client = signed_in("admin")
    refused = post_form(
        client,
        "/admin/benutzer/neu",
        {"username": "", "name": "Nina Neu", "role": "agency", "password": "kurz"},
    )
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="username-fehler"' in text and 'aria-invalid="true"' in text
    assert "Eine Fachbehörde braucht die Angabe ihrer Behörde." in text
    assert 'id="password-fehler"' in text  # every mistake at once, not one per attempt

    created = post_form(
        client,
        "/admin/benutzer/neu",
        {
            "username": "nina.neu",
            "name": "Nina Neu",
            "email": "nina@example.org",
            "role": "case_officer",
            "authority": "bab-hannover",
            "password": "erstes-passwort",
            "is_team_lead": "1",
        },
    )
    assert created.status_code == 302
    user = _user("nina.neu")
    assert user.is_team_lead and user.authority is not None and user.active
    assert "Sachbearbeitung" in client.get("/admin/benutzer").get_data(as_text=True)


def test_deactivated_user_is_signed_out_and_cannot_sign_in(app, client, people):
    victim = app.test_client()
    assert sign_in(victim, "pruefung").status_code == 302
    assert sign_in(client, "admin").status_code == 302
    user_id = people["pruefung"].id
    assert post_form(client, f"/admin/benutzer/{user_id}/aktiv", {"active": "0"}).status_code == 302
    assert not _user("pruefung").active
    assert victim.get("/admin").status_code in (302, 401)
    assert sign_in(app.test_client(), "pruefung").status_code != 302
    assert db.session.scalars(select(AuditEntry).filter_by(action="user_deactivated")).first()

    post_form(client, f"/admin/benutzer/{user_id}/aktiv", {"active": "1"})
    assert sign_in(app.test_client(), "pruefung").status_code == 302


def test_admin_cannot_deactivate_themself(app, signed_in, people):
    client = signed_in("admin")
    post_form(client, f"/admin/benutzer/{people['admin'].id}/aktiv", {"active": "0"})
    assert _user("admin").active
    assert "nicht deaktivieren" in client.get("/admin/benutzer").get_data(as_text=True)


def test_admin_changes_role_and_team_lead(app, signed_in, people):
    client = signed_in("admin")
    user_id = people["pruefung"].id
    answer = post_form(
        client,
        f"/admin/benutzer/{user_id}",
        {"role": "case_officer", "authority": "bab-hannover", "is_team_lead": "1"},
    )
    assert answer.status_code == 302 and _user("pruefung").is_team_lead
    assert db.session.scalars(select(AuditEntry).filter_by(action="user_updated")).first()


def test_token_is_shown_once_and_can_be_revoked(app, signed_in, people):
    client = signed_in("admin")
    refused = post_form(client, "/admin/schluessel/neu", {"name": "", "holder": "x", "days": "abc"})
    assert refused.status_code == 422 and 'id="days-fehler"' in refused.get_data(as_text=True)

    issued = post_form(
        client,
        "/admin/schluessel/neu",
        {"name": "Fachverfahren", "holder": f"user:{people['sachbearbeitung'].id}", "days": "30"},
    )
    text = issued.get_data(as_text=True)
    token = re.search(r'value="(pmt_[^"]+)"', text)
    assert issued.status_code == 200 and token
    listing = client.get("/admin/schluessel").get_data(as_text=True)
    assert token.group(1) not in listing and "Fachverfahren" in listing

    stored = db.session.scalars(select(ApiToken).filter_by(name="Fachverfahren")).one()
    post_form(client, f"/admin/schluessel/{stored.id}/widerrufen")
    db.session.refresh(stored)
    assert stored.revoked_at is not None
