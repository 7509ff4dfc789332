"""The agency workspace pages (/beteiligungen): an agency's requests, the request letter, answering with a
statement PDF, asking for more time.

Built on `agency_review`: a statement goes through `agency_review.submit_statement` (the rules of
`participation.statement_rules`, idempotency, races) exactly like the JSON API and XBau 0303; this module
adds only what the pages need on top: who may open the workspace, a bounded list, the issued request letter,
a statement PDF checked like an applicant's upload, and the extension request the procedure already knows
from XBau 0305 (the agency's task completed with `extension_requested`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, select

from permits.codelists import DocumentType, ReviewKind, ReviewStatus
from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import local_today, now
from permits.core.transaction import transactional
from permits.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import IssuedDocument, Job, ReviewRequest, Role, Statement, StatementAttachment
from permits.participation import reviews as participation
from permits.services import agency_review
from permits.services.agency_review import StatementInput
from permits.services.applications import checked_pdf
from permits.services.tasks import complete_task
from permits.services.xbau_statements import EXTENSION_REQUESTED

PAGE_SIZE = 25
MAX_PAGE = 200  # bounded paging: nobody reads page 201 of their requests; filters narrow it down
MAX_REASON = 2000
MAX_FILENAME = 255
# How far past the current last day an agency may ask to answer (the officer decides in weeks).
MAX_EXTENSION = timedelta(days=92)


@dataclass(frozen=True)
class WorkspaceRow:
    """One line of an agency's list of requests."""

    public_id: str
    file_reference: str
    title: str
    kind_label: str
    requested_at: datetime
    due_on: date
    status: str
    status_label: str
    days_left: int  # negative: overdue

    @property
    def is_open(self) -> bool:
        return self.status == ReviewStatus.OPEN.value


@dataclass(frozen=True)
class WorkspacePage:
    rows: tuple[WorkspaceRow, ...]
    page: int
    has_next: bool


def check_workspace_user(actor: Actor) -> None:
    """The workspace is the agencies' (and the administrator's); officers read statements on the case file."""
    if actor.role != Role.AGENCY and not actor.is_admin:
        raise PermissionDenied("Die Beteiligungen bearbeiten die beteiligten Stellen.")


def workspace_review(public_id: str, actor: Actor) -> ReviewRequest:
    """The request if the actor may work on it: the asked agency's users and the administrator. Another
    agency's request is absent to them (404), as in the API."""
    check_workspace_user(actor)
    return agency_review.get_review_request(public_id, actor)


