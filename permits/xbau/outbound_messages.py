"""Records -> outgoing messages: 0201, 0205, 0300 and 1160, built from the case and stored once.

Each function returns the stored `XbauMessage` (see `outbound.outbound`): the twin of an issued document is
built when the document is requested (`document_twin`), otherwise on first request (`current_*`). The
messages of events (1120/1121 on import, 1170 per status change) are in `outbound_status`. Nothing here
commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import or_, select

from permits.codelists import BUILDING_CODE_LEGAL_AREA, ParticipationRole, PortalStatus, ProvisionType
from permits.core import rules
from permits.errors import Conflict, NotFound
from permits.extensions import db
from permits.models import (
    Application,
    ApplicationDocument,
    AuditEntry,
    AuthorityKind,
    Case,
    IssuedDocument,
    ReviewRequest,
    XbauMessage,
)
from permits.xbau.codes import DEVIATION_TYPES_LIST
from permits.xbau.emit import (
    emit_completeness_check,
    emit_decision,
    emit_fee_notice,
)
from permits.xbau.emit_participation import emit_participation_request
from permits.xbau.messages import (
    CompletenessCheck,
    Decision,
    DeviationDecision,
    FeeItem,
    FeeNotice,
    Finding,
    ParticipationConcern,
    ParticipationRequest,
    PaymentDetails,
    SubmittedDocument,
)
from permits.xbau.model import (
    AncillaryProvision,
    Attachment,
    CaseReference,
    CodeValue,
    Envelope,
    document_id_for,
    legal_domain,
)
from permits.xbau.outbound import latest, outbound
from permits.xbau.outbound_project import project_data

DEFAULT_COURT = "Verwaltungsgericht Hannover"
LEGAL_REMEDY = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Klage beim {court} erhoben "
    "werden. Die Klage ist schriftlich oder zur Niederschrift der Urkundsbeamtin oder des Urkundsbeamten der "
    "Geschäftsstelle des Gerichts zu erheben."
)
DEEMED_CONSENT = (
    "Äußert sich die beteiligte Stelle nicht bis zum Ablauf der Frist, gilt ihre Zustimmung als erteilt."
)
DEEMED_MUNICIPAL_CONSENT = (
    "Äußert sich die Gemeinde nicht bis zum Ablauf der Frist, gilt ihr Einvernehmen als erteilt "
    "(§ 36 Abs. 2 Satz 2 BauGB)."
)
# An expert body only advises: its silence is no consent, a late statement may be left aside.
NO_STATEMENT = (
    "Äußert sich die beteiligte Stelle nicht bis zum Ablauf der Frist, wird ohne ihre Stellungnahme "
    "entschieden; später eingehende Stellungnahmen können unberücksichtigt bleiben."
)
CONSEQUENCE_BY_ROLE = {
    ParticipationRole.COMPETENT_BODY: DEEMED_CONSENT,
    ParticipationRole.EXPERT_BODY: NO_STATEMENT,
    ParticipationRole.MUNICIPALITY: DEEMED_MUNICIPAL_CONSENT,
}


def _legal_remedy() -> str:
    court = current_app.config.get("AUTHORITY_ADMINISTRATIVE_COURT") or DEFAULT_COURT
    return LEGAL_REMEDY.format(court=court.split(",", 1)[0])


def pdf_document_id(request_id: str) -> str:
    """The `dokumentid` of an issued PDF, fixed by its render request before the PDF exists."""
    return document_id_for(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:permits:render:{request_id}"))


def issued_attachment(document: IssuedDocument, attachment_type: str) -> Attachment:
    """An already issued PDF as an XBau `anlage` (for messages built after the document)."""
    key = document.request_id or f"document:{document.id}"
    return Attachment(
        title=document.title,
        attachment_type=attachment_type,
        mime_type=document.media_type,
        dated=document.created_at.date(),
        document_id=pdf_document_id(key),
        file_name=document.filename,
    )


# -- 0300 participation request -------------------------------------------------------------------------


def participation_request(
    review: ReviewRequest, subject: str | None = None, letter: Attachment | None = None
) -> XbauMessage:
    """0300 to the agency (its DVDV address), with the project as the records have it."""
    authority = review.authority
    role = review.role  # as the request was opened: competent body, expert body or municipality
    area = "Bauplanungsrecht" if authority.kind == AuthorityKind.MUNICIPALITY else authority.name

    def build(head: Envelope, reference: CaseReference) -> bytes:
        message = ParticipationRequest(
            envelope=head,
            case=reference,
            request_id=uuid.UUID(review.public_id),
            concerns=(
                ParticipationConcern(
                    role,
                    legal_domain(authority.legal_area),
                    f"Beteiligung als {area} im Baugenehmigungsverfahren",
                ),
            ),
            project=project_data(review.case),
            due_on=review.effective_due_on,
            consequence_of_default=CONSEQUENCE_BY_ROLE[role],
            agency_label=authority.name,
            attachments=(letter,) if letter is not None else (),
        )
        return emit_participation_request(message)

    subject = subject or f"review:{review.public_id}"
    return outbound(review.case, "0300", subject, build, review=review, reader=authority)


def current_participation_request(review: ReviewRequest) -> XbauMessage:
    """The latest 0300 sent for the request (a renewed request sends a new one), else built now."""
    return latest(review.case, "0300", review) or participation_request(review)


# -- 0205 decision --------------------------------------------------------------------------------------


def decision(case: Case, subject: str, document: Attachment) -> XbauMessage:
    """0205 with the recorded decision and its conditions, listing the decision PDF as anlage."""
    recorded = (case.details or {}).get("decision")
    if recorded is None:
        raise NotFound("In diesem Vorgang ist noch nicht entschieden.")

    def build(head: Envelope, reference: CaseReference) -> bytes:
        provisions = tuple(
            AncillaryProvision(
                ProvisionType(str(c.get("type") or "2")),
                legal_domain(c.get("legal_area") or BUILDING_CODE_LEGAL_AREA),
                str(c["text"]),
            )
            for c in recorded.get("conditions", [])
        )
        message = Decision(
            envelope=head,
            case=reference,
            approved=bool(recorded["approved"]),
            document=document,
            legal_remedy_notice=_legal_remedy(),
            provisions=provisions,
            deviations=tuple(_deviation_ruling(case, d) for d in recorded.get("deviations", [])),
            reasons="\n\n".join(recorded.get("reasons", [])) or None,
        )
        return emit_decision(message)

    return outbound(case, "0205", subject, build)


def _deviation_ruling(case: Case, ruling: Mapping[str, Any]) -> DeviationDecision:
    """abweichung: the requested deviation's id from the 0200 (one given by other channels gets a stable
    one derived from the case), its kind, the provision deviated from, and a refusal's reasons."""
    try:
        deviation_id = uuid.UUID(str(ruling.get("id")))
    except ValueError:
        deviation_id = uuid.uuid5(uuid.UUID(case.public_id), f"deviation:{ruling.get('description')}")
    rule = ruling.get("rule") or ruling.get("legal_basis") or ruling.get("type_label") or "Abweichung"
    return DeviationDecision(
        deviation_id=deviation_id,
        granted=bool(ruling.get("granted")),
        deviation_type=CodeValue(str(ruling.get("type") or ""), *DEVIATION_TYPES_LIST),
        rule=str(rule),
        reasons=ruling.get("reasons") or None,
    )


