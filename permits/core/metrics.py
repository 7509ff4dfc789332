"""Process-local Prometheus metrics of permits (counters and histograms the code updates as things happen).

Figures that live in the database (open tasks, jobs, deadlines, worker heartbeats) are read when /metrics is
scraped (`services/metrics.py`), so they are right whichever process answers. Under gunicorn the counters
below are shared between the worker processes through prometheus_client's multiprocess mode: `permits serve`
sets PROMETHEUS_MULTIPROC_DIR before the app is imported.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

REQUEST_SECONDS = Histogram(
    "permits_http_request_duration_seconds",
    "Time to answer an HTTP request, by endpoint",
    ["method", "endpoint", "status"],
    buckets=(0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
TASK_COMPLETIONS = Counter(
    "permits_task_completions",
    "User tasks completed, by process",
    ["process"],
    registry=REGISTRY,
)
