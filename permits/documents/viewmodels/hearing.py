"""Anhörung (§ 28 VwVfG): before refusing an application, states the reasons and sets a deadline to reply."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from permits.documents.letterhead import Letterhead
from permits.documents.viewmodels.base import (
    DocumentHeader,
    ViewModel,
    applicant_letter_header,
    require_after,
)
from permits.errors import InvalidInput
from permits.models import Case

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
DEFAULT_REASONS = "Das Vorhaben ist nach dem Ergebnis der Prüfung nicht genehmigungsfähig."


@dataclass(frozen=True)
class HearingNotice(ViewModel):
    header: DocumentHeader
    received_on: date
    # The reasons for the intended refusal: paragraphs (blank lines in the officer's text); a single line
    # break inside a paragraph is kept as "\n" and printed as a line break.
    reasons: tuple[str, ...]
    due_on: date


def build_hearing_notice(
    case: Case,
    *,
    intended_decision_reasons: str,
    due_on: date,
    received_on: date,
    case_officer: str,
    issued_on: date | None = None,
    letterhead: Letterhead | None = None,
) -> HearingNotice:
    header = applicant_letter_header(
        case, "Anhörung vor Ablehnung Ihres Bauantrags", issued_on, case_officer, letterhead
    )
    require_after(due_on, header.issued_on, "due_on")
    return HearingNotice(
        header=header,
        received_on=received_on,
        reasons=reason_paragraphs(intended_decision_reasons),
        due_on=due_on,
    )


def reason_paragraphs(reasons: str) -> tuple[str, ...]:
    """The officer's free text as paragraphs: split at blank lines, lines stripped, empty lines dropped."""
    if not isinstance(reasons, str):  # JSON arguments: a list or number is a caller's mistake, not "empty"
        raise InvalidInput(
            "Die Gründe der Anhörung müssen als Text angegeben werden.",
            field_errors={"intended_decision_reasons": ["Ungültiges Format."]},
        )
    normalized = reasons.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = tuple(
        "\n".join(line.strip() for line in block.split("\n") if line.strip())
        for block in _BLANK_LINES.split(normalized)
    )
    cleaned = tuple(paragraph for paragraph in paragraphs if paragraph)
    if not cleaned:
        raise InvalidInput(
            "Eine Anhörung muss die Gründe für die beabsichtigte Ablehnung nennen.",
            field_errors={"intended_decision_reasons": ["Die Begründung fehlt."]},
        )
    return cleaned


def hearing_arguments(case: Case, given: Mapping[str, Any], process: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "intended_decision_reasons": str(given.get("reasons") or "").strip() or DEFAULT_REASONS,
        "due_on": given["due_on"],
        "received_on": process["received_on"],
    }
