"""Agencies register webhooks; deliveries are signed, retried with backoff and survive a dying worker."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from permits.core.jobs import run_next_job
from permits.core.outbox import notify_authority
from permits.extensions import db
from permits.models import Authority, DeliveryStatus, Job, JobStatus, OpenTask, WebhookDelivery
from permits.services.webhooks import signature
from tests.web.conftest import post_form, sign_in


class Receiver:
    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.status = 204


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append((dict(self.headers), body))
            self.send_response(state.status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()
    server.server_close()


@pytest.fixture
def app_config(app_config):
    # The local receiver is plain http on 127.0.0.1: allowed only because these settings say so.
    return {**app_config, "WEBHOOKS_ALLOW_HTTP": True, "WEBHOOK_ALLOWED_HOSTS": "127.0.0.1"}


def _fire_authority() -> Authority:
    return db.session.scalars(select(Authority).filter_by(code="fire")).one()


def test_register_list_and_remove(api, receiver):
    fire = api("agency:fire")
    created = fire.post("/api/v1/webhooks", json={"url": receiver[1]})
    assert created.status_code == 201 and len(created.json["secret"]) == 64
    listed = fire.get("/api/v1/webhooks").json
    assert [w["url"] for w in listed] == [receiver[1]] and "secret" not in listed[0]
    assert api("agency:monument").get("/api/v1/webhooks").json == []
    assert api("agency:monument").delete(f"/api/v1/webhooks/{created.json['id']}").status_code == 404
    assert fire.delete(f"/api/v1/webhooks/{created.json['id']}").status_code == 204
    assert fire.get("/api/v1/webhooks").json == []


def test_officers_and_bad_urls_are_refused(api):
    assert (
        api("sachbearbeitung").post("/api/v1/webhooks", json={"url": "https://x.example"}).status_code == 403
    )
    response = api("agency:fire").post("/api/v1/webhooks", json={"url": "ftp://example.org/x"})
    assert response.status_code == 422 and "url" in response.json["errors"]


def test_delivery_is_signed_and_marked_delivered(api, receiver):
    state, url = receiver
    secret = api("agency:fire").post("/api/v1/webhooks", json={"url": url}).json["secret"]
    notify_authority(_fire_authority().id, "review_request.created", {"review_request_id": "abc"})
    db.session.commit()
    assert run_next_job("w1") is True
    headers, body = state.requests[0]
    assert json.loads(body) == {
        "id": 1,
        "event": "review_request.created",
        "data": {"review_request_id": "abc"},
    }
    assert headers["X-Permits-Signature"] == signature(secret, headers["X-Permits-Timestamp"], body)
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1


def test_failed_delivery_is_retried_with_backoff(api, receiver, clock):
    state, url = receiver
    api("agency:fire").post("/api/v1/webhooks", json={"url": url})
    notify_authority(_fire_authority().id, "review_request.deadline_reminder", {"review_request_id": "abc"})
    db.session.commit()
    state.status = 500
    assert run_next_job("w1") is True
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.PENDING, 500)
    assert run_next_job("w1") is False  # backing off
    state.status = 200
    clock.advance(timedelta(seconds=31))
    assert run_next_job("w1") is True
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2 and len(state.requests) == 2


def test_delivery_survives_a_worker_dying_mid_way(api, receiver, clock, monkeypatch):
    _state, url = receiver
    api("agency:fire").post("/api/v1/webhooks", json={"url": url})
    notify_authority(_fire_authority().id, "review_request.created", {"review_request_id": "abc"})
    db.session.commit()

    def die(*args):
        raise SystemExit("worker killed")

    monkeypatch.setattr("permits.services.webhook_http.post", die)
    with pytest.raises(SystemExit):
        run_next_job("w1")
    db.session.rollback()
    monkeypatch.undo()
    assert run_next_job("w2") is False  # leased by the dead worker
    clock.advance(timedelta(minutes=6))  # the lease runs out
    assert run_next_job("w2") is True
    assert db.session.scalars(select(WebhookDelivery)).one().status == DeliveryStatus.DELIVERED
    assert db.session.scalars(select(Job)).one().status == JobStatus.DONE


def test_admin_sees_deliveries(client, api, receiver, people):
    api("agency:fire").post("/api/v1/webhooks", json={"url": receiver[1]})
    notify_authority(_fire_authority().id, "review_request.created", {"review_request_id": "abc"})
    db.session.commit()
    sign_in(client, "admin")
    page = client.get("/admin/webhooks").get_data(as_text=True)
    assert "review_request.created" in page and "ausstehend" in page
    post_form(client, "/abmelden")
    sign_in(client, "sachbearbeitung")
    assert client.get("/admin/webhooks").status_code == 403


def test_new_review_request_and_deadline_reminder_are_delivered(app, api, actors, receiver, clock):
    from permits.services.cases import start_case
    from permits.services.tasks import complete_task
    from permits.worker import run_once

    state, url = receiver
    api("agency:fire").post("/api/v1/webhooks", json={"url": url})
    architect = actors["architektin"]
    case = start_case(
        "full_procedure",
        "Neubau",
        architect,
        applicant_id=architect.user_id,
        data={"municipality_is_authority": True},
    )
    check = db.session.scalars(
        select(OpenTask).filter_by(case_id=case.id, element_id="ut_completeness_check")
    ).one()
    complete_task(
        check.task_id, {"complete": True, "involve_fire": True}, actors["sachbearbeitung"], claim=True
    )
    run_once(app, "w1")
    events = [json.loads(body)["event"] for _headers, body in state.requests]
    assert "review_request.created" in events and "review_request.deadline_reminder" not in events

    clock.advance(timedelta(days=26))  # due 2026-04-02; reminders start five days before
    run_once(app, "w1")
    run_once(app, "w1")
    reminders = [
        json.loads(b) for _h, b in state.requests if json.loads(b)["event"].endswith("deadline_reminder")
    ]
    assert len(reminders) == 1 and reminders[0]["data"]["due_on"] == "2026-04-02"
