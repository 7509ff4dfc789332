from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from permits.extensions import Model
from permits.models.types import UTCDateTime, utcnow


class SavedInboxView(Model):
    """A named inbox filter one user saved for themselves (view, filters, sort)."""

    __tablename__ = "saved_inbox_views"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_saved_inbox_views_user_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    # The inbox's query parameters (ansicht, verfahren, aufgabe, gemarkung, antragsteller, aktenzeichen, ...)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
