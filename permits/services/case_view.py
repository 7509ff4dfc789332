"""Read model of one case for the API and pages: tasks, documents, statements, geometry, history."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Response
from sqlalchemy import select

from permits.codelists import PortalStatus, ReviewKind, ReviewStatus, Verdict
from permits.core.actors import Actor
from permits.errors import NotFound
from permits.extensions import db
from permits.models import (
    Application,
    ApplicationDocument,
    AuditEntry,
    IssuedDocument,
    MessageDirection,
    ReviewRequest,
    Role,
    Statement,
    StatementAttachment,
    XbauMessage,
)
from permits.services.cases import case_history, get_case
from permits.services.engine import engine
from permits.services.geometry import latest_geometry_check
from permits.services.geometry_view import geometry_view
from permits.services.tasks import TaskFilter, list_tasks
from permits.services.views import (
    ApplicationDocumentView,
    AreaVerdictView,
    CaseView,
    ConditionView,
    DocumentView,
    HistoryEntry,
    InterimNoteView,
    ReviewSummary,
    StatementAttachmentView,
    StatementView,
)
from permits.xbau.interim import read_interim_message
from permits.xbau.parsing import parse_xml


def document_view(document: IssuedDocument) -> DocumentView:
    return DocumentView(
        id=document.id,
        kind=document.kind,
        title=document.title,
        filename=document.filename,
        media_type=document.media_type,
        sha256=document.sha256,
        created_at=document.created_at,
        supersedes_id=document.supersedes_id,
    )


def application_document_view(document: ApplicationDocument) -> ApplicationDocumentView:
    return ApplicationDocumentView(
        id=document.id,
        document_type=document.document_type,
        filename=document.filename,
        size=document.size,
        sha256=document.sha256,
        uploaded_at=document.uploaded_at,
        title=document.title,
        media_type=document.media_type,
        dated=document.dated,
        version=document.version,
        link_url=document.link_url,
        deferred=document.deferred,
        xbau_document_id=document.xbau_document_id,
        received=document.received,
    )


def application_documents(case_id: int) -> tuple[ApplicationDocumentView, ...]:
    query = (
        select(ApplicationDocument)
        .join(Application)
        .where(Application.case_id == case_id)
        .order_by(ApplicationDocument.id)
    )
    return tuple(application_document_view(d) for d in db.session.scalars(query))


def issued_documents(case_id: int) -> tuple[DocumentView, ...]:
    query = select(IssuedDocument).where(IssuedDocument.case_id == case_id).order_by(IssuedDocument.id)
    return tuple(document_view(d) for d in db.session.scalars(query))


def review_summary(review: ReviewRequest) -> ReviewSummary:
    return ReviewSummary(
        public_id=review.public_id,
        authority_code=review.authority.code,
        authority_name=review.authority.name,
        kind=review.kind.value,
        kind_label=ReviewKind.label_of(review.kind.value),
        status=review.status.value,
        status_label=ReviewStatus.label_of(review.status.value),
        due_on=review.effective_due_on,
    )


def condition_views(conditions: list[dict[str, Any]]) -> tuple[ConditionView, ...]:
    """Stored conditions were cleaned by `participation.reviews` when the statement was recorded."""
    return tuple(
        ConditionView(type=str(c.get("type") or ""), legal_area=c.get("legal_area"), text=str(c.get("text")))
        for c in conditions
    )


def area_views(areas: list[dict[str, Any]]) -> tuple[AreaVerdictView, ...]:
    return tuple(
        AreaVerdictView(
            legal_area=str(a.get("legal_area") or ""),
            verdict=str(a.get("verdict") or ""),
            conditions=condition_views(a.get("conditions") or []),
            reasons=a.get("reasons"),
        )
        for a in areas or []
    )


def attachment_view(item: StatementAttachment) -> StatementAttachmentView:
    return StatementAttachmentView(
        id=item.id,
        title=item.title,
        legal_area=item.legal_area,
        attachment_type=item.attachment_type,
        media_type=item.media_type,
        filename=item.filename,
        url=item.url,
        size=item.size,
        sha256=item.sha256,
        dated=item.dated,
        available=item.content is not None,
    )


def statement_view(statement: Statement, review: ReviewSummary) -> StatementView:
    return StatementView(
        id=statement.id,
        review=review,
        verdict=statement.verdict.value,
        verdict_label=Verdict.label_of(statement.verdict.value),
        legal_area=statement.legal_area,
        conditions=condition_views(statement.conditions),
        text=statement.text,
        received_at=statement.received_at,
        late=statement.late,
        areas=area_views(statement.areas),
        notes=statement.notes,
        attachments=tuple(attachment_view(a) for a in statement.attachments),
    )


def _statements(case_id: int, actor: Actor) -> tuple[StatementView, ...]:
    query = select(ReviewRequest).where(ReviewRequest.case_id == case_id).order_by(ReviewRequest.id)
    if actor.role == Role.AGENCY:
        # An agency sees its own statements only; the others' are the authority's business.
        query = query.where(ReviewRequest.authority_id == actor.authority_id)
    result: list[StatementView] = []
    for request in db.session.scalars(query):
        summary = review_summary(request)
        result += [statement_view(statement, summary) for statement in request.statements]
    return tuple(result)


def _interim_notes(case_id: int, actor: Actor) -> tuple[InterimNoteView, ...]:
    """The agencies' 0305 messages, read from the messages as received."""
    query = (
        select(XbauMessage, ReviewRequest)
        .join(ReviewRequest, XbauMessage.review_request_id == ReviewRequest.id)
        .where(
            XbauMessage.case_id == case_id,
            XbauMessage.direction == MessageDirection.INBOUND,
            XbauMessage.message_type == "0305",
        )
        .order_by(XbauMessage.id)
    )
    if actor.role == Role.AGENCY:
        query = query.where(ReviewRequest.authority_id == actor.authority_id)
    asked = {
        (entry.after or {}).get("message_id")
        for entry in db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.case_id == case_id, AuditEntry.action == "interim_message_received"
            )
        )
        if (entry.after or {}).get("extension_requested")
    }
    return tuple(
        InterimNoteView(
            authority_name=review.authority.name,
            received_at=message.created_at,
            concern=read_interim_message(parse_xml(message.xml)).concern,
            extension_requested=message.message_uuid in asked,
        )
        for message, review in db.session.execute(query).all()
    )


