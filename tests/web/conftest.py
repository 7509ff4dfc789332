"""Page-test helpers: every form carries a CSRF token, so tests read it from a rendered page like a browser.

Tests outside tests/web import `sign_in` / `post_form` from here (`from tests.web.conftest import sign_in`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from permits import create_app
from permits.extensions import db

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, page: str = "/anmelden") -> str:
    """The form token of the client's current session, as the given page renders it."""
    match = _TOKEN.search(client.get(page).get_data(as_text=True))
    assert match, f"no CSRF token on {page}"
    return match.group(1)


def post_form(client: FlaskClient, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """POST a page form with the session's token, as the browser does."""
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client)}, **kwargs)


def sign_in(client: FlaskClient, username: str, password: str = "demo-passwort", **kwargs: Any) -> Any:
    return post_form(client, "/anmelden", {"username": username, "password": password}, **kwargs)


@pytest.fixture
def signed_in(client: FlaskClient, people: dict[str, Any]) -> Any:
    """signed_in("sachbearbeitung") -> the test client, signed in as that person."""

    def as_user(username: str) -> FlaskClient:
        response = sign_in(client, username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return as_user


@pytest.fixture
def app_with(app: Flask, app_config: dict[str, object]) -> Iterator[Callable[..., Flask]]:
    """app_with(SESSION_IDLE_MINUTES=5) -> a second app on the same database with other settings."""
    made: list[Flask] = []

    def make(**settings: object) -> Flask:
        made.append(create_app({**app_config, **settings}))
        return made[-1]

    yield make
    for other in made:  # close its connections now, not whenever the garbage collector runs
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
