"""The Bauherr's sign-off page: opened from a one-time link, no account needed, read-only summary."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from permits.errors import InvalidInput
from permits.services import signoffs
from permits.web.portal import summary_context

bp = Blueprint("signoff", __name__)


@bp.route("/freizeichnung/<token>", methods=["GET", "POST"])
def confirm(token: str) -> Any:
    application = signoffs.application_for_token(token)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            signoffs.confirm_signoff(token, request.form.get("agreed") == "ja")
        except InvalidInput as exc:
            errors = exc.field_errors
        else:
            return render_template("portal/signoff_done.html", application=application)
    page = render_template(
        "portal/signoff.html",
        application=application,
        **summary_context(application),
        confirmation=signoffs.CONFIRMATION,
        errors=errors,
    )
    return (page, 422) if errors else page
