"""`permits worker --concurrency N`: N worker processes under one supervisor.

Each child is a complete `permits worker` (own database connections, own heartbeat); the job queue's leases
make them share work safely. A child that dies (crash, OOM kill) is restarted after a short pause; SIGTERM or
SIGINT to the supervisor is passed on, and each child finishes its current job before exiting.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from types import FrameType

log = logging.getLogger("permits.worker")
RESTART_PAUSE_SECONDS = 2.0
STOP_GRACE_SECONDS = 60.0


def _spawn() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "permits.cli", "worker", "--concurrency", "1"])


def run_pool(concurrency: int) -> None:
    children = [_spawn() for _ in range(concurrency)]
    stopping = False

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        log.info("worker pool stopping (signal %s)", signum)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("worker pool started with %d processes", concurrency)
    while not stopping:
        for index, child in enumerate(children):
            code = child.poll()
            if code is not None and not stopping:
                log.warning("worker process %d ended with %s; restarting", child.pid, code)
                time.sleep(RESTART_PAUSE_SECONDS)
                children[index] = _spawn()
        time.sleep(0.5)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
