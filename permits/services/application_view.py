"""Read model of an application for its applicant: status, deadlines, open requests, documents."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

from flask import Response
from sqlalchemy import select

from permits.codelists import PortalStatus
from permits.core.actors import Actor
from permits.errors import NotFound
from permits.extensions import db
from permits.models import ApplicationDocument, IssuedDocument, OpenTask, Timer
from permits.services.applications import get_application


def application_detail(public_id: str, actor: Actor) -> SimpleNamespace:
    application = get_application(public_id, actor)
    detail: dict[str, Any] = {
        key: getattr(application, key)
        for key in (
            "public_id",
            "status",
            "title",
            "procedure",
            "details",
            "geometry",
            "facts",
            "documents",
            "created_at",
            "updated_at",
            "submitted_at",
            "case_id",
            "case",
        )
    }
    detail.update(status_label=None, open_requests=[], deadlines=[], issued_documents=[])
    case = application.case
    if case is None:
        return SimpleNamespace(**detail)
    detail["status_label"] = PortalStatus.label_of(case.status) or None
    detail["open_requests"] = list(
        db.session.scalars(
            select(OpenTask).where(OpenTask.case_id == case.id, OpenTask.candidate_group == "applicant")
        )
    )
    timers = db.session.scalars(select(Timer).where(Timer.case_id == case.id).order_by(Timer.due_at))
    detail["deadlines"] = [{"name": t.name or t.element_id, "due_at": t.due_at.isoformat()} for t in timers]
    detail["issued_documents"] = list(
        db.session.scalars(
            select(IssuedDocument).where(IssuedDocument.case_id == case.id).order_by(IssuedDocument.id)
        )
    )
    return SimpleNamespace(**detail)


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


def pdf_response(content: bytes, filename: str) -> Response:
    response = Response(content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
