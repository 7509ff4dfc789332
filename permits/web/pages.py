"""Pages: start page, task inbox, task form, case overview, starting a case."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from permits.errors import Conflict, InvalidInput, TaskNotReady
from permits.forms import get_form
from permits.models import Role
from permits.services import case_view, cases, decision_desk, tasks
from permits.services import inbox as inbox_service
from permits.web import desk
from permits.web.auth import current_actor, login_required
from permits.web.case_file import case_file_page, pdf
from permits.web.redirects import safe_next

bp = Blueprint("pages", __name__)


@bp.get("/")
def index() -> str | Response:
    if g.get("user") is None:
        return render_template("index.html")
    if g.user.role == Role.AGENCY:  # agencies work in their own workspace
        return redirect(url_for("agency.requests"))
    if g.user.role == Role.ARCHITECT:  # architects land on their applications, officers on the inbox
        return redirect(url_for("portal.my_list"))
    return redirect(url_for("pages.inbox"))


@bp.get("/aufgaben")
@login_required
def inbox() -> str:
    actor = current_actor()
    query = inbox_service.InboxQuery.from_params(request.args)
    return render_template(
        "inbox.html",
        page=inbox_service.inbox_page(actor, query),
        saved=inbox_service.saved_views(actor),
        colleagues=tasks.colleagues(actor),
        views=inbox_service.VIEWS,
        sorts=inbox_service.SORTS,
    )


@bp.route("/aufgaben/<task_id>", methods=["GET", "POST"])
@login_required
def task(task_id: str) -> Any:
    actor = current_actor()
    item = tasks.open_task(task_id, actor) if request.method == "GET" else tasks.get_task(task_id, actor)
    if item.form in decision_desk.DESK_FORMS:  # the decision desk has pages of its own
        return desk.task_page(item)
    form = get_form(item.form)
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = dict(request.form) if request.method == "POST" else tasks.form_values(item)
    if request.method == "POST":
        try:
            updated = tasks.complete_task(task_id, form.from_form_post(request.form.to_dict()), actor)
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
    status = 422 if errors else 200
    return render_template("task.html", task=item, form=form, errors=errors, values=values), status


@bp.post("/aufgaben/<task_id>/uebernehmen")
@login_required
def claim(task_id: str) -> Response:
    try:
        tasks.claim_task(task_id, current_actor())
    except (Conflict, TaskNotReady) as exc:  # someone else was quicker
        flash(exc.message, "error")
    else:
        flash("Aufgabe übernommen.", "success")
    return redirect(safe_next(request.form.get("next"), url_for("pages.inbox")))


@bp.post("/aufgaben/<task_id>/freigeben")
@login_required
def unclaim(task_id: str) -> Response:
    try:
        tasks.unclaim_task(task_id, current_actor())
    except (Conflict, TaskNotReady) as exc:
        flash(exc.message, "error")
    else:
        flash("Aufgabe freigegeben.", "success")
    return redirect(safe_next(request.form.get("next"), url_for("pages.inbox")))


@bp.get("/vorgaenge/<id:case_id>")
@login_required
def case(case_id: int) -> str:
    return case_file_page(case_id)


@bp.get("/vorgaenge/<id:case_id>/dokumente/<id:document_id>")
@login_required
def document(case_id: int, document_id: int) -> Response:
    item = case_view.issued_document(case_id, document_id, current_actor())
    return pdf(item.content, item.filename, request.args.get("ansicht") == "inline")


@bp.get("/vorgaenge/<id:case_id>/stellungnahmen/anlagen/<id:attachment_id>")
@login_required
def statement_attachment(case_id: int, attachment_id: int) -> Response:
    item = case_view.statement_attachment(case_id, attachment_id, current_actor())
    return case_view.attachment_response(item)


@bp.route("/vorgaenge/neu", methods=["GET", "POST"])
@login_required
def new_case() -> Any:
    actor = current_actor()
    cases.check_may_start_cases(actor)
    definitions = cases.officer_startable()
    if request.method == "POST":
        try:
            created = cases.start_case_by_officer(
                request.form.get("process_id", ""), request.form.get("title", ""), actor
            )
        except InvalidInput as exc:
            flash("Bitte prüfen Sie die markierten Felder." if exc.field_errors else exc.message, "error")
            page = render_template(
                "new_case.html", definitions=definitions, values=request.form, errors=exc.field_errors
            )
            return page, 422
        flash(f"Vorgang {created.file_reference} angelegt.", "success")
        return redirect(url_for("pages.case", case_id=created.id))
    return render_template("new_case.html", definitions=definitions, values={}, errors={})
