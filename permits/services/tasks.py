"""Use cases on user tasks: the inbox, claim/unclaim/assign, complete.

Every change has exactly one winner under concurrency. Claim, unclaim and assign lock the task row
(PostgreSQL `FOR UPDATE`, so a loser waits and then sees the new assignee) and write it with a version
check (`open_tasks.version`, both databases). Completion locks and version-checks the case's workflow row.
A loser gets a Conflict (409); a task that has just been completed by someone else is a `TaskNotReady`
(409), only a task that never existed is NotFound (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import Conflict, InvalidInput, NotFound, PermissionDenied, TaskNotReady
from permits.extensions import db
from permits.forms import get_form
from permits.models import AuditEntry, Case, OpenTask, Role, User
from permits.services.timers import settle_due_timers
from permits.services.workflow_state import locked_workflow, save_workflow


@dataclass(frozen=True)
class TaskFilter:
    mine: bool = False  # assigned to me
    my_groups: bool = False  # routed to one of my groups, unassigned or not
    overdue: bool = False
    due_before: datetime | None = None
    process_id: str | None = None
    case_id: int | None = None
    sort: str = "created"  # created | due | case


def _visible(actor: Actor) -> Any:
    """SQL condition: tasks this actor may see."""
    if actor.is_admin:
        return True
    conditions: list[Any] = [OpenTask.candidate_group.in_(sorted(actor.groups))]
    if actor.user_id is not None:
        conditions.append(OpenTask.assignee_id == actor.user_id)
    if actor.role == Role.CASE_OFFICER:
        conditions.append(OpenTask.candidate_group.is_(None))
    if actor.user_id is not None:
        own_cases = select(Case.id).where(Case.applicant_id == actor.user_id)
        conditions.append((OpenTask.candidate_group == "applicant") & OpenTask.case_id.in_(own_cases))
    return or_(*conditions)


def task_query(actor: Actor, task_filter: TaskFilter) -> Select[OpenTask]:
    # Lists show each task's case and assignee: load them with the page, not one query per row.
    query = (
        select(OpenTask)
        .where(_visible(actor))
        .options(selectinload(OpenTask.case), selectinload(OpenTask.assignee))
    )
    if task_filter.mine:
        query = query.where(OpenTask.assignee_id == actor.user_id) if actor.user_id else query.where(false())
    if task_filter.my_groups:
        query = query.where(OpenTask.candidate_group.in_(sorted(actor.groups)))
    if task_filter.overdue:
        query = query.where(OpenTask.due_at < now())
    if task_filter.due_before is not None:
        query = query.where(OpenTask.due_at < task_filter.due_before)
    if task_filter.process_id:
        query = query.where(OpenTask.process_id == task_filter.process_id)
    if task_filter.case_id is not None:
        query = query.where(OpenTask.case_id == task_filter.case_id)
    order = {
        "due": (OpenTask.due_at.is_(None), OpenTask.due_at, OpenTask.id),
        "case": (OpenTask.case_id, OpenTask.id),
    }.get(task_filter.sort, (OpenTask.created_at, OpenTask.id))
    return query.order_by(*order)


def list_tasks(actor: Actor, task_filter: TaskFilter | None = None, limit: int = 200) -> list[OpenTask]:
    return list(db.session.scalars(task_query(actor, task_filter or TaskFilter()).limit(limit)))


def case_tasks(case_id: int) -> list[OpenTask]:
    """All open tasks of a case, for whoever may read the case (the caller checks that)."""
    query = select(OpenTask).where(OpenTask.case_id == case_id).order_by(OpenTask.created_at, OpenTask.id)
    return list(db.session.scalars(query))


def get_task(task_id: str, actor: Actor, *, for_update: bool = False) -> OpenTask:
    """The open task, if the actor may work on it. `for_update` locks its row (PostgreSQL) and reloads it,
    so a claim sees the assignee a concurrent claim has just committed."""
    query = select(OpenTask).filter_by(task_id=task_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    task = db.session.scalars(query).first()
    if task is None:
        _raise_gone(task_id)
    assigned_to_actor = actor.user_id is not None and task.assignee_id == actor.user_id
    if not (actor.in_group(task.candidate_group, task.case) or assigned_to_actor):
        raise PermissionDenied("Diese Aufgabe ist nicht für Sie bestimmt.")
    return task


def form_values(task: OpenTask) -> dict[str, str]:
    """What the task's form shows when it opens. A form marked `prefill_from_previous` (the decision
    draft, redrafted after a four-eyes return or a hearing) starts from what was entered the last time
    this step was completed in the case; the audit entry of that completion holds the cleaned input."""
    form = get_form(task.form)
    if not form.prefill_from_previous:
        return {}
    previous = db.session.scalars(
        select(AuditEntry.after)
        .where(AuditEntry.case_id == task.case_id, AuditEntry.action == "task_completed")
        .where(AuditEntry.element_id == task.element_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    return form.post_values(previous or {})


def _raise_gone(task_id: str) -> NoReturn:
    """A task that is not open: 409 if it was completed (someone else won the race), 404 if it never was.

    The audit log knows every completed task; a task cancelled by the procedure (a timer, a withdrawal)
    has no entry and is reported as absent, with a message that covers both."""
    completed = db.session.scalars(
        select(AuditEntry.id)
        .where(AuditEntry.task_id == task_id, AuditEntry.action == "task_completed")
        .limit(1)
    ).first()
    if completed is not None:
        raise TaskNotReady("Die Aufgabe wurde inzwischen erledigt.")
    raise NotFound("Diese Aufgabe gibt es nicht oder sie ist bereits erledigt.")


def _check_not_claimed_by_other(task: OpenTask, actor: Actor) -> None:
    if task.assignee_id is not None and task.assignee_id != actor.user_id and not actor.is_admin:
        name = task.assignee.display_name if task.assignee else "jemand anderem"
        raise Conflict(f"Die Aufgabe ist von {name} übernommen.", assignee=task.assignee_id)


def _save_assignment(task: OpenTask) -> None:
    """Write the new assignee now: the row's version check (both databases) makes a concurrent claim that
    read the same version lose here, before anything else of its transaction is kept."""
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict(
            "Die Aufgabe wurde gerade von jemand anderem übernommen oder geändert. Bitte neu laden."
        ) from None


@transactional
def claim_task(task_id: str, actor: Actor) -> OpenTask:
    task = get_task(task_id, actor, for_update=True)
    if actor.user_id is None:
        raise PermissionDenied("Nur angemeldete Personen können Aufgaben übernehmen.")
    _check_not_claimed_by_other(task, actor)
    if task.assignee_id != actor.user_id:
        task.assignee_id = actor.user_id
        audit.record(
            "task_claimed",
            actor,
            case_id=task.case_id,
            element_id=task.element_id,
            task_id=task_id,
            after={"assignee_id": actor.user_id},
        )
        _save_assignment(task)
    return task


@transactional
def unclaim_task(task_id: str, actor: Actor) -> OpenTask:
    task = get_task(task_id, actor, for_update=True)
    _check_not_claimed_by_other(task, actor)
    if task.assignee_id is not None:
        audit.record(
            "task_unclaimed",
            actor,
            case_id=task.case_id,
            element_id=task.element_id,
            task_id=task_id,
            before={"assignee_id": task.assignee_id},
        )
        task.assignee_id = None
        _save_assignment(task)
    return task


@transactional
def assign_task(task_id: str, assignee_id: int, actor: Actor) -> OpenTask:
    task = get_task(task_id, actor, for_update=True)
    if actor.role not in (Role.CASE_OFFICER, Role.ADMIN):
        raise PermissionDenied("Nur die Sachbearbeitung kann Aufgaben zuweisen.")
    assignee = db.session.get(User, assignee_id)
    if assignee is None or not assignee.active:
        raise InvalidInput("Unbekannte Person.", field_errors={"assignee_id": ["Unbekannte Person."]})
    if not Actor.for_user(assignee).in_group(task.candidate_group, task.case):
        raise InvalidInput(
            f"{assignee.display_name} darf diese Aufgabe nicht bearbeiten.",
            field_errors={"assignee_id": ["Person gehört nicht zur zuständigen Gruppe."]},
        )
    audit.record(
        "task_assigned",
        actor,
        case_id=task.case_id,
        element_id=task.element_id,
        task_id=task_id,
        before={"assignee_id": task.assignee_id},
        after={"assignee_id": assignee_id},
    )
    task.assignee_id = assignee_id
    _save_assignment(task)
    return task


def _check_four_eyes(element_ids: str | None, task: OpenTask, actor: Actor) -> None:
    """A task with property `fourEyesOf="ut_a,ut_b"` may not be completed by whoever last completed those."""
    if not element_ids:
        return
    wanted = [e.strip() for e in element_ids.split(",") if e.strip()]
    last = db.session.scalars(
        select(AuditEntry.actor)
        .where(AuditEntry.case_id == task.case_id, AuditEntry.action == "task_completed")
        .where(AuditEntry.element_id.in_(wanted))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if last is not None and last == actor.name:
        raise PermissionDenied("Vier-Augen-Prinzip: Diese Freigabe muss eine andere Person erteilen.")


def complete_task(
    task_id: str, data: dict[str, Any], actor: Actor, *, system_data: dict[str, Any] | None = None
) -> Case:
    """Validate the form, settle due timers, run the step, save state, projection and audit entry, all
    or nothing.

    `system_data` is merged after validation: values the app itself supplies (never user input), such as
    the idempotency key of an API call or a structured list the page form cannot express.

    A timer due by the clock fires before the input is applied. If that closed the task (the deadline
    passed before the worker came round), the fired timers are kept and the input is refused with
    TaskNotReady (409)."""
    case = _complete_task(task_id, data, actor, system_data)
    if case is None:
        raise TaskNotReady(
            "Die Frist für diese Aufgabe ist abgelaufen; die Eingabe wurde nicht übernommen. "
            "Der Vorgang wurde nach Fristablauf fortgesetzt."
        )
    return case


@transactional
def _complete_task(
    task_id: str, data: dict[str, Any], actor: Actor, system_data: dict[str, Any] | None
) -> Case | None:
    """The completion in one transaction; None when a due timer closed the task (its firing is kept)."""
    task = get_task(task_id, actor)
    _check_not_claimed_by_other(task, actor)
    cleaned = get_form(task.form).validate(data)
    fired = settle_due_timers(task.case_id)
    locked = locked_workflow(task.case_id, actor)
    if fired and all(t.task_id != task_id for t in locked.workflow.ready_tasks()):
        return None
    _check_four_eyes(locked.workflow.ready_task(task_id).properties.get("fourEyesOf"), task, actor)
    try:
        done = locked.workflow.complete(task_id, {**cleaned, **(system_data or {})})
    except TaskNotReady:
        raise TaskNotReady("Die Aufgabe wurde inzwischen von jemand anderem erledigt.") from None
    save_workflow(locked)
    audit.record(
        "task_completed",
        actor,
        case_id=locked.case.id,
        element_id=done.element_id,
        task_id=task_id,
        before={"task": done.name},
        after=cleaned,
    )
    return locked.case
