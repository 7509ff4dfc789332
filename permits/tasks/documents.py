"""`issue_document`: the procedure asks for a document (receipt, notice, decision ...).

The handler turns what the process knows (its task data and the step's `arguments`) plus the case's
records (application documents, geometry check, authorities) into the document builder's arguments, and
queues a `render_document` job in the step's transaction; the worker renders and stores the PDF. The
job's `request_id` (case and task execution) makes a retried job store one document.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from permits.codelists import DocumentType
from permits.core.jobs import enqueue
from permits.core.runtime import local_today
from permits.errors import ProcessError
from permits.extensions import db
from permits.models import Application, Authority, Case, GeometryCheck
from permits.participation.reviews import legal_area
from permits.tasks.registry import ServiceCall, handler

Arguments = dict[str, Any]


def _paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def _lines(text: str | None) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


def _application(case: Case) -> Application | None:
    return db.session.scalars(select(Application).filter_by(case_id=case.id)).first()


def _plans(case: Case) -> list[dict[str, Any]]:
    application = _application(case)
    if application is None or not application.documents:
        # Submitted on paper or by another channel: the stamped set of the application is what is approved.
        return [
            {
                "title": "Bauvorlagen mit Genehmigungsvermerk",
                "reference": case.file_reference,
                "dated": case.created_at.date().isoformat(),
            }
        ]
    return [
        {
            "title": DocumentType.label_of(d.document_type, d.document_type),
            "reference": d.filename,
            "dated": d.uploaded_at.date().isoformat(),
        }
        for d in application.documents
    ]


def _geometry(case: Case) -> tuple[list[dict[str, Any]], str | None]:
    query = select(GeometryCheck).where(GeometryCheck.case_id == case.id).order_by(GeometryCheck.id.desc())
    check = db.session.scalars(query.limit(1)).first()
    if check is None:
        return [], None
    rows = []
    for item in check.result.get("checks", []):
        unit = f" {item['unit']}" if item.get("unit") else ""
        comparison = {"<=": "≤", ">=": "≥"}.get(item.get("comparison", "<="), item.get("comparison", ""))
        rows.append(
            {
                "label": item["label"],
                "required": f"{comparison} {item['limit']:.2f}{unit}".replace(".", ","),
                "actual": f"{item['measured']:.2f}{unit}".replace(".", ","),
                "passed": bool(item["passed"]),
            }
        )
    return rows, check.svg


def _receipt(call: ServiceCall, case: Case, given: Arguments) -> Arguments:
    application = _application(case)
    documents = [
        f"{DocumentType.label_of(d.document_type, d.document_type)} ({d.filename})"
        for d in (application.documents if application else [])
    ]
    # The deemed-approval period runs from the *complete* application, so the receipt cannot name its end yet.
    return {"received_on": call.data["received_on"], "submitted_documents": documents}


def _deficiency(call: ServiceCall, case: Case, given: Arguments) -> Arguments:
    findings = _lines(given.get("findings")) or [
        "Die Bauvorlagen sind unvollständig (siehe Vermerk im Portal)."
    ]
    # For the XBau 0201 completeness message and the portal.
    completeness = {"complete": False, "findings": findings, "due_on": given["due_on"]}
    case.details = {**case.details, "completeness": completeness}
    return {"findings": findings, "due_on": given["due_on"], "received_on": call.data["received_on"]}


def _participation(call: ServiceCall, case: Case, given: Arguments) -> Arguments:
    authority = db.session.scalars(select(Authority).filter_by(code=str(given["agency"]))).one()
    from permits.models import ReviewRequest

    review = db.session.get(ReviewRequest, int(given["review_request_id"]))
    reference = review.public_id if review is not None else str(given["review_request_id"])
    return {
        "agency": {
            "name": authority.name,
            "street": authority.street or "",
            "postal_code": authority.postal_code or "",
            "city": authority.city or "",
        },
        "role": "3" if given.get("municipal_consent") else "1",
        "request_reference": reference,
        "legal_areas": [legal_area(authority.agency_type)],
        "due_on": given["due_on"],
    }


def _approval(call: ServiceCall, case: Case, given: Arguments) -> Arguments:
    checks, svg = _geometry(case)
    conditions = [*given.get("provisions", []), *given.get("agency_conditions", [])]
    return {
        "applied_on": call.data["received_on"],
        "conditions": conditions,
        "approved_plans": _plans(case),
        "reasons": _paragraphs(given.get("reasons"))
        or ["Das Vorhaben entspricht den öffentlich-rechtlichen Vorschriften."],
        "geometry_checks": checks,
        "site_drawing_svg": svg,
    }


def _rejection(call: ServiceCall, case: Case, given: Arguments) -> Arguments:
    return {
        "applied_on": call.data["received_on"],
        "reasons": _paragraphs(given.get("reasons")) or ["Das Vorhaben ist nicht genehmigungsfähig."],
    }


def _deemed(call: ServiceCall, case: Case, given: Arguments) -> Arguments:
    last_day = date.fromisoformat(str(given["fiction_due_on"]))
    return {
        "applied_on": call.data["received_on"],
        "complete_on": call.data["completed_on"],
        "deemed_on": (last_day + timedelta(days=1)).isoformat(),
        "approved_plans": _plans(case),
        "period_extended": bool(call.data.get("fiction_deadline_extended")),
    }


def _fee(call: ServiceCall, case: Case, given: Arguments) -> Arguments:
    description = (
        f"Gebühr für die Baugenehmigung: {given['rate_per_mille']} ‰ des Rohbauwerts von "
        f"{given['construction_value_eur']} €, mindestens {given['minimum_eur']} €"
    )
    item = {
        "description": description,
        "amount_cents": int(given["amount_cents"]),
        "legal_basis": given.get("tariff") or "Baugebührenordnung (BauGO)",
    }
    reference = f"{case.file_reference}-GEB"
    fee = {**item, "due_on": given["payment_due_on"], "payment_reference": reference}
    case.details = {**case.details, "fee": fee}  # for the XBau 1160 fee message
    return {
        "items": [item],
        "due_on": given["payment_due_on"],
        "payment_reference": f"{case.file_reference}-GEB",
        "decision_reference": case.file_reference,
    }


def _hearing(call: ServiceCall, case: Case, given: Arguments) -> Arguments:
    reasons = (
        str(given.get("reasons") or "").strip()
        or "Das Vorhaben ist nach dem Ergebnis der Prüfung nicht genehmigungsfähig."
    )
    return {
        "intended_decision_reasons": reasons,
        "due_on": given["due_on"],
        "received_on": call.data["received_on"],
    }


ADAPTERS: dict[str, Callable[[ServiceCall, Case, Arguments], Arguments]] = {
    "receipt": _receipt,
    "deficiency_notice": _deficiency,
    "participation_request": _participation,
    "approval": _approval,
    "rejection": _rejection,
    "deemed_approval_certificate": _deemed,
    "fee_notice": _fee,
    "hearing_notice": _hearing,
}


@handler("issue_document")
def issue_document(call: ServiceCall) -> dict[str, Any]:
    kind = str(call.params.get("kind", ""))
    if kind not in ADAPTERS:
        raise ProcessError(f"Unbekannte Dokumentart {kind!r}.", element_id=call.element_id)
    given = call.params.get("arguments") or {}
    if not isinstance(given, dict):
        raise ProcessError("issue_document: arguments muss ein Dictionary sein.", element_id=call.element_id)
    case = db.session.get_one(Case, call.context["case_id"])
    try:
        arguments = ADAPTERS[kind](call, case, given)
    except (KeyError, ValueError) as exc:
        raise ProcessError(
            f"Für das Dokument {kind!r} fehlt eine Angabe: {exc}", element_id=call.element_id
        ) from exc
    if kind in ("approval", "rejection"):
        # The decision's content, for the XBau 0205 message and the case pages.
        case.details = {
            **case.details,
            "decision": {
                "approved": kind == "approval",
                "conditions": arguments.get("conditions", []),
                "reasons": arguments.get("reasons", []),
                "decided_on": local_today().isoformat(),
            },
        }
    request_id = f"{case.id}:{call.task_id}"
    enqueue(
        "render_document",
        {
            "case_id": case.id,
            "kind": kind,
            "arguments": arguments,
            "request_id": request_id,
            "actor": call.context["actor"],
        },
    )
    return {"kind": kind, "request_id": request_id}
