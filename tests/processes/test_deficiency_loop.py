"""Completeness check: deficiency notices, resubmissions, deemed withdrawal (§69(2) NBauO)."""

from __future__ import annotations

import time

from permits.extensions import db
from permits.models import Case
from permits.services.workflow_state import locked_workflow, save_workflow


def _deficient(driver, case, findings="Lageplan fehlt", weeks=None):
    data = {"complete": False, "findings": findings}
    if weeks:
        data["deficiency_weeks"] = weeks
    return driver.complete(case, "ut_completeness_check", "officer", **data)


def test_one_deficiency_loop(driver):
    case = driver.start(
        "full_procedure", construction_value=300000, building_class=2, municipality_is_authority=True
    )
    _deficient(driver, case, weeks=2)
    assert driver.status(case) == "17"
    task = driver.task(case, "ut_resubmission")
    assert task.candidate_group == "applicant" and task.lane == "Antragsteller/in"
    # received Monday 2 March 2026 + 2 weeks = Monday 16 March, expires at local midnight
    assert task.due_at.isoformat() == "2026-03-16T23:00:00+00:00"
    driver.complete(case, "ut_resubmission", "architect", resubmission_note="Lageplan beigefügt")
    assert driver.status(case) == "02"
    assert driver.open_elements(case) == ["ut_completeness_check"]
    driver.complete_check(case)
    assert driver.statuses(case) == ["14", "17", "02", "18"]
    assert driver.documents(case) == ["receipt", "deficiency_notice"]
    # no agencies selected and the municipality is the authority: straight to the substantive review
    assert driver.open_elements(case) == ["ut_substantive_review"]
    assert driver.reviews(case) == {}
    completed = [e.element_id for e in driver.audit(case, "task_completed")]
    assert completed == ["ut_completeness_check", "ut_resubmission", "ut_completeness_check"]


def test_several_loops_then_complete(driver):
    case = driver.start("simplified_procedure", construction_value=250000, building_class=1)
    for round_number in range(3):
        _deficient(driver, case, findings=f"Mangel {round_number}")
        driver.complete(case, "ut_resubmission", "architect", resubmission_note=f"Runde {round_number}")
    driver.complete_check(case)
    assert driver.statuses(case) == ["14"] + ["17", "02"] * 3 + ["18"]
    assert driver.documents(case).count("deficiency_notice") == 3
    assert driver.open_elements(case) == ["ut_municipal_consent"]


def test_deadline_missed_resubmission_in_grace_period(driver):
    case = driver.start(
        "full_procedure", construction_value=1, building_class=1, municipality_is_authority=True
    )
    _deficient(driver, case)
    driver.pass_time(weeks=4, days=2)
    assert [e.element_id for e in driver.audit(case, "timer_fired")] == ["be_deficiency_expired"]
    assert driver.open_elements(case) == ["ut_late_resubmission"]
    assert driver.status(case) == "17"
    driver.complete(
        case, "ut_late_resubmission", "architect", resubmission_note="verspätet, aber in der Nachfrist"
    )
    assert driver.status(case) == "02"
    assert driver.open_elements(case) == ["ut_completeness_check"]


def test_deemed_withdrawal_three_weeks_after_expiry(driver):
    case = driver.start("full_procedure", construction_value=1, building_class=1)
    _deficient(driver, case, weeks=4)  # last day Monday 30 March 2026
    driver.pass_time(weeks=4, days=1)  # deadline expired: grace period of three weeks runs
    assert driver.open_elements(case) == ["ut_late_resubmission"]
    grace = driver.task(case, "ut_late_resubmission")
    assert grace.due_at.isoformat() == "2026-04-20T22:00:00+00:00"  # 30 March + 3 weeks, CEST midnight
    driver.pass_time(weeks=2)
    assert driver.status(case) == "17"
    driver.pass_time(weeks=1)
    assert driver.status(case) == "12"
    assert driver.statuses(case) == ["14", "17", "12"]
    assert driver.open_tasks(case) == []
    assert [e.element_id for e in driver.audit(case, "timer_fired")] == [
        "be_deficiency_expired",
        "be_grace_expired",
    ]
    assert driver.app.extensions["sqlalchemy"].session.get(Case, case.id).closed_at is not None


def test_300_loops_keep_working(driver):
    """Constant tree depth: the looping sub-process does not hit the recursion limit of flat loops.
    Driven on the loaded workflow (saved once at the end) to keep the suite fast; bench/deficiency_loops.py
    measures load/save times through the service layer."""
    case = driver.start(
        "full_procedure", construction_value=1, building_class=1, municipality_is_authority=True
    )
    locked = locked_workflow(case.id, driver.actor("officer"))
    workflow = locked.workflow
    started = time.perf_counter()
    for _ in range(300):
        (check,) = workflow.ready_tasks()
        assert check.element_id == "ut_completeness_check"
        workflow.complete(
            check.task_id, {"complete": False, "findings": "Lageplan fehlt", "deficiency_weeks": None}
        )
        (resubmit,) = workflow.ready_tasks()
        assert resubmit.element_id == "ut_resubmission" and resubmit.candidate_group == "applicant"
        workflow.complete(resubmit.task_id, {"resubmission_note": "nachgereicht"})
    save_workflow(locked)
    db.session.commit()
    elapsed = time.perf_counter() - started
    assert driver.open_elements(case) == ["ut_completeness_check"]
    assert driver.statuses(case)[-2:] == ["17", "02"]
    driver.complete_check(case)  # through the service layer: load, step, save the 300-loop case
    assert driver.status(case) == "18"
    assert driver.open_elements(case) == ["ut_substantive_review"]
    assert len(driver.statuses(case)) == 1 + 2 * 300 + 1
    assert driver.documents(case).count("deficiency_notice") == 300
    print(f"300 loops in {elapsed:.1f}s, state {len(locked.row.state_json) / 1024:.0f} KiB")
