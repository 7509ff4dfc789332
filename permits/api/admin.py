"""Administration: background jobs, and retrying the ones that failed for good (incidents)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from permits.api.auth import require_role
from permits.api.schemas.admin import JobListArgs, JobPageSchema, JobSchema
from permits.api.schemas.common import problem_responses
from permits.models import JobStatus, Role
from permits.services import incidents

blp = Blueprint("admin_api", __name__, url_prefix="/api/v1/admin", description="Administration (admins only)")


@blp.route("/jobs", methods=["GET"])
@blp.arguments(JobListArgs, location="query")
@blp.response(200, JobPageSchema)
@problem_responses(blp, 401, 403, 422)
def list_jobs(args: dict[str, Any]) -> dict[str, Any]:
    """Background jobs by status, newest first; `failed` jobs are incidents waiting for an administrator."""
    actor = require_role(Role.ADMIN)
    items, total = incidents.list_jobs(
        actor, JobStatus(args["status"]), page=args["page"], per_page=args["per_page"]
    )
    return {"items": items, "page": args["page"], "per_page": args["per_page"], "total": total}


@blp.route("/jobs/<id:job_id>/retry", methods=["POST"])
@blp.response(200, JobSchema)
@problem_responses(blp, 401, 403, 404, 409)
def retry_job(job_id: int) -> Any:
    """Queue a failed job again with a fresh set of attempts (once its cause is fixed)."""
    return incidents.retry_job(job_id, require_role(Role.ADMIN))
