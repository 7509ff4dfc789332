"""The render_document job: payload from the BPMN step or a frozen view-model; idempotent on retry."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from permits.core.jobs import job_handlers, run_next_job
from permits.documents import XmlAttachment, enqueue_render, render_document_job, warm_up
from permits.errors import InvalidInput
from permits.extensions import db
from permits.models import Case, Job, JobStatus
from tests.documents.document_helpers import build_example, make_case, pdf_reader, pdf_text, stored_documents
from tests.documents.examples import example_details


@pytest.fixture
def case(app: Flask) -> Case:
    case = make_case(example_details())
    db.session.add(case)
    db.session.commit()
    return case


def test_handler_is_registered() -> None:
    assert job_handlers["render_document"] is render_document_job


def test_enqueued_render_runs_once_even_when_retried(case: Case) -> None:
    attachment = XmlAttachment(name="xbau-1120.xml", content=b"<eingangsbestaetigung/>")
    receipt = build_example("receipt")
    enqueue_render(
        case.id,
        "receipt",
        receipt,
        "user:schaefer",
        attachment=attachment,
        request_id="req-1",
    )
    db.session.commit()
    assert run_next_job("worker-1")
    job = db.session.scalars(select(Job)).one()
    assert job.status == JobStatus.DONE, job.last_error

    render_document_job(dict(job.payload))  # a retry after a lost lease
    db.session.commit()
    documents = stored_documents(case.id)
    assert len(documents) == 1
    assert documents[0].request_id == "req-1"
    assert documents[0].xbau_attachment_name == "xbau-1120.xml"
    assert pdf_reader(documents[0].content).attachments == {"xbau-1120.xml": [b"<eingangsbestaetigung/>"]}


def _bpmn_payload(case: Case, arguments: dict[str, Any]) -> dict[str, Any]:
    """The payload permits.tasks.documents.issue_document enqueues."""
    return {
        "case_id": case.id,
        "kind": "deficiency_notice",
        "arguments": arguments,
        "request_id": f"{case.id}:task-uuid",
        "actor": "system:worker",
    }


def test_bpmn_payload_with_json_arguments_is_rendered(case: Case) -> None:
    arguments = {
        "findings": [{"document": "Lageplan", "text": "Maßstab fehlt."}, "Baubeschreibung unvollständig."],
        "due_on": "2026-04-01",
        "received_on": "2026-02-23",
        "issued_on": "2026-03-02",
    }
    payload = _bpmn_payload(case, arguments)
    render_document_job(payload)
    render_document_job(payload)
    db.session.commit()
    [document] = stored_documents(case.id)
    text = pdf_text(document.content)
    assert "Maßstab fehlt." in text
    assert "1. April 2026" in text
    assert "Bauaufsichtsbehörde" in text  # no user behind a system actor: the authority signs


def test_bpmn_payload_with_unknown_argument_fails_clearly(case: Case) -> None:
    payload = _bpmn_payload(
        case,
        {"findings": ["x"], "due_on": "2026-04-01", "received_on": "2026-02-23", "deadline": "2026-04-01"},
    )
    with pytest.raises(InvalidInput, match="deadline"):
        render_document_job(payload)


def test_payload_attachment_is_validated(case: Case) -> None:
    payload = {
        "request_id": "req-2",
        "case_id": case.id,
        "kind": "receipt",
        "actor": "user:a",
        "view_model": build_example("receipt").to_dict(),
        "attachment": {"name": "x.xml", "content_base64": base64.b64encode(b"not xml").decode()},
    }
    with pytest.raises(ValueError, match="well-formed"):
        render_document_job(payload)


def test_warm_up_runs_once_per_process() -> None:
    warm_up()
    assert warm_up() == 0.0
