"""Webhooks cannot be turned against the internal network: addresses are checked at registration and again
at delivery (DNS rebinding), redirects are not followed, removal cancels, every try is counted once."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from permits.core.jobs import run_next_job
from permits.core.outbox import notify_authority
from permits.extensions import db
from permits.models import Authority, DeliveryStatus, Job, JobStatus, WebhookDelivery
from permits.services import webhook_http, webhooks

PUBLIC_IP = "93.184.215.14"  # any globally routed address; nothing is ever sent there in these tests


@dataclass
class Receiver:
    port: int = 0
    status: int = 204
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    requests: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append((self.path, dict(self.headers), body))
            time.sleep(state.delay)
            self.send_response(state.status)
            for name, value in {**state.headers, "Content-Length": str(len(state.body))}.items():
                self.send_header(name, value)
            self.end_headers()
            with contextlib.suppress(OSError):  # the service hangs up after reading what it wants
                self.wfile.write(state.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def dns(monkeypatch) -> dict[str, list[str]]:
    """Our own DNS: host name -> addresses. IP literals resolve to themselves, unknown names fail."""
    names: dict[str, list[str]] = {}

    def resolve(host: str, port: int) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        if host not in names:
            raise OSError("unknown host")
        return list(names[host])

    monkeypatch.setattr(webhook_http, "resolve", resolve)
    return names


@pytest.fixture
def app_config(app_config):
    # http is allowed so the local receiver can be reached; the address rules stay fully in force.
    return {**app_config, "WEBHOOKS_ALLOW_HTTP": True, "WEBHOOK_ALLOWED_HOSTS": ""}


def _fire() -> Authority:
    return db.session.scalars(select(Authority).filter_by(code="fire")).one()


def _notify() -> WebhookDelivery:
    (delivery,) = notify_authority(_fire().id, "review_request.created", {"review_request_id": "abc"})
    db.session.commit()
    return delivery


def _delivery() -> WebhookDelivery:
    db.session.expire_all()
    return db.session.scalars(select(WebhookDelivery)).one()


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1:5432/",
        "http://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "http://0.0.0.0/hook",
        "https://[::]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[::ffff:a9fe:a9fe]/hook",  # 169.254.169.254, IPv4-mapped
        "https://[64:ff9b::a00:1]/hook",  # 10.0.0.1 through NAT64
        "https://[2002:7f00:1::]/hook",  # 127.0.0.1 through 6to4
        "https://10.0.0.5/hook",
        "https://172.16.3.4/hook",
        "https://192.168.178.1/hook",
        "https://100.64.0.1/hook",
        "https://[fe80::1]/hook",
        "https://[fc00::1]/hook",
        "https://224.0.0.1/hook",
        "https://[ff02::1]/hook",
        "https://240.0.0.1/hook",
        "https://255.255.255.255/hook",
        "https://intranet.example/hook",  # a name that resolves to a private address
        "https://mixed.example/hook",  # one public and one private address: refused
    ],
)
def test_internal_addresses_are_refused_at_registration(api, dns, url):
    dns["intranet.example"] = ["10.1.2.3"]
    dns["mixed.example"] = [PUBLIC_IP, "127.0.0.1"]
    response = api("agency:fire").post("/api/v1/webhooks", json={"url": url})
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    assert "nicht öffentlich erreichbar" in response.json["errors"]["url"][0]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.example/x", "Bitte eine https-Adresse angeben."),
        ("https://agency:secret@hooks.example/x", "Zugangsdaten in der Adresse sind nicht erlaubt."),
        ("https://unknown.example/x", "Der Rechnername „unknown.example“ lässt sich nicht auflösen."),
        ("https://hooks.example:99999/x", "Die Adresse ist ungültig."),
    ],
)
def test_malformed_urls_are_refused_with_a_german_reason(api, dns, url, message):
    dns["hooks.example"] = [PUBLIC_IP]
    response = api("agency:fire").post("/api/v1/webhooks", json={"url": url})
    assert response.status_code == 422 and response.json["errors"]["url"] == [message]


def test_only_https_in_production(app, api, dns):
    app.config["WEBHOOKS_ALLOW_HTTP"] = False
    dns["hooks.example"] = [PUBLIC_IP]
    fire = api("agency:fire")
    refused = fire.post("/api/v1/webhooks", json={"url": "http://hooks.example/x"})
    assert refused.status_code == 422
    assert refused.json["errors"]["url"] == ["Nur https-Adressen sind erlaubt."]
    assert fire.post("/api/v1/webhooks", json={"url": "https://hooks.example/x"}).status_code == 201


def test_delivery_is_refused_when_the_name_now_points_inside(api, dns, receiver):
    dns["hooks.example"] = [PUBLIC_IP]
    url = f"http://hooks.example:{receiver.port}/hook"
    assert api("agency:fire").post("/api/v1/webhooks", json={"url": url}).status_code == 201
    _notify()
    dns["hooks.example"] = ["127.0.0.1"]  # DNS rebinding: the name now leads to the receiver on localhost

    assert run_next_job("w1") is True

    assert receiver.requests == []
    delivery = _delivery()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_error.startswith("Nicht gesendet: Die Adresse 127.0.0.1 ist nicht öffentlich")
    job = db.session.scalars(select(Job)).one()
    assert job.status == JobStatus.QUEUED and job.last_error_summary.endswith(delivery.last_error)


def test_delivery_connects_to_the_checked_address_with_the_original_host(app, api, dns, receiver):
    # hooks.internal exists only in our DNS: only the pinned address can reach the receiver.
    app.config["WEBHOOK_ALLOWED_HOSTS"] = "hooks.internal, other.internal"
    dns["hooks.internal"] = ["127.0.0.1"]
    url = f"http://hooks.internal:{receiver.port}/hook?agency=fire"
    assert api("agency:fire").post("/api/v1/webhooks", json={"url": url}).status_code == 201
    delivery = _notify()

    assert run_next_job("w1") is True

    (path, headers, _body) = receiver.requests[0]
    assert path == "/hook?agency=fire" and headers["Host"] == f"hooks.internal:{receiver.port}"
    assert headers["X-Permits-Delivery"] == str(delivery.id)
    assert _delivery().status == DeliveryStatus.DELIVERED


@pytest.fixture
def local_hook(app, api, receiver) -> str:
    """A webhook on the local receiver, allowed by the allow-list (as an internal test receiver would be)."""
    app.config["WEBHOOK_ALLOWED_HOSTS"] = "127.0.0.1"
    created = api("agency:fire").post("/api/v1/webhooks", json={"url": f"http://127.0.0.1:{receiver.port}/h"})
    assert created.status_code == 201
    return created.json["id"]


def test_redirects_are_not_followed(local_hook, receiver):
    receiver.status, receiver.headers = 302, {"Location": f"http://127.0.0.1:{receiver.port}/elsewhere"}
    _notify()

    assert run_next_job("w1") is True

    assert [path for path, _h, _b in receiver.requests] == ["/h"]
    delivery = _delivery()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.PENDING, 1, 302)
    assert "Weiterleitungen werden nicht verfolgt" in delivery.last_error


def test_removing_a_webhook_cancels_its_pending_deliveries(api, local_hook, receiver):
    _notify()
    assert api("agency:fire").delete(f"/api/v1/webhooks/{local_hook}").status_code == 204
    assert _delivery().status == DeliveryStatus.CANCELLED

    assert run_next_job("w1") is True  # the job finds the delivery cancelled and stops

    assert receiver.requests == []
    assert _delivery().attempts == 0
    assert db.session.scalars(select(Job)).one().status == JobStatus.DONE


def test_a_retried_job_stops_once_the_webhook_is_removed(api, local_hook, receiver, clock):
    receiver.status = 500
    _notify()
    assert run_next_job("w1") is True
    assert api("agency:fire").delete(f"/api/v1/webhooks/{local_hook}").status_code == 204
    clock.advance(timedelta(minutes=1))

    assert run_next_job("w1") is True

    assert len(receiver.requests) == 1
    assert (_delivery().status, _delivery().attempts) == (DeliveryStatus.CANCELLED, 1)


def test_every_try_is_counted_once(local_hook, receiver, clock):
    receiver.status = 503
    _notify()
    for _ in range(2):
        assert run_next_job("w1") is True
        clock.advance(timedelta(hours=1))
    receiver.status = 200
    assert run_next_job("w1") is True
    assert run_next_job("w1") is False  # done: nothing is sent again

    delivery = _delivery()
    assert (delivery.status, delivery.attempts, len(receiver.requests)) == (DeliveryStatus.DELIVERED, 3, 3)


def test_a_worker_dying_after_sending_resends_with_the_same_delivery_id(
    local_hook, receiver, clock, monkeypatch
):
    delivery_id = _notify().id
    original = webhooks.record_result

    def die_before_recording(*args):
        raise SystemExit("worker killed after the POST")

    monkeypatch.setattr(webhooks, "record_result", die_before_recording)
    with pytest.raises(SystemExit):
        run_next_job("w1")
    db.session.rollback()
    monkeypatch.setattr(webhooks, "record_result", original)
    clock.advance(timedelta(minutes=6))  # the dead worker's lease runs out

    assert run_next_job("w2") is True

    ids = [headers["X-Permits-Delivery"] for _p, headers, _b in receiver.requests]
    assert ids == [str(delivery_id), str(delivery_id)]
    assert [json.loads(body)["id"] for _p, _h, body in receiver.requests] == [delivery_id, delivery_id]
    delivery = _delivery()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)


def test_a_slow_receiver_is_cut_off(app, local_hook, receiver):
    app.config["WEBHOOK_TIMEOUT_SECONDS"] = 0.5
    receiver.delay = 2.0
    _notify()
    started = time.monotonic()

    assert run_next_job("w1") is True

    assert time.monotonic() - started < 1.8
    delivery = _delivery()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "rechtzeitig" in delivery.last_error or "nicht erreichbar" in delivery.last_error


def test_only_the_start_of_a_large_answer_is_read(app, local_hook, receiver, monkeypatch):
    receiver.body = b"x" * 5_000_000
    app.config["WEBHOOK_MAX_RESPONSE_BYTES"] = 1024
    read_sizes: list[int | None] = []
    original = webhook_http.http.client.HTTPResponse.read

    def spy(self, amt=None):
        read_sizes.append(amt)
        return original(self, amt)

    monkeypatch.setattr(webhook_http.http.client.HTTPResponse, "read", spy)
    _notify()

    assert run_next_job("w1") is True

    assert read_sizes == [1024]
    assert _delivery().status == DeliveryStatus.DELIVERED


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("::ffff:93.184.215.14", True),
        ("127.0.0.1", False),
        ("::ffff:7f00:1", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("::", False),
        ("ff02::1", False),
    ],
)
def test_public_addresses(address, public):
    assert webhook_http.is_public(ipaddress.ip_address(address)) is public


def test_an_administrator_retry_sends_a_failed_delivery_again(app, local_hook, receiver, clock, actors):
    from permits.services.incidents import retry_job

    receiver.status = 503
    _notify()
    job = db.session.scalars(select(Job).filter_by(kind="deliver_webhook")).one()
    for _ in range(job.max_attempts):
        assert run_next_job("w1") is True
        clock.advance(timedelta(hours=7))
    db.session.expire_all()
    assert (_delivery().status, db.session.get_one(Job, job.id).status) == (
        DeliveryStatus.FAILED,
        JobStatus.FAILED,
    )

    receiver.status = 200
    retry_job(job.id, actors["admin"])
    assert run_next_job("w1") is True

    db.session.expire_all()
    delivery = _delivery()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert db.session.get_one(Job, job.id).status == JobStatus.DONE
    assert len(receiver.requests) == job.max_attempts + 1
