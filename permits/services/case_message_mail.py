"""E-mail to the other side when a message is written in a case's correspondence (the text stays in the
portal: the mail only says that a message waits, and where)."""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select

from permits.core.mail import absolute_url, is_valid_address, queue_mail
from permits.extensions import db
from permits.models import Application, Authority, Case, CaseMessage, MessageSide, OpenTask, Role, User

log = logging.getLogger(__name__)


def notify_other_side(case: Case, written_by: MessageSide) -> None:
    """Queue the notice in the caller's transaction: to the applicant for the authority's message, to the
    authority (its address, else the officer who last wrote or works on the case) for the applicant's."""
    if written_by == MessageSide.AUTHORITY:
        recipient = case.applicant.email if case.applicant else None
        public_id = db.session.scalars(select(Application.public_id).filter_by(case_id=case.id)).first()
        link = absolute_url("room.room", public_id=public_id) if public_id else None
        who, where = "die Bauaufsicht hat Ihnen", "im Vorgangsraum Ihres Antrags"
    else:
        recipient = _authority_address(case)
        link = absolute_url("room.correspondence", case_id=case.id)
        who, where = "die Antragstellerin/der Antragsteller hat", "im Schriftverkehr des Vorgangs"
    if not recipient or not link or not is_valid_address(recipient):
        log.info("no mail address for a case message in case %s", case.id)
        return
    body = (
        f"Guten Tag,\n\n{who} zum Vorgang {case.file_reference} („{case.title}“) eine Nachricht "
        f"geschrieben.\n\nSie lesen und beantworten sie {where}:\n{link}\n\n"
        f"Mit freundlichen Grüßen\n{current_app.config['AUTHORITY_NAME']}\n\n"
        "Diese E-Mail wurde automatisch versandt. Antworten auf diese E-Mail werden nicht gelesen.\n"
    )
    subject = f"Neue Nachricht zum Vorgang {case.file_reference}"
    queue_mail(recipient, subject, body, kind="case_message", case_id=case.id)


def _authority_address(case: Case) -> str | None:
    if case.authority_id is not None:
        authority = db.session.get(Authority, case.authority_id)
        if authority is not None and authority.email:
            return authority.email
    last_writer = db.session.scalars(
        select(User.email)
        .join(CaseMessage, CaseMessage.sender_id == User.id)
        .where(CaseMessage.case_id == case.id, CaseMessage.side == MessageSide.AUTHORITY)
        .order_by(CaseMessage.id.desc())
    ).first()
    if last_writer:
        return last_writer
    return db.session.scalars(
        select(User.email)
        .join(OpenTask, OpenTask.assignee_id == User.id)
        .where(OpenTask.case_id == case.id, User.role == Role.CASE_OFFICER, User.email.is_not(None))
    ).first()
