"""Participation of agencies and the municipality: review requests, statements, deemed consent.

These functions run in the caller's transaction and never commit: the service tasks of `beteiligung.bpmn` /
`einvernehmen.bpmn` call them inside the workflow step, an API endpoint wraps them in its own transaction
(`permits.core.transaction.transactional`).

Statements go through `record_statement` whichever way they arrive. While the agency's user task
`ut_statement` is open, the API should complete that task (`statement_task` finds it), so the procedure moves
on and the service task stores the statement; once the request is closed (deemed consent, withdrawn) or the
deadline has passed, the API calls `record_statement` directly: the statement is stored with `late=True`,
never lost, and the procedure is not changed.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from permits.codelists import ReviewKind, ReviewStatus, Verdict
from permits.core import audit
from permits.core.actors import Actor
from permits.core.outbox import notify_authority
from permits.core.runtime import expires_at, last_day, local_today, now
from permits.errors import Conflict, InvalidInput, NotFound
from permits.extensions import db
from permits.models import Authority, AuthorityKind, OpenTask, ReviewRequest, Statement
from permits.models.authority import legal_area_of
from permits.participation import interim, periods
from permits.participation.statement_rules import checked_statement

# ut_statement_pending: the agency answers while its request for more time is undecided.
STATEMENT_ELEMENT_IDS = ("ut_statement", "ut_statement_pending", "ut_municipal_consent")


def legal_area(agency_type: str | None) -> str:
    """The legal area a body of this type speaks for (the table lives with the Authority model)."""
    return legal_area_of(agency_type)


def get_review_request(review_request_id: int) -> ReviewRequest:
    review = db.session.get(ReviewRequest, review_request_id)
    if review is None:
        raise NotFound(f"Beteiligung {review_request_id} nicht gefunden.")
    return review


def summary(review: ReviewRequest) -> dict[str, Any]:
    """The small JSON the process keeps about a review request (timer values included)."""
    fires_at = expires_at(review.effective_due_on)
    return {
        "id": review.id,
        "public_id": review.public_id,
        "authority_code": review.authority.code,
        "kind": review.kind.value,
        "role": review.role.value,
        "due_on": review.effective_due_on.isoformat(),
        "fires_at": fires_at.isoformat(),
    }


def authority_for(code: str, kind: ReviewKind) -> Authority:
    """`code` is an Authority.code; for municipal consent also the agency type `municipality`."""
    authority = db.session.scalars(select(Authority).filter_by(code=code)).first()
    if authority is None and kind == ReviewKind.MUNICIPAL_CONSENT:
        authority = db.session.scalars(
            select(Authority)
            .where((Authority.kind == AuthorityKind.MUNICIPALITY) | (Authority.agency_type == "municipality"))
            .order_by(Authority.id)
        ).first()
    if authority is None:
        raise NotFound(f"Unbekannte Behörde {code!r}.")
    return authority


def open_review_request(
    case_id: int,
    authority_code: str,
    actor: Actor,
    *,
    kind: ReviewKind,
    element_id: str,
    task_id: str,
    months: int | None = None,
    rule: str | None = None,
    expert_authority_must_agree: bool = False,
) -> ReviewRequest:
    """Open a request with its role and its own deadline from the rule table (`periods`: a month, § 36
    BauGB two months, the monument authority a month more when the expert authority must agree); `months`
    overrides the rule. Idempotent per workflow task: a retried step returns the same request."""
    existing = db.session.scalars(select(ReviewRequest).filter_by(task_id=task_id)).first()
    if existing is not None:
        return existing
    authority = authority_for(authority_code, kind)
    role = periods.role_for(authority, kind)
    today = local_today()
    if months:
        due_on = last_day(today, months=months)
    else:
        must_agree = expert_authority_must_agree
        due_on = periods.due_on(authority, role, today, rule=rule, expert_authority_must_agree=must_agree)
    moment = now()
    review = ReviewRequest(
        public_id=str(uuid.uuid4()),
        case_id=case_id,
        authority=authority,
        kind=kind,
        role=role,
        element_id=element_id,
        task_id=task_id,
        requested_at=moment,
        due_on=due_on,
        status=ReviewStatus.OPEN,
    )
    db.session.add(review)
    db.session.flush()
    audit.record(
        "review_requested",
        actor,
        case_id=case_id,
        element_id=element_id,
        task_id=task_id,
        after={
            "review_request_id": review.id,
            "authority": authority.code,
            "kind": kind.value,
            "role": role.value,
            "due_on": review.due_on.isoformat(),
        },
    )
    notify_authority(authority.id, "review_request.created", webhook_payload(review))
    return review


def webhook_payload(review: ReviewRequest) -> dict[str, Any]:
    """What a webhook tells an agency: enough to fetch the request through the API, nothing more."""
    return {
        "review_request_id": review.public_id,
        "kind": review.kind.value,
        "due_on": review.effective_due_on.isoformat(),
        "url": f"/api/v1/review-requests/{review.public_id}",
    }


def record_statement(
    review_request_id: int,
    verdict: str,
    conditions: list[dict[str, Any]] | None,
    text: str | None,
    actor: Actor,
    *,
    legal_area: str | None = None,
    idempotency_key: str | None = None,
    element_id: str | None = None,
    areas: list[dict[str, Any]] | None = None,
    notes: str | None = None,
) -> Statement:
    """Store a statement. A statement after the deadline or after deemed consent is stored with `late=True`
    (the request keeps its outcome). The same `idempotency_key` returns the statement stored first.
    `conditions` are the statement's own; those of its `areas` are added to them."""
    if idempotency_key:
        existing = db.session.scalars(select(Statement).filter_by(idempotency_key=idempotency_key)).first()
        if existing is not None:
            if existing.review_request_id != review_request_id:
                raise Conflict("Der Idempotency-Key wurde bereits für eine andere Beteiligung verwendet.")
            return existing
    cleaned, cleaned_areas = checked_statement(verdict, conditions, areas)
    if not legal_area and cleaned_areas:
        legal_area = ", ".join(dict.fromkeys(area["legal_area"] for area in cleaned_areas))[:200]
    review = get_review_request(review_request_id)
    closed = (ReviewStatus.DEEMED_CONSENT, ReviewStatus.NO_STATEMENT, ReviewStatus.WITHDRAWN)
    late = review.status in closed or (local_today() > review.effective_due_on)
    moment = now()
    statement = Statement(
        review_request=review,
        verdict=Verdict(verdict),
        legal_area=legal_area or None,
        conditions=cleaned,
        text=text or None,
        areas=cleaned_areas,
        notes=(notes or "").strip() or None,
        received_at=moment,
        late=late,
        actor=actor.name,
        idempotency_key=idempotency_key,
    )
    db.session.add(statement)
    before = review.status.value
    if review.status == ReviewStatus.OPEN and not late:
        review.status = ReviewStatus.ANSWERED
        review.closed_at = moment
    db.session.flush()
    audit.record(
        "statement_recorded",
        actor,
        case_id=review.case_id,
        element_id=element_id,
        before={"review_status": before},
        after={
            "review_request_id": review.id,
            "statement_id": statement.id,
            "verdict": verdict,
            "late": late,
            "conditions": len(cleaned),
            "areas": {area["legal_area"]: area["verdict"] for area in cleaned_areas},
            "review_status": review.status.value,
        },
    )
    return statement


