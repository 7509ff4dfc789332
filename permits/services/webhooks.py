"""Webhooks for agencies: registration, removal, and signed delivery by the worker.

An event writes one `WebhookDelivery` per active webhook and queues a `deliver_webhook` job, both in the
transaction of the event itself (`permits.core.outbox`): if the event is rolled back nothing is sent, and
once it commits the delivery survives any worker crash. The job signs the body with HMAC-SHA256 over
"<timestamp>.<body>" and retries with backoff (the job queue's) until the receiver answers 2xx.

Delivery is at least once: a worker that dies after the POST but before recording the answer sends the same
delivery again, with the same `X-Permits-Delivery` id, which receivers use to drop duplicates. Each try is
counted before it is sent, in its own committed transaction, so `attempts` is exact even then. Which
addresses may be called, and how, is `permits.services.webhook_http`. Removing a webhook cancels its
pending deliveries; a job that finds its delivery cancelled (or already settled) stops.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import secrets
from dataclasses import dataclass
from typing import Any, cast

from flask import current_app
from sqlalchemy import Update, select, update
from sqlalchemy.engine import CursorResult

from permits.core import audit
from permits.core.actors import Actor
from permits.core.jobs import job_handler
from permits.core.outbox import MAX_ATTEMPTS
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import InvalidInput, NotFound, PermissionDenied, PermitsError
from permits.extensions import db
from permits.models import DeliveryStatus, Role, Webhook, WebhookDelivery
from permits.services import webhook_http
from permits.services.webhook_http import AddressRefused, Limits, Target


class WebhookNotDelivered(PermitsError):
    """One delivery attempt failed; the job queue retries it. Never reaches an HTTP edge."""

    status = 502
    code = "webhook_not_delivered"
    title = "Webhook nicht zugestellt"


def _agency_of(actor: Actor) -> int:
    if actor.role not in (Role.AGENCY, Role.ADMIN) or actor.authority_id is None:
        raise PermissionDenied("Webhooks können nur Fachbehörden registrieren.")
    return actor.authority_id


def _allowed_hosts() -> frozenset[str]:
    configured = current_app.config["WEBHOOK_ALLOWED_HOSTS"] or ""
    names = configured.replace(",", " ").split() if isinstance(configured, str) else configured
    return frozenset(str(name).strip().lower().strip("[]") for name in names)


def check_url(url: str) -> Target:
    return webhook_http.check_url(
        url, allow_http=bool(current_app.config["WEBHOOKS_ALLOW_HTTP"]), allowed_hosts=_allowed_hosts()
    )


def _execute_update(statement: Update) -> int:
    """Run an UPDATE; returns how many rows it changed."""
    return cast(CursorResult[Any], db.session.execute(statement)).rowcount


def webhooks_of(actor: Actor) -> list[Webhook]:
    query = select(Webhook).where(Webhook.authority_id == _agency_of(actor), Webhook.active.is_(True))
    return list(db.session.scalars(query.order_by(Webhook.id)))


@transactional
def register_webhook(url: str, actor: Actor) -> tuple[Webhook, str]:
    """Returns the webhook and its signing secret (shown once)."""
    authority_id = _agency_of(actor)
    try:
        check_url(url)
    except AddressRefused as refused:
        message = "Diese Adresse ist nicht zulässig."
        raise InvalidInput(message, field_errors={"url": [refused.message]}) from None
    secret = secrets.token_hex(32)
    webhook = Webhook(authority_id=authority_id, url=url.strip(), secret=secret, created_at=now())
    db.session.add(webhook)
    db.session.flush()
    audit.record("webhook_registered", actor, after={"webhook": webhook.id, "url": webhook.url})
    return webhook, secret


@transactional
def remove_webhook(webhook_id: int, actor: Actor) -> None:
    """Deactivate the webhook and cancel what it still had to deliver."""
    webhook = db.session.get(Webhook, webhook_id)
    if webhook is None or not webhook.active or webhook.authority_id != _agency_of(actor):
        raise NotFound("Diesen Webhook gibt es nicht.")
    webhook.active = False
    cancelled = _execute_update(
        update(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook.id, WebhookDelivery.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.CANCELLED)
    )
    audit.record(
        "webhook_removed",
        actor,
        before={"webhook": webhook.id, "url": webhook.url},
        after={"cancelled_deliveries": cancelled},
    )


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Attempt:
    """What one try needs, read in its own transaction so the network wait holds no database lock."""

    delivery_id: int
    url: str
    secret: str
    event: str
    payload: dict[str, Any]
    number: int


@transactional
def begin_attempt(delivery_id: int) -> Attempt | None:
    """Count the try before it is made (atomically, so two workers cannot count one). None: nothing to
    send, the delivery is settled or cancelled."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    if not delivery.webhook.active:  # removed before the cancellation could reach this row
        delivery.status = DeliveryStatus.CANCELLED
        return None
    counted = _execute_update(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == DeliveryStatus.PENDING)
        .values(attempts=WebhookDelivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if counted != 1:
        return None
    db.session.refresh(delivery)
    return Attempt(
        delivery.id,
        delivery.webhook.url,
        delivery.webhook.secret,
        delivery.event,
        dict(delivery.payload),
        delivery.attempts,
    )


@transactional
def record_result(delivery_id: int, status_code: int | None, error: str | None) -> None:
    """The outcome of the try `begin_attempt` counted. A delivery cancelled meanwhile stays cancelled."""
    delivery = db.session.get_one(WebhookDelivery, delivery_id)
    delivery.last_status_code = status_code
    delivery.last_error = error[:500] if error else None
    if delivery.status != DeliveryStatus.PENDING:
        return
    if error is None:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, now()
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED


def _limits() -> Limits:
    config = current_app.config
    return Limits(
        connect_seconds=float(config["WEBHOOK_CONNECT_TIMEOUT_SECONDS"]),
        total_seconds=float(config["WEBHOOK_TIMEOUT_SECONDS"]),
        max_response_bytes=int(config["WEBHOOK_MAX_RESPONSE_BYTES"]),
    )


def _request(attempt: Attempt) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(
        {"id": attempt.delivery_id, "event": attempt.event, "data": attempt.payload}, separators=(",", ":")
    ).encode()
    timestamp = str(int(now().timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "permits-webhooks/1",
        "X-Permits-Event": attempt.event,
        "X-Permits-Delivery": str(attempt.delivery_id),
        "X-Permits-Timestamp": timestamp,
        "X-Permits-Signature": signature(attempt.secret, timestamp, body),
    }
    return body, headers


def send(attempt: Attempt) -> tuple[int | None, str | None]:
    """One try: check the address again (DNS may have changed), POST to it. Returns (status, error)."""
    try:
        target = check_url(attempt.url)
    except AddressRefused as refused:
        return None, f"Nicht gesendet: {refused.message}"
    body, headers = _request(attempt)
    try:
        status = webhook_http.post(target, body, headers, _limits())
    except TimeoutError:
        return None, "Die Gegenstelle hat nicht rechtzeitig geantwortet."
    except (OSError, http.client.HTTPException) as exc:
        return None, f"Die Gegenstelle war nicht erreichbar ({type(exc).__name__}: {exc})"
    if 200 <= status < 300:
        return status, None
    if 300 <= status < 400:
        return status, f"HTTP {status}: Weiterleitungen werden nicht verfolgt."
    return status, f"HTTP {status}"


def reopen_delivery(payload: dict[str, Any]) -> None:
    """An administrator retries a failed delivery job: the delivery gets a fresh set of attempts, like its
    job (runs in the retry's transaction). A cancelled delivery or a removed webhook stays as it is."""
    delivery = db.session.get(WebhookDelivery, int(payload["delivery_id"]))
    if delivery is None or delivery.status != DeliveryStatus.FAILED or not delivery.webhook.active:
        return
    delivery.status, delivery.attempts = DeliveryStatus.PENDING, 0


@job_handler(
    "deliver_webhook",
    label="Webhook zustellen",
    failure="Die Benachrichtigung konnte nicht zugestellt werden",
    on_retry=reopen_delivery,
)
def deliver(payload: dict[str, Any]) -> None:
    """Idempotent: a settled or cancelled delivery is left alone, each try is counted exactly once."""
    attempt = begin_attempt(int(payload["delivery_id"]))
    if attempt is None:
        return
    status_code, error = send(attempt)
    record_result(attempt.delivery_id, status_code, error)
    if error is not None:
        raise WebhookNotDelivered(error)  # the job queue retries with backoff


def recent_deliveries(limit: int = 200) -> list[WebhookDelivery]:
    query = select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)
    return list(db.session.scalars(query))
