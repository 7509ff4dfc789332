"""Import a building permit application: 0200 baugenehmigung.antrag -> ImportedApplication."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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


@dataclass(frozen=True)
class RequestedDeviation:
    """beantragteAbweichung."""

    id: UUID
    deviation_type: CodeValue  # art (abweichungart)
    rule: str | None  # vorschrift
    description: str | None  # beschreibung
    reasons: str | None  # begruendung


@dataclass(frozen=True)
class ImportedApplication:
    message_id: UUID  # nachrichtenUUID
    created_at: datetime  # erstellungszeitpunkt
    author: DvdvAddress  # autor (the portal)
    reader: DvdvAddress  # leser (us)
    application_id: UUID  # referenzAntragsservice: becomes the case UUID, quoted in every bezug/referenz
    test: bool  # root attribute test
    procedure: ProcedureType | None  # verfahrensart mapped (codes.PROCEDURE_CODES); None = unknown code
    procedure_code: CodeValue | None  # verfahrensart as sent
    description: str  # bezeichnungDesBauvorhabens
    measure_types: tuple[str, ...]  # artDerMassnahme codes (baumassnahmeart)
    building_class: int | None  # gebaeudeklasse
    monument_affected: bool  # baudenkmalBetroffen present
    applicants: tuple[Party, ...]  # antragsteller[]
    project_owners: tuple[Party, ...]  # beteiligte/bauherr[]
    designer: Designer | None  # beteiligte/entwurfsverfasser
    fee_debtor: Party | None  # beteiligte/gebuehrenpflichtiger
    parcels: tuple[Parcel, ...]  # grundstueck/flurstueck[]
    plot_address: Address | None  # grundstueck/anschrift[0]
    development_plans: tuple[DevelopmentPlan, ...]  # grundstueck/bebauungsplan[]
    footprints: tuple[dict[str, Any], ...]  # lageBauvorhaben/flaeche[]/polygon as GeoJSON, EPSG:25832
    plot_area_m2: float | None  # flaechen.BauNVO/flaecheDesBaugrundstuecks
    planned_grz: float | None  # grundflaechen/grundflaechenzahlGeplant
    planned_gfz: float | None  # geschossflaechen/geschossflaechenzahlGeplant
    construction_cost_cents: int | None  # herstellungskosten/summeHerstellungskosten (Eurocent)
    requested_deviations: tuple[RequestedDeviation, ...]  # beantragteAbweichung[]
    attachments: tuple[Attachment, ...]  # anlagen/anlage[]

    @property
    def footprint(self) -> dict[str, Any] | None:
        return self.footprints[0] if self.footprints else None

    @property
    def measure_type(self) -> str | None:
        return self.measure_types[0] if self.measure_types else None

    def to_case_details(self) -> dict[str, dict[str, Any]]:
        """The case `details` shape used across the app; keys the message lacks are left out."""
        details: dict[str, dict[str, Any]] = {}
        applicant = self.applicants[0] if self.applicants else None
        if applicant is not None:
            details["applicant"] = _compact({"name": applicant.display_name, **_address(applicant.address)})
        if self.designer is not None:
            person = self.designer.party
            name = person.display_name
            if self.designer.profession:
                name = f"{name}, {self.designer.profession}"
            details["designer"] = _compact(
                {
                    "name": name,
                    "chamber_number": self.designer.chamber_number,
                    **_address(person.address),
                    "email": person.email,
                }
            )
        details["project"] = _compact(
            {
                "description": self.description,
                "measure_type": self.measure_type,
                "building_class": self.building_class,
                # XBau sends production costs (Herstellungskosten); the fee officer confirms the Rohbauwert.
                "construction_value_cents": self.construction_cost_cents,
                "procedure": self.procedure.value if self.procedure else None,
            }
        )
        parcel = self.parcels[0] if self.parcels else None
        area = self.plot_area_m2
        details["plot"] = _compact(
            {
                **_address(self.plot_address),
                "gemarkung": parcel and (parcel.cadastral_district_name or parcel.cadastral_district_number),
                "flur": parcel and parcel.cadastral_section,
                "zaehler": parcel and parcel.parcel_numerator,
                "nenner": parcel and parcel.parcel_denominator,
                "area_m2": int(area) if area is not None and area.is_integer() else area,
            }
        )
        return {k: v for k, v in details.items() if v}


def _address(address: Address | None) -> dict[str, Any]:
    if address is None:
        return {}
    return {"street": address.street_line, "postal_code": address.postal_code, "city": address.city}


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != ""}


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


def read_application(root: r.Element) -> ImportedApplication:
    """Map an already validated 0200 tree."""
    head = r.header(root)
    project = r.find(root, "x:bauvorhaben")
    people = r.find(project, "x:beteiligte")
    subject = r.find(project, "x:gegenstand")
    baunvo = r.find(subject, "x:bauvorhabenDatenblatt/x:flaechen/x:flaechen.BauNVO")
    plots = r.findall(project, "x:verortung/x:baugrundstueck/x:grundstueck")
    procedure_code = r.code(root, "x:prozessmerkmale/x:verfahrensart")
    building_class = r.txt(subject, "x:bauordnungsrechtlicheKlassifikation/x:gebaeudeklasse/code")
    polygons = r.findall(project, "x:verortung/x:lageBauvorhaben/flaeche/polygon")
    footprints = tuple(g for g in (polygon_to_geojson(p) for p in polygons) if g is not None)
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
        building_class=int(building_class) if building_class else None,
        monument_affected=r.find(subject, "x:baudenkmalBetroffen") is not None,
        applicants=tuple(p for p in map(r.party, r.findall(root, "x:antragsteller")) if p),
        project_owners=tuple(p for p in map(r.party, r.findall(people, "x:bauherr/x:bauherr")) if p),
        designer=_designer(r.find(people, "x:entwurfsverfasser")),
        fee_debtor=r.party(r.find(people, "x:gebuehrenpflichtiger")),
        parcels=tuple(_parcel(el) for plot in plots for el in r.findall(plot, "x:flurstueck")),
        plot_address=next((a for p in plots if (a := r.address(r.find(p, "x:anschrift")))), None),
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
    )


def parse_application(
    xml_bytes: bytes, *, schema_dir: str | Path | None = None, max_bytes: int = MAX_MESSAGE_BYTES
) -> ImportedApplication:
    """Safely parse, schema-validate and map a 0200 message (raises XmlRefused subclasses)."""
    root = parse_message(xml_bytes, ROOT_ELEMENTS["0200"], schema_dir, max_bytes)
    return read_application(root)
