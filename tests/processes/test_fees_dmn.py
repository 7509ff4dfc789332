"""Fees: gebuehren.dmn picks the tariff, the rule table holds its rates, compute_fee computes cents."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from permits.core import rules
from permits.extensions import db
from permits.models import Job


def _fee_notices():
    return [
        j.payload["arguments"]
        for j in db.session.query(Job).order_by(Job.id)
        if j.payload.get("kind") == "fee_notice"
    ]


def _fee(driver, process_id, value, building_class, **review):
    case = driver.start(
        process_id, construction_value=value, building_class=building_class, municipality_is_authority=True
    )
    driver.complete_check(case)
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="approval", **review)
    driver.complete(case, "ut_decision", "officer", decision="approval", decision_reasons="Zulässig")
    driver.complete(case, "ut_sign_off", "officer2", sign_off_approved=True)
    return _fee_notices()[-1]


@pytest.mark.parametrize(
    ("process_id", "value", "building_class", "cents", "basis"),
    [
        ("full_procedure", 400000, 3, 4000_00, "Nr. 1.1 Anlage 1 BauGO"),  # 10 ‰ of 400 000 €
        # 12 ‰ of the first 5 million, 8 ‰ of the sixth: 60 000 + 8 000 €
        ("full_procedure", 6000000, 5, 68000_00, "Nr. 1.1 Anlage 1 BauGO"),
        ("full_procedure", 400000, 4, 4800_00, "Nr. 1.1 Anlage 1 BauGO"),
        ("full_procedure", 1000, 1, 150_00, "Nr. 1.1 Anlage 1 BauGO"),  # minimum fee
        ("simplified_procedure", 250000, 2, 1500_00, "Nr. 1.2 Anlage 1 BauGO"),
        ("simplified_procedure", 250000, 5, 1750_00, "Nr. 1.2 Anlage 1 BauGO"),
    ],
)
def test_fee_by_procedure_value_and_class(driver, process_id, value, building_class, cents, basis):
    fee = _fee(driver, process_id, value, building_class)
    (item,) = fee["items"]
    assert item["amount_cents"] == cents
    assert item["legal_basis"] == basis  # the rule table's reference, no "(Platzhalter)"
    assert "Platzhalter" not in item["description"] and "‰" in item["description"]
    assert fee["due_on"] == "2026-04-02"  # payment period: one month from 2 March


def test_fee_description_in_german_notation(driver):
    fee = _fee(driver, "full_procedure", 6000000, 5)
    (item,) = fee["items"]
    assert item["description"] == (
        "Gebühr für die Baugenehmigung: 12 ‰ bis 5.000.000,00\u00a0€, 8 ‰ darüber des Rohbauwerts von "
        "6.000.000,00\u00a0€, mindestens 300,00\u00a0€"
    )


def test_checked_construction_value_overrides_the_application(driver):
    fee = _fee(driver, "full_procedure", 400000, 3, construction_value_checked=500000.0)
    (item,) = fee["items"]
    assert item["amount_cents"] == 5000_00 and "500.000,00\u00a0€" in item["description"]


def test_fee_has_no_cliff_at_the_band_limit(app):
    """The old table charged 49 999,99 € for 4 999 999 € and 40 000 € for 5 000 000 €."""
    tariff = rules.tariff("permit_full_standard", date(2026, 3, 2))
    assert tariff.fee_cents(Decimal(4_999_999)) == 49_999_99
    assert tariff.fee_cents(Decimal(5_000_000)) == 50_000_00
    assert tariff.fee_cents(Decimal(5_000_001)) == 50_000_01  # 8 ‰ of the euro above the limit


def test_minimum_fee_boundary(app):
    tariff = rules.tariff("permit_full_standard", date(2026, 3, 2))
    assert tariff.fee_cents(Decimal(14_999)) == 150_00  # 149,99 € would be less than the minimum
    assert tariff.fee_cents(Decimal(15_000)) == 150_00
    assert tariff.fee_cents(Decimal(15_001)) == 150_01
    assert tariff.fee_cents(Decimal(0)) == 150_00


def test_fee_rounding(app):
    tariff = rules.tariff("permit_simplified_standard", date(2026, 3, 2))
    assert tariff.fee_cents(Decimal("123456.78")) == 74074  # 740,7407 € → 740,74 €


@pytest.mark.parametrize(
    "name", ["permit_full_standard", "permit_full_high_class", "permit_simplified_standard"]
)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    low=st.decimals(min_value=0, max_value=20_000_000, places=2),
    step=st.decimals(min_value=0, max_value=1_000_000, places=2),
)
def test_fee_never_falls_when_the_value_rises(app, name, low, step):
    tariff = rules.tariff(name, date(2026, 3, 2))
    assert tariff.fee_cents(low + step) >= tariff.fee_cents(low)


def _rejected(driver, value, building_class):
    case = driver.start(
        "full_procedure",
        construction_value=value,
        building_class=building_class,
        municipality_is_authority=True,
    )
    driver.complete_check(case)
    driver.complete(
        case, "ut_substantive_review", "officer", intended_decision="rejection", review_notes="Baugrenze"
    )
    driver.complete(case, "ut_hearing_reply", "architect", hearing_reply="Keine Einwände")
    driver.complete(case, "ut_decision", "officer", decision="rejection", decision_reasons="§ 23 BauNVO")
    driver.complete(case, "ut_sign_off", "officer2", sign_off_approved=True)
    return case


def test_refusal_is_charged_the_reduced_fee_of_the_rule_table(driver):
    case = _rejected(driver, 400000, 3)
    assert driver.status(case) == "06"
    (item,) = _fee_notices()[-1]["items"]
    assert item["amount_cents"] == 2000_00  # half of the 4 000 € permit fee [verify fraction]
    assert item["description"].startswith("Gebühr für die Ablehnung des Bauantrags: 50 % der Gebühr")
    assert item["legal_basis"] == "§ 11 Abs. 2 NVwKostG i. V. m. Nr. 1.1 Anlage 1 BauGO"
    assert case.details["fee"]["amount_cents"] == 2000_00


def test_reductions_boundary_rounding(app):
    refusal = rules.reduction("refusal", date(2026, 3, 2))
    withdrawal = rules.reduction("deemed_withdrawal", date(2026, 3, 2))
    assert (refusal.apply(150_01), refusal.apply(150_00), refusal.apply(149_99)) == (75_01, 75_00, 75_00)
    assert (withdrawal.apply(4000_00), withdrawal.apply(150_02)) == (1000_00, 37_51)


def test_deemed_approval_is_charged_the_permit_fee(driver):
    case = driver.start(
        "simplified_procedure",
        construction_value=250000,
        building_class=2,
        housing_project=True,
        municipality_is_authority=True,
    )
    driver.complete_check(case)
    driver.pass_time(days=93)
    assert driver.status(case) == "58"
    (item,) = _fee_notices()[-1]["items"]
    assert item["amount_cents"] == 1500_00  # 6 ‰ of 250 000 €, as for a permit
    assert item["description"].startswith("Gebühr für die Baugenehmigung (Genehmigungsfiktion): 6 ‰")
    assert item["legal_basis"].endswith("Nr. 1.2 Anlage 1 BauGO")
