"""The JSON API under /api/v1 (flask-smorest, OpenAPI 3 at /api/v1/openapi.json, docs at /api/v1/docs)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api


class PermitsApi(Api):
    def _register_error_handlers(self) -> None:
        # permits.api.problems answers every error as RFC 9457 problem+json; keep smorest's out of the way.
        pass


def init_app(app: Flask) -> None:
    from permits.extensions import RowIdConverter

    app.config.setdefault("API_TITLE", "permits API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    spec_kwargs: dict[str, Any] = {
        "info": {
            "description": "Building-permit procedures: applications, tasks, cases, agency review requests."
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    }
    api = PermitsApi(app, spec_kwargs=spec_kwargs)
    api.register_converter(RowIdConverter, lambda _c: {"type": "integer", "minimum": 1, "maximum": 2**31 - 1})
    from permits.api import applications, cases, docs, review_requests, tasks, webhooks, xbau

    blueprints = (applications.blp, tasks.blp, cases.blp, review_requests.blp, webhooks.blp, xbau.blp)
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    app.register_blueprint(docs.bp)
    app.extensions["permits_api"] = api
