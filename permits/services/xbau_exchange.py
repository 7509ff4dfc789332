"""XBau 2.6 exchange: import 0200 applications and 0303 statements, emit messages for a case.

Maps between our records and the plain dataclasses of `permits.xbau`; the XML itself (safe parsing,
schema validation, correct prefixes) is that package's business.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from lxml import etree
from sqlalchemy import select

from permits import xbau
from permits.core import audit, calendar
from permits.core.actors import Actor
from permits.core.runtime import now
from permits.core.transaction import transactional
from permits.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import (
    Application,
    ApplicationStatus,
    AuditEntry,
    Authority,
    AuthorityKind,
    Case,
    IssuedDocument,
    ReviewRequest,
    Role,
)
from permits.participation.reviews import legal_area
from permits.services import applications
from permits.services.agency_review import StatementInput, submit_statement

APPLICATION_ROOT = "baugenehmigung.antrag.0200"
STATEMENT_ROOT = "beteiligung.stellungnahme.0303"
DEFAULT_AUTHORITY_DVDV = "bab:03241001"


def _root_name(data: bytes) -> str:
    return str(etree.QName(xbau.parse_xml(data)).localname)


def import_message(data: bytes, actor: Actor) -> dict[str, Any]:
    """Accept an incoming message: 0200 opens a case, 0303 answers a review request."""
    name = _root_name(data)
    if name == APPLICATION_ROOT:
        application = import_application(data, actor)
        return {"message": "0200", "application_id": application.public_id, "case_id": application.case_id}
    if name == STATEMENT_ROOT:
        review, statement, created = import_statement(data, actor)
        return {
            "message": "0303",
            "review_request_id": review.public_id,
            "statement_id": statement.id,
            "created": created,
        }
    raise InvalidInput(f"Die Nachricht {name!r} wird hier nicht angenommen (erwartet: 0200 oder 0303).")


@transactional
def import_application(data: bytes, actor: Actor) -> Application:
    if actor.role not in (Role.ARCHITECT, Role.ADMIN) or actor.user_id is None:
        raise PermissionDenied("Bauanträge reichen Entwurfsverfasser/innen oder ihr Portal ein.")
    imported = xbau.parse_application(data)
    existing = db.session.scalars(
        select(Application).filter_by(public_id=str(imported.application_id))
    ).first()
    if existing is not None:
        return existing  # the portal sent the same application again
    details = imported.to_case_details()
    details.setdefault("project", {})["procedure"] = imported.procedure or "simplified"
    moment = now()
    application = Application(
        public_id=str(imported.application_id),
        applicant_id=actor.user_id,
        status=ApplicationStatus.DRAFT,
        title=(imported.description or "Bauantrag")[:300],
        procedure=imported.procedure or "simplified",
        details=details,
        geometry=None,
        facts={},
        created_at=moment,
        updated_at=moment,
    )
    db.session.add(application)
    db.session.flush()
    audit.record(
        "xbau_imported",
        actor,
        after={
            "message": "0200",
            "message_id": str(imported.message_id),
            "application": application.public_id,
        },
    )
    submitted = applications.submit_application(application.public_id, actor)
    footprint = imported.footprint
    if footprint is not None and submitted.case is not None:
        submitted.case.details = {**submitted.case.details, "footprint": footprint}
    return submitted


def import_statement(data: bytes, actor: Actor) -> tuple[ReviewRequest, Any, bool]:
    if actor.role != Role.AGENCY and not actor.is_admin:
        raise PermissionDenied("Stellungnahmen geben die beteiligten Stellen ab.")
    imported = xbau.parse_statement(data)
    review = db.session.scalars(select(ReviewRequest).filter_by(public_id=str(imported.request_id))).first()
    if review is None:
        raise NotFound(
            "Die Stellungnahme bezieht sich auf keine bekannte Beteiligung (referenzAufforderung)."
        )
    conditions = tuple(
        {"type": p.type.value, "legal_area": p.legal_domain.code, "text": p.text} for p in imported.provisions
    )
    text = "\n\n".join(part.reasons for part in imported.parts if part.reasons) or None
    legal_areas = sorted({part.legal_domain.code for part in imported.parts})
    statement, created = submit_statement(
        review.public_id,
        StatementInput(imported.verdict.value, text, ", ".join(legal_areas) or None, conditions),
        actor,
        idempotency_key=f"xbau:{imported.message_id}",
    )
    return review, statement, created


# -- emitting -------------------------------------------------------------------------------------


def _envelope(reader: Authority | None, fallback_reader: str = "bap:05000000") -> xbau.Envelope:
    name = current_app.config["AUTHORITY_NAME"]
    ours = xbau.DvdvAddress(current_app.config.get("AUTHORITY_DVDV") or DEFAULT_AUTHORITY_DVDV, name)
    if reader is not None and reader.dvdv_address:
        return xbau.Envelope(
            author=ours,
            reader=xbau.DvdvAddress(reader.dvdv_address, reader.name),
            created_at=now().astimezone(UTC),
        )
    return xbau.Envelope(
        author=ours,
        reader=xbau.DvdvAddress(fallback_reader, "Antragsportal"),
        created_at=now().astimezone(UTC),
    )


def _case_reference(case: Case) -> xbau.CaseReference:
    return xbau.CaseReference(uuid.UUID(case.public_id), case.file_reference)


def _party(entry: dict[str, Any] | None) -> xbau.Party:
    entry = entry or {}
    address = xbau.Address(
        street=entry.get("street"), postal_code=entry.get("postal_code"), city=entry.get("city")
    )
    return xbau.Organisation(name=entry.get("name") or "unbekannt", address=address)


def _parcels(plot: dict[str, Any]) -> tuple[xbau.Parcel, ...]:
    if not plot.get("zaehler") or not plot.get("gemarkung"):
        return ()
    gemarkung = str(plot["gemarkung"])
    number, name = (gemarkung, None) if gemarkung.isdigit() else (None, gemarkung)
    return (
        xbau.Parcel(
            land="03",
            parcel_numerator=str(plot["zaehler"]),
            cadastral_district_number=number,
            cadastral_district_name=name,
            cadastral_section=plot.get("flur"),
            parcel_denominator=plot.get("nenner") or None,
        ),
    )


def project_data(case: Case) -> xbau.ProjectData:
    details = case.details or {}
    applicant = _party(details.get("applicant"))
    project = details.get("project") or {}
    designer = details.get("designer")
    return xbau.ProjectData(
        description=project.get("description") or case.title,
        owners=(applicant,),
        fee_debtor=applicant,
        parcels=_parcels(details.get("plot") or {}),
        measure_types=(str(project.get("measure_type") or "11"),),
        designer=xbau.Designer(_party(designer), chamber_number=designer.get("chamber_number"))
        if designer
        else None,
        building_class=project.get("building_class"),
        footprint=details.get("footprint"),
    )


def participation_request_xml(review: ReviewRequest) -> bytes:
    role = {
        "municipal_consent": xbau.ParticipationRole.MUNICIPALITY,
    }.get(review.kind.value, xbau.ParticipationRole.COMPETENT_BODY)
    area = (
        review.authority.name if review.authority.kind != AuthorityKind.MUNICIPALITY else "Bauplanungsrecht"
    )
    message = xbau.ParticipationRequest(
        envelope=_envelope(review.authority),
        case=_case_reference(review.case),
        request_id=uuid.UUID(review.public_id),
        concerns=(
            xbau.ParticipationConcern(
                role,
                xbau.legal_domain(legal_area(review.authority.agency_type)),
                f"Beteiligung als {area} im Baugenehmigungsverfahren",
            ),
        ),
        project=project_data(review.case),
        due_on=review.effective_due_on,
        consequence_of_default="Äußert sich die beteiligte Stelle nicht bis zum Ablauf der Frist, "
        "gilt ihre Zustimmung als erteilt.",
        agency_label=review.authority.name,
    )
    return xbau.emit_participation_request(message)


LEGAL_REMEDY = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Klage beim {court} erhoben "
    "werden. Die Klage ist schriftlich oder zur Niederschrift der Urkundsbeamtin oder des Urkundsbeamten der "
    "Geschäftsstelle des Gerichts zu erheben."
)


def _attachment(document: IssuedDocument, attachment_type: str) -> xbau.Attachment:
    """An issued PDF as an XBau `anlage`; its id is derived from the content, so it is stable."""
    return xbau.Attachment(
        title=document.title,
        attachment_type=attachment_type,
        mime_type=document.media_type,
        dated=document.created_at.date(),
        document_id=xbau.document_id_for(uuid.uuid5(uuid.NAMESPACE_URL, document.sha256)),
        file_name=document.filename,
    )


def decision_xml(case: Case) -> bytes:
    """0205: the decision with its conditions, referencing the issued decision PDF."""
    decision = (case.details or {}).get("decision")
    query = (
        select(IssuedDocument)
        .where(IssuedDocument.case_id == case.id, IssuedDocument.kind.in_(("approval", "rejection")))
        .order_by(IssuedDocument.id.desc())
    )
    document = db.session.scalars(query.limit(1)).first()
    if decision is None:
        raise NotFound("In diesem Vorgang ist noch nicht entschieden.")
    if document is None:
        raise Conflict("Der Bescheid wird gerade erstellt; bitte später erneut abrufen.")
    provisions = tuple(
        xbau.AncillaryProvision(
            xbau.ProvisionType(str(c.get("type") or "2")),
            xbau.legal_domain(c.get("legal_area") or "Bauordnungsrecht"),
            str(c["text"]),
        )
        for c in decision.get("conditions", [])
    )
    attachment = _attachment(document, "5013")
    court = current_app.config.get("AUTHORITY_ADMINISTRATIVE_COURT") or "Verwaltungsgericht Hannover"
    message = xbau.Decision(
        envelope=_envelope(None),
        case=_case_reference(case),
        approved=bool(decision["approved"]),
        document=attachment,
        legal_remedy_notice=LEGAL_REMEDY.format(court=court),
        provisions=provisions,
        reasons="\n\n".join(decision.get("reasons", [])) or None,
    )
    return xbau.emit_decision(message)


def _status_reached(case: Case, codes: tuple[str, ...]) -> AuditEntry | None:
    query = (
        select(AuditEntry)
        .where(AuditEntry.case_id == case.id, AuditEntry.action == "status_changed")
        .order_by(AuditEntry.id.desc())
    )
    for entry in db.session.scalars(query):
        if (entry.after or {}).get("status") in codes:
            return entry
    return None


def completeness_xml(case: Case) -> bytes:
    """0201: the result of the completeness check, with findings and deadline or the latest decision date."""
    reached = _status_reached(case, ("17", "18"))
    if reached is None:
        raise NotFound("Die Vollständigkeitsprüfung ist noch nicht abgeschlossen.")
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    if (reached.after or {}).get("status") == "18":
        completed_on = reached.at.astimezone(zone).date()
        latest = calendar.deadline(
            completed_on, months=3, subdivision=current_app.config["HOLIDAY_SUBDIVISION"]
        )
        message = xbau.CompletenessCheck(
            envelope=_envelope(None), case=_case_reference(case), complete=True, latest_decision_date=latest
        )
    else:
        completeness = (case.details or {}).get("completeness") or {}
        findings = tuple(xbau.Finding(description=text) for text in completeness.get("findings", []))
        message = xbau.CompletenessCheck(
            envelope=_envelope(None),
            case=_case_reference(case),
            complete=False,
            findings=findings,
            due_on=date.fromisoformat(completeness["due_on"]),
        )
    return xbau.emit_completeness_check(message)


def fee_xml(case: Case) -> bytes:
    """1160: the fee notice, referencing the issued fee notice PDF."""
    fee = (case.details or {}).get("fee")
    if fee is None:
        raise NotFound("In diesem Vorgang ist noch keine Gebühr festgesetzt.")
    query = select(IssuedDocument).where(
        IssuedDocument.case_id == case.id, IssuedDocument.kind == "fee_notice"
    )
    document = db.session.scalars(query.order_by(IssuedDocument.id.desc()).limit(1)).first()
    attachments = (_attachment(document, "5100"),) if document is not None else ()
    court = current_app.config.get("AUTHORITY_ADMINISTRATIVE_COURT") or "Verwaltungsgericht Hannover"
    message = xbau.FeeNotice(
        envelope=_envelope(None),
        case=_case_reference(case),
        total_cents=int(fee["amount_cents"]),
        payment=xbau.PaymentDetails(
            iban=current_app.config["AUTHORITY_IBAN"],
            payment_reference=fee["payment_reference"],
            bic=current_app.config.get("AUTHORITY_BIC"),
        ),
        due_on=date.fromisoformat(fee["due_on"]),
        reasons=fee["description"],
        legal_remedy_notice=LEGAL_REMEDY.format(court=court),
        fees=(xbau.FeeItem("BauGO", fee["legal_basis"], fee["description"], int(fee["amount_cents"])),),
        attachments=attachments,
    )
    return xbau.emit_fee_notice(message)


def portal_status_xml(case: Case) -> bytes:
    """1170: the case's current status for the applicant's portal."""
    if not case.status:
        raise NotFound("Der Vorgang hat noch keinen Status.")
    message = xbau.PortalStatusMessage(
        envelope=_envelope(None), case=_case_reference(case), status=xbau.PortalStatus(case.status)
    )
    return xbau.emit_portal_status(message)
