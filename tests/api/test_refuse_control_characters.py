"""NUL characters are refused with 422 on every input channel, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from tests.web.conftest import post_form, sign_in


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("post", "/api/v1/applications", {"json": {"title": "Neubau\x00"}}),
        ("get", "/api/v1/tasks", {"query_string": {"procedure": "a\x00b"}}),
        ("get", "/api/v1/tasks/abc%00def", {}),
        ("post", "/api/v1/applications", {"json": {"title": "x", "details": {"plot": {"flur": "\x00"}}}}),
    ],
)
def test_nul_is_refused(api, method, path, kwargs):
    response = getattr(api("architektin"), method)(path, **kwargs)
    assert response.status_code == 422
    assert response.json["detail"] == "Die Eingabe enthält ein unzulässiges Steuerzeichen (NUL)."


def test_nul_in_a_page_form_gets_a_german_page(client, people):
    sign_in(client, "architektin")
    response = post_form(client, "/vorgaenge/neu", {"process_id": "demo_procedure", "title": "Carport\x00"})
    assert response.status_code == 422 and "Steuerzeichen" in response.get_data(as_text=True)
