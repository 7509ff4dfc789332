"""The job queue: work the worker does outside a request. Handlers register by kind, with a German label.

A job is leased (`locked_until`) while it runs. A worker that dies leaves its lease behind; the next
worker takes the job over as soon as the dead worker's heartbeat is stale (`permits.core.workers`), at
the latest when the lease expires. Handlers must therefore be idempotent. A job that fails
`max_attempts` times stays `failed`: an incident, listed for administrators and retried by them.
"""

from __future__ import annotations

import logging
import time
import traceback
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError

from permits.core import logs, workers
from permits.core.runtime import now
from permits.errors import PermitsError
from permits.extensions import db
from permits.models import Job, JobStatus

log = logging.getLogger(__name__)

JobHandler = Callable[[dict[str, Any]], None]
job_handlers: dict[str, JobHandler] = {}


RetryHook = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class JobKind:
    label: str  # what the job does, e.g. "Dokument erstellen"
    failure: str  # what a failure means, e.g. "Das Dokument konnte nicht erstellt werden"
    # Called with the payload when an administrator retries a failed job, in that transaction: reopens
    # whatever the handler's own bookkeeping closed after the last attempt.
    on_retry: RetryHook | None = None


job_kinds: dict[str, JobKind] = {}


class UnknownJobKind(LookupError):
    pass


def job_handler(
    kind: str, *, label: str, failure: str | None = None, on_retry: RetryHook | None = None
) -> Callable[[JobHandler], JobHandler]:
    """Register the handler of a job kind, with German words for the administrators' incident list."""

    def register(func: JobHandler) -> JobHandler:
        if kind in job_handlers:
            raise ValueError(f"job kind {kind!r} registered twice")
        job_handlers[kind] = func
        job_kinds[kind] = JobKind(label, failure or f"Der Auftrag „{label}“ ist fehlgeschlagen", on_retry)
        return func

    return register


def kind_of(kind: str) -> JobKind:
    return job_kinds.get(kind) or JobKind(
        f"Unbekannte Auftragsart ({kind})", "Der Auftrag konnte nicht ausgeführt werden"
    )


def enqueue(kind: str, payload: dict[str, Any], run_at: datetime | None = None, max_attempts: int = 8) -> Job:
    """Add a job in the caller's transaction, so it exists exactly when the change that needs it commits."""
    job = Job(
        kind=kind,
        payload=payload,
        run_at=run_at or now(),
        max_attempts=max_attempts,
        created_at=now(),
        case_id=_case_id(payload),
    )
    db.session.add(job)
    return job


def _case_id(payload: dict[str, Any]) -> int | None:
    value = payload.get("case_id")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _claim(worker_id: str, lease: timedelta) -> Job | None:
    moment = now()
    query = (
        select(Job)
        .where(Job.status == JobStatus.QUEUED, Job.run_at <= moment)
        .where(
            or_(
                Job.locked_until.is_(None),
                Job.locked_until < moment,
                Job.locked_by.in_(workers.dead_worker_names(moment)),
            )
        )
        .order_by(Job.run_at, Job.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    job = db.session.scalars(query).first()
    if job is None:
        db.session.rollback()
        return None
    if job.locked_until is not None and job.locked_until >= moment:
        log.warning("job %s: taking over from worker %s, whose heartbeat stopped", job.id, job.locked_by)
    job.locked_until = moment + lease
    job.locked_by = worker_id
    job.attempts += 1
    db.session.commit()
    return job


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 6 * 3600))


def describe_error(error: BaseException) -> str:
    """The cause of a failure in German words; the traceback stays in `last_error` for administrators."""
    if isinstance(error, PermitsError):
        return error.message
    if isinstance(error, UnknownJobKind):
        return "Für diese Auftragsart ist keine Verarbeitung hinterlegt"
    if isinstance(error, KeyError):
        return f"Angabe fehlt ({error.args[0] if error.args else '?'})"
    if isinstance(error, ValueError | TypeError):
        return "Eine Angabe hat ein ungültiges Format"
    if isinstance(error, urllib.error.HTTPError):
        return f"Die Gegenstelle hat mit dem Fehler HTTP {error.code} geantwortet"
    if isinstance(error, TimeoutError):
        return "Die Gegenstelle hat nicht rechtzeitig geantwortet"
    if isinstance(error, urllib.error.URLError | ConnectionError | OSError):
        return "Die Gegenstelle war nicht erreichbar"
    if isinstance(error, SQLAlchemyError):
        return "Die Datenbank war nicht erreichbar oder hat die Änderung abgelehnt"
    return f"Technischer Fehler ({type(error).__name__})"


def run_next_job(worker_id: str, lease: timedelta = timedelta(minutes=5)) -> bool:
    """Run one due job. Returns False when there was none."""
    job = _claim(worker_id, lease)
    if job is None:
        return False
    job_id, kind, payload = job.id, job.kind, dict(job.payload)
    token = logs.bind(job_id=job_id, job_kind=kind, **({"case_id": job.case_id} if job.case_id else {}))
    started = time.perf_counter()
    try:
        try:
            handler = job_handlers.get(kind)
            if handler is None:
                raise UnknownJobKind(f"no handler for job kind {kind!r}")
            handler(payload)
        except Exception as exc:
            db.session.rollback()
            _record_failure(job_id, worker_id, exc)
            _log_run(started, "failed")
            return True
        job = db.session.get_one(Job, job_id)
        if _still_mine(job, worker_id):
            job.status, job.finished_at, job.locked_until = JobStatus.DONE, now(), None
            job.last_error_summary = None
        db.session.commit()
        _log_run(started, "done")
        return True
    finally:
        logs.unbind(token)


def _log_run(started: float, outcome: str) -> None:
    """One line per job run, with the job's id, kind and case from the bound log context."""
    duration = round((time.perf_counter() - started) * 1000, 1)
    log.info("job %s", outcome, extra={"outcome": outcome, "duration_ms": duration})


def _still_mine(job: Job, worker_id: str) -> bool:
    """A worker presumed dead that finishes after all leaves the bookkeeping to the job's new holder."""
    if job.locked_by == worker_id:
        return True
    log.warning("job %s was taken over by %s; not recording this run", job.id, job.locked_by)
    return False


def _record_failure(job_id: int, worker_id: str, error: Exception) -> None:
    job = db.session.get_one(Job, job_id)
    if not _still_mine(job, worker_id):
        db.session.rollback()
        return
    job.last_error = "".join(traceback.format_exception(error, limit=5))
    job.last_error_summary = f"{kind_of(job.kind).failure}: {describe_error(error)}"[:500]
    job.locked_until = None
    if job.attempts >= job.max_attempts:
        job.status, job.finished_at = JobStatus.FAILED, now()
        log.error("job %s (%s) failed for good: %s", job_id, job.kind, job.last_error_summary)
    else:
        job.run_at = now() + _backoff(job.attempts)
        log.warning("job %s (%s) failed, retry at %s", job_id, job.kind, job.run_at)
    db.session.commit()
