"""Nachforderung: lists what is missing or defective, sets a deadline and states the deemed withdrawal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from permits.core import rules
from permits.documents.letterhead import Letterhead
from permits.documents.viewmodels.base import (
    DocumentHeader,
    ViewModel,
    applicant_letter_header,
    lines,
    require_after,
    text,
)
from permits.errors import InvalidInput
from permits.models import Case

# When the officer wrote no findings: the notice still has to say something, and points to the portal.
DEFAULT_FINDING = "Die Bauvorlagen sind unvollständig (siehe Vermerk im Portal)."


@dataclass(frozen=True)
class Finding:
    text: str
    document: str | None = None  # the submission document concerned ("Lageplan"), where there is one


@dataclass(frozen=True)
class DeficiencyNotice(ViewModel):
    header: DocumentHeader
    received_on: date
    findings: tuple[Finding, ...]
    due_on: date
    # The deemed withdrawal the letter warns of, as the rule table states it (rule `deemed_withdrawal`).
    withdrawal_period: str = "drei Wochen"
    withdrawal_basis: str = "§ 69 Abs. 2 NBauO"


def build_deficiency_notice(
    case: Case,
    *,
    findings: Sequence[Finding | Mapping[str, Any] | str],
    due_on: date,
    received_on: date,
    case_officer: str,
    withdrawal_period: str | None = None,
    withdrawal_basis: str | None = None,
    issued_on: date | None = None,
    letterhead: Letterhead | None = None,
) -> DeficiencyNotice:
    header = applicant_letter_header(
        case, "Nachforderung von Unterlagen zu Ihrem Bauantrag", issued_on, case_officer, letterhead
    )
    require_after(due_on, header.issued_on, "due_on")
    notice = DeficiencyNotice(
        header=header, received_on=received_on, findings=parse_findings(findings), due_on=due_on
    )
    if withdrawal_period and withdrawal_basis:
        notice = replace(notice, withdrawal_period=withdrawal_period, withdrawal_basis=withdrawal_basis)
    return notice


def parse_findings(findings: Sequence[Finding | Mapping[str, Any] | str]) -> tuple[Finding, ...]:
    """Findings as given by the completeness check: plain texts, dicts {text, document} or Finding."""
    parsed = tuple(_parse_finding(item) for item in findings)
    if not parsed:
        raise InvalidInput(
            "Eine Nachforderung braucht mindestens einen Befund.",
            field_errors={"findings": ["Mindestens ein Eintrag ist erforderlich."]},
        )
    return parsed


def _parse_finding(item: Finding | Mapping[str, Any] | str) -> Finding:
    if isinstance(item, Finding):
        finding = item
    elif isinstance(item, str):
        finding = Finding(text=item)
    else:
        finding = Finding(text=text(item, "text") or "", document=text(item, "document"))
    if not finding.text.strip():
        raise InvalidInput("Ein Befund hat keinen Text.", field_errors={"findings": ["Text fehlt."]})
    return finding


def deficiency_findings(officer_text: str | None) -> list[str]:
    """The findings of the completeness check, one a line: what the notice prints and the case records."""
    return lines(officer_text) or [DEFAULT_FINDING]


def deficiency_arguments(case: Case, given: Mapping[str, Any], process: Mapping[str, Any]) -> dict[str, Any]:
    withdrawal = rules.period("deemed_withdrawal", date.fromisoformat(str(given["due_on"])[:10]))
    return {
        "findings": deficiency_findings(given.get("findings")),
        "due_on": given["due_on"],
        "received_on": process["received_on"],
        "withdrawal_period": withdrawal.label,
        "withdrawal_basis": withdrawal.reference,
    }
