"""Rules the procedure forms enforce before a step runs, with German messages next to the field: a
completeness check has an outcome, conditions name their kind, a four-eyes return names its reason, a
rejection carries no conditions, and euro amounts are read the German way."""

from __future__ import annotations

import pytest

from permits.errors import InvalidInput
from permits.extensions import db


def _case(driver, **data):
    return driver.start(
        "full_procedure",
        construction_value=600000,
        building_class=3,
        municipality_is_authority=True,
        **data,
    )


def _refused(driver, case, element_id, username, **data) -> dict[str, list[str]]:
    with pytest.raises(InvalidInput) as refused:
        driver.complete(case, element_id, username, **data)
    db.session.rollback()
    return refused.value.field_errors


def test_completeness_check_needs_complete_or_a_finding(driver):
    case = _case(driver)
    errors = _refused(driver, case, "ut_completeness_check", "officer")
    assert "fehlenden oder mangelhaften Unterlagen" in errors["findings"][0]
    errors = _refused(
        driver, case, "ut_completeness_check", "officer", complete=True, findings="Lageplan fehlt"
    )
    assert "Befund leeren" in errors["findings"][0]
    errors = _refused(driver, case, "ut_completeness_check", "officer", findings="   ")
    assert errors["findings"]
    assert driver.documents(case) == ["receipt"]  # no deficiency notice without content
    driver.complete(case, "ut_completeness_check", "officer", findings="Lageplan fehlt")
    assert driver.documents(case) == ["receipt", "deficiency_notice"]


def test_decision_condition_needs_a_type(driver):
    case = _case(driver)
    driver.complete_check(case)
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="approval")
    decision = {"decision": "approval", "decision_reasons": "Zulässig"}
    errors = _refused(
        driver,
        case,
        "ut_decision",
        "officer",
        **decision,
        provisions=[{"type": "2", "text": "Zufahrt freihalten"}, {"text": "Baumschutz beachten"}],
    )
    assert errors == {"provisions-1-type": ["Bitte die Art der Nebenbestimmung wählen."]}
    errors = _refused(driver, case, "ut_decision", "officer", **decision, provisions=[{"type": "2"}])
    assert errors == {"provisions-0-text": ["Bitte den Text der Nebenbestimmung angeben."]}
    assert driver.open_elements(case) == ["ut_decision"]


def test_statement_condition_needs_a_type(driver):
    case = _case(driver)
    driver.complete_check(case, involve_fire=True)
    with pytest.raises(InvalidInput) as refused:
        driver.statement(
            case, "fire", statement_verdict="consent_with_conditions", condition_text="Zufahrt freihalten"
        )
    db.session.rollback()
    assert refused.value.field_errors == {"condition_type": ["Bitte die Art der Nebenbestimmung wählen."]}
    assert driver.statements(case) == []


def test_rejection_carries_no_conditions(driver):
    case = _case(driver)
    driver.complete_check(case)
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="rejection")
    driver.complete(case, "ut_hearing_reply", "architect", hearing_reply="Bitte nicht.")
    errors = _refused(
        driver,
        case,
        "ut_decision",
        "officer",
        decision="rejection",
        decision_reasons="Unzulässig",
        provisions=[{"type": "2", "text": "Zufahrt freihalten"}],
    )
    assert errors == {"provisions-0-text": ["Eine Ablehnung hat keine Nebenbestimmungen."]}


def test_four_eyes_return_needs_a_reason(driver):
    case = _case(driver)
    driver.complete_check(case)
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="approval")
    driver.complete(case, "ut_decision", "officer", decision="approval", decision_reasons="Zulässig")
    errors = _refused(driver, case, "ut_sign_off", "officer2", sign_off_approved=False)
    assert errors == {"sign_off_comment": ["Bei einer Rückgabe bitte angeben, was zu ändern ist."]}
    errors = _refused(driver, case, "ut_sign_off", "officer2", sign_off_comment="  ")
    assert errors["sign_off_comment"]
    assert driver.open_elements(case) == ["ut_sign_off"]
    driver.complete(
        case, "ut_sign_off", "officer2", sign_off_approved=False, sign_off_comment="Hinweis fehlt"
    )
    assert driver.open_elements(case) == ["ut_decision"]


@pytest.mark.parametrize("typed", ["480000,50", "480.000,50"])
def test_checked_construction_value_is_read_the_german_way(driver, typed):
    case = _case(driver)
    driver.complete_check(case)
    driver.complete(
        case,
        "ut_substantive_review",
        "officer",
        intended_decision="approval",
        construction_value_checked=typed,
    )
    assert driver.audit(case, "task_completed")[-1].after["construction_value_checked"] == 480000.5


@pytest.mark.parametrize("typed", ["480,000", "480000.50", "1,234.50", "480 Tsd"])
def test_ambiguous_construction_value_is_refused(driver, typed):
    case = _case(driver)
    driver.complete_check(case)
    errors = _refused(
        driver,
        case,
        "ut_substantive_review",
        "officer",
        intended_decision="approval",
        construction_value_checked=typed,
    )
    assert "Dezimalkomma" in errors["construction_value_checked"][0]
