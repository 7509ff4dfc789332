from __future__ import annotations

import enum

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from permits.extensions import Model


class AuthorityKind(enum.StrEnum):
    BUILDING_AUTHORITY = "building_authority"
    MUNICIPALITY = "municipality"
    AGENCY = "agency"


# The legal area (Rechtsbereich) each kind of body speaks for, in letters and XBau messages.
LEGAL_AREA_BY_AGENCY_TYPE = {
    "fire_protection_office": "Brandschutz",
    "monument_authority": "Denkmalschutz",
    "nature_conservation": "Naturschutz",
    "water_authority": "Wasserrecht",
    "road_authority": "Straßenrecht",
    "municipality": "Bauplanungsrecht",
}
OTHER_LEGAL_AREA = "Sonstige öffentliche Belange"


def legal_area_of(agency_type: str | None) -> str:
    return LEGAL_AREA_BY_AGENCY_TYPE.get(agency_type or "", OTHER_LEGAL_AREA)


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

    @property
    def group(self) -> str:
        """Candidate group that routes user tasks to this authority's staff."""
        return f"authority:{self.code}"

    @property
    def legal_area(self) -> str:
        """The legal area this body speaks for (participation letters, XBau statements)."""
        return legal_area_of(self.agency_type)
