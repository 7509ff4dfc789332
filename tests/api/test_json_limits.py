"""JSON bodies are measured before parsing: too deep or too large is a 422 problem, never a 500."""

from __future__ import annotations

import json

import pytest

from permits.api import json_depth


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        (b"1", 0),
        (b"{}", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'{"a": "[[[[{{{{"}', 1),  # brackets inside strings do not nest
        (b'["\\"[[[", ["\\\\"], "]]]"]', 2),  # nor do they after escaped quotes and backslashes
        (b"[" * 1000 + b"]" * 1000, 1000),
    ],
)
def test_depth_is_measured_without_parsing(text, depth):
    assert json_depth(text) == depth


def test_json_nested_a_thousand_deep_is_refused(api):
    body = "[" * 1000 + "]" * 1000
    response = api("sachbearbeitung").post(
        "/api/v1/tasks/x/complete", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.json["detail"] == "Die JSON-Daten sind zu tief verschachtelt (höchstens 32 Ebenen)."
    assert "body" in response.json["errors"]


def test_deep_nesting_inside_an_object_is_refused_on_every_endpoint(api):
    nested: object = "Neubau"
    for _ in range(40):
        nested = {"x": nested}
    response = api("architektin").post("/api/v1/applications", json={"title": "Neubau", "details": nested})
    assert response.status_code == 422 and "verschachtelt" in response.json["detail"]


def test_a_normal_body_passes(api):
    response = api("architektin").post(
        "/api/v1/applications", json={"title": "Neubau", "details": {"applicant": {"name": "Jörg Bäcker"}}}
    )
    assert response.status_code == 201


def test_a_body_over_the_size_limit_is_refused(app, api):
    app.config["API_JSON_MAX_BYTES"] = 1024
    too_big = json.dumps({"data": {"note": "x" * 2000}})
    response = api("sachbearbeitung").post(
        "/api/v1/tasks/x/complete", data=too_big, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json["detail"] == "Die JSON-Daten sind zu groß (höchstens 1 KB)."