def current_decision(case: Case) -> XbauMessage:
    """The 0205 sent with the latest decision PDF."""
    sent = latest(case, "0205")
    if sent is not None:
        return sent
    if (case.details or {}).get("decision") is None:
        raise NotFound("In diesem Vorgang ist noch nicht entschieden.")
    document = _latest_document(case, ("approval", "rejection"))
    if document is None:
        raise Conflict("Der Bescheid wird gerade erstellt; bitte später erneut abrufen.")
    # A decision issued before decisions carried their 0205: describe the stored PDF.
    return decision(case, _document_subject(document), issued_attachment(document, "5013"))


# -- 1160 fee notice ------------------------------------------------------------------------------------


def fee_notice(case: Case, subject: str, document: Attachment | None = None) -> XbauMessage:
    """1160 with the recorded fee, listing the fee notice PDF as anlage."""
    fee = (case.details or {}).get("fee")
    if fee is None:
        raise NotFound("In diesem Vorgang ist noch keine Gebühr festgesetzt.")

    def build(head: Envelope, reference: CaseReference) -> bytes:
        message = FeeNotice(
            envelope=head,
            case=reference,
            total_cents=int(fee["amount_cents"]),
            payment=PaymentDetails(
                iban=current_app.config["AUTHORITY_IBAN"],
                payment_reference=fee["payment_reference"],
                bic=current_app.config.get("AUTHORITY_BIC"),
            ),
            due_on=date.fromisoformat(fee["due_on"]),
            reasons=fee["description"],
            legal_remedy_notice=_legal_remedy(),
            fees=(FeeItem("BauGO", fee["legal_basis"], fee["description"], int(fee["amount_cents"])),),
            attachments=(document,) if document is not None else (),
        )
        return emit_fee_notice(message)

    return outbound(case, "1160", subject, build)


def current_fee_notice(case: Case) -> XbauMessage:
    sent = latest(case, "1160")
    if sent is not None:
        return sent
    document = _latest_document(case, ("fee_notice",))
    if document is None:
        return fee_notice(case, "fee")
    return fee_notice(case, _document_subject(document), issued_attachment(document, "5100"))


