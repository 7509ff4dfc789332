"""Every document a procedure asks for renders in the worker: receipt to fee notice, and deemed approval.
What a document announces (deficiencies, decision, fee) is recorded on the case by its own step before it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from permits.core.jobs import run_next_job
from permits.core.runtime import local_today
from permits.engine.types import ServiceCall
from permits.extensions import db
from permits.models import Case, IssuedDocument, Job, JobStatus
from permits.tasks.case_facts import record_decision
from permits.tasks.documents import issue_document


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
    assert _kinds(case) == ["receipt", "deemed_approval_certificate", "fee_notice"]


def _job_arguments(case: Case, kind: str) -> list[dict[str, Any]]:
    jobs = db.session.scalars(select(Job).filter_by(kind="render_document").order_by(Job.id))
    wanted = (case.id, kind)
    return [j.payload["arguments"] for j in jobs if (j.payload["case_id"], j.payload["kind"]) == wanted]


def test_procedure_records_deficiencies_decision_and_fee_as_its_documents_print_them(driver):
    case = driver.start(
        "full_procedure", construction_value=400000, building_class=3, municipality_is_authority=True
    )
    driver.complete(
        case, "ut_completeness_check", "officer", complete=False, findings="- Lageplan fehlt\nStatik fehlt"
    )
    [notice] = _job_arguments(case, "deficiency_notice")
    assert case.details["completeness"] == {
        "complete": False,
        "findings": ["Lageplan fehlt", "Statik fehlt"],
        "due_on": notice["due_on"],
    }
    assert notice["findings"] == case.details["completeness"]["findings"]
    driver.complete(case, "ut_resubmission", "architect", resubmission_note="Nachgereicht")
    driver.complete_check(case)
    driver.approve(
        case,
        decision_reasons="Zulässig nach § 34 BauGB.\n\nDie Abstandsflächen sind eingehalten.",
        provisions=[
            {"type": "2", "legal_area": "Brandschutz", "text": "Die Feuerwehrzufahrt ist freizuhalten."}
        ],
    )
    decision = case.details["decision"]
    [permit] = _job_arguments(case, "approval")
    assert decision == {
        "approved": True,
        "conditions": permit["conditions"],
        "reasons": ["Zulässig nach § 34 BauGB.", "Die Abstandsflächen sind eingehalten."],
        "deviations": permit["deviations"],
        "decided_on": local_today().isoformat(),
    }
    assert decision["deviations"] == []  # no deviation was requested
    assert permit["reasons"] == decision["reasons"]
    assert [c["text"] for c in decision["conditions"]] == ["Die Feuerwehrzufahrt ist freizuhalten."]
    [fee_notice] = _job_arguments(case, "fee_notice")
    fee = case.details["fee"]
    assert {key: fee[key] for key in ("description", "amount_cents", "legal_basis")} == fee_notice["items"][0]
    assert (fee["due_on"], fee["payment_reference"]) == (
        fee_notice["due_on"],
        f"{case.file_reference}-GEB",
    )


def _call(case: Case, operation: str, **params: Any) -> ServiceCall:
    return ServiceCall(
        operation=operation,
        element_id=f"st_{operation}",
        task_id=f"task-{operation}",
        params=params,
        data={"received_on": "2026-03-02"},
        context={"case_id": case.id, "actor": "system:test"},
    )


def test_issuing_a_decision_records_nothing_recording_it_is_its_own_step(driver):
    case = driver.start(
        "full_procedure", construction_value=400000, building_class=3, municipality_is_authority=True
    )
    draft = {
        "decision": "rejection",
        "reasons": "Die Baugrenze ist überschritten.",
        "provisions": [],
        "agency_conditions": [{"type": "2", "legal_area": "Brandschutz", "text": "Zufahrt freihalten"}],
    }
    before = dict(case.details)
    queued = issue_document(_call(case, "issue_document", kind="rejection", arguments=draft))
    assert queued == {"kind": "rejection", "request_id": f"{case.id}:task-issue_document"}
    assert case.details == before
    assert _job_arguments(case, "rejection")[0]["reasons"] == ["Die Baugrenze ist überschritten."]
    record_decision(_call(case, "record_decision", draft=draft))
    assert case.details == {
        **before,
        "decision": {
            "approved": False,
            "conditions": [],  # a refusal has none, whatever the agencies asked for
            "reasons": ["Die Baugrenze ist überschritten."],
            "deviations": [],  # nor does it rule on single deviations
            "decided_on": local_today().isoformat(),
        },
    }
