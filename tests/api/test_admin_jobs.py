"""Administrators see incidents (jobs failed for good) in the API and on the admin page, and retry them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from permits.core.jobs import JobKind, enqueue, job_handlers, job_kinds, run_next_job
from permits.extensions import db
from permits.models import AuditEntry, Job, JobStatus
from tests.factories import CaseFactory
from tests.web.conftest import post_form, sign_in

KIND = "test_send_letter"


@pytest.fixture
def incident(app, clock, monkeypatch) -> Job:
    """A letter job of a case that failed its only attempt: due_on was missing."""

    def fails(payload):
        raise KeyError("due_on")

    monkeypatch.setitem(job_handlers, KIND, fails)
    monkeypatch.setitem(job_kinds, KIND, JobKind("Brief senden", "Der Brief konnte nicht gesendet werden"))
    case = CaseFactory(file_reference="BA-2026-000042")
    job = enqueue(KIND, {"case_id": case.id}, max_attempts=1)
    enqueue(KIND, {"case_id": case.id}, run_at=clock.now() + timedelta(days=3))  # queued, not an incident
    db.session.commit()
    assert run_next_job("w1")
    return db.session.get_one(Job, job.id)


def test_admin_lists_incidents(api, incident):
    response = api("admin").get("/api/v1/admin/jobs?status=failed")
    assert response.status_code == 200, response.json
    assert response.json["total"] == 1
    [item] = response.json["items"]
    assert item["id"] == incident.id
    assert (item["kind"], item["kind_label"], item["status"], item["status_label"]) == (
        KIND,
        "Brief senden",
        "failed",
        "fehlgeschlagen",
    )
    assert (item["file_reference"], item["attempts"], item["max_attempts"]) == ("BA-2026-000042", 1, 1)
    assert item["last_error_summary"] == "Der Brief konnte nicht gesendet werden: Angabe fehlt (due_on)"
    assert "KeyError" in item["last_error"]
    assert api("admin").get("/api/v1/admin/jobs?status=queued").json["total"] == 1


def test_admin_retries_an_incident(api, incident):
    response = api("admin").post(f"/api/v1/admin/jobs/{incident.id}/retry")
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["attempts"]) == ("queued", 0)
    db.session.expire_all()
    assert db.session.get_one(Job, incident.id).status == JobStatus.QUEUED
    assert db.session.scalars(select(AuditEntry).filter_by(action="job_retried")).one().actor == "user:admin"

    again = api("admin").post(f"/api/v1/admin/jobs/{incident.id}/retry")
    assert again.status_code == 409 and again.mimetype == "application/problem+json"
    assert "fehlgeschlagene" in again.json["detail"]


@pytest.mark.parametrize("who", ["sachbearbeitung", "agency:fire"])
def test_only_admins_see_and_retry_jobs(api, incident, who):
    listing = api(who).get("/api/v1/admin/jobs")
    retry = api(who).post(f"/api/v1/admin/jobs/{incident.id}/retry")
    assert (listing.status_code, retry.status_code) == (403, 403)
    assert retry.mimetype == "application/problem+json"
    assert db.session.get_one(Job, incident.id).status == JobStatus.FAILED


def test_bad_status_and_unknown_job_are_problems(api, incident):
    bad = api("admin").get("/api/v1/admin/jobs?status=kaputt")
    assert bad.status_code == 422 and bad.json["errors"] == {"status": ["Erlaubt: queued, done, failed."]}
    missing = api("admin").post(f"/api/v1/admin/jobs/{incident.id + 100}/retry")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


def test_admin_page_shows_the_incident_and_retries_it(client, people, incident):
    sign_in(client, "admin")
    page = client.get("/admin/jobs").get_data(as_text=True)
    incidents = page.split('id="incidents"')[1].split("</table>")[0]
    assert "BA-2026-000042" in incidents and "Brief senden" in incidents and "1 von 1" in incidents
    assert "Der Brief konnte nicht gesendet werden: Angabe fehlt (due_on)" in incidents
    assert "<summary>Technische Details</summary>" in incidents and "KeyError" in incidents
    assert "Wiederholen" in incidents

    response = post_form(client, f"/admin/jobs/{incident.id}/wiederholen")
    assert response.status_code == 302
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "wird erneut ausgeführt" in page and "Keine Störungen." in page
    db.session.expire_all()
    assert db.session.get_one(Job, incident.id).status == JobStatus.QUEUED


def test_retry_button_needs_the_form_token(client, people, incident):
    sign_in(client, "admin")
    assert client.post(f"/admin/jobs/{incident.id}/wiederholen").status_code == 400
    assert db.session.get_one(Job, incident.id).status == JobStatus.FAILED
