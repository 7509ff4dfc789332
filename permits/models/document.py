from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, event
from sqlalchemy.orm import Mapped, mapped_column

from permits.extensions import Model
from permits.models.audit import AppendOnlyViolation
from permits.models.types import UTCDateTime, utcnow


class IssuedDocument(Model):
    """A document as issued (PDF bytes). Append-only: a correction is a new row superseding the old one."""

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # a name in permits.documents.registry.KINDS
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))  # hex digest of content
    template_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120))  # "user:<name>", "system:worker"
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id"))
    xbau_attachment_name: Mapped[str | None] = mapped_column(String(200))
    # Idempotency key of the render request (job payload); a retried job finds its document by it.
    request_id: Mapped[str | None] = mapped_column(String(100), unique=True)


@event.listens_for(IssuedDocument, "before_update")
@event.listens_for(IssuedDocument, "before_delete")
def _refuse_change(_mapper: Any, _connection: Any, _target: IssuedDocument) -> None:
    raise AppendOnlyViolation("issued documents are append-only; issue a superseding document instead")
