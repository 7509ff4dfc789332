"""Answer an agency's interim message (XBau 0305) with a 0306 once the authority has decided on it.

The agency asked for more time by 0305; the procedure's officer task `ut_decide_extension` decides and the
service task `extend_review` calls `answer_interim_message` in the same transaction. The 0306 goes to the
agency's DVDV address, quotes the case like every message about it and the 0305 in `bezug/bezugNachricht`,
and is stored once in `xbau_messages` (a retried step finds it there instead of sending a second answer).
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from permits.codelists import ReviewKind
from permits.core import audit
from permits.core.actors import Actor
from permits.extensions import db
from permits.models import MessageDirection, ReviewRequest, XbauMessage
from permits.xbau.interim import AnsweredMessage, InterimReply, emit_interim_reply
from permits.xbau.model import CaseReference, Envelope
from permits.xbau.outbound import outbound
from permits.xbau.parsing import parse_xml
from permits.xbau.reading import header

SILENCE = {
    ReviewKind.PARTICIPATION: "Äußert sich die beteiligte Stelle nicht bis zum Ablauf der Frist, gilt ihre "
    "Zustimmung als erteilt.",
    ReviewKind.MUNICIPAL_CONSENT: "Äußert sich die Gemeinde nicht bis zum Ablauf der Frist, gilt das "
    "Einvernehmen als erteilt (§ 36 Abs. 2 Satz 2 BauGB).",
}


def _subject(inbound: XbauMessage) -> str:
    return f"0306:{inbound.message_uuid}"


def unanswered_interim_message(review: ReviewRequest) -> XbauMessage | None:
    """The latest 0305 of this request that has no 0306 yet."""
    query = (
        select(XbauMessage)
        .where(
            XbauMessage.review_request_id == review.id,
            XbauMessage.direction == MessageDirection.INBOUND,
            XbauMessage.message_type == "0305",
        )
        .order_by(XbauMessage.id.desc())
    )
    latest = db.session.scalars(query.limit(1)).first()
    if latest is None:
        return None
    answered = db.session.scalars(
        select(XbauMessage.id).where(
            XbauMessage.review_request_id == review.id,
            XbauMessage.message_type == "0306",
            XbauMessage.subject == _subject(latest),
        )
    ).first()
    return None if answered is not None else latest


def _reply_text(review: ReviewRequest, granted: bool, reason: str | None) -> str:
    due = review.effective_due_on.strftime("%d.%m.%Y")
    if granted:
        text = f"Die Frist zur Stellungnahme wird verlängert; sie endet am {due}."
    else:
        text = f"Eine Verlängerung der Frist wird nicht gewährt; die Frist zur Stellungnahme endet am {due}."
    return f"{text}\n\n{reason.strip()}" if reason and reason.strip() else text


def answer_interim_message(
    review: ReviewRequest, actor: Actor, *, granted: bool, reason: str | None, element_id: str | None = None
) -> XbauMessage | None:
    """Emit and store the 0306 answering the agency's pending 0305; None when there is none (the agency
    asked on the page or through the JSON API, which show the new deadline themselves)."""
    inbound = unanswered_interim_message(review)
    if inbound is None:
        return None
    asked = header(parse_xml(inbound.xml))  # it was schema-valid when it arrived

    def build(envelope: Envelope, case: CaseReference) -> bytes:
        reply = InterimReply(
            envelope=envelope,
            case=case,
            request_id=UUID(review.public_id),
            answers=AnsweredMessage(asked.message_id, "0305", asked.created_at),
            reply=_reply_text(review, granted, reason),
            due_on=review.effective_due_on,
            consequence_of_default=SILENCE.get(review.kind),
        )
        return emit_interim_reply(reply)

    message = outbound(review.case, "0306", _subject(inbound), build, review=review, reader=review.authority)
    audit.record(
        "xbau_sent",
        actor,
        case_id=review.case_id,
        element_id=element_id,
        after={
            "message": "0306",
            "message_id": message.message_uuid,
            "review_request_id": review.id,
            "answers": inbound.message_uuid,
            "extension_granted": granted,
            "due_on": review.effective_due_on.isoformat(),
        },
    )
    return message
