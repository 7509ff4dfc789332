"""Namespaces, message codes, code-list URIs and the XBau code values we map to English enums."""

from __future__ import annotations

from enum import StrEnum

XBAU_NS = "http://www.xleitstelle.de/xbau/2/6"
KERN_NS = "http://www.xleitstelle.de/xbau/kernmodul/1/3/0"
GML_NS = "http://www.opengis.net/gml/3.2"

XBAU_STANDARD = ("XBau-Hochbau", "2.6")
KERN_STANDARD = ("XBau-Kernmodul", "1.3.0")

# Code lists with a central XRepository entry (listURI, listVersionID) as shipped with XBau 2.6.
MESSAGES_LIST = ("urn:xoev-de:xbau:codeliste:xbau-nachrichten", "4.0")
KERN_MESSAGES_LIST = ("urn:xoev-de:xbau-kernmodul:codeliste:xbau-kernmodul-nachrichten", "3.0")
DIRECTORY_SERVICE_VERSION = "2"  # verzeichnisdienst "DVDV", as in the reference sample
ATTACHMENTS_LIST = ("urn:xoev-de:xbau:codeliste:anlagen", "3.0")
MIME_TYPES_LIST = ("urn:xoev-de:xbau:codeliste:xbau-mimetypes", "1.0")
PORTAL_STATUS_LIST = ("urn:xoev-de:xbau:codeliste:statusbauportal", "3.0")
PROVISION_TYPES_LIST = ("urn:xoev-de:xbau:codeliste:nebenbestimmungart", "3.0")
PARTICIPATION_ROLES_LIST = ("urn:xoev-de:xbau:codeliste:beteiligungrolle", "2.0")
FINDING_TYPES_LIST = ("urn:xoev-de:xbau:codeliste:formellebefundeart", "2.0")
DEVIATION_TYPES_LIST = ("urn:xoev-de:xbau:codeliste:abweichungart", "2.1")
MEASURE_TYPES_LIST = ("urn:xoev-de:xbau:codeliste:baumassnahmeart", "2.0")
BUILDING_CLASSES_LIST = ("urn:xoev-de:xbau:codeliste:gebaeudeklasse", "3.0")
LAND_LIST = ("urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:bundesland", "2010-04-01")

# Type-3 codes (no central list): XBau wants each operator to bind its own list, so we publish ours.
PROCEDURE_TYPES_LIST = ("urn:permits:codeliste:verfahrensart", "1.0")
LEGAL_DOMAINS_LIST = ("urn:permits:codeliste:rechtsbereich", "1.0")

# Message type codes -> root element local names (namespace by the first digit: 11xx = Kernmodul).
ROOT_ELEMENTS = {
    "0200": "baugenehmigung.antrag.0200",
    "0201": "baugenehmigung.formellePruefung.0201",
    "0205": "baugenehmigung.bescheid.0205",
    "0300": "beteiligung.aufforderung.0300",
    "0303": "beteiligung.stellungnahme.0303",
    "1160": "prozessnachrichten.gebuehrenbescheid.1160",
    "1170": "prozessnachrichten.statusFuerAntragsportal.1170",
}

PRODUCT = "permits"
MANUFACTURER = "permits (Open-Source-Projekt, EUPL-1.2)"


class ProcedureType(StrEnum):
    SIMPLIFIED = "simplified"  # §63 NBauO / MBO
    FULL = "full"  # §64 NBauO / MBO


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
PROCEDURE_TYPE_CODES = {ProcedureType.SIMPLIFIED: "63", ProcedureType.FULL: "64"}


def procedure_from_code(code: str | None) -> ProcedureType | None:
    if not code:
        return None
    key = " ".join(code.replace("_", " ").replace("-", " ").split()).lower()
    return PROCEDURE_CODES.get(key)


class AncillaryProvisionType(StrEnum):
    """nebenbestimmungart 3.0."""

    CONDITION = "1"
    OBLIGATION = "2"
    RESERVATION = "3"
    ADVISORY_NOTE = "4"
    RESOLUTIVE_CONDITION = "5"
    SUSPENSIVE_CONDITION = "6"


class ParticipationRole(StrEnum):
    """beteiligungrolle 2.0."""

    COMPETENT_BODY = "1"  # must consent for its legal domain
    EXPERT_BODY = "2"  # advises
    MUNICIPALITY = "3"  # affected municipality (§36 BauGB)


class Verdict(StrEnum):
    CONSENT = "consent"
    CONSENT_WITH_CONDITIONS = "consent_with_conditions"
    OBJECTION = "objection"


class PortalStatus(StrEnum):
    """statusbauportal 3.0, sent with 1170."""

    ALL_DEVIATIONS_GRANTED = "01"
    CHANGES_RECEIVED = "02"
    HEARING_PENDING = "03"
    APPLICATION_REFUSED = "04"
    CONSTRUCTION_START_NOTIFIED = "05"
    PERMIT_REFUSED = "06"
    EXEMPTED = "07"
    PARTICIPATION_STARTED = "08"
    PARTICIPATION_FINISHED = "09"
    DECISION_ISSUED = "10"
    VALIDITY_EXTENDED = "11"
    DEEMED_WITHDRAWAL = "12"
    STRUCTURAL_CHECK_REQUESTED = "13"
    RECEIPT = "14"
    WITHDRAWAL_CONFIRMED = "15"
    STATEMENT_RECEIVED = "16"
    DOCUMENTS_REQUESTED = "17"
    DOCUMENTS_COMPLETE = "18"
    PRELIMINARY_DECISION_ISSUED = "19"
    CASE_CLOSED = "20"
    WITHDRAWAL_NO_LONGER_POSSIBLE = "21"
    SENT = "22"
    WITHDRAWN = "23"
    REOPENED = "24"
    PROOFS_OK = "50"
    PROOFS_NOT_OK = "51"
    SUPERVISION_DEFECTS_ORDERED = "52"
    SUPERVISION_STOP_ORDERED = "53"
    SUPERVISION_COMPLIANT = "54"
    SUPERVISION_FINISHED = "55"
    STRUCTURAL_CHECK_DONE = "56"
    IMMEDIATE_REJECTION = "57"
    DEEMED_APPROVAL = "58"
    DEEMED_APPROVAL_REVOKED = "59"


class AttachmentType(StrEnum):
    """The anlagen 3.0 codes we emit ourselves (the list has ~290)."""

    SITE_PLAN = "1800"
    DEFICIENCY_LETTER = "5009"
    DECISION = "5013"
    FEE_NOTICE = "5100"
    STATEMENT = "5201"
    OTHER = "9999"
