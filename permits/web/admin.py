"""Administration pages: overview, user accounts, API tokens, webhook deliveries (the outbox), background
jobs and their incidents."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from permits.errors import InvalidInput, PermitsError
from permits.models import JobStatus, Role
from permits.services import incidents, user_admin
from permits.services.tokens import revoke_token as revoke
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


@bp.get("")
def overview() -> str:
    return render_template("admin/overview.html")


def _form_errors(exc: InvalidInput, first_field: str) -> dict[str, list[str]]:
    """The field messages; a message about the whole form is shown at its first field."""
    return dict(exc.field_errors) or {first_field: [exc.message]}


@bp.get("/benutzer")
def users() -> str:
    return render_template("admin/users.html", users=user_admin.list_users(current_actor()))


def _user_form(template: str, errors: dict[str, list[str]], form: Mapping[str, str], **extra: object) -> str:
    return render_template(
        template,
        errors=errors,
        form=form,
        roles=user_admin.role_choices(),
        authorities=user_admin.authority_choices(),
        **extra,
    )


@bp.route("/benutzer/neu", methods=["GET", "POST"])
def new_user() -> str | Response | tuple[str, int]:
    if request.method == "GET":
        return _user_form("admin/user_new.html", {}, {})
    form = request.form
    try:
        user = user_admin.create_account(
            current_actor(),
            username=form.get("username", ""),
            name=form.get("name", ""),
            email=form.get("email", ""),
            role=form.get("role", ""),
            authority_code=form.get("authority") or None,
            password=form.get("password", ""),
            is_team_lead=form.get("is_team_lead") == "1",
        )
    except InvalidInput as exc:
        return _user_form("admin/user_new.html", _form_errors(exc, "username"), form), 422
    flash(f"Das Benutzerkonto für {user.display_name} ist angelegt.", "info")
    return redirect(url_for("admin.users"))


@bp.route("/benutzer/<id:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> str | Response | tuple[str, int]:
    actor = current_actor()
    user = user_admin.get_user(user_id, actor)
    if request.method == "GET":
        return _user_form("admin/user_edit.html", {}, {}, user=user)
    form = request.form
    try:
        user_admin.update_account(
            user_id,
            actor,
            role=form.get("role", ""),
            authority_code=form.get("authority") or None,
            is_team_lead=form.get("is_team_lead") == "1",
        )
    except InvalidInput as exc:
        return _user_form("admin/user_edit.html", _form_errors(exc, "role"), form, user=user), 422
    flash(f"Das Benutzerkonto von {user.name} ist geändert.", "info")
    return redirect(url_for("admin.users"))


@bp.post("/benutzer/<id:user_id>/aktiv")
def set_user_active(user_id: int) -> Response:
    active = request.form.get("active") == "1"
    try:
        user = user_admin.set_active(user_id, active, current_actor())
    except PermitsError as exc:
        flash(exc.message, "error")
    else:
        state = "wieder aktiv" if active else "deaktiviert; die Person ist abgemeldet"
        flash(f"Das Benutzerkonto von {user.display_name} ist {state}.", "info")
    return redirect(url_for("admin.users"))


@bp.get("/schluessel")
def tokens() -> str:
    return render_template("admin/tokens.html", tokens=user_admin.list_tokens(current_actor()))


def _token_form(errors: dict[str, list[str]], form: Mapping[str, str]) -> str:
    return render_template(
        "admin/token_new.html", errors=errors, form=form, holders=user_admin.holder_choices()
    )


@bp.route("/schluessel/neu", methods=["GET", "POST"])
def new_token() -> str | tuple[str, int]:
    if request.method == "GET":
        return _token_form({}, {"days": str(current_app.config["API_TOKEN_DAYS"])})
    form = request.form
    try:
        token = user_admin.issue_token(
            current_actor(),
            name=form.get("name", ""),
            holder=form.get("holder", ""),
            days=form.get("days", ""),
        )
    except InvalidInput as exc:
        return _token_form(_form_errors(exc, "name"), form), 422
    # Shown on this answer only: the page is not stored by the browser (no-store) and never shown again.
    return render_template("admin/token_issued.html", token=token, name=form.get("name", "").strip())


@bp.post("/schluessel/<id:token_id>/widerrufen")
def revoke_token(token_id: int) -> Response:
    try:
        token = revoke(token_id, current_actor())
    except PermitsError as exc:
        flash(exc.message, "error")
    else:
        flash(f"Der API-Schlüssel „{token.name}“ ist widerrufen.", "info")
    return redirect(url_for("admin.tokens"))


@bp.after_request
def _no_store(response: Response) -> Response:
    """Admin pages (a new token above all) are not kept in the browser's cache."""
    response.headers["Cache-Control"] = "no-store"
    return response
