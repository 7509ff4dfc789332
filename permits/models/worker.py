from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from permits.extensions import Model
from permits.models.types import UTCDateTime, utcnow


class Worker(Model):
    """A running (or stopped) `permits worker` process and its heartbeat.

    Jobs name the worker that leased them (`Job.locked_by == Worker.name`); once a worker's heartbeat is
    older than `WORKER_STALE_SECONDS`, its jobs may be leased again at once instead of after the lease.
    """

    __tablename__ = "workers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)  # "<hostname>:<pid>", as in Job.locked_by
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    stopping: Mapped[bool] = mapped_column(Boolean, default=False)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
