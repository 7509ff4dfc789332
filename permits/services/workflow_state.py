"""Loading, stepping and saving a case's workflow, with the task projection and timers kept in step.

Every change to a case goes through `locked_workflow` + `save_workflow` inside one transaction: the
instance row is locked (PostgreSQL `FOR UPDATE`) and version-checked on write (both databases), so two
requests on the same case can never both win, and a failure rolls back state, projection and audit alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from permits.core.actors import Actor
from permits.core.runtime import now
from permits.engine import ProcessDefinition, Workflow
from permits.errors import NotFound
from permits.extensions import db
from permits.models import Case, OpenTask, ProcessVersion, Timer, WorkflowInstance
from permits.services.engine import engine


@dataclass
class LockedWorkflow:
    case: Case
    row: WorkflowInstance
    workflow: Workflow


def _context(case: Case, actor: Actor) -> dict[str, Any]:
    return {"case_id": case.id, "actor": actor.name, "actor_user_id": actor.user_id}


def process_version(definition: ProcessDefinition) -> ProcessVersion:
    """The stored row for a definition, created on first use (safe when two processes race)."""
    query = select(ProcessVersion).filter_by(
        process_id=definition.process_id, content_hash=definition.content_hash
    )
    version = db.session.scalars(query).first()
    if version is not None:
        return version
    candidate = ProcessVersion(
        process_id=definition.process_id,
        content_hash=definition.content_hash,
        name=definition.name,
        spec_json=definition.spec_json,
        created_at=now(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(candidate)
        return candidate
    except Exception:
        # Another process inserted the same version between our select and insert.
        return db.session.scalars(query).one()


def start_workflow(case: Case, definition: ProcessDefinition, data: dict[str, Any], actor: Actor) -> Workflow:
    version = process_version(definition)
    workflow = engine().start(definition, data, _context(case, actor))
    row = WorkflowInstance(
        case_id=case.id, process_version_id=version.id, state_json=workflow.dump(), updated_at=now()
    )
    db.session.add(row)
    sync_projection(case, workflow)
    return workflow


def locked_workflow(case_id: int, actor: Actor) -> LockedWorkflow:
    row = db.session.scalars(
        select(WorkflowInstance).where(WorkflowInstance.case_id == case_id).with_for_update()
    ).first()
    if row is None:
        raise NotFound(f"Zum Vorgang {case_id} gibt es keinen Verfahrensstand.")
    case = db.session.get_one(Case, case_id)
    version = row.process_version
    workflow = engine().load(version.content_hash, version.spec_json, row.state_json, _context(case, actor))
    return LockedWorkflow(case, row, workflow)


def save_workflow(locked: LockedWorkflow) -> None:
    moment = now()
    locked.row.state_json = locked.workflow.dump()
    locked.row.completed = locked.workflow.completed
    locked.row.updated_at = moment
    locked.case.updated_at = moment
    if locked.workflow.completed and locked.case.closed_at is None:
        locked.case.closed_at = moment
    sync_projection(locked.case, locked.workflow)


def sync_projection(case: Case, workflow: Workflow) -> None:
    """Rewrite the open-task and timer rows of a case from the workflow (only what changed)."""
    ready = {t.task_id: t for t in workflow.ready_tasks()}
    existing = {row.task_id: row for row in db.session.scalars(select(OpenTask).filter_by(case_id=case.id))}
    for task_id, stale in existing.items():
        if task_id not in ready:
            db.session.delete(stale)
    moment = now()
    for task_id, task in ready.items():
        row = existing.get(task_id) or OpenTask(
            task_id=task_id, case_id=case.id, element_id=task.element_id, created_at=moment
        )
        db.session.add(row)
        row.name, row.process_id, row.lane = task.name, task.process_id, task.lane
        row.candidate_group, row.form, row.due_at = task.candidate_group, task.form, task.due_at
    _sync_timers(case, workflow)


def _sync_timers(case: Case, workflow: Workflow) -> None:
    wanted = {(t.task_id, t.due_at): t for t in workflow.pending_timers()}
    existing = {
        (row.task_id, row.due_at): row for row in db.session.scalars(select(Timer).filter_by(case_id=case.id))
    }
    for key, row in existing.items():
        if key not in wanted:
            db.session.delete(row)
    for key, timer in wanted.items():
        if key not in existing:
            db.session.add(
                Timer(
                    case_id=case.id,
                    task_id=timer.task_id,
                    element_id=timer.element_id,
                    name=timer.name,
                    due_at=timer.due_at,
                )
            )
