"""Agency workspace pages: /beteiligungen (the agency's requests) and /beteiligungen/<id> (one request: the
project, the building documents, the request letter, the statement form, the extension request).

Thin over `services.agency_workspace` and `services.agency_review`: the statement rules live in
`participation.statement_rules`; this module only turns the form into a `StatementInput` and the use case's
field errors back into messages at the fields.
"""

from __future__ import annotations

import base64
import re
import uuid
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from permits.codelists import (
    GIVEN_VERDICTS,
    OTHER_LEGAL_AREA,
    ProvisionType,
    ReviewKind,
    ReviewStatus,
    Verdict,
)
from permits.core.runtime import local_today
from permits.errors import Conflict, InvalidInput, TaskNotReady
from permits.models import ReviewRequest
from permits.participation.statement_rules import strictest_verdict
from permits.services import agency_review, agency_workspace, review_view
from permits.services.agency_review import StatementInput
from permits.services.agency_workspace import UploadedPdf
from permits.services.application_view import pdf_response
from permits.services.case_view import attachment_response, review_summary, statement_view
from permits.services.geometry import latest_geometry_check
from permits.web.auth import current_actor, login_required

bp = Blueprint("agency", __name__, url_prefix="/beteiligungen")

MAX_CONDITIONS = 30
MAX_TEXT = 5000
MAX_REASONS = 20000
STATUS_FILTERS = {"offen": "open", "beantwortet": "answered"}
_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def legal_areas(review: ReviewRequest) -> list[str]:
    """The areas this agency judges: its own (from the legal-area table), and other public concerns it may
    add; the first must be judged."""
    own = review.authority.legal_area
    return [own] if own == OTHER_LEGAL_AREA else [own, OTHER_LEGAL_AREA]


@bp.get("")
@login_required
def requests() -> str:
    shown = request.args.get("status", "offen")
    page_number = request.args.get("seite", "1")
    page = agency_workspace.list_requests(
        current_actor(),
        STATUS_FILTERS.get(shown),
        int(page_number) if page_number.isdigit() else 1,
    )
    return render_template("agency/list.html", page=page, shown=shown if shown in STATUS_FILTERS else "alle")


# -- the statement form -----------------------------------------------------------------------------------


def _condition_rows(form: MultiDict[str, str], count: int) -> list[dict[str, str]]:
    return [
        {
            "type": form.get(f"condition-{i}-type", "").strip(),
            "area": form.get(f"condition-{i}-area", "").strip(),
            "text": form.get(f"condition-{i}-text", "")[: MAX_TEXT + 1],
        }
        for i in range(count)
    ]


def _form_key(given: str) -> str:
    """The idempotency key of one rendered form: a UUID, never anything longer a client makes up."""
    try:
        return str(uuid.UUID(given))
    except ValueError:
        return str(uuid.uuid4())


def _form_values(review: ReviewRequest, form: MultiDict[str, str] | None) -> dict[str, Any]:
    form = form or MultiDict()
    count_text = form.get("condition_count", "1")
    count = min(max(int(count_text) if count_text.isdigit() else 1, 1), MAX_CONDITIONS)
    if form.get("action") == "add_condition" and count < MAX_CONDITIONS:
        count += 1
    return {
        "areas": [
            {
                "name": name,
                "verdict": form.get(f"area-{i}-verdict", ""),
                "reasons": form.get(f"area-{i}-reasons", "")[: MAX_REASONS + 1],
            }
            for i, name in enumerate(legal_areas(review))
        ],
        "conditions": _condition_rows(form, count),
        "consent": form.get("consent", ""),
        "consent_reasons": form.get("consent_reasons", "")[: MAX_REASONS + 1],
        "form_key": _form_key(form.get("form_key", "")),
        "extension_reason": form.get("extension_reason", "")[: agency_workspace.MAX_REASON + 1],
        "extension_until": form.get("extension_until", ""),
    }


def _statement(review: ReviewRequest, values: dict[str, Any]) -> tuple[StatementInput, dict[str, str]]:
    """The form as the use case takes it, and where each of its error keys is shown on the page."""
    if review.kind == ReviewKind.MUNICIPAL_CONSENT:
        verdict = {"erteilt": Verdict.CONSENT.value, "versagt": Verdict.OBJECTION.value}.get(
            values["consent"], ""
        )
        text = values["consent_reasons"].strip() or None
        return StatementInput(verdict, text), {"verdict": "consent", "consent_reasons": "consent_reasons"}
    names = [a["name"] for a in values["areas"]]
    where = {"verdict": "area-0-verdict", "conditions": "conditions"}
    areas: list[dict[str, Any]] = []
    for index, area in enumerate(values["areas"]):
        if not area["verdict"] and index > 0 and not area["reasons"].strip():
            continue  # an optional area the agency does not speak to
        number = len(areas)
        where |= {
            f"areas.{number}.verdict": f"area-{index}-verdict",
            f"areas.{number}.reasons": f"area-{index}-reasons",
        }
        where[f"areas.{number}.conditions"] = f"area-{index}-verdict"
        conditions: list[dict[str, Any]] = []
        for row, condition in enumerate(values["conditions"]):
            if not (condition["type"] or condition["text"].strip()):
                continue  # an empty row
            belongs = condition["area"] if condition["area"] in names else names[0]
            if belongs == area["name"]:
                where[f"areas.{number}.conditions.{len(conditions)}.type"] = f"condition-{row}-type"
                where[f"areas.{number}.conditions.{len(conditions)}.text"] = f"condition-{row}-text"
                conditions.append({"type": condition["type"] or None, "text": condition["text"]})
        areas.append(
            {
                "legal_area": area["name"],
                "verdict": area["verdict"],
                "conditions": conditions,
                "reasons": area["reasons"],
            }
        )
    verdict = strictest_verdict(a["verdict"] for a in areas) or values["areas"][0]["verdict"]
    text = "\n\n".join(a["reasons"].strip() for a in areas if a["reasons"].strip()) or None
    return StatementInput(verdict, text, None, (), tuple(areas)), where


