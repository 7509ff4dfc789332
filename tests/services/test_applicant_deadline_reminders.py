"""Seven days before the deadline of the applicant's open task (the resubmission a deficiency notice asks
for) the applicant is mailed once; a deadline moved later is reminded of again."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from permits.core.jobs import run_next_job
from permits.extensions import db
from permits.models import OpenTask, OutgoingMail
from permits.services.applicant_reminders import remind_applicants_of_deadlines
from permits.worker import run_once
from tests.factories import CaseFactory
from tests.mail_server import MailServer

# Deadlines expire at local midnight after their last day: 1 March 2027, 00:00 in Berlin.
DUE = datetime(2027, 2, 28, 23, 0, tzinfo=UTC)


@pytest.fixture
def app_config(app_config, mail_server: MailServer):
    return {**app_config, **mail_server.config(), "BASE_URL": "https://bau.example.org"}


@pytest.fixture
def resubmission(app, people):
    case = CaseFactory(applicant=people["architektin"])
    task = OpenTask(
        task_id=str(uuid.uuid4()),
        case_id=case.id,
        element_id="ut_resubmission",
        name="Unterlagen nachreichen",
        process_id="vollstaendigkeitspruefung",
        candidate_group="applicant",
        created_at=DUE - timedelta(days=30),
        due_at=DUE,
    )
    db.session.add(task)
    db.session.commit()
    return task


def test_applicant_is_reminded_once_seven_days_before_the_deadline(app, clock, resubmission, mail_server):
    clock.set(DUE - timedelta(days=8))
    assert remind_applicants_of_deadlines() == 0

    clock.set(DUE - timedelta(days=7))
    run_once(app, "w1")
    [mail] = mail_server.to("architektin@example.org")
    file_reference = resubmission.case.file_reference
    assert mail.subject == f"{file_reference}: Frist endet am 28.02.2027"
    assert "Unterlagen nachreichen" in mail.text
    assert mail.links() == [f"https://bau.example.org/vorgaenge/{resubmission.case_id}"]

    clock.advance(timedelta(days=1))
    assert remind_applicants_of_deadlines() == 0  # once per deadline
    run_once(app, "w1")
    assert len(mail_server.inbox) == 1


def test_a_deadline_moved_later_is_reminded_of_again(app, clock, resubmission, mail_server):
    clock.set(DUE - timedelta(days=6))
    assert remind_applicants_of_deadlines() == 1
    resubmission.due_at = DUE + timedelta(days=14)
    db.session.commit()
    assert remind_applicants_of_deadlines() == 0
    clock.set(DUE + timedelta(days=8))
    assert remind_applicants_of_deadlines() == 1


def test_officers_tasks_and_past_deadlines_are_not_reminded(app, clock, resubmission, mail_server):
    resubmission.candidate_group = "role:case_officer"
    db.session.commit()
    clock.set(DUE - timedelta(days=3))
    assert remind_applicants_of_deadlines() == 0
    resubmission.candidate_group = "applicant"
    db.session.commit()
    clock.set(DUE + timedelta(hours=1))
    assert remind_applicants_of_deadlines() == 0
    while run_next_job("w1"):
        pass
    assert db.session.scalars(select(OutgoingMail)).all() == []
