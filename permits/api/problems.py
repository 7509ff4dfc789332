"""Maps the domain exception tree and HTTP errors to RFC 9457 problem responses (API) or German pages."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from permits.errors import Conflict, InvalidInput, PermitsError
from permits.extensions import db

log = logging.getLogger(__name__)

HTTP_TITLES = {
    400: "Ungültige Anfrage",
    401: "Anmeldung erforderlich",
    403: "Keine Berechtigung",
    404: "Nicht gefunden",
    405: "Methode nicht erlaubt",
    409: "Konflikt",
    413: "Anfrage oder Datei zu groß",
    415: "Nicht unterstützter Medientyp",
    422: "Ungültige Eingabe",
    429: "Zu viele Anfragen",
    500: "Interner Fehler",
}
HTTP_DETAILS = {
    404: "Die angeforderte Ressource gibt es nicht.",
    405: "Diese Methode ist hier nicht erlaubt.",
    413: "Die Anfrage überschreitet die zulässige Größe.",
    422: "Bitte prüfen Sie die markierten Felder.",
    500: "Ein unerwarteter Fehler ist aufgetreten; er wurde protokolliert.",
}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json", "application/problem+json"])
    return best in {"application/json", "application/problem+json"}


def problem_response(body: dict[str, Any], status: int, headers: dict[str, str] | None = None) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    response.headers.update(headers or {})
    return response


def _respond(body: dict[str, Any], status: int) -> Any:
    headers = {"WWW-Authenticate": 'Bearer realm="permits"'} if status == 401 and wants_json() else None
    if wants_json():
        return problem_response(body, status, headers)
    return render_template("error.html", error=body), status


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """webargs nests errors by location ({"json": {"field": [...]}}); problem bodies list them flat."""
    if isinstance(messages, list):
        return {prefix or "body": [str(m) for m in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in (messages or {}).items():
        name = str(key) if not prefix else f"{prefix}.{key}"
        flat.update(_flatten(value, "" if key in ("json", "query", "form", "files", "headers") else name))
    return flat


def _handle_domain_error(error: PermitsError) -> Any:
    return _respond(error.to_problem(), error.status)


def _handle_http_error(error: HTTPException) -> Any:
    status = error.code or 500
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTP_TITLES.get(status, error.name),
        "status": status,
        "detail": HTTP_DETAILS.get(status, HTTP_TITLES.get(status, error.name)),
    }
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages:
        body["errors"] = _flatten(messages)
    if status >= 500:
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=error)
    return _respond(body, status)


def _handle_unexpected(error: Exception) -> Any:
    log.exception("unexpected error on %s %s", request.method, request.path)
    return _handle_http_error(InternalServerError())


SERVICE_UNAVAILABLE = {
    "type": "urn:permits:problem:service_unavailable",
    "title": "Dienst vorübergehend nicht verfügbar",
    "status": 503,
    "detail": "Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Sekunden erneut.",
}
RETRY_AFTER_SECONDS = 5
# Lock conflicts are OperationalErrors too; they mean "try again", not "the database is gone". Inside a use
# case `permits.core.transaction` already turns them into Conflict; these are the ones raised outside one.
_LOCK_MESSAGES = ("database is locked", "could not serialize", "deadlock detected", "lock timeout")


def _discard_session() -> None:
    """Forget the broken transaction and its connection, so the next request starts clean."""
    try:
        db.session.rollback()
    except Exception:
        log.debug("rollback after a database error failed as well", exc_info=True)
    db.session.remove()


def _handle_database_error(error: DBAPIError | PoolTimeout) -> Any:
    _discard_session()
    if isinstance(error, OperationalError) and any(m in str(error.orig).lower() for m in _LOCK_MESSAGES):
        busy = Conflict("Der Vorgang ist gerade in Bearbeitung. Bitte erneut versuchen.")
        return _handle_domain_error(busy)
    if not isinstance(error, OperationalError | PoolTimeout) and not error.connection_invalidated:
        return _handle_unexpected_or_raise(error)
    log.error("database unavailable on %s %s: %s", request.method, request.path, error)
    g.user = None  # the page must not touch the database (the signed-in user is detached now)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if wants_json():
        return problem_response(dict(SERVICE_UNAVAILABLE), 503, headers)
    return render_template("error.html", error=SERVICE_UNAVAILABLE), 503, headers


def _handle_unexpected_or_raise(error: Exception) -> Any:
    """Other database errors (constraint violations …) are bugs: a 500, or the traceback in tests."""
    if current_app.testing:
        raise error
    return _handle_unexpected(error)


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(v) for v in value)
    return False


def _refuse_nul_characters() -> None:
    """NUL cannot be stored in PostgreSQL text and has no business in any of our inputs: refuse it early,
    uniformly for pages and API, instead of failing deep inside a transaction."""
    candidates: list[Any] = [request.path, [v for _k, v in request.args.items(multi=True)]]
    if request.form:
        candidates.append([v for _k, v in request.form.items(multi=True)])
    if request.is_json:
        candidates.append(request.get_json(silent=True))
    if any(_contains_nul(c) for c in candidates):
        raise InvalidInput("Die Eingabe enthält ein unzulässiges Steuerzeichen (NUL).")


def init_app(app: Flask) -> None:
    app.before_request(_refuse_nul_characters)
    app.register_error_handler(PermitsError, _handle_domain_error)
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(DBAPIError, _handle_database_error)
    app.register_error_handler(PoolTimeout, _handle_database_error)
    if not app.testing:
        app.register_error_handler(Exception, _handle_unexpected)
