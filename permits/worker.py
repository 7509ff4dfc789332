"""`permits worker`: fires due timers and runs queued jobs in a loop. Run as many as you like."""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from datetime import timedelta
from types import FrameType

from flask import Flask

from permits.core.jobs import run_next_job
from permits.services.reminders import send_deadline_reminders
from permits.services.timers import fire_due_timers

log = logging.getLogger("permits.worker")


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_once(app: Flask, ident: str) -> int:
    """One pass: fire due timers, then run due jobs until none is left. Returns the work done."""
    done = fire_due_timers(ident, limit=app.config["WORKER_BATCH"])
    done += send_deadline_reminders()
    lease = timedelta(seconds=app.config["JOB_LEASE_SECONDS"])
    for _ in range(app.config["WORKER_BATCH"]):
        if not run_next_job(ident, lease):
            break
        done += 1
    return done


def run_forever(app: Flask, ident: str | None = None) -> None:
    ident = ident or worker_id()
    stopping = False

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        log.info("worker %s stopping after this pass (signal %s)", ident, signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    warm_up()
    log.info("worker %s started", ident)
    while not stopping:
        try:
            done = run_once(app, ident)
        except Exception:
            log.exception("worker pass failed; retrying")
            done = 0
        if not done:
            time.sleep(app.config["WORKER_POLL_SECONDS"])


def warm_up() -> None:
    """Load what every job would otherwise load again (PDF renderer, hyphenation) once per worker."""
    try:
        from permits.documents import warm_up as warm_documents
    except ImportError:
        return
    warm_documents()
