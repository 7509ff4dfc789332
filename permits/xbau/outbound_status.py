"""Messages of events: 1120 and 1121 when a portal's application opens a case, one 1170 per status change.

The portal keeps the status history from these 1170s; `current_status` is what it fetches as the case's
status now. Each function returns the stored `XbauMessage` (see `outbound.outbound`); nothing commits.
"""

from __future__ import annotations

from permits.codelists import PortalStatus
from permits.core.runtime import local_today
from permits.errors import NotFound
from permits.extensions import db
from permits.models import AuditEntry, Case, XbauMessage
from permits.xbau.emit import emit_file_reference_notice, emit_portal_status, emit_receipt_confirmation
from permits.xbau.messages import FileReferenceNotice, PortalStatusMessage, ReceiptConfirmation
from permits.xbau.model import CaseReference, Envelope
from permits.xbau.outbound import latest, outbound

STATUS_SUBJECT = "status:{code}:{entry}"  # one 1170 per status change (its audit entry)


def acknowledge_import(case: Case) -> tuple[XbauMessage, XbauMessage]:
    """1120 (receipt) and 1121 (file reference) for a case opened from a portal's 0200."""
    received_on = local_today()  # called as the application is imported
    information = (
        f"Ihr Antrag ist am {received_on:%d.%m.%Y} eingegangen und wird unter dem Aktenzeichen "
        f"{case.file_reference} bearbeitet."
    )

    def receipt(head: Envelope, reference: CaseReference) -> bytes:
        return emit_receipt_confirmation(ReceiptConfirmation(head, reference, information))

    def file_reference(head: Envelope, reference: CaseReference) -> bytes:
        return emit_file_reference_notice(FileReferenceNotice(head, reference))

    sent = outbound(case, "1120", "receipt", receipt)
    return sent, outbound(case, "1121", "file_reference", file_reference)


def portal_status(case: Case, code: PortalStatus, subject: str) -> XbauMessage:
    def build(head: Envelope, reference: CaseReference) -> bytes:
        return emit_portal_status(PortalStatusMessage(envelope=head, case=reference, status=code))

    return outbound(case, "1170", subject, build)


def report_status(case: Case, entry: AuditEntry) -> XbauMessage:
    """The 1170 for one status change (its audit entry): the portal's status history, one message each."""
    db.session.flush()  # the entry's id names the message
    code = PortalStatus((entry.after or {})["status"])
    return portal_status(case, code, STATUS_SUBJECT.format(code=code.value, entry=entry.id))


def current_status(case: Case) -> XbauMessage:
    """The 1170 for the case's current status: the latest one sent, else one for the status as it is."""
    if not case.status:
        raise NotFound("Der Vorgang hat noch keinen Status.")
    sent = latest(case, "1170")
    if sent is not None and (sent.subject or "").startswith(f"status:{case.status}:"):
        return sent
    return portal_status(case, PortalStatus(case.status), STATUS_SUBJECT.format(code=case.status, entry=0))
