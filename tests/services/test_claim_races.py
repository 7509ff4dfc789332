"""Claiming and completing under concurrency: exactly one winner, one audit row, losers get 409 (not 404)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from permits.core.actors import Actor
from permits.errors import Conflict, NotFound, TaskNotReady
from permits.extensions import db
from permits.models import AuditEntry, OpenTask, Role
from permits.services import tasks
from permits.services.accounts import create_token
from permits.services.cases import start_case
from permits.services.tasks import claim_task, complete_task, unclaim_task
from tests.factories import UserFactory
from tests.processes_fixtures import write_process
from tests.web.conftest import post_form, sign_in


@pytest.fixture
def app_config(app_config, tmp_path: Path):
    write_process(tmp_path / "processes", "test_process")
    return {**app_config, "PROCESSES_DIR": str(tmp_path / "processes")}


@pytest.fixture
def officers(app, people) -> list[Actor]:
    """Twenty case officers of the building authority, committed so every thread sees them."""
    users = [
        UserFactory(
            username=f"officer{n}", role=Role.CASE_OFFICER, authority=people["sachbearbeitung"].authority
        )
        for n in range(20)
    ]
    db.session.commit()
    return [Actor.for_user(user) for user in users]


@pytest.fixture
def task_id(app, actors) -> str:
    case = start_case("test_process", "Neubau", actors["sachbearbeitung"])
    task = db.session.scalars(select(OpenTask).filter_by(case_id=case.id)).one()
    db.session.commit()
    return task.task_id


def _audit_rows(action: str, task_id: str) -> int:
    db.session.expire_all()
    query = select(func.count()).select_from(AuditEntry).filter_by(action=action, task_id=task_id)
    return db.session.scalar(query) or 0


def _hold_until_all_read(monkeypatch, name: str, parties: int) -> None:
    """Every claimant must have read the task before any of them writes. On PostgreSQL the row lock makes
    the others wait inside the read instead, so the barrier gives up after a moment there."""
    barrier = threading.Barrier(parties)
    original = getattr(tasks, name)

    def wait_then_run(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=1.5)
        return original(*args, **kwargs)

    monkeypatch.setattr(tasks, name, wait_then_run)


def _race(app: Flask, attempts: list[Callable[[], object]]) -> list[str]:
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(attempt: Callable[[], object]) -> None:
        with app.app_context():
            try:
                result = attempt()
                outcome = "ok" if not isinstance(result, int) else str(result)
            except TaskNotReady:
                outcome = "task_not_ready"
            except Conflict:
                outcome = "conflict"
            except NotFound:
                outcome = "not_found"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("claimants", [2, 20])
def test_concurrent_claims_have_exactly_one_winner(app, officers, task_id, monkeypatch, claimants):
    _hold_until_all_read(monkeypatch, "_check_not_claimed_by_other", claimants)

    def claim(actor: Actor) -> Callable[[], object]:
        return lambda: claim_task(task_id, actor)

    outcomes = _race(app, [claim(actor) for actor in officers[:claimants]])

    assert sorted(outcomes) == ["conflict"] * (claimants - 1) + ["ok"]
    assert _audit_rows("task_claimed", task_id) == 1
    winner = db.session.scalars(select(OpenTask).filter_by(task_id=task_id)).one().assignee_id
    assert winner in {actor.user_id for actor in officers[:claimants]}


def test_concurrent_release_and_claim_keep_one_assignee(app, officers, task_id, monkeypatch):
    first, second = officers[:2]
    claim_task(task_id, first)
    db.session.commit()
    _hold_until_all_read(monkeypatch, "_check_not_claimed_by_other", 2)

    outcomes = _race(app, [lambda: unclaim_task(task_id, first), lambda: claim_task(task_id, second)])

    # Either the release wins and the claim (which read "claimed by first") loses, or the claim waited for
    # the release (PostgreSQL) and then took the task: never a claim that overwrote a live assignment.
    db.session.expire_all()
    assignee = db.session.scalars(select(OpenTask).filter_by(task_id=task_id)).one().assignee_id
    assert outcomes.count("ok") >= 1 and "not_found" not in outcomes
    assert assignee == (second.user_id if outcomes.count("ok") == 2 else None)
    assert _audit_rows("task_claimed", task_id) == 1 + (outcomes.count("ok") == 2)


def test_concurrent_completions_losers_get_conflict_not_404(app, officers, task_id, monkeypatch):
    # One officer, eight tabs: the task is completed by whoever claimed it, once.
    claim_task(task_id, officers[0])
    db.session.commit()
    outcomes = _race(app, [lambda: complete_task(task_id, {"amount": 1}, officers[0]) for _ in range(8)])

    assert outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} <= {"conflict", "task_not_ready"}
    assert _audit_rows("task_completed", task_id) == 1


def test_completing_a_task_someone_just_completed_is_a_conflict(app, actors, task_id):
    complete_task(task_id, {"amount": 1}, actors["sachbearbeitung"], claim=True)
    with pytest.raises(TaskNotReady, match="inzwischen erledigt"):
        complete_task(task_id, {"amount": 1}, actors["pruefung"])
    with pytest.raises(TaskNotReady):
        claim_task(task_id, actors["pruefung"])
    with pytest.raises(NotFound):
        claim_task("00000000-0000-0000-0000-000000000000", actors["pruefung"])


def test_claim_race_through_the_api_answers_409_problem(app, client, officers, task_id, monkeypatch):
    system = Actor.system("test")
    headers = [
        {"Authorization": f"Bearer {create_token(f'race {n}', system, username=f'officer{n}')}"}
        for n in range(2)
    ]
    db.session.commit()
    _hold_until_all_read(monkeypatch, "_check_not_claimed_by_other", 2)

    def claim(header: dict[str, str]) -> Callable[[], object]:
        def call() -> int:
            response = app.test_client().post(f"/api/v1/tasks/{task_id}/claim", headers=header)
            if response.status_code == 409:
                assert response.mimetype == "application/problem+json"
                assert "übernommen" in response.json["detail"]
            return response.status_code

        return call

    assert sorted(_race(app, [claim(h) for h in headers])) == ["200", "409"]
    assert _audit_rows("task_claimed", task_id) == 1

    assignee = db.session.scalars(select(OpenTask).filter_by(task_id=task_id)).one().assignee_id
    winner = [actor.user_id for actor in officers[:2]].index(assignee)
    completion = {"data": {"amount": 1}}
    done = client.post(f"/api/v1/tasks/{task_id}/complete", headers=headers[winner], json=completion)
    late = client.post(f"/api/v1/tasks/{task_id}/complete", headers=headers[1 - winner], json=completion)
    assert done.status_code == 200
    assert late.status_code == 409 and late.mimetype == "application/problem+json"
    assert late.json["detail"] == "Die Aufgabe wurde inzwischen erledigt."


def test_claiming_a_task_someone_else_took_on_the_page_shows_a_german_message(client, actors, task_id):
    claim_task(task_id, actors["pruefung"])
    db.session.commit()
    sign_in(client, "sachbearbeitung")

    response = post_form(client, f"/aufgaben/{task_id}/uebernehmen")

    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Die Aufgabe ist von Paul Prüfer übernommen." in page
    assert _audit_rows("task_claimed", task_id) == 1
