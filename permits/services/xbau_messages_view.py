"""Read model of a case's XBau message log: every message received or sent, in words people read.

Only the building authority's own staff (case officers and administrators) see it: the log shows what
agencies wrote to the authority and what it sent to the portal, which is neither the applicant's nor
another agency's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from permits.codelists import PortalStatus, ReviewKind, XbauMessageType
from permits.core.actors import Actor
from permits.errors import NotFound, PermissionDenied
from permits.extensions import db
from permits.models import Authority, Case, MessageDirection, ReviewRequest, Role, XbauMessage
from permits.services.cases import get_case

LOG_READERS = (Role.CASE_OFFICER, Role.ADMIN)
DIRECTION_WORDS = {MessageDirection.INBOUND: "eingegangen", MessageDirection.OUTBOUND: "gesendet"}
_STATUS_SUBJECT = re.compile(r"^status:(\d{2})")
_NOT_ALLOWED = "Das Nachrichtenprotokoll sehen nur Sachbearbeitung und Administration der Bauaufsicht."


@dataclass(frozen=True)
class XbauMessageView:
    """One row of the message log."""

    id: int
    created_at: datetime
    direction: str  # "inbound" | "outbound"
    direction_label: str  # "eingegangen" | "gesendet"
    message_type: str  # "0205"
    type_label: str  # "0205 Bescheid"
    sender: str  # "Landeshauptstadt Hannover – Bauordnung (bab:03241001)"
    recipient: str
    about: str  # "Beteiligung: Feuerwehr Hannover – Vorbeugender Brandschutz"
    valid: bool
    validation: str  # "gültig" | "ungültig: Zeile 12, Element /xbau:…: …"
    is_test: bool
    sha256: str
    filename: str  # download name: "BA-2026-000001_0205_<nachrichtenUUID>.xml"


@dataclass(frozen=True)
class CaseMessagesView:
    case_id: int
    file_reference: str
    title: str
    messages: tuple[XbauMessageView, ...]


@dataclass(frozen=True)
class MessageFile:
    content: bytes
    filename: str


def check_may_read_log(case: Case, actor: Actor) -> None:
    """Officers and administrators; of the case's authority, once the case is assigned to one."""
    if actor.role not in LOG_READERS:
        raise PermissionDenied(_NOT_ALLOWED)
    if case.authority_id is not None and actor.authority_id != case.authority_id:
        raise PermissionDenied(_NOT_ALLOWED)


def type_label(code: str) -> str:
    """ "0205 Bescheid"; a code the app does not know keeps just its number."""
    label = XbauMessageType.label_of(code)
    return f"{code} {label}" if label else code


def validation_summary(valid: bool, errors: list[dict[str, Any]]) -> str:
    """ "gültig", or "ungültig: " with the first schema error (line, element path, message)."""
    if valid:
        return "gültig"
    if not errors:
        return "ungültig"
    first = errors[0]
    path = f"Element {first['path']}" if first.get("path") else None  # as `xbau.SchemaError` words it
    places = (f"Zeile {first['line']}" if first.get("line") else None, path)
    where = ", ".join(str(part) for part in places if part)
    more = f" (und {len(errors) - 1} weitere)" if len(errors) > 1 else ""
    text = str(first.get("message") or "").strip()
    return f"ungültig: {where}: {text}{more}" if where else f"ungültig: {text}{more}"


class _Directory:
    """DVDV address -> name: ours and the default portal's from the settings, agencies' from their table."""

    def __init__(self) -> None:
        config = current_app.config
        known = (
            (config.get("AUTHORITY_DVDV"), config.get("AUTHORITY_NAME")),
            (
                config.get("XBAU_PORTAL_DVDV"),
                config.get("XBAU_PORTAL_NAME"),
            ),  # replies to API-submitted cases
        )
        self._names: dict[str, str] = {address: name for address, name in known if address and name}
        query = select(Authority.dvdv_address, Authority.name).where(Authority.dvdv_address.is_not(None))
        for address, name in db.session.execute(query):
            if address:
                self._names.setdefault(address, name)

    def describe(self, address: str | None) -> str:
        if not address:
            return "—"
        name = self._names.get(address)
        return f"{name} ({address})" if name else address


def _about(message: XbauMessage, review: ReviewRequest | None) -> str:
    if review is not None:
        kind = ReviewKind.label_of(review.kind.value, "Beteiligung")
        return f"{kind}: {review.authority.name}"
    status = _STATUS_SUBJECT.match(message.subject or "")
    if status:
        code = status.group(1)
        return f"Status „{PortalStatus.label_of(code, code)}“"
    try:
        return XbauMessageType(message.message_type).topic
    except ValueError:
        return "—"


def message_view(
    message: XbauMessage, case: Case, directory: _Directory, review: ReviewRequest | None = None
) -> XbauMessageView:
    return XbauMessageView(
        id=message.id,
        created_at=message.created_at,
        direction=message.direction.value,
        direction_label=DIRECTION_WORDS[message.direction],
        message_type=message.message_type,
        type_label=type_label(message.message_type),
        sender=directory.describe(message.author),
        recipient=directory.describe(message.reader),
        about=_about(message, review),
        valid=message.valid,
        validation=validation_summary(message.valid, message.validation_errors or []),
        is_test=message.is_test,
        sha256=message.sha256,
        filename=download_name(case, message),
    )


def download_name(case: Case, message: XbauMessage) -> str:
    return f"{case.file_reference}_{message.message_type}_{message.message_uuid}.xml"


def _messages_of(case_id: int) -> list[XbauMessage]:
    query = (
        select(XbauMessage)
        .where(XbauMessage.case_id == case_id)
        .order_by(XbauMessage.created_at.desc(), XbauMessage.id.desc())
    )
    return list(db.session.scalars(query))


def case_messages(case_id: int, actor: Actor) -> CaseMessagesView:
    """Every XBau message of the case, newest first."""
    case = get_case(case_id, actor)
    check_may_read_log(case, actor)
    rows = _messages_of(case.id)
    review_ids = {m.review_request_id for m in rows if m.review_request_id is not None}
    reviews = {
        r.id: r for r in db.session.scalars(select(ReviewRequest).where(ReviewRequest.id.in_(review_ids)))
    }
    directory = _Directory()
    return CaseMessagesView(
        case_id=case.id,
        file_reference=case.file_reference,
        title=case.title,
        messages=tuple(message_view(m, case, directory, reviews.get(m.review_request_id or 0)) for m in rows),
    )


def log_entry(case_id: int, message_id: int, actor: Actor) -> tuple[Case, XbauMessage]:
    """One message of the case's log, for someone who may read the log."""
    case = get_case(case_id, actor)
    check_may_read_log(case, actor)
    message = db.session.get(XbauMessage, message_id)
    if message is None or message.case_id != case.id:
        raise NotFound("Diese Nachricht gibt es in diesem Vorgang nicht.")
    return case, message


def message_file(case_id: int, message_id: int, actor: Actor) -> MessageFile:
    """The stored bytes of one message of the case, exactly as received or sent."""
    case, message = log_entry(case_id, message_id, actor)
    return MessageFile(content=message.xml, filename=download_name(case, message))
