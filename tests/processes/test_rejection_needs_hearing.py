"""§ 28 VwVfG: no rejection without a hearing. An officer who intended approval and then drafts a rejection
is taken to the hearing first (status 03, hearing notice with the draft's reasons); the decision comes
after the applicant's reply or the end of the hearing period."""

from __future__ import annotations

from permits.extensions import db
from permits.models import Job


def _approval_intended(driver):
    case = driver.start(
        "full_procedure", construction_value=600000, building_class=3, municipality_is_authority=True
    )
    driver.complete_check(case)
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="approval")
    return case


def _hearing_reasons():
    return [
        j.payload["arguments"]["intended_decision_reasons"]
        for j in db.session.query(Job).order_by(Job.id)
        if j.payload.get("kind") == "hearing_notice"
    ]


def test_rejection_drafted_after_intended_approval_goes_to_a_hearing_first(driver):
    case = _approval_intended(driver)
    driver.complete(
        case, "ut_decision", "officer", decision="rejection", decision_reasons="Baugrenze überschritten."
    )
    assert driver.status(case) == "03"
    assert driver.open_elements(case) == ["ut_hearing_reply"]
    assert "rejection" not in driver.documents(case)
    assert _hearing_reasons() == ["Baugrenze überschritten."]
    driver.complete(case, "ut_hearing_reply", "architect", hearing_reply="Die Baugrenze ist eingehalten.")
    assert driver.open_elements(case) == ["ut_decision"]
    driver.complete(
        case, "ut_decision", "officer", decision="rejection", decision_reasons="Baugrenze überschritten."
    )
    driver.complete(case, "ut_sign_off", "officer2", sign_off_approved=True)
    assert driver.status(case) == "06"
    assert driver.statuses(case) == ["14", "18", "03", "16", "06"]
    assert driver.documents(case) == ["receipt", "hearing_notice", "rejection", "fee_notice"]


def test_rejection_after_a_hearing_is_not_heard_twice(driver):
    case = _approval_intended(driver)
    driver.complete(case, "ut_decision", "officer", decision="rejection", decision_reasons="Zu hoch.")
    driver.pass_time(weeks=2, days=1)  # the hearing period ends without a reply
    driver.complete(case, "ut_decision", "officer", decision="rejection", decision_reasons="Zu hoch.")
    assert driver.open_elements(case) == ["ut_sign_off"]
    driver.complete(
        case, "ut_sign_off", "officer2", sign_off_approved=False, sign_off_comment="Begründung ergänzen"
    )
    driver.complete(
        case, "ut_decision", "officer", decision="rejection", decision_reasons="Zu hoch (§ 5 NBauO)."
    )
    assert driver.open_elements(case) == ["ut_sign_off"]
    assert driver.documents(case).count("hearing_notice") == 1


def test_approval_after_intended_approval_needs_no_hearing(driver):
    case = _approval_intended(driver)
    driver.complete(case, "ut_decision", "officer", decision="approval", decision_reasons="Zulässig.")
    assert driver.open_elements(case) == ["ut_sign_off"]
    assert "03" not in driver.statuses(case)
