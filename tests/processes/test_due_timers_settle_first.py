"""Whatever happens on a case happens after the timers that are due by the clock: a statement that arrives
after the deadline, before the worker fired it, finds the deemed consent already in place. It is stored as
late (API) or refused as too late (task page), and the review never stays open."""

from __future__ import annotations

from datetime import timedelta

import pytest

from permits.codelists import ReviewStatus, Verdict
from permits.errors import TaskNotReady
from permits.services.agency_review import StatementInput, submit_statement


def _waiting_for_fire_brigade(driver):
    case = driver.start(
        "full_procedure", construction_value=500000, building_class=3, municipality_is_authority=True
    )
    driver.complete_check(case, involve_fire=True)
    assert driver.reviews(case)["fire"].status == ReviewStatus.OPEN
    return case


def test_statement_on_the_task_after_the_deadline_finds_deemed_consent(driver):
    case = _waiting_for_fire_brigade(driver)
    driver.clock.advance(timedelta(days=32))  # deadline passed; no worker has run
    with pytest.raises(TaskNotReady, match="Frist"):
        driver.statement(case, "fire", statement_verdict="objection", statement_text="Zu spät")
    assert driver.reviews(case)["fire"].status == ReviewStatus.DEEMED_CONSENT
    assert [s.verdict for s in driver.statements(case)] == [Verdict.DEEMED_CONSENT]
    assert driver.open_elements(case) == ["ut_substantive_review"]
    assert driver.status(case) == "09"
    assert [e.element_id for e in driver.audit(case, "timer_fired")] == ["be_statement_deadline"]
    assert driver.pass_time(minutes=1) == 0  # nothing left for the worker


def test_statement_through_the_api_after_the_deadline_is_stored_late(driver):
    case = _waiting_for_fire_brigade(driver)
    driver.clock.advance(timedelta(days=32))
    review = driver.reviews(case)["fire"]
    stored, created = submit_statement(
        review.public_id, StatementInput(verdict="objection", text="Zu spät"), driver.actor("fire_user")
    )
    assert created and stored.late
    assert driver.reviews(case)["fire"].status == ReviewStatus.DEEMED_CONSENT
    assert driver.open_elements(case) == ["ut_substantive_review"]


def test_statement_on_the_last_day_is_taken(driver):
    case = _waiting_for_fire_brigade(driver)
    driver.clock.advance(timedelta(days=31, hours=12))  # 2 April, the last day, before midnight
    driver.statement(case, "fire", statement_verdict="consent")
    assert driver.reviews(case)["fire"].status == ReviewStatus.ANSWERED
    assert driver.audit(case, "timer_fired") == []


def test_an_officer_task_completes_after_due_timers_fired(driver):
    """Timers of other branches fire first, and the task itself goes on when it is still open."""
    case = driver.start("full_procedure", construction_value=500000, building_class=3)
    driver.complete_check(case, involve_fire=True)
    driver.clock.advance(timedelta(days=32))  # the fire brigade's deadline passed, §36 still runs
    driver.complete(
        case, "ut_municipal_consent", "municipality_user", "authority:municipality", consent_granted=True
    )
    assert driver.reviews(case)["fire"].status == ReviewStatus.DEEMED_CONSENT
    assert driver.open_elements(case) == ["ut_substantive_review"]
