"""Fees: gebuehren.dmn picks rate and minimum, compute_fee computes cents."""

from __future__ import annotations

from decimal import Decimal

import pytest

from permits.extensions import db
from permits.models import Job
from permits.tasks.fees import fee_cents


def _fee(driver, process_id, value, building_class, **review):
    case = driver.start(
        process_id, construction_value=value, building_class=building_class, municipality_is_authority=True
    )
    driver.complete_check(case)
    driver.complete(case, "ut_substantive_review", "officer", intended_decision="approval", **review)
    driver.complete(case, "ut_decision", "officer", decision="approval", decision_reasons="Zulässig")
    driver.complete(case, "ut_sign_off", "officer2", sign_off_approved=True)
    jobs = [j for j in db.session.query(Job).order_by(Job.id) if j.payload.get("kind") == "fee_notice"]
    return jobs[-1].payload["arguments"]


@pytest.mark.parametrize(
    ("process_id", "value", "building_class", "cents", "rate"),
    [
        ("full_procedure", 400000, 3, 400000_00, "10"),  # 10 ‰ of 400 000 € = 4 000 €
        ("full_procedure", 6000000, 5, 48000_00, "8"),  # large value
        ("full_procedure", 400000, 4, 480000, "12"),
        ("full_procedure", 1000, 1, 150_00, "10"),  # minimum fee
        ("simplified_procedure", 250000, 2, 1500_00, "6"),
        ("simplified_procedure", 250000, 5, 1750_00, "7"),
    ],
)
def test_fee_by_procedure_value_and_class(driver, process_id, value, building_class, cents, rate):
    fee = _fee(driver, process_id, value, building_class)
    (item,) = fee["items"]
    assert f"{rate} ‰ des Rohbauwerts" in item["description"]
    assert item["amount_cents"] == (cents if cents != 400000_00 else 4000_00)
    assert item["legal_basis"].startswith("BauGO")
    assert fee["due_on"] == "2026-04-02"


def test_checked_construction_value_overrides_the_application(driver):
    fee = _fee(driver, "full_procedure", 400000, 3, construction_value_checked=500000.0)
    (item,) = fee["items"]
    assert item["amount_cents"] == 5000_00 and "500000.00 €" in item["description"]


def test_fee_rounding():
    assert fee_cents(Decimal("123456.78"), Decimal("6"), Decimal("100")) == 74074
    assert fee_cents(Decimal("0"), Decimal("10"), Decimal("150")) == 15000
