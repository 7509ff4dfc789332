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
from permits.core.metrics import TASK_COMPLETIONS
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import Conflict, InvalidInput, NotFound, PermissionDenied, TaskNotReady
from permits.extensions import db
from permits.forms import get_form
from permits.models import AuditEntry, Case, OpenTask, Role, User
from permits.services.four_eyes import four_eyes_of
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


def visible_condition(actor: Actor) -> Any:
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
        .where(visible_condition(actor))
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


def open_task(task_id: str, actor: Actor) -> OpenTask:
    """The task whose form a person opens: a free task they may work on is claimed for them, so that
    what they enter can be completed (a task is completed only by whoever claimed it)."""
    task = get_task(task_id, actor)
    if task.assignee_id is None and needs_claim(task, actor) and can_work_on(task, actor):
        try:
            return claim_task(task_id, actor)
        except Conflict:  # someone else claimed it a moment ago: show it, completing will say so
            return get_task(task_id, actor)
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


def needs_claim(task: OpenTask, actor: Actor) -> bool:
    """Whether this actor must claim the task before completing it.

    Claiming decides who of a group works on a task. It binds people (actors with a user): a task routed
    to the applicant has one possible worker and needs no claim; an agency's token and the system
    (XBau import, timers) cannot claim and act for their body as a whole."""
    return actor.user_id is not None and task.candidate_group != "applicant"


def require_claimed(task: OpenTask, actor: Actor) -> None:
    if needs_claim(task, actor) and task.assignee_id != actor.user_id:
        raise Conflict("Bitte übernehmen Sie die Aufgabe, bevor Sie sie erledigen.")


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
    _check_four_eyes(",".join(four_eyes_of(task.process_id, task.element_id)), task, actor)
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


def is_team_lead(actor: Actor) -> bool:
    if actor.is_admin:
        return True
    user = db.session.get(User, actor.user_id) if actor.user_id is not None else None
    return user is not None and user.role == Role.CASE_OFFICER and user.is_team_lead


def colleagues(actor: Actor) -> list[User]:
    """Active officers of the actor's authority: whom a task may be assigned to."""
    if actor.role not in (Role.CASE_OFFICER, Role.ADMIN) or actor.authority_id is None:
        return []
    query = (
        select(User)
        .where(User.active, User.role == Role.CASE_OFFICER, User.authority_id == actor.authority_id)
        .order_by(User.display_name, User.id)
    )
    return list(db.session.scalars(query))


def _assign(task: OpenTask, assignee: User, actor: Actor) -> None:
    """Assign one task (already locked), checking who may give it to whom."""
    if task.assignee_id not in (None, actor.user_id) and not is_team_lead(actor):
        raise PermissionDenied("Aufgaben anderer Personen kann nur die Teamleitung zuweisen.")
    if not Actor.for_user(assignee).in_group(task.candidate_group, task.case):
        raise InvalidInput(
            f"{assignee.display_name} darf diese Aufgabe nicht bearbeiten.",
            field_errors={"assignee_id": ["Person gehört nicht zur zuständigen Gruppe."]},
        )
    if task.assignee_id == assignee.id:
        return
    audit.record(
        "task_assigned",
        actor,
        case_id=task.case_id,
        element_id=task.element_id,
        task_id=task.task_id,
        before={"assignee_id": task.assignee_id},
        after={"assignee_id": assignee.id},
    )
    task.assignee_id = assignee.id
    _save_assignment(task)


def _assignee(assignee_id: int, actor: Actor) -> User:
    """An active officer of the actor's own authority (an admin may pick anyone active)."""
    if actor.role not in (Role.CASE_OFFICER, Role.ADMIN):
        raise PermissionDenied("Nur die Sachbearbeitung kann Aufgaben zuweisen.")
    assignee = db.session.get(User, assignee_id)
    unknown = assignee is None or not assignee.active
    foreign = assignee is not None and not actor.is_admin and assignee.authority_id != actor.authority_id
    if assignee is None or unknown or foreign:
        message = "Bitte wählen Sie eine Person Ihrer Behörde."
        raise InvalidInput(message, field_errors={"assignee_id": [message]})
    return assignee


@transactional
def assign_task(task_id: str, assignee_id: int, actor: Actor) -> OpenTask:
    """Assign a task to a colleague of the same authority. Anyone may hand on a free task or delegate
    their own; only a team lead may take a task from someone else."""
    task = get_task(task_id, actor, for_update=True)
    _assign(task, _assignee(assignee_id, actor), actor)
    return task


MAX_BULK = 100


@transactional
def bulk_assign(task_ids: list[str], assignee_id: int, actor: Actor) -> int:
    """Team leads: assign up to MAX_BULK tasks to one colleague, all or none. Returns how many."""
    if not is_team_lead(actor):
        raise PermissionDenied("Nur die Teamleitung kann Aufgaben gesammelt zuweisen.")
    wanted = list(dict.fromkeys(t for t in task_ids if t))
    if not wanted:
        raise InvalidInput(
            "Bitte wählen Sie mindestens eine Aufgabe.", field_errors={"task_ids": ["Keine Aufgabe gewählt."]}
        )
    if len(wanted) > MAX_BULK:
        message = f"Höchstens {MAX_BULK} Aufgaben auf einmal."
        raise InvalidInput(message, field_errors={"task_ids": [message]})
    assignee = _assignee(assignee_id, actor)
    for task_id in wanted:
        _assign(get_task(task_id, actor, for_update=True), assignee, actor)
    return len(wanted)