# -- 0201 completeness result ---------------------------------------------------------------------------


def _completeness_entry(case: Case) -> AuditEntry | None:
    """The latest status change that ends a completeness check: 17 (documents requested) or 18 (complete)."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.case_id == case.id, AuditEntry.action == "status_changed")
        .order_by(AuditEntry.id.desc())
    )
    ends = (PortalStatus.DOCUMENTS_REQUESTED.value, PortalStatus.DOCUMENTS_COMPLETE.value)
    for entry in db.session.scalars(query):
        if (entry.after or {}).get("status") in ends:
            return entry
    return None


def completeness(case: Case, letter: Attachment | None = None) -> XbauMessage:
    """0201 for the latest completeness result; the deficiency letter travels with it as anlage."""
    reached = _completeness_entry(case)
    if reached is None:
        raise NotFound("Die Vollständigkeitsprüfung ist noch nicht abgeschlossen.")
    complete = (reached.after or {}).get("status") == PortalStatus.DOCUMENTS_COMPLETE.value

    def build(head: Envelope, reference: CaseReference) -> bytes:
        if complete:
            message = _complete(case, reached, head, reference)
        else:
            message = _incomplete(case, head, reference, letter)
        return emit_completeness_check(message)

    return outbound(case, "0201", f"completeness:{reached.id}", build)


def _complete(case: Case, reached: AuditEntry, head: Envelope, reference: CaseReference) -> CompletenessCheck:
    config = current_app.config
    completed_on = reached.at.astimezone(ZoneInfo(config["TIMEZONE"])).date()
    latest_date = rules.period("deemed_approval", completed_on).last_day(completed_on)  # the rule table's
    return CompletenessCheck(
        envelope=head,
        case=reference,
        complete=True,
        latest_decision_date=latest_date,
        submitted_documents=_submitted_documents(case),
    )


def _incomplete(
    case: Case, head: Envelope, reference: CaseReference, letter: Attachment | None
) -> CompletenessCheck:
    found: Mapping[str, Any] = (case.details or {}).get("completeness") or {}
    if not found.get("due_on"):
        raise NotFound("Die Nachforderung ist noch nicht festgehalten.")
    return CompletenessCheck(
        envelope=head,
        case=reference,
        complete=False,
        findings=tuple(Finding(description=text) for text in found.get("findings", [])),
        due_on=date.fromisoformat(found["due_on"]),
        attachments=(letter,) if letter is not None else (),
    )


def _submitted_documents(case: Case) -> tuple[SubmittedDocument, ...]:
    """The building documents that arrived with the application (files and links, not announced ones)."""
    query = (
        select(ApplicationDocument.document_type, ApplicationDocument.filename)
        .join(Application, ApplicationDocument.application_id == Application.id)
        .where(
            Application.case_id == case.id,
            or_(ApplicationDocument.content.is_not(None), ApplicationDocument.link_url.is_not(None)),
        )
        .order_by(ApplicationDocument.id)
    )
    return tuple(SubmittedDocument(kind, name) for kind, name in db.session.execute(query))


# -- twins of issued documents ---------------------------------------------------------------------------


def document_twin(
    case: Case, message_type: str, document: Attachment, arguments: Mapping[str, Any], request_id: str
) -> XbauMessage:
    """The message an issued document carries, built when the document is requested (before its PDF)."""
    subject = _twin_subject(request_id)
    if message_type == "0205":
        return decision(case, subject, document)
    if message_type == "1160":
        return fee_notice(case, subject, document)
    if message_type == "0201":
        return completeness(case, document)
    if message_type == "0300":
        return participation_request(_review(case, arguments), subject, document)
    raise ValueError(f"no XBau twin {message_type!r} for documents")


def _twin_subject(request_id: str) -> str:
    return f"document:{request_id}"


def _document_subject(document: IssuedDocument) -> str:
    return _twin_subject(document.request_id) if document.request_id else f"issued:{document.id}"


def _review(case: Case, arguments: Mapping[str, Any]) -> ReviewRequest:
    reference = str(arguments.get("request_reference") or "")
    review = db.session.scalars(
        select(ReviewRequest).where(ReviewRequest.public_id == reference, ReviewRequest.case_id == case.id)
    ).first()
    if review is None:
        raise NotFound(f"Beteiligung {reference!r} gehört nicht zu diesem Vorgang.")
    return review


def _latest_document(case: Case, kinds: tuple[str, ...]) -> IssuedDocument | None:
    query = (
        select(IssuedDocument)
        .where(IssuedDocument.case_id == case.id, IssuedDocument.kind.in_(kinds))
        .order_by(IssuedDocument.id.desc())
    )
    return db.session.scalars(query.limit(1)).first()
