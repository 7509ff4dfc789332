"""Fixtures: an app on a scratch database (SQLite file, or PostgreSQL from PERMITS_DATABASE_URL)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from permits import create_app
from permits.core.actors import Actor
from permits.core.clock import FakeClock
from permits.extensions import db
from permits.models import User
from tests.factories import hannover_authorities, hannover_people
from tests.mail_server import MailServer

POSTGRES_URL = os.environ.get("PERMITS_DATABASE_URL", "")
ON_POSTGRES = POSTGRES_URL.startswith("postgresql")
SHARED = Path(__file__).resolve().parents[2] / "shared"
XBAU_SCHEMAS = SHARED / "xbau" / "2.6" / "xsd_dev"
XBAU_SAMPLE = SHARED / "xbau" / "samples" / "baugenehmigung.antrag.0200_duisburg-baerl_example.xml"
needs_xbau = pytest.mark.skipif(
    not XBAU_SCHEMAS.is_dir(), reason="XBau 2.6 schemas not found at ../shared/xbau"
)


def _database_url(tmp_path: Path) -> str:
    return POSTGRES_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'test.db'}"


_pg_schema_ready = False


def _reset_schema(app: Flask) -> None:
    global _pg_schema_ready
    with app.app_context():
        if not ON_POSTGRES:
            db.create_all()
            return
        if not _pg_schema_ready:
            db.drop_all()
            db.session.execute(text("DROP FUNCTION IF EXISTS audit_entries_append_only() CASCADE"))
            db.session.commit()
            db.create_all()
            _pg_schema_ready = True
        else:
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app_config(tmp_path: Path, clock: FakeClock) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path),
        "CLOCK": clock,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "XBAU_SCHEMA_DIR": str(XBAU_SCHEMAS) if XBAU_SCHEMAS.is_dir() else None,
    }


@pytest.fixture
def app(app_config: dict[str, object]) -> Iterator[Flask]:
    app = create_app(app_config)
    _reset_schema(app)
    with app.app_context():
        yield app
        db.session.remove()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def people(app: Flask) -> dict[str, User]:
    """The Hannover authorities and people (no cases), keyed by username; committed, so a live server or
    a second session sees them too."""
    users = hannover_people(hannover_authorities())
    db.session.commit()
    return users


@pytest.fixture
def actors(people: dict[str, User]) -> dict[str, Actor]:
    return {name: Actor.for_user(user) for name, user in people.items()}


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A real local SMTP server; add `mail_server.config()` to the app's configuration to send to it."""
    server = MailServer()
    server.start()
    yield server
    server.stop()