def can_work_on(task: OpenTask, actor: Actor) -> bool:
    """Whether opening this task's form will not end in a refusal: the task is routed or assigned to the
    actor, nobody else holds it, and the four-eyes rule does not exclude them."""
    return task.task_id in workable([task], actor)


def workable(items: list[OpenTask], actor: Actor) -> set[str]:
    """The ids of the tasks among `items` this actor may work on (see can_work_on); one audit query
    covers every four-eyes step among them."""
    allowed = [
        t
        for t in items
        if _routed_to(t, actor) and (t.assignee_id in (None, actor.user_id) or actor.is_admin)
    ]
    guarded = {t.task_id: four_eyes_of(t.process_id, t.element_id) for t in allowed}
    return {t.task_id for t in allowed} - _four_eyes_excluded(
        [t for t in allowed if guarded[t.task_id]], guarded, actor
    )


def _routed_to(task: OpenTask, actor: Actor) -> bool:
    assigned = actor.user_id is not None and task.assignee_id == actor.user_id
    return assigned or actor.in_group(task.candidate_group, task.case)


def _four_eyes_excluded(items: list[OpenTask], guarded: dict[str, tuple[str, ...]], actor: Actor) -> set[str]:
    """Tasks among `items` whose guarded steps the actor completed last."""
    if not items:
        return set()
    rows = db.session.execute(
        select(AuditEntry.case_id, AuditEntry.element_id, AuditEntry.actor)
        .where(AuditEntry.case_id.in_(sorted({t.case_id for t in items})))
        .where(AuditEntry.action == "task_completed")
        .where(AuditEntry.element_id.in_(sorted({e for t in items for e in guarded[t.task_id]})))
        .order_by(AuditEntry.id)
    )
    # Later rows overwrite earlier ones: per case and step, its position and who completed it last.
    last = {(case_id, element_id): (n, who) for n, (case_id, element_id, who) in enumerate(rows)}
    excluded = set()
    for task in items:
        completions = [last[(task.case_id, e)] for e in guarded[task.task_id] if (task.case_id, e) in last]
        if completions and max(completions)[1] == actor.name:
            excluded.add(task.task_id)
    return excluded


def _last_completer(case_id: int, element_ids: list[str]) -> str | None:
    return db.session.scalars(
        select(AuditEntry.actor)
        .where(AuditEntry.case_id == case_id, AuditEntry.action == "task_completed")
        .where(AuditEntry.element_id.in_(element_ids))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()


def _check_four_eyes(element_ids: str | None, task: OpenTask, actor: Actor) -> None:
    """A task with property `fourEyesOf="ut_a,ut_b"` may not be completed by whoever last completed those."""
    wanted = [e.strip() for e in (element_ids or "").split(",") if e.strip()]
    if wanted and _last_completer(task.case_id, wanted) == actor.name:
        raise PermissionDenied("Vier-Augen-Prinzip: Diese Freigabe muss eine andere Person erteilen.")


def complete_task(
    task_id: str,
    data: dict[str, Any],
    actor: Actor,
    *,
    system_data: dict[str, Any] | None = None,
    claim: bool = False,
) -> Case:
    """Validate the form, settle due timers, run the step, save state, projection and audit entry, all
    or nothing.

    A person completes only a task they have claimed (`require_claimed`); `claim=True` takes a free task
    in the same transaction, for use cases whose act is itself taking on the work (an agency's statement
    on its review request).

    `system_data` is merged after validation: values the app itself supplies (never user input), such as
    the idempotency key of an API call or a structured list the page form cannot express.

    A timer due by the clock fires before the input is applied. If that closed the task (the deadline
    passed before the worker came round), the fired timers are kept and the input is refused with
    TaskNotReady (409)."""
    case = _complete_task(task_id, data, actor, system_data, claim)
    if case is None:
        raise TaskNotReady(
            "Die Frist für diese Aufgabe ist abgelaufen; die Eingabe wurde nicht übernommen. "
            "Der Vorgang wurde nach Fristablauf fortgesetzt."
        )
    TASK_COMPLETIONS.labels(case.process_id).inc()  # after the commit: only what really happened counts
    return case


@transactional
def _complete_task(
    task_id: str, data: dict[str, Any], actor: Actor, system_data: dict[str, Any] | None, claim: bool
) -> Case | None:
    """The completion in one transaction; None when a due timer closed the task (its firing is kept)."""
    task = get_task(task_id, actor)
    if claim and task.assignee_id is None and needs_claim(task, actor):
        task = claim_task(task_id, actor)
    _check_not_claimed_by_other(task, actor)
    _check_four_eyes(",".join(four_eyes_of(task.process_id, task.element_id)), task, actor)
    require_claimed(task, actor)
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
