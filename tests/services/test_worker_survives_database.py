"""The worker loop survives a broken session and a dropped database connection, and stops cleanly."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text

from permits import worker
from permits.core.jobs import JobKind, enqueue, job_handlers, job_kinds
from permits.extensions import db
from permits.models import Job, JobStatus, Worker
from tests.conftest import ON_POSTGRES

KIND = "test_probe"
WAIT_SECONDS = 30


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WORKER_POLL_SECONDS": 0.05, "WORKER_HEARTBEAT_SECONDS": 0.2}


@pytest.fixture
def probe(app, monkeypatch) -> list[dict[str, Any]]:
    """A job kind that records its runs; the worker skips loading the PDF renderer."""
    runs: list[dict[str, Any]] = []
    monkeypatch.setitem(job_handlers, KIND, runs.append)
    monkeypatch.setitem(job_kinds, KIND, JobKind("Test", "Test fehlgeschlagen"))
    monkeypatch.setattr(worker, "warm_up", lambda: None)
    return runs


class LoopInThread:
    """`run_forever` in a thread with its own app context (so its own session and connections)."""

    def __init__(self, app: Flask, name: str) -> None:
        self.app, self.name, self.stop = app, name, worker.StopSignal()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            with self.app.app_context():
                worker.run_forever(self.app, self.name, self.stop)
        except BaseException as exc:  # surfaced by the test
            self.error = exc

    def __enter__(self) -> LoopInThread:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join(WAIT_SECONDS)
        assert not self.thread.is_alive(), "worker loop did not stop"
        assert self.error is None, self.error


@pytest.fixture
def loop(app) -> Iterator[Callable[[str], LoopInThread]]:
    yield lambda name: LoopInThread(app, name)


def _eventually(condition: Callable[[], bool], seconds: float = WAIT_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()  # end the read transaction: see what the worker committed since
        if condition():
            return True
        time.sleep(0.05)
    return False


def _status(job_id: int) -> JobStatus:
    return db.session.scalars(select(Job.status).where(Job.id == job_id)).one()


def _enqueue(payload: dict[str, Any]) -> int:
    job = enqueue(KIND, payload)
    db.session.commit()
    return job.id


def test_worker_recovers_from_a_pass_that_broke_its_session(app, loop, probe, monkeypatch):
    passes: list[int] = []
    fire_due_timers = worker.fire_due_timers

    def first_pass_breaks_the_session(ident: str, limit: int) -> int:
        passes.append(1)
        if len(passes) == 1:
            db.session.add(Job(kind=None, payload={}))  # NOT NULL violated: the flush fails
            db.session.flush()
        return fire_due_timers(ident, limit=limit)

    monkeypatch.setattr(worker, "fire_due_timers", first_pass_breaks_the_session)
    with loop("w1"):
        assert _eventually(lambda: len(passes) >= 2)
        job_id = _enqueue({"n": 1})
        assert _eventually(lambda: _status(job_id) == JobStatus.DONE)
    assert probe == [{"n": 1}]


def test_worker_finishes_its_job_then_stops_when_asked(app, loop, probe, monkeypatch):
    started, release = threading.Event(), threading.Event()

    def slow(payload: dict[str, Any]) -> None:
        started.set()
        assert release.wait(WAIT_SECONDS)
        probe.append(payload)

    monkeypatch.setitem(job_handlers, KIND, slow)
    first, second = _enqueue({"n": 1}), _enqueue({"n": 2})
    running = loop("w1").__enter__()
    assert started.wait(WAIT_SECONDS)
    running.stop.set()  # what SIGTERM does
    release.set()
    running.__exit__(None, None, None)

    assert probe == [{"n": 1}]
    assert (_status(first), _status(second)) == (JobStatus.DONE, JobStatus.QUEUED)
    row = db.session.scalars(select(Worker).filter_by(name="w1")).one()
    assert row.stopping and row.stopped_at is not None


@pytest.mark.postgres_only
@pytest.mark.skipif(not ON_POSTGRES, reason="pg_terminate_backend needs PostgreSQL")
def test_worker_runs_the_next_job_after_its_connections_were_terminated(app, loop, probe):
    with loop("w1"):
        first = _enqueue({"n": 1})
        assert _eventually(lambda: _status(first) == JobStatus.DONE)
        time.sleep(0.5)  # let it idle, with its connections back in the pool

        terminated = db.session.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
        db.session.commit()
        assert terminated >= 1  # the worker's (and its heartbeat's) connections

        second = _enqueue({"n": 2})
        assert _eventually(lambda: _status(second) == JobStatus.DONE)
    assert probe == [{"n": 1}, {"n": 2}]


def test_repeated_failures_back_off_up_to_half_a_minute():
    assert [worker._pause(2.0, failures) for failures in (0, 1, 2, 3, 4, 5, 9)] == [
        2.0,
        2.0,
        4.0,
        8.0,
        16.0,
        30.0,
        30.0,
    ]
