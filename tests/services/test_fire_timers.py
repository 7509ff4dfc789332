"""Deadlines: the worker fires each due timer exactly once, even with two workers or a crash mid-way."""

from __future__ import annotations

import contextlib
import threading

import pytest
from sqlalchemy import select

from permits.engine import Workflow
from permits.extensions import db
from permits.models import AuditEntry, OpenTask, Timer
from permits.services import workflow_state
from permits.services.cases import start_case
from permits.services.tasks import complete_task
from permits.services.timers import fire_due_timers


def _tasks(case_id: int) -> list[str]:
    return sorted(t.element_id for t in db.session.scalars(select(OpenTask).filter_by(case_id=case_id)))


def _fired(case_id: int) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.case_id == case_id, AuditEntry.action == "timer_fired")
    return list(db.session.scalars(query))


@pytest.fixture
def waiting_case(app, actors, clock):
    """A demo case waiting for the fire brigade's statement (deadline: one month after receipt)."""
    officer = actors["sachbearbeitung"]
    case = start_case("demo_procedure", "Neubau Einfamilienhaus", officer)
    task = db.session.scalars(select(OpenTask).filter_by(case_id=case.id)).one()
    complete_task(task.task_id, {"complete": True}, officer, claim=True)
    assert _tasks(case.id) == ["ut_statement"]
    return case


def test_timer_is_projected_with_the_statutory_due_time(waiting_case):
    timer = db.session.scalars(select(Timer).filter_by(case_id=waiting_case.id)).one()
    # received Monday 2026-03-02; one month later is Thursday 2026-04-02, 24:00 local time
    assert timer.element_id == "be_statement_deadline"
    assert timer.due_at.isoformat() == "2026-04-02T22:00:00+00:00"
    task = db.session.scalars(select(OpenTask).filter_by(case_id=waiting_case.id)).one()
    assert task.due_at == timer.due_at


def test_nothing_fires_before_the_deadline(waiting_case, clock):
    clock.advance(days=31)
    assert fire_due_timers("w1") == 0
    assert _tasks(waiting_case.id) == ["ut_statement"]


def test_due_timer_fires_once_and_deems_consent(waiting_case, clock):
    clock.advance(days=32)
    assert fire_due_timers("w1") == 1
    assert fire_due_timers("w1") == 0
    assert _tasks(waiting_case.id) == ["ut_decide"]
    assert [e.element_id for e in _fired(waiting_case.id)] == ["be_statement_deadline"]
    assert db.session.scalars(select(Timer).filter_by(case_id=waiting_case.id)).all() == []


def test_two_workers_fire_a_timer_exactly_once(app, waiting_case, clock, monkeypatch):
    clock.advance(days=32)
    db.session.commit()
    barrier = threading.Barrier(2)
    original = Workflow.fire_timers

    def fire_after_both_loaded(self):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=1.5)
        return original(self)

    monkeypatch.setattr(Workflow, "fire_timers", fire_after_both_loaded)
    counts: list[int] = []

    def work(name: str) -> None:
        with app.app_context():
            counts.append(fire_due_timers(name))
            db.session.remove()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    db.session.expire_all()
    assert sorted(counts) == [0, 1]
    assert len(_fired(waiting_case.id)) == 1
    assert _tasks(waiting_case.id) == ["ut_decide"]


def test_worker_dying_mid_way_leaves_the_timer_for_the_next(waiting_case, clock, monkeypatch):
    clock.advance(days=32)
    original = workflow_state.save_workflow

    def crash(locked):
        raise KeyboardInterrupt("worker killed")

    monkeypatch.setattr("permits.services.timers.save_workflow", crash)
    with pytest.raises(KeyboardInterrupt):
        fire_due_timers("w1")
    assert _tasks(waiting_case.id) == ["ut_statement"]
    assert _fired(waiting_case.id) == []

    monkeypatch.setattr("permits.services.timers.save_workflow", original)
    assert fire_due_timers("w2") == 1
    assert _tasks(waiting_case.id) == ["ut_decide"]
