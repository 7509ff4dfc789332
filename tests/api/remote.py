"""The API tests' client against a running server (`PERMITS_E2E_BASE_URL`), answering like Flask's test
client (`status_code`, `json`, `data`, `mimetype`, `get_data`), so one test can drive either.

scripts/e2e_production.sh starts `permits serve` and two `permits worker` on PostgreSQL, creates the demo
people's tokens into the JSON file named by `PERMITS_E2E_TOKENS`, and runs the lifecycle test against them.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import requests

BASE_URL = os.environ.get("PERMITS_E2E_BASE_URL", "").rstrip("/")
TOKENS_FILE = os.environ.get("PERMITS_E2E_TOKENS", "")


class RemoteResponse:
    def __init__(self, response: requests.Response) -> None:
        self.status_code = response.status_code
        self.data = response.content
        self.mimetype = response.headers.get("Content-Type", "").split(";")[0].strip()

    @property
    def json(self) -> Any:
        try:
            return json.loads(self.data)
        except ValueError:
            return None

    def get_data(self, as_text: bool = False) -> Any:
        return self.data.decode() if as_text else self.data


class RemoteClient:
    """client.get(path, headers=...), client.post(path, json=... | data={... (BytesIO, name)})"""

    def __init__(self, token: str) -> None:
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **kwargs: Any) -> RemoteResponse:
        return self._call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> RemoteResponse:
        return self._call("POST", path, **kwargs)

    def _call(self, method: str, path: str, *, data: Any = None, **kwargs: Any) -> RemoteResponse:
        files = None
        if isinstance(data, dict):  # multipart, as Flask's test client takes it
            files = {k: (v[1], v[0]) for k, v in data.items() if isinstance(v, tuple)}
            data = {k: v for k, v in data.items() if not isinstance(v, tuple)}
        elif isinstance(data, io.BytesIO):
            data = data.getvalue()
        answer = self.session.request(method, BASE_URL + path, data=data, files=files, timeout=60, **kwargs)
        return RemoteResponse(answer)


def remote_tokens() -> dict[str, str]:
    tokens: dict[str, str] = json.loads(Path(TOKENS_FILE).read_text())
    return tokens
