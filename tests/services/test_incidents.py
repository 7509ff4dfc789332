"""A job that exhausts its attempts becomes an incident: its case, what went wrong in words, and a retry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from permits.core.jobs import JobKind, enqueue, job_handlers, job_kinds, run_next_job
from permits.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import AuditEntry, Job, JobStatus
from permits.services.incidents import list_jobs, retry_job
from tests.factories import CaseFactory

KIND = "test_send_letter"


class Letters:
    """A job kind for tests whose handler fails with a chosen error until told to succeed."""

    def __init__(self) -> None:
        self.error: Exception | None = KeyError("due_on")
        self.sent: list[dict[str, Any]] = []

    def __call__(self, payload: dict[str, Any]) -> None:
        if self.error is not None:
            raise self.error
        self.sent.append(payload)


@pytest.fixture
def letters(monkeypatch) -> Letters:
    handler = Letters()
    monkeypatch.setitem(job_handlers, KIND, handler)
    monkeypatch.setitem(job_kinds, KIND, JobKind("Brief senden", "Der Brief konnte nicht gesendet werden"))
    return handler


def _fail_for_good(clock, max_attempts: int = 2) -> Job:
    """Run the queued job until its attempts are used up, waiting out each backoff."""
    for _ in range(max_attempts):
        assert run_next_job("w1") is True
        clock.advance(timedelta(hours=7))
    return db.session.scalars(select(Job).order_by(Job.id)).first()


def test_job_failing_every_attempt_becomes_an_incident_of_its_case(app, clock, letters):
    case = CaseFactory()
    enqueue(KIND, {"case_id": case.id, "to": "Bauherrin"}, max_attempts=2)
    db.session.commit()

    assert run_next_job("w1") is True
    job = db.session.scalars(select(Job)).one()
    assert job.status == JobStatus.QUEUED and job.attempts == 1  # retried later, not yet an incident
    clock.advance(timedelta(hours=1))
    assert run_next_job("w1") is True

    db.session.expire_all()
    job = db.session.scalars(select(Job)).one()
    assert job.status == JobStatus.FAILED and job.attempts == 2
    assert job.case_id == case.id
    assert job.last_error_summary == "Der Brief konnte nicht gesendet werden: Angabe fehlt (due_on)"
    assert "KeyError: 'due_on'" in job.last_error  # the traceback stays for administrators
    assert run_next_job("w1") is False  # an incident is not run again by itself


@pytest.mark.parametrize(
    ("error", "summary"),
    [
        (InvalidInput("Die Frist liegt in der Vergangenheit."), "Die Frist liegt in der Vergangenheit."),
        (ConnectionRefusedError(111, "refused"), "Die Gegenstelle war nicht erreichbar"),
        (ZeroDivisionError("division by zero"), "Technischer Fehler (ZeroDivisionError)"),
    ],
)
def test_incident_summary_says_in_words_what_went_wrong(app, clock, letters, error, summary):
    letters.error = error
    enqueue(KIND, {}, max_attempts=1)
    db.session.commit()
    job = _fail_for_good(clock, max_attempts=1)
    assert job.last_error_summary == f"Der Brief konnte nicht gesendet werden: {summary}"
    assert job.case_id is None


def test_job_of_an_unknown_kind_becomes_an_incident(app, clock):
    enqueue("no_such_kind", {"case_id": 12345}, max_attempts=1)
    db.session.commit()
    job = _fail_for_good(clock, max_attempts=1)
    assert job.status == JobStatus.FAILED
    assert job.last_error_summary == (
        "Der Auftrag konnte nicht ausgeführt werden: Für diese Auftragsart ist keine Verarbeitung hinterlegt"
    )


def test_admin_lists_incidents_with_case_reference_and_kind_in_words(app, clock, letters, actors):
    case = CaseFactory(file_reference="BA-2026-000042")
    enqueue(KIND, {"case_id": case.id}, max_attempts=1)
    enqueue(KIND, {"case_id": case.id}, run_at=clock.now() + timedelta(days=1))  # not due: stays queued
    db.session.commit()
    _fail_for_good(clock, max_attempts=1)

    incidents, total = list_jobs(actors["admin"], JobStatus.FAILED)
    assert total == 1
    [incident] = incidents
    assert (incident.case_file_reference, incident.kind_label, incident.status_label) == (
        "BA-2026-000042",
        "Brief senden",
        "fehlgeschlagen",
    )
    assert incident.last_error_summary.endswith("Angabe fehlt (due_on)")
    assert list_jobs(actors["admin"])[1] == 2
    with pytest.raises(PermissionDenied):
        list_jobs(actors["sachbearbeitung"], JobStatus.FAILED)


def test_retry_queues_the_incident_again_and_is_audited(app, clock, letters, actors):
    case = CaseFactory()
    enqueue(KIND, {"case_id": case.id}, max_attempts=2)
    db.session.commit()
    job = _fail_for_good(clock)

    view = retry_job(job.id, actors["admin"])

    assert (view.status, view.attempts) == (JobStatus.QUEUED, 0)
    entry = db.session.scalars(select(AuditEntry).filter_by(action="job_retried")).one()
    assert entry.actor == "user:admin" and entry.case_id == case.id
    assert entry.before["status"] == "failed" and entry.after["status"] == "queued"

    letters.error = None  # the cause was fixed
    assert run_next_job("w1") is True
    db.session.expire_all()
    job = db.session.get_one(Job, job.id)
    assert job.status == JobStatus.DONE and job.last_error_summary is None
    assert letters.sent == [{"case_id": case.id}]


def test_only_admins_retry_and_only_failed_jobs(app, clock, letters, actors):
    enqueue(KIND, {}, max_attempts=1)
    db.session.commit()
    job = _fail_for_good(clock, max_attempts=1)

    with pytest.raises(PermissionDenied):
        retry_job(job.id, actors["sachbearbeitung"])
    retry_job(job.id, actors["admin"])
    with pytest.raises(Conflict):
        retry_job(job.id, actors["admin"])  # queued again already
    with pytest.raises(NotFound):
        retry_job(job.id + 100, actors["admin"])
    assert len(db.session.scalars(select(AuditEntry).filter_by(action="job_retried")).all()) == 1


def test_retry_lets_the_job_kind_reopen_its_own_bookkeeping(app, clock, letters, actors, monkeypatch):
    reopened: list[dict[str, Any]] = []
    kind = JobKind("Brief senden", "Der Brief konnte nicht gesendet werden", on_retry=reopened.append)
    monkeypatch.setitem(job_kinds, KIND, kind)
    enqueue(KIND, {"letter_id": 7}, max_attempts=1)
    db.session.commit()
    job = _fail_for_good(clock, max_attempts=1)

    retry_job(job.id, actors["admin"])
    assert reopened == [{"letter_id": 7}]
