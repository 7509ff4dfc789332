"""Officer workspace pages: saved inbox views, assigning tasks (one or many), the team view, the case list."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from permits.errors import Conflict, InvalidInput, TaskNotReady
from permits.services import case_list, inbox, tasks, team
from permits.web.auth import current_actor, login_required
from permits.web.redirects import safe_next

bp = Blueprint("workspace", __name__)


def _back() -> str:
    return safe_next(request.form.get("next"), url_for("pages.inbox"))


def _assignee_id() -> int:
    value = request.form.get("assignee_id", "")
    if not value.isdigit():
        message = "Bitte wählen Sie eine Person."
        raise InvalidInput(message, field_errors={"assignee_id": [message]})
    return int(value)


def _inbox_url(params: dict[str, Any]) -> str:
    return url_for("pages.inbox", **params)


@bp.post("/aufgaben/ansichten")
@login_required
def save_view() -> Response:
    query = inbox.InboxQuery.from_params(request.form)
    try:
        view = inbox.save_view(request.form.get("name", ""), query, current_actor())
    except InvalidInput as exc:
        flash(exc.message, "error")
        return redirect(_inbox_url(query.params()))
    flash(f"Ansicht „{view.name}“ gespeichert.", "success")
    return redirect(_inbox_url(query.params()))


@bp.post("/aufgaben/ansichten/<id:view_id>/loeschen")
@login_required
def delete_view(view_id: int) -> Response:
    inbox.delete_saved_view(view_id, current_actor())
    flash("Ansicht gelöscht.", "success")
    return redirect(url_for("pages.inbox"))


@bp.post("/aufgaben/<task_id>/zuweisen")
@login_required
def assign(task_id: str) -> Response:
    try:
        tasks.assign_task(task_id, _assignee_id(), current_actor())
    except (InvalidInput, Conflict, TaskNotReady) as exc:
        flash(exc.message, "error")
    else:
        flash("Aufgabe zugewiesen.", "success")
    return redirect(_back())


@bp.post("/aufgaben/zuweisen")
@login_required
def bulk_assign() -> Response:
    try:
        count = tasks.bulk_assign(request.form.getlist("task_id"), _assignee_id(), current_actor())
    except (InvalidInput, Conflict, TaskNotReady) as exc:
        flash(exc.message, "error")
    else:
        flash(f"{count} Aufgabe{'n' if count != 1 else ''} zugewiesen.", "success")
    return redirect(_back())


@bp.get("/team")
@login_required
def team_page() -> str:
    return render_template("team.html", team=team.team_view(current_actor()))


@bp.get("/vorgaenge")
@login_required
def cases() -> tuple[str, int]:
    query = case_list.CaseListQuery.from_params(request.args)
    page = case_list.case_list(current_actor(), query)
    return render_template("cases.html", page=page), 422 if page.parcel_error else 200
