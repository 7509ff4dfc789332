"""Incidents: jobs that exhausted their attempts. Administrators see them with their case and retry them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from permits.core import audit
from permits.core.actors import Actor
from permits.core.jobs import kind_of
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import Conflict, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import Case, Job, JobStatus


@dataclass(frozen=True)
class JobView:
    """A job as administrators see it: what it does and what went wrong, in words, with its case."""

    id: int
    kind: str
    kind_label: str
    status: JobStatus
    status_label: str
    case_id: int | None
    case_file_reference: str | None
    attempts: int
    max_attempts: int
    run_at: datetime
    created_at: datetime
    finished_at: datetime | None
    last_error_summary: str | None
    last_error: str | None


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Hintergrundaufträge kann nur die Administration einsehen und wiederholen.")


def list_jobs(
    actor: Actor, status: JobStatus | None = None, *, page: int = 1, per_page: int = 50
) -> tuple[list[JobView], int]:
    """Jobs, newest first (failed ones are the incidents), and how many match in all."""
    _require_admin(actor)
    query = select(Job, Case.file_reference).outerjoin(Case, Case.id == Job.case_id)
    counted = select(func.count()).select_from(Job)
    if status is not None:
        query, counted = query.where(Job.status == status), counted.where(Job.status == status)
    rows = db.session.execute(query.order_by(Job.id.desc()).limit(per_page).offset((page - 1) * per_page))
    return [_view(job, reference) for job, reference in rows], db.session.scalar(counted) or 0


def _view(job: Job, file_reference: str | None) -> JobView:
    return JobView(
        id=job.id,
        kind=job.kind,
        kind_label=kind_of(job.kind).label,
        status=job.status,
        status_label=job.status.label,
        case_id=job.case_id if file_reference is not None else None,
        case_file_reference=file_reference,
        attempts=job.attempts,
        max_attempts=job.max_attempts,
        run_at=job.run_at,
        created_at=job.created_at,
        finished_at=job.finished_at,
        last_error_summary=job.last_error_summary,
        last_error=job.last_error,
    )


@transactional
def retry_job(job_id: int, actor: Actor) -> JobView:
    """Queue a failed job again with a fresh set of attempts (after its cause has been fixed)."""
    _require_admin(actor)
    job = db.session.get(Job, job_id, with_for_update=True)
    if job is None:
        raise NotFound("Diesen Hintergrundauftrag gibt es nicht.")
    if job.status != JobStatus.FAILED:
        raise Conflict("Nur fehlgeschlagene Hintergrundaufträge können wiederholt werden.")
    before = {"job_id": job.id, "kind": job.kind, "status": job.status.value, "attempts": job.attempts}
    job.status, job.attempts, job.run_at = JobStatus.QUEUED, 0, now()
    job.finished_at = job.locked_until = job.locked_by = None
    reopen = kind_of(job.kind).on_retry
    if reopen is not None:
        reopen(dict(job.payload))
    case = db.session.get(Case, job.case_id) if job.case_id is not None else None
    audit.record(
        "job_retried",
        actor,
        case_id=case.id if case is not None else None,
        before=before,
        after={"job_id": job.id, "kind": job.kind, "status": job.status.value},
    )
    return _view(job, case.file_reference if case is not None else None)
