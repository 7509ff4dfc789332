"""Substantive review, hearing, decision with typed conditions and the four-eyes sign-off."""

from __future__ import annotations

import pytest

from permits.errors import PermissionDenied
from permits.extensions import db
from permits.models import Job


def _ready_for_review(driver, process_id="full_procedure", **data):
    case = driver.start(
        process_id, construction_value=600000, building_class=3, municipality_is_authority=True, **data
    )
    driver.complete_check(case)
    assert driver.open_elements(case) == ["ut_substantive_review"]
    return case


def _job_arguments(kind):
    return [
        j.payload["arguments"]
        for j in db.session.query(Job).order_by(Job.id)
        if j.payload.get("kind") == kind
    ]


def test_hearing_then_rejection(driver):
    case = _ready_for_review(driver)
    driver.complete(
        case,
        "ut_substantive_review",
        "officer",
        intended_decision="rejection",
        review_notes="Abstandsflächen nicht eingehalten",
        hearing_weeks=2,
    )
    assert driver.status(case) == "03"
    hearing = driver.task(case, "ut_hearing_reply")
    assert hearing.candidate_group == "applicant" and hearing.due_at is not None
    driver.complete(
        case, "ut_hearing_reply", "architect", hearing_reply="Wir halten die Planung für zulässig."
    )
    assert driver.status(case) == "16"
    driver.complete(
        case, "ut_decision", "officer", decision="rejection", decision_reasons="§ 5 NBauO verletzt"
    )
    driver.complete(case, "ut_sign_off", "officer2", sign_off_approved=True)
    assert driver.status(case) == "06"
    assert driver.statuses(case) == ["14", "18", "03", "16", "06"]
    assert driver.documents(case) == ["receipt", "hearing_notice", "rejection", "fee_notice"]
    assert _job_arguments("rejection")[0]["reasons"]
    assert case.details["decision"]["approved"] is False
    assert driver.open_tasks(case) == []


def test_hearing_deadline_passes_without_reply(driver):
    case = _ready_for_review(driver)
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="rejection")
    driver.pass_time(weeks=2, days=1)
    assert [e.element_id for e in driver.audit(case, "timer_fired")] == ["be_hearing_expired"]
    assert driver.open_elements(case) == ["ut_decision"]
    assert driver.status(case) == "03"


def test_four_eyes_rejection_sends_the_draft_back(driver):
    case = _ready_for_review(driver)
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="approval")
    driver.complete(
        case,
        "ut_decision",
        "officer",
        decision="approval",
        decision_reasons="Zulässig",
        provisions=[
            {
                "type": "6",
                "legal_area": "Bauordnungsrecht",
                "text": "Baubeginn erst nach Vorlage des Standsicherheitsnachweises",
            }
        ],
    )
    sign_off = driver.task(case, "ut_sign_off")
    assert sign_off.lane == "Freigabe (Vier-Augen-Prinzip)"
    with pytest.raises(PermissionDenied):
        driver.complete(case, "ut_sign_off", "officer", sign_off_approved=True)
    driver.complete(
        case, "ut_sign_off", "officer2", sign_off_approved=False, sign_off_comment="Hinweis fehlt"
    )
    assert driver.open_elements(case) == ["ut_decision"]
    assert driver.status(case) == "18"
    driver.complete(
        case,
        "ut_decision",
        "officer",
        decision="approval",
        decision_reasons="Zulässig",
        provisions=[
            {
                "type": "6",
                "legal_area": "Bauordnungsrecht",
                "text": "Baubeginn erst nach Vorlage des Standsicherheitsnachweises",
            },
            {"type": "4", "text": "Die Baulast ist einzutragen."},
        ],
    )
    driver.complete(case, "ut_sign_off", "officer2", sign_off_approved=True)
    assert driver.status(case) == "10"
    approval = _job_arguments("approval")[0]
    assert case.details["decision"]["approved"] is True
    assert approval["conditions"] == [
        {
            "type": "6",
            "legal_area": "Bauordnungsrecht",
            "text": "Baubeginn erst nach Vorlage des Standsicherheitsnachweises",
        },
        {"type": "4", "legal_area": None, "text": "Die Baulast ist einzutragen."},
    ]
    completed = [e.element_id for e in driver.audit(case, "task_completed")]
    assert completed[-4:] == ["ut_decision", "ut_sign_off", "ut_decision", "ut_sign_off"]
    actors = {e.element_id: e.actor for e in driver.audit(case, "task_completed")}
    assert actors["ut_sign_off"] == "user:officer2" and actors["ut_decision"] == "user:officer"
