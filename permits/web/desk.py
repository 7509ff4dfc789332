"""The decision desk pages: drafting the decision and the four-eyes sign-off (endpoint `pages.task`
delegates here for these forms), and the draft's PDF preview."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from permits.errors import Conflict, InvalidInput, TaskNotReady
from permits.forms import get_form
from permits.forms.base import row_count
from permits.forms.procedure import PROVISION_TYPES
from permits.models import OpenTask
from permits.services import cases, decision_desk, tasks
from permits.services.decision_desk import DECISION_FORM
from permits.web.auth import current_actor, login_required

bp = Blueprint("desk", __name__)
ADD_PROVISION = "weitere"  # the "weitere Nebenbestimmung" button
REMOVE_PREFIX = "entfernen-"  # "entfernen-<row>"


def task_page(item: OpenTask) -> Any:
    """GET: the form prefilled (returned draft, or the agencies' merged conditions). POST: complete the
    task, or with the add/remove buttons re-render the form with one row more or less, values kept."""
    actor = current_actor()
    form = get_form(item.form)
    errors: dict[str, list[str]] = {}
    action = request.form.get("aktion", "") if request.method == "POST" else ""
    posted = request.method == "POST"
    values = request.form.to_dict() if posted else decision_desk.opening_values(item)
    if action == ADD_PROVISION or action.startswith(REMOVE_PREFIX):
        values = _edited_rows(values, action)
    elif request.method == "POST":
        try:
            updated = tasks.complete_task(item.task_id, form.from_form_post(values), actor)
        except InvalidInput as exc:
            errors = exc.field_errors
            flash(exc.message, "error")
        except (TaskNotReady, Conflict) as exc:
            flash(exc.message, "error")
            return redirect(url_for("pages.inbox"))
        else:
            flash(f"„{item.name}“ erledigt.", "success")
            if cases.can_read_case(updated, actor):
                return redirect(url_for("pages.case", case_id=updated.id))
            return redirect(url_for("pages.inbox"))
    template = "desk/decision.html" if item.form == DECISION_FORM else "desk/sign_off.html"
    rows = max(row_count("provisions", values), 1) if item.form == DECISION_FORM else 0
    page = render_template(
        template,
        task=item,
        form=form,
        desk=decision_desk.desk_view(item),
        values=values,
        errors=errors,
        rows=rows,
        provision_types=PROVISION_TYPES,
        type_label=decision_desk.type_label,
    )
    return page, 422 if errors else 200


@bp.route("/aufgaben/<task_id>/vorschau.pdf", methods=["GET", "POST"])
@login_required
def preview(task_id: str) -> Any:
    """The draft decision as PDF, inline. POST: the form as currently filled in (CSRF-checked); GET: the
    saved draft. Invalid input shows the task page with the messages instead."""
    post = request.form.to_dict() if request.method == "POST" else None
    try:
        pdf = decision_desk.preview_pdf(task_id, post, current_actor())
    except InvalidInput as exc:
        flash(f"Vorschau nicht möglich: {exc.message}", "error")
        return redirect(url_for("pages.task", task_id=task_id))
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'inline; filename="Bescheid-Entwurf.pdf"'
    # Shown in the task page's frame: this response (only) may be framed by our own pages.
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _edited_rows(values: dict[str, str], action: str) -> dict[str, str]:
    """The posted values with one empty provision row appended, or one removed and the rest renumbered."""
    count = row_count("provisions", values)
    if action == ADD_PROVISION:
        values[f"provisions-{max(count, 1)}-text"] = ""
        return values
    removed = action.removeprefix(REMOVE_PREFIX)
    if not removed.isdigit():
        return values
    kept = {k: v for k, v in values.items() if not k.startswith("provisions-")}
    target = 0
    for index in range(count):
        if index == int(removed):
            continue
        for name in ("type", "legal_area", "text", "source"):
            kept[f"provisions-{target}-{name}"] = values.get(f"provisions-{index}-{name}", "")
        target += 1
    return kept
