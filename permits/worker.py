"""`permits worker`: fires due timers and runs queued jobs in a loop. Run as many as you like.

The loop survives the database going away: a failed pass rolls back and discards its session (the pool
pings connections before use and replaces dropped ones), and repeated failures back off. A heartbeat
thread keeps the worker's row in `workers` fresh, so the jobs of a worker that died are taken over within
WORKER_STALE_SECONDS. SIGTERM or SIGINT: finish the current job, then exit.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from datetime import timedelta
from types import FrameType

from flask import Flask

from permits.core import workers
from permits.core.jobs import run_next_job
from permits.documents import warm_up as warm_documents
from permits.extensions import db
from permits.services.applicant_reminders import remind_applicants_of_deadlines
from permits.services.reminders import send_deadline_reminders
from permits.services.timers import fire_due_timers

log = logging.getLogger("permits.worker")
MAX_PAUSE_SECONDS = 30.0


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class StopSignal:
    """Set by a signal handler or another thread; a plain flag, since a handler must not take locks."""

    def __init__(self) -> None:
        self.requested = False

    def set(self) -> None:
        self.requested = True

    def is_set(self) -> bool:
        return self.requested

    def wait(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not self.requested and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))
        return self.requested


def run_once(app: Flask, ident: str, stop: StopSignal | None = None) -> int:
    """One pass: fire due timers, then run due jobs until none is left (or a stop is requested)."""
    done = fire_due_timers(ident, limit=app.config["WORKER_BATCH"])
    done += send_deadline_reminders()
    done += remind_applicants_of_deadlines()
    lease = timedelta(seconds=app.config["JOB_LEASE_SECONDS"])
    for _ in range(app.config["WORKER_BATCH"]):
        if (stop is not None and stop.is_set()) or not run_next_job(ident, lease):
            break
        done += 1
    return done


def run_forever(app: Flask, ident: str | None = None, stop: StopSignal | None = None) -> None:
    """The worker loop, in an app context. `stop` lets an embedding thread end it (signals do otherwise)."""
    ident = ident or worker_id()
    stop = stop or StopSignal()
    _stop_on_signals(stop, ident)
    warm_up()
    finished = threading.Event()
    heartbeat = threading.Thread(
        target=_beat, args=(app, ident, stop, finished), name=f"heartbeat {ident}", daemon=True
    )
    log.info("worker %s started", ident)
    failures, registered = 0, False
    while not stop.is_set():
        try:
            if not registered:  # here, so that a worker started while the database is down waits for it
                workers.register(ident)
                registered = True
                heartbeat.start()
            done = run_once(app, ident, stop)
            failures = 0
        except Exception:
            failures += 1
            log.exception("worker pass failed (%d in a row); retrying", failures)
            discard_session()
            done = 0
        if not done or failures:
            stop.wait(_pause(app.config["WORKER_POLL_SECONDS"], failures))
    finished.set()
    _sign_off(ident, heartbeat)


def _pause(poll_seconds: float, failures: int) -> float:
    """The poll interval; doubled with every further failed pass in a row, up to half a minute."""
    if failures <= 1:
        return float(poll_seconds)
    return float(min(poll_seconds * 2 ** (failures - 1), MAX_PAUSE_SECONDS))


def discard_session() -> None:
    """Forget the failed transaction and its connection; the next use checks out a fresh, pinged one."""
    try:
        db.session.rollback()
    except Exception:
        log.debug("rollback after a failed pass failed as well", exc_info=True)
    db.session.remove()


def _stop_on_signals(stop: StopSignal, ident: str) -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # embedded in a thread (tests): the caller sets `stop`

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        stop.set()
        log.info("worker %s stopping after the current job (signal %s)", ident, signum)

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)


def _beat(app: Flask, ident: str, stop: StopSignal, finished: threading.Event) -> None:
    """Runs in its own thread (and session), so a long job does not make its worker look dead."""
    with app.app_context():
        while not finished.wait(app.config["WORKER_HEARTBEAT_SECONDS"]):
            try:
                workers.beat(ident, stopping=stop.is_set())
            except Exception:
                log.warning("worker %s: heartbeat failed; retrying", ident, exc_info=True)
                discard_session()
        db.session.remove()


def _sign_off(ident: str, heartbeat: threading.Thread) -> None:
    if heartbeat.is_alive():
        heartbeat.join(timeout=10)
    try:
        workers.mark_stopped(ident)
    except Exception:
        log.warning("worker %s: could not record its stop", ident, exc_info=True)
        discard_session()
    log.info("worker %s stopped", ident)


def warm_up() -> None:
    """Load what every job would otherwise load again (PDF renderer, hyphenation) once per worker."""
    warm_documents()
