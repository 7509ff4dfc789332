"""Operational figures read from the database when /metrics is scraped: cheap aggregate queries only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from permits.codelists import JobStatus
from permits.core.runtime import now
from permits.extensions import db
from permits.models import DeliveryStatus, Job, OpenTask, Timer, WebhookDelivery, Worker

DUE_SOON = timedelta(days=7)


@dataclass(frozen=True)
class JobFigure:
    kind: str
    status: str
    count: int
    oldest_age_seconds: float


@dataclass(frozen=True)
class OperationalFigures:
    open_tasks_by_group: dict[str, int]
    overdue_tasks: int
    jobs: list[JobFigure]
    webhook_deliveries_by_status: dict[str, int]
    worker_heartbeat_age_seconds: dict[str, float]
    deadlines_due_7d: int
    tasks_due_7d: int


def operational_figures() -> OperationalFigures:
    moment = now()
    by_group = db.session.execute(
        select(func.coalesce(OpenTask.candidate_group, ""), func.count()).group_by(OpenTask.candidate_group)
    ).all()
    overdue = db.session.scalar(select(func.count()).where(OpenTask.due_at < moment)) or 0
    tasks_due = db.session.scalar(
        select(func.count()).where(OpenTask.due_at >= moment, OpenTask.due_at < moment + DUE_SOON)
    )
    jobs = db.session.execute(
        select(Job.kind, Job.status, func.count(), func.min(Job.created_at))
        .where(Job.status != JobStatus.DONE)
        .group_by(Job.kind, Job.status)
    ).all()
    deliveries = db.session.execute(
        select(WebhookDelivery.status, func.count()).group_by(WebhookDelivery.status)
    ).all()
    workers = db.session.execute(
        select(Worker.name, Worker.last_heartbeat_at).where(Worker.stopped_at.is_(None))
    ).all()
    deadlines = db.session.scalar(
        select(func.count()).where(Timer.due_at >= moment, Timer.due_at < moment + DUE_SOON)
    )
    return OperationalFigures(
        open_tasks_by_group={group or "none": count for group, count in by_group},
        overdue_tasks=overdue,
        jobs=[
            JobFigure(kind, JobStatus(status).value, count, max(0.0, (moment - oldest).total_seconds()))
            for kind, status, count, oldest in jobs
        ],
        webhook_deliveries_by_status={DeliveryStatus(status).value: count for status, count in deliveries},
        worker_heartbeat_age_seconds={
            name: max(0.0, (moment - beat).total_seconds()) for name, beat in workers
        },
        deadlines_due_7d=deadlines or 0,
        tasks_due_7d=tasks_due or 0,
    )
