"""`permits serve`: the production HTTP server (gunicorn) with defaults that suit permits.

It replaces itself with gunicorn (exec), so systemd or a container sees one main process that it can stop
(SIGTERM: finish running requests, then exit) and reload gracefully (SIGHUP: new workers with new code and
settings, old ones finish their requests).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import click


def default_workers() -> int:
    """Two processes per core: requests wait on the database about half their time."""
    return max(2, 2 * (os.cpu_count() or 1))


@click.command("serve")
@click.option("--bind", default="127.0.0.1:8000", show_default=True, help="Address:port or unix:/path.")
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes (default: 2 per CPU core).")
@click.option(
    "--timeout", type=click.IntRange(5, 600), default=60, show_default=True, help="Seconds per request."
)
@click.option("--access-log", is_flag=True, help="Also log every request in gunicorn's access format.")
def serve_command(bind: str, workers: int | None, timeout: int, access_log: bool) -> None:
    """Serve permits in production with gunicorn (see docs/operations.md)."""
    env = dict(os.environ)
    env["PERMITS_SERVE_BIND"] = bind
    env["PERMITS_SERVE_WORKERS"] = str(workers or default_workers())
    env["PERMITS_SERVE_TIMEOUT"] = str(timeout)
    env["PERMITS_SERVE_ACCESS_LOG"] = "1" if access_log else ""
    # Counters and histograms of all worker processes meet in this folder (prometheus_client multiprocess
    # mode); it must be set before the app is imported, hence the exec into a fresh interpreter.
    folder = env.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="permits-metrics-"))
    shutil.rmtree(folder, ignore_errors=True)  # counters of an earlier run must not add up with this one
    Path(folder).mkdir(parents=True, exist_ok=True)
    env.setdefault("PERMITS_LOG_FORMAT", "json")
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:permits.cli.gunicorn_conf",
        "permits:create_app()",
    ]
    sys.stdout.flush()
    os.execve(sys.executable, argv, env)
