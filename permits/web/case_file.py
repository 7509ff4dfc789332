"""The case file's own routes: internal comments and building documents (download or inline preview).

The page itself stays `pages.case` (`/vorgaenge/<id>`); it renders `case_file_page` from here."""

from __future__ import annotations

import base64
from urllib.parse import quote

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from permits.errors import InvalidInput
from permits.services import case_file, case_messages, comments, process_diagram
from permits.services.application_view import pdf_response
from permits.web.auth import current_actor, login_required
from permits.web.security import INLINE_PDF_POLICY

bp = Blueprint("casefile", __name__)


def case_file_page(case_id: int, comment_error: str | None = None, comment_text: str = "") -> str:
    view = case_file.case_file(case_id, current_actor())
    svg = view.case.geometry.svg if view.case.geometry else None
    actor = current_actor()
    diagram = process_diagram.case_diagram(case_id, actor) if actor.role in process_diagram.READERS else None
    return render_template(
        "case/page.html",
        file=view,
        case=view.case,
        site_drawing=base64.b64encode(svg.encode()).decode() if svg else None,
        comment_error=comment_error,
        comment_text=comment_text,
        diagram=diagram,
        # officers (who see the internal comments) also reach the correspondence with the applicant
        unread_messages=case_messages.unread_for_authority(case_id) if view.comments is not None else None,
    )


def pdf(content: bytes | None, filename: str, inline: bool) -> Response:
    """A PDF as a download, or (`inline`) shown in the case file's preview frame: only this app may frame
    it (CSP frame-ancestors 'self'), every other page still refuses to be framed."""
    response = pdf_response(content, filename)
    if inline:
        response.headers["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
        response.headers["Content-Security-Policy"] = INLINE_PDF_POLICY
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.post("/vorgaenge/<id:case_id>/vermerke")
@login_required
def add_comment(case_id: int) -> str | tuple[str, int] | Response:
    text = request.form.get("text", "")
    try:
        comments.add_comment(case_id, text, current_actor())
    except InvalidInput as exc:
        flash(exc.message, "error")
        return case_file_page(case_id, exc.field_errors["text"][0], text[: comments.COMMENT_MAX_LENGTH]), 422
    flash("Vermerk gespeichert.", "success")
    return redirect(url_for("pages.case", case_id=case_id) + "#vermerke")


@bp.get("/vorgaenge/<id:case_id>/unterlagen/<id:document_id>")
@login_required
def application_document(case_id: int, document_id: int) -> Response:
    item = case_file.application_document(case_id, document_id, current_actor())
    return pdf(item.content, item.filename, request.args.get("ansicht") == "inline")


@bp.get("/vorgaenge/<id:case_id>/prozess")
@login_required
def diagram(case_id: int) -> Response:
    """The BPMN and the step states of one unit of the case's procedure, for `static/diagram.js`."""
    unit = request.args.get("einheit", "")[:64]
    return jsonify(process_diagram.unit_diagram(case_id, unit, current_actor()))
