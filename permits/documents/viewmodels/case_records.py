"""What the adapters read from a case's records: the application's documents, the latest geometry check.

The adapters (one per document kind, next to its view-model) turn a procedure step's data into builder
arguments; these are the facts they take from the database rather than from the process.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from permits.codelists import DocumentType
from permits.extensions import db
from permits.models import Application, ApplicationDocument, Case, GeometryCheck


def application_documents(case: Case) -> list[ApplicationDocument]:
    application = db.session.scalars(select(Application).filter_by(case_id=case.id)).first()
    return list(application.documents) if application is not None else []


def submitted_documents(case: Case) -> list[str]:
    """'Lageplan mit Auszug aus der Liegenschaftskarte (lageplan.pdf)' per uploaded document."""
    return [f"{_type_label(d)} ({d.filename})" for d in application_documents(case)]


def approved_plans(case: Case) -> list[dict[str, Any]]:
    """The plans a decision approves: the application's documents, or the stamped paper set."""
    documents = application_documents(case)
    if not documents:
        # Submitted on paper or by another channel: the stamped set of the application is what is approved.
        return [
            {
                "title": "Bauvorlagen mit Genehmigungsvermerk",
                "reference": case.file_reference,
                "dated": case.created_at.date().isoformat(),
            }
        ]
    return [
        {"title": _type_label(d), "reference": d.filename, "dated": d.uploaded_at.date().isoformat()}
        for d in documents
    ]


def geometry_rows(case: Case) -> tuple[list[dict[str, Any]], str | None]:
    """The latest geometry check as printable rows ("≥ 3,00 m") and its site drawing, or nothing."""
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


def _type_label(document: ApplicationDocument) -> str:
    return DocumentType.label_of(document.document_type, document.document_type)
