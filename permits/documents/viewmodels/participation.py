"""Beteiligungsschreiben: asks an agency or the municipality for a statement by a deadline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from permits.codelists import ParticipationRole
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
from permits.extensions import db
from permits.models import Authority, Case, ReviewRequest


@dataclass(frozen=True)
class ParticipationRequest(ViewModel):
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


def participation_arguments(
    case: Case, given: Mapping[str, Any], process: Mapping[str, Any]
) -> dict[str, Any]:
    """`given`: the authority code `agency`, `review_request_id`, `due_on`, optional `municipal_consent`."""
    authority = db.session.scalars(select(Authority).filter_by(code=str(given["agency"]))).first()
    if authority is None:
        raise LookupError(f"unbekannte Behörde {given['agency']!r}")
    review = db.session.get(ReviewRequest, int(given["review_request_id"]))
    municipal = bool(given.get("municipal_consent"))
    # The role the request was opened with (competent body, expert body, municipality).
    default_role = ParticipationRole.MUNICIPALITY if municipal else ParticipationRole.COMPETENT_BODY
    role = review.role if review is not None else default_role
    return {
        "agency": {
            "name": authority.name,
            "street": authority.street or "",
            "postal_code": authority.postal_code or "",
            "city": authority.city or "",
        },
        "role": role.value,
        # The agency quotes the request's public reference in its reply (XBau referenzAufforderung).
        "request_reference": review.public_id if review is not None else str(given["review_request_id"]),
        "legal_areas": [authority.legal_area],
        "due_on": given["due_on"],
    }
