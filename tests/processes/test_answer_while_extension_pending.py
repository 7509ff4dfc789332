"""An agency that asked for more time may still answer before the officer has decided: the answer is the
statement, the pending extension decision is withdrawn, and the procedure moves on at once."""

from __future__ import annotations

from permits.codelists import ReviewStatus, Verdict
from permits.services.agency_review import StatementInput, submit_statement


def _extension_requested(driver, agency="nature"):
    case = driver.start(
        "full_procedure",
        construction_value=500000,
        building_class=3,
        municipality_is_authority=True,
    )
    driver.complete_check(case, **{f"involve_{agency}": True})
    driver.statement(case, agency, statement_verdict="extension_requested", statement_text="Kartierung läuft")
    assert driver.open_elements(case) == ["ut_decide_extension", "ut_statement_pending"]
    return case


def test_answer_on_the_page_withdraws_the_pending_extension_decision(driver):
    case = _extension_requested(driver)
    pending = driver.task(case, "ut_statement_pending")
    assert pending.candidate_group == "authority:nature" and pending.lane == "Fachbehörden"
    assert pending.due_at == driver.task(case, "ut_decide_extension").due_at
    driver.complete(
        case,
        "ut_statement_pending",
        "nature_user",
        "authority:nature",
        statement_verdict="consent_with_conditions",
        legal_area="Naturschutz",
        condition_type="2",
        condition_text="Baumschutz während der Bauzeit",
    )
    assert "ut_decide_extension" not in driver.open_elements(case)
    assert driver.reviews(case)["nature"].status == ReviewStatus.ANSWERED
    assert [s.verdict for s in driver.statements(case)] == [Verdict.CONSENT_WITH_CONDITIONS]
    assert driver.status(case) == "09"
    assert driver.open_elements(case) == ["ut_substantive_review"]
    assert "deadline_extended" not in driver.actions(case)


def test_answer_through_the_api_withdraws_the_pending_extension_decision(driver):
    case = _extension_requested(driver, "roads")
    review = driver.reviews(case)["roads"]
    stored, created = submit_statement(
        review.public_id, StatementInput(verdict="consent", text="Keine Bedenken"), driver.actor("roads_user")
    )
    assert created and not stored.late
    assert driver.open_elements(case) == ["ut_substantive_review"]
    assert driver.reviews(case)["roads"].status == ReviewStatus.ANSWERED
    assert driver.status(case) == "09"


def test_extension_decided_first_withdraws_the_early_answer_task(driver):
    case = _extension_requested(driver)
    driver.complete(
        case, "ut_decide_extension", "officer", grant_extension=True, extension_weeks=2, extension_reason="ok"
    )
    assert driver.open_elements(case) == ["ut_statement"]
    driver.statement(case, "nature", statement_verdict="consent")
    assert driver.reviews(case)["nature"].status == ReviewStatus.ANSWERED
    assert driver.status(case) == "09"


def test_silence_after_the_extension_request_is_deemed_consent(driver):
    case = _extension_requested(driver)
    driver.pass_time(days=32)
    assert driver.reviews(case)["nature"].status == ReviewStatus.DEEMED_CONSENT
    assert driver.open_elements(case) == ["ut_substantive_review"]
