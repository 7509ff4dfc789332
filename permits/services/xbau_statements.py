"""Agencies answer by XBau: 0303 statements and 0305 interim messages for a review request.

Before anything is stored, a message must be addressed to us (leser) and not be test traffic, name a request
we sent (referenzAufforderung), come from the agency it went to (nachrichtenkopf autor = the agency's DVDV
address, and the API token is that agency's), and quote the case of that request (bezug: referenz and/or
vorgang). A refused message stores nothing.

A 0303 becomes a statement through the same use case as the JSON API (`agency_review.submit_statement`), one
verdict per legal area (stellungnahmeStrukturiert), the hinweise as notes and the attached documents; a
retried message (the same nachrichtenUUID for the same request) answers with the statement stored first,
the same nachrichtenUUID for another request is another statement. The message itself is kept in
`xbau_messages` in the same transaction.

A 0305 that asks for more time, while the procedure waits for the agency's statement, completes the agency's
task as an extension request: the officer decides in `ut_decide_extension` and the agency gets a 0306
(`permits.participation.interim`). Any other 0305 is kept as an interim note on the case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from flask import current_app
from sqlalchemy import select

from permits import xbau
from permits.core import audit
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import (
    Application,
    AuditEntry,
    MessageDirection,
    ReviewRequest,
    Role,
    Statement,
    StatementAttachment,
    XbauMessage,
)
from permits.participation import reviews as participation
from permits.services.agency_review import StatementInput, retrying_races, submit_statement
from permits.services.tasks import complete_task
from permits.xbau.codes import ROOT_ELEMENTS
from permits.xbau.correlation import authority_addresses, correspondence
from permits.xbau.interim import ImportedInterimMessage, parse_interim_message
from permits.xbau.statement import ImportedStatement

STATEMENT_ROOT = ROOT_ELEMENTS["0303"]
INTERIM_ROOT = ROOT_ELEMENTS["0305"]
EXTENSION_REQUESTED = "extension_requested"  # the agency form's choice that leads to ut_decide_extension

# Files that travelled with the message, by file name (dateiname) or dokumentid.
Files = Mapping[str, bytes]


@dataclass(frozen=True)
class Received:
    """What the checks read of an agency's message (0303 or 0305): request, sender, reader, case reference."""

    message_id: UUID
    message_type: str
    request_id: UUID
    author: xbau.DvdvAddress
    case_id: UUID | None
    file_reference: str | None
    test: bool
    reader: str


def _received(message: ImportedStatement | ImportedInterimMessage, message_type: str) -> Received:
    return Received(
        message_id=message.message_id,
        message_type=message_type,
        request_id=message.request_id,
        author=message.author,
        case_id=message.case_id,
        file_reference=message.file_reference,
        test=message.test,
        reader=message.reader.id,
    )


# -- checks -----------------------------------------------------------------------------------------------


def _case_references(review: ReviewRequest) -> set[str]:
    """What a message may quote in bezug/referenz for this request's case: the portal's reference (what our
    messages quote), the case's own id, or the id of the application that opened it."""
    case = review.case
    known = {case.public_id, str(correspondence(case).reference)}
    known |= set(db.session.scalars(select(Application.public_id).where(Application.case_id == case.id)))
    return {value.lower() for value in known}


def check_case_reference(review: ReviewRequest, received: Received) -> None:
    """The bezug must name the case of the request it answers (a statement for another case would otherwise be
    recorded on the request it names)."""
    case = review.case
    if received.file_reference is not None and received.file_reference != case.file_reference:
        raise InvalidInput(
            f"Die Nachricht nennt das Aktenzeichen „{received.file_reference}“ (bezug/vorgang), die "
            f"Beteiligung {review.public_id} gehört aber zum Vorgang „{case.file_reference}“.",
            field_errors={"bezug/vorgang": [f"Erwartet: {case.file_reference}"]},
        )
    if received.case_id is not None and str(received.case_id).lower() not in _case_references(review):
        raise InvalidInput(
            f"Die Nachricht nennt die Antragsreferenz {received.case_id} (bezug/referenz), die Beteiligung "
            f"{review.public_id} gehört aber zum Vorgang „{case.file_reference}“ mit einer anderen Referenz.",
            field_errors={"bezug/referenz": ["Gehört nicht zum Vorgang dieser Beteiligung."]},
        )


