"""The XBau message log of a case (officers and administrators): every message in and out, as XML too."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, render_template
from werkzeug.wrappers import Response

from permits.services import xbau_messages_view
from permits.web.auth import current_actor, login_required

bp = Blueprint("messages", __name__)


@bp.get("/vorgaenge/<id:case_id>/nachrichten")
@login_required
def case_messages(case_id: int) -> str:
    view = xbau_messages_view.case_messages(case_id, current_actor())
    return render_template("case_messages.html", log=view)


@bp.get("/vorgaenge/<id:case_id>/nachrichten/<id:message_id>.xml")
@login_required
def message_xml(case_id: int, message_id: int) -> Response:
    item = xbau_messages_view.message_file(case_id, message_id, current_actor())
    response = Response(item.content, mimetype="application/xml")
    # The stored bytes as a download: never rendered by the browser, never sniffed as anything else.
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(item.filename)}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
