"""Helpers to read validated XBau trees: header, parties, addresses, codes, texts, attachments.

Paths use the prefix `x:` for XBau-Hochbau (qualified) elements and no prefix for unqualified children
of Kernmodul/XÖV types, mirroring how the schema qualifies them (trap 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TypeAlias
from uuid import UUID

from lxml import etree

from permits.codelists import ProvisionType
from permits.xbau.codes import GML_NS, KERN_NS, XBAU_NS
from permits.xbau.errors import XmlRefused
from permits.xbau.model import (
    DVDV_ID,
    Address,
    AncillaryProvision,
    Attachment,
    CodeValue,
    DvdvAddress,
    Organisation,
    Party,
    Person,
)
from permits.xbau.text import decode_formatted_text, html_to_plain

NS = {"x": XBAU_NS, "k": KERN_NS, "gml": GML_NS}
Element: TypeAlias = etree._Element


def find(el: Element | None, path: str) -> Element | None:
    return None if el is None else el.find(path, NS)


def findall(el: Element | None, path: str) -> list[Element]:
    return [] if el is None else el.findall(path, NS)


def txt(el: Element | None, path: str | None = None) -> str | None:
    node = el if path is None else find(el, path)
    if node is None or node.text is None:
        return None
    value = " ".join(node.text.split())
    return value or None


def flag(el: Element | None, path: str) -> bool | None:
    value = txt(el, path)
    return None if value is None else value in ("true", "1")


def number(el: Element | None, path: str) -> float | None:
    value = txt(el, path)
    return None if value is None else float(Decimal(value))


def integer(el: Element | None, path: str) -> int | None:
    value = txt(el, path)
    return None if value is None else int(value)


def day(el: Element | None, path: str) -> date | None:
    value = txt(el, path)
    return None if value is None else date.fromisoformat(value[:10])  # xs:date may carry a zone


def uuid(el: Element | None, path: str) -> UUID | None:
    value = txt(el, path)
    if value is None:
        return None
    try:
        return UUID(value)
    except ValueError:
        raise XmlRefused(f"„{value}“ ist keine gültige UUID ({path}).") from None


def required_uuid(el: Element | None, path: str) -> UUID:
    """A UUID the schema makes mandatory (so validation has already guaranteed it is there)."""
    value = uuid(el, path)
    if value is None:
        raise XmlRefused(f"Pflichtangabe fehlt: {path}.")
    return value


def code(el: Element | None, path: str) -> CodeValue | None:
    node = find(el, path)
    value = txt(node, "code")
    if node is None or value is None:
        return None
    return CodeValue(value, node.get("listURI"), node.get("listVersionID"))


def plain_text(el: Element | None, path: str) -> str | None:
    """XBau `Text`: paragraphs joined by blank lines."""
    paragraphs = [p.text.strip() for p in findall(find(el, path), "textabsatz") if p.text and p.text.strip()]
    return "\n\n".join(paragraphs) or None


def formatted_text(el: Element | None, path: str) -> tuple[str | None, str | None]:
    """XBau `TextFormatiert` -> (plain text, HTML as sent)."""
    encoded = txt(find(el, path), "text")
    if encoded is None:
        return None, None
    markup = decode_formatted_text(encoded)
    return html_to_plain(markup) or None, markup


@dataclass(frozen=True)
class Header:
    message_id: UUID
    message_type: str
    created_at: datetime
    author: DvdvAddress
    reader: DvdvAddress
    test: bool


def _dvdv(head: Element | None, role: str) -> DvdvAddress:
    kennung = txt(head, f"{role}/kennung") or ""
    if not DVDV_ID.match(kennung):  # Schematron sch-xbau-001/002, which lxml cannot run for us
        raise XmlRefused(
            f"Die DVDV-Kennung „{kennung}“ ({role}) hat nicht die Form „bab:05112000“.",
            field_errors={f"nachrichtenkopf.g2g/{role}/kennung": ["Format präfix:ziffern erwartet"]},
        )
    return DvdvAddress(kennung, txt(head, f"{role}/name") or "")


def header(root: Element) -> Header:
    head = find(root, "nachrichtenkopf.g2g")
    ident = find(head, "identifikation.nachricht")
    created = txt(ident, "erstellungszeitpunkt")
    return Header(
        message_id=required_uuid(ident, "nachrichtenUUID"),
        message_type=txt(ident, "nachrichtentyp/code") or "",
        created_at=datetime.fromisoformat(created or ""),
        author=_dvdv(head, "autor"),
        reader=_dvdv(head, "leser"),
        test=root.get("test") in ("true", "1"),
    )


def address(el: Element | None) -> Address | None:
    if el is None:
        return None
    street = txt(el, "strasse") or txt(el, "strasseHausnummer")
    result = Address(street, txt(el, "hausnummer"), txt(el, "postleitzahl"), txt(el, "ort"))
    return result if any((result.street, result.postal_code, result.city)) else None


def _email(el: Element) -> str | None:
    # Code list "erreichbarkeit": 01 = E-Mail; some senders omit the channel, so also accept "@".
    for channel in findall(el, "kommunikation"):
        kennung = txt(channel, "kennung")
        if kennung and (txt(channel, "kanal/code") == "01" or "@" in kennung):
            return kennung
    return None


def party(el: Element | None) -> Party | None:
    """An Akteur element: natuerlichePerson or organisation."""
    person = find(el, "natuerlichePerson")
    if person is not None:
        return Person(
            family_name=txt(person, "name/familienname/name") or "",
            given_name=txt(person, "name/vorname/name") or "",
            address=address(find(person, "anschrift")) or Address(),
            id=uuid(person, "id") or UUID(int=0),
            email=_email(person),
        )
    org = find(el, "organisation")
    if org is not None:
        return Organisation(
            name=txt(org, "name/name") or "",
            address=address(find(org, "anschrift")),
            id=uuid(org, "id") or UUID(int=0),
            email=_email(org),
            representatives=tuple(n for v in findall(org, "vertreter") if (n := person_name(v))),
        )
    return None


def person_name(el: Element | None) -> str | None:
    """A NameNatuerlichePerson as "Titel Vorname Familienname"."""
    parts = (txt(el, "titel"), txt(el, "vorname/name"), txt(el, "familienname/name"))
    return " ".join(p for p in parts if p) or None


def attachments(container: Element | None) -> tuple[Attachment, ...]:
    result = []
    for item in findall(container, "anlage"):
        where = find(item, "anhangOderVerlinkung")
        link = find(where, "verlinkung")
        result.append(
            Attachment(
                title=txt(item, "bezeichnung") or "",
                attachment_type=txt(item, "anlageart/code") or "",
                mime_type=txt(item, "mimeType/code") or "",
                dated=day(item, "datum") or date.min,
                document_id=txt(where, "anhang/dokumentid"),
                file_name=txt(where, "anhang/dateiname") or txt(link, "dateiname"),
                url=txt(link, "uriVerlinkung"),
                version=integer(item, "versionsnummer") or 1,
                deferred=bool(flag(item, "x:wirdNachgereicht")),
            )
        )
    return tuple(result)


def provisions(el: Element | None) -> tuple[AncillaryProvision, ...]:
    result = []
    for item in findall(el, "x:nebenbestimmung"):
        plain, markup = formatted_text(item, "x:nebenbestimmung")
        result.append(
            AncillaryProvision(
                type=ProvisionType(txt(item, "x:art/code") or ""),  # enum 1-6 in the XSD
                legal_domain=code(item, "x:rechtsbereich") or CodeValue(""),
                text=plain or "",
                html=markup,
            )
        )
    return tuple(result)
