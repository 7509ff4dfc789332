"""Who a reply goes to and what it quotes: the portal's reference and address from the application (0200).

A case opened from an imported 0200 answers the portal that sent it: every reply quotes the portal's
`referenzAntragsservice` in `bezug/referenz` and is addressed (`leser`) to the 0200's author, read from
the stored 0200 (`xbau_messages`) or, failing that, from what the import noted in `details.xbau`. A case
submitted over our own API has no portal: it quotes its own public id and goes to the configured portal
(`XBAU_PORTAL_DVDV`, `XBAU_PORTAL_NAME`). A test 0200 (`test="true"`) makes every reply a test message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from flask import current_app
from sqlalchemy import Select, select

from permits.errors import Conflict
from permits.extensions import db
from permits.models import Application, Authority, Case, MessageDirection, XbauMessage
from permits.xbau import reading
from permits.xbau.errors import XmlRefused
from permits.xbau.model import CaseReference, DvdvAddress, Envelope
from permits.xbau.parsing import parse_xml

log = logging.getLogger(__name__)

DEFAULT_AUTHORITY_DVDV = "bab:03241001"
DEFAULT_PORTAL_DVDV = "bap:03000000"
DEFAULT_PORTAL_NAME = "Antragsportal"


class NotAddressable(Conflict):
    """The recipient has no DVDV address, so no XBau message can be addressed to it."""

    code = "xbau_not_addressable"
    title = "Keine XBau-Adresse"


@dataclass(frozen=True)
class Correspondence:
    """What every message about one case shares: the reference it quotes and the portal it answers."""

    reference: UUID  # bezug/referenz: the portal's referenzAntragsservice, else the case's public id
    file_reference: str  # bezug/vorgang: our Aktenzeichen
    portal: DvdvAddress  # leser of replies to the applicant's side
    test: bool  # the application came as a test message: so does every reply
    application_message: XbauMessage | None  # the stored 0200, when the case came from a portal
    addressed_to: str | None = None  # the 0200's leser: one of our addresses, the autor of our replies

    @property
    def case_reference(self) -> CaseReference:
        return CaseReference(self.reference, self.file_reference)


def authority_address() -> DvdvAddress:
    """Our own DVDV address: the `autor` of everything we send."""
    config = current_app.config
    return DvdvAddress(config.get("AUTHORITY_DVDV") or DEFAULT_AUTHORITY_DVDV, config["AUTHORITY_NAME"])


def authority_addresses() -> set[str]:
    """The DVDV addresses an incoming message may name as its `leser` (`XBAU_AUTHORITY_ADDRESS`,
    comma-separated; our own `AUTHORITY_DVDV` when unset)."""
    config = current_app.config
    raw = config.get("XBAU_AUTHORITY_ADDRESS") or config.get("AUTHORITY_DVDV") or DEFAULT_AUTHORITY_DVDV
    return {part.strip() for part in str(raw).split(",") if part.strip()}


def fallback_portal() -> DvdvAddress:
    config = current_app.config
    return DvdvAddress(
        config.get("XBAU_PORTAL_DVDV") or DEFAULT_PORTAL_DVDV,
        config.get("XBAU_PORTAL_NAME") or DEFAULT_PORTAL_NAME,
    )


def application_message(case: Case) -> XbauMessage | None:
    """The 0200 that opened the case: linked to the case, or to its application by the portal reference."""
    inbound = select(XbauMessage).where(
        XbauMessage.direction == MessageDirection.INBOUND, XbauMessage.message_type == "0200"
    )
    found = _first(inbound.where(XbauMessage.case_id == case.id).order_by(XbauMessage.id.desc()))
    if found is not None:
        return found
    application = select(Application.public_id).where(Application.case_id == case.id).scalar_subquery()
    return _first(inbound.where(XbauMessage.portal_reference == application).order_by(XbauMessage.id.desc()))


def _first(query: Select[XbauMessage]) -> XbauMessage | None:
    return db.session.scalars(query).first()


def correspondence(case: Case) -> Correspondence:
    received = application_message(case)
    if received is None or not received.portal_reference:
        return _from_details(case)
    return Correspondence(
        reference=UUID(received.portal_reference),
        file_reference=case.file_reference,
        portal=_author_of(received),
        test=received.is_test,
        application_message=received,
        addressed_to=received.reader,
    )


def _from_details(case: Case) -> Correspondence:
    """No stored 0200: what the import noted on the case (`details.xbau`), else our own reference."""
    noted = (case.details or {}).get("xbau") or {}
    author = noted.get("author") or {}
    try:
        reference = UUID(str(noted["portal_reference"]))
        portal = DvdvAddress(str(author["id"]), str(author.get("name") or DEFAULT_PORTAL_NAME))
    except (KeyError, ValueError):
        return Correspondence(UUID(case.public_id), case.file_reference, fallback_portal(), False, None)
    test = bool((case.details or {}).get("test"))
    return Correspondence(reference, case.file_reference, portal, test, None)


def _author_of(received: XbauMessage) -> DvdvAddress:
    """The 0200's autor (DVDV id and name) as the message itself carries it."""
    try:
        return reading.header(parse_xml(received.xml)).author
    except (XmlRefused, ValueError):
        # Stored bytes were validated on arrival; if they cannot be read now, keep the stored address.
        log.warning("stored 0200 %s has no readable header; replying to %s", received.id, received.author)
        return DvdvAddress(received.author or fallback_portal().id, DEFAULT_PORTAL_NAME)


def envelope(correspondent: Correspondence, moment: datetime, reader: Authority | None = None) -> Envelope:
    """A new message's header: to the portal, or to `reader` (an agency) when given."""
    to = correspondent.portal
    if reader is not None:
        if not reader.dvdv_address:
            raise NotAddressable(f"Für {reader.name} ist keine DVDV-Adresse hinterlegt.")
        to = DvdvAddress(reader.dvdv_address, reader.name)
    ours = authority_address()
    if correspondent.addressed_to in authority_addresses():  # answer from the address the portal wrote to
        ours = DvdvAddress(str(correspondent.addressed_to), ours.name)
    return Envelope(author=ours, reader=to, created_at=moment, test=correspondent.test)
