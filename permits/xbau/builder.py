"""lxml helpers to build XBau messages element by element.

Why lxml and not xmlschema.encode: it compiles in milliseconds instead of seconds, and qualification is
explicit here — `X("tag")` is an XBau-Hochbau (qualified) element, a plain "tag" is an unqualified child
of a Kernmodul/XÖV type (trap 1). Every message is validated against the XSD before it leaves `finish`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import TypeAlias

from lxml import etree

from permits.xbau.codes import (
    ATTACHMENTS_LIST,
    DIRECTORY_SERVICE_VERSION,
    GML_NS,
    KERN_MESSAGES_LIST,
    KERN_NS,
    KERN_STANDARD,
    MANUFACTURER,
    MESSAGES_LIST,
    MIME_TYPES_LIST,
    PRODUCT,
    ROOT_ELEMENTS,
    XBAU_NS,
    XBAU_STANDARD,
)
from permits.xbau.errors import OutgoingMessageInvalid, SchemaError
from permits.xbau.model import (
    Address,
    Attachment,
    CaseReference,
    CodeValue,
    Envelope,
    Party,
    Person,
    is_xml_id,
)
from permits.xbau.parsing import parse_xml
from permits.xbau.schemas import validation_errors
from permits.xbau.text import encode_formatted_text, paragraphs, plain_to_html

log = logging.getLogger(__name__)
Element: TypeAlias = etree._Element


def X(tag: str) -> str:
    """Qualified name of an XBau-Hochbau element."""
    return f"{{{XBAU_NS}}}{tag}"


def _product_version() -> str:
    try:
        return metadata.version("permits")
    except metadata.PackageNotFoundError:
        return "0"


# DIN 91379 (the XÖV string types) excludes common typographic characters that German texts and our
# own config contain ("Landeshauptstadt Hannover – Bauordnung"): map them to their plain equivalents.
_DIN_91379 = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u201e": '"',
        "\u201c": '"',
        "\u201d": '"',
        "\u201a": "'",
        "\u2018": "'",
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2026": "...",
        "\u2022": "-",
        "\u202f": " ",
        "\u2009": " ",
        "\u200b": "",
        "\u2030": "Promille",
        "\u20ac": "EUR",
    }
)


def din_91379(value: str) -> str:
    return value.translate(_DIN_91379)


def sub(
    parent: Element, tag: str, text: str | int | None = None, *, din: bool = True, **attrib: str | None
) -> Element:
    """Append a child; text goes through the DIN 91379 mapping unless the type is a plain xs:string."""
    child = etree.SubElement(parent, tag, {k: v for k, v in attrib.items() if v is not None})
    if text is not None:
        child.text = din_91379(str(text)) if din else str(text)
    return child


def opt(parent: Element, tag: str, text: str | int | None) -> Element | None:
    """Add a child only when there is a value (empty strings count as none: XBau forbids empty elements)."""
    if text is None or text == "":
        return None
    return sub(parent, tag, text)


def code(parent: Element, tag: str, value: CodeValue | str, list_: tuple[str, str] | None = None) -> Element:
    """A code element with <code> child (unqualified) and, where known, listURI + listVersionID."""
    cv = value if isinstance(value, CodeValue) else CodeValue(value, *(list_ or (None, None)))
    el = sub(parent, tag, listURI=cv.list_uri, listVersionID=cv.list_version)
    sub(el, "code", cv.code)
    return el


def iso_date(value: date) -> str:
    return value.isoformat()


def message_root(message_code: str, envelope: Envelope) -> Element:
    """Root element with the standard attributes and nachrichtenkopf.g2g."""
    kern = message_code.startswith("11")
    ns, prefix = (KERN_NS, "xbauk") if kern else (XBAU_NS, "xbau")
    standard, version = KERN_STANDARD if kern else XBAU_STANDARD
    nsmap = {prefix: ns} if kern else {prefix: ns, "gml": GML_NS}
    attrib = {
        "produkt": PRODUCT,
        "produkthersteller": MANUFACTURER,
        "produktversion": _product_version(),
        "standard": standard,
        "version": version,
    }
    if envelope.test:
        attrib["test"] = "true"
    root = etree.Element(f"{{{ns}}}{ROOT_ELEMENTS[message_code]}", attrib, nsmap=nsmap)
    head = sub(root, "nachrichtenkopf.g2g")
    ident = sub(head, "identifikation.nachricht")
    sub(ident, "nachrichtenUUID", str(envelope.message_id))
    code(ident, "nachrichtentyp", message_code, KERN_MESSAGES_LIST if kern else MESSAGES_LIST)
    sub(ident, "erstellungszeitpunkt", envelope.created_at.isoformat(timespec="seconds"))
    for role, address in (("leser", envelope.reader), ("autor", envelope.author)):
        party = sub(head, role)
        code(party, "verzeichnisdienst", CodeValue("DVDV", None, DIRECTORY_SERVICE_VERSION))
        sub(party, "kennung", address.id)
        sub(party, "name", address.name)
    return root


def bezug(parent: Element, tag: str, case: CaseReference) -> Element:
    el = sub(parent, tag)
    sub(el, "referenz", str(case.case_id))
    opt(el, "vorgang", case.file_reference)
    return el


def text(parent: Element, tag: str, value: str) -> Element:
    """XBau `Text`: one textabsatz per paragraph."""
    el = sub(parent, tag)
    for paragraph in paragraphs(value) or [value.strip()]:
        sub(el, "textabsatz", paragraph, din=False)  # xs:string: any character
    return el


def formatted(parent: Element, tag: str, plain: str, html: str | None = None) -> Element:
    """XBau `TextFormatiert`: base64 of HTML5 (trap 3); plain text is escaped and wrapped in <p>."""
    el = sub(parent, tag)
    sub(el, "text", encode_formatted_text(html if html is not None else plain_to_html(plain)))
    return el


def address(parent: Element, tag: str, value: Address) -> Element:
    el = sub(parent, tag)
    opt(el, "strasse", value.street)
    opt(el, "hausnummer", value.house_number)
    opt(el, "postleitzahl", value.postal_code)
    opt(el, "ort", value.city)
    return el


def party(parent: Element, tag: str, value: Party) -> Element:
    """An Akteur: natuerlichePerson or organisation (both with unqualified children)."""
    el = sub(parent, tag)
    if isinstance(value, Person):
        person = sub(el, "natuerlichePerson")
        sub(person, "id", str(value.id))
        name = sub(person, "name")
        sub(sub(name, "familienname"), "name", value.family_name)
        sub(sub(name, "vorname"), "name", value.given_name)
        address(person, "anschrift", value.address)
    else:
        org = sub(el, "organisation")
        sub(org, "id", str(value.id))
        sub(sub(org, "name"), "name", value.name)
        if value.address is not None:
            address(org, "anschrift", value.address)
    return el


def attachments(parent: Element, tag: str, items: Iterable[Attachment], kernmodul: bool = False) -> Element:
    """xbau:Anlagen / xbauk:Anlagen; in the Kernmodul type anlageart needs an explicit listURI."""
    el = sub(parent, tag)
    for item in items:
        if item.url is None and not (item.document_id and is_xml_id(item.document_id)):
            raise ValueError(f"dokumentid must be an xs:ID such as '_doc-<uuid>', got {item.document_id!r}")
        anlage = sub(el, "anlage")
        sub(anlage, "bezeichnung", item.title)
        sub(anlage, "versionsnummer", item.version)
        sub(anlage, "datum", iso_date(item.dated))
        if kernmodul:
            code(anlage, "anlageart", item.attachment_type, ATTACHMENTS_LIST)
        else:
            code(anlage, "anlageart", CodeValue(item.attachment_type, None, ATTACHMENTS_LIST[1]))
        code(anlage, "mimeType", item.mime_type, MIME_TYPES_LIST)
        where = sub(anlage, "anhangOderVerlinkung")
        if item.url is not None:
            link = sub(where, "verlinkung")
            sub(link, "uriVerlinkung", item.url)
            opt(link, "dateiname", item.file_name)
        else:
            attached = sub(where, "anhang")
            sub(attached, "dokumentid", item.document_id)
            sub(attached, "dateiname", item.file_name or item.document_id)
    return el


class InvalidOutgoingXml(OutgoingMessageInvalid):
    """What `finish` built is not schema-valid; `xml` keeps the bytes so the message log can show them."""

    def __init__(self, message: str, schema_errors: list[SchemaError], xml: bytes) -> None:
        super().__init__(message, schema_errors[:5])  # the problem body names the first few
        self.schema_errors = schema_errors
        self.xml = xml


def finish(root: Element, schema_dir: str | Path | None = None) -> bytes:
    """Serialise as UTF-8 and validate exactly those bytes; invalid output is never returned."""
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    errors = validation_errors(parse_xml(data), schema_dir)
    if errors:
        local = etree.QName(root).localname
        log.error("emitted %s is schema-invalid: %s", local, "; ".join(map(str, errors[:5])))
        raise InvalidOutgoingXml(
            f"Die Nachricht „{local}“ kann nicht erzeugt werden, weil die Angaben nicht dem "
            "XBau-2.6-Schema entsprechen: " + "; ".join(str(e) for e in errors[:5]),
            errors,
            data,
        )
    return data
