"""Plain frozen dataclasses shared by import and export: addresses, parties, parcels, attachments.

English names (see the glossary); the XBau element each field maps to is in the trailing comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from permits.codelists import ProvisionType
from permits.xbau.codes import LEGAL_DOMAINS_LIST

DVDV_ID = re.compile(r"^[a-z]{3}:\d+$")  # Schematron sch-xbau-001/002
# xs:ID = NCName: XTA transports attachments by this id, so it must start with a letter or "_".
XML_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


def is_xml_id(value: str) -> bool:
    return bool(XML_ID.match(value))


def document_id_for(document_uuid: UUID) -> str:
    """A `dokumentid` that is a valid xs:ID: UUIDs may start with a digit, so prefix them."""
    return f"_doc-{document_uuid}"


@dataclass(frozen=True)
class DvdvAddress:
    id: str  # kennung, e.g. "bab:05112000"
    name: str  # name

    def __post_init__(self) -> None:
        if not DVDV_ID.match(self.id):
            raise ValueError(f"DVDV address must look like 'bab:05112000', got {self.id!r}")


@dataclass(frozen=True)
class Envelope:
    """nachrichtenkopf.g2g of an outgoing message."""

    author: DvdvAddress  # autor
    reader: DvdvAddress  # leser
    message_id: UUID = field(default_factory=uuid4)  # identifikation.nachricht/nachrichtenUUID
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))  # erstellungszeitpunkt
    test: bool = False  # root attribute test="true" for test traffic

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise ValueError("created_at must be timezone-aware")


@dataclass(frozen=True)
class CaseReference:
    case_id: UUID  # bezug/referenz: the referenzAntragsservice of the application
    file_reference: str | None = None  # bezug/vorgang: our Aktenzeichen


@dataclass(frozen=True)
class CodeValue:
    code: str
    list_uri: str | None = None  # listURI
    list_version: str | None = None  # listVersionID


def legal_domain(label: str) -> CodeValue:
    """A rechtsbereich in our own type-3 list, whose codes are the German labels ("Brandschutz")."""
    return CodeValue(label, *LEGAL_DOMAINS_LIST)


@dataclass(frozen=True)
class Address:
    street: str | None = None  # strasse
    house_number: str | None = None  # hausnummer
    postal_code: str | None = None  # postleitzahl
    city: str | None = None  # ort

    @property
    def street_line(self) -> str | None:
        line = " ".join(p for p in (self.street, self.house_number) if p)
        return line or None


@dataclass(frozen=True)
class Person:
    """natuerlichePerson."""

    family_name: str  # name/familienname/name
    given_name: str  # name/vorname/name
    address: Address = field(default_factory=Address)  # anschrift (mandatory in XBau)
    id: UUID = field(default_factory=uuid4)
    email: str | None = None  # kommunikation (read only)

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


@dataclass(frozen=True)
class Organisation:
    """organisation."""

    name: str  # name/name
    address: Address | None = None  # anschrift[0]
    id: UUID = field(default_factory=uuid4)
    email: str | None = None  # kommunikation (read only)
    representatives: tuple[str, ...] = ()  # vertreter: names of the people who act for it (read only)

    @property
    def display_name(self) -> str:
        return self.name


Party = Person | Organisation


@dataclass(frozen=True)
class Designer:
    """entwurfsverfasser: the person plus the authorisation data we use."""

    party: Party  # personendaten
    chamber_number: str | None = None  # berechtigung/mitgliedschaftInland/.../mitgliedsnummer
    profession: str | None = None  # berechtigung/berufsbezeichnung


@dataclass(frozen=True)
class Parcel:
    """flurstueck (Flurstückskennzeichen)."""

    land: str  # bundesland code, "03" = Niedersachsen
    parcel_numerator: str  # zaehler
    cadastral_district_number: str | None = None  # gemarkung/nummer
    cadastral_district_name: str | None = None  # gemarkung/bezeichnung (choice with the number)
    cadastral_section: str | None = None  # flur
    parcel_denominator: str | None = None  # nenner

    def __post_init__(self) -> None:
        if not (self.cadastral_district_number or self.cadastral_district_name):
            raise ValueError("a parcel needs a Gemarkung number or name")

    @property
    def cadastral_district(self) -> str:
        return self.cadastral_district_number or self.cadastral_district_name or ""


@dataclass(frozen=True)
class DevelopmentPlan:
    """bebauungsplan: XBau carries either the number or the title (a choice), never both."""

    number: str | None = None  # nummerBebauungsplan
    title: str | None = None  # bezeichnungBebauungsplan

    def __post_init__(self) -> None:
        if not (self.number or self.title):
            raise ValueError("a development plan needs a number or a title")


@dataclass(frozen=True)
class Attachment:
    """anlage: metadata only; the file itself travels alongside the message."""

    title: str  # bezeichnung
    attachment_type: str  # anlageart (anlagen code list, e.g. "5013" decision)
    mime_type: str  # mimeType
    dated: date  # datum
    document_id: str | None = None  # anhang/dokumentid (xs:ID when we send it)
    file_name: str | None = None  # anhang/dateiname
    url: str | None = None  # verlinkung/uriVerlinkung (instead of an anhang)
    version: int = 1  # versionsnummer
    deferred: bool = False  # wirdNachgereicht: announced now, the file follows later (read only)


@dataclass(frozen=True)
class AncillaryProvision:
    """nebenbestimmung of a decision or a statement."""

    type: ProvisionType  # art
    legal_domain: CodeValue  # rechtsbereich
    text: str  # nebenbestimmung (TextFormatiert) as plain text
    html: str | None = None  # the HTML actually sent/received; emitted instead of `text` when given
