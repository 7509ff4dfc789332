"""Real worker processes: one killed with SIGKILL mid-job has its job re-run by another within 60 s; one
sent SIGTERM finishes its current job and exits."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from permits.config import PROJECT_ROOT
from permits.core.jobs import enqueue
from permits.extensions import db
from permits.models import Job, JobStatus, Worker

BOUND_SECONDS = 60

# `permits worker` plus a job kind for the test: it hangs in the worker whose pid the payload names.
WORKER_SCRIPT = """
import logging, os, time
from permits import create_app, worker
from permits.core.jobs import job_handler

@job_handler("test_slow", label="Test")
def slow(payload):
    if payload.get("hang_in_pid") == os.getpid():
        time.sleep(600)
    time.sleep(float(payload.get("seconds", 0)))

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
worker.warm_up = lambda: None  # the PDF renderer is not needed here
app = create_app()
with app.app_context():
    worker.run_forever(app)
"""


@pytest.fixture
def app_config(app_config):
    return {**app_config, "CLOCK": None}  # the worker processes run on the real clock, so does the test


@pytest.fixture
def start_worker(app, tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    env = {
        **os.environ,
        "PERMITS_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PERMITS_SECRET_KEY": "test",
        "PERMITS_WORKER_POLL_SECONDS": "0.2",
        "PERMITS_WORKER_HEARTBEAT_SECONDS": "0.5",
        "PERMITS_WORKER_STALE_SECONDS": "3",
    }
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        with (tmp_path / f"worker-{len(started)}.log").open("wb") as log:  # the child keeps its own copy
            process = subprocess.Popen(
                [sys.executable, "-c", WORKER_SCRIPT], cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log
            )
        started.append(process)
        _eventually(lambda: _worker_row(process) is not None, f"worker {process.pid} did not register")
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def _name(process: subprocess.Popen[bytes]) -> str:
    return f"{socket.gethostname()}:{process.pid}"


def _worker_row(process: subprocess.Popen[bytes]) -> Worker | None:
    return db.session.scalars(select(Worker).filter_by(name=_name(process))).first()


def _job(job_id: int) -> Job:
    return db.session.get_one(Job, job_id)


def _eventually(condition: Callable[[], bool], failure: str) -> None:
    deadline = time.monotonic() + BOUND_SECONDS
    while time.monotonic() < deadline:
        db.session.rollback()  # a fresh read each time, and no lock held against the workers
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(failure)


def _enqueue(payload: dict[str, object]) -> int:
    job = enqueue("test_slow", payload)
    db.session.commit()
    return job.id


def test_job_of_a_killed_worker_is_run_by_another_within_a_minute(app, start_worker):
    first = start_worker()
    job_id = _enqueue({"hang_in_pid": first.pid})
    _eventually(lambda: _job(job_id).locked_by == _name(first), "the first worker did not take the job")

    first.send_signal(signal.SIGKILL)  # mid-job, no chance to clean up
    first.wait()
    assert _job(job_id).status == JobStatus.QUEUED  # leased for five minutes by a dead worker

    second = start_worker()
    _eventually(lambda: _job(job_id).status == JobStatus.DONE, "the job was not re-run within 60 s")
    job = _job(job_id)
    assert (job.locked_by, job.attempts) == (_name(second), 2)


def test_sigterm_finishes_the_current_job_then_exits(app, start_worker):
    running = start_worker()
    current = _enqueue({"seconds": 2})
    _eventually(lambda: _job(current).locked_by == _name(running), "the worker did not take the job")
    later = _enqueue({"seconds": 0})

    running.send_signal(signal.SIGTERM)
    assert running.wait(BOUND_SECONDS) == 0

    db.session.rollback()
    assert _job(current).status == JobStatus.DONE
    assert _job(later).status == JobStatus.QUEUED and _job(later).attempts == 0
    row = _worker_row(running)
    assert row is not None and row.stopping and row.stopped_at is not None
