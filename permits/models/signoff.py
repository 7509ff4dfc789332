"""The Bauherr's joint sign-off (gemeinsame digitale Freizeichnung) of an application, instead of a wet
signature: an invitation with a one-time link and, once given, the confirmation of exactly what was shown."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from permits.extensions import Model
from permits.models.application import Application
from permits.models.types import UTCDateTime


class ApplicationSignoff(Model):
    """One invitation of the Bauherr to sign off a draft. Only the SHA-256 of the link's token is stored.

    `content_hash` is the hash of what the Bauherr confirmed (title, procedure, details, geometry and the
    documents' hashes): a change to the draft after the confirmation no longer matches, so it lapses.
    """

    __tablename__ = "application_signoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    email: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    content_hash: Mapped[str | None] = mapped_column(String(64))

    application: Mapped[Application] = relationship()
