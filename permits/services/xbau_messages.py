"""Use cases for the outgoing XBau messages a case's parties fetch, and the message log over the API.

Every message is stored once when first built (`permits.xbau.outbound`); these functions return the stored
row, so fetching a message twice returns the same bytes. `served` hands out only schema-valid messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from permits.core.actors import Actor
from permits.core.transaction import transactional
from permits.extensions import db
from permits.models import XbauMessage
from permits.services import agency_review, cases
from permits.services.xbau_messages_view import check_may_read_log, log_entry
from permits.xbau import outbound, outbound_messages, outbound_status


@dataclass(frozen=True)
class MessageSummary:
    """One entry of a case's message log (the API list)."""

    id: int
    message_type: str
    direction: str
    created_at: datetime
    subject: str | None
    message_uuid: str
    author: str | None
    reader: str | None
    valid: bool


def served(message: XbauMessage) -> bytes:
    """The stored bytes; OutgoingMessageInvalid (422) for a message that failed the schema."""
    return outbound.require_valid(message)


@transactional
def portal_status(case_id: int, actor: Actor) -> XbauMessage:
    """1170 with the case's current status."""
    return outbound_status.current_status(cases.get_case(case_id, actor))


@transactional
def decision(case_id: int, actor: Actor) -> XbauMessage:
    """0205 sent with the decision."""
    return outbound_messages.current_decision(cases.get_case(case_id, actor))


@transactional
def completeness(case_id: int, actor: Actor) -> XbauMessage:
    """0201 with the latest result of the completeness check."""
    return outbound_messages.completeness(cases.get_case(case_id, actor))


@transactional
def fee_notice(case_id: int, actor: Actor) -> XbauMessage:
    """1160 with the fee."""
    return outbound_messages.current_fee_notice(cases.get_case(case_id, actor))


@transactional
def participation_request(review_id: str, actor: Actor) -> XbauMessage:
    """0300 of a review request, as sent to the agency."""
    review = agency_review.get_review_request(review_id, actor)
    return outbound_messages.current_participation_request(review)


def message_log(case_id: int, actor: Actor) -> list[MessageSummary]:
    """Every XBau message of the case, received and sent, oldest first (officers and administrators)."""
    check_may_read_log(cases.get_case(case_id, actor), actor)
    query = select(XbauMessage).where(XbauMessage.case_id == case_id).order_by(XbauMessage.id)
    return [
        MessageSummary(
            id=m.id,
            message_type=m.message_type,
            direction=m.direction.value,
            created_at=m.created_at,
            subject=m.subject,
            message_uuid=m.message_uuid,
            author=m.author,
            reader=m.reader,
            valid=m.valid,
        )
        for m in db.session.scalars(query)
    ]


def message(case_id: int, message_id: int, actor: Actor) -> XbauMessage:
    """One message of the case's log, with its bytes as received or sent."""
    return log_entry(case_id, message_id, actor)[1]
