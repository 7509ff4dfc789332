from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from permits.codelists import MailStatus
from permits.extensions import Model
from permits.models.types import Code, UTCDateTime, utcnow


class OutgoingMail(Model):
    """Outbox row of a transactional e-mail: written in the transaction of the change that causes it, sent
    by the worker (`send_mail` job), kept as the record of what was sent to whom.

    Once handed to the mail server the body is dropped (it may carry a one-time link); without a mail
    server (demo) the mail is kept whole for the administrators' demo mailbox."""

    __tablename__ = "outgoing_mails"
    __table_args__ = (Index("ix_outgoing_mails_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # What the mail is about, e.g. "registration_confirmation", "decision_issued"; for the record and tests.
    kind: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    status: Mapped[MailStatus] = mapped_column(Code(MailStatus, 16), default=MailStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeadlineReminder(Model):
    """An applicant was reminded by e-mail of the deadline of an open task of theirs: once per task and
    deadline (a deadline moved later is reminded of again)."""

    __tablename__ = "deadline_reminders"
    __table_args__ = (UniqueConstraint("task_id", "due_at", name="uq_deadline_reminders_task_due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(36))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
