"""Every code list of the app, once: the code, the German label people see, and the list it comes from.

Models, forms, API schemas, documents and XBau messages all use these enums. XBau lists carry their
XRepository `listURI` and `listVersionID` (`Enum.code_list()`); our own Type-3 lists (where XBau asks each
operator to publish one) use `urn:permits:codeliste:…`; internal lists without an XBau counterpart have none.

Labels are the words a person reads on pages, letters and e-mails. Where the official description is
written for portal operators ("Quittierung: Eingang Vorgang"), the label says the same in plain German.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Self, TypeVar


@dataclass(frozen=True)
class CodeListRef:
    uri: str
    version: str


_REFS: dict[type, CodeListRef] = {}


class CodedEnum(StrEnum):
    """A StrEnum whose members are declared as (code, German label)."""

    _value_: str
    label: str

    if TYPE_CHECKING:  # members are declared as (code, label) but their value is the code

        @property
        def value(self) -> str: ...

    else:  # and mypy would read __new__ as the signature of `PortalStatus("14")` lookups

        def __new__(cls, code: str, label: str) -> Self:
            member = str.__new__(cls, code)
            member._value_ = code
            member.label = label
            return member

    @classmethod
    def code_list(cls) -> CodeListRef | None:
        return _REFS.get(cls)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(code, label) pairs for select fields and API documentation."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def label_of(cls, code: str | None, default: str = "") -> str:
        """The label for a stored code; no code or an unknown one (an older list version) gives `default`."""
        try:
            return cls(code).label if code is not None else default
        except ValueError:
            return default


E = TypeVar("E", bound=type[CodedEnum])


def _listed(uri: str, version: str) -> Callable[[E], E]:
    def register(cls: E) -> E:
        _REFS[cls] = CodeListRef(uri, version)
        return cls

    return register


@_listed("urn:xoev-de:xbau:codeliste:statusbauportal", "3.0")
class PortalStatus(CodedEnum):
    """The case status as the portal shows it (statusbauportal 3.0, sent with XBau 1170)."""

    ALL_DEVIATIONS_GRANTED = "01", "Alle beantragten Abweichungen zugelassen"
    CHANGES_RECEIVED = "02", "Änderungen zum Antrag eingegangen"
    HEARING_PENDING = "03", "Anhörung vor einer Ablehnung"
    APPLICATION_REFUSED = "04", "Antrag abgelehnt"
    CONSTRUCTION_START_NOTIFIED = "05", "Baubeginn angezeigt"
    PERMIT_REFUSED = "06", "Baugenehmigung abgelehnt"
    EXEMPTED = "07", "Vorhaben genehmigungsfreigestellt"
    PARTICIPATION_STARTED = "08", "Beteiligung der Fachbehörden läuft"
    PARTICIPATION_FINISHED = "09", "Beteiligung der Fachbehörden abgeschlossen"
    DECISION_ISSUED = "10", "Bescheid erteilt"
    VALIDITY_EXTENDED = "11", "Geltungsdauer der Baugenehmigung verlängert"
    DEEMED_WITHDRAWAL = "12", "Antrag gilt als zurückgenommen"
    STRUCTURAL_CHECK_REQUESTED = "13", "Prüfung bautechnischer Nachweise angefordert"
    RECEIPT = "14", "Eingang bestätigt"
    WITHDRAWAL_CONFIRMED = "15", "Rücknahme bestätigt"
    STATEMENT_RECEIVED = "16", "Stellungnahme oder Nachbesserung eingegangen"
    DOCUMENTS_REQUESTED = "17", "Unterlagen nachgefordert"
    DOCUMENTS_COMPLETE = "18", "Unterlagen vollständig"
    PRELIMINARY_DECISION_ISSUED = "19", "Vorbescheid erteilt"
    CASE_CLOSED = "20", "Vorgang abgeschlossen"
    WITHDRAWAL_NO_LONGER_POSSIBLE = "21", "Rücknahme nicht mehr möglich"
    SENT = "22", "Antrag versendet"
    WITHDRAWN = "23", "Antrag zurückgezogen"
    REOPENED = "24", "Vorgang wieder aufgenommen"
    PROOFS_OK = "50", "Bautechnische Nachweise geprüft: in Ordnung"
    PROOFS_NOT_OK = "51", "Bautechnische Nachweise geprüft: nicht in Ordnung"
    SUPERVISION_DEFECTS_ORDERED = "52", "Bauüberwachung: Mängelbeseitigung angeordnet"
    SUPERVISION_STOP_ORDERED = "53", "Bauüberwachung: Baueinstellung angeordnet"
    SUPERVISION_COMPLIANT = "54", "Bauüberwachung: Ausführung entspricht den Nachweisen"
    SUPERVISION_FINISHED = "55", "Bauüberwachung abgeschlossen"
    STRUCTURAL_CHECK_DONE = "56", "Bautechnische Prüfung abgeschlossen"
    IMMEDIATE_REJECTION = "57", "Antrag aus formellen Gründen abgelehnt"
    DEEMED_APPROVAL = "58", "Genehmigung gilt als erteilt (Genehmigungsfiktion)"
    DEEMED_APPROVAL_REVOKED = "59", "Genehmigungsfiktion aufgehoben"


@_listed("urn:xoev-de:xbau:codeliste:nebenbestimmungart", "3.0")
class ProvisionType(CodedEnum):
    """Kinds of ancillary provisions (Nebenbestimmungen, § 36 VwVfG) in a decision."""

    CONDITION = "1", "Bedingung"
    OBLIGATION = "2", "Auflage"
    RESERVATION = "3", "Vorbehalt"
    ADVISORY_NOTE = "4", "Hinweis"
    RESOLUTIVE_CONDITION = "5", "Auflösende Bedingung"
    SUSPENSIVE_CONDITION = "6", "Aufschiebende Bedingung"

    @property
    def heading(self) -> str:
        """Plural heading that groups provisions of this type in a decision."""
        return _PROVISION_HEADINGS[self]

    @property
    def is_binding(self) -> bool:
        """Advisory notes are not ancillary provisions in the legal sense (§ 36 VwVfG)."""
        return self is not ProvisionType.ADVISORY_NOTE


_PROVISION_HEADINGS = {
    ProvisionType.CONDITION: "Bedingungen",
    ProvisionType.SUSPENSIVE_CONDITION: "Aufschiebende Bedingungen",
    ProvisionType.RESOLUTIVE_CONDITION: "Auflösende Bedingungen",
    ProvisionType.OBLIGATION: "Auflagen",
    ProvisionType.RESERVATION: "Vorbehalte",
    ProvisionType.ADVISORY_NOTE: "Hinweise",
}

# The order in which a decision lists the groups: conditions first, advisory notes last.
PROVISION_ORDER = (
    ProvisionType.CONDITION,
    ProvisionType.SUSPENSIVE_CONDITION,
    ProvisionType.RESOLUTIVE_CONDITION,
    ProvisionType.OBLIGATION,
    ProvisionType.RESERVATION,
    ProvisionType.ADVISORY_NOTE,
)


@_listed("urn:xoev-de:xbau:codeliste:beteiligungrolle", "2.0")
class ParticipationRole(CodedEnum):
    """Why a body is asked (beteiligungrolle 2.0)."""

    COMPETENT_BODY = "1", "zuständige Stelle (Zustimmung erforderlich)"
    EXPERT_BODY = "2", "sachverständige Stelle (Stellungnahme)"
    MUNICIPALITY = "3", "betroffene Gemeinde (Einvernehmen, § 36 BauGB)"


@_listed("urn:xoev-de:xbau:codeliste:baumassnahmeart", "2.0")
class MeasureType(CodedEnum):
    """Kind of building work (baumassnahmeart 2.0)."""

    BUILDING_WORK = "10", "Baumaßnahme"
    ERECTION = "11", "Errichtung"
    ALTERATION = "12", "Änderung"
    CHANGE_OF_USE = "13", "Nutzungsänderung (ohne bauliche Änderung)"
    CHANGE_OF_USE_WITH_WORKS = "14", "Nutzungsänderung (mit baulicher Änderung)"
    EXCAVATION = "20", "Abgrabung"
    DEMOLITION = "30", "Beseitigung"


@_listed("urn:xoev-de:xbau:codeliste:abweichungart", "2.1")
class DeviationType(CodedEnum):
    """Kind of a requested deviation from building law (abweichungart 2.1)."""

    EXEMPTION = "1", "Befreiung"
    PLAN_EXCEPTION = "2", "Ausnahme (Bebauungsplan)"
    DEVIATION = "3", "Abweichung (§ 67 Abs. 1 MBO)"
    DEVIATION_S2 = "4", "Abweichung (§ 67 Abs. 2 S. 2 MBO)"
    MORATORIUM_EXCEPTION = "5", "Ausnahme (Veränderungssperre)"


@_listed("urn:xoev-de:xbau:codeliste:beteiligterrolle", "2.0")
class PartyRole(CodedEnum):
    """Role of a further participant in an application (beteiligterrolle 2.0)."""

    AUTHORISED_REPRESENTATIVE = "01", "Bevollmächtigte/r"
    PLOT_OWNER = "02", "Grundstückseigentümer/in"
    NOTIFIER = "03", "Anzeigende/r"
    SITE_MANAGER = "04", "Bauleiter/in"
    SPECIALIST_SITE_MANAGER = "05", "Fachbauleiter/in"
    SPECIALIST_PLANNER = "06", "Fachplaner/in"
    EXPERT = "07", "Gutachter/in"
    CERTIFIED_EXPERT = "08", "Prüfsachverständige/r"
    CHECKING_ENGINEER = "09", "Prüfingenieur/in"
    RESPONSIBLE_PERSON = "10", "Verantwortliche/r"


@_listed("urn:xoev-de:xbau:codeliste:anlagen", "3.0")
class DocumentType(CodedEnum):
    """Types of documents (anlagen 3.0): what an application carries and what we issue.

    A subset of the ~290 codes; extend it from the official list as authorities need them.
    """

    DESIGNER_ENTITLEMENT = "0401", "Nachweis der Bauvorlageberechtigung"
    OWNER_CONSENT = "0601", "Zustimmung der Eigentümerin/des Eigentümers"
    POWER_OF_ATTORNEY = "0603", "Vollmacht"
    DEVIATION_REASONS = "0800", "Begründung von Abweichungen"
    BUILDING_DESCRIPTION = "1500", "Baubeschreibung"
    OPERATION_DESCRIPTION = "1600", "Betriebsbeschreibung"
    SERVICING = "1700", "Angaben zur Erschließung"
    SITE_PLAN = "1800", "Lageplan mit Auszug aus der Liegenschaftskarte"
    SIMPLE_SITE_PLAN = "1803", "Lageplan"
    OFFICIAL_SITE_PLAN = "1804", "Amtlicher Lageplan"
    FLOOR_AREA_RATIO = "1903", "Berechnung der Geschossflächenzahl"
    SITE_COVERAGE_RATIO = "1904", "Berechnung der Grundflächenzahl"
    FLOOR_PLANS = "2001", "Grundrisse"
    SECTIONS = "2002", "Schnitte"
    ELEVATIONS = "2003", "Ansichten"
    SETBACK_CALCULATION = "2102", "Abstandsflächenberechnung"
    PARKING = "2301", "Stellplatznachweis"
    FIRE_SAFETY = "2701", "Brandschutznachweis"
    STRUCTURAL_SAFETY = "2801", "Standsicherheitsnachweis"
    MONUMENT = "2913", "Unterlagen zum Baudenkmal"
    COVER_LETTER = "5004", "Anschreiben"
    DEFICIENCY_LETTER = "5009", "Nachforderungsschreiben"
    RECEIPT = "5010", "Empfangsbestätigung"
    DECISION = "5013", "Bescheid"
    FEE_NOTICE = "5100", "Gebührenbescheid"
    STATEMENT = "5201", "Stellungnahme"
    REQUEST = "5206", "Anfrage"
    OTHER = "9999", "Sonstige Unterlage"


# Documents an applicant may upload (the letters we issue ourselves are not among them).
APPLICATION_DOCUMENT_TYPES = tuple(
    t
    for t in DocumentType
    if t
    not in (
        DocumentType.COVER_LETTER,
        DocumentType.DEFICIENCY_LETTER,
        DocumentType.RECEIPT,
        DocumentType.DECISION,
        DocumentType.FEE_NOTICE,
        DocumentType.STATEMENT,
        DocumentType.REQUEST,
    )
)


@_listed("urn:permits:codeliste:verfahrensart", "1.0")
class ProcedureType(CodedEnum):
    """Our Type-3 list of procedures (verfahrensart); the XBau code is the NBauO section."""

    SIMPLIFIED = "simplified", "vereinfachtes Baugenehmigungsverfahren (§ 63 NBauO)"
    FULL = "full", "Baugenehmigungsverfahren (§ 64 NBauO)"

    @property
    def xbau_code(self) -> str:
        return _PROCEDURE_XBAU_CODES[self]


_PROCEDURE_XBAU_CODES = {ProcedureType.SIMPLIFIED: "63", ProcedureType.FULL: "64"}


KERN_MESSAGES_REF = CodeListRef("urn:xoev-de:xbau-kernmodul:codeliste:xbau-kernmodul-nachrichten", "3.0")


@_listed("urn:xoev-de:xbau:codeliste:xbau-nachrichten", "4.0")
class XbauMessageType(CodedEnum):
    """The XBau messages the app receives or sends, as the message log names them.

    0xxx codes are XBau-Hochbau messages (xbau-nachrichten 4.0); 11xx are Kernmodul messages, whose codes
    come from the Kernmodul list (`message_list`).
    """

    APPLICATION = "0200", "Bauantrag"
    COMPLETENESS_CHECK = "0201", "Ergebnis der Vollständigkeitsprüfung"
    DECISION = "0205", "Bescheid"
    PARTICIPATION_REQUEST = "0300", "Aufforderung zur Stellungnahme"
    STATEMENT = "0303", "Stellungnahme"
    PARTICIPATION_WITHDRAWN = "0304", "Rücknahme der Beteiligung"
    INTERIM_MESSAGE = "0305", "Zwischennachricht"
    INTERIM_REPLY = "0306", "Antwort auf Zwischennachricht"
    RECEIPT = "1120", "Eingangsbestätigung"
    FILE_REFERENCE = "1121", "Mitteilung des Aktenzeichens"
    WITHDRAWAL = "1130", "Rücknahme des Antrags"
    WITHDRAWAL_CONFIRMED = "1131", "Bestätigung der Rücknahme"
    FEE_NOTICE = "1160", "Gebührenbescheid"
    PORTAL_STATUS = "1170", "Statusmitteilung"
    ACKNOWLEDGEMENT = "1180", "Empfangsquittung"

    @property
    def message_list(self) -> CodeListRef:
        """The list this code belongs to: the Kernmodul list for 11xx, xbau-nachrichten otherwise."""
        return KERN_MESSAGES_REF if self.value.startswith("11") else _REFS[XbauMessageType]

    @property
    def topic(self) -> str:
        """What a message of this type is about when nothing more specific is known (the message log)."""
        return _MESSAGE_TOPICS[self]


_MESSAGE_TOPICS = {
    XbauMessageType.APPLICATION: "Antrag auf Baugenehmigung",
    XbauMessageType.COMPLETENESS_CHECK: "Vollständigkeit des Antrags",
    XbauMessageType.DECISION: "Entscheidung über den Antrag",
    XbauMessageType.PARTICIPATION_REQUEST: "Beteiligung",
    XbauMessageType.STATEMENT: "Beteiligung",
    XbauMessageType.PARTICIPATION_WITHDRAWN: "Beteiligung",
    XbauMessageType.INTERIM_MESSAGE: "Beteiligung",
    XbauMessageType.INTERIM_REPLY: "Beteiligung",
    XbauMessageType.RECEIPT: "Eingang des Antrags",
    XbauMessageType.FILE_REFERENCE: "Aktenzeichen des Vorgangs",
    XbauMessageType.WITHDRAWAL: "Rücknahme des Antrags",
    XbauMessageType.WITHDRAWAL_CONFIRMED: "Rücknahme des Antrags",
    XbauMessageType.FEE_NOTICE: "Gebühren",
    XbauMessageType.PORTAL_STATUS: "Stand des Verfahrens",
    XbauMessageType.ACKNOWLEDGEMENT: "Empfang einer Nachricht",
}


class ReviewKind(CodedEnum):
    """Why a review request is sent (internal; the XBau role follows from it)."""

    PARTICIPATION = "participation", "Beteiligung"
    MUNICIPAL_CONSENT = "municipal_consent", "Einvernehmen der Gemeinde (§ 36 BauGB)"


class ReviewStatus(CodedEnum):
    OPEN = "open", "offen"
    ANSWERED = "answered", "beantwortet"
    DEEMED_CONSENT = "deemed_consent", "Zustimmung gilt als erteilt"
    # An expert body (advice only) let the deadline pass: no statement, and no consent is deemed.
    NO_STATEMENT = "no_statement", "keine Stellungnahme (Frist abgelaufen)"
    WITHDRAWN = "withdrawn", "zurückgezogen"


class Verdict(CodedEnum):
    """A body's answer to a review request (internal; XBau 0303 carries it as `istZustimmung`)."""

    CONSENT = "consent", "Zustimmung"
    CONSENT_WITH_CONDITIONS = "consent_with_conditions", "Zustimmung mit Nebenbestimmungen"
    OBJECTION = "objection", "Ablehnung"
    DEEMED_CONSENT = "deemed_consent", "Zustimmung gilt als erteilt (Fristablauf)"


