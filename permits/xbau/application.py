"""Import a building permit application: 0200 baugenehmigung.antrag -> ImportedApplication.

Everything the schema carries that the procedure, a document or an outgoing message uses is read; nothing
is invented: a fact the message lacks stays None (or an empty tuple). What the case makes of it (its
`details`, the list of missing facts, the geometry check input) is `permits.xbau.application_details`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from permits.codelists import ProcedureType
from permits.xbau import reading as r
from permits.xbau.codes import ROOT_ELEMENTS, procedure_from_code
from permits.xbau.geo import polygon_to_geojson
from permits.xbau.model import (
    Address,
    Attachment,
    CodeValue,
    Designer,
    DevelopmentPlan,
    DvdvAddress,
    Parcel,
    Party,
)
from permits.xbau.parsing import MAX_MESSAGE_BYTES, parse_message

# A polygon in lageBauvorhaben whose gml:name or gml:description starts with one of these words is the
# outline of the plot, not of a building. XBau has no element for the plot's geometry; GML lets a portal
# name a polygon, and this is the convention we document for portals that can send the plot outline.
PLOT_OUTLINE_NAMES = ("baugrundstück", "grundstück", "flurstück")


@dataclass(frozen=True)
class RequestedDeviation:
    """beantragteAbweichung."""

    id: UUID
    deviation_type: CodeValue  # art (abweichungart)
    rule: str | None  # vorschrift
    description: str | None  # beschreibung
    reasons: str | None  # begruendung


@dataclass(frozen=True)
class OtherParty:
    """beteiligte/weitereBeteiligte: a further participant with its role and discipline."""

    party: Party  # beteiligter
    role: CodeValue | None  # rolle/code (beteiligterrolle)
    role_text: str | None  # rolle/nichtGelisteterWert
    discipline: CodeValue | None  # fachrichtung/code (beteiligterfachrichtung)
    discipline_text: str | None  # fachrichtung/nichtGelisteterWert


@dataclass(frozen=True)
class MonumentConcern:
    """gegenstand/baudenkmalBetroffen: a listed monument is affected (an element, possibly empty)."""

    kind: CodeValue | None  # artDesBaudenkmals (1 Einzelbaudenkmal, 2 Ensemble, 3 Nähe Denkmal)
    reasons: str | None  # begruendung (TextFormatiert) as plain text


@dataclass(frozen=True)
class StructuralCheck:
    """gegenstand/pruefungBautechnischeNachweise: whether a structural/technical proof needs checking."""

    required: bool  # pruefungIstErforderlich
    kind: CodeValue | None  # artDesBautechnischenNachweises (1 Standsicherheit, 2 Brandschutz …)


@dataclass(frozen=True)
class PriorDecision:
    """prozessmerkmale/vorbescheid: a preliminary decision the application builds on."""

    file_reference: str  # vorgang
    dated: date | None  # datum
    reference: UUID | None  # referenz


@dataclass(frozen=True)
class ImportedApplication:
    message_id: UUID  # nachrichtenUUID
    created_at: datetime  # erstellungszeitpunkt
    author: DvdvAddress  # autor (the portal)
    reader: DvdvAddress  # leser (us)
    application_id: UUID  # referenzAntragsservice: quoted in every bezug/referenz of our replies
    test: bool  # root attribute test
    procedure: ProcedureType | None  # verfahrensart mapped (codes.PROCEDURE_CODES); None = absent or unknown
    procedure_code: CodeValue | None  # verfahrensart as sent
    description: str  # bezeichnungDesBauvorhabens
    measure_types: tuple[str, ...]  # artDerMassnahme codes (baumassnahmeart)
    building_class: int | None  # gebaeudeklasse
    applicants: tuple[Party, ...]  # antragsteller[]
    project_owners: tuple[Party, ...]  # beteiligte/bauherr[]/bauherr
    designer: Designer | None  # beteiligte/entwurfsverfasser
    fee_debtor: Party | None  # beteiligte/gebuehrenpflichtiger
    parcels: tuple[Parcel, ...]  # grundstueck[]/flurstueck[]
    plot_address: Address | None  # grundstueck/anschrift[0]
    development_plans: tuple[DevelopmentPlan, ...]  # grundstueck/bebauungsplan[]
    footprints: tuple[dict[str, Any], ...]  # lageBauvorhaben/flaeche[]/polygon as GeoJSON, EPSG:25832
    plot_area_m2: float | None  # flaechen.BauNVO/flaecheDesBaugrundstuecks
    planned_grz: float | None  # grundflaechen/grundflaechenzahlGeplant
    planned_gfz: float | None  # geschossflaechen/geschossflaechenzahlGeplant
    construction_cost_cents: int | None  # herstellungskosten/summeHerstellungskosten (Eurocent)
    requested_deviations: tuple[RequestedDeviation, ...]  # beantragteAbweichung[]
    attachments: tuple[Attachment, ...]  # anlagen/anlage[]
    authorised_representative: Party | None = None  # beteiligte/bevollmaechtigter
    other_parties: tuple[OtherParty, ...] = ()  # beteiligte/weitereBeteiligte[]
    prior_consultation: str | None = None  # prozessmerkmale/bauberatung/vorgang
    prior_decision: PriorDecision | None = None  # prozessmerkmale/vorbescheid
    municipality_key: str | None = None  # grundstueck/anschrift/gemeindeschluessel (AGS)
    height_mbo_m: float | None = None  # bauordnungsrechtlicheKlassifikation/hoeheNachMBO
    building_height_m: float | None = None  # flaechen.BauNVO/hoeheDerBaulichenAnlage
    full_storeys: int | None = None  # flaechen.BauNVO/anzahlVollgeschosse
    footprint_area_m2: float | None = None  # grundflaechen/grundflaeche
    floor_area_m2: float | None = None  # geschossflaechen/geschossflaeche
    monuments: tuple[MonumentConcern, ...] = ()  # baudenkmalBetroffen[]
    structural_checks: tuple[StructuralCheck, ...] = ()  # pruefungBautechnischeNachweise[]
    plot_outlines: tuple[dict[str, Any], ...] = ()  # lageBauvorhaben polygons named "Baugrundstück"
    location_note: str | None = None  # lageBauvorhaben/erlaeuterung

    @property
    def footprint(self) -> dict[str, Any] | None:
        return self.footprints[0] if self.footprints else None

    @property
    def measure_type(self) -> str | None:
        return self.measure_types[0] if self.measure_types else None

    @property
    def monument_affected(self) -> bool:
        return bool(self.monuments)

    @property
    def structural_check_required(self) -> bool | None:
        """True if any proof must be checked, False if the portal said none must, None if it said nothing."""
        if not self.structural_checks:
            return None
        return any(check.required for check in self.structural_checks)


def _designer(el: r.Element | None) -> Designer | None:
    person = r.party(r.find(el, "x:personendaten"))
    if person is None:
        return None
    rights = r.find(el, "x:berechtigung")
    member = r.find(rights, "x:mitgliedschaftInland")
    chamber = r.txt(member, "x:nummernKammer/x:mitgliedsnummer") or r.txt(
        member, "x:mitgliedsnummerBundesland/x:mitgliedsnummer"
    )
    return Designer(person, chamber, r.txt(rights, "x:berufsbezeichnung/x:berufsbezeichnung"))


def _parcel(el: r.Element) -> Parcel:
    coding = r.find(el, "kodierungFlurstueck")
    return Parcel(
        land=r.txt(el, "bundesland/code") or "",
        parcel_numerator=r.txt(coding, "zaehler") or "",
        cadastral_district_number=r.txt(coding, "gemarkung/nummer"),
        cadastral_district_name=r.txt(coding, "gemarkung/bezeichnung"),
        cadastral_section=r.txt(coding, "flur"),
        parcel_denominator=r.txt(coding, "nenner"),
    )


def _deviations(root: r.Element) -> tuple[RequestedDeviation, ...]:
    return tuple(
        RequestedDeviation(
            id=r.uuid(el, "x:id") or UUID(int=0),
            deviation_type=r.code(el, "x:art") or CodeValue(""),
            rule=r.plain_text(el, "x:vorschrift"),
            description=r.plain_text(el, "x:beschreibung"),
            reasons=r.plain_text(el, "x:begruendung"),
        )
        for el in r.findall(root, "x:beantragteAbweichung")
    )


def _other_parties(people: r.Element | None) -> tuple[OtherParty, ...]:
    result = []
    for el in r.findall(people, "x:weitereBeteiligte"):
        party = r.party(r.find(el, "x:beteiligter"))
        if party is None:
            continue
        result.append(
            OtherParty(
                party=party,
                role=r.code(el, "x:rolle/x:code"),
                role_text=r.txt(el, "x:rolle/x:nichtGelisteterWert"),
                discipline=r.code(el, "x:fachrichtung/x:code"),
                discipline_text=r.txt(el, "x:fachrichtung/x:nichtGelisteterWert"),
            )
        )
    return tuple(result)


def _monuments(subject: r.Element | None) -> tuple[MonumentConcern, ...]:
    return tuple(
        MonumentConcern(r.code(el, "x:artDesBaudenkmals"), r.formatted_text(el, "x:begruendung")[0])
        for el in r.findall(subject, "x:baudenkmalBetroffen")
    )


def _structural_checks(subject: r.Element | None) -> tuple[StructuralCheck, ...]:
    return tuple(
        StructuralCheck(
            required=bool(r.flag(el, "x:pruefungIstErforderlich")),
            kind=r.code(el, "x:artDesBautechnischenNachweises"),
        )
        for el in r.findall(subject, "x:pruefungBautechnischeNachweise")
    )


def _prior_decision(features: r.Element | None) -> PriorDecision | None:
    el = r.find(features, "x:vorbescheid")
    reference = r.txt(el, "x:vorgang")
    if reference is None:
        return None
    return PriorDecision(reference, r.day(el, "x:datum"), r.uuid(el, "x:referenz"))


def _is_plot_outline(polygon: r.Element) -> bool:
    names = [r.txt(polygon, "gml:name"), r.txt(polygon, "gml:description")]
    return any(n and n.lower().startswith(PLOT_OUTLINE_NAMES) for n in names)


def _location(project: r.Element | None) -> tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]]:
    """(footprints, plot outlines) of lageBauvorhaben as GeoJSON in EPSG:25832."""
    footprints: list[dict[str, Any]] = []
    outlines: list[dict[str, Any]] = []
    for polygon in r.findall(project, "x:verortung/x:lageBauvorhaben/flaeche/polygon"):
        geojson = polygon_to_geojson(polygon)
        if geojson is not None:
            (outlines if _is_plot_outline(polygon) else footprints).append(geojson)
    return tuple(footprints), tuple(outlines)


def read_application(root: r.Element) -> ImportedApplication:
    """Map an already validated 0200 tree."""
    head = r.header(root)
    project = r.find(root, "x:bauvorhaben")
    people = r.find(project, "x:beteiligte")
    subject = r.find(project, "x:gegenstand")
    features = r.find(root, "x:prozessmerkmale")
    baunvo = r.find(subject, "x:bauvorhabenDatenblatt/x:flaechen/x:flaechen.BauNVO")
    classification = r.find(subject, "x:bauordnungsrechtlicheKlassifikation")
    plots = r.findall(project, "x:verortung/x:baugrundstueck/x:grundstueck")
    addresses = [a for p in plots for a in r.findall(p, "x:anschrift")]
    procedure_code = r.code(features, "x:verfahrensart")
    building_class = r.txt(classification, "x:gebaeudeklasse/code")
    footprints, outlines = _location(project)
    return ImportedApplication(
        message_id=head.message_id,
        created_at=head.created_at,
        author=head.author,
        reader=head.reader,
        application_id=r.required_uuid(root, "x:referenzAntragsservice/referenzAntragsservice"),
        test=head.test,
        procedure=procedure_from_code(procedure_code.code if procedure_code else None),
        procedure_code=procedure_code,
        description=r.txt(project, "x:bezeichnungDesBauvorhabens") or "",
        measure_types=tuple(c for e in r.findall(subject, "x:artDerMassnahme") if (c := r.txt(e, "code"))),
        building_class=int(building_class) if building_class and building_class.isdigit() else None,
        applicants=tuple(p for p in map(r.party, r.findall(root, "x:antragsteller")) if p),
        project_owners=tuple(p for p in map(r.party, r.findall(people, "x:bauherr/x:bauherr")) if p),
        designer=_designer(r.find(people, "x:entwurfsverfasser")),
        fee_debtor=r.party(r.find(people, "x:gebuehrenpflichtiger")),
        parcels=tuple(_parcel(el) for plot in plots for el in r.findall(plot, "x:flurstueck")),
        plot_address=next((a for el in addresses if (a := r.address(el))), None),
        development_plans=tuple(
            DevelopmentPlan(r.txt(el, "x:nummerBebauungsplan"), r.txt(el, "x:bezeichnungBebauungsplan"))
            for plot in plots
            for el in r.findall(plot, "x:bebauungsplan")
        ),
        footprints=footprints,
        plot_area_m2=r.number(baunvo, "x:flaecheDesBaugrundstuecks"),
        planned_grz=r.number(baunvo, "x:grundflaechen/x:grundflaechenzahlGeplant"),
        planned_gfz=r.number(baunvo, "x:geschossflaechen/x:geschossflaechenzahlGeplant"),
        construction_cost_cents=r.integer(subject, "x:herstellungskosten/x:summeHerstellungskosten"),
        requested_deviations=_deviations(root),
        attachments=r.attachments(r.find(root, "x:anlagen")),
        authorised_representative=r.party(r.find(people, "x:bevollmaechtigter")),
        other_parties=_other_parties(people),
        prior_consultation=r.txt(features, "x:bauberatung/x:vorgang"),
        prior_decision=_prior_decision(features),
        municipality_key=next((k for el in addresses if (k := r.txt(el, "x:gemeindeschluessel/code"))), None),
        height_mbo_m=r.number(classification, "x:hoeheNachMBO"),
        building_height_m=r.number(baunvo, "x:hoeheDerBaulichenAnlage"),
        full_storeys=r.integer(baunvo, "x:anzahlVollgeschosse"),
        footprint_area_m2=r.number(baunvo, "x:grundflaechen/x:grundflaeche"),
        floor_area_m2=r.number(baunvo, "x:geschossflaechen/x:geschossflaeche"),
        monuments=_monuments(subject),
        structural_checks=_structural_checks(subject),
        plot_outlines=outlines,
        location_note=r.txt(project, "x:verortung/x:lageBauvorhaben/erlaeuterung"),
    )


def parse_application(
    xml_bytes: bytes, *, schema_dir: str | Path | None = None, max_bytes: int = MAX_MESSAGE_BYTES
) -> ImportedApplication:
    """Safely parse, schema-validate and map a 0200 message (raises XmlRefused subclasses)."""
    root = parse_message(xml_bytes, ROOT_ELEMENTS["0200"], schema_dir, max_bytes)
    return read_application(root)
