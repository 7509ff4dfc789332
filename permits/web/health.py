"""`/healthz` (the process answers) and `/readyz` (it can do its work): unauthenticated, cheap, JSON."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from permits.services.health import readiness

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    result = readiness()
    body = {
        "status": "ready" if result.ready else "not_ready",
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in result.checks},
    }
    return jsonify(body), 200 if result.ready else 503