def list_requests(actor: Actor, status: str | None, page: int = 1) -> WorkspacePage:
    """The actor's requests, open ones first (soonest deadline first), then the answered (newest first)."""
    check_workspace_user(actor)
    page = min(max(page, 1), MAX_PAGE)
    is_open = case((ReviewRequest.status == ReviewStatus.OPEN, 0), else_=1)
    query = agency_review.review_requests_query(actor, status).order_by(None)
    query = query.order_by(
        is_open,
        case((ReviewRequest.status == ReviewStatus.OPEN, ReviewRequest.due_on), else_=None),
        ReviewRequest.requested_at.desc(),
        ReviewRequest.id.desc(),
    )
    found = list(db.session.scalars(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
    today = local_today()
    rows = tuple(
        WorkspaceRow(
            public_id=r.public_id,
            file_reference=r.case.file_reference,
            title=r.case.title,
            kind_label=ReviewKind.label_of(r.kind.value),
            requested_at=r.requested_at,
            due_on=r.effective_due_on,
            status=r.status.value,
            status_label=ReviewStatus.label_of(r.status.value),
            days_left=(r.effective_due_on - today).days,
        )
        for r in found[:PAGE_SIZE]
    )
    return WorkspacePage(rows, page, len(found) > PAGE_SIZE and page < MAX_PAGE)


def request_letter(review: ReviewRequest) -> IssuedDocument | None:
    """The latest issued participation request letter for this review request (a renewed request after an
    extension issues a new one). The letter's render request carries the request's public reference."""
    jobs = db.session.scalars(
        select(Job)
        .where(Job.case_id == review.case_id, Job.kind == "render_document")
        .order_by(Job.id.desc())
    )
    for job in jobs:
        payload = job.payload or {}
        arguments = payload.get("arguments") or {}
        if payload.get("kind") == "participation_request" and (
            arguments.get("request_reference") == review.public_id
        ):
            letter = db.session.scalars(
                select(IssuedDocument).where(
                    IssuedDocument.case_id == review.case_id,
                    IssuedDocument.request_id == str(payload.get("request_id")),
                )
            ).first()
            if letter is not None:
                return letter
    return None


def letter_of(public_id: str, actor: Actor) -> IssuedDocument:
    letter = request_letter(workspace_review(public_id, actor))
    if letter is None:
        raise NotFound("Das Beteiligungsschreiben ist noch nicht erstellt.")
    return letter


@dataclass(frozen=True)
class UploadedPdf:
    filename: str
    content: bytes


def _checked_upload(pdf: UploadedPdf | None) -> UploadedPdf | None:
    if pdf is None:
        return None
    media_type, problem = checked_pdf(pdf.content)
    if media_type != "application/pdf" or problem:
        message = problem or "Bitte eine PDF-Datei hochladen."
        raise InvalidInput(message, field_errors={"statement_pdf": [message]})
    name = pdf.filename.replace("\\", "/").rsplit("/", 1)[-1].strip() or "stellungnahme.pdf"
    return UploadedPdf(name[:MAX_FILENAME], pdf.content)


def answer(
    public_id: str,
    statement: StatementInput,
    actor: Actor,
    *,
    pdf: UploadedPdf | None = None,
    idempotency_key: str | None = None,
) -> tuple[Statement, bool]:
    """Submit the statement with its signed PDF, all or nothing. The page sends a key per rendered form, so
    a second click stores nothing new (a replay with another body is refused by `submit_statement`)."""
    checked = _checked_upload(pdf)  # before anything is stored or any task completed
    return agency_review.retrying_races(
        lambda: _answer(public_id, statement, actor, checked, idempotency_key)
    )


@transactional
def _answer(
    public_id: str, statement: StatementInput, actor: Actor, pdf: UploadedPdf | None, key: str | None
) -> tuple[Statement, bool]:
    workspace_review(public_id, actor)
    stored, created = agency_review.submit_statement(public_id, statement, actor, idempotency_key=key)
    if created and pdf is not None:
        stored.attachments.append(
            StatementAttachment(
                legal_area=stored.legal_area,
                title="Unterschriebene Stellungnahme",
                attachment_type=DocumentType.STATEMENT.value,
                media_type="application/pdf",
                dated=local_today(),
                filename=pdf.filename,
                content=pdf.content,
                size=len(pdf.content),
                sha256=hashlib.sha256(pdf.content).hexdigest(),
                received_at=now(),
            )
        )
        db.session.flush()
    return stored, created


def can_ask_for_extension(review: ReviewRequest) -> bool:
    """Only while the procedure waits for the statement and no earlier request for more time is pending."""
    task = participation.statement_task(review)
    return task is not None and task.element_id == "ut_statement"


@transactional
def request_extension(public_id: str, reason: str, until: date | None, actor: Actor) -> ReviewRequest:
    """Ask for more time (Fristverlängerung): the officer decides, as for an XBau 0305. Until then the
    agency may still answer."""
    review = workspace_review(public_id, actor)
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["extension_reason"] = ["Bitte begründen, warum mehr Zeit nötig ist."]
    elif len(reason) > MAX_REASON:
        errors["extension_reason"] = [f"Höchstens {MAX_REASON} Zeichen."]
    current = review.effective_due_on
    if until is None:
        errors["extension_until"] = ["Bitte das gewünschte Fristende angeben (TT.MM.JJJJ)."]
    elif until <= current:
        errors["extension_until"] = [f"Das gewünschte Fristende muss nach dem {current:%d.%m.%Y} liegen."]
    elif until > current + MAX_EXTENSION:
        errors["extension_until"] = ["Höchstens drei Monate über das jetzige Fristende hinaus."]
    if errors:
        raise InvalidInput("Der Antrag auf Fristverlängerung ist unvollständig.", field_errors=errors)
    assert until is not None
    if review.status != ReviewStatus.OPEN or not can_ask_for_extension(review):
        raise Conflict("Für diese Beteiligung kann derzeit keine Fristverlängerung beantragt werden.")
    task = participation.statement_task(review)
    assert task is not None
    form: dict[str, Any] = {
        "statement_verdict": EXTENSION_REQUESTED,
        "statement_text": f"Fristverlängerung bis zum {until:%d.%m.%Y} beantragt. Begründung: {reason}",
        "legal_area": None,
        "condition_type": None,
        "condition_text": None,
    }
    complete_task(task.task_id, form, actor, claim=True)  # asking for time takes the task on
    audit.record(
        "extension_requested",
        actor,
        case_id=review.case_id,
        after={"review_request_id": review.id, "requested_until": until.isoformat(), "reason": reason},
    )
    return review
