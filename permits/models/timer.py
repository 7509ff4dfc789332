from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from permits.extensions import Model
from permits.models.types import UTCDateTime


class Timer(Model):
    """A pending timer event of a case; rewritten with every workflow save, polled by the worker."""

    __tablename__ = "timers"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    task_id: Mapped[str] = mapped_column(String(36))
    element_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(300))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
