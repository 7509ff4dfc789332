"""Simplified procedure: deemed approval (§70a NBauO, §42a VwVfG) for housing."""

from __future__ import annotations

from permits.codelists import ReviewStatus


def _complete(driver, **data):
    case = driver.start("simplified_procedure", construction_value=350000, building_class=1, **data)
    driver.complete_check(case, involve_fire=True)
    return case


def test_deemed_approval_three_months_after_completeness(driver):
    case = _complete(driver, housing_project=True)
    extend = driver.task(case, "ut_extend_fiction")
    assert extend.due_at.isoformat() == "2026-06-02T22:00:00+00:00"  # 2 March + 3 months, end of day
    driver.statement(case, "fire", statement_verdict="consent")
    driver.complete(
        case, "ut_municipal_consent", "municipality_user", "authority:municipality", consent_granted=True
    )
    assert driver.open_elements(case) == ["ut_extend_fiction", "ut_substantive_review"]
    driver.pass_time(days=92)
    assert driver.status(case) == "09"  # 2 June, 09:00 UTC: the last day still runs
    driver.pass_time(days=1)
    assert driver.status(case) == "58"
    assert driver.open_tasks(case) == []
    # the certificate, then the fee notice for the deemed permit
    assert driver.documents(case)[-2:] == ["deemed_approval_certificate", "fee_notice"]
    assert driver.statuses(case) == ["14", "18", "08", "09", "58"]
    assert [e.element_id for e in driver.audit(case, "timer_fired")] == ["be_fiction_expired"]


def test_deemed_approval_after_one_reasoned_extension(driver):
    case = _complete(driver, housing_project=True)
    driver.complete(
        case,
        "ut_extend_fiction",
        "officer",
        fiction_extension_months=2,
        fiction_extension_reason="Gutachten zum Lärmschutz steht aus",
    )
    assert "ut_extend_fiction" not in driver.open_elements(case)  # only one extension
    driver.pass_time(days=93)
    assert driver.status(case) != "58"
    driver.pass_time(days=62)  # 2 June + 2 months = 2 August (Sunday) → Monday 3 August
    assert driver.status(case) == "58"
    assert [e.element_id for e in driver.audit(case, "timer_fired")][-1] == "te_fiction_extended"
    reviews = driver.reviews(case)
    assert reviews["fire"].status == ReviewStatus.DEEMED_CONSENT  # silent for a month
    assert driver.open_tasks(case) == []
    assert "review_withdrawn" not in driver.actions(case)


def test_open_reviews_are_withdrawn_by_deemed_approval(driver):
    case = driver.start(
        "simplified_procedure",
        construction_value=1,
        building_class=1,
        housing_project=True,
        municipality_is_authority=True,
        monument_expert_consent=True,  # two months for the monument authority
    )
    driver.complete_check(case, involve_monument=True)
    driver.statement(case, "monument", statement_verdict="extension_requested")
    driver.complete(
        case,
        "ut_decide_extension",
        "officer",
        grant_extension=True,
        extension_weeks=8,
        extension_reason="Fachbehörde braucht Zeit",
    )
    driver.pass_time(days=93)
    assert driver.status(case) == "58"
    assert driver.reviews(case)["monument"].extended_until.isoformat() == "2026-06-29"
    assert driver.reviews(case)["monument"].status == ReviewStatus.WITHDRAWN
    assert "review_withdrawn" in driver.actions(case)


def test_decision_in_time_ends_the_fiction_period(driver):
    case = _complete(driver, housing_project=True, municipality_is_authority=True)
    driver.statement(case, "fire", statement_verdict="consent")
    driver.approve(case)
    assert driver.status(case) == "10"
    assert driver.open_tasks(case) == []
    driver.pass_time(days=120)
    assert driver.status(case) == "10"
    assert "deemed_approval_certificate" not in driver.documents(case)


def test_no_fiction_outside_housing(driver):
    case = _complete(driver, housing_project=False, municipality_is_authority=True)
    assert driver.open_elements(case) == ["ut_statement"]
    driver.statement(case, "fire", statement_verdict="objection")
    driver.pass_time(days=200)
    assert driver.open_elements(case) == ["ut_substantive_review"]
    assert driver.status(case) == "09"
