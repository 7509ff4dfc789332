"""The demo mailbox: the e-mails the portal sent or kept, for administrators (`/admin/postfach`).

Without a mail server (`make run`) mails are kept whole, and this is where a demo reads them, links
included. A mail handed to a real mail server has its text dropped; only its record is listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from permits.codelists import MailStatus
from permits.core.actors import Actor
from permits.errors import NotFound, PermissionDenied
from permits.extensions import db
from permits.models import Case, OutgoingMail

LIST_LIMIT = 200


@dataclass(frozen=True)
class MailSummary:
    id: int
    recipient: str
    subject: str
    status_label: str
    file_reference: str | None
    created_at: datetime
    sent_at: datetime | None
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class TextPart:
    """A piece of a mail's text; `is_link` for our own absolute links, which the mailbox makes clickable."""

    text: str
    is_link: bool


@dataclass(frozen=True)
class MailView:
    summary: MailSummary
    parts: tuple[TextPart, ...]  # empty once sent: the text is not kept


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Nur die Administration sieht das Postfach.")


def _summary(mail: OutgoingMail, file_reference: str | None) -> MailSummary:
    return MailSummary(
        id=mail.id,
        recipient=mail.recipient,
        subject=mail.subject,
        status_label=MailStatus(mail.status).label,
        file_reference=file_reference,
        created_at=mail.created_at,
        sent_at=mail.sent_at,
        attempts=mail.attempts,
        last_error=mail.last_error,
    )


def list_mails(actor: Actor) -> list[MailSummary]:
    """The latest mails, newest first."""
    _require_admin(actor)
    query = (
        select(OutgoingMail, Case.file_reference)
        .outerjoin(Case, Case.id == OutgoingMail.case_id)
        .order_by(OutgoingMail.id.desc())
        .limit(LIST_LIMIT)
    )
    return [_summary(mail, reference) for mail, reference in db.session.execute(query)]


def _parts(body: str) -> tuple[TextPart, ...]:
    """Split the text at our own links (lines starting with BASE_URL words), so only those become links."""
    base = current_app.config["BASE_URL"].rstrip("/") + "/"
    parts: list[TextPart] = []
    for line in body.splitlines(keepends=True):
        words = line.split(" ")
        for index, word in enumerate(words):
            bare = word.rstrip("\r\n")
            separator = " " if index < len(words) - 1 else ""
            if bare.startswith(base):
                parts.append(TextPart(bare, True))
                parts.append(TextPart(word[len(bare) :] + separator, False))
            else:
                parts.append(TextPart(word + separator, False))
    return tuple(part for part in parts if part.text)


def read_mail(mail_id: int, actor: Actor) -> MailView:
    _require_admin(actor)
    row = db.session.execute(
        select(OutgoingMail, Case.file_reference)
        .outerjoin(Case, Case.id == OutgoingMail.case_id)
        .where(OutgoingMail.id == mail_id)
    ).first()
    if row is None:
        raise NotFound("Diese E-Mail gibt es nicht.")
    mail, reference = row
    return MailView(_summary(mail, reference), _parts(mail.body))