def check_sender(review: ReviewRequest, received: Received, actor: Actor) -> None:
    """The API token must be the asked agency's (403), and the message must say it comes from that agency's
    DVDV address (422): a statement speaks for the body that was asked, nobody else."""
    if actor.role != Role.AGENCY and not actor.is_admin:
        raise PermissionDenied("Stellungnahmen und Zwischennachrichten senden die beteiligten Stellen.")
    if actor.role == Role.AGENCY and actor.authority_id != review.authority_id:
        raise PermissionDenied("Diese Beteiligung richtet sich an eine andere Stelle.")
    expected = review.authority.dvdv_address
    if not expected:
        raise InvalidInput(
            f"Für {review.authority.name} ist keine DVDV-Adresse hinterlegt; ihre XBau-Nachrichten können "
            "nicht zugeordnet werden. Bitte die Stellungnahme über die JSON-Schnittstelle abgeben.",
        )
    if received.author.id != expected:
        raise InvalidInput(
            f"Absender {received.author.id} (nachrichtenkopf.g2g/autor) ist nicht die beteiligte Stelle "
            f"{review.authority.name} ({expected}).",
            field_errors={"nachrichtenkopf.g2g/autor/kennung": [f"Erwartet: {expected}"]},
        )


def check_addressed_to_us(received: Received) -> None:
    """Like a 0200: addressed to this authority (leser), and no test traffic unless the installation takes
    it (a test statement must not answer a real request)."""
    ours = authority_addresses()
    if received.reader not in ours:
        raise xbau.WrongReader(
            f"Die Nachricht ist an „{received.reader}“ gerichtet; diese Bauaufsichtsbehörde ist unter "
            f"„{', '.join(sorted(ours))}“ erreichbar.",
            field_errors={"nachrichtenkopf.g2g/leser/kennung": [f"erwartet: {', '.join(sorted(ours))}"]},
        )
    if received.test and not current_app.config.get("XBAU_ACCEPT_TEST_MESSAGES"):
        raise xbau.RefusedTestMessage(
            'Die Nachricht ist als Testnachricht gekennzeichnet (test="true"). Dieses System nimmt keine '
            "Testnachrichten an; die Beteiligung bleibt unverändert."
        )


def checked_review(received: Received, actor: Actor) -> ReviewRequest:
    check_addressed_to_us(received)
    review = db.session.scalars(select(ReviewRequest).filter_by(public_id=str(received.request_id))).first()
    if review is None:
        raise NotFound("Die Nachricht bezieht sich auf keine bekannte Beteiligung (referenzAufforderung).")
    check_sender(review, received, actor)
    check_case_reference(review, received)
    return review


# -- storing ----------------------------------------------------------------------------------------------


def _stored_message(review: ReviewRequest, received: Received) -> XbauMessage | None:
    return db.session.scalars(
        select(XbauMessage).where(
            XbauMessage.review_request_id == review.id,
            XbauMessage.direction == MessageDirection.INBOUND,
            XbauMessage.message_type == received.message_type,
            XbauMessage.message_uuid == str(received.message_id),
        )
    ).first()


def keep_message(review: ReviewRequest, received: Received, data: bytes) -> XbauMessage:
    """The message as received, in the caller's transaction (it was schema-valid, or it was refused)."""
    row = XbauMessage(
        direction=MessageDirection.INBOUND,
        message_type=received.message_type,
        message_uuid=str(received.message_id),
        case_id=review.case_id,
        review_request_id=review.id,
        author=received.author.id,
        reader=received.reader,
        portal_reference=str(received.case_id) if received.case_id else None,
        is_test=received.test,
        xml=data,
        sha256=hashlib.sha256(data).hexdigest(),
        valid=True,
        validation_errors=[],
        created_at=now(),
    )
    db.session.add(row)
    db.session.flush()
    return row


def _content(item: xbau.Attachment, files: Files) -> bytes | None:
    for name in (item.file_name, item.document_id):
        if name and name in files:
            return files[name]
    return None


def keep_attachments(statement: Statement, imported: ImportedStatement, files: Files) -> None:
    """Each `anlage` of each area, with its file when the file came with the message."""
    for part in imported.parts:
        for item in part.attachments:
            content = _content(item, files)
            statement.attachments.append(
                StatementAttachment(
                    legal_area=part.legal_domain.code or None,
                    title=(item.title or item.file_name or "Anlage")[:300],
                    attachment_type=item.attachment_type or None,
                    media_type=item.mime_type or "application/octet-stream",
                    dated=item.dated if item.dated != item.dated.min else None,
                    document_id=item.document_id,
                    filename=item.file_name,
                    url=item.url,
                    content=content,
                    size=len(content) if content is not None else None,
                    sha256=hashlib.sha256(content).hexdigest() if content is not None else None,
                    received_at=now(),
                )
            )
    db.session.flush()


# -- 0303 -------------------------------------------------------------------------------------------------


def _condition(provision: xbau.AncillaryProvision) -> dict[str, Any]:
    return {"type": provision.type.value, "legal_area": provision.legal_domain.code, "text": provision.text}


