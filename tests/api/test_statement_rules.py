"""The statement rules hold on every way in: the participation domain refuses, the API answers 422 with field
errors, and a refused statement leaves the review request and the agency's task open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from permits.codelists import ReviewStatus
from permits.extensions import db
from permits.models import OpenTask, ReviewRequest, Statement
from permits.services.timers import fire_due_timers
from tests.api.test_agency_review_requests import _review_id, case_in_participation  # noqa: F401


def _post(api, review_id: str, body: dict):
    return api("agency:fire").post(f"/api/v1/review-requests/{review_id}/statement", json=body)


def _nothing_changed(review_id: str) -> None:
    review = db.session.scalars(select(ReviewRequest).filter_by(public_id=review_id)).one()
    assert review.status == ReviewStatus.OPEN and review.statements == []
    assert db.session.scalars(select(OpenTask).filter_by(candidate_group="authority:fire")).all()


def test_consent_with_conditions_needs_a_condition(api, case_in_participation):  # noqa: F811
    review_id = _review_id(api, "fire")
    response = _post(api, review_id, {"verdict": "consent_with_conditions", "conditions": []})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert response.json["errors"] == {
        "conditions": ["Zustimmung mit Nebenbestimmungen braucht mindestens eine Nebenbestimmung."]
    }
    _nothing_changed(review_id)


def test_a_condition_needs_a_text_not_just_spaces(api, case_in_participation):  # noqa: F811
    review_id = _review_id(api, "fire")
    response = _post(
        api, review_id, {"verdict": "consent_with_conditions", "conditions": [{"type": "2", "text": "   "}]}
    )
    assert response.status_code == 422
    assert response.json["errors"] == {"conditions.0.text": ["Jede Nebenbestimmung braucht einen Text."]}
    _nothing_changed(review_id)


def test_late_statement_follows_the_same_rules(api, case_in_participation, clock):  # noqa: F811
    review_id = _review_id(api, "fire")
    clock.advance(timedelta(days=33))
    fire_due_timers("w1", limit=100)
    response = _post(api, review_id, {"verdict": "consent_with_conditions"})
    assert response.status_code == 422 and "conditions" in response.json["errors"]
    review = db.session.scalars(select(ReviewRequest).filter_by(public_id=review_id)).one()
    assert [s.verdict.value for s in review.statements] == ["deemed_consent"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"verdict": "deemed_consent"}, {"verdict"}),
        ({"verdict": "consent", "conditions": [{"type": "9", "text": "x"}]}, {"conditions.0.type"}),
    ],
)
def test_verdict_and_condition_type_come_from_the_code_lists(api, case_in_participation, body, fields):  # noqa: F811
    review_id = _review_id(api, "fire")
    response = _post(api, review_id, body)
    assert response.status_code == 422 and set(response.json["errors"]) == fields
    assert db.session.scalars(select(Statement)).all() == []


def test_a_condition_without_type_is_refused_not_made_an_auflage(api, case_in_participation):  # noqa: F811
    review_id = _review_id(api, "fire")
    body = {
        "verdict": "consent_with_conditions",
        "conditions": [{"type": "2", "text": "Zufahrt freihalten"}, {"text": "Rauchwarnmelder einbauen"}],
    }
    response = _post(api, review_id, body)
    assert response.status_code == 422
    assert response.json["errors"] == {"conditions.1.type": ["Bitte die Art der Nebenbestimmung angeben."]}
    _nothing_changed(review_id)
