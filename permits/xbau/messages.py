"""Outgoing messages as plain frozen dataclasses; the caller fills them from the case (no DB here).

Each class checks the invariants the XSD cannot express (or expresses only as an opaque error), so
misuse fails at construction with a clear ValueError instead of a schema message later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from permits.codelists import ParticipationRole, PortalStatus, ProvisionType
from permits.xbau.codes import FINDING_TYPES_LIST
from permits.xbau.model import (
    Address,
    AncillaryProvision,
    Attachment,
    CaseReference,
    CodeValue,
    Designer,
    DevelopmentPlan,
    Envelope,
    Parcel,
    Party,
)

MISSING_DOCUMENT = CodeValue("05", *FINDING_TYPES_LIST)  # "Bauvorlage oder sonstige Anlage fehlt"
DEFECTIVE_DOCUMENT = CodeValue("04", *FINDING_TYPES_LIST)  # "Eingereichte Bauvorlage ... hat Mängel"


@dataclass(frozen=True)
class Finding:
    """befund of the completeness check."""

    description: str  # beschreibung (Text)
    finding_type: CodeValue = MISSING_DOCUMENT  # artDesBefundes (formellebefundeart)
    attachment_type: str | None = None  # betroffeneAnlage (anlagen code)


@dataclass(frozen=True)
class SubmittedDocument:
    attachment_type: str  # kategorieBauvorlage
    file_name: str  # bezeichnungDatei


@dataclass(frozen=True)
class CompletenessCheck:
    """0201 baugenehmigung.formellePruefung."""

    envelope: Envelope
    case: CaseReference
    complete: bool  # antragVollstaendig
    latest_decision_date: date | None = None  # spaetestesGenehmigungsdatum (required when complete)
    expected_decision_date: date | None = None  # voraussichtlichesGenehmigungsdatum
    submitted_documents: tuple[SubmittedDocument, ...] = ()  # eingereichteBauvorlagen
    findings: tuple[Finding, ...] = ()  # befundFrist/befundliste/befund
    due_on: date | None = None  # befundFrist/frist (required with findings)
    cover_letter: str | None = None  # anschreiben
    attachments: tuple[Attachment, ...] = ()  # anlagen, e.g. the deficiency letter (5009)

    def __post_init__(self) -> None:
        if self.complete and (self.latest_decision_date is None or self.findings):
            raise ValueError("a complete application needs latest_decision_date and no findings")
        if not self.complete and (not self.findings or self.due_on is None):
            raise ValueError("an incomplete application needs findings and a due_on deadline")


@dataclass(frozen=True)
class ParticipationConcern:
    """anliegenBeteiligung."""

    role: ParticipationRole  # rolle
    legal_domain: CodeValue  # rechtsbereich (listURI + listVersionID required)
    reason: str  # grundDerBeteiligung (TextFormatiert; plain text here)


@dataclass(frozen=True)
class OtherParticipant:
    """beteiligte/weitereBeteiligte: a further participant with its role and discipline."""

    party: Party  # beteiligter
    role: str  # rolle/code (beteiligterrolle), or nichtGelisteterWert when not a listed code
    discipline: str  # fachrichtung/code (beteiligterfachrichtung), or nichtGelisteterWert


@dataclass(frozen=True)
class MonumentNote:
    """gegenstand/baudenkmalBetroffen."""

    kind: str | None = None  # artDesBaudenkmals (artdesbaudenkmals)
    reasons: str | None = None  # begruendung


@dataclass(frozen=True)
class StructuralProof:
    """gegenstand/pruefungBautechnischeNachweise."""

    required: bool  # pruefungIstErforderlich
    kind: str | None = None  # artDesBautechnischenNachweises (bautechnischernachweisart)


@dataclass(frozen=True)
class ProjectData:
    """bauvorhaben as the participation request restates it."""

    description: str  # bezeichnungDesBauvorhabens
    owners: tuple[Party, ...]  # beteiligte/bauherr[]
    fee_debtor: Party  # beteiligte/gebuehrenpflichtiger
    parcels: tuple[Parcel, ...]  # verortung/baugrundstueck/grundstueck/flurstueck[]
    measure_types: tuple[str, ...] = ("11",)  # gegenstand/artDerMassnahme (baumassnahmeart)
    designer: Designer | None = None  # beteiligte/entwurfsverfasser
    authorised_representative: Party | None = None  # beteiligte/bevollmaechtigter
    other_participants: tuple[OtherParticipant, ...] = ()  # beteiligte/weitereBeteiligte[]
    building_count: int = 1  # gegenstand/anzahlDerGebaeude
    building_class: int | None = None  # bauordnungsrechtlicheKlassifikation/gebaeudeklasse
    height_mbo_m: float | None = None  # bauordnungsrechtlicheKlassifikation/hoeheNachMBO
    monument_affected: bool = False  # baudenkmalBetroffen (empty when `monuments` says nothing more)
    monuments: tuple[MonumentNote, ...] = ()  # baudenkmalBetroffen[]
    building_height_m: float | None = None  # flaechen.BauNVO/hoeheDerBaulichenAnlage
    full_storeys: int | None = None  # flaechen.BauNVO/anzahlVollgeschosse
    plot_address: Address | None = None  # grundstueck/anschrift
    plot_area_m2: float | None = None  # flaechen.BauNVO/flaecheDesBaugrundstuecks
    footprint_area_m2: float | None = None  # grundflaechen/grundflaeche
    planned_grz: float | None = None  # grundflaechenzahlGeplant
    floor_area_m2: float | None = None  # geschossflaechen/geschossflaeche
    planned_gfz: float | None = None  # geschossflaechenzahlGeplant
    structural_proofs: tuple[StructuralProof, ...] = ()  # pruefungBautechnischeNachweise[]
    development_plans: tuple[DevelopmentPlan, ...] = ()  # grundstueck/bebauungsplan[]
    footprint: Mapping[str, Any] | None = None  # lageBauvorhaben: GeoJSON Polygon in EPSG:25832
    location_note: str | None = None  # lageBauvorhaben/erlaeuterung (only with a footprint)

    def __post_init__(self) -> None:
        if not self.owners or not self.parcels or not self.measure_types:
            raise ValueError("a project needs at least one owner, parcel and measure type")


@dataclass(frozen=True)
class ParticipationRequest:
    """0300 beteiligung.aufforderung."""

    envelope: Envelope
    case: CaseReference
    request_id: UUID  # referenzAufforderung: the 0303 answer quotes it
    concerns: tuple[ParticipationConcern, ...]  # anliegenBeteiligung[]
    project: ProjectData  # bauvorhaben
    due_on: date  # frist
    consequence_of_default: str  # rechtsfolgeFristversaeumnis, e.g. deemed consent after one month
    agency_label: str | None = None  # zuBeteiligendeStelle
    attachments: tuple[Attachment, ...] = ()  # anlagen

    def __post_init__(self) -> None:
        if not self.concerns:
            raise ValueError("a participation request needs at least one concern")


@dataclass(frozen=True)
class DeviationDecision:
    """abweichung (AbweichungBearbeitet) of a decision or statement."""

    deviation_id: UUID  # id of the requested deviation
    granted: bool  # istZugelassen
    deviation_type: CodeValue  # art (abweichungart)
    rule: str  # vorschrift
    reasons: str | None = None  # begruendung


@dataclass(frozen=True)
class Decision:
    """0205 baugenehmigung.bescheid."""

    envelope: Envelope
    case: CaseReference
    approved: bool  # tenor/istGenehmigung
    document: Attachment  # anlagen: the signed decision PDF (anlageart 5013)
    legal_remedy_notice: str  # rechtshelfsbelehrung (sic; XBau Text)
    provisions: tuple[AncillaryProvision, ...] = ()  # nebenbestimmung[]
    deviations: tuple[DeviationDecision, ...] = ()  # abweichung[]
    reasons: str | None = None  # begruendung
    notes: str | None = None  # hinweise

    def __post_init__(self) -> None:
        if not self.approved and any(p.type != ProvisionType.ADVISORY_NOTE for p in self.provisions):
            raise ValueError("a refusal carries no binding ancillary provisions")


@dataclass(frozen=True)
class FeeItem:
    tariff: str  # gebuehrenordnung, e.g. "BauGO"
    tariff_item: str  # gebuehrentatbestand, e.g. "Nr. 1.1.1"
    explanation: str  # position/erlaeuterung
    amount_cents: int  # position/betrag


@dataclass(frozen=True)
class ExpenseItem:
    explanation: str  # position/erlaeuterung
    amount_cents: int  # position/betrag


@dataclass(frozen=True)
class PaymentDetails:
    iban: str
    payment_reference: str  # verwendungszweck (Kassenzeichen)
    bic: str | None = None


@dataclass(frozen=True)
class FeeNotice:
    """1160 prozessnachrichten.gebuehrenbescheid (Kernmodul)."""

    envelope: Envelope
    case: CaseReference
    total_cents: int  # kostenberechnung/summe
    payment: PaymentDetails  # zahlungsdaten
    due_on: date  # frist
    reasons: str  # begruendung
    legal_remedy_notice: str  # rechtshelfsbelehrung
    fees: tuple[FeeItem, ...] = ()
    expenses: tuple[ExpenseItem, ...] = ()
    advance_payment: bool = False  # istVorauszahlungsbescheid
    late_payment_notice: str | None = None  # informationVerspaetungszuschlag
    attachments: tuple[Attachment, ...] = ()  # anlage: the fee notice PDF (5100)

    def __post_init__(self) -> None:
        if self.total_cents <= 0:
            raise ValueError("total_cents must be positive")
        items: list[FeeItem | ExpenseItem] = [*self.fees, *self.expenses]
        if any(i.amount_cents <= 0 for i in items):
            raise ValueError("fee and expense amounts must be positive")
        if items and sum(i.amount_cents for i in items) != self.total_cents:
            raise ValueError("total_cents must equal the sum of fees and expenses")


@dataclass(frozen=True)
class PortalStatusMessage:
    """1170 prozessnachrichten.statusFuerAntragsportal."""

    envelope: Envelope
    case: CaseReference
    status: PortalStatus  # statusAntragsportal
    due_on: date | None = None  # frist
    reasons: str | None = None  # begruendung (TextFormatiert)


@dataclass(frozen=True)
class ReceiptConfirmation:
    """1120 prozessnachrichten.eingangsbestaetigung: the application has arrived and is being processed."""

    envelope: Envelope
    case: CaseReference  # referenz: the referenzAntragsservice of the application confirmed
    information: str | None = None  # information (Text)


@dataclass(frozen=True)
class FileReferenceNotice:
    """1121 prozessnachrichten.aktenzeichen: the Aktenzeichen under which the authority keeps the case."""

    envelope: Envelope
    case: CaseReference

    def __post_init__(self) -> None:
        if not self.case.file_reference:
            raise ValueError("a file reference notice needs the file reference (bezug/vorgang)")
