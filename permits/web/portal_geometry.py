"""The map step of the application wizard: plot and buildings as GeoJSON (upload, paste or drawn on the map),
saved to the draft, and the plot check the case will get on submission, shown before submitting.

Without JavaScript the step is a form (file or text). `static/map.js` adds the map: it draws into the same
text field, reads the layers from `ebenen.geojson` and asks `pruefung` for the live check.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from permits.errors import Conflict, InvalidInput
from permits.geometry.collection import as_submission
from permits.models import ApplicationStatus
from permits.services import applications, geometry_preview
from permits.services.geometry_preview import GeometryPreview
from permits.web.auth import current_actor, login_required
from permits.web.portal import wizard_context

bp = Blueprint("portal_geometry", __name__)

MAX_GEOMETRY_BYTES = 2 * 1024 * 1024
TOO_LARGE = (
    f"Die Geometrie ist größer als {MAX_GEOMETRY_BYTES // (1024 * 1024)} MB. Bitte die Umrisse vereinfachen."
)
NOT_JSON = "Das ist kein gültiges GeoJSON: Zeile {line}, Spalte {column} ist nicht lesbar."
NOT_TEXT = "Die Datei ist keine Textdatei in UTF-8 (GeoJSON)."
EMPTY = "Bitte eine GeoJSON-Datei auswählen oder die Geometrie in das Textfeld einfügen."
CONTROL_CHARACTER = "Die Geometrie enthält ein unzulässiges Steuerzeichen (NUL)."


class _Refused(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@bp.route("/antraege/<public_id>/bearbeiten/lage", methods=["GET", "POST"])
@login_required
def geometry_step(public_id: str) -> Any:
    actor = current_actor()
    application = applications.get_application(public_id, actor)
    if application.status != ApplicationStatus.DRAFT:
        raise Conflict(
            "Der Antrag ist bereits eingereicht; Lage und Baukörper können nicht mehr geändert werden."
        )
    errors: dict[str, list[str]] = {}
    text = _pretty(application.geometry)
    if request.method == "POST":
        try:
            field, text = _submitted_text()
            geometry = _parse(field, text)
            try:
                applications.update_application(public_id, {"geometry": geometry}, actor)
            except InvalidInput as exc:
                raise _Refused(field, exc.message) from exc
        except _Refused as refused:
            errors = {refused.field: _messages(refused)}
            flash("Die Geometrie wurde nicht gespeichert. Bitte die markierten Angaben prüfen.", "error")
        else:
            flash("Lage und Baukörper gespeichert und geprüft.", "success")
            return redirect(url_for("portal_geometry.geometry_step", public_id=public_id))
    preview, check_errors = _preview(public_id, application.geometry)
    site = geometry_preview.draft_site(public_id, actor) if application.geometry else None
    height, floors = _first_building(site)
    return render_template(
        "portal/lage.html",
        **wizard_context(application, "lage", errors),
        text=text,
        check=_check_context(preview, check_errors),
        site=json.dumps(site) if site else "",
        default_height=height,
        default_floors=floors,
    ), (422 if errors else 200)


@bp.post("/antraege/<public_id>/bearbeiten/lage/pruefung")
@login_required
def live_check(public_id: str) -> Response:
    """The map's live check: the geometry as JSON in, the rendered findings out; nothing is stored."""
    try:
        if (request.content_length or 0) > MAX_GEOMETRY_BYTES:
            raise _Refused("geometrie", TOO_LARGE)
        geometry = _parse("geometrie", request.get_data(cache=False).decode("utf-8", errors="replace"))
        preview, errors = _preview(public_id, geometry)
    except _Refused as refused:
        preview, errors = None, [refused.message]
    html = render_template("portal/_lage_pruefung.html", check=_check_context(preview, errors))
    return jsonify({"passed": bool(preview and preview.result.passed), "errors": errors, "html": html})


@bp.get("/antraege/<public_id>/bearbeiten/lage/ebenen.geojson")
@login_required
def layers(public_id: str) -> Response:
    """Development-plan and constraint features around the plot (`bbox=minx,miny,maxx,maxy` without one)."""
    collection = geometry_preview.draft_layers(public_id, current_actor(), _bbox(request.args.get("bbox")))
    response = jsonify(collection)
    response.mimetype = "application/geo+json"
    return response


def _submitted_text() -> tuple[str, str]:
    upload = request.files.get("datei")
    if upload is not None and upload.filename:
        content = upload.stream.read(MAX_GEOMETRY_BYTES + 1)
        if len(content) > MAX_GEOMETRY_BYTES:
            raise _Refused("datei", TOO_LARGE)
        try:
            return "datei", content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _Refused("datei", NOT_TEXT) from exc
    text = request.form.get("geometrie", "")
    if len(text.encode()) > MAX_GEOMETRY_BYTES:
        raise _Refused("geometrie", TOO_LARGE)
    return "geometrie", text


def _parse(field: str, text: str) -> Any:
    if not text.strip():
        raise _Refused(field, EMPTY)
    if "\x00" in text or "\\u0000" in text:
        raise _Refused(field, CONTROL_CHARACTER)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Refused(field, NOT_JSON.format(line=exc.lineno, column=exc.colno)) from exc
    except RecursionError as exc:  # absurdly nested arrays
        raise _Refused(field, NOT_JSON.format(line=1, column=1)) from exc
    return as_submission(document)


def _messages(refused: _Refused) -> list[str]:
    cause = refused.__cause__
    if isinstance(cause, InvalidInput) and cause.field_errors:
        return [message for messages in cause.field_errors.values() for message in messages]
    return [refused.message]


def _preview(public_id: str, geometry: Any) -> tuple[GeometryPreview | None, list[str]]:
    if not geometry:
        return None, []
    try:
        return geometry_preview.preview_check(public_id, current_actor(), geometry), []
    except InvalidInput as exc:
        flat = [message for messages in exc.field_errors.values() for message in messages]
        return None, flat or [exc.message]


def _check_context(preview: GeometryPreview | None, errors: list[str]) -> dict[str, Any]:
    svg = preview.result.svg if preview else None
    return {
        "preview": preview,
        "errors": errors,
        "drawing": base64.b64encode(svg.encode()).decode() if svg else None,
    }


def _pretty(geometry: Any) -> str:
    return json.dumps(geometry, ensure_ascii=False, indent=1) if geometry else ""


def _first_building(site: dict[str, Any] | None) -> tuple[str, str]:
    """Height (German decimal) and storeys of the first building: the defaults for one drawn next."""
    for feature in (site or {}).get("features", []):
        props = feature["properties"]
        if props.get("role") == "footprint":
            return f"{props['height']:g}".replace(".", ","), str(props["floors"])
    return "", ""


def _bbox(value: str | None) -> list[float] | None:
    if not value:
        return None
    try:
        numbers = [float(part) for part in value.split(",")[:5]]
    except ValueError:
        return None
    return numbers if len(numbers) == 4 and all(abs(n) < 1e8 for n in numbers) else None
