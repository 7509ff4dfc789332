"""Agencies answer review requests (API and XBau 0303): read what they need, submit statements.

A statement goes through the procedure while it waits for it (the agency's task is completed, so the
process moves on exactly as when the agency uses the page); after the deadline or deemed consent it is
stored and flagged late instead of being lost. An `Idempotency-Key` makes a retried call store nothing new.

The key belongs to one review request and one request body (its SHA-256 is stored with the statement): the
same key with a different body is refused (422) instead of silently answering with the first statement.
Concurrent calls with one key race for the unique key in the database; the losers roll back and answer with
what the winner stored, never with a 500.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError

from permits.codelists import ReviewKind, ReviewStatus, Verdict
from permits.core.actors import Actor
from permits.core.transaction import in_transaction, transactional
from permits.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import (
    Application,
    ApplicationDocument,
    ReviewRequest,
    Role,
    Statement,
    StatementAttachment,
)
from permits.participation import reviews as participation
from permits.participation.statement_rules import validate_statement
from permits.services.tasks import complete_task
from permits.services.timers import settle_due_timers

T = TypeVar("T")


@dataclass(frozen=True)
class StatementInput:
    verdict: str
    text: str | None = None
    legal_area: str | None = None
    conditions: tuple[dict[str, Any], ...] = ()
    # One verdict per legal area ({legal_area, verdict, conditions, reasons}); `verdict` is the strictest.
    areas: tuple[dict[str, Any], ...] = ()
    notes: str | None = None  # statement-level hints (XBau hinweise)


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


def statement_attachment(review: ReviewRequest, attachment_id: int) -> StatementAttachment:
    """A file sent with a statement on this request (whoever may read the request may read it)."""
    item = db.session.get(StatementAttachment, attachment_id)
    if item is None or item.statement.review_request_id != review.id:
        raise NotFound("Diese Anlage gibt es nicht.")
    if item.content is None:
        raise NotFound("Die Datei dieser Anlage wurde nicht mit der Stellungnahme übermittelt.")
    return item


def _form_data(statement: StatementInput, review: ReviewRequest) -> dict[str, Any]:
    if review.kind == ReviewKind.MUNICIPAL_CONSENT:
        return _municipal_form_data(statement)
    first = statement.conditions[0] if statement.conditions else {}
    return {
        "statement_verdict": statement.verdict,
        "legal_area": statement.legal_area,
        "statement_text": statement.text,
        "condition_type": first.get("type"),
        "condition_text": first.get("text"),
    }


def _municipal_form_data(statement: StatementInput) -> dict[str, Any]:
    """The municipality's § 36 BauGB answer fills its own form: consent is given or refused, nothing else."""
    if statement.verdict == Verdict.CONSENT_WITH_CONDITIONS or statement.conditions or statement.areas:
        message = (
            "Das gemeindliche Einvernehmen wird erteilt oder versagt; Nebenbestimmungen sind nicht möglich."
        )
        raise InvalidInput(message, field_errors={"verdict": [message]})
    return {"consent_granted": statement.verdict == Verdict.CONSENT, "consent_reasons": statement.text}


def body_hash(statement: StatementInput) -> str:
    """SHA-256 of the statement as submitted (key order aside): what an Idempotency-Key is bound to."""
    body = asdict(statement)
    # Bodies without areas and notes hash as before those existed, so stored keys still replay.
    for optional in ("areas", "notes"):
        if not body[optional]:
            del body[optional]
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(earlier: Statement, digest: str) -> tuple[Statement, bool]:
    # Statements stored before keys were bound to bodies have no hash: they replay as before.
    if earlier.idempotency_hash is not None and earlier.idempotency_hash != digest:
        raise InvalidInput(
            "Dieser Idempotency-Key wurde bereits für eine Stellungnahme mit anderem Inhalt verwendet.",
            field_errors={"Idempotency-Key": ["Bereits für einen anderen Inhalt verwendet."]},
        )
    return earlier, False


_RACE_ROUNDS = 5


def _one_at_a_time(review: ReviewRequest) -> None:
    """Write-lock the review request before looking for the key, so calls with one key run one after the
    other: on PostgreSQL the next waits for the row and then finds the stored statement; SQLite has one
    writer, and a call that read before the winner committed fails here and starts over."""
    db.session.execute(
        update(ReviewRequest)
        .where(ReviewRequest.id == review.id)
        .values(status=ReviewRequest.status)
        .execution_options(synchronize_session=False)
    )


def retrying_races(call: Callable[[], T]) -> T:
    """Run `call` (its own transaction). Losing a race to a concurrent call with the same key (a conflict on
    the agency's task or the unique key) is not an error: the call starts over and finds the winner's row."""
    if in_transaction():
        return call()
    for round_ in range(1, _RACE_ROUNDS + 1):
        try:
            return call()
        except (Conflict, IntegrityError):
            if round_ == _RACE_ROUNDS:
                raise Conflict("Die Stellungnahme wird gerade gespeichert. Bitte erneut senden.") from None
            time.sleep(0.02 * round_)  # let the winner commit
    raise AssertionError("unreachable")


def submit_statement(
    public_id: str, statement: StatementInput, actor: Actor, idempotency_key: str | None = None
) -> tuple[Statement, bool]:
    """Returns the statement and whether it was stored now (False: the key was seen before)."""
    if idempotency_key is None:
        return _submit_statement(public_id, statement, actor, idempotency_key)
    return retrying_races(lambda: _submit_statement(public_id, statement, actor, idempotency_key))


@transactional
def _submit_statement(
    public_id: str, statement: StatementInput, actor: Actor, idempotency_key: str | None
) -> tuple[Statement, bool]:
    review = get_review_request(public_id, actor)
    if actor.role != Role.AGENCY and not actor.is_admin:
        raise PermissionDenied("Stellungnahmen geben die beteiligten Stellen ab.")
    # Scoped to the request: the same key on another request is another call.
    key = f"api:{review.authority_id}:{review.id}:{idempotency_key}" if idempotency_key else None
    digest = body_hash(statement)
    if key:
        _one_at_a_time(review)
        earlier = db.session.scalars(select(Statement).filter_by(idempotency_key=key)).first()
        if earlier is not None:
            return _replay(earlier, digest)
    # Validate before completing the agency's task: a refused statement must not move the procedure.
    validate_statement(statement.verdict, list(statement.conditions), list(statement.areas))
    # A deadline that passed before the worker fired it counts: the statement is then late.
    settle_due_timers(review.case_id)
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
            areas=list(statement.areas),
            notes=statement.notes,
        )
        stored.idempotency_hash = digest if key else None
        return stored, True
    system_data = {
        "statement_conditions": list(statement.conditions),
        "statement_areas": list(statement.areas),
        "statement_notes": statement.notes,
        "statement_idempotency_key": key,
    }
    complete_task(task.task_id, _form_data(statement, review), actor, system_data=system_data, claim=True)
    latest = db.session.scalars(
        select(Statement).where(Statement.review_request_id == review.id).order_by(Statement.id.desc())
    ).first()
    assert latest is not None, "the procedure records the statement when the agency's task completes"
    latest.idempotency_hash = digest if key else None
    return latest, True