def geometry_passed(case_id: int) -> bool | None:
    check = latest_geometry_check(case_id)
    return None if check is None else check.passed


def history_entry(entry: AuditEntry) -> HistoryEntry:
    return HistoryEntry(
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        element_id=entry.element_id,
        before=entry.before,
        after=entry.after,
    )


def process_name(process_id: str) -> str:
    definition = engine().definitions.get(process_id)
    return definition.name if definition else process_id


def case_detail(case_id: int, actor: Actor) -> CaseView:
    case = get_case(case_id, actor)
    sees_history = actor.role in (Role.CASE_OFFICER, Role.ADMIN, Role.ARCHITECT)
    check = latest_geometry_check(case.id)
    return CaseView(
        id=case.id,
        public_id=case.public_id,
        file_reference=case.file_reference,
        title=case.title,
        process_id=case.process_id,
        process_name=process_name(case.process_id),
        status=case.status,
        status_label=PortalStatus.label_of(case.status) or None,
        created_at=case.created_at,
        closed_at=case.closed_at,
        details=case.details or {},
        open_tasks=tuple(list_tasks(actor, TaskFilter(case_id=case.id))),
        history=tuple(history_entry(e) for e in case_history(case.id)) if sees_history else (),
        documents=issued_documents(case.id) if actor.role != Role.AGENCY else (),
        statements=_statements(case.id, actor),
        geometry=geometry_view(check) if check is not None else None,
        missing=tuple(str(m) for m in (case.details or {}).get("missing") or ()),
        application_documents=application_documents(case.id) if actor.role != Role.AGENCY else (),
        interim_notes=_interim_notes(case.id, actor),
    )


def issued_document(case_id: int, document_id: int, actor: Actor) -> IssuedDocument:
    case = get_case(case_id, actor)
    document = db.session.get(IssuedDocument, document_id)
    if document is None or document.case_id != case.id or actor.role == Role.AGENCY:
        raise NotFound("Dieses Dokument gibt es nicht.")
    return document


def statement_attachment(case_id: int, attachment_id: int, actor: Actor) -> StatementAttachment:
    """A file sent with a statement in this case: for the authority, and for the agency that sent it."""
    case = get_case(case_id, actor)
    item = db.session.get(StatementAttachment, attachment_id)
    review = item.statement.review_request if item is not None else None
    if item is None or review is None or review.case_id != case.id:
        raise NotFound("Diese Anlage gibt es nicht.")
    if actor.role == Role.AGENCY and review.authority_id != actor.authority_id:
        raise NotFound("Diese Anlage gibt es nicht.")
    if item.content is None:
        raise NotFound("Die Datei dieser Anlage wurde nicht mit der Stellungnahme übermittelt.")
    return item


def attachment_response(item: StatementAttachment) -> Response:
    """Always a download, never rendered inline; only a PDF keeps its media type."""
    media_type = "application/pdf" if item.media_type == "application/pdf" else "application/octet-stream"
    response = Response(item.content, mimetype=media_type)
    filename = item.filename or f"anlage-{item.id}"
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
