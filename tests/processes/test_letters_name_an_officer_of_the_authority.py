"""Letters name an officer of the authority as "Sachbearbeitung" and under "Im Auftrag", or the authority
itself: never the architect whose submission triggered the receipt, nor an agency or the clock."""

from __future__ import annotations

from permits.documents.arguments import FALLBACK_CASE_OFFICER, build_view_model
from permits.extensions import db
from permits.models import Job


def _case_officer(case, kind: str) -> tuple[str, str]:
    job = next(
        j
        for j in db.session.query(Job).order_by(Job.id)
        if j.payload.get("kind") == kind and j.payload["case_id"] == case.id
    )
    model = build_view_model(kind, case, job.payload["arguments"], job.payload["actor"])
    return job.payload["actor"], model.header.case_officer


def test_receipt_after_the_architects_submission_names_the_authority(driver):
    case = driver.start(
        "full_procedure", construction_value=400000, building_class=3, municipality_is_authority=True
    )
    actor, officer = _case_officer(case, "receipt")
    assert actor == "user:architect"
    assert officer == FALLBACK_CASE_OFFICER
    assert officer != driver.users["architect"].display_name


def test_decision_names_the_officer_who_released_it(driver):
    case = driver.start(
        "full_procedure", construction_value=400000, building_class=3, municipality_is_authority=True
    )
    driver.complete_check(case)
    driver.approve(case)
    actor, officer = _case_officer(case, "approval")
    assert actor == "user:officer2"
    assert officer == driver.users["officer2"].display_name
