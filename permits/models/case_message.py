from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from permits.extensions import Model
from permits.models.case import Case
from permits.models.types import UTCDateTime, utcnow
from permits.models.user import User


class MessageSide(enum.StrEnum):
    """Who wrote a message in a case room: the applicant's side or the building authority."""

    APPLICANT = "applicant"
    AUTHORITY = "authority"


class CaseMessage(Model):
    """A message between the applicant and the case officer (Schriftverkehr), with at most one PDF.

    `read_at` is set when the other side first opens the thread: the unread marker of the recipient."""

    __tablename__ = "case_messages"
    __table_args__ = (Index("ix_case_messages_case_created", "case_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    side: Mapped[MessageSide] = mapped_column(Enum(MessageSide, native_enum=False, length=16))
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attachment_filename: Mapped[str | None] = mapped_column(String(200))
    attachment_media_type: Mapped[str | None] = mapped_column(String(100))
    attachment_size: Mapped[int | None] = mapped_column(Integer)
    attachment_sha256: Mapped[str | None] = mapped_column(String(64))
    attachment_content: Mapped[bytes | None] = mapped_column(LargeBinary)

    case: Mapped[Case] = relationship()
    sender: Mapped[User] = relationship()
