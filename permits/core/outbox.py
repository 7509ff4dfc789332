"""The webhook outbox: events for agencies are written in the transaction of the change that causes them.

One `WebhookDelivery` per active webhook of the authority, and a `deliver_webhook` job for the worker
(the delivery itself lives in `permits.services.webhooks`). If the change rolls back, nothing is sent;
once it commits, the delivery survives any worker crash.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from permits.core.jobs import enqueue
from permits.core.runtime import now
from permits.extensions import db
from permits.models import Webhook, WebhookDelivery

EVENTS = ("review_request.created", "review_request.deadline_reminder")
DELIVER_JOB = "deliver_webhook"
MAX_ATTEMPTS = 10


def notify_authority(authority_id: int, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue `event` for every active webhook of the authority, in the caller's transaction."""
    assert event in EVENTS, event
    deliveries = []
    for webhook in db.session.scalars(select(Webhook).filter_by(authority_id=authority_id, active=True)):
        delivery = WebhookDelivery(webhook=webhook, event=event, payload=payload, created_at=now())
        db.session.add(delivery)
        db.session.flush()
        enqueue(DELIVER_JOB, {"delivery_id": delivery.id}, max_attempts=MAX_ATTEMPTS)
        deliveries.append(delivery)
    return deliveries
