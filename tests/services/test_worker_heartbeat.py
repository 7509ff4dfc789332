"""Workers beat; the job of a worker whose heartbeat stopped is taken over at once, not after the lease."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from permits.core import workers
from permits.core.jobs import JobKind, enqueue, job_handlers, job_kinds, run_next_job
from permits.extensions import db
from permits.models import Job, JobStatus, Worker

KIND = "test_dies_in_first_worker"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WORKER_STALE_SECONDS": 30, "JOB_LEASE_SECONDS": 300}


@pytest.fixture
def job(app, monkeypatch) -> Job:
    """A job whose first run kills its worker (as kill -9 would: no bookkeeping happens)."""
    runs: list[str] = []

    def handler(payload: dict[str, Any]) -> None:
        runs.append("run")
        if len(runs) == 1:
            raise SystemExit("worker killed")

    monkeypatch.setitem(job_handlers, KIND, handler)
    monkeypatch.setitem(job_kinds, KIND, JobKind("Test", "Test fehlgeschlagen"))
    queued = enqueue(KIND, {})
    db.session.commit()
    return queued


def _die_while_running(worker: str) -> None:
    with pytest.raises(SystemExit):
        run_next_job(worker)
    db.session.rollback()


def test_registering_and_beating_keep_the_worker_row_fresh(app, clock):
    workers.register("host:1")
    started = clock.now()
    clock.advance(timedelta(seconds=7))
    workers.beat("host:1")
    row = db.session.scalars(select(Worker).filter_by(name="host:1")).one()
    assert (row.started_at, row.last_heartbeat_at, row.stopping) == (started, clock.now(), False)

    workers.beat("host:1", stopping=True)
    workers.mark_stopped("host:1")
    db.session.expire_all()
    row = db.session.get_one(Worker, row.id)
    assert row.stopping and row.stopped_at == clock.now()


def test_job_of_a_worker_whose_heartbeat_stopped_is_taken_over_at_once(app, clock, job):
    workers.register("w1")
    workers.register("w2")
    _die_while_running("w1")

    clock.advance(timedelta(seconds=20))
    workers.beat("w2")
    assert run_next_job("w2") is False  # w1 beat 20 s ago: it may still be working

    clock.advance(timedelta(seconds=11))  # w1 silent for 31 s, far less than the 5-minute lease
    workers.beat("w2")
    assert run_next_job("w2") is True
    db.session.expire_all()
    done = db.session.get_one(Job, job.id)
    assert (done.status, done.locked_by, done.attempts) == (JobStatus.DONE, "w2", 2)


def test_a_beating_worker_keeps_its_job_until_the_lease_ends(app, clock, job):
    workers.register("w1")
    _die_while_running("w1")
    for _ in range(4):  # the process is gone but, say, a stuck thread still beats
        clock.advance(timedelta(seconds=25))
        workers.beat("w1")
        assert run_next_job("w2") is False

    clock.advance(timedelta(seconds=201))  # the lease is the upper bound
    assert run_next_job("w2") is True


def test_job_of_a_stopped_worker_is_free_at_once(app, clock, job):
    workers.register("w1")
    _die_while_running("w1")
    workers.mark_stopped("w1")
    assert run_next_job("w2") is True
    assert db.session.get_one(Job, job.id).status == JobStatus.DONE


def test_a_restarted_worker_with_the_same_name_is_alive_again(app, clock):
    workers.register("host:7")
    workers.mark_stopped("host:7")
    clock.advance(timedelta(minutes=3))
    workers.register("host:7")
    row = db.session.scalars(select(Worker).filter_by(name="host:7")).one()
    assert row.stopped_at is None and not row.stopping and row.last_heartbeat_at == clock.now()
    assert db.session.scalars(workers.dead_worker_names(clock.now())).all() == []


def test_workers_silent_for_a_week_are_forgotten_when_another_starts(app, clock):
    workers.register("host:1")
    clock.advance(timedelta(days=6))
    workers.register("host:2")
    clock.advance(timedelta(days=2))
    workers.register("host:3")
    assert db.session.scalars(select(Worker.name).order_by(Worker.name)).all() == ["host:2", "host:3"]
