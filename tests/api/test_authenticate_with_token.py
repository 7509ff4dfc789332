"""API callers authenticate with a bearer token; its last use is kept, to the minute."""

from __future__ import annotations

from datetime import timedelta

from permits.extensions import db
from permits.models import ApiToken
from tests.factories import ApiTokenFactory

SECRET = "pmt_officer-token-for-the-inbox"


def _inbox(client, secret: str = SECRET):
    return client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {secret}"})


def test_token_use_is_stored_once_a_minute(client, people, clock):
    token = ApiTokenFactory(user=people["sachbearbeitung"], token=SECRET)
    db.session.commit()

    assert _inbox(client).status_code == 200
    first_use = clock.now()
    assert db.session.get_one(ApiToken, token.id).last_used_at == first_use

    clock.advance(timedelta(seconds=30))
    assert _inbox(client).status_code == 200
    db.session.expire_all()
    assert db.session.get_one(ApiToken, token.id).last_used_at == first_use

    clock.advance(timedelta(seconds=31))
    assert _inbox(client).status_code == 200
    db.session.expire_all()
    assert db.session.get_one(ApiToken, token.id).last_used_at == clock.now()


def test_revoked_token_is_refused(client, people, clock):
    ApiTokenFactory(user=people["sachbearbeitung"], token=SECRET, revoked_at=clock.now())
    db.session.commit()

    response = _inbox(client)
    assert response.status_code == 401
    assert "ungültig oder widerrufen" in response.json["detail"]


def test_unknown_token_is_refused(client, people):
    assert _inbox(client, "pmt_nobody-has-this-one").status_code == 401
