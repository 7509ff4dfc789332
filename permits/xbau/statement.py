"""Accept an agency statement: 0303 beteiligung.stellungnahme -> ImportedStatement with our verdict.

Each `stellungnahmeStrukturiert` is one legal area (rechtsbereich) with its own tenor, provisions, reasons
and attachments (the statement PDF travels as an `anlage` of its part); `hinweise` belong to the whole
statement.

Verdict mapping (per structured part, then for the whole statement):
  * objection                - istZustimmung is false (in any part)
  * consent_with_conditions  - consent, with at least one binding nebenbestimmung (art 1, 2, 3, 5, 6)
  * consent                  - consent without provisions, or with advisory notes (art 4 Hinweise) only
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from uuid import UUID

from permits.codelists import ProvisionType, Verdict
from permits.xbau import reading as r
from permits.xbau.codes import ROOT_ELEMENTS
from permits.xbau.messages import DeviationDecision
from permits.xbau.model import AncillaryProvision, Attachment, CodeValue, DvdvAddress
from permits.xbau.parsing import MAX_MESSAGE_BYTES, parse_message


def verdict_for(consent: bool, provisions: tuple[AncillaryProvision, ...]) -> Verdict:
    if not consent:
        return Verdict.OBJECTION
    if any(p.type != ProvisionType.ADVISORY_NOTE for p in provisions):
        return Verdict.CONSENT_WITH_CONDITIONS
    return Verdict.CONSENT


@dataclass(frozen=True)
class ImportedStatementPart:
    """stellungnahmeStrukturiert."""

    consent: bool  # tenor/istZustimmung
    legal_domain: CodeValue  # rechtsbereich
    provisions: tuple[AncillaryProvision, ...]  # nebenbestimmung[]
    deviations: tuple[DeviationDecision, ...]  # abweichung[]
    reasons: str | None  # begruendung as plain text
    reasons_html: str | None  # begruendung as sent (HTML5; sanitise before rendering)
    attachments: tuple[Attachment, ...] = ()  # anlagen/anlage[]

    @property
    def verdict(self) -> Verdict:
        return verdict_for(self.consent, self.provisions)


@dataclass(frozen=True)
class ImportedStatement:
    message_id: UUID
    created_at: datetime
    author: DvdvAddress  # the agency (prefix bet/gba/...)
    reader: DvdvAddress
    test: bool
    request_id: UUID  # referenzAufforderung: matches our review request
    case_id: UUID | None  # bezug/referenz
    file_reference: str | None  # bezug/vorgang
    parts: tuple[ImportedStatementPart, ...]
    notes: str | None  # hinweise (plain)
    notes_html: str | None

    @property
    def verdict(self) -> Verdict:
        verdicts = {p.verdict for p in self.parts}
        for strongest in (Verdict.OBJECTION, Verdict.CONSENT_WITH_CONDITIONS):
            if strongest in verdicts:
                return strongest
        return Verdict.CONSENT

    @property
    def provisions(self) -> tuple[AncillaryProvision, ...]:
        return tuple(p for part in self.parts for p in part.provisions)

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        return tuple(a for part in self.parts for a in part.attachments)


def _deviation(el: r.Element) -> DeviationDecision:
    rule, _ = r.formatted_text(el, "x:vorschrift")
    reasons, _ = r.formatted_text(el, "x:begruendung")
    return DeviationDecision(
        deviation_id=r.uuid(el, "x:id") or UUID(int=0),
        granted=bool(r.flag(el, "x:istZugelassen")),
        deviation_type=r.code(el, "x:art") or CodeValue(""),
        rule=rule or "",
        reasons=reasons,
    )


def _part(el: r.Element) -> ImportedStatementPart:
    reasons, reasons_html = r.formatted_text(el, "x:begruendung")
    return ImportedStatementPart(
        consent=bool(r.flag(el, "x:tenor/x:istZustimmung")),
        legal_domain=r.code(el, "x:rechtsbereich") or CodeValue(""),
        provisions=r.provisions(el),
        deviations=tuple(_deviation(d) for d in r.findall(el, "x:abweichung")),
        reasons=reasons,
        reasons_html=reasons_html,
        attachments=r.attachments(r.find(el, "x:anlagen")),
    )


def read_statement(root: r.Element) -> ImportedStatement:
    head = r.header(root)
    statement = r.find(root, "x:stellungnahme")
    notes, notes_html = r.formatted_text(statement, "x:hinweise")
    return ImportedStatement(
        message_id=head.message_id,
        created_at=head.created_at,
        author=head.author,
        reader=head.reader,
        test=head.test,
        request_id=r.required_uuid(root, "x:referenzAufforderung/x:referenzAuftrag"),
        case_id=r.uuid(root, "x:bezug/referenz"),
        file_reference=r.txt(root, "x:bezug/vorgang"),
        parts=tuple(_part(el) for el in r.findall(statement, "x:stellungnahmeStrukturiert")),
        notes=notes,
        notes_html=notes_html,
    )


def parse_statement(
    xml_bytes: bytes, *, schema_dir: str | Path | None = None, max_bytes: int = MAX_MESSAGE_BYTES
) -> ImportedStatement:
    """Safely parse, schema-validate and map a 0303 message (raises XmlRefused subclasses)."""
    root = parse_message(xml_bytes, ROOT_ELEMENTS["0303"], schema_dir, max_bytes)
    return read_statement(root)
