"""Read model of one case for the API and pages: tasks, documents, statements, geometry, history."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import select

from permits.core.actors import Actor
from permits.errors import NotFound
from permits.extensions import db
from permits.models import GeometryCheck, IssuedDocument, ReviewRequest, Role
from permits.services.cases import case_history, get_case
from permits.services.tasks import TaskFilter, list_tasks


def _documents(case_id: int) -> list[dict[str, Any]]:
    query = select(IssuedDocument).where(IssuedDocument.case_id == case_id).order_by(IssuedDocument.id)
    return [
        {
            "id": d.id,
            "kind": d.kind,
            "title": d.title,
            "filename": d.filename,
            "media_type": d.media_type,
            "sha256": d.sha256,
            "created_at": d.created_at.isoformat(),
            "supersedes_id": d.supersedes_id,
        }
        for d in db.session.scalars(query)
    ]


def _statements(case_id: int, actor: Actor) -> list[dict[str, Any]]:
    query = select(ReviewRequest).where(ReviewRequest.case_id == case_id).order_by(ReviewRequest.id)
    if actor.role == Role.AGENCY:
        query = query.where(ReviewRequest.authority_id == actor.authority_id)
    result = []
    for request in db.session.scalars(query):
        for statement in request.statements:
            result.append(
                {
                    "review_request_id": request.public_id,
                    "authority": request.authority.code,
                    "verdict": statement.verdict.value,
                    "legal_area": statement.legal_area,
                    "conditions": statement.conditions,
                    "text": statement.text,
                    "received_at": statement.received_at.isoformat(),
                    "late": statement.late,
                }
            )
    return result


def _geometry(case_id: int) -> dict[str, Any] | None:
    query = select(GeometryCheck).where(GeometryCheck.case_id == case_id).order_by(GeometryCheck.id.desc())
    check = db.session.scalars(query.limit(1)).first()
    if check is None:
        return None
    return {"passed": check.passed, "checked_at": check.created_at.isoformat(), "result": check.result}


def case_detail(case_id: int, actor: Actor) -> SimpleNamespace:
    case = get_case(case_id, actor)
    staff = actor.role in (Role.CASE_OFFICER, Role.ADMIN)
    return SimpleNamespace(
        **{
            "id": case.id,
            "public_id": case.public_id,
            "file_reference": case.file_reference,
            "title": case.title,
            "process_id": case.process_id,
            "status": case.status,
            "created_at": case.created_at,
            "closed_at": case.closed_at,
            "details": case.details,
            "open_tasks": list_tasks(actor, TaskFilter(case_id=case.id)),
            "history": case_history(case.id) if staff or actor.role == Role.ARCHITECT else [],
            "documents": _documents(case.id) if actor.role != Role.AGENCY else [],
            "statements": _statements(case.id, actor),
            "geometry": _geometry(case.id),
        }
    )


def site_drawing(case_id: int) -> str | None:
    query = (
        select(GeometryCheck.svg).where(GeometryCheck.case_id == case_id).order_by(GeometryCheck.id.desc())
    )
    return db.session.scalars(query.limit(1)).first()


def issued_document(case_id: int, document_id: int, actor: Actor) -> IssuedDocument:
    case = get_case(case_id, actor)
    document = db.session.get(IssuedDocument, document_id)
    if document is None or document.case_id != case.id or actor.role == Role.AGENCY:
        raise NotFound("Dieses Dokument gibt es nicht.")
    return document
