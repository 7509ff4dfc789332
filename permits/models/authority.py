from __future__ import annotations

import enum

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from permits.extensions import Model


class AuthorityKind(enum.StrEnum):
    BUILDING_AUTHORITY = "building_authority"
    MUNICIPALITY = "municipality"
    AGENCY = "agency"


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
