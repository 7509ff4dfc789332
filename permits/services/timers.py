"""Firing due timers. Safe with several workers: each case is locked (or version-checked) while its
timers fire, and the timer rows are rewritten in the same transaction, so a timer fires exactly once;
a worker killed mid-way rolls back and the timer is picked up again."""

from __future__ import annotations

import logging

from sqlalchemy import Select, select

from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import Conflict, PermitsError
from permits.extensions import db
from permits.models import Timer
from permits.services.workflow_state import locked_workflow, save_workflow

log = logging.getLogger(__name__)


def due_case_ids(limit: int) -> list[int]:
    query = select(Timer.case_id).where(Timer.due_at <= now()).order_by(Timer.due_at).limit(limit)
    seen: dict[int, None] = {}
    for case_id in db.session.scalars(query):
        seen.setdefault(case_id, None)
    db.session.rollback()
    return list(seen)


def _due_timers(case_id: int) -> Select[int]:
    return select(Timer.id).where(Timer.case_id == case_id, Timer.due_at <= now())


def _fire(case_id: int, actor: Actor) -> list[str]:
    locked = locked_workflow(case_id, actor)
    fired = locked.workflow.fire_timers()
    save_workflow(locked)
    for element_id in fired:
        audit.record("timer_fired", actor, case_id=case_id, element_id=element_id)
    return fired


@transactional
def fire_case_timers(case_id: int, actor: Actor) -> list[str]:
    # SKIP LOCKED: another worker holding this case's timers is already firing them.
    claimed = db.session.scalars(_due_timers(case_id).with_for_update(skip_locked=True)).first()
    if claimed is None:
        return []
    return _fire(case_id, actor)


@transactional
def settle_due_timers(case_id: int) -> list[str]:
    """Fire the case's timers that are due by the clock, before a person's input is applied to the case:
    a statement typed after the deadline must meet the deemed consent, not slip past a timer the worker
    has not reached yet. Joins the caller's transaction.

    Locks the due timer rows before the workflow row, in the worker's order, so the two cannot deadlock;
    a worker firing them right now is waited for, and then nothing is left to fire."""
    due = list(db.session.scalars(_due_timers(case_id).with_for_update()))
    if not due:
        return []
    return _fire(case_id, Actor.system("clock"))


def fire_due_timers(worker_id: str, limit: int = 20) -> int:
    """Fire the timers due now. Returns how many timers fired."""
    actor = Actor.system(f"worker:{worker_id}")
    fired = 0
    for case_id in due_case_ids(limit):
        try:
            fired += len(fire_case_timers(case_id, actor))
        except Conflict:
            log.info("case %s: timers already handled by another worker", case_id)
        except PermitsError:
            log.exception("case %s: firing timers failed; will retry", case_id)
    return fired
