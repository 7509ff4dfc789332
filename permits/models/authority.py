from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import JSON, Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from permits.codelists import LEGAL_AREA_BY_AGENCY_TYPE, OTHER_LEGAL_AREA, ParticipationRole
from permits.extensions import Model
from permits.models.types import Code


class AuthorityKind(enum.StrEnum):
    BUILDING_AUTHORITY = "building_authority"
    MUNICIPALITY = "municipality"
    AGENCY = "agency"


def legal_area_of(agency_type: str | None) -> str:
    return LEGAL_AREA_BY_AGENCY_TYPE.get(agency_type or "", OTHER_LEGAL_AREA)


# Why a body of this type is asked (beteiligungrolle): a competent body must consent, and its silence until
# the deadline counts as consent; an expert body only advises, its silence means "no statement" and a late
# statement may be ignored. Types not listed are competent bodies; an Authority row may say otherwise
# (`participation_role`) where the Land's law gives a body only an advisory voice [verify per body, e.g.
# whether the fire protection office must consent in NI].
ROLE_BY_AGENCY_TYPE = {
    "municipality": ParticipationRole.MUNICIPALITY,
    "chamber": ParticipationRole.EXPERT_BODY,
    "utility_provider": ParticipationRole.EXPERT_BODY,
    "police": ParticipationRole.EXPERT_BODY,
}


class Authority(Model):
    """A building authority, municipality or agency (Träger öffentlicher Belange)."""

    __tablename__ = "authorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AuthorityKind] = mapped_column(Enum(AuthorityKind, native_enum=False, length=32))
    # e.g. fire_protection_office, monument_authority, nature_conservation, municipality
    agency_type: Mapped[str | None] = mapped_column(String(64))
    dvdv_address: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(200))
    street: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))
    # Overrides the role its agency type implies (ROLE_BY_AGENCY_TYPE); None: the type's role.
    participation_role: Mapped[ParticipationRole | None] = mapped_column(Code(ParticipationRole, 2))
    # A municipality's territory, to find the one a plot lies in (§ 36 BauGB): its official municipality key
    # (AGS, 8 digits) and the cadastral districts (Gemarkung names or numbers) inside it.
    municipality_key: Mapped[str | None] = mapped_column(String(12), index=True)
    cadastral_districts: Mapped[list[Any]] = mapped_column(JSON, default=list)

    @property
    def group(self) -> str:
        """Candidate group that routes user tasks to this authority's staff."""
        return f"authority:{self.code}"

    @property
    def role(self) -> ParticipationRole:
        """Why this body is asked: its own setting, else its agency type's, else a competent body."""
        if self.participation_role is not None:
            return self.participation_role
        if self.kind == AuthorityKind.MUNICIPALITY:
            return ParticipationRole.MUNICIPALITY
        return ROLE_BY_AGENCY_TYPE.get(self.agency_type or "", ParticipationRole.COMPETENT_BODY)

    @property
    def legal_area(self) -> str:
        """The legal area this body speaks for (participation letters, XBau statements)."""
        return legal_area_of(self.agency_type)
