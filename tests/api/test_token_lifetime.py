"""API tokens expire (365 days unless said otherwise) and can be revoked; the API refuses them after."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from permits.cli import create_token_command, revoke_token_command
from permits.core.actors import Actor
from permits.errors import Conflict, InvalidInput, NotFound
from permits.extensions import db
from permits.models import ApiToken, AuditEntry
from permits.services.accounts import create_token, hash_token
from permits.services.tokens import revoke_token

SYSTEM = Actor.system("test")


def _stored(token: str) -> ApiToken:
    return db.session.scalars(select(ApiToken).filter_by(token_hash=hash_token(token))).one()


def _inbox(client, token: str):
    return client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"})


def test_token_expires_after_a_year_by_default_or_the_days_given(app, people, clock):
    yearly = create_token("Fachverfahren", SYSTEM, authority_code="fire")
    weekly = create_token("Test", SYSTEM, username="sachbearbeitung", days=7)
    assert _stored(yearly).expires_at == clock.now() + timedelta(days=365)
    assert _stored(weekly).expires_at == clock.now() + timedelta(days=7)
    with pytest.raises(InvalidInput):
        create_token("Nie", SYSTEM, username="sachbearbeitung", days=0)


def test_expired_token_is_refused_with_a_german_problem(client, people, clock):
    token = create_token("Test", SYSTEM, username="sachbearbeitung", days=7)
    clock.advance(timedelta(days=7) - timedelta(seconds=1))
    assert _inbox(client, token).status_code == 200

    clock.advance(timedelta(seconds=1))
    response = _inbox(client, token)
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    assert response.json["detail"].startswith("Das API-Token ist abgelaufen.")


def test_revoked_token_is_refused_at_once_and_the_revocation_audited(client, people):
    token = create_token("Fachverfahren Feuerwehr", SYSTEM, authority_code="fire")
    assert _inbox(client, token).status_code == 200

    revoke_token("Fachverfahren Feuerwehr", Actor.system("cli"))

    response = _inbox(client, token)
    assert response.status_code == 401
    assert response.json["detail"] == "Das API-Token ist ungültig oder widerrufen."
    entry = db.session.scalars(select(AuditEntry).filter_by(action="token_revoked")).one()
    assert entry.actor == "system:cli" and entry.before["name"] == "Fachverfahren Feuerwehr"
    assert token not in str(entry.before) + str(entry.after)  # never the secret itself
    with pytest.raises(Conflict):
        revoke_token(_stored(token).id, SYSTEM)


def test_revoking_by_an_ambiguous_or_unknown_name_is_refused(app, people):
    first = create_token("Portal", SYSTEM, username="sachbearbeitung")
    create_token("Portal", SYSTEM, username="pruefung")
    with pytest.raises(InvalidInput, match="Mehrere Tokens"):
        revoke_token("Portal", SYSTEM)
    with pytest.raises(NotFound):
        revoke_token("Unbekannt", SYSTEM)
    assert revoke_token(str(_stored(first).id), SYSTEM).revoked_at is not None  # by number it is clear


def test_cli_creates_a_token_for_some_days_and_revokes_it(app, people, clock):
    runner = app.test_cli_runner()
    arguments = ["--name", "Feuerwehr", "--authority", "fire", "--days", "30"]
    created = runner.invoke(create_token_command, arguments)
    assert created.exit_code == 0, created.output
    token = created.output.splitlines()[0]
    assert _stored(token).expires_at == clock.now() + timedelta(days=30)

    revoked = runner.invoke(revoke_token_command, ["Feuerwehr"])
    assert revoked.exit_code == 0, revoked.output
    assert f"revoked token {_stored(token).id}" in revoked.output
    assert _stored(token).revoked_at == clock.now()

    again = runner.invoke(revoke_token_command, ["Feuerwehr"])
    assert again.exit_code == 1 and "Kein gültiges API-Token" in again.output