class JobStatus(CodedEnum):
    """Where a background job stands (internal); `failed` jobs are incidents for the administrators."""

    QUEUED = "queued", "wartend"
    DONE = "done", "erledigt"
    FAILED = "failed", "fehlgeschlagen"


class MailStatus(CodedEnum):
    """Where an outgoing e-mail stands (internal; the administrators' mailbox shows the labels)."""

    QUEUED = "queued", "wartend"
    SENT = "sent", "versendet"
    # No mail server configured (demo, development): written to the log and kept for the demo mailbox.
    KEPT = "kept", "nicht versendet (kein Mailserver eingerichtet)"
    FAILED = "failed", "fehlgeschlagen"


class FederalState(CodedEnum):
    """The German Länder, by the ISO 3166-2 subdivision code (without "DE-")."""

    BW = "BW", "Baden-Württemberg"
    BY = "BY", "Bayern"
    BE = "BE", "Berlin"
    BB = "BB", "Brandenburg"
    HB = "HB", "Bremen"
    HH = "HH", "Hamburg"
    HE = "HE", "Hessen"
    MV = "MV", "Mecklenburg-Vorpommern"
    NI = "NI", "Niedersachsen"
    NW = "NW", "Nordrhein-Westfalen"
    RP = "RP", "Rheinland-Pfalz"
    SL = "SL", "Saarland"
    SN = "SN", "Sachsen"
    ST = "ST", "Sachsen-Anhalt"
    SH = "SH", "Schleswig-Holstein"
    TH = "TH", "Thüringen"


# Verdicts a body can give; deemed consent only arises from the deadline.
GIVEN_VERDICTS = (Verdict.CONSENT, Verdict.CONSENT_WITH_CONDITIONS, Verdict.OBJECTION)


# Our Type-3 list of legal areas (Rechtsbereich, `urn:permits:codeliste:rechtsbereich` 1.0): XBau wants a
# code per area; we use the German name as the code, so statements from portals with their own wording are
# kept as they come. The area each kind of body speaks for, in letters and XBau messages:
LEGAL_AREAS_LIST = CodeListRef("urn:permits:codeliste:rechtsbereich", "1.0")
BUILDING_CODE_LEGAL_AREA = "Bauordnungsrecht"
OTHER_LEGAL_AREA = "Sonstige öffentliche Belange"
LEGAL_AREA_BY_AGENCY_TYPE = {
    "fire_protection_office": "Brandschutz",
    "monument_authority": "Denkmalschutz",
    "nature_conservation": "Naturschutz",
    "water_authority": "Wasserrecht",
    "road_authority": "Straßenrecht",
    "municipality": "Bauplanungsrecht",
}
