"""Read model of an application for its applicant: status, deadlines, open requests, documents."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response
from sqlalchemy import select

from permits.codelists import PortalStatus
from permits.core.actors import Actor
from permits.errors import NotFound
from permits.extensions import db
from permits.models import Application, ApplicationDocument, IssuedDocument, OpenTask, Timer
from permits.services.applications import get_application
from permits.services.case_view import application_document_view, issued_documents
from permits.services.views import ApplicationDocumentView, ApplicationView, DeadlineView


def _document_view(document: ApplicationDocument) -> ApplicationDocumentView:
    return application_document_view(document)


def _deadlines(case_id: int) -> tuple[DeadlineView, ...]:
    timers = db.session.scalars(select(Timer).where(Timer.case_id == case_id).order_by(Timer.due_at))
    return tuple(DeadlineView(name=t.name or t.element_id, due_at=t.due_at) for t in timers)


def _open_requests(case_id: int) -> tuple[OpenTask, ...]:
    """Tasks waiting for the applicant, e.g. answering a deficiency notice."""
    query = select(OpenTask).where(OpenTask.case_id == case_id, OpenTask.candidate_group == "applicant")
    return tuple(db.session.scalars(query.order_by(OpenTask.created_at, OpenTask.id)))


def _view(application: Application) -> ApplicationView:
    case = application.case
    return ApplicationView(
        public_id=application.public_id,
        status=application.status.value,
        title=application.title,
        procedure=application.procedure,
        details=application.details or {},
        geometry=application.geometry,
        facts=application.facts or {},
        documents=tuple(_document_view(d) for d in application.documents),
        created_at=application.created_at,
        updated_at=application.updated_at,
        submitted_at=application.submitted_at,
        case_id=application.case_id,
        file_reference=case.file_reference if case else None,
        xbau_status=case.status if case else None,
        status_label=(PortalStatus.label_of(case.status) or None) if case else None,
        open_requests=_open_requests(case.id) if case else (),
        deadlines=_deadlines(case.id) if case else (),
        issued_documents=issued_documents(case.id) if case else (),
    )


def application_detail(public_id: str, actor: Actor) -> ApplicationView:
    return _view(get_application(public_id, actor))


def uploaded_document(public_id: str, document_id: int, actor: Actor) -> ApplicationDocument:
    application = get_application(public_id, actor)
    document = db.session.get(ApplicationDocument, document_id)
    if document is None or document.application_id != application.id:
        raise NotFound("Diese Unterlage gibt es nicht.")
    return document


def issued_document(public_id: str, document_id: int, actor: Actor) -> IssuedDocument:
    application = get_application(public_id, actor)
    document = db.session.get(IssuedDocument, document_id)
    if document is None or application.case_id is None or document.case_id != application.case_id:
        raise NotFound("Dieses Dokument gibt es nicht.")
    return document


def pdf_response(content: bytes | None, filename: str) -> Response:
    if content is None:  # a link or a document announced for later has no file to hand out
        raise NotFound("Diese Unterlage liegt nicht als Datei vor (Verlinkung oder wird nachgereicht).")
    response = Response(content, mimetype="application/pdf")
    # Always a download, never rendered inline, and never sniffed as anything but a PDF.
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
