"""Accounts: registration of architects, one-time links by e-mail, password reset, the account page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from permits.codelists import FederalState
from permits.errors import InvalidInput
from permits.services import email_change, profile, registration
from permits.web.auth import current_actor, login_required
from permits.web.security import limiter

bp = Blueprint("account", __name__)

SENT = (
    "Wir haben Ihnen eine E-Mail geschickt. Bitte öffnen Sie den Link darin, um Ihre E-Mail-Adresse zu "
    "bestätigen. Der Link ist 48 Stunden gültig."
)
RESET_SENT = (
    "Wenn es zu dieser E-Mail-Adresse ein Konto gibt, haben wir Ihnen einen Link geschickt, mit dem Sie ein "
    "neues Passwort festlegen. Der Link ist eine Stunde gültig."
)


def _mail_limit() -> str:
    return str(current_app.config["ACCOUNT_MAIL_LIMIT_PER_IP"])


def _form(*names: str) -> dict[str, str]:
    """The form's fields as typed, bounded: nothing longer than a field could ever need reaches a use case."""
    return {name: request.form.get(name, "")[:1000] for name in names}


def _invalid(template: str, error: InvalidInput, **context: Any) -> tuple[str, int]:
    return render_template(template, errors=error.field_errors, **context), 422


@bp.route("/registrieren", methods=["GET", "POST"])
@limiter.limit(_mail_limit, methods=["POST"], scope="account-mail")
def register() -> Any:
    states = FederalState.choices()
    if request.method == "GET":
        return render_template("account/register.html", errors={}, form={}, states=states)
    form = _form("name", "email", "password", "password_repeat", "chamber_number", "federal_state")
    try:
        registration.register_architect(registration.Registration(**form))
    except InvalidInput as exc:
        return _invalid("account/register.html", exc, form=form, states=states)
    return render_template("account/sent.html", title="Bitte bestätigen Sie Ihre E-Mail-Adresse", text=SENT)


@bp.get("/registrieren/bestaetigen/<token>")
def confirm_registration(token: str) -> Any:
    try:
        registration.confirm_registration(token)
    except InvalidInput as exc:
        return render_template("account/link_invalid.html", message=exc.message), 410
    flash("Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
@limiter.limit(_mail_limit, methods=["POST"], scope="account-mail")
def forgot_password() -> Any:
    if request.method == "GET":
        return render_template("account/forgot_password.html", errors={}, form={})
    registration.request_password_reset(request.form.get("email", "")[:300])
    return render_template("account/sent.html", title="E-Mail unterwegs", text=RESET_SENT)


@bp.route("/passwort-neu/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Any:
    try:
        if request.method == "GET":
            registration.check_reset_link(token)
            return render_template("account/reset_password.html", errors={})
        form = _form("password", "password_repeat")
        registration.reset_password(token, form["password"], form["password_repeat"])
    except InvalidInput as exc:
        if exc.field_errors:
            return _invalid("account/reset_password.html", exc)
        return render_template("account/link_invalid.html", message=exc.message), 410
    session.clear()
    flash("Ihr neues Passwort gilt. Bitte melden Sie sich damit an.", "success")
    return redirect(url_for("auth.login"))


def _account_page(errors: dict[str, list[str]] | None = None, form: dict[str, str] | None = None) -> str:
    return render_template(
        "account/account.html",
        account=profile.account_of(current_actor()),
        states=FederalState.choices(),
        errors=errors or {},
        form=form or {},
    )


@bp.get("/konto")
@login_required
def account() -> str:
    return _account_page()


@bp.post("/konto/profil")
@login_required
def update_profile() -> Any:
    form = _form("name", "chamber_number", "federal_state")
    try:
        profile.update_profile(current_actor(), form["name"], form["chamber_number"], form["federal_state"])
    except InvalidInput as exc:
        return _account_page(exc.field_errors, form), 422
    flash("Ihre Angaben sind gespeichert.", "success")
    return redirect(url_for("account.account"))


def _keep_this_session(generation: int) -> None:
    session["generation"] = generation


@bp.post("/konto/passwort")
@login_required
def change_password() -> Any:
    form = _form("current_password", "password", "password_repeat")
    try:
        generation = profile.change_own_password(
            current_actor(), form["current_password"], form["password"], form["password_repeat"]
        )
    except InvalidInput as exc:
        return _account_page(exc.field_errors), 422
    _keep_this_session(generation)
    flash("Ihr Passwort ist geändert. Auf allen anderen Geräten sind Sie abgemeldet.", "success")
    return redirect(url_for("account.account"))


@bp.post("/konto/andere-geraete-abmelden")
@login_required
def end_other_sessions() -> Response:
    _keep_this_session(profile.end_other_sessions(current_actor()))
    flash("Sie sind auf allen anderen Geräten abgemeldet.", "success")
    return redirect(url_for("account.account"))


@bp.post("/konto/email")
@login_required
@limiter.limit(_mail_limit, scope="account-mail")
def change_email() -> Any:
    form = _form("new_email", "email_password")
    try:
        email_change.request_email_change(current_actor(), form["new_email"], form["email_password"])
    except InvalidInput as exc:
        return _account_page(exc.field_errors, {"new_email": form["new_email"]}), 422
    flash(
        "Wir haben einen Link an die neue Adresse geschickt. Sobald Sie ihn öffnen, gilt die neue Adresse.",
        "success",
    )
    return redirect(url_for("account.account"))


@bp.get("/konto/email/bestaetigen/<token>")
def confirm_email_change(token: str) -> Any:
    try:
        email_change.confirm_email_change(token)
    except InvalidInput as exc:
        return render_template("account/link_invalid.html", message=exc.message), 410
    flash("Ihre neue E-Mail-Adresse ist bestätigt.", "success")
    return redirect(url_for("account.account") if session.get("user_id") else url_for("auth.login"))
