"""With the database gone, the API answers 503 problem+json with Retry-After and pages a German 503 page;
once it is back (or its connection was dropped in between), the next request works."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text

from permits import create_app
from permits.extensions import db
from tests.conftest import ON_POSTGRES, POSTGRES_URL


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def down_client(app_config) -> Iterator[FlaskClient]:
    """A second app whose database does not answer (nothing listens on its port)."""
    url = f"postgresql+psycopg://permits@127.0.0.1:{_closed_port()}/permits?connect_timeout=2"
    down: Flask = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": url})
    yield down.test_client()
    with down.app_context():
        db.engine.dispose()


def _assert_service_unavailable_problem(response: Any) -> None:
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.headers["Retry-After"] == "5"
    body = response.json
    assert body["type"] == "urn:permits:problem:service_unavailable"
    assert body["title"] == "Dienst vorübergehend nicht verfügbar"
    assert "Datenbank ist gerade nicht erreichbar" in body["detail"]


def test_api_answers_503_problem_when_the_database_is_down(down_client):
    response = down_client.get("/api/v1/tasks", headers={"Authorization": "Bearer pmt_anything"})
    _assert_service_unavailable_problem(response)


def test_pages_answer_a_german_503_page_when_the_database_is_down(down_client):
    with down_client.session_transaction() as session:
        session["user_id"] = 1  # signed in: the page has to look the user up
    response = down_client.get("/aufgaben")
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert response.headers["Retry-After"] == "5"
    page = response.get_data(as_text=True)
    assert "Dienst vorübergehend nicht verfügbar" in page and "Bitte versuchen Sie es" in page


@pytest.fixture
def refused_connections(app) -> Iterator[list[str]]:
    """While the list holds "down", every new database connection is refused; the pool starts empty."""
    state = ["down"]
    dbapi = db.engine.dialect.loaded_dbapi

    def connect(*_args: Any) -> Any:
        if state:
            raise dbapi.OperationalError("connection refused (simulated outage)")
        return None  # connect normally

    db.session.remove()
    db.engine.dispose()
    event.listen(db.engine, "do_connect", connect)
    yield state
    event.remove(db.engine, "do_connect", connect)


def test_the_next_request_works_once_the_database_is_back(api, refused_connections):
    _assert_service_unavailable_problem(api("sachbearbeitung").get("/api/v1/tasks"))
    refused_connections.clear()
    response = api("sachbearbeitung").get("/api/v1/tasks")
    assert response.status_code == 200, response.json


@pytest.mark.postgres_only
@pytest.mark.skipif(not ON_POSTGRES, reason="pg_terminate_backend needs PostgreSQL")
def test_a_request_after_the_connection_was_dropped_succeeds(api):
    assert api("sachbearbeitung").get("/api/v1/tasks").status_code == 200
    db.session.remove()  # every connection of the app is idle in its pool now

    outsider = create_engine(POSTGRES_URL)
    with outsider.connect() as connection:
        terminated = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    outsider.dispose()
    assert terminated >= 1

    response = api("sachbearbeitung").get("/api/v1/tasks")
    assert response.status_code == 200, response.json
