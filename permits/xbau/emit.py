"""Emit the messages the building authority sends to the portal: 0201, 0205, 1120, 1121, 1160, 1170.

Each `emit_*` returns schema-valid UTF-8 bytes or raises OutgoingMessageInvalid (see builder.finish).
"""

from __future__ import annotations

from pathlib import Path

from permits.xbau import builder as b
from permits.xbau.builder import X
from permits.xbau.codes import ATTACHMENTS_LIST, PORTAL_STATUS_LIST, PROVISION_TYPES_LIST
from permits.xbau.messages import (
    CompletenessCheck,
    Decision,
    DeviationDecision,
    FeeNotice,
    FileReferenceNotice,
    PortalStatusMessage,
    ReceiptConfirmation,
)
from permits.xbau.model import AncillaryProvision, CodeValue

SchemaDir = str | Path | None


def emit_completeness_check(msg: CompletenessCheck, *, schema_dir: SchemaDir = None) -> bytes:
    """0201 baugenehmigung.formellePruefung: complete (with the latest decision date) or findings."""
    root = b.message_root("0201", msg.envelope)
    b.bezug(root, X("bezug"), msg.case)
    b.sub(root, X("antragVollstaendig"), "true" if msg.complete else "false")
    if msg.findings:
        block = b.sub(root, X("befundFrist"))
        listing = b.sub(block, X("befundliste"))
        for finding in msg.findings:
            item = b.sub(listing, X("befund"))
            b.code(item, X("artDesBefundes"), finding.finding_type)
            if finding.attachment_type:
                affected = CodeValue(finding.attachment_type, None, ATTACHMENTS_LIST[1])
                b.code(item, X("betroffeneAnlage"), affected)
            b.text(item, X("beschreibung"), finding.description)
        if msg.due_on is not None:
            b.sub(block, X("frist"), b.iso_date(msg.due_on))
    if msg.complete and msg.latest_decision_date is not None:
        documents = b.sub(root, X("unterlagenAntragVollstaendig"))
        for doc in msg.submitted_documents:
            entry = b.sub(documents, X("eingereichteBauvorlagen"))
            b.code(entry, X("kategorieBauvorlage"), CodeValue(doc.attachment_type, None, ATTACHMENTS_LIST[1]))
            b.sub(entry, X("bezeichnungDatei"), doc.file_name)
        dates = b.sub(documents, X("genehmigungsdatum"))
        if msg.expected_decision_date is not None:
            b.sub(dates, X("voraussichtlichesGenehmigungsdatum"), b.iso_date(msg.expected_decision_date))
        b.sub(dates, X("spaetestesGenehmigungsdatum"), b.iso_date(msg.latest_decision_date))
    if msg.cover_letter:
        b.text(root, X("anschreiben"), msg.cover_letter)
    if msg.attachments:
        b.attachments(root, X("anlagen"), msg.attachments)
    return b.finish(root, schema_dir)


def provision(parent: b.Element, item: AncillaryProvision) -> None:
    el = b.sub(parent, X("nebenbestimmung"))
    b.code(el, X("art"), item.type.value, PROVISION_TYPES_LIST)
    b.code(el, X("rechtsbereich"), item.legal_domain)
    b.formatted(el, X("nebenbestimmung"), item.text, item.html)


def deviation(parent: b.Element, item: DeviationDecision) -> None:
    el = b.sub(parent, X("abweichung"))
    b.sub(el, X("id"), str(item.deviation_id))
    b.sub(el, X("istZugelassen"), "true" if item.granted else "false")
    b.code(el, X("art"), item.deviation_type)
    b.formatted(el, X("vorschrift"), item.rule)
    if item.reasons:
        b.formatted(el, X("begruendung"), item.reasons)


