"""Namespaces, message codes, code-list URIs and the XBau code values we map to English enums."""

from __future__ import annotations

from permits.codelists import (
    KERN_MESSAGES_REF,
    LEGAL_AREAS_LIST,
    CodedEnum,
    DocumentType,
    MeasureType,
    ParticipationRole,
    PartyRole,
    PortalStatus,
    ProcedureType,
    ProvisionType,
    XbauMessageType,
)

XBAU_NS = "http://www.xleitstelle.de/xbau/2/6"
KERN_NS = "http://www.xleitstelle.de/xbau/kernmodul/1/3/0"
GML_NS = "http://www.opengis.net/gml/3.2"

XBAU_STANDARD = ("XBau-Hochbau", "2.6")
KERN_STANDARD = ("XBau-Kernmodul", "1.3.0")


def _list_of(enum: type[CodedEnum]) -> tuple[str, str]:
    ref = enum.code_list()
    assert ref is not None, enum
    return ref.uri, ref.version


# Code lists with a central XRepository entry (listURI, listVersionID) as shipped with XBau 2.6.
MESSAGES_LIST = _list_of(XbauMessageType)
KERN_MESSAGES_LIST = (KERN_MESSAGES_REF.uri, KERN_MESSAGES_REF.version)
DIRECTORY_SERVICE_VERSION = "2"  # verzeichnisdienst "DVDV", as in the reference sample
ATTACHMENTS_LIST = _list_of(DocumentType)
MIME_TYPES_LIST = ("urn:xoev-de:xbau:codeliste:xbau-mimetypes", "1.0")
PORTAL_STATUS_LIST = _list_of(PortalStatus)
PROVISION_TYPES_LIST = _list_of(ProvisionType)
PARTICIPATION_ROLES_LIST = _list_of(ParticipationRole)
FINDING_TYPES_LIST = ("urn:xoev-de:xbau:codeliste:formellebefundeart", "2.0")
DEVIATION_TYPES_LIST = ("urn:xoev-de:xbau:codeliste:abweichungart", "2.1")
MEASURE_TYPES_LIST = _list_of(MeasureType)
BUILDING_CLASSES_LIST = ("urn:xoev-de:xbau:codeliste:gebaeudeklasse", "3.0")
LAND_LIST = ("urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:bundesland", "2010-04-01")
PARTY_ROLES_LIST = _list_of(PartyRole)
DISCIPLINES_LIST = ("urn:xoev-de:xbau:codeliste:beteiligterfachrichtung", "3.0")
MONUMENT_KINDS_LIST = ("urn:xoev-de:xbau:codeliste:artdesbaudenkmals", "2.0")
STRUCTURAL_PROOFS_LIST = ("urn:xoev-de:xbau:codeliste:bautechnischernachweisart", "3.0")

# Type-3 codes (no central list): XBau wants each operator to bind its own list, so we publish ours.
PROCEDURE_TYPES_LIST = _list_of(ProcedureType)
LEGAL_DOMAINS_LIST = (LEGAL_AREAS_LIST.uri, LEGAL_AREAS_LIST.version)

# Message type codes -> root element local names (namespace by the first digit: 11xx = Kernmodul).
ROOT_ELEMENTS = {
    "0200": "baugenehmigung.antrag.0200",
    "0201": "baugenehmigung.formellePruefung.0201",
    "0205": "baugenehmigung.bescheid.0205",
    "0300": "beteiligung.aufforderung.0300",
    "0303": "beteiligung.stellungnahme.0303",
    "0305": "beteiligung.zwischennachricht.0305",
    "0306": "beteiligung.reaktionZwischennachricht.0306",
    "1120": "prozessnachrichten.eingangsbestaetigung.1120",
    "1121": "prozessnachrichten.aktenzeichen.1121",
    "1160": "prozessnachrichten.gebuehrenbescheid.1160",
    "1170": "prozessnachrichten.statusFuerAntragsportal.1170",
}

PRODUCT = "permits"
MANUFACTURER = "permits (Open-Source-Projekt, EUPL-1.2)"


# verfahrensart is a type-3 code, so different portals send different spellings. We match the code
# value case-insensitively regardless of listURI; our own list (PROCEDURE_TYPES_LIST) uses "63"/"64".
# Anything unknown maps to None and the raw code stays on the import for the case officer.
PROCEDURE_CODES: dict[str, ProcedureType] = {
    "63": ProcedureType.SIMPLIFIED,
    "vereinfacht": ProcedureType.SIMPLIFIED,
    "vereinfachtes verfahren": ProcedureType.SIMPLIFIED,
    "vereinfachtes baugenehmigungsverfahren": ProcedureType.SIMPLIFIED,
    "simplified": ProcedureType.SIMPLIFIED,
    "64": ProcedureType.FULL,
    "regulaer": ProcedureType.FULL,
    "regulär": ProcedureType.FULL,
    "umfassend": ProcedureType.FULL,
    "baugenehmigungsverfahren": ProcedureType.FULL,
    "full": ProcedureType.FULL,
}


def procedure_from_code(code: str | None) -> ProcedureType | None:
    if not code:
        return None
    key = " ".join(code.replace("_", " ").replace("-", " ").split()).lower()
    return PROCEDURE_CODES.get(key)
