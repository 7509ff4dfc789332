"""Administration pages: webhook deliveries (the outbox) and queued jobs."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template
from sqlalchemy import select

from permits.extensions import db
from permits.models import Job, Role
from permits.services.webhooks import recent_deliveries
from permits.web.auth import login_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only() -> None:
    if g.user.role != Role.ADMIN:
        abort(403)


@bp.get("/webhooks")
def webhook_deliveries() -> str:
    return render_template("admin_webhooks.html", deliveries=recent_deliveries())


@bp.get("/jobs")
def jobs() -> str:
    items = db.session.scalars(select(Job).order_by(Job.id.desc()).limit(200))
    return render_template("admin_jobs.html", jobs=list(items))
