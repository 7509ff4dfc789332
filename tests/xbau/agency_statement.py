"""An agency's 0303 statement and 0305 interim message as its own software would send them to us.

permits only receives 0303/0305 (permits.xbau.statement, permits.xbau.interim); tests build them here to feed
the import and the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

from permits.xbau import builder as b
from permits.xbau.builder import X
from permits.xbau.emit import provision
from permits.xbau.model import AncillaryProvision, Attachment, CaseReference, CodeValue, Envelope


@dataclass(frozen=True)
class StatementPart:
    """stellungnahmeStrukturiert of a 0303."""

    consent: bool  # tenor/istZustimmung
    legal_domain: CodeValue  # rechtsbereich
    provisions: tuple[AncillaryProvision, ...] = ()  # nebenbestimmung[]
    reasons: str | None = None  # begruendung
    attachments: tuple[Attachment, ...] = ()  # anlagen


@dataclass(frozen=True)
class AgencyStatement:
    """0303 beteiligung.stellungnahme."""

    envelope: Envelope
    case: CaseReference
    request_id: UUID  # referenzAufforderung
    parts: tuple[StatementPart, ...] = field(default_factory=tuple)
    notes: str | None = None  # hinweise

    def __post_init__(self) -> None:
        if not self.parts:
            raise ValueError("a statement needs at least one part")


def emit_agency_statement(msg: AgencyStatement, *, schema_dir: str | Path | None = None) -> bytes:
    """0303 beteiligung.stellungnahme: one structured part per legal domain, schema-validated."""
    root = b.message_root("0303", msg.envelope)
    b.bezug(root, X("bezug"), msg.case)
    b.sub(b.sub(root, X("referenzAufforderung")), X("referenzAuftrag"), str(msg.request_id))
    statement = b.sub(root, X("stellungnahme"))
    for part in msg.parts:
        el = b.sub(statement, X("stellungnahmeStrukturiert"))
        b.sub(b.sub(el, X("tenor")), X("istZustimmung"), "true" if part.consent else "false")
        b.code(el, X("rechtsbereich"), part.legal_domain)
        for p in part.provisions:
            provision(el, p)
        if part.reasons:
            b.formatted(el, X("begruendung"), part.reasons)
        if part.attachments:
            b.attachments(el, X("anlagen"), part.attachments)
    if msg.notes:
        b.formatted(statement, X("hinweise"), msg.notes)
    return b.finish(root, schema_dir)


@dataclass(frozen=True)
class AgencyInterimMessage:
    """0305 beteiligung.zwischennachricht."""

    envelope: Envelope
    case: CaseReference
    request_id: UUID  # referenzAufforderung
    concern: str  # anliegenZwischennachricht


def emit_agency_interim_message(msg: AgencyInterimMessage, *, schema_dir: str | Path | None = None) -> bytes:
    root = b.message_root("0305", msg.envelope)
    b.bezug(root, X("bezug"), msg.case)
    b.sub(b.sub(root, X("referenzAufforderung")), X("referenzAuftrag"), str(msg.request_id))
    b.text(root, X("anliegenZwischennachricht"), msg.concern)
    return b.finish(root, schema_dir)