def _too_long(values: dict[str, Any]) -> dict[str, list[str]]:
    errors = {}
    for index, area in enumerate(values["areas"]):
        if len(area["reasons"]) > MAX_REASONS:
            errors[f"area-{index}-reasons"] = [f"Höchstens {MAX_REASONS} Zeichen."]
    for row, condition in enumerate(values["conditions"]):
        if len(condition["text"]) > MAX_TEXT:
            errors[f"condition-{row}-text"] = [f"Höchstens {MAX_TEXT} Zeichen."]
    if len(values["consent_reasons"]) > MAX_REASONS:
        errors["consent_reasons"] = [f"Höchstens {MAX_REASONS} Zeichen."]
    return errors


def _at_fields(exc: InvalidInput, where: dict[str, str]) -> dict[str, list[str]]:
    shown: dict[str, list[str]] = {}
    for key, messages in exc.field_errors.items():
        shown.setdefault(where.get(key, key), []).extend(messages)
    if not shown:
        shown["statement"] = [exc.message]
    return shown


def _uploaded() -> UploadedPdf | None:
    upload = request.files.get("statement_pdf")
    if upload is None or not upload.filename:
        return None
    return UploadedPdf(upload.filename, upload.stream.read())


def _page(
    review: ReviewRequest, values: dict[str, Any], errors: dict[str, list[str]], status: int = 200
) -> Any:
    view = review_view.review_request_view(review)
    check = latest_geometry_check(review.case_id)
    svg = check.svg if check is not None else None
    summary = review_summary(review)
    page = render_template(
        "agency/detail.html",
        review=review,
        view=view,
        documents=agency_review.case_documents(review),
        letter=agency_workspace.request_letter(review),
        statements=[statement_view(s, summary) for s in review.statements],
        site_drawing=base64.b64encode(svg.encode()).decode() if svg else None,
        is_open=review.status == ReviewStatus.OPEN,
        is_municipal=review.kind == ReviewKind.MUNICIPAL_CONSENT,
        may_extend=review.status == ReviewStatus.OPEN and agency_workspace.can_ask_for_extension(review),
        values=values,
        errors=errors,
        verdicts=GIVEN_VERDICTS,
        provision_types=list(ProvisionType),
        days_left=(view.due_on - local_today()).days,
    )
    return page, status


@bp.route("/<uuid:review_id>", methods=["GET", "POST"])
@login_required
def detail(review_id: uuid.UUID) -> Any:
    actor = current_actor()
    review = agency_workspace.workspace_review(str(review_id), actor)
    if request.method == "GET":
        return _page(review, _form_values(review, None), {})
    values = _form_values(review, request.form)
    if request.form.get("action") == "add_condition":
        return _page(review, values, {})
    errors = _too_long(values)
    statement, where = _statement(review, values)
    if not errors:
        try:
            agency_workspace.answer(
                str(review_id), statement, actor, pdf=_uploaded(), idempotency_key=f"web:{values['form_key']}"
            )
        except InvalidInput as exc:
            errors = _at_fields(exc, where)
        except (Conflict, TaskNotReady) as exc:
            flash(exc.message, "error")
            return redirect(url_for("agency.detail", review_id=review_id))
        else:
            flash("Ihre Stellungnahme ist eingegangen.", "success")
            return redirect(url_for("agency.detail", review_id=review_id))
    return _page(agency_workspace.workspace_review(str(review_id), actor), values, errors, 422)


def _date(text: str) -> date | None:
    match = _DATE.match(text or "")
    if match is None:
        try:
            return date.fromisoformat(text.strip())  # a browser's date field
        except ValueError:
            return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


@bp.post("/<uuid:review_id>/fristverlaengerung")
@login_required
def extension(review_id: uuid.UUID) -> Any:
    actor = current_actor()
    values = _form_values(agency_workspace.workspace_review(str(review_id), actor), request.form)
    try:
        agency_workspace.request_extension(
            str(review_id), values["extension_reason"], _date(values["extension_until"]), actor
        )
    except InvalidInput as exc:
        review = agency_workspace.workspace_review(str(review_id), actor)
        return _page(review, values, exc.field_errors, 422)
    except (Conflict, TaskNotReady) as exc:
        flash(exc.message, "error")
    else:
        flash("Ihr Antrag auf Fristverlängerung ist eingegangen; die Bauaufsicht entscheidet.", "success")
    return redirect(url_for("agency.detail", review_id=review_id))


@bp.get("/<uuid:review_id>/schreiben")
@login_required
def letter(review_id: uuid.UUID) -> Response:
    item = agency_workspace.letter_of(str(review_id), current_actor())
    return pdf_response(item.content, item.filename)


@bp.get("/<uuid:review_id>/unterlagen/<id:document_id>")
@login_required
def document(review_id: uuid.UUID, document_id: int) -> Response:
    review = agency_workspace.workspace_review(str(review_id), current_actor())
    item = agency_review.case_document(review, document_id)
    return pdf_response(item.content, item.filename)


@bp.get("/<uuid:review_id>/anlagen/<id:attachment_id>")
@login_required
def attachment(review_id: uuid.UUID, attachment_id: int) -> Response:
    review = agency_workspace.workspace_review(str(review_id), current_actor())
    return attachment_response(agency_review.statement_attachment(review, attachment_id))
