"""permits: digital building-permit back office."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event

from permits.config import PROJECT_ROOT, Config, from_environment
from permits.extensions import RowIdConverter, db, migrate


class ConfigurationError(RuntimeError):
    """A required setting is missing or wrong; the message names the environment variable."""


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
    )
    app.config.from_object(Config)
    overrides = {**from_environment(), **(test_config or {})}
    app.config.update(overrides)
    _finish_config(app, explicit=set(overrides))

    from permits import models  # noqa: F401  (registers every table on the metadata)

    app.url_map.converters["id"] = RowIdConverter

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    with app.app_context():
        _tune_connections()

    from permits import api, services, web
    from permits.api import problems
    from permits.services.engine import load_engine

    services.init_app(app)
    problems.init_app(app)
    api.init_app(app)
    web.init_app(app)

    from permits.cli import register_commands

    register_commands(app)
    # Parse and check every process file now: a broken or unsafe process stops the app at start,
    # naming the file and element, instead of failing the first case that reaches it.
    load_engine(app)
    if app.config["PROXY_COUNT"]:
        # Behind nginx: take client address, scheme and host from the proxy's X-Forwarded-* headers (only as
        # many hops as configured, so a client cannot forge them), so redirects, cookies and limits are right.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    return app


def _finish_config(app: Flask, explicit: set[str]) -> None:
    local_mode = app.debug or app.testing or app.config.get("DEMO")
    if local_mode and "SESSION_COOKIE_SECURE" not in explicit:
        app.config["SESSION_COOKIE_SECURE"] = False  # served over plain http://127.0.0.1
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "permits.db")
    # Test each pooled connection before use, so one the database dropped (restart, idle timeout,
    # pg_terminate_backend) is replaced instead of failing the next request or worker pass.
    engine_options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True, **engine_options}
    if not app.config.get("SECRET_KEY"):
        if not local_mode:
            raise ConfigurationError(
                "PERMITS_SECRET_KEY is not set: give it a long random value (see README, "
                "'Operating permits safely'), or set PERMITS_DEMO=1 to try permits locally."
            )
        app.config["SECRET_KEY"] = "dev-only-not-secret"


def _tune_connections() -> None:
    engine = db.engine
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        # WAL lets the web app and the worker read while one of them writes.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


__all__ = ["ConfigurationError", "create_app"]
