"""Log lines for operators: one JSON object per request or job, with ids, never personal data."""

from __future__ import annotations

import json
import logging

import pytest

from permits.core import logs


@pytest.fixture
def json_lines(caplog):
    formatter = logs.JsonFormatter()

    def lines() -> list[dict]:
        return [json.loads(formatter.format(record)) for record in caplog.records]

    caplog.set_level(logging.INFO)
    return lines


def test_every_request_logs_one_line_with_its_id_and_no_query(client, json_lines):
    response = client.get("/?suche=J%C3%B6rg+B%C3%A4cker", headers={"X-Request-ID": "abc12345-from-nginx"})

    assert response.headers["X-Request-ID"] == "abc12345-from-nginx"
    (line,) = [entry for entry in json_lines() if entry["logger"] == "permits.request"]
    assert line["request_id"] == "abc12345-from-nginx"
    assert line["endpoint"] == "pages.index" and line["status"] == 200 and line["path"] == "/"
    assert "Jörg" not in json.dumps(line) and "suche" not in json.dumps(line)
    assert isinstance(line["duration_ms"], float)


def test_a_forged_request_id_is_replaced(client):
    response = client.get("/", headers={"X-Request-ID": "<script> fake"})

    assert len(response.headers["X-Request-ID"]) == 32 and "<" not in response.headers["X-Request-ID"]


def test_bound_fields_reach_every_line_until_unbound():
    record = logging.LogRecord("permits.test", logging.INFO, __file__, 1, "rendered %s", ("receipt",), None)
    token = logs.bind(job_id=7, case_id=3)
    try:
        bound = json.loads(logs.JsonFormatter().format(record))
    finally:
        logs.unbind(token)
    after = json.loads(logs.JsonFormatter().format(record))

    assert bound["message"] == "rendered receipt" and bound["job_id"] == 7 and bound["case_id"] == 3
    assert "job_id" not in after
    assert "job_id=7" in _text_line(record, job_id=7)


def _text_line(record: logging.LogRecord, **bound: object) -> str:
    token = logs.bind(**bound)
    try:
        return logs.TextFormatter().format(record)
    finally:
        logs.unbind(token)
