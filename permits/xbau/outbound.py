"""Store-once for outgoing messages: each message is built, validated and stored once, then served as stored.

`outbound(case, message_type, subject, build)` returns the row already stored for (case, type, subject), or
builds the message with a fresh header (the case's correspondence: reference, portal, test flag), validates
it against the XBau 2.6 XSD and stores it, valid or not, with its errors. So a second GET returns the same
bytes (the same nachrichtenUUID, the same Akteur ids), and a PDF that carries a message as its XBau twin
embeds exactly what the message log shows as sent. Runs in the caller's transaction; never commits.

Subjects name what a message is about, so it is built once: "document:<render request id>" (the twin of an
issued document), "completeness:<audit entry id>", "status:<code>:<audit entry id>", "receipt" …
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from flask import current_app
from sqlalchemy import select

from permits.core.runtime import now
from permits.extensions import db
from permits.models import Authority, Case, MessageDirection, ReviewRequest, XbauMessage
from permits.xbau.builder import InvalidOutgoingXml
from permits.xbau.correlation import correspondence, envelope
from permits.xbau.errors import OutgoingMessageInvalid, SchemaError
from permits.xbau.model import CaseReference, Envelope
from permits.xbau.schemas import CONFIG_KEY

log = logging.getLogger(__name__)


class MessageNotFormable(OutgoingMessageInvalid):
    """The case's records lack what the message must carry (e.g. a Flurstück): nothing was stored."""


# Builds the message's bytes from its header and the case reference it quotes; raises InvalidOutgoingXml
# (with the bytes) when they are not schema-valid, ValueError when the records cannot make a message.
Build = Callable[[Envelope, CaseReference], bytes]


def enabled() -> bool:
    """XBau is configured (the schema folder is set): the procedure emits messages only then."""
    return bool(current_app.config.get(CONFIG_KEY))


def stored(
    case: Case, message_type: str, subject: str | None = None, review: ReviewRequest | None = None
) -> XbauMessage | None:
    """The first outgoing message of this type (and subject / review request) stored for the case."""
    query = select(XbauMessage).where(
        XbauMessage.case_id == case.id,
        XbauMessage.direction == MessageDirection.OUTBOUND,
        XbauMessage.message_type == message_type,
    )
    if subject is not None:
        query = query.where(XbauMessage.subject == subject)
    if review is not None:
        query = query.where(XbauMessage.review_request_id == review.id)
    return db.session.scalars(query.order_by(XbauMessage.id).limit(1)).first()


def latest(case: Case, message_type: str, review: ReviewRequest | None = None) -> XbauMessage | None:
    """The newest outgoing message of this type for the case (or for one review request)."""
    query = select(XbauMessage).where(
        XbauMessage.case_id == case.id,
        XbauMessage.direction == MessageDirection.OUTBOUND,
        XbauMessage.message_type == message_type,
    )
    if review is not None:
        query = query.where(XbauMessage.review_request_id == review.id)
    return db.session.scalars(query.order_by(XbauMessage.id.desc()).limit(1)).first()


def outbound(
    case: Case,
    message_type: str,
    subject: str,
    build: Build,
    *,
    review: ReviewRequest | None = None,
    reader: Authority | None = None,
) -> XbauMessage:
    """The stored message for (case, type, subject), built, validated and stored on first use."""
    existing = stored(case, message_type, subject)
    if existing is not None:
        return existing
    moment = now()
    correspondent = correspondence(case)
    head = envelope(correspondent, moment, reader)
    errors: list[SchemaError] = []
    try:
        data = build(head, correspondent.case_reference)
    except InvalidOutgoingXml as exc:
        data, errors = exc.xml, exc.schema_errors
    except ValueError as exc:
        log.warning("cannot build %s for case %s: %s", message_type, case.id, exc)
        raise MessageNotFormable(
            f"Die XBau-Nachricht {message_type} kann aus den Angaben des Vorgangs nicht gebildet werden "
            "(es fehlen z. B. Flurstück, Bauherr oder Art der Maßnahme).",
            [],
        ) from exc
    row = XbauMessage(
        direction=MessageDirection.OUTBOUND,
        message_type=message_type,
        message_uuid=str(head.message_id),
        case_id=case.id,
        review_request_id=review.id if review is not None else None,
        subject=subject,
        author=head.author.id,
        reader=head.reader.id,
        portal_reference=str(correspondent.reference),
        is_test=head.test,
        xml=data,
        sha256=hashlib.sha256(data).hexdigest(),
        valid=not errors,
        validation_errors=[_error(e) for e in errors],
        created_at=moment,
    )
    db.session.add(row)
    db.session.flush()
    if errors:
        log.error("stored schema-invalid %s for case %s (subject %s)", message_type, case.id, subject)
    return row


def require_valid(message: XbauMessage) -> bytes:
    """The stored bytes, if they may be handed out: a schema-invalid message never leaves the authority."""
    if not message.valid:
        errors = [_schema_error(e) for e in message.validation_errors[:5]]
        raise OutgoingMessageInvalid(
            f"Die XBau-Nachricht {message.message_type} entspricht nicht dem XBau-2.6-Schema und wird "
            "nicht versendet: " + "; ".join(map(str, errors)),
            errors,
        )
    return message.xml


def _error(error: SchemaError) -> dict[str, Any]:
    return {"line": error.line, "path": error.path, "message": error.message}


def _schema_error(error: dict[str, Any]) -> SchemaError:
    return SchemaError(int(error.get("line") or 0), str(error.get("message") or ""), error.get("path"))
