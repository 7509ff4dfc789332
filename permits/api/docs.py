"""A readable API reference rendered from the OpenAPI document (no external scripts)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_docs", __name__)


@bp.get("/api/v1/docs")
def docs() -> str:
    spec = current_app.extensions["permits_api"].spec.to_dict()
    return render_template("api_docs.html", spec=spec)
