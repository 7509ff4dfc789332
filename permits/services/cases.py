"""Use cases on whole cases: start one, read one."""

from __future__ import annotations

import uuid
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Select, insert, or_, select, true, update

from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.engine.types import ProcessDefinition
from permits.errors import InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import AuditEntry, Case, FileReferenceCounter, OpenTask, ReviewRequest, Role
from permits.services.engine import engine
from permits.services.workflow_state import start_workflow

TITLE_MAX_LENGTH = 300
# Who may open a case without an application: the authority's staff, e.g. for an application on paper.
# Architects submit applications (`services.applications`), which open the case on submission.
OPENS_CASES_DIRECTLY = (Role.CASE_OFFICER, Role.ADMIN)
DEMO_PROCESS = "demo_procedure"


def next_file_reference(year: int) -> str:
    """`BA-2026-000123`: atomic increment, so two processes never hand out the same reference."""
    statement = (
        update(FileReferenceCounter)
        .where(FileReferenceCounter.year == year)
        .values(last_number=FileReferenceCounter.last_number + 1)
        .returning(FileReferenceCounter.last_number)
    )
    number = db.session.execute(statement).scalar()
    if number is None:
        try:
            with db.session.begin_nested():
                db.session.execute(insert(FileReferenceCounter).values(year=year, last_number=1))
            number = 1
        except Exception:
            number = db.session.execute(statement).scalar_one()
    prefix = current_app.config["FILE_REFERENCE_PREFIX"]
    return f"{prefix}-{year}-{number:06d}"


def case_title(title: str | None) -> str:
    """Every case has a title (Bezeichnung des Vorhabens): trimmed, not empty, at most 300 characters."""
    cleaned = (title or "").strip()
    if not cleaned or len(cleaned) > TITLE_MAX_LENGTH:
        message = f"Bitte geben Sie eine Bezeichnung des Vorhabens an (höchstens {TITLE_MAX_LENGTH} Zeichen)."
        raise InvalidInput(message, field_errors={"title": [message]})
    return cleaned


@transactional
def start_case(
    process_id: str,
    title: str,
    actor: Actor,
    *,
    details: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    applicant_id: int | None = None,
) -> Case:
    """Create a case with its file reference and start its procedure, in one transaction."""
    case = open_case(process_id, title, actor, details=details, applicant_id=applicant_id)
    begin_procedure(case, actor, data)
    return case


def check_may_start_cases(actor: Actor) -> None:
    if actor.role not in OPENS_CASES_DIRECTLY:
        raise PermissionDenied(
            "Vorgänge legt die Bauaufsicht an; Entwurfsverfasser/innen reichen einen Bauantrag ein."
        )


def officer_startable() -> list[ProcessDefinition]:
    """The procedures an officer may open directly; the demo procedure only in demo mode."""
    demo = bool(current_app.config.get("DEMO"))
    return [d for d in engine().startable() if demo or d.process_id != DEMO_PROCESS]


@transactional
def start_case_by_officer(process_id: str, title: str, actor: Actor) -> Case:
    """A case officer opens a case directly (the page "Neuer Vorgang"); it has no applicant account."""
    check_may_start_cases(actor)
    if process_id not in {d.process_id for d in officer_startable()}:
        message = "Bitte wählen Sie ein Verfahren."
        raise InvalidInput(message, field_errors={"process_id": [message]})
    return start_case(process_id, title, actor)


def open_case(
    process_id: str,
    title: str,
    actor: Actor,
    *,
    details: dict[str, Any] | None = None,
    applicant_id: int | None = None,
) -> Case:
    """The case row with its file reference, in the caller's transaction; `begin_procedure` starts it."""
    title = case_title(title)
    definition = engine().definition(process_id)
    if not definition.startable:
        raise NotFound(f"Das Verfahren {process_id!r} kann nicht direkt gestartet werden.")
    moment = now()
    case = Case(
        public_id=str(uuid.uuid4()),
        file_reference=next_file_reference(moment.year),
        process_id=process_id,
        title=title,
        details=details or {},
        applicant_id=applicant_id,
        created_at=moment,
        updated_at=moment,
    )
    db.session.add(case)
    db.session.flush()
    audit.record(
        "case_started",
        actor,
        case_id=case.id,
        after={
            "file_reference": case.file_reference,
            "process_id": process_id,
            "version": definition.content_hash,
        },
    )
    return case


def begin_procedure(case: Case, actor: Actor, data: dict[str, Any] | None = None) -> None:
    definition = engine().definition(case.process_id)
    start_data = {
        "case_id": case.id,
        "file_reference": case.file_reference,
        "received_on": case.created_at.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
        .date()
        .isoformat(),
    }
    start_data.update(data or {})
    start_workflow(case, definition, start_data, actor)


def get_case(case_id: int, actor: Actor) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound(f"Vorgang {case_id} nicht gefunden.")
    if not can_read_case(case, actor):
        raise PermissionDenied("Sie haben keinen Zugriff auf diesen Vorgang.")
    return case


def _readable_condition(actor: Actor) -> Any:
    if actor.role in (Role.ADMIN, Role.CASE_OFFICER):
        return true()
    if actor.role == Role.ARCHITECT:
        return Case.applicant_id == actor.user_id
    # Agencies see the cases they were asked about, and those with a task routed to them.
    asked = select(ReviewRequest.case_id).where(ReviewRequest.authority_id == actor.authority_id)
    routed = select(OpenTask.case_id).where(OpenTask.candidate_group.in_(sorted(actor.groups)))
    return or_(Case.id.in_(asked), Case.id.in_(routed))


def can_read_case(case: Case, actor: Actor) -> bool:
    query = select(Case.id).where(Case.id == case.id, _readable_condition(actor))
    return db.session.scalars(query).first() is not None


def readable_cases_query(actor: Actor) -> Select[Case]:
    return select(Case).where(_readable_condition(actor)).order_by(Case.created_at.desc(), Case.id.desc())


def case_history(case_id: int) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(AuditEntry.at, AuditEntry.id)
    return list(db.session.scalars(query))
