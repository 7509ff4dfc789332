"""Administration pages: webhook deliveries (the outbox), background jobs and their incidents."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from werkzeug.wrappers import Response

from permits.errors import PermitsError
from permits.models import JobStatus, Role
from permits.services import incidents
from permits.services.webhooks import recent_deliveries
from permits.web.auth import current_actor, login_required

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
    actor = current_actor()
    failed, _ = incidents.list_jobs(actor, JobStatus.FAILED, per_page=200)
    recent, _ = incidents.list_jobs(actor, per_page=200)
    return render_template("admin_jobs.html", incidents=failed, jobs=recent)


@bp.post("/jobs/<id:job_id>/wiederholen")
def retry_job(job_id: int) -> Response:
    try:
        job = incidents.retry_job(job_id, current_actor())
    except PermitsError as exc:
        flash(exc.message, "error")
    else:
        flash(f"Der Auftrag „{job.kind_label}“ wird erneut ausgeführt.", "info")
    return redirect(url_for("admin.jobs"))