def emit_decision(msg: Decision, *, schema_dir: SchemaDir = None) -> bytes:
    """0205 baugenehmigung.bescheid with typed ancillary provisions and the decision PDF as anlage."""
    root = b.message_root("0205", msg.envelope)
    b.bezug(root, X("bezug"), msg.case)
    decision = b.sub(root, X("bescheid"))
    tenor = b.sub(decision, X("tenor"))
    b.sub(tenor, X("istGenehmigung"), "true" if msg.approved else "false")
    for item in msg.deviations:
        deviation(decision, item)
    for p in msg.provisions:
        provision(decision, p)
    if msg.reasons:
        b.formatted(decision, X("begruendung"), msg.reasons)
    b.text(decision, X("rechtshelfsbelehrung"), msg.legal_remedy_notice)  # (sic), XBau spelling
    if msg.notes:
        b.formatted(decision, X("hinweise"), msg.notes)
    b.attachments(root, X("anlagen"), (msg.document,))
    return b.finish(root, schema_dir)


def emit_fee_notice(msg: FeeNotice, *, schema_dir: SchemaDir = None) -> bytes:
    """1160 prozessnachrichten.gebuehrenbescheid (Kernmodul: all children unqualified)."""
    root = b.message_root("1160", msg.envelope)
    b.bezug(root, "bezug", msg.case)
    notice = b.sub(root, "gebuehrenbescheid")
    b.sub(notice, "istVorauszahlungsbescheid", "true" if msg.advance_payment else "false")
    b.text(notice, "begruendung", msg.reasons)
    costs = b.sub(notice, "kostenberechnung")
    for fee in msg.fees:
        item = b.sub(costs, "gebuehrenposition")
        b.sub(item, "gebuehrenordnung", fee.tariff)
        b.sub(item, "gebuehrentatbestand", fee.tariff_item)
        position = b.sub(item, "position")
        b.sub(position, "erlaeuterung", fee.explanation)
        b.sub(position, "betrag", fee.amount_cents)
    for expense in msg.expenses:
        position = b.sub(b.sub(costs, "auslagenposition"), "position")
        b.sub(position, "erlaeuterung", expense.explanation)
        b.sub(position, "betrag", expense.amount_cents)
    b.sub(costs, "summe", msg.total_cents)  # cents
    payment = b.sub(notice, "zahlungsdaten")
    b.sub(payment, "iban", "".join(msg.payment.iban.split()).upper())
    b.opt(payment, "bic", msg.payment.bic)
    b.sub(payment, "verwendungszweck", msg.payment.payment_reference)
    b.text(notice, "rechtshelfsbelehrung", msg.legal_remedy_notice)
    if msg.late_payment_notice:
        b.text(notice, "informationVerspaetungszuschlag", msg.late_payment_notice)
    if msg.attachments:
        b.attachments(notice, "anlage", msg.attachments, kernmodul=True)
    b.sub(root, "frist", b.iso_date(msg.due_on))
    return b.finish(root, schema_dir)


def emit_portal_status(msg: PortalStatusMessage, *, schema_dir: SchemaDir = None) -> bytes:
    """1170 prozessnachrichten.statusFuerAntragsportal."""
    root = b.message_root("1170", msg.envelope)
    b.bezug(root, "bezug", msg.case)
    b.code(root, "statusAntragsportal", msg.status.value, PORTAL_STATUS_LIST)
    if msg.due_on is not None:
        b.sub(root, "frist", b.iso_date(msg.due_on))
    if msg.reasons:
        b.formatted(root, "begruendung", msg.reasons)
    return b.finish(root, schema_dir)


def emit_receipt_confirmation(msg: ReceiptConfirmation, *, schema_dir: SchemaDir = None) -> bytes:
    """1120 prozessnachrichten.eingangsbestaetigung."""
    root = b.message_root("1120", msg.envelope)
    b.bezug(root, "bezug", msg.case)
    if msg.information:
        b.text(root, "information", msg.information)
    return b.finish(root, schema_dir)


def emit_file_reference_notice(msg: FileReferenceNotice, *, schema_dir: SchemaDir = None) -> bytes:
    """1121 prozessnachrichten.aktenzeichen."""
    root = b.message_root("1121", msg.envelope)
    b.bezug(root, "bezug", msg.case)
    return b.finish(root, schema_dir)
