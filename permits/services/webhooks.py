"""Webhooks for agencies: registration, the outbox, and signed delivery by the worker.

An event writes one `WebhookDelivery` per active webhook and queues a `deliver_webhook` job, both in the
transaction of the event itself: if the event is rolled back nothing is sent, and once it commits the
delivery survives any worker crash. The job signs the body with HMAC-SHA256 over "<timestamp>.<body>" and
retries with backoff (the job queue's) until the receiver answers 2xx.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from permits.core import audit
from permits.core.actors import Actor
from permits.core.jobs import job_handler
from permits.core.outbox import MAX_ATTEMPTS
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import DeliveryStatus, Role, Webhook, WebhookDelivery


def _agency_of(actor: Actor) -> int:
    if actor.role not in (Role.AGENCY, Role.ADMIN) or actor.authority_id is None:
        raise PermissionDenied("Webhooks können nur Fachbehörden registrieren.")
    return actor.authority_id


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidInput(
            "Ungültige Adresse.", field_errors={"url": ["Bitte eine http(s)-Adresse angeben."]}
        )
    if parts.scheme == "http" and not current_app.config["WEBHOOKS_ALLOW_HTTP"]:
        raise InvalidInput(
            "Unverschlüsselte Adresse.", field_errors={"url": ["Nur https-Adressen sind erlaubt."]}
        )


def webhooks_of(actor: Actor) -> list[Webhook]:
    query = select(Webhook).where(Webhook.authority_id == _agency_of(actor), Webhook.active.is_(True))
    return list(db.session.scalars(query.order_by(Webhook.id)))


@transactional
def register_webhook(url: str, actor: Actor) -> tuple[Webhook, str]:
    """Returns the webhook and its signing secret (shown once)."""
    authority_id = _agency_of(actor)
    _check_url(url)
    secret = secrets.token_hex(32)
    webhook = Webhook(authority_id=authority_id, url=url, secret=secret, created_at=now())
    db.session.add(webhook)
    db.session.flush()
    audit.record("webhook_registered", actor, after={"webhook": webhook.id, "url": url})
    return webhook, secret


@transactional
def remove_webhook(webhook_id: int, actor: Actor) -> None:
    webhook = db.session.get(Webhook, webhook_id)
    if webhook is None or not webhook.active or webhook.authority_id != _agency_of(actor):
        raise NotFound("Diesen Webhook gibt es nicht.")
    webhook.active = False
    audit.record("webhook_removed", actor, before={"webhook": webhook.id, "url": webhook.url})


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _post(delivery: WebhookDelivery) -> int:
    body = json.dumps(
        {"id": delivery.id, "event": delivery.event, "data": delivery.payload}, separators=(",", ":")
    ).encode()
    timestamp = str(int(now().timestamp()))
    request = urllib.request.Request(
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "permits-webhooks/1",
            "X-Permits-Event": delivery.event,
            "X-Permits-Delivery": str(delivery.id),
            "X-Permits-Timestamp": timestamp,
            "X-Permits-Signature": signature(delivery.webhook.secret, timestamp, body),
        },
    )
    with urllib.request.urlopen(request, timeout=current_app.config["WEBHOOK_TIMEOUT_SECONDS"]) as response:
        return int(response.status)


@job_handler("deliver_webhook")
def deliver(payload: dict[str, Any]) -> None:
    delivery = db.session.get(WebhookDelivery, payload["delivery_id"])
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return  # already settled by an earlier attempt whose job bookkeeping was lost
    delivery.attempts += 1
    try:
        delivery.last_status_code = _post(delivery)
    except (urllib.error.URLError, OSError) as exc:
        code = exc.code if isinstance(exc, urllib.error.HTTPError) else None
        delivery.last_status_code, delivery.last_error = code, (f"HTTP {code}" if code else str(exc))[:500]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
        db.session.commit()
        raise
    delivery.status, delivery.delivered_at, delivery.last_error = DeliveryStatus.DELIVERED, now(), None
    db.session.commit()


def recent_deliveries(limit: int = 200) -> list[WebhookDelivery]:
    query = select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)
    return list(db.session.scalars(query))
