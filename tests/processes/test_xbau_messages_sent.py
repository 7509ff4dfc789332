"""What a procedure sends over XBau: one 1170 per status change, and every document with its XBau twin."""

from __future__ import annotations

import base64
from uuid import UUID

from lxml import etree
from sqlalchemy import select

from permits.extensions import db
from permits.models import Case, Job, MessageDirection, XbauMessage
from permits.xbau import outbound_messages, outbound_status
from permits.xbau import reading as r
from tests.conftest import needs_xbau

pytestmark = needs_xbau


def _sent(case: Case, message_type: str | None = None) -> list[XbauMessage]:
    query = select(XbauMessage).where(
        XbauMessage.case_id == case.id, XbauMessage.direction == MessageDirection.OUTBOUND
    )
    if message_type is not None:
        query = query.where(XbauMessage.message_type == message_type)
    return list(db.session.scalars(query.order_by(XbauMessage.id)))


def _run_full_procedure(driver) -> Case:
    case = driver.start("full_procedure", construction_value=400000, building_class=3)
    driver.complete_check(case, involve_fire=True)
    driver.statement(case, "fire", statement_verdict="consent", legal_area="Brandschutz")
    driver.complete(
        case, "ut_municipal_consent", "municipality_user", "authority:municipality", consent_granted=True
    )
    driver.approve(case)
    return db.session.get_one(Case, case.id)


def test_every_status_change_sends_one_1170_to_the_portal(driver):
    case = _run_full_procedure(driver)

    statuses = driver.statuses(case)
    sent = _sent(case, "1170")
    assert len(statuses) >= 5
    codes = [r.txt(etree.fromstring(m.xml), "statusAntragsportal/code") for m in sent]
    assert codes == statuses
    assert all(m.valid and m.validation_errors == [] for m in sent)
    assert len({m.message_uuid for m in sent}) == len(sent)
    status_entries = [e.id for e in driver.audit(case, "status_changed")]
    assert [m.subject for m in sent] == [
        f"status:{c}:{e}" for c, e in zip(codes, status_entries, strict=True)
    ]
    for message in sent:  # an API-submitted case: its own reference, the configured portal
        root = etree.fromstring(message.xml)
        assert r.uuid(root, "bezug/referenz") == UUID(case.public_id)
        assert r.txt(root, "bezug/vorgang") == case.file_reference
        assert r.header(root).reader.id == message.reader == "bap:03000000"
    # what the portal fetches as the current status is the last one sent, not a new message
    assert outbound_status.current_status(case).id == sent[-1].id


def test_each_issued_document_carries_the_message_sent_with_it(driver):
    case = _run_full_procedure(driver)

    jobs = [
        j
        for j in db.session.scalars(select(Job).filter_by(kind="render_document").order_by(Job.id))
        if j.payload["case_id"] == case.id
    ]
    twins = {
        "participation_request": "0300",
        "approval": "0205",
        "fee_notice": "1160",
    }
    assert {j.payload["kind"] for j in jobs} >= {"receipt", *twins}
    for job in jobs:
        attachment = job.payload.get("attachment")
        if job.payload["kind"] not in twins:
            assert attachment is None, job.payload["kind"]
            continue
        (message,) = [m for m in _sent(case) if m.subject == f"document:{job.payload['request_id']}"]
        assert message.message_type == twins[job.payload["kind"]] and message.valid
        assert base64.b64decode(attachment["content_base64"]) == message.xml
        assert attachment["name"] == f"{etree.QName(etree.fromstring(message.xml)).localname}.xml"
        # the message names the PDF by the id and file name fixed before it was rendered
        (anlage,) = r.attachments(
            r.find(etree.fromstring(message.xml), "x:anlagen")
            if message.message_type != "1160"
            else r.find(etree.fromstring(message.xml), "gebuehrenbescheid/anlage")
        )
        assert anlage.document_id == outbound_messages.pdf_document_id(job.payload["request_id"])
        assert anlage.dated.isoformat() == job.payload["arguments"]["issued_on"]
    # one 0300 per agency asked, each addressed to the agency's DVDV address
    requests = _sent(case, "0300")
    assert {m.reader for m in requests} == {
        review.authority.dvdv_address for review in driver.reviews(case).values()
    }
    assert all(m.review_request_id is not None for m in requests)
