"""Load balancers ask `/healthz` whether the process answers and `/readyz` whether it can do its work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError

from permits.core.workers import beat, register
from permits.extensions import db
from permits.services import health

MIGRATIONS_HEAD = health._migrations_head


@pytest.fixture(autouse=True)
def schema_at_head(monkeypatch):
    """Test databases are made with create_all, not migrations: treat their (absent) revision as the head."""
    monkeypatch.setattr(health, "_migrations_head", lambda _directory: None)


def _readiness(client) -> tuple[int, dict]:
    response = client.get("/readyz")
    return response.status_code, response.get_json()


def test_healthz_answers_without_signing_in(client):
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_ready_once_a_worker_has_beaten(app, client):
    status, body = _readiness(client)
    assert status == 503 and body["status"] == "not_ready"
    assert body["checks"]["worker"] == {"ok": False, "detail": "no heartbeat seen"}
    assert body["checks"]["database"]["ok"] and body["checks"]["processes"]["ok"]

    register("host:1")
    status, body = _readiness(client)
    assert (status, body["status"]) == (200, "ready"), body


def test_not_ready_when_the_worker_went_silent(app, client, clock):
    register("host:1")
    clock.advance(timedelta(seconds=61))
    status, body = _readiness(client)
    assert status == 503 and body["checks"]["worker"]["ok"] is False

    beat("host:1")
    assert _readiness(client)[0] == 200


def test_not_ready_when_the_database_is_down(app, client, monkeypatch):
    register("host:1")

    def refuse(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.engine, "connect", refuse)
    status, body = _readiness(client)
    assert status == 503
    assert body["checks"]["database"] == {"ok": False, "detail": "unreachable (OperationalError)"}


def test_not_ready_when_the_schema_is_behind_the_migrations(app, client, monkeypatch):
    register("host:1")
    monkeypatch.setattr(health, "_migrations_head", lambda _directory: "9999")
    status, body = _readiness(client)
    assert status == 503 and body["checks"]["migrations"]["ok"] is False


def test_the_head_is_the_newest_migration(app):
    from pathlib import Path

    directory = Path(app.extensions["migrate"].directory)
    newest = max(p.name.split("_", 1)[0] for p in (directory / "versions").glob("0*.py"))
    assert MIGRATIONS_HEAD(str(directory)) == newest
