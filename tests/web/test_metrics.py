"""/metrics: Prometheus series for operators, read after real work went through the app."""

from __future__ import annotations

from datetime import timedelta

from permits.core import workers
from permits.core.jobs import enqueue
from permits.core.runtime import now
from permits.extensions import db
from permits.models import OpenTask, Timer
from tests.factories import CaseFactory


def _series(client, **headers) -> str:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def test_metrics_show_requests_tasks_jobs_deadlines_and_workers(app, client, people):
    case = CaseFactory(title="Carport")
    db.session.add(
        OpenTask(
            task_id="t-overdue",
            case_id=case.id,
            element_id="ut_review",
            name="Prüfen",
            process_id="full_procedure",
            candidate_group="role:case_officer",
            created_at=now() - timedelta(days=20),
            due_at=now() - timedelta(days=1),
        )
    )
    db.session.add(
        Timer(case_id=case.id, task_id="t-timer", element_id="deadline", due_at=now() + timedelta(days=3))
    )
    enqueue("render_document", {"case_id": case.id})
    workers.register("test-worker")
    db.session.commit()
    client.get("/healthz")

    text = _series(client)

    requests = 'permits_http_request_duration_seconds_count{endpoint="health.healthz",method="GET",'
    assert requests in text
    assert 'permits_open_tasks{group="role:case_officer"} 1.0' in text
    assert "permits_overdue_tasks 1.0" in text
    assert "permits_deadlines_due_7d 1.0" in text
    assert 'permits_worker_heartbeat_age_seconds{worker="test-worker"}' in text
    assert 'permits_jobs{kind="render_document",state="queued"} 1.0' in text
    assert 'permits_job_oldest_age_seconds{kind="render_document",state="queued"}' in text
    assert "# TYPE permits_task_completions_total counter" in text


def test_task_completions_are_counted_by_process(app, client, people, actors):
    from permits.services.cases import start_case
    from permits.services.tasks import case_tasks, claim_task, complete_task

    def completed() -> float:
        for line in _series(client).splitlines():
            if line.startswith('permits_task_completions_total{process="demo_procedure"}'):
                return float(line.split()[-1])
        return 0.0

    before = completed()
    case = start_case("demo_procedure", "Gartenhaus", actors["sachbearbeitung"])
    db.session.commit()
    (task,) = case_tasks(case.id)
    claim_task(task.task_id, actors["sachbearbeitung"])
    complete_task(task.task_id, {}, actors["sachbearbeitung"])

    assert completed() == before + 1


def test_a_metrics_token_keeps_strangers_out(app, client):
    app.config["METRICS_TOKEN"] = "s3cret-scrape-token"

    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert "permits_open_tasks" in _series(client, Authorization="Bearer s3cret-scrape-token")