def statement_input(imported: ImportedStatement) -> StatementInput:
    """The 0303 as the statement use case takes it: one area per stellungnahmeStrukturiert."""
    areas = tuple(
        {
            "legal_area": part.legal_domain.code,
            "verdict": part.verdict.value,
            "conditions": [
                {"type": p.type.value, "legal_area": p.legal_domain.code, "text": p.text}
                for p in part.provisions
            ],
            "reasons": part.reasons,
        }
        for part in imported.parts
    )
    text = "\n\n".join(part.reasons for part in imported.parts if part.reasons) or None
    return StatementInput(imported.verdict.value, text, None, (), areas, imported.notes)


@dataclass(frozen=True)
class StatementReceived:
    review: ReviewRequest
    statement: Statement
    created: bool  # False: the same message was received before


@transactional
def _import_statement(
    data: bytes, imported: ImportedStatement, actor: Actor, files: Files
) -> StatementReceived:
    received = _received(imported, "0303")
    review = checked_review(received, actor)
    first_time = _stored_message(review, received) is None
    if first_time:
        keep_message(review, received, data)
    statement, created = submit_statement(
        review.public_id, statement_input(imported), actor, idempotency_key=f"xbau:{imported.message_id}"
    )
    if created:
        keep_attachments(statement, imported, files)
    return StatementReceived(review, statement, created)


def import_statement(data: bytes, actor: Actor, files: Files | None = None) -> StatementReceived:
    """Accept a 0303 (schema-validated, checked as described above) for the request it names."""
    imported = xbau.parse_statement(data)
    return retrying_races(lambda: _import_statement(data, imported, actor, files or {}))


# -- 0305 -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterimReceived:
    review: ReviewRequest
    message: XbauMessage
    created: bool  # False: the same message was received before
    extension_requested: bool  # it went to the officer as a request for more time


def _ask_for_extension(review: ReviewRequest, imported: ImportedInterimMessage, actor: Actor) -> bool:
    task = participation.statement_task(review) if imported.asks_for_extension else None
    # While an earlier request for more time waits for the officer (ut_statement_pending), a second one
    # is only a note: the agency's task there takes statements, not another request.
    if task is None or task.element_id != "ut_statement":
        return False
    form = {
        "statement_verdict": EXTENSION_REQUESTED,
        "statement_text": imported.concern,
        "legal_area": None,
        "condition_type": None,
        "condition_text": None,
    }
    complete_task(task.task_id, form, actor, claim=True)
    return True


@transactional
def _import_interim(data: bytes, imported: ImportedInterimMessage, actor: Actor) -> InterimReceived:
    received = _received(imported, "0305")
    review = checked_review(received, actor)
    earlier = _stored_message(review, received)
    if earlier is not None:
        if earlier.sha256 != hashlib.sha256(data).hexdigest():
            raise InvalidInput(
                "Diese nachrichtenUUID wurde für diese Beteiligung bereits mit anderem Inhalt empfangen.",
                field_errors={
                    "nachrichtenkopf.g2g/identifikation.nachricht/nachrichtenUUID": ["Bereits verwendet."]
                },
            )
        return InterimReceived(review, earlier, False, _extension_was_requested(earlier))
    message = keep_message(review, received, data)
    extension = _ask_for_extension(review, imported, actor)
    audit.record(
        "interim_message_received",
        actor,
        case_id=review.case_id,
        after={
            "message": "0305",
            "message_id": message.message_uuid,
            "review_request_id": review.id,
            "concern": imported.concern[:500],
            "extension_requested": extension,
        },
    )
    return InterimReceived(review, message, True, extension)


def _extension_was_requested(message: XbauMessage) -> bool:
    """How the first delivery of this 0305 was handled (a retried delivery answers the same)."""
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.case_id == message.case_id, AuditEntry.action == "interim_message_received")
        .order_by(AuditEntry.id.desc())
    )
    for entry in entries:
        if (entry.after or {}).get("message_id") == message.message_uuid:
            return bool((entry.after or {}).get("extension_requested"))
    return False


def import_interim_message(data: bytes, actor: Actor) -> InterimReceived:
    """Accept a 0305 for the request it names (checked like a 0303)."""
    imported = parse_interim_message(data)
    return retrying_races(lambda: _import_interim(data, imported, actor))


def result(outcome: StatementReceived | InterimReceived) -> dict[str, Any]:
    """The answer of `POST /api/v1/xbau/messages` for a 0303 or 0305."""
    if isinstance(outcome, StatementReceived):
        return {
            "message": "0303",
            "review_request_id": outcome.review.public_id,
            "statement_id": outcome.statement.id,
            "created": outcome.created,
        }
    return {
        "message": "0305",
        "review_request_id": outcome.review.public_id,
        "created": outcome.created,
        "extension_requested": outcome.extension_requested,
    }
