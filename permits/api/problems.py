"""Maps the domain exception tree to RFC 9457 problem responses (API) or German error pages."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from permits.errors import PermitsError

HTTP_TITLES = {
    400: "Ungültige Anfrage",
    401: "Anmeldung erforderlich",
    403: "Keine Berechtigung",
    404: "Nicht gefunden",
    405: "Methode nicht erlaubt",
    409: "Konflikt",
    413: "Datei zu groß",
    415: "Nicht unterstützter Medientyp",
    422: "Ungültige Eingabe",
    429: "Zu viele Anfragen",
}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json", "application/problem+json"])
    return best in {"application/json", "application/problem+json"}


def problem_response(body: dict[str, Any], status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def _handle_domain_error(error: PermitsError) -> Any:
    if wants_json():
        return problem_response(error.to_problem(), error.status)
    return render_template("error.html", error=error.to_problem()), error.status


def _handle_http_error(error: HTTPException) -> Any:
    status = error.code or 500
    body = {
        "type": "about:blank",
        "title": HTTP_TITLES.get(status, error.name),
        "status": status,
        "detail": HTTP_TITLES.get(status, error.name),
    }
    if wants_json():
        return problem_response(body, status)
    return render_template("error.html", error=body), status


def init_app(app: Flask) -> None:
    app.register_error_handler(PermitsError, _handle_domain_error)
    app.register_error_handler(HTTPException, _handle_http_error)
