"""Every XBau message the authority received or sent, kept byte for byte (the file of record).

Incoming messages are stored as they arrived, with their hash and validation result, before anything is
derived from them. Outgoing messages are stored once when first built and served again identically
(a second GET returns the same bytes, the same nachrichtenUUID); a PDF/A document that carries the
message as its XBau twin embeds exactly these bytes. Rows are never changed.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Index, LargeBinary, String, event
from sqlalchemy.orm import Mapped, mapped_column

from permits.extensions import Model
from permits.models.audit import AppendOnlyViolation
from permits.models.types import UTCDateTime, utcnow


class MessageDirection(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class XbauMessage(Model):
    __tablename__ = "xbau_messages"
    __table_args__ = (
        Index("ix_xbau_messages_case", "case_id", "id"),
        Index("ix_xbau_messages_subject", "case_id", "message_type", "subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[MessageDirection] = mapped_column(Enum(MessageDirection, native_enum=False, length=16))
    message_type: Mapped[str] = mapped_column(String(4))  # "0200", "0303", "1170" …
    message_uuid: Mapped[str] = mapped_column(String(36))  # nachrichtenkopf/identifikation.nachricht
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    review_request_id: Mapped[int | None] = mapped_column(ForeignKey("review_requests.id"), index=True)
    # What an outgoing message is about, so it is built once: e.g. "decision", "status:14", a document id.
    subject: Mapped[str | None] = mapped_column(String(100))
    author: Mapped[str | None] = mapped_column(String(100))  # DVDV address, e.g. "bap:05000000"
    reader: Mapped[str | None] = mapped_column(String(100))  # DVDV address of the recipient
    portal_reference: Mapped[str | None] = mapped_column(String(100))  # referenzAntragsservice
    is_test: Mapped[bool] = mapped_column(Boolean, default=False)  # the message's test="true"
    xml: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    valid: Mapped[bool] = mapped_column(Boolean, default=True)  # against the XBau 2.6 XSD
    # [{"path": "/xbau:…/…", "line": 12, "message": "…"}] when not valid
    validation_errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@event.listens_for(XbauMessage, "before_update")
@event.listens_for(XbauMessage, "before_delete")
def _refuse_change(_mapper: Any, _connection: Any, _target: XbauMessage) -> None:
    raise AppendOnlyViolation("XBau messages are kept as received or sent; store a new message instead")
