"""gunicorn settings for `permits serve` (read by gunicorn in the process `permits serve` execs into)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import gunicorn.http.wsgi

from permits.core import logs

bind = os.environ.get("PERMITS_SERVE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PERMITS_SERVE_WORKERS", "2"))
timeout = int(os.environ.get("PERMITS_SERVE_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Load the app once in the master: the BPMN processes are parsed and checked before any worker starts, a
# broken process file stops the start, and workers share the loaded code.
preload_app = True
# Workers are replaced after a few thousand requests, so slow growth (caches, fragmentation) cannot build up.
max_requests = 5000
max_requests_jitter = 500
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None
accesslog = "-" if os.environ.get("PERMITS_SERVE_ACCESS_LOG") else None
errorlog = "-"
# Proxy headers are applied by the app (PERMITS_PROXY_COUNT, werkzeug ProxyFix), not by gunicorn.
forwarded_allow_ips = ""
# Do not announce the server software and version to every client.
gunicorn.http.wsgi.SERVER = "permits"


if os.environ.get("PERMITS_LOG_FORMAT", "json") == "json":  # gunicorn's own lines in the same format
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "permits.core.logs.JsonFormatter"}},
        # gunicorn merges this over its defaults, whose root logger uses the handler "console"
        "handlers": {
            name: {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
            for name in ("console", "error_console")
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["error_console"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }

# Before the app is loaded, so its start-up lines come out in the same format.
logs.configure(os.environ.get("PERMITS_LOG_FORMAT", "json"), os.environ.get("PERMITS_LOG_LEVEL", "INFO"))


def child_exit(_server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
