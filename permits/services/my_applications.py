"""Read model of the architect's landing page "Meine Anträge": drafts and submitted cases, paged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from permits.codelists import PortalStatus
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.extensions import db
from permits.models import Application, OpenTask, Timer
from permits.services.application_steps import steps_missing_data
from permits.services.applications import applications_query
from permits.services.signoffs import signoff_state

PER_PAGE = 20


@dataclass(frozen=True)
class ApplicationRow:
    public_id: str
    title: str
    draft: bool
    file_reference: str | None
    status_label: str
    next_deadline: str | None  # what ends, e.g. "Frist zur Nachreichung"
    next_deadline_at: datetime | None
    days_left: int | None
    expected: str | None  # what the applicant has to do, in words; None: nothing


@dataclass(frozen=True)
class ApplicationPage:
    rows: tuple[ApplicationRow, ...]
    page: int
    pages: int
    total: int


def _local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"])).date()


def _days_left(moment: datetime) -> int:
    return (_local_day(moment) - _local_day(now())).days


def _row(application: Application) -> ApplicationRow:
    case = application.case
    if case is None:
        missing = steps_missing_data(application)
        signoff = signoff_state(application)
        if missing:
            expected = "Antrag vervollständigen"
        elif signoff.required and not signoff.done:
            expected = (
                "Freizeichnung durch die Bauherrschaft"
                if signoff.state == "invited"
                else "Bauherrschaft zur Freizeichnung einladen"
            )
        else:
            expected = "Antrag einreichen"
        return ApplicationRow(
            application.public_id, application.title, True, None, "Entwurf", None, None, None, expected
        )
    request = db.session.scalars(
        select(OpenTask)
        .where(OpenTask.case_id == case.id, OpenTask.candidate_group == "applicant")
        .order_by(OpenTask.due_at, OpenTask.id)
        .limit(1)
    ).first()
    timer = db.session.scalars(
        select(Timer).where(Timer.case_id == case.id, Timer.due_at > now()).order_by(Timer.due_at).limit(1)
    ).first()
    if request is not None and request.due_at:
        due, deadline_name = request.due_at, request.name
    elif timer is not None:  # a timer's name is its BPMN event ("Frist abgelaufen"), not for people
        due, deadline_name = timer.due_at, "Frist im Verfahren"
    else:
        due, deadline_name = None, None
    return ApplicationRow(
        public_id=application.public_id,
        title=application.title,
        draft=False,
        file_reference=case.file_reference,
        status_label=PortalStatus.label_of(case.status) or "Eingereicht",
        next_deadline=deadline_name,
        next_deadline_at=due,
        days_left=_days_left(due) if due else None,
        expected=request.name if request is not None else None,
    )


def my_applications(actor: Actor, page: int = 1) -> ApplicationPage:
    """The actor's applications, newest first, PER_PAGE at a time (page numbers out of range are clamped)."""
    query = applications_query(actor)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    items = db.session.scalars(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    return ApplicationPage(tuple(_row(a) for a in items), page, pages, total)
