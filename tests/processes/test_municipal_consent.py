"""§ 36 BauGB: consent asked only where the law needs it, from the municipality the plot lies in, and a
refusal binds the decision (no approval, no deemed approval)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from permits.codelists import ReviewKind, Verdict
from permits.errors import InvalidInput, ProcessError
from permits.extensions import db
from permits.models import AuthorityKind, GeometryCheck, Role
from permits.services.agency_review import StatementInput, submit_statement
from tests.factories import AuthorityFactory, UserFactory

MUNICIPAL_TASK = ("ut_municipal_consent", "municipality_user", "authority:municipality")


def _start(driver, process_id="full_procedure", *, project=None, plot=None, geometry=None, **data):
    case = driver.start(process_id, construction_value=400000, building_class=1, **data)
    details = dict(case.details)  # never change the shared example details in place
    details["project"] = {**details["project"], **(project or {})}
    details["plot"] = {**details["plot"], **(plot or {})}
    case.details = details
    if geometry is not None:
        db.session.add(
            GeometryCheck(
                case_id=case.id,
                application_date=date(2026, 3, 2),
                input={},
                result=geometry,
                svg="<svg/>",
                passed=True,
            )
        )
    db.session.commit()
    return case


def _refuse(driver, case):
    driver.complete(
        case, *MUNICIPAL_TASK, consent_granted=False, consent_reasons="Widerspricht dem Flächennutzungsplan"
    )


def _municipal_reviews(driver, case) -> list[Any]:
    return [r for r in driver.reviews(case).values() if r.kind == ReviewKind.MUNICIPAL_CONSENT]


def test_refused_consent_blocks_the_approval(driver):
    case = _start(driver)
    driver.complete_check(case)
    _refuse(driver, case)
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="approval")
    with pytest.raises(InvalidInput) as refused:
        driver.complete(case, "ut_decision", "officer", decision="approval", decision_reasons="Zulässig")
    assert "Einvernehmen nach § 36 BauGB" in refused.value.message and "versagt" in refused.value.message
    assert "Gemeinde Wedemark" in refused.value.message
    assert refused.value.field_errors["decision"]
    assert driver.status(case) == "18" and "ut_decision" in driver.open_elements(case)
    assert "approval" not in driver.documents(case)
    # the refusal is open to the officer
    driver.complete(case, "ut_decision", "officer", decision="rejection", decision_reasons="§ 36 BauGB")
    assert "ut_decision" not in driver.open_elements(case)


def test_refused_consent_means_no_deemed_approval(driver):
    case = _start(driver, "simplified_procedure", housing_project=True)
    driver.complete_check(case)
    _refuse(driver, case)
    driver.pass_time(days=93)  # the three months of § 70a NBauO have passed
    assert driver.status(case) != "58"
    assert "deemed_approval_certificate" not in driver.documents(case)
    assert driver.open_elements(case) == ["ut_substantive_review"]  # the authority must decide
    assert [e.element_id for e in driver.audit(case, "timer_fired")] == ["be_fiction_expired"]


def test_granted_consent_lets_the_fiction_happen(driver):
    case = _start(driver, "simplified_procedure", housing_project=True)
    driver.complete_check(case)
    driver.complete(case, *MUNICIPAL_TASK, consent_granted=True)
    driver.pass_time(days=93)
    assert driver.status(case) == "58"


def test_no_consent_inside_a_qualified_development_plan(driver):
    case = _start(driver, project={"planning_area": "qualified_plan"})
    driver.complete_check(case)
    assert driver.open_elements(case) == ["ut_substantive_review"]
    assert _municipal_reviews(driver, case) == []
    [need] = driver.audit(case, "municipal_consent_need")
    assert need.after["required"] is False and "§ 30 Abs. 1 BauGB" in need.after["reasons"][0]


def test_requested_exemption_needs_consent_inside_a_plan(driver):
    case = _start(
        driver, project={"planning_area": "qualified_plan", "exemptions": ["Baugrenze um 1 m überschritten"]}
    )
    driver.complete_check(case)
    assert driver.open_elements(case) == ["ut_municipal_consent"]
    [need] = driver.audit(case, "municipal_consent_need")
    assert need.after["reasons"] == ["Befreiung oder Ausnahme beantragt (§ 31 BauGB)"]


@pytest.mark.parametrize(
    ("area", "asked"),
    [("inner_area", True), ("outer_area", True), ("plan_in_preparation", True), ("simple_plan", True)],
)
def test_consent_in_the_cases_of_sections_33_to_35(driver, area, asked):
    case = _start(driver, project={"planning_area": area})
    driver.complete_check(case)
    assert ("ut_municipal_consent" in driver.open_elements(case)) is asked


def test_geometry_check_finds_a_plan_fixing_the_use(driver):
    case = _start(driver, geometry={"zone_type": "WA", "agencies": []})
    driver.complete_check(case)
    assert _municipal_reviews(driver, case) == []


def test_geometry_check_outside_every_plan_needs_consent(driver):
    reason = "Kein Bebauungsplan: Zulässigkeit nach §§ 34, 35 BauGB, Einvernehmen der Gemeinde"
    agencies = [{"agency_type": "municipality", "rule_id": "plan:outside_plan", "reason": reason}]
    case = _start(driver, project={"planning_area": "qualified_plan"}, geometry={"agencies": agencies})
    driver.complete_check(case)  # the computed check outweighs the application's statement
    assert driver.open_elements(case) == ["ut_municipal_consent"]


def test_without_facts_consent_is_asked(driver):
    case = _start(driver)
    driver.complete_check(case)
    [need] = driver.audit(case, "municipal_consent_need")
    assert need.after["required"] is True and "nicht festgestellt" in need.after["reasons"][0]


def _hannover_municipality(driver):
    hannover = AuthorityFactory(
        code="gemeinde-hannover",
        name="Landeshauptstadt Hannover – Stadtplanung",
        kind=AuthorityKind.MUNICIPALITY,
        agency_type="municipality",
        municipality_key="03241001",
        cadastral_districts=["Döhren", "Kirchrode"],
    )
    driver.users["hannover_user"] = UserFactory(
        username="hannover_user", role=Role.AGENCY, authority=hannover
    )
    wedemark = driver.users["municipality_user"].authority
    wedemark.municipality_key, wedemark.cadastral_districts = "03241021", ["Bissendorf", "Mellendorf"]
    db.session.commit()
    return hannover


def test_consent_is_asked_from_the_municipality_of_the_plot(driver):
    _hannover_municipality(driver)
    case = _start(driver)  # plot in Gemarkung Döhren
    driver.complete_check(case)
    [review] = _municipal_reviews(driver, case)
    assert review.authority.code == "gemeinde-hannover"
    assert driver.task(case, "ut_municipal_consent").candidate_group == "authority:gemeinde-hannover"
    [need] = driver.audit(case, "municipal_consent_need")
    assert need.after["found_by"] == "Gemarkung Döhren"


def test_municipality_by_its_official_key(driver):
    _hannover_municipality(driver)
    case = _start(driver, plot={"gemarkung": "Wennebostel", "municipality_key": "03241021"})
    driver.complete_check(case)
    [review] = _municipal_reviews(driver, case)
    assert review.authority.code == "municipality"  # Wedemark


def test_plot_in_no_known_municipality_is_refused(driver):
    _hannover_municipality(driver)
    case = _start(driver, plot={"gemarkung": "Wennebostel"})
    with pytest.raises(ProcessError, match="Gemarkung Wennebostel"):
        driver.complete_check(case)
    assert driver.open_elements(case) == ["ut_completeness_check"]


def _municipal_review(driver, case):
    [review] = _municipal_reviews(driver, case)
    return review


def test_municipal_consent_through_the_api_is_stored_as_consent(driver):
    case = _start(driver)
    driver.complete_check(case)
    review = _municipal_review(driver, case)
    statement, created = submit_statement(
        review.public_id, StatementInput(verdict="consent"), driver.actor("municipality_user")
    )
    assert created and statement.verdict == Verdict.CONSENT
    assert "ut_municipal_consent" not in driver.open_elements(case)


def test_municipal_refusal_through_the_api_is_stored_as_objection(driver):
    case = _start(driver)
    driver.complete_check(case)
    review = _municipal_review(driver, case)
    statement, _ = submit_statement(
        review.public_id,
        StatementInput(verdict="objection", text="Außenbereich"),
        driver.actor("municipality_user"),
    )
    assert statement.verdict == Verdict.OBJECTION and statement.text == "Außenbereich"


def test_municipal_consent_has_no_conditions(driver):
    case = _start(driver)
    driver.complete_check(case)
    review = _municipal_review(driver, case)
    conditions = ({"type": "2", "text": "Dachbegrünung"},)
    with pytest.raises(InvalidInput, match="Nebenbestimmungen sind nicht möglich"):
        submit_statement(
            review.public_id,
            StatementInput(verdict="consent_with_conditions", conditions=conditions),
            driver.actor("municipality_user"),
        )
    assert "ut_municipal_consent" in driver.open_elements(case)
