"""Request ids, one log line per request, request latency for Prometheus, and the /metrics endpoint.

/metrics is unauthenticated like /healthz (operators scrape it from inside the network; nginx keeps it off the
public site, see docs/operations.md) unless PERMITS_METRICS_TOKEN is set: then it wants that bearer token.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import time
import uuid
from collections.abc import Iterator

from flask import Blueprint, Flask, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from werkzeug.wrappers import Response

from permits.core import logs
from permits.core.metrics import REGISTRY, REQUEST_SECONDS
from permits.services.metrics import operational_figures

bp = Blueprint("observability", __name__)
log = logging.getLogger("permits.request")

# A caller's (or nginx's) X-Request-ID is kept when it looks like an id; anything else is replaced.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_QUIET = {"observability.metrics", "health.healthz", "health.readyz", "static", "assets.vendor"}


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_unbind)
    app.register_blueprint(bp)


def _start() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()
    g.log_token = logs.bind(request_id=g.request_id)


def _finish(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id", "")
    started = g.get("request_started")
    if started is None:
        return response
    seconds = time.perf_counter() - started
    endpoint = request.endpoint or "unknown"
    REQUEST_SECONDS.labels(request.method, endpoint, str(response.status_code)).observe(seconds)
    if endpoint not in _QUIET:
        case_id = (request.view_args or {}).get("case_id")
        log.info(
            "%s %s %s",
            request.method,
            endpoint,
            response.status_code,
            extra={
                "request_id": g.get("request_id"),
                "method": request.method,
                "endpoint": endpoint,
                "path": request.path,  # never the query string: search terms may name people
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                **({"case_id": case_id} if case_id is not None else {}),
            },
        )
    return response


def _unbind(_exc: BaseException | None) -> None:
    token = g.pop("log_token", None)
    if token is not None:
        logs.unbind(token)


class DatabaseFigures(Collector):
    """Gauges read from the database at scrape time, so every app process reports the same truth."""

    def collect(self) -> Iterator[Metric]:
        figures = operational_figures()
        open_tasks = GaugeMetricFamily(
            "permits_open_tasks", "Open user tasks by candidate group", labels=["group"]
        )
        for group, count in sorted(figures.open_tasks_by_group.items()):
            open_tasks.add_metric([group], count)
        yield open_tasks
        yield GaugeMetricFamily(
            "permits_overdue_tasks", "Open user tasks past their due date", figures.overdue_tasks
        )
        yield GaugeMetricFamily(
            "permits_tasks_due_7d", "Open user tasks due within 7 days", figures.tasks_due_7d
        )
        yield GaugeMetricFamily(
            "permits_deadlines_due_7d",
            "Statutory deadlines (timers) expiring within 7 days",
            figures.deadlines_due_7d,
        )
        jobs = GaugeMetricFamily(
            "permits_jobs", "Background jobs not done, by kind and state", labels=["kind", "state"]
        )
        age = GaugeMetricFamily(
            "permits_job_oldest_age_seconds",
            "Age of the oldest job not done, by kind and state",
            labels=["kind", "state"],
        )
        for job in figures.jobs:
            jobs.add_metric([job.kind, job.status], job.count)
            age.add_metric([job.kind, job.status], job.oldest_age_seconds)
        yield jobs
        yield age
        deliveries = CounterMetricFamily(
            "permits_webhook_deliveries", "Webhook deliveries by state (failed: gave up)", labels=["state"]
        )
        for state, count in sorted(figures.webhook_deliveries_by_status.items()):
            deliveries.add_metric([state], count)
        yield deliveries
        beats = GaugeMetricFamily(
            "permits_worker_heartbeat_age_seconds",
            "Seconds since each running worker's last heartbeat",
            labels=["worker"],
        )
        for name, seconds in sorted(figures.worker_heartbeat_age_seconds.items()):
            beats.add_metric([name], seconds)
        yield beats


@bp.get("/metrics")
def metrics() -> Response:
    expected = current_app.config.get("METRICS_TOKEN") or ""
    if expected:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            abort(401)
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # the counters of every gunicorn worker process
    else:
        registry.register(_Local())
    registry.register(DatabaseFigures())
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


class _Local(Collector):
    """The process-local counters and histograms (single-process servers: `make run`, tests)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()
