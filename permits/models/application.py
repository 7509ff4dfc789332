from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Enum, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from permits.extensions import Model
from permits.models.case import Case
from permits.models.types import UTCDateTime, utcnow
from permits.models.user import User


class ApplicationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Application(Model):
    """A building application as the architect prepares it; submitting it opens the case."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(
        Enum(ApplicationStatus, native_enum=False, length=16), default=ApplicationStatus.DRAFT
    )
    title: Mapped[str] = mapped_column(String(300))
    procedure: Mapped[str] = mapped_column(String(20))  # simplified | full
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # {"plot", "footprints", "ancillary"} GeoJSON for the geometry check; never in workflow data
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # procedure facts the process branches on (housing_project, municipality_is_authority ...)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    applicant: Mapped[User] = relationship()
    case: Mapped[Case | None] = relationship()
    documents: Mapped[list[ApplicationDocument]] = relationship(
        back_populates="application", order_by="ApplicationDocument.id"
    )


class ApplicationDocument(Model):
    """A submitted building document (Bauvorlage), typed by the XBau `anlagen` code list.

    Uploaded through the API it is always a PDF with content. From an XBau 0200 it may also be a link
    (`link_url`, no content: the portal keeps the file), announced for later (`deferred`, XBau
    `wirdNachgereicht`, no content yet) or an `anhang` whose file did not come with the message (no content,
    not deferred). Documents without content are what the completeness check lists as outstanding.
    """

    __tablename__ = "application_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    document_type: Mapped[str] = mapped_column(String(8))  # anlagen code, e.g. "1800"
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    title: Mapped[str | None] = mapped_column(String(300))  # XBau anlage/bezeichnung
    dated: Mapped[date | None] = mapped_column(Date)  # XBau anlage/datum
    version: Mapped[int | None] = mapped_column(Integer)  # XBau anlage/versionsnummer
    link_url: Mapped[str | None] = mapped_column(String(2000))  # XBau verlinkung/uriVerlinkung
    deferred: Mapped[bool] = mapped_column(Boolean, default=False)  # XBau wirdNachgereicht
    xbau_document_id: Mapped[str | None] = mapped_column(String(200))  # XBau anhang/dokumentid

    @property
    def received(self) -> bool:
        """The file itself is here (a link or an announced document has no content)."""
        return self.content is not None

    application: Mapped[Application] = relationship(back_populates="documents")
