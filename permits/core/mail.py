"""Transactional e-mail: an outbox written in the caller's transaction, sent by the worker over SMTP.

`queue_mail` stores an `OutgoingMail` and a `send_mail` job next to the change that causes the mail, so a
mail exists exactly when that change commits (a rollback sends nothing) and survives a worker crash once
it has. The worker hands it to `MAIL_SERVER` (STARTTLS with MAIL_USE_TLS, login with MAIL_USERNAME); a
failed try is recorded on the mail and retried by the job queue with backoff, MAX_ATTEMPTS times in all.
Without a mail server (demo, development) nothing leaves the machine: the mail is logged without its text
and kept for the administrators' demo mailbox. Texts are German plain text rendered by the caller
(`templates/mail/*.txt`); links in them are absolute (`absolute_url`, setting BASE_URL).
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import update

from permits.codelists import MailStatus
from permits.core.jobs import enqueue, job_handler
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import PermitsError
from permits.extensions import db
from permits.models import OutgoingMail

log = logging.getLogger(__name__)

MAIL_JOB = "send_mail"
MAX_ATTEMPTS = 8
MAX_RECIPIENT_CHARS = 254
MAX_SUBJECT_CHARS = 200
MAX_BODY_CHARS = 20_000
MAX_KIND_CHARS = 40
# Deliberately simple: one @, no spaces or control characters, a dot in the domain. The mailbox's owner
# proves the rest by following the link we send.
_ADDRESS = re.compile(r"[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")


class MailNotSent(PermitsError):
    """One try to hand a mail to the mail server failed; the job queue retries it. Never reaches an edge."""

    status = 502
    code = "mail_not_sent"
    title = "E-Mail nicht versendet"


def is_valid_address(address: str) -> bool:
    return len(address) <= MAX_RECIPIENT_CHARS and _ADDRESS.fullmatch(address) is not None


def queue_mail(recipient: str, subject: str, body: str, *, kind: str, case_id: int | None = None) -> None:
    """Store a mail for the worker in the caller's transaction (never commits).

    Raises ValueError for an invalid address or oversized text: callers check what people type first."""
    recipient = recipient.strip()
    if not is_valid_address(recipient):
        raise ValueError("not a valid e-mail address")
    subject = " ".join(subject.split())  # one line: no header injection through the subject
    if not subject or len(subject) > MAX_SUBJECT_CHARS:
        raise ValueError(f"subject must have 1 to {MAX_SUBJECT_CHARS} characters")
    if len(body) > MAX_BODY_CHARS:
        raise ValueError(f"body longer than {MAX_BODY_CHARS} characters")
    if not kind or len(kind) > MAX_KIND_CHARS:
        raise ValueError(f"kind must have 1 to {MAX_KIND_CHARS} characters")
    mail = OutgoingMail(
        recipient=recipient, subject=subject, body=body, kind=kind, case_id=case_id, created_at=now()
    )
    db.session.add(mail)
    db.session.flush()
    enqueue(MAIL_JOB, {"mail_id": mail.id, "case_id": case_id}, max_attempts=MAX_ATTEMPTS)


def absolute_url(endpoint: str, **values: Any) -> str:
    """The link to a page for an e-mail: BASE_URL plus the page's path, built outside any request."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


@dataclass(frozen=True)
class Envelope:
    """What one try needs, read in its own transaction so the wait for the mail server holds no lock."""

    mail_id: int
    recipient: str
    subject: str
    body: str


@transactional
def _begin_attempt(mail_id: int) -> Envelope | None:
    """Count the try before it is made (atomically, so two workers cannot count one). None: settled."""
    counted = db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, OutgoingMail.status == MailStatus.QUEUED)
        .values(attempts=OutgoingMail.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(counted, "rowcount", 0) != 1:
        return None
    mail = db.session.get_one(OutgoingMail, mail_id)
    db.session.refresh(mail)
    return Envelope(mail.id, mail.recipient, mail.subject, mail.body)


@transactional
def _record_result(mail_id: int, error: str | None) -> None:
    mail = db.session.get_one(OutgoingMail, mail_id)
    if mail.status != MailStatus.QUEUED:
        return
    mail.last_error = error[:500] if error else None
    if error is None:
        mail.status, mail.sent_at = MailStatus.SENT, now()
        mail.body = ""  # handed over: a one-time link it may carry is not kept in our database
    elif mail.attempts >= MAX_ATTEMPTS:
        mail.status = MailStatus.FAILED


@transactional
def _keep(mail_id: int) -> None:
    mail = db.session.get_one(OutgoingMail, mail_id)
    mail.status, mail.sent_at = MailStatus.KEPT, now()
    # Never the text: it may carry a one-time link, and logs travel further than the database.
    log.info(
        "no mail server configured; mail %s (%s) to %s kept for the demo mailbox",
        mail.id,
        mail.kind,
        mail.recipient,
    )


def _message(envelope: Envelope) -> EmailMessage:
    config = current_app.config
    sender = config["MAIL_SENDER"]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = envelope.recipient
    message["Subject"] = envelope.subject
    message["Date"] = formatdate(localtime=False)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(idstring=f"mail{envelope.mail_id}", domain=domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    message.set_content(envelope.body)
    return message


def _deliver(envelope: Envelope) -> None:
    config = current_app.config
    timeout = float(config["MAIL_TIMEOUT_SECONDS"])
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=timeout) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(_message(envelope))


def _reopen(payload: dict[str, Any]) -> None:
    """An administrator retries a failed mail job: the mail gets a fresh set of attempts, like its job."""
    mail = db.session.get(OutgoingMail, int(payload["mail_id"]))
    if mail is not None and mail.status == MailStatus.FAILED:
        mail.status, mail.attempts = MailStatus.QUEUED, 0


@job_handler(
    MAIL_JOB, label="E-Mail versenden", failure="Die E-Mail konnte nicht versendet werden", on_retry=_reopen
)
def send_queued_mail(payload: dict[str, Any]) -> None:
    """Idempotent: a mail already sent, kept or given up is left alone; each try is counted once."""
    envelope = _begin_attempt(int(payload["mail_id"]))
    if envelope is None:
        return
    if not current_app.config["MAIL_SERVER"]:
        _keep(envelope.mail_id)
        return
    error: str | None = None
    try:
        _deliver(envelope)
    except smtplib.SMTPResponseException as exc:
        error = f"Der Mailserver hat mit {exc.smtp_code} geantwortet"
    except smtplib.SMTPRecipientsRefused:
        error = "Der Mailserver hat die Empfängeradresse abgelehnt"
    except (smtplib.SMTPException, OSError) as exc:
        error = f"Der Mailserver war nicht erreichbar ({type(exc).__name__})"
    _record_result(envelope.mail_id, error)
    if error is not None:
        raise MailNotSent(error)  # the job queue retries with backoff
