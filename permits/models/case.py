from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from permits.codelists import PortalStatus
from permits.extensions import Model
from permits.models.types import Code, UTCDateTime, utcnow
from permits.models.user import User


class Case(Model):
    """A building application and its procedure (Vorgang)."""

    __tablename__ = "cases"
    # Keyset paging of the case list, newest first (the id breaks ties).
    __table_args__ = (Index("ix_cases_created_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)  # referenzAntragsservice (UUID)
    file_reference: Mapped[str] = mapped_column(String(32), unique=True)  # Aktenzeichen
    process_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    # XBau statusbauportal code of the last status the procedure emitted
    status: Mapped[PortalStatus | None] = mapped_column(Code(PortalStatus, 4))
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"))
    # Facts the pages and documents show (applicant, plot, project); not the workflow's task data.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    applicant: Mapped[User | None] = relationship()


class FileReferenceCounter(Model):
    """One row per year; incremented under a row lock so file references never repeat."""

    __tablename__ = "file_reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
