"""Server-rendered pages (German)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask, current_app


def _local(moment: datetime | None, fmt: str = "%d.%m.%Y %H:%M") -> str:
    if moment is None:
        return "—"
    return moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"])).strftime(fmt)


def _last_day(moment: datetime | None) -> str:
    """A deadline as people read it and as the letters state it: its last day. Deadlines are stored as
    the moment they expire (midnight after the last day, local time), so the day shown is the one of the
    moment just before."""
    if moment is None:
        return "—"
    local = moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
    return (local - timedelta(microseconds=1)).strftime("%d.%m.%Y")


def init_app(app: Flask) -> None:
    from permits.web import (
        account,
        admin,
        agency,
        assets,
        auth,
        case_file,
        case_room,
        desk,
        health,
        mailbox,
        messages,
        observability,
        pages,
        portal,
        portal_geometry,
        security,
        signoff,
        workspace,
    )

    observability.init_app(app)  # first: the request id and timing cover everything after it
    security.init_app(app)  # the CSRF check runs before the session is looked at
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(mailbox.bp)
    app.register_blueprint(messages.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(assets.bp)
    app.register_blueprint(portal_geometry.bp)
    app.register_blueprint(agency.bp)
    app.register_blueprint(portal.bp)
    app.register_blueprint(signoff.bp)
    app.register_blueprint(case_file.bp)
    app.register_blueprint(case_room.bp)
    app.register_blueprint(desk.bp)
    app.register_blueprint(workspace.bp)
    app.jinja_env.filters["local"] = _local
    app.jinja_env.filters["last_day"] = _last_day
