"""API fixtures: demo people with bearer tokens, and a small JSON client."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from permits.core.actors import Actor
from permits.services.accounts import create_token


class ApiClient:
    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def __getattr__(self, method: str) -> Any:
        def call(path: str, **kwargs: Any) -> Any:
            headers = {**self.headers, **kwargs.pop("headers", {})}
            return getattr(self.client, method)(path, headers=headers, **kwargs)

        return call


@pytest.fixture
def tokens(people) -> dict[str, str]:
    system = Actor.system("test")
    result = {name: create_token(f"test {name}", system, username=name) for name in people}
    for code in ("fire", "monument", "municipality"):
        result[f"agency:{code}"] = create_token(f"test {code}", system, authority_code=code)
    return result


@pytest.fixture
def api(client, tokens):
    """api("sachbearbeitung").get("/api/v1/tasks")"""

    def for_user(name: str) -> ApiClient:
        return ApiClient(client, tokens[name])

    return for_user
