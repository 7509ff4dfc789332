"""Officers, applicants and agencies read a case and an application: typed statements, geometry, deadlines."""

from __future__ import annotations

import pytest
import schemathesis

from tests.factories import APPLICATION_DETAILS, APPLICATION_GEOMETRY


def _task(client, case_id: int, element_id: str) -> str:
    items = client.get(f"/api/v1/tasks?case={case_id}").json["items"]
    (task_id,) = [t["id"] for t in items if t["element_id"] == element_id]
    return task_id


@pytest.fixture
def submitted(api) -> dict:
    """A submitted full-procedure application with a geometry check, in participation of the fire brigade."""
    architect, officer = api("architektin"), api("sachbearbeitung")
    body = {
        "title": "Neubau Einfamilienhaus",
        "procedure": "full",
        "details": APPLICATION_DETAILS,
        "geometry": APPLICATION_GEOMETRY,
        "facts": {"municipality_is_authority": True},
    }
    application = architect.post("/api/v1/applications", json=body).json
    submitted = architect.post(f"/api/v1/applications/{application['id']}/submit").json
    assert submitted["status"] == "submitted", submitted
    task_id = _task(officer, submitted["case_id"], "ut_completeness_check")
    assert officer.post(f"/api/v1/tasks/{task_id}/claim").status_code == 200
    done = officer.post(
        f"/api/v1/tasks/{task_id}/complete", json={"data": {"complete": True, "involve_fire": True}}
    )
    assert done.status_code == 200, done.json
    return submitted


def _answer_with_conditions(api) -> None:
    review_id = api("agency:fire").get("/api/v1/review-requests?status=open").json["items"][0]["id"]
    answered = api("agency:fire").post(
        f"/api/v1/review-requests/{review_id}/statement",
        json={
            "verdict": "consent_with_conditions",
            "legal_area": "Brandschutz",
            "conditions": [{"type": "2", "text": "Feuerwehrzufahrt freihalten"}],
        },
    )
    assert answered.status_code == 201, answered.json


def test_officer_reads_statements_with_their_review_request(api, submitted):
    _answer_with_conditions(api)
    case = api("sachbearbeitung").get(f"/api/v1/cases/{submitted['case_id']}").json
    (statement,) = case["statements"]
    assert statement["authority"] == "fire" and statement["verdict"] == "consent_with_conditions"
    assert statement["verdict_label"] == "Zustimmung mit Nebenbestimmungen"
    assert statement["conditions"] == [
        {"type": "2", "type_label": "Auflage", "legal_area": None, "text": "Feuerwehrzufahrt freihalten"}
    ]
    review = statement["review_request"]
    assert review["id"] == statement["review_request_id"]
    assert review["authority_name"] == "Feuerwehr Hannover – Vorbeugender Brandschutz"
    assert (review["kind"], review["status"], review["status_label"]) == (
        "participation",
        "answered",
        "beantwortet",
    )
    assert review["due_on"] == "2026-04-02" and statement["late"] is False


def test_officer_reads_the_geometry_check_as_rows(api, submitted):
    geometry = api("sachbearbeitung").get(f"/api/v1/cases/{submitted['case_id']}").json["geometry"]
    assert geometry["passed"] is True and geometry["findings"] == []
    assert geometry["checks"], geometry
    for row in geometry["checks"]:
        assert set(row) == {
            "check_id",
            "label",
            "legal_basis",
            "comparison",
            "limit",
            "measured",
            "unit",
            "passed",
        }
        assert row["passed"] is True
    assert "svg" not in geometry and "result" not in geometry


def test_agency_reads_only_its_own_statement_and_no_documents_or_history(api, submitted):
    _answer_with_conditions(api)
    case = api("agency:fire").get(f"/api/v1/cases/{submitted['case_id']}").json
    assert [s["authority"] for s in case["statements"]] == ["fire"]
    assert case["documents"] == [] and case["history"] == []


def test_applicant_follows_deadlines_of_the_application(api, submitted):
    detail = api("architektin").get(f"/api/v1/applications/{submitted['id']}").json
    assert detail["file_reference"] == submitted["file_reference"]
    assert detail["status_label"] and detail["xbau_status"]
    assert detail["deadlines"], detail
    for deadline in detail["deadlines"]:
        assert set(deadline) == {"name", "due_at"} and deadline["due_at"].startswith("2026-")


def test_draft_application_has_no_case_fields(api):
    body = {"title": "Carport", "procedure": "simplified", "details": APPLICATION_DETAILS}
    created = api("architektin").post("/api/v1/applications", json=body).json
    detail = api("architektin").get(f"/api/v1/applications/{created['id']}").json
    assert (detail["file_reference"], detail["xbau_status"], detail["status_label"]) == (None, None, None)
    assert detail["deadlines"] == [] and detail["issued_documents"] == [] and detail["open_requests"] == []


def test_read_models_match_the_documented_schema(app, api, submitted):
    # The contract test rarely reaches a case with statements and a geometry check; these responses do.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    application = api("architektin").get(f"/api/v1/applications/{submitted['id']}")
    assert application.json["deadlines"]
    schema["/api/v1/applications/{application_id}"]["GET"].validate_response(application)
    _answer_with_conditions(api)
    case = api("sachbearbeitung").get(f"/api/v1/cases/{submitted['case_id']}")
    assert case.json["statements"] and case.json["geometry"]
    schema["/api/v1/cases/{case_id}"]["GET"].validate_response(case)
    review_id = case.json["statements"][0]["review_request_id"]
    review = api("agency:fire").get(f"/api/v1/review-requests/{review_id}")
    assert review.json["statements"]
    schema["/api/v1/review-requests/{review_id}"]["GET"].validate_response(review)
