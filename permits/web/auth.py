"""Session sign-in for the pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from permits.core.actors import Actor
from permits.errors import Unauthenticated
from permits.extensions import db
from permits.models import User
from permits.services.accounts import authenticate

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])


@bp.before_app_request
def load_user() -> None:
    user_id = session.get("user_id")
    user = db.session.get(User, user_id) if user_id is not None else None
    g.user = user if user is not None and user.active else None


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


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("pages.index")


@bp.route("/anmelden", methods=["GET", "POST"])
def login() -> str | Response:
    if request.method == "POST":
        try:
            user = authenticate(request.form.get("username", ""), request.form.get("password", ""))
        except Unauthenticated as exc:
            flash(exc.message, "error")
            return render_template("login.html"), 401  # type: ignore[return-value]
        session.clear()
        session["user_id"] = user.id
        return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html")


@bp.post("/abmelden")
def logout() -> Response:
    session.clear()
    flash("Sie sind abgemeldet.", "info")
    return redirect(url_for("auth.login"))
