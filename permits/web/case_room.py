"""The case room (Vorgangsraum) of a submitted application, and the authority's side of its messages.

`/antraege/<public_id>`: timeline, deadlines, open requests (answer with text and PDFs), messages, letters
and submitted documents, for the application's architect. `/vorgaenge/<id>/schriftverkehr`: the messages
as the case officers of the case's authority read and answer them.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from permits.codelists import APPLICATION_DOCUMENT_TYPES
from permits.errors import Conflict, InvalidInput, TaskNotReady
from permits.models import ApplicationStatus
from permits.services import case_messages, case_room, supplements
from permits.services.application_view import pdf_response
from permits.services.cases import get_case
from permits.web.auth import current_actor, login_required

bp = Blueprint("room", __name__)
FILE_SLOTS = 3  # file inputs on the answer form (no JavaScript needed to add more)


def _room(
    public_id: str, *, errors: dict[str, list[str]] | None = None, form: str = "", status: int = 200
) -> Any:
    actor = current_actor()
    view = case_room.room_detail(public_id, actor)
    thread = case_messages.applicant_thread(public_id, actor)
    page = render_template(
        "room/room.html",
        room=view,
        thread=thread,
        errors=errors or {},
        failed_form=form,
        values=request.form if errors else {},
        document_types=APPLICATION_DOCUMENT_TYPES,
        file_slots=FILE_SLOTS,
    )
    return page, status


@bp.get("/antraege/<public_id>")
@login_required
def room(public_id: str) -> Any:
    application = case_room.room_application(public_id, current_actor())
    if application.status == ApplicationStatus.DRAFT:
        return redirect(f"/antraege/{application.public_id}/bearbeiten")
    return _room(public_id)


def _uploads() -> list[supplements.Upload]:
    uploads = []
    for number in range(1, FILE_SLOTS + 1):
        file = request.files.get(f"file_{number}")
        if isinstance(file, FileStorage) and file.filename:
            uploads.append(
                supplements.Upload(
                    document_type=request.form.get(f"document_type_{number}", ""),
                    filename=file.filename,
                    content=file.read(),
                )
            )
    return uploads


@bp.post("/antraege/<public_id>/anfragen/<task_id>")
@login_required
def answer(public_id: str, task_id: str) -> Any:
    try:
        supplements.answer_request(
            public_id, task_id, request.form.get("text", ""), _uploads(), current_actor()
        )
    except InvalidInput as exc:
        flash(exc.message, "error")
        return _room(public_id, errors=exc.field_errors, form=task_id, status=422)
    except (TaskNotReady, Conflict) as exc:
        flash(exc.message, "error")
    else:
        flash("Ihre Antwort ist bei der Bauaufsicht eingegangen.", "success")
    return redirect(url_for("room.room", public_id=public_id))


def _attachment() -> case_messages.Attachment | None:
    file = request.files.get("attachment")
    if isinstance(file, FileStorage) and file.filename:
        return case_messages.Attachment(filename=file.filename, content=file.read())
    return None


@bp.post("/antraege/<public_id>/nachrichten")
@login_required
def write(public_id: str) -> Any:
    try:
        case_messages.write_to_authority(
            public_id, request.form.get("body", ""), _attachment(), current_actor()
        )
    except InvalidInput as exc:
        flash(exc.message, "error")
        return _room(public_id, errors=exc.field_errors, form="message", status=422)
    flash("Ihre Nachricht wurde an die Bauaufsicht gesendet.", "success")
    return redirect(url_for("room.room", public_id=public_id, _anchor="nachrichten"))


@bp.get("/antraege/<public_id>/schreiben/<id:document_id>")
@login_required
def letter(public_id: str, document_id: int) -> Response:
    item = case_room.room_letter(public_id, document_id, current_actor())
    return pdf_response(item.content, item.filename)


@bp.get("/antraege/<public_id>/eingereicht/<id:document_id>")
@login_required
def submitted_document(public_id: str, document_id: int) -> Response:
    item = case_room.room_document(public_id, document_id, current_actor())
    return pdf_response(item.content, item.filename)


@bp.get("/antraege/<public_id>/nachrichten/<id:message_id>/anlage")
@login_required
def attachment(public_id: str, message_id: int) -> Response:
    item = case_messages.applicant_attachment(public_id, message_id, current_actor())
    return pdf_response(item.content, item.filename)


def _correspondence(case_id: int, *, errors: dict[str, list[str]] | None = None, status: int = 200) -> Any:
    actor = current_actor()
    case = get_case(case_id, actor)
    thread = case_messages.authority_thread(case_id, actor)
    page = render_template(
        "room/correspondence.html",
        case=case,
        thread=thread,
        supplements=case_room.authority_supplements(case_id, actor),
        errors=errors or {},
        values=request.form if errors else {},
    )
    return page, status


@bp.get("/vorgaenge/<id:case_id>/schriftverkehr")
@login_required
def correspondence(case_id: int) -> Any:
    return _correspondence(case_id)


@bp.post("/vorgaenge/<id:case_id>/schriftverkehr")
@login_required
def reply(case_id: int) -> Any:
    try:
        case_messages.write_to_applicant(
            case_id, request.form.get("body", ""), _attachment(), current_actor()
        )
    except InvalidInput as exc:
        flash(exc.message, "error")
        return _correspondence(case_id, errors=exc.field_errors, status=422)
    except Conflict as exc:
        flash(exc.message, "error")
    else:
        flash("Die Nachricht wurde an die Antragstellerin/den Antragsteller gesendet.", "success")
    return redirect(url_for("room.correspondence", case_id=case_id))


@bp.get("/vorgaenge/<id:case_id>/schriftverkehr/<id:message_id>/anlage")
@login_required
def authority_attachment(case_id: int, message_id: int) -> Response:
    item = case_messages.authority_attachment(case_id, message_id, current_actor())
    return pdf_response(item.content, item.filename)


@bp.get("/vorgaenge/<id:case_id>/schriftverkehr/unterlagen/<id:document_id>")
@login_required
def authority_document(case_id: int, document_id: int) -> Response:
    item = case_room.authority_document(case_id, document_id, current_actor())
    return pdf_response(item.content, item.filename)