def record_deemed_consent(
    review_request_id: int, actor: Actor, *, element_id: str | None = None
) -> Statement | None:
    """The deadline passed in silence: consent is deemed given (a Statement with verdict deemed_consent).
    An expert body's silence is no statement: no consent is deemed and no statement stored."""
    review = get_review_request(review_request_id)
    if review.status != ReviewStatus.OPEN:
        return None
    moment = now()
    if not periods.deemed_consent_applies(review.role):
        review.status = ReviewStatus.NO_STATEMENT
        review.closed_at = moment
        audit.record(
            "no_statement",
            actor,
            case_id=review.case_id,
            element_id=element_id,
            after={"review_request_id": review.id, "authority": review.authority.code},
        )
        return None
    review.status = ReviewStatus.DEEMED_CONSENT
    review.closed_at = moment
    statement = Statement(
        review_request=review,
        verdict=Verdict.DEEMED_CONSENT,
        conditions=[],
        received_at=moment,
        late=False,
        actor=actor.name,
        text="Keine Stellungnahme innerhalb der Frist: die Zustimmung gilt als erteilt.",
    )
    db.session.add(statement)
    db.session.flush()
    audit.record(
        "deemed_consent",
        actor,
        case_id=review.case_id,
        element_id=element_id,
        after={
            "review_request_id": review.id,
            "authority": review.authority.code,
            "due_on": review.effective_due_on.isoformat(),
        },
    )
    return statement


