"""Server-rendered pages (German)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app


def _local(moment: datetime | None, fmt: str = "%d.%m.%Y %H:%M") -> str:
    if moment is None:
        return "—"
    return moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"])).strftime(fmt)


def init_app(app: Flask) -> None:
    from permits.web import admin, auth, pages, security

    security.init_app(app)  # first: the CSRF check runs before the session is looked at
    app.register_blueprint(auth.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(admin.bp)
    app.jinja_env.filters["local"] = _local
