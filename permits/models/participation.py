"""Participation of agencies and the municipality: one review request per body and deadline, and the
statements that answer it (XBau 0300/0303/0305/0306).

A `ReviewRequest` is opened by the procedure (service task `open_review_request`), has a due date from the
business calendar and ends `answered`, `deemed_consent` (silence until the deadline) or `withdrawn` (the
procedure ended without it). `Statement` rows are never changed: a statement that arrives after deemed
consent is stored with `late=True` instead of being dropped; `idempotency_key` makes a retried API call or a
retried service task store one statement.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Enum, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from permits.codelists import ParticipationRole, ReviewKind, ReviewStatus, Verdict
from permits.extensions import Model
from permits.models.authority import Authority
from permits.models.case import Case
from permits.models.types import Code, UTCDateTime, utcnow


class ReviewRequest(Model):
    """One request for a statement (Aufforderung zur Stellungnahme) to one body in one case."""

    __tablename__ = "review_requests"
    __table_args__ = (
        Index("ix_review_requests_authority_status", "authority_id", "status"),
        Index("ix_review_requests_case", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Public reference for XBau `referenzAufforderung` and the agency API.
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"))
    kind: Mapped[ReviewKind] = mapped_column(Enum(ReviewKind, native_enum=False, length=32))
    # Why the body is asked, fixed when the request is opened: a competent body's silence is deemed consent,
    # an expert body's means no statement, the municipality's is § 36 BauGB consent (XBau 0300 `rolle`).
    role: Mapped[ParticipationRole] = mapped_column(
        Code(ParticipationRole, 2), default=ParticipationRole.COMPETENT_BODY
    )
    # The BPMN element and task that opened it (one per loop/multi-instance execution).
    element_id: Mapped[str] = mapped_column(String(100))
    task_id: Mapped[str] = mapped_column(String(36), unique=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_on: Mapped[date] = mapped_column(Date)  # statutory deadline (last day)
    extended_until: Mapped[date | None] = mapped_column(Date)  # last day after an extension (0306)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ReviewStatus] = mapped_column(
        Enum(ReviewStatus, native_enum=False, length=32), default=ReviewStatus.OPEN
    )
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the deadline reminder webhook

    authority: Mapped[Authority] = relationship()
    case: Mapped[Case] = relationship()
    statements: Mapped[list[Statement]] = relationship(
        back_populates="review_request", order_by="Statement.id", cascade="all"
    )

    @property
    def effective_due_on(self) -> date:
        return self.extended_until or self.due_on


class Statement(Model):
    """A statement (Stellungnahme) as received; append-only."""

    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_request_id: Mapped[int] = mapped_column(ForeignKey("review_requests.id"), index=True)
    verdict: Mapped[Verdict] = mapped_column(Enum(Verdict, native_enum=False, length=32))
    legal_area: Mapped[str | None] = mapped_column(String(200))  # Rechtsbereich
    # [{"type": "1".."6" (ProvisionType), "legal_area": str | None, "text": str}]
    conditions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    text: Mapped[str | None] = mapped_column(Text)
    # One verdict per legal area (XBau stellungnahmeStrukturiert): [{"legal_area": str, "verdict": code,
    # "conditions": [condition as above], "reasons": str | None}]; `verdict` is the strictest of them.
    areas: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)  # statement-level hints (XBau hinweise)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Arrived after the deadline or after deemed consent: kept for the file, not a procedural answer.
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    actor: Mapped[str] = mapped_column(String(120))
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # SHA-256 of the API body the key came with: the same key with another body is refused.
    idempotency_hash: Mapped[str | None] = mapped_column(String(64))

    review_request: Mapped[ReviewRequest] = relationship(back_populates="statements")
    attachments: Mapped[list[StatementAttachment]] = relationship(
        back_populates="statement", order_by="StatementAttachment.id", cascade="all"
    )


class StatementAttachment(Model):
    """A document sent with a statement (XBau `anlage` of a 0303, e.g. the signed statement PDF).

    XBau carries only the metadata in the message; the file travels beside it. `content` is None when only
    the reference arrived (a link, or a file the sender did not include)."""

    __tablename__ = "statement_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id"), index=True)
    legal_area: Mapped[str | None] = mapped_column(String(200))  # the area (stellungnahmeStrukturiert)
    title: Mapped[str] = mapped_column(String(300))  # bezeichnung
    attachment_type: Mapped[str | None] = mapped_column(String(10))  # anlageart (DocumentType code)
    media_type: Mapped[str] = mapped_column(String(100))  # mimeType
    dated: Mapped[date | None] = mapped_column(Date)  # datum
    document_id: Mapped[str | None] = mapped_column(String(200))  # anhang/dokumentid
    filename: Mapped[str | None] = mapped_column(String(255))  # dateiname
    url: Mapped[str | None] = mapped_column(String(2000))  # verlinkung/uriVerlinkung
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))  # hex digest of content
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    statement: Mapped[Statement] = relationship(back_populates="attachments")
