"""Eingangsbestätigung: confirms receipt of an application and names the file reference."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from permits.documents.letterhead import Letterhead
from permits.documents.viewmodels.base import (
    DocumentHeader,
    ViewModel,
    applicant_letter_header,
)
from permits.documents.viewmodels.case_records import submitted_documents
from permits.errors import InvalidInput
from permits.models import Case


@dataclass(frozen=True)
class ReceiptConfirmation(ViewModel):
    header: DocumentHeader
    received_on: date
    latest_decision_on: date | None = None
    # §70a NBauO: the permit is deemed granted if no decision is made by latest_decision_on.
    deemed_approval_applies: bool = False
    submitted_documents: tuple[str, ...] = ()


def build_receipt_confirmation(
    case: Case,
    *,
    received_on: date,
    case_officer: str,
    latest_decision_on: date | None = None,
    deemed_approval_applies: bool = False,
    submitted_documents: Sequence[str] = (),
    issued_on: date | None = None,
    letterhead: Letterhead | None = None,
) -> ReceiptConfirmation:
    header = applicant_letter_header(
        case, "Eingangsbestätigung zu Ihrem Bauantrag", issued_on, case_officer, letterhead
    )
    if received_on > header.issued_on:
        raise InvalidInput(
            "Der Eingang kann nicht nach dem Datum des Schreibens liegen.",
            field_errors={"received_on": ["Datum liegt in der Zukunft."]},
        )
    if deemed_approval_applies and latest_decision_on is None:
        raise InvalidInput(
            "Für die Genehmigungsfiktion muss das späteste Entscheidungsdatum feststehen.",
            field_errors={"latest_decision_on": ["Angabe fehlt."]},
        )
    return ReceiptConfirmation(
        header=header,
        received_on=received_on,
        latest_decision_on=latest_decision_on,
        deemed_approval_applies=deemed_approval_applies,
        submitted_documents=tuple(doc.strip() for doc in submitted_documents if doc.strip()),
    )


def receipt_arguments(case: Case, given: Mapping[str, Any], process: Mapping[str, Any]) -> dict[str, Any]:
    # The deemed-approval period runs from the *complete* application, so the receipt cannot name its end yet.
    return {"received_on": process["received_on"], "submitted_documents": submitted_documents(case)}
