"""Read model of one case for the API and pages: tasks, documents, statements, geometry, history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from permits.codelists import PortalStatus, ReviewKind, ReviewStatus, Verdict
from permits.core.actors import Actor
from permits.errors import NotFound
from permits.extensions import db
from permits.geometry.format import de_number
from permits.models import AuditEntry, GeometryCheck, IssuedDocument, ReviewRequest, Role, Statement
from permits.services.cases import case_history, get_case
from permits.services.engine import engine
from permits.services.geometry import latest_geometry_check
from permits.services.tasks import TaskFilter, list_tasks
from permits.services.views import (
    CaseView,
    ConditionView,
    DocumentView,
    GeometryAgency,
    GeometryCheckRow,
    GeometryFinding,
    GeometryView,
    HistoryEntry,
    ReviewSummary,
    StatementView,
)


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


def _de(value: Any) -> str:
    return de_number(float(value or 0))


def _finding(check_id: str, part: Mapping[str, Any]) -> GeometryFinding:
    if part.get("description"):
        return GeometryFinding(check_id, str(part["description"]))
    # A wall carries numbers, not a sentence: say which wall and by how much its setback falls short.
    building = part.get("building_id") or int(part.get("building_index") or 0) + 1
    wall = int(part.get("wall_index") or 0) + 1
    return GeometryFinding(
        check_id,
        f"Gebäude {building}, Wand {wall}: Abstandsfläche {_de(part.get('required_depth_m'))} m "
        f"erforderlich, {_de(part.get('available_depth_m'))} m vorhanden.",
    )


def geometry_view(check: GeometryCheck) -> GeometryView:
    """The stored result is plain JSON (`GeometryReport.to_dict()`); read it defensively, since results
    stored by older versions may lack newer keys."""
    result: Mapping[str, Any] = check.result or {}
    rows = result.get("checks") or []
    return GeometryView(
        passed=check.passed,
        checked_at=check.created_at,
        checks=tuple(
            GeometryCheckRow(
                check_id=str(c.get("check_id", "")),
                label=str(c.get("label", "")),
                legal_basis=str(c.get("legal_basis", "")),
                comparison=str(c.get("comparison", "<=")),
                limit=float(c.get("limit") or 0),
                measured=float(c.get("measured") or 0),
                unit=str(c.get("unit", "")),
                passed=bool(c.get("passed")),
            )
            for c in rows
        ),
        findings=tuple(
            _finding(str(c.get("check_id", "")), part) for c in rows for part in c.get("offending") or []
        ),
        agencies=tuple(
            GeometryAgency(
                agency_type=str(a.get("agency_type", "")),
                reason=str(a.get("reason", "")),
                legal_basis=str(a.get("legal_basis", "")),
            )
            for a in result.get("agencies") or []
        ),
        notes=tuple(str(n) for n in result.get("notes") or []),
        svg=check.svg or None,
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
    )


def issued_document(case_id: int, document_id: int, actor: Actor) -> IssuedDocument:
    case = get_case(case_id, actor)
    document = db.session.get(IssuedDocument, document_id)
    if document is None or document.case_id != case.id or actor.role == Role.AGENCY:
        raise NotFound("Dieses Dokument gibt es nicht.")
    return document
