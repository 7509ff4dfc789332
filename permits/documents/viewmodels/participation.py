"""Beteiligungsschreiben: asks an agency or the municipality for a statement by a deadline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from permits.codelists import ParticipationRole
from permits.documents.kinds import DocumentKind
from permits.documents.letterhead import Letterhead, letterhead_from_config
from permits.documents.viewmodels.base import (
    DocumentHeader,
    LabelledValue,
    PostalAddress,
    ViewModel,
    header_for,
    project_summary,
    require_after,
    section,
    text,
)
from permits.errors import InvalidInput
from permits.models import Case


@dataclass(frozen=True)
class ParticipationRequest(ViewModel):
    kind: ClassVar[DocumentKind] = DocumentKind.PARTICIPATION_REQUEST

    header: DocumentHeader
    role: ParticipationRole
    request_reference: str  # XBau 0300 referenzAufforderung; the agency quotes it in its reply
    legal_areas: tuple[str, ...]
    due_on: date
    project: tuple[LabelledValue, ...]
    applicant_name: str | None = None
    enclosures: tuple[str, ...] = ()

    @property
    def is_municipality(self) -> bool:
        return self.role is ParticipationRole.MUNICIPALITY

    @property
    def needs_consent(self) -> bool:
        return self.role is not ParticipationRole.EXPERT_BODY


def build_participation_request(
    case: Case,
    *,
    agency: PostalAddress,
    role: ParticipationRole | str,
    request_reference: str,
    legal_areas: Sequence[str],
    due_on: date,
    case_officer: str,
    enclosures: Sequence[str] = (),
    issued_on: date | None = None,
    letterhead: Letterhead | None = None,
) -> ParticipationRequest:
    try:
        role = ParticipationRole(role)
    except ValueError:
        raise InvalidInput(
            "Unbekannte Beteiligungsrolle.", field_errors={"role": ["Unbekannter Code."]}
        ) from None
    if not request_reference.strip():
        raise InvalidInput(
            "Das Zeichen der Aufforderung fehlt.", field_errors={"request_reference": ["Angabe fehlt."]}
        )
    header = header_for(
        case,
        letterhead=letterhead or letterhead_from_config(),
        recipient=agency,
        subject=_subject(role),
        issued_on=issued_on,
        case_officer=case_officer,
    )
    require_after(due_on, header.issued_on, "due_on")
    return ParticipationRequest(
        header=header,
        role=role,
        request_reference=request_reference.strip(),
        legal_areas=tuple(area.strip() for area in legal_areas if area.strip()),
        due_on=due_on,
        project=project_summary(case),
        applicant_name=text(section(case, "applicant"), "name"),
        enclosures=tuple(item.strip() for item in enclosures if item.strip()),
    )


def _subject(role: ParticipationRole) -> str:
    if role is ParticipationRole.MUNICIPALITY:
        return "Ersuchen um das gemeindliche Einvernehmen nach § 36 BauGB"
    return "Beteiligung im Baugenehmigungsverfahren – Bitte um Stellungnahme"
