"""Interim messages during participation: 0305 beteiligung.zwischennachricht from an agency (e.g. a request
for more time) and our answer 0306 beteiligung.reaktionZwischennachricht (e.g. the new deadline).

The 0305 carries its concern only as free text (`anliegenZwischennachricht`); XBau has no structured
"extension requested" flag, so `asks_for_extension` recognises the usual German wording. Anything else is
an interim note for the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from uuid import UUID

from lxml import etree

from permits.xbau import builder as b
from permits.xbau import reading as r
from permits.xbau.builder import X
from permits.xbau.codes import MESSAGES_LIST, ROOT_ELEMENTS
from permits.xbau.model import Attachment, CaseReference, DvdvAddress, Envelope
from permits.xbau.parsing import MAX_MESSAGE_BYTES, parse_message

BN_G2G_NS = "http://xoev.de/schemata/basisnachricht/g2g/1_1"  # bezugNachricht's children live here

# "Fristverlängerung", "Verlängerung der Frist", "Frist … verlängern", "mehr Zeit", with or without umlauts.
_EXTENSION = re.compile(
    r"frist\w*verl(ä|ae)ngerung|verl(ä|ae)ngerung\s+der\s+(\w+\s+)?frist|frist\b.{0,80}\bverl(ä|ae)nger"
    r"|mehr\s+zeit",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class ImportedInterimMessage:
    """0305 from an agency."""

    message_id: UUID
    message_type: str
    created_at: datetime
    author: DvdvAddress
    reader: DvdvAddress
    test: bool
    request_id: UUID  # referenzAufforderung: matches our review request
    case_id: UUID | None  # bezug/referenz
    file_reference: str | None  # bezug/vorgang
    concern: str  # anliegenZwischennachricht (plain text, paragraphs joined by blank lines)
    attachments: tuple[Attachment, ...]

    @property
    def asks_for_extension(self) -> bool:
        return bool(_EXTENSION.search(self.concern))


def read_interim_message(root: r.Element) -> ImportedInterimMessage:
    head = r.header(root)
    return ImportedInterimMessage(
        message_id=head.message_id,
        message_type=head.message_type,
        created_at=head.created_at,
        author=head.author,
        reader=head.reader,
        test=head.test,
        request_id=r.required_uuid(root, "x:referenzAufforderung/x:referenzAuftrag"),
        case_id=r.uuid(root, "x:bezug/referenz"),
        file_reference=r.txt(root, "x:bezug/vorgang"),
        concern=r.plain_text(root, "x:anliegenZwischennachricht") or "",
        attachments=r.attachments(r.find(root, "x:anlagen")),
    )


def parse_interim_message(
    xml_bytes: bytes, *, schema_dir: str | Path | None = None, max_bytes: int = MAX_MESSAGE_BYTES
) -> ImportedInterimMessage:
    """Safely parse, schema-validate and map a 0305 message (raises XmlRefused subclasses)."""
    root = parse_message(xml_bytes, ROOT_ELEMENTS["0305"], schema_dir, max_bytes)
    return read_interim_message(root)


@dataclass(frozen=True)
class AnsweredMessage:
    """bezug/bezugNachricht: the 0305 a 0306 answers."""

    message_id: UUID
    message_type: str
    created_at: datetime


@dataclass(frozen=True)
class InterimReply:
    """0306 to an agency: our answer to its 0305, with the (new) deadline when there is one."""

    envelope: Envelope
    case: CaseReference
    request_id: UUID  # referenzAufforderung
    answers: AnsweredMessage | None  # bezug/bezugNachricht
    reply: str  # reaktionZwischennachricht
    due_on: date | None = None  # frist
    consequence_of_default: str | None = None  # rechtsfolgeFristversaeumnis


def _answered(parent: b.Element, answered: AnsweredMessage) -> None:
    # bezugNachricht is unqualified (Kernmodul); its children are qualified in the XÖV g2g namespace.
    el = etree.SubElement(parent, "bezugNachricht", nsmap={"bn-g2g": BN_G2G_NS})
    b.sub(el, f"{{{BN_G2G_NS}}}nachrichtenUUID", str(answered.message_id))
    b.code(el, f"{{{BN_G2G_NS}}}nachrichtentyp", answered.message_type, MESSAGES_LIST)
    b.sub(el, f"{{{BN_G2G_NS}}}erstellungszeitpunkt", answered.created_at.isoformat(timespec="seconds"))


def emit_interim_reply(msg: InterimReply, *, schema_dir: str | Path | None = None) -> bytes:
    """0306 beteiligung.reaktionZwischennachricht, schema-validated."""
    root = b.message_root("0306", msg.envelope)
    reference = b.bezug(root, X("bezug"), msg.case)
    if msg.answers is not None:
        _answered(reference, msg.answers)
    b.sub(b.sub(root, X("referenzAufforderung")), X("referenzAuftrag"), str(msg.request_id))
    b.text(root, X("reaktionZwischennachricht"), msg.reply)
    if msg.due_on is not None:
        b.sub(root, X("frist"), b.iso_date(msg.due_on))
    if msg.consequence_of_default:
        b.text(root, X("rechtsfolgeFristversaeumnis"), msg.consequence_of_default)
    return b.finish(root, schema_dir)
