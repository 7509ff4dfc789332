"""A document with an XBau counterpart carries it: the message is built and stored when the document is
requested, names the PDF before it exists, and the rendered PDF/A-3 embeds exactly the stored bytes."""

from __future__ import annotations

import pytest
from flask import Flask
from lxml import etree
from sqlalchemy import select

from permits.documents import render_document_job, request_document, spec
from permits.extensions import db
from permits.models import Authority, Case, Job, ReviewRequest, XbauMessage
from permits.xbau import outbound_messages
from permits.xbau import reading as r
from tests.conftest import needs_xbau
from tests.documents.document_helpers import make_case, pdf_reader, stored_documents
from tests.factories import ReviewRequestFactory, hannover_authorities

pytestmark = needs_xbau

DECISION = {
    "approved": True,
    "conditions": [{"type": "1", "legal_area": "Bauordnungsrecht", "text": "Standsicherheitsnachweis"}],
    "reasons": ["Das Vorhaben entspricht dem öffentlichen Baurecht."],
    "decided_on": "2026-03-02",
}
PROCESS = {"received_on": "2026-01-12"}


@pytest.fixture
def case(app: Flask) -> Case:
    case = make_case()
    case.details = {**(case.details or {}), "decision": DECISION}
    db.session.add(case)
    db.session.commit()
    return case


def _request(case: Case, kind: str, request_id: str, given: dict | None = None) -> Job:
    job = request_document(case, kind, given or {}, PROCESS, "system:test", request_id)
    db.session.commit()
    return job


def _render(job: Job) -> None:
    render_document_job(dict(job.payload))
    db.session.commit()


def _messages(case: Case) -> list[XbauMessage]:
    return list(db.session.scalars(select(XbauMessage).filter_by(case_id=case.id).order_by(XbauMessage.id)))


def test_the_decision_pdf_embeds_the_0205_that_names_it(case: Case) -> None:
    job = _request(case, "approval", f"{case.id}:task-1")

    (message,) = _messages(case)
    assert (message.message_type, message.subject, message.valid) == (
        "0205",
        f"document:{case.id}:task-1",
        True,
    )
    _render(job)
    (document,) = stored_documents(case.id)
    reader = pdf_reader(document.content)
    assert reader.attachments == {"baugenehmigung.bescheid.0205.xml": [message.xml]}
    relationships = {f.get_object()["/AFRelationship"] for f in reader.trailer["/Root"]["/AF"]}
    assert relationships == {"/Alternative"}
    assert document.xbau_attachment_name == "baugenehmigung.bescheid.0205.xml"
    # the message was written before the PDF, yet names it exactly
    (anlage,) = r.attachments(r.find(etree.fromstring(message.xml), "x:anlagen"))
    assert (anlage.title, anlage.file_name) == (document.title, document.filename)
    assert anlage.dated.isoformat() == job.payload["arguments"]["issued_on"]
    assert anlage.document_id == outbound_messages.pdf_document_id(document.request_id or "")
    assert anlage.attachment_type == spec("approval").anlage.value


def test_a_twin_is_built_once_per_request_and_a_new_request_gets_its_own(case: Case) -> None:
    first = _request(case, "approval", f"{case.id}:task-1")
    again = _request(case, "approval", f"{case.id}:task-1")  # the same step, retried
    other = _request(case, "approval", f"{case.id}:task-2")  # a later decision document

    messages = _messages(case)
    assert len(messages) == 2
    assert first.payload["attachment"] == again.payload["attachment"]
    assert first.payload["attachment"] != other.payload["attachment"]
    # what the portal fetches is the latest decision's message
    assert outbound_messages.current_decision(case).id == messages[-1].id


def test_a_letter_to_an_agency_without_dvdv_address_goes_without_twin(case: Case) -> None:
    authority: Authority = hannover_authorities()["fire"]
    authority.dvdv_address = None
    review: ReviewRequest = ReviewRequestFactory(case=case, authority=authority)
    db.session.commit()
    given = {"agency": authority.code, "review_request_id": review.id, "due_on": "2099-01-31"}

    job = _request(case, "participation_request", f"{case.id}:task-3", given)

    assert job.payload["attachment"] is None
    assert [m.message_type for m in _messages(case)] == []


def test_a_participation_letter_embeds_the_0300_to_its_agency(case: Case) -> None:
    case.details = {**case.details, "plot": {"gemarkung": "Linden", "flur": "4", "zaehler": "112"}}
    authority: Authority = hannover_authorities()["fire"]
    review: ReviewRequest = ReviewRequestFactory(case=case, authority=authority)
    db.session.commit()
    given = {"agency": authority.code, "review_request_id": review.id, "due_on": "2099-01-31"}

    job = _request(case, "participation_request", f"{case.id}:task-4", given)
    _render(job)

    (message,) = _messages(case)
    assert (message.message_type, message.review_request_id, message.reader) == (
        "0300",
        review.id,
        authority.dvdv_address,
    )
    (document,) = stored_documents(case.id)
    reader = pdf_reader(document.content)
    assert reader.attachments == {"beteiligung.aufforderung.0300.xml": [message.xml]}
    relationships = {f.get_object()["/AFRelationship"] for f in reader.trailer["/Root"]["/AF"]}
    assert relationships == {"/Data"}
