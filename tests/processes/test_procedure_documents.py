"""Every document a procedure asks for renders in the worker: receipt to fee notice, and deemed approval."""

from __future__ import annotations

from sqlalchemy import select

from permits.core.jobs import run_next_job
from permits.extensions import db
from permits.models import IssuedDocument, Job, JobStatus


def _render_all() -> list[Job]:
    while run_next_job("test-worker"):
        pass
    return list(db.session.scalars(select(Job).order_by(Job.id)))


def _kinds(case) -> list[str]:
    query = select(IssuedDocument.kind).where(IssuedDocument.case_id == case.id).order_by(IssuedDocument.id)
    return list(db.session.scalars(query))


def test_full_procedure_documents_render(driver):
    case = driver.start(
        "full_procedure", construction_value=400000, building_class=3, municipality_is_authority=True
    )
    driver.complete(
        case, "ut_completeness_check", "officer", complete=False, findings="Lageplan fehlt\nStatik fehlt"
    )
    driver.complete(case, "ut_resubmission", "architect", resubmission_note="Nachgereicht")
    driver.complete_check(case, involve_fire=True)
    driver.statement(
        case,
        "fire",
        statement_verdict="consent_with_conditions",
        legal_area="Brandschutz",
        condition_type="2",
        condition_text="Feuerwehrzufahrt freihalten",
    )
    driver.approve(case)
    jobs = _render_all()
    failed = [(j.payload["kind"], j.last_error) for j in jobs if j.status != JobStatus.DONE]
    assert failed == []
    assert _kinds(case) == ["receipt", "deficiency_notice", "participation_request", "approval", "fee_notice"]
    approval = db.session.scalars(select(IssuedDocument).filter_by(case_id=case.id, kind="approval")).one()
    assert approval.content.startswith(b"%PDF") and approval.sha256


def test_hearing_and_rejection_documents_render(driver):
    case = driver.start(
        "full_procedure", construction_value=400000, building_class=3, municipality_is_authority=True
    )
    driver.complete_check(case)
    driver.complete(
        case,
        "ut_substantive_review",
        "officer",
        intended_decision="rejection",
        review_notes="Das Vorhaben überschreitet die Baugrenze.",
    )
    driver.complete(case, "ut_hearing_reply", "architect", hearing_reply="Wir sehen das anders.")
    driver.complete(
        case, "ut_decision", "officer", decision="rejection", decision_reasons="Baugrenze überschritten."
    )
    driver.complete(case, "ut_sign_off", "officer2", sign_off_approved=True)
    jobs = _render_all()
    assert [(j.payload["kind"], j.last_error) for j in jobs if j.status != JobStatus.DONE] == []
    assert "hearing_notice" in _kinds(case) and "rejection" in _kinds(case)


def test_deemed_approval_certificate_renders(driver):
    case = driver.start(
        "simplified_procedure",
        construction_value=350000,
        building_class=1,
        housing_project=True,
        municipality_is_authority=True,
    )
    driver.complete_check(case)
    driver.pass_time(days=93)
    assert driver.status(case) == "58"
    jobs = _render_all()
    assert [(j.payload["kind"], j.last_error) for j in jobs if j.status != JobStatus.DONE] == []
    assert _kinds(case) == ["receipt", "deemed_approval_certificate"]
