"""Use cases of the messages (Schriftverkehr) between an applicant and the building authority.

The applicant writes in the case room of the application; the authority's case officers (of the case's
authority, once it is assigned to one) read and answer on the case's correspondence page. A message is
text with at most one PDF, checked like every upload. Opening the thread marks the other side's messages
read: the unread marker of each side.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import Application, ApplicationStatus, Case, CaseMessage, MessageSide, Role
from permits.services.applications import checked_pdf, get_application
from permits.services.case_message_mail import notify_other_side
from permits.services.cases import get_case

MAX_BODY = 5000
AUTHORITY_ROLES = (Role.CASE_OFFICER, Role.ADMIN)
_NOT_FOR_YOU = "Den Schriftverkehr dieses Vorgangs führt die zuständige Bauaufsicht."


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes


@dataclass(frozen=True)
class MessageView:
    id: int
    side: str  # "applicant" | "authority"
    sender_name: str
    body: str
    created_at: datetime
    unread: bool  # not yet opened by the side that reads this thread
    attachment_filename: str | None
    attachment_size: int | None


def _view(message: CaseMessage, reader: MessageSide) -> MessageView:
    return MessageView(
        id=message.id,
        side=message.side.value,
        sender_name=message.sender.display_name,
        body=message.body,
        created_at=message.created_at,
        unread=message.side != reader and message.read_at is None,
        attachment_filename=message.attachment_filename,
        attachment_size=message.attachment_size,
    )


def check_authority_side(case: Case, actor: Actor) -> None:
    """Case officers and administrators; of the case's authority, once the case is assigned to one."""
    if actor.role not in AUTHORITY_ROLES:
        raise PermissionDenied(_NOT_FOR_YOU)
    if not actor.is_admin and case.authority_id is not None and actor.authority_id != case.authority_id:
        raise PermissionDenied(_NOT_FOR_YOU)


def _applicant_case(public_id: str, actor: Actor) -> tuple[Application, Case]:
    """The application's own architect (or an administrator); never an officer through the room."""
    application = get_application(public_id, actor)
    if application.applicant_id != actor.user_id and not actor.is_admin:
        raise NotFound("Diesen Antrag gibt es nicht.")
    if application.status != ApplicationStatus.SUBMITTED or application.case is None:
        raise Conflict("Nachrichten an die Bauaufsicht sind erst nach dem Einreichen möglich.")
    return application, application.case


def _authority_case(case_id: int, actor: Actor) -> Case:
    case = get_case(case_id, actor)
    check_authority_side(case, actor)
    return case


def _write(
    case: Case, side: MessageSide, body: str, attachment: Attachment | None, actor: Actor
) -> CaseMessage:
    text = body.strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["body"] = ["Bitte schreiben Sie eine Nachricht."]
    elif len(text) > MAX_BODY:
        errors["body"] = [f"Höchstens {MAX_BODY} Zeichen."]
    media_type = None
    if attachment is not None:
        media_type, problem = checked_pdf(attachment.content)
        if problem is not None:
            errors["attachment"] = [problem]
    if errors:
        raise InvalidInput(
            "Die Nachricht wurde nicht gesendet. Bitte prüfen Sie die markierten Felder.", errors
        )
    if actor.user_id is None:
        raise PermissionDenied("Nachrichten schreiben nur angemeldete Personen.")
    message = CaseMessage(case_id=case.id, side=side, sender_id=actor.user_id, body=text, created_at=now())
    if attachment is not None:
        message.attachment_filename = attachment.filename[:200] or "anlage.pdf"
        message.attachment_media_type = media_type
        message.attachment_size = len(attachment.content)
        message.attachment_sha256 = hashlib.sha256(attachment.content).hexdigest()
        message.attachment_content = attachment.content
    db.session.add(message)
    db.session.flush()
    audit.record(
        "case_message_sent",
        actor,
        case_id=case.id,
        after={"message": message.id, "side": side.value, "attachment": message.attachment_sha256},
    )
    notify_other_side(case, side)
    return message


@transactional
def write_to_authority(public_id: str, body: str, attachment: Attachment | None, actor: Actor) -> CaseMessage:
    _application, case = _applicant_case(public_id, actor)
    return _write(case, MessageSide.APPLICANT, body, attachment, actor)


@transactional
def write_to_applicant(case_id: int, body: str, attachment: Attachment | None, actor: Actor) -> CaseMessage:
    case = _authority_case(case_id, actor)
    if case.applicant_id is None:
        raise Conflict("Dieser Vorgang hat kein Konto der Antragstellerin/des Antragstellers im Portal.")
    return _write(case, MessageSide.AUTHORITY, body, attachment, actor)


def _thread(case_id: int, reader: MessageSide) -> tuple[MessageView, ...]:
    query = select(CaseMessage).where(CaseMessage.case_id == case_id)
    return tuple(
        _view(m, reader) for m in db.session.scalars(query.order_by(CaseMessage.created_at, CaseMessage.id))
    )


@transactional
def _mark_read(case_id: int, reader: MessageSide) -> None:
    db.session.execute(
        update(CaseMessage)
        .where(CaseMessage.case_id == case_id, CaseMessage.side != reader, CaseMessage.read_at.is_(None))
        .values(read_at=now())
    )


def applicant_thread(public_id: str, actor: Actor) -> tuple[MessageView, ...]:
    """The thread as the applicant sees it (unread markers as they were), then marks it read."""
    _application, case = _applicant_case(public_id, actor)
    thread = _thread(case.id, MessageSide.APPLICANT)
    if any(m.unread for m in thread):
        _mark_read(case.id, MessageSide.APPLICANT)
    return thread


def authority_thread(case_id: int, actor: Actor) -> tuple[MessageView, ...]:
    case = _authority_case(case_id, actor)
    thread = _thread(case.id, MessageSide.AUTHORITY)
    if any(m.unread for m in thread):
        _mark_read(case.id, MessageSide.AUTHORITY)
    return thread


def unread_for_authority(case_id: int) -> int:
    """Messages from the applicant no officer has opened yet (for a link on the case file)."""
    query = select(func.count()).where(
        CaseMessage.case_id == case_id,
        CaseMessage.side == MessageSide.APPLICANT,
        CaseMessage.read_at.is_(None),
    )
    return int(db.session.scalar(query) or 0)


def _attachment_of(case: Case, message_id: int) -> Attachment:
    message = db.session.get(CaseMessage, message_id)
    if message is None or message.case_id != case.id or message.attachment_content is None:
        raise NotFound("Diese Anlage gibt es nicht.")
    return Attachment(
        filename=message.attachment_filename or "anlage.pdf", content=message.attachment_content
    )


def applicant_attachment(public_id: str, message_id: int, actor: Actor) -> Attachment:
    _application, case = _applicant_case(public_id, actor)
    return _attachment_of(case, message_id)


def authority_attachment(case_id: int, message_id: int, actor: Actor) -> Attachment:
    return _attachment_of(_authority_case(case_id, actor), message_id)


def case_of_application(public_id: str, actor: Actor) -> Case:
    return _applicant_case(public_id, actor)[1]
