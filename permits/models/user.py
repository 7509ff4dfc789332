from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from permits.extensions import Model
from permits.models.authority import Authority
from permits.models.types import UTCDateTime, utcnow


class Role(enum.StrEnum):
    ARCHITECT = "architect"
    CASE_OFFICER = "case_officer"
    AGENCY = "agency"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.ARCHITECT: "Entwurfsverfasser/in",
    Role.CASE_OFFICER: "Sachbearbeitung",
    Role.AGENCY: "Fachbehörde",
    Role.ADMIN: "Administration",
}


class User(Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=32))
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Stored in the session cookie at sign-in and compared on every request; raising it (sign-out, new
    # password) ends every session of the user, including copied cookies.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A team lead sees the team view and may assign colleagues' tasks (bulk assign, reassign).
    is_team_lead: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Architects registering themselves: their chamber membership number and Land (FederalState code).
    chamber_number: Mapped[str | None] = mapped_column(String(40))
    federal_state: Mapped[str | None] = mapped_column(String(2))

    authority: Mapped[Authority | None] = relationship()

    @property
    def groups(self) -> frozenset[str]:
        """Candidate groups whose tasks this user may see and claim."""
        groups = {f"role:{self.role.value}"}
        if self.authority is not None:
            groups.add(self.authority.group)
        return frozenset(groups)

    @property
    def actor(self) -> str:
        return f"user:{self.username}"


class ApiToken(Model):
    """A bearer token; only its SHA-256 is stored. Scoped to a user or to an agency."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # set at creation; None: never
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()
    authority: Mapped[Authority | None] = relationship()


class AccountToken(Model):
    """A one-time link sent by e-mail (confirm a registration, set a new password); only its SHA-256 is
    stored. It works once (`used_at`) and until `expires_at`."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))  # "confirm", "reset" or "email"
    new_email: Mapped[str | None] = mapped_column(String(200))  # "email": the address being confirmed
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
