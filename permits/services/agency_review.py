"""Agencies answer review requests (API and XBau 0303): read what they need, submit statements.

A statement goes through the procedure while it waits for it (the agency's task is completed, so the
process moves on exactly as when the agency uses the page); after the deadline or deemed consent it is
stored and flagged late instead of being lost. An `Idempotency-Key` makes a retried call store nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from permits.codelists import ReviewStatus
from permits.core.actors import Actor
from permits.core.transaction import transactional
from permits.errors import NotFound, PermissionDenied
from permits.extensions import db
from permits.models import Application, ApplicationDocument, ReviewRequest, Role, Statement
from permits.participation import reviews as participation
from permits.services.tasks import complete_task


@dataclass(frozen=True)
class StatementInput:
    verdict: str
    text: str | None = None
    legal_area: str | None = None
    conditions: tuple[dict[str, Any], ...] = ()


def review_requests_query(actor: Actor, status: str | None) -> Select[ReviewRequest]:
    query = select(ReviewRequest).order_by(ReviewRequest.requested_at.desc(), ReviewRequest.id.desc())
    if actor.role == Role.AGENCY:
        query = query.where(ReviewRequest.authority_id == actor.authority_id)
    elif actor.role not in (Role.CASE_OFFICER, Role.ADMIN):
        raise PermissionDenied("Beteiligungen sehen Fachbehörden und die Sachbearbeitung.")
    if status == "open":
        query = query.where(ReviewRequest.status == ReviewStatus.OPEN)
    elif status == "answered":
        query = query.where(ReviewRequest.status != ReviewStatus.OPEN)
    return query


def get_review_request(public_id: str, actor: Actor) -> ReviewRequest:
    review = db.session.scalars(select(ReviewRequest).filter_by(public_id=public_id)).first()
    # Another agency's request is reported as absent, not forbidden: its existence is none of their business.
    visible = review is not None and (
        actor.role in (Role.CASE_OFFICER, Role.ADMIN)
        or (actor.role == Role.AGENCY and review.authority_id == actor.authority_id)
    )
    if review is None or not visible:
        raise NotFound("Diese Beteiligung gibt es nicht.")
    return review


def case_documents(review: ReviewRequest) -> list[ApplicationDocument]:
    query = (
        select(ApplicationDocument)
        .join(Application)
        .where(Application.case_id == review.case_id)
        .order_by(ApplicationDocument.id)
    )
    return list(db.session.scalars(query))


def case_document(review: ReviewRequest, document_id: int) -> ApplicationDocument:
    for document in case_documents(review):
        if document.id == document_id:
            return document
    raise NotFound("Diese Unterlage gibt es nicht.")


def _form_data(statement: StatementInput) -> dict[str, Any]:
    first = statement.conditions[0] if statement.conditions else {}
    return {
        "statement_verdict": statement.verdict,
        "legal_area": statement.legal_area,
        "statement_text": statement.text,
        "condition_type": first.get("type"),
        "condition_text": first.get("text"),
    }


@transactional
def submit_statement(
    public_id: str, statement: StatementInput, actor: Actor, idempotency_key: str | None = None
) -> tuple[Statement, bool]:
    """Returns the statement and whether it was stored now (False: the key was seen before)."""
    review = get_review_request(public_id, actor)
    if actor.role != Role.AGENCY and not actor.is_admin:
        raise PermissionDenied("Stellungnahmen geben die beteiligten Stellen ab.")
    key = f"api:{review.authority_id}:{idempotency_key}" if idempotency_key else None
    if key:
        earlier = db.session.scalars(select(Statement).filter_by(idempotency_key=key)).first()
        if earlier is not None:
            return earlier, False
    task = participation.statement_task(review)
    if task is None:
        stored = participation.record_statement(
            review.id,
            statement.verdict,
            list(statement.conditions),
            statement.text,
            actor,
            legal_area=statement.legal_area,
            idempotency_key=key,
        )
        return stored, True
    system_data = {"statement_conditions": list(statement.conditions), "statement_idempotency_key": key}
    complete_task(task.task_id, _form_data(statement), actor, system_data=system_data)
    latest = db.session.scalars(
        select(Statement).where(Statement.review_request_id == review.id).order_by(Statement.id.desc())
    ).first()
    assert latest is not None, "the procedure records the statement when the agency's task completes"
    return latest, True
