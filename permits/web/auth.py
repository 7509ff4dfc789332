"""Session sign-in for the pages: who is signed in, session timeouts, sign-in and sign-out."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from permits.core.actors import Actor
from permits.core.runtime import now
from permits.errors import Unauthenticated
from permits.extensions import db
from permits.models import User
from permits.services import accounts
from permits.web.redirects import safe_next
from permits.web.security import throttle_sign_in

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])

SESSION_EXPIRED = "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."
# Refreshing the idle clock rewrites the cookie; once a minute is precise enough for a 30-minute timeout.
_SEEN_GRANULARITY_SECONDS = 60


@bp.before_app_request
def load_user() -> None:
    g.user = None
    user_id = session.get("user_id")
    if user_id is None:
        return
    user = db.session.get(User, user_id)
    if user is None or not user.active or session.get("generation") != user.session_generation:
        session.clear()  # signed out elsewhere, new password, or deactivated
        return
    moment = now().timestamp()
    if _expired(moment):
        session.clear()
        flash(SESSION_EXPIRED, "info")
        return
    if moment - session.get("seen_at", 0) >= _SEEN_GRANULARITY_SECONDS:
        session["seen_at"] = moment
    g.user = user


def _expired(moment: float) -> bool:
    config = current_app.config
    idle = moment - session.get("seen_at", 0) > config["SESSION_IDLE_MINUTES"] * 60
    too_old = moment - session.get("signed_in_at", 0) > config["SESSION_ABSOLUTE_HOURS"] * 3600
    return bool(idle or too_old)


def current_actor() -> Actor:
    if g.get("user") is None:
        raise Unauthenticated("Bitte melden Sie sich an.")
    return Actor.for_user(g.user)


def login_required(view: F) -> F:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("user") is None:
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _start_session(user: User) -> None:
    session.clear()  # a fresh session (and CSRF token) at sign-in: nothing planted before carries over
    moment = now().timestamp()
    session["user_id"] = user.id
    session["generation"] = user.session_generation
    session["signed_in_at"] = moment
    session["seen_at"] = moment


@bp.route("/anmelden", methods=["GET", "POST"])
@throttle_sign_in
def login() -> Any:
    if request.method == "POST":
        try:
            user = accounts.authenticate(
                request.form.get("username", ""), request.form.get("password", ""), ip=request.remote_addr
            )
        except Unauthenticated as exc:
            flash(exc.message, "error")
            return render_template("login.html"), 401
        _start_session(user)
        return redirect(safe_next(request.args.get("next"), url_for("pages.index")))
    return render_template("login.html")


@bp.post("/abmelden")
def logout() -> Response:
    if g.get("user") is not None:
        accounts.sign_out(g.user.id)
    session.clear()
    flash("Sie sind abgemeldet.", "info")
    return redirect(url_for("auth.login"))
