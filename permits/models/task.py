from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from permits.extensions import Model
from permits.models.case import Case
from permits.models.types import UTCDateTime
from permits.models.user import User


class OpenTask(Model):
    """Queryable projection of one READY user task; rewritten with every workflow save.

    `version` guards claims against lost updates: two officers claiming at once cannot both win."""

    __tablename__ = "open_tasks"
    __table_args__ = (
        Index("ix_open_tasks_group_created", "candidate_group", "created_at"),
        Index("ix_open_tasks_assignee_created", "assignee_id", "created_at"),
        Index("ix_open_tasks_due_at", "due_at"),
        # Keyset paging of the inbox (received, due date; the id breaks ties).
        Index("ix_open_tasks_created_id", "created_at", "id"),
        Index("ix_open_tasks_due_id", "due_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(36), unique=True)  # SpiffWorkflow task UUID
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    element_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    process_id: Mapped[str] = mapped_column(String(100))
    lane: Mapped[str | None] = mapped_column(String(100))
    candidate_group: Mapped[str | None] = mapped_column(String(100))
    form: Mapped[str | None] = mapped_column(String(100))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    case: Mapped[Case] = relationship()
    assignee: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (SQLAlchemy declares it as a plain attribute)
