"""Mitteilung über die Rücknahmefiktion: the deficiencies were not remedied, the application is deemed
withdrawn (§ 69 Abs. 2 NBauO); the applicant is told so, with what was missing and the legal basis.

The period and its reference come from the rule table (`rules/statutory.yaml`, rule `deemed_withdrawal`),
so the letter states what the procedure computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from permits.core import rules
from permits.documents.letterhead import Letterhead
from permits.documents.viewmodels.base import (
    DocumentHeader,
    ViewModel,
    applicant_letter_header,
    section,
)
from permits.documents.viewmodels.deficiency import Finding, parse_findings
from permits.errors import InvalidInput
from permits.models import Case

RULE = "deemed_withdrawal"


@dataclass(frozen=True)
class DeemedWithdrawalNotice(ViewModel):
    header: DocumentHeader
    received_on: date
    deficiency_due_on: date  # the last day to remedy the deficiencies
    withdrawn_on: date  # the application is deemed withdrawn at the end of this day
    period: str  # "drei Wochen", from the rule table
    legal_basis: str  # "§ 69 Abs. 2 Satz 3 NBauO", from the rule table
    findings: tuple[Finding, ...]
    separate_fee_notice: bool = True


def build_deemed_withdrawal_notice(
    case: Case,
    *,
    received_on: date,
    deficiency_due_on: date,
    withdrawn_on: date,
    findings: Sequence[Finding | Mapping[str, Any] | str],
    period: str,
    legal_basis: str,
    case_officer: str,
    separate_fee_notice: bool = True,
    issued_on: date | None = None,
    letterhead: Letterhead | None = None,
) -> DeemedWithdrawalNotice:
    subject = "Ihr Bauantrag gilt als zurückgenommen"
    header = applicant_letter_header(case, subject, issued_on, case_officer, letterhead)
    if not received_on <= deficiency_due_on < withdrawn_on <= header.issued_on:
        raise InvalidInput(
            "Die Daten der Rücknahmefiktion sind nicht schlüssig "
            "(Eingang ≤ Frist < Eintritt der Fiktion ≤ Schreiben).",
            field_errors={"withdrawn_on": ["Datum passt nicht zu Eingang und Frist."]},
        )
    if not period.strip() or not legal_basis.strip():
        raise InvalidInput(
            "Frist und Rechtsgrundlage der Rücknahmefiktion fehlen.",
            field_errors={"legal_basis": ["Angabe fehlt."]},
        )
    return DeemedWithdrawalNotice(
        header=header,
        received_on=received_on,
        deficiency_due_on=deficiency_due_on,
        withdrawn_on=withdrawn_on,
        period=period.strip(),
        legal_basis=legal_basis.strip(),
        findings=parse_findings(findings),
        separate_fee_notice=separate_fee_notice,
    )


def deemed_withdrawal_arguments(
    case: Case, given: Mapping[str, Any], process: Mapping[str, Any]
) -> dict[str, Any]:
    """`given`: `deficiency_due_on` and `withdrawn_on` (the grace period's last day); the findings are the
    ones the completeness check recorded on the case, period and legal basis the rule table's."""
    recorded = section(case, "completeness").get("findings") or []
    rule = rules.period(RULE, date.fromisoformat(str(given["deficiency_due_on"])[:10]))
    return {
        "received_on": process["received_on"],
        "deficiency_due_on": given["deficiency_due_on"],
        "withdrawn_on": given["withdrawn_on"],
        "findings": list(recorded) or ["Die nachgeforderten Unterlagen sind nicht eingegangen."],
        "period": rule.label,
        "legal_basis": rule.reference,
    }