def extend_review(
    review_request_id: int,
    actor: Actor,
    *,
    grant: bool,
    weeks: int,
    reason: str | None,
    element_id: str | None = None,
) -> ReviewRequest:
    """Decide an agency's request for more time (XBau 0305/0306); the new last day counts from the
    current one."""
    review = get_review_request(review_request_id)
    if review.status != ReviewStatus.OPEN:
        raise Conflict(
            "Die Beteiligung ist bereits abgeschlossen; eine Fristverlängerung ist nicht mehr möglich."
        )
    before = review.effective_due_on.isoformat()
    if grant:
        if weeks < 1:
            raise InvalidInput(
                "Verlängerung um mindestens eine Woche.", field_errors={"extension_weeks": ["≥ 1"]}
            )
        review.extended_until = last_day(review.effective_due_on, weeks=weeks)
        review.extension_reason = reason
    audit.record(
        "deadline_extended" if grant else "extension_refused",
        actor,
        case_id=review.case_id,
        element_id=element_id,
        before={"due_on": before},
        after={
            "review_request_id": review.id,
            "due_on": review.effective_due_on.isoformat(),
            "reason": reason,
        },
    )
    # An agency that asked by XBau 0305 gets the decision as 0306.
    interim.answer_interim_message(review, actor, granted=grant, reason=reason, element_id=element_id)
    return review


def close_open_reviews(case_id: int, actor: Actor, *, element_id: str | None = None) -> int:
    """The procedure ended (e.g. deemed approval): open requests are withdrawn; late answers stay storable."""
    reviews = db.session.scalars(
        select(ReviewRequest).filter_by(case_id=case_id, status=ReviewStatus.OPEN).order_by(ReviewRequest.id)
    ).all()
    for review in reviews:
        review.status = ReviewStatus.WITHDRAWN
        review.closed_at = now()
        audit.record(
            "review_withdrawn",
            actor,
            case_id=case_id,
            element_id=element_id,
            after={"review_request_id": review.id, "authority": review.authority.code},
        )
    return len(reviews)


def review_requests(
    *, authority_id: int | None = None, case_id: int | None = None, status: ReviewStatus | None = None
) -> list[ReviewRequest]:
    """For `GET /api/v1/review-requests` (an agency sees its own) and the case pages."""
    query = select(ReviewRequest).order_by(ReviewRequest.requested_at, ReviewRequest.id)
    if authority_id is not None:
        query = query.where(ReviewRequest.authority_id == authority_id)
    if case_id is not None:
        query = query.where(ReviewRequest.case_id == case_id)
    if status is not None:
        query = query.where(ReviewRequest.status == status)
    return list(db.session.scalars(query))


def statement_task(review: ReviewRequest) -> OpenTask | None:
    """The open user task in which the agency answers this request, if the procedure still waits for it."""
    if review.status != ReviewStatus.OPEN:
        return None
    return db.session.scalars(
        select(OpenTask)
        .where(OpenTask.case_id == review.case_id, OpenTask.element_id.in_(STATEMENT_ELEMENT_IDS))
        .where(OpenTask.candidate_group == review.authority.group)
        .order_by(OpenTask.id)
    ).first()


def participation_result(case_id: int) -> dict[str, Any]:
    """Outcome per body for the decision: verdicts, objections, conditions (small JSON)."""
    verdicts: dict[str, str] = {}
    conditions: list[dict[str, Any]] = []
    for review in review_requests(case_id=case_id):
        if review.kind != ReviewKind.PARTICIPATION:
            continue
        timely = [s for s in review.statements if not s.late]
        if timely:
            last = timely[-1]
            verdicts[review.authority.code] = last.verdict.value
            conditions += [{**c, "authority": review.authority.code} for c in last.conditions]
        else:
            verdicts[review.authority.code] = review.status.value
    return {
        "verdicts": verdicts,
        "objections": sorted(code for code, v in verdicts.items() if v == Verdict.OBJECTION),
        "deemed_consent": sorted(code for code, v in verdicts.items() if v == Verdict.DEEMED_CONSENT),
        "conditions": conditions,
    }
