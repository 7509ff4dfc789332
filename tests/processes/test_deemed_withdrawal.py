"""Deemed withdrawal (§ 69 Abs. 2 NBauO): three weeks after the missed deficiency deadline the application
is deemed withdrawn; the applicant gets a letter saying so and a reduced fee notice."""

from __future__ import annotations

from sqlalchemy import select

from permits.core.jobs import run_next_job
from permits.extensions import db
from permits.models import IssuedDocument, Job, JobStatus


def _arguments(case, kind):
    jobs = db.session.scalars(select(Job).filter_by(kind="render_document").order_by(Job.id))
    return [
        j.payload["arguments"] for j in jobs if (j.payload["case_id"], j.payload["kind"]) == (case.id, kind)
    ]


def _withdrawn(driver):
    case = driver.start("full_procedure", construction_value=400000, building_class=3)
    driver.complete(
        case, "ut_completeness_check", "officer", complete=False, findings="Standsicherheitsnachweis fehlt"
    )  # last day Monday 30 March 2026; the grace period ends Monday 20 April
    driver.pass_time(weeks=4, days=1)
    return case


def test_deemed_withdrawal_sends_a_letter_to_the_applicant(driver):
    case = _withdrawn(driver)
    driver.pass_time(weeks=2, days=6, hours=12)  # Mon 20 April, 23:00 (CEST): the last day still runs
    assert driver.status(case) == "17"
    assert "deemed_withdrawal_notice" not in driver.documents(case)
    driver.pass_time(hours=2)  # Tuesday 21 April, 01:00: the period has passed, deemed withdrawn
    assert driver.status(case) == "12"
    assert driver.documents(case) == [
        "receipt",
        "deficiency_notice",
        "deemed_withdrawal_notice",
        "fee_notice",
    ]
    [letter] = _arguments(case, "deemed_withdrawal_notice")
    assert (letter["deficiency_due_on"], letter["withdrawn_on"]) == ("2026-03-30", "2026-04-20")
    assert letter["period"] == "drei Wochen" and letter["legal_basis"] == "§ 69 Abs. 2 Satz 3 NBauO"
    assert letter["findings"] == ["Standsicherheitsnachweis fehlt"]


def test_deemed_withdrawal_is_charged_the_reduced_fee(driver):
    case = _withdrawn(driver)
    driver.pass_time(weeks=3)
    [fee] = _arguments(case, "fee_notice")
    (item,) = fee["items"]
    assert item["amount_cents"] == 1000_00  # a quarter of the 4 000 € permit fee [verify fraction]
    assert item["description"].startswith("Gebühr für den als zurückgenommen geltenden Bauantrag: 25 %")
    assert item["legal_basis"] == "§ 11 Abs. 1 NVwKostG i. V. m. Nr. 1.1 Anlage 1 BauGO"
    assert case.details["fee"]["amount_cents"] == 1000_00


def test_deemed_withdrawal_letter_renders(driver):
    case = _withdrawn(driver)
    driver.pass_time(weeks=3)
    while run_next_job("test-worker"):
        pass
    jobs = db.session.scalars(select(Job).order_by(Job.id))
    assert [(j.payload.get("kind"), j.last_error) for j in jobs if j.status != JobStatus.DONE] == []
    kinds = set(db.session.scalars(select(IssuedDocument.kind).where(IssuedDocument.case_id == case.id)))
    assert {"deemed_withdrawal_notice", "fee_notice"} <= kinds
