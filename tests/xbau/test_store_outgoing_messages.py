"""Outgoing messages are stored once and served as stored; replies go to the portal the application came
from, quoting its reference; an invalid message is kept for the log but never handed out."""

from __future__ import annotations

from uuid import UUID

import pytest
from flask import Flask
from lxml import etree
from sqlalchemy import func, select

from permits.codelists import PortalStatus
from permits.errors import InvalidInput
from permits.extensions import db
from permits.models import Case, MessageDirection, XbauMessage
from permits.xbau import outbound, outbound_status
from permits.xbau import reading as r
from permits.xbau.correlation import correspondence
from permits.xbau.outbound_project import project_data
from tests.factories import CaseFactory, XbauMessageFactory
from tests.xbau.conftest import SAMPLE_0200

PORTAL_REFERENCE = "9b2f6d0e-1a7c-4e8b-b3d5-6c0f4a2e8d11"  # referenzAntragsservice of the sample


@pytest.fixture
def case(app: Flask) -> Case:
    case = CaseFactory(status=PortalStatus.RECEIPT)
    db.session.commit()
    return case


def _outgoing(case: Case) -> int:
    query = select(func.count()).select_from(XbauMessage).where(XbauMessage.case_id == case.id)
    return int(db.session.scalar(query.where(XbauMessage.direction == MessageDirection.OUTBOUND)) or 0)


def _received_0200(case: Case, author: str = "bap:03459999") -> XbauMessage:
    """The sample 0200 as the importer stores it, from `author`."""
    xml = SAMPLE_0200.read_bytes().replace(
        b"<kennung>bap:05000000</kennung>", f"<kennung>{author}</kennung>".encode()
    )
    message = XbauMessageFactory(
        case=case,
        direction=MessageDirection.INBOUND,
        message_type="0200",
        portal_reference=PORTAL_REFERENCE,
        author=author,
        reader="bab:03241001",
        is_test=True,
        xml=xml,
    )
    db.session.commit()
    return message


def test_a_message_is_built_once_and_then_served_as_stored(case: Case) -> None:
    first = outbound_status.current_status(case)
    again = outbound_status.current_status(case)

    assert again.id == first.id and again.xml == first.xml and _outgoing(case) == 1
    assert (
        first.sha256
        and first.valid
        and first.message_uuid == str(r.header(etree.fromstring(first.xml)).message_id)
    )


def test_a_new_status_gets_a_new_message_and_the_old_one_stays(case: Case) -> None:
    received = outbound_status.current_status(case)
    case.status = PortalStatus.DOCUMENTS_COMPLETE
    changed = outbound_status.current_status(case)

    assert changed.id != received.id and _outgoing(case) == 2
    assert r.txt(etree.fromstring(changed.xml), "statusAntragsportal/code") == "18"
    assert db.session.get_one(XbauMessage, received.id).xml == received.xml


def test_an_api_submitted_case_quotes_its_own_reference_to_the_configured_portal(case: Case) -> None:
    sent = outbound_status.current_status(case)

    root = etree.fromstring(sent.xml)
    assert r.uuid(root, "bezug/referenz") == UUID(case.public_id) == UUID(sent.portal_reference)
    assert r.header(root).reader.id == sent.reader == "bap:03000000"
    assert root.get("test") is None


def test_replies_go_to_the_author_of_the_application_and_quote_its_reference(case: Case) -> None:
    _received_0200(case)

    sent = outbound_status.current_status(case)

    root = etree.fromstring(sent.xml)
    assert r.uuid(root, "bezug/referenz") == UUID(PORTAL_REFERENCE) != UUID(case.public_id)
    head = r.header(root)
    assert (head.reader.id, sent.reader, sent.portal_reference) == (
        "bap:03459999",
        "bap:03459999",
        PORTAL_REFERENCE,
    )
    assert head.test is True and sent.is_test  # a test application gets test replies


def test_the_reference_noted_on_the_case_is_used_when_the_message_is_not_linked(case: Case) -> None:
    case.details = {
        **case.details,
        "xbau": {"portal_reference": PORTAL_REFERENCE, "author": {"id": "bap:03459998", "name": "Portal"}},
    }

    noted = correspondence(case)

    assert (noted.reference, noted.portal.id, noted.test) == (UUID(PORTAL_REFERENCE), "bap:03459998", False)


def test_an_invalid_message_is_kept_with_its_errors_but_never_served(app: Flask) -> None:
    case = CaseFactory(status=PortalStatus.RECEIPT, file_reference="BA-2026-\U0001f3e0")  # not DIN 91379
    db.session.commit()

    stored = outbound_status.current_status(case)

    assert not stored.valid and stored.xml.startswith(b"<?xml")
    (error, *_) = stored.validation_errors
    assert error["line"] > 0 and "vorgang" in error["message"]
    with pytest.raises(InvalidInput, match=r"XBau-2\.6-Schema"):
        outbound.require_valid(stored)


def test_the_project_of_an_api_submitted_case_names_the_designer_as_a_person(case: Case) -> None:
    project = project_data(case)

    assert project.designer is not None
    person = project.designer.party
    assert (getattr(person, "given_name", None), getattr(person, "family_name", None)) == (
        "Anna",
        "Architektin",
    )
    assert [p.parcel_numerator for p in project.parcels] == ["85"] and project.measure_types == ("11",)
    assert project_data(case).designer == project.designer  # the same Akteur id every time
