"""The job queue: work the worker does outside a request. Handlers register by kind.

A job is leased (`locked_until`) while it runs; a worker that dies leaves the lease to expire and the job
is retried by the next worker. Handlers must therefore be idempotent.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from permits.core.runtime import now
from permits.extensions import db
from permits.models import Job, JobStatus

log = logging.getLogger(__name__)

JobHandler = Callable[[dict[str, Any]], None]
job_handlers: dict[str, JobHandler] = {}


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    def register(func: JobHandler) -> JobHandler:
        if kind in job_handlers:
            raise ValueError(f"job kind {kind!r} registered twice")
        job_handlers[kind] = func
        return func

    return register


def enqueue(kind: str, payload: dict[str, Any], run_at: datetime | None = None, max_attempts: int = 8) -> Job:
    """Add a job in the caller's transaction, so it exists exactly when the change that needs it commits."""
    job = Job(kind=kind, payload=payload, run_at=run_at or now(), max_attempts=max_attempts, created_at=now())
    db.session.add(job)
    return job


def _claim(worker_id: str, lease: timedelta) -> Job | None:
    moment = now()
    query = (
        select(Job)
        .where(Job.status == JobStatus.QUEUED, Job.run_at <= moment)
        .where(or_(Job.locked_until.is_(None), Job.locked_until < moment))
        .order_by(Job.run_at, Job.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    job = db.session.scalars(query).first()
    if job is None:
        db.session.rollback()
        return None
    job.locked_until = moment + lease
    job.locked_by = worker_id
    job.attempts += 1
    db.session.commit()
    return job


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 6 * 3600))


def run_next_job(worker_id: str, lease: timedelta = timedelta(minutes=5)) -> bool:
    """Run one due job. Returns False when there was none."""
    job = _claim(worker_id, lease)
    if job is None:
        return False
    job_id, kind, payload = job.id, job.kind, dict(job.payload)
    handler = job_handlers.get(kind)
    try:
        if handler is None:
            raise LookupError(f"no handler for job kind {kind!r}")
        handler(payload)
        job = db.session.get_one(Job, job_id)
        job.status, job.finished_at, job.locked_until = JobStatus.DONE, now(), None
        db.session.commit()
    except Exception:
        db.session.rollback()
        job = db.session.get_one(Job, job_id)
        job.last_error = traceback.format_exc(limit=5)
        job.locked_until = None
        if job.attempts >= job.max_attempts:
            job.status, job.finished_at = JobStatus.FAILED, now()
            log.error("job %s (%s) failed for good", job_id, kind)
        else:
            job.run_at = now() + _backoff(job.attempts)
            log.warning("job %s (%s) failed, retry at %s", job_id, kind, job.run_at)
        db.session.commit()
    return True
