"""Completing a user task: validation, audit, atomicity, and exactly one winner under concurrency."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from permits.engine import Workflow
from permits.errors import Conflict, InvalidInput, PermissionDenied, ProcessError
from permits.extensions import db
from permits.models import AuditEntry, OpenTask, WorkflowInstance
from permits.services.cases import start_case
from permits.services.tasks import claim_task, complete_task
from tests.processes_fixtures import write_process


@pytest.fixture
def app_config(app_config, tmp_path: Path):
    write_process(tmp_path / "processes", "test_process", script="result = 10 // amount")
    return {**app_config, "PROCESSES_DIR": str(tmp_path / "processes")}


def _audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _open_task(case_id: int) -> OpenTask:
    return db.session.scalars(select(OpenTask).filter_by(case_id=case_id)).one()


def test_completing_moves_case_on_and_audits_once(app, actors):
    officer = actors["sachbearbeitung"]
    case = start_case("test_process", "Neubau", officer)
    first = _open_task(case.id)
    claim_task(first.task_id, officer)
    before = _audit_count()

    complete_task(first.task_id, {"amount": 5, "note": "geprüft"}, officer)

    second = _open_task(case.id)
    assert second.element_id == "ut_second"
    assert second.candidate_group == "role:case_officer"
    assert _audit_count() == before + 1
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "task_completed" and entry.element_id == "ut_first"
    assert entry.actor == "user:sachbearbeitung"
    assert entry.after == {"amount": 5, "note": "geprüft"}


def test_invalid_form_data_is_refused_and_nothing_changes(app, actors):
    officer = actors["sachbearbeitung"]
    case = start_case("test_process", "Neubau", officer)
    task = _open_task(case.id)
    with pytest.raises(InvalidInput) as caught:
        complete_task(task.task_id, {"amount": "viele"}, officer, claim=True)
    assert caught.value.field_errors == {"amount": ["Ungültiger Wert."]}
    assert _open_task(case.id).task_id == task.task_id


def test_script_error_leaves_stored_case_unchanged(app, actors):
    officer = actors["sachbearbeitung"]
    case = start_case("test_process", "Neubau", officer)
    task = _open_task(case.id)
    row = db.session.get(WorkflowInstance, case.id)
    state, version, audit_before = row.state_json, row.version, _audit_count()

    with pytest.raises(ProcessError) as caught:
        complete_task(task.task_id, {"amount": 0}, officer, claim=True)  # 10 // 0 in sc_compute

    assert caught.value.element_id == "sc_compute"
    db.session.expire_all()
    row = db.session.get(WorkflowInstance, case.id)
    assert (row.state_json, row.version) == (state, version)
    assert _open_task(case.id).task_id == task.task_id
    assert _audit_count() == audit_before
    # and the task can still be completed with good data
    complete_task(task.task_id, {"amount": 2}, officer, claim=True)
    assert _open_task(case.id).element_id == "ut_second"


def test_task_claimed_by_someone_else_cannot_be_completed(app, actors):
    case = start_case("test_process", "Neubau", actors["sachbearbeitung"])
    task = _open_task(case.id)
    claim_task(task.task_id, actors["pruefung"])
    with pytest.raises(Conflict, match="übernommen"):
        complete_task(task.task_id, {"amount": 1}, actors["sachbearbeitung"])


def test_agency_cannot_complete_officer_task(app, actors):
    case = start_case("test_process", "Neubau", actors["sachbearbeitung"])
    with pytest.raises(PermissionDenied):
        complete_task(_open_task(case.id).task_id, {"amount": 1}, actors["feuerwehr"], claim=True)


def test_concurrent_double_completion_has_exactly_one_winner(app, actors, monkeypatch):
    officer = actors["sachbearbeitung"]
    case = start_case("test_process", "Neubau", officer)
    task_id = _open_task(case.id).task_id
    claim_task(task_id, officer)
    audit_before = _audit_count()
    db.session.commit()

    # Both requests must have loaded the case before either saves. On PostgreSQL the row lock makes the
    # second wait at load time instead, so the barrier gives up after a moment there.
    barrier = threading.Barrier(2)
    original = Workflow.complete

    def complete_after_both_loaded(self, *args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=1.5)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Workflow, "complete", complete_after_both_loaded)
    outcomes: list[str] = []

    def attempt() -> None:
        with app.app_context():
            try:
                complete_task(task_id, {"amount": 1}, officer, claim=True)
                outcomes.append("ok")
            except Conflict as exc:  # TaskNotReady is a Conflict too
                outcomes.append(f"conflict: {exc.message}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "ok"]
    db.session.expire_all()
    assert _open_task(case.id).element_id == "ut_second"
    completions = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "task_completed", AuditEntry.id > 0)
    ).all()
    assert len([c for c in completions if c.task_id == task_id]) == 1
    assert _audit_count() == audit_before + 1
