from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from permits.extensions import Model
from permits.models.case import Case
from permits.models.types import UTCDateTime, utcnow
from permits.models.user import User


class CaseComment(Model):
    """An internal note of the building authority on a case (Vermerk): officers only, never shown to
    applicants or agencies. Kept as written; nobody edits or deletes it."""

    __tablename__ = "case_comments"
    __table_args__ = (Index("ix_case_comments_case_created", "case_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    author: Mapped[User] = relationship()

    # bounded by the service (COMMENT_MAX_LENGTH); the column itself is unbounded text
