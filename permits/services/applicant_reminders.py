"""Applicants are mailed once, APPLICANT_REMINDER_DAYS before the deadline of an open task of theirs (the
resubmission a deficiency notice asks for). The worker calls this on every pass; each task and deadline is
reminded of once (`DeadlineReminder`), a deadline moved later once more."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from sqlalchemy import and_, select

from permits.core.mail import absolute_url, is_valid_address, queue_mail
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.extensions import db
from permits.models import Case, DeadlineReminder, OpenTask, User

APPLICANT_GROUP = "applicant"


def _last_day(moment: datetime) -> str:
    """Deadlines are stored as the moment they expire (local midnight after the last day)."""
    local = moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
    return (local - timedelta(microseconds=1)).strftime("%d.%m.%Y")


@transactional
def remind_applicants_of_deadlines(limit: int = 100) -> int:
    moment = now()
    horizon = moment + timedelta(days=current_app.config["APPLICANT_REMINDER_DAYS"])
    reminded = select(DeadlineReminder.id).where(
        and_(DeadlineReminder.task_id == OpenTask.task_id, DeadlineReminder.due_at == OpenTask.due_at)
    )
    query = (
        select(OpenTask, Case, User)
        .join(Case, Case.id == OpenTask.case_id)
        .join(User, User.id == Case.applicant_id)
        .where(OpenTask.candidate_group == APPLICANT_GROUP, OpenTask.due_at > moment)
        .where(OpenTask.due_at <= horizon, ~reminded.exists())
        .order_by(OpenTask.due_at, OpenTask.id)
        .limit(limit)
        .with_for_update(of=OpenTask, skip_locked=True)
    )
    sent = 0
    for task, case, applicant in db.session.execute(query).all():
        assert task.due_at is not None
        db.session.add(
            DeadlineReminder(task_id=task.task_id, due_at=task.due_at, case_id=case.id, sent_at=moment)
        )
        if not applicant.active or applicant.email is None or not is_valid_address(applicant.email):
            continue
        body = render_template(
            "mail/deadline_reminder.txt",
            name=applicant.display_name,
            file_reference=case.file_reference,
            task=task.name,
            last_day=_last_day(task.due_at),
            link=absolute_url("pages.case", case_id=case.id),
            authority=current_app.config["AUTHORITY_NAME"],
        )
        subject = f"{case.file_reference}: Frist endet am {_last_day(task.due_at)}"
        queue_mail(applicant.email, subject, body, kind="deadline_reminder", case_id=case.id)
        sent += 1
    return sent
