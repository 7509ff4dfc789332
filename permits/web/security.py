"""Browser protections: CSRF tokens on forms, sign-in throttling, security headers on every response."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Flask, current_app, g, render_template, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.wrappers import Response

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)

# No inline script or style anywhere: pages work without JavaScript, styles come from static/app.css, and the
# site drawing is an <img> with a data: URI. Pages may frame this app's own PDFs (the case file's preview);
# no page may be framed itself.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# A PDF served for the inline preview: framed by this app's pages only, running nothing itself.
INLINE_PDF_POLICY = "default-src 'none'; frame-ancestors 'self'"
HSTS = "max-age=31536000; includeSubDomains"
API_PREFIX = "/api/"


def init_app(app: Flask) -> None:
    # The API authenticates with bearer tokens only (never the session cookie), so a cross-site page cannot
    # act through it; CSRF tokens are checked for everything else by `_protect_forms`.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    # A form token lives as long as its session, which the idle and absolute timeouts already bound.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)
    limiter.init_app(app)
    app.before_request(_protect_forms)
    app.after_request(_add_security_headers)
    app.register_error_handler(CSRFError, _csrf_refused)
    app.register_error_handler(RateLimitExceeded, _too_many_attempts)


def _protect_forms() -> None:
    # Flask-WTF caches the form token on `g`; when one app context spans several requests (tests hold one
    # open) a token of an earlier, since cleared session would be reused. The cache is per request.
    g.pop("csrf_token", None)
    g.pop("csrf_valid", None)
    if not current_app.config.get("WTF_CSRF_ENABLED", True) or request.path.startswith(API_PREFIX):
        return
    csrf.protect(apply_exemptions=True)


def _add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")  # SAMEORIGIN only where a route says so (inline PDFs)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"  # keeps the Referer that CSRF's HTTPS check relies on
    if request.endpoint != "static":
        # Pages, API answers and downloads carry personal data: no shared or browser cache may keep them.
        headers["Cache-Control"] = "no-store"
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    headers.pop("Server", None)
    return response


def _error_page(title: str, detail: str, status: int) -> tuple[str, int]:
    return render_template("error.html", error={"title": title, "detail": detail, "status": status}), status


def _csrf_refused(error: CSRFError) -> tuple[str, int]:
    log.info("form refused on %s %s: %s", request.method, request.path, error.description)
    return _error_page(
        "Formular abgelaufen",
        "Das Formular ist abgelaufen oder wurde nicht von dieser Anwendung gesendet. "
        "Bitte laden Sie die Seite neu und senden Sie das Formular erneut.",
        400,
    )


def _too_many_attempts(error: RateLimitExceeded) -> tuple[str, int, dict[str, str]]:
    log.warning("sign-in throttled for %s (%s)", request.remote_addr, error.description)
    current = limiter.current_limit
    wait = max(1, current.reset_at - int(time.time())) if current is not None else 60
    if (request.endpoint or "").startswith("account."):  # registration, password reset: each sends a mail
        page, status = _error_page(
            "Zu viele Anfragen",
            "Von Ihrer Verbindung kamen gerade sehr viele Anfragen. Bitte warten Sie eine Minute und "
            "versuchen Sie es dann erneut.",
            429,
        )
        return page, status, {"Retry-After": str(wait)}
    page, status = _error_page(
        "Zu viele Anmeldeversuche",
        "Es gab zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie eine Minute und versuchen Sie es "
        "dann erneut.",
        429,
    )
    return page, status, {"Retry-After": str(wait)}


def _failed_sign_in(response: Response) -> bool:
    return response.status_code == 401


def _username_key() -> str:
    return "user:" + request.form.get("username", "").strip().casefold()[:80]


def _address_key() -> str:
    return "address:" + get_remote_address()


def throttle_sign_in(view: F) -> F:
    """Counts failed sign-ins (401) per user name and per client address; past the limit answers 429."""
    per_username = limiter.limit(
        lambda: current_app.config["LOGIN_LIMIT_PER_USERNAME"],
        key_func=_username_key,
        methods=["POST"],
        deduct_when=_failed_sign_in,
        scope="sign-in-username",
    )
    per_address = limiter.limit(
        lambda: current_app.config["LOGIN_LIMIT_PER_IP"],
        key_func=_address_key,
        methods=["POST"],
        deduct_when=_failed_sign_in,
        scope="sign-in-address",
    )
    return cast(F, per_address(per_username(view)))
