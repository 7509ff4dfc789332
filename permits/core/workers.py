"""The registry of worker processes: who is alive, by heartbeat.

A worker registers at start, beats every few seconds and marks itself stopped when it exits. A job leased
by a worker whose heartbeat is older than `WORKER_STALE_SECONDS` (or that has stopped) may be leased
again at once; the job's own lease stays the upper bound when the registry says nothing.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, delete, or_, select, update

from permits.core.runtime import now
from permits.extensions import db
from permits.models import Worker


def stale_after() -> timedelta:
    return timedelta(seconds=current_app.config["WORKER_STALE_SECONDS"])


# Rows of workers silent for this long are deleted when another worker starts.
FORGET_AFTER = timedelta(days=7)


def register(name: str) -> None:
    """Record a starting worker (a restarted process with a reused pid gets the row back)."""
    moment = now()
    db.session.execute(delete(Worker).where(Worker.last_heartbeat_at < moment - FORGET_AFTER))
    worker = db.session.scalars(select(Worker).filter_by(name=name)).first()
    if worker is None:
        worker = Worker(name=name, hostname=socket.gethostname(), pid=os.getpid(), started_at=moment)
        db.session.add(worker)
    worker.started_at = worker.last_heartbeat_at = moment
    worker.stopping, worker.stopped_at = False, None
    db.session.commit()


def beat(name: str, *, stopping: bool = False) -> None:
    values: dict[str, object] = {"last_heartbeat_at": now()}
    if stopping:
        values["stopping"] = True
    db.session.execute(update(Worker).where(Worker.name == name).values(**values))
    db.session.commit()


def mark_stopped(name: str) -> None:
    moment = now()
    db.session.execute(
        update(Worker)
        .where(Worker.name == name)
        .values(stopping=True, stopped_at=moment, last_heartbeat_at=moment)
    )
    db.session.commit()


def dead_worker_names(moment: datetime) -> Select[str]:
    """Workers whose leases no longer count: silent for too long, or stopped."""
    return select(Worker.name).where(
        or_(Worker.last_heartbeat_at < moment - stale_after(), Worker.stopped_at.is_not(None))
    )
