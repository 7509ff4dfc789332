"""Deadline reminders: a few working days before an agency's deadline, its webhooks are told once."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from permits.codelists import ReviewStatus
from permits.core.outbox import notify_authority
from permits.core.runtime import local_today, now
from permits.core.transaction import transactional
from permits.extensions import db
from permits.models import ReviewRequest
from permits.participation.reviews import webhook_payload


@transactional
def send_deadline_reminders(limit: int = 100) -> int:
    """Queue reminders for open requests due within REMINDER_DAYS_BEFORE days; each request once."""
    horizon = local_today() + timedelta(days=current_app.config["REMINDER_DAYS_BEFORE"])
    query = (
        select(ReviewRequest)
        .where(ReviewRequest.status == ReviewStatus.OPEN, ReviewRequest.reminder_sent_at.is_(None))
        .where(ReviewRequest.due_on <= horizon)
        .order_by(ReviewRequest.due_on, ReviewRequest.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    sent = 0
    for review in db.session.scalars(query):
        if review.effective_due_on > horizon:
            continue  # extended: remind nearer the new date
        review.reminder_sent_at = now()
        notify_authority(review.authority_id, "review_request.deadline_reminder", webhook_payload(review))
        sent += 1
    return sent
