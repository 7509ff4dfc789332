"""Schemathesis against /api/v1/openapi.json: no 5xx, and every response matches the documented schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from permits.services.cases import start_case

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.mark.parametrize("who", ["sachbearbeitung", "architektin", "agency:fire"])
def test_api_conforms_to_its_openapi_document(app, actors, tokens, who):
    # Some real data so that generated requests sometimes reach existing rows.
    start_case("demo_procedure", "Neubau", actors["architektin"], applicant_id=actors["architektin"].user_id)
    headers = {"Authorization": f"Bearer {tokens[who]}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        conforms()
