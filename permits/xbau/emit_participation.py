"""Emit the participation request (0300) to an agency, with the project as in the 0200 application."""

from __future__ import annotations

from pathlib import Path

from permits.xbau import builder as b
from permits.xbau.builder import X
from permits.xbau.codes import BUILDING_CLASSES_LIST, LAND_LIST, MEASURE_TYPES_LIST, PARTICIPATION_ROLES_LIST
from permits.xbau.geo import geojson_to_gml
from permits.xbau.messages import ParticipationRequest, ProjectData
from permits.xbau.model import CodeValue, Designer, Parcel

SchemaDir = str | Path | None


def _decimal(value: float) -> str:
    return f"{value:.2f}"  # Dezimal.XBau: at most two fraction digits


def _designer(parent: b.Element, designer: Designer) -> None:
    el = b.sub(parent, X("entwurfsverfasser"))
    b.party(el, X("personendaten"), designer.party)
    if designer.chamber_number or designer.profession:
        rights = b.sub(el, X("berechtigung"))
        if designer.chamber_number:
            # mitgliedsnummerBundesland: the chamber code list is not needed, Lower Saxony (03) is.
            member = b.sub(b.sub(rights, X("mitgliedschaftInland")), X("mitgliedsnummerBundesland"))
            b.sub(member, X("mitgliedsnummer"), designer.chamber_number)
            b.code(member, X("bundesland"), CodeValue("03", None, LAND_LIST[1]))
        if designer.profession:
            b.sub(b.sub(rights, X("berufsbezeichnung")), X("berufsbezeichnung"), designer.profession)


def _parcel(parent: b.Element, parcel: Parcel) -> None:
    el = b.sub(parent, X("flurstueck"))
    b.code(el, "bundesland", CodeValue(parcel.land, None, LAND_LIST[1]))
    coding = b.sub(el, "kodierungFlurstueck")
    district = b.sub(coding, "gemarkung")
    if parcel.cadastral_district_number:
        b.sub(district, "nummer", parcel.cadastral_district_number)
    else:
        b.sub(district, "bezeichnung", parcel.cadastral_district_name)
    b.opt(coding, "flur", parcel.cadastral_section)
    b.sub(coding, "zaehler", parcel.parcel_numerator)
    b.opt(coding, "nenner", parcel.parcel_denominator)


def project(parent: b.Element, data: ProjectData) -> None:
    """xbau:bauvorhaben (type Bauvorhaben), the same structure as in the 0200 application."""
    el = b.sub(parent, X("bauvorhaben"))
    b.sub(el, X("bezeichnungDesBauvorhabens"), data.description)
    people = b.sub(el, X("beteiligte"))
    for owner in data.owners:
        b.party(b.sub(people, X("bauherr")), X("bauherr"), owner)
    if data.designer is not None:
        _designer(people, data.designer)
    b.party(people, X("gebuehrenpflichtiger"), data.fee_debtor)

    subject = b.sub(el, X("gegenstand"))
    b.sub(b.sub(subject, X("anzahlDerGebaeude")), X("anzahlDerGebaeudeImBauvorhaben"), data.building_count)
    for measure in data.measure_types:
        b.code(subject, X("artDerMassnahme"), measure, MEASURE_TYPES_LIST)
    if data.building_class is not None:
        classification = b.sub(subject, X("bauordnungsrechtlicheKlassifikation"))
        b.code(classification, X("gebaeudeklasse"), str(data.building_class), BUILDING_CLASSES_LIST)
    if data.monument_affected:
        b.sub(subject, X("baudenkmalBetroffen"))
    if any(v is not None for v in (data.plot_area_m2, data.planned_grz, data.planned_gfz)):
        baunvo = b.sub(b.sub(b.sub(subject, X("bauvorhabenDatenblatt")), X("flaechen")), X("flaechen.BauNVO"))
        if data.plot_area_m2 is not None:
            b.sub(baunvo, X("flaecheDesBaugrundstuecks"), _decimal(data.plot_area_m2))
        if data.planned_grz is not None:
            grz = _decimal(data.planned_grz)
            b.sub(b.sub(baunvo, X("grundflaechen")), X("grundflaechenzahlGeplant"), grz)
        if data.planned_gfz is not None:
            gfz = _decimal(data.planned_gfz)
            b.sub(b.sub(baunvo, X("geschossflaechen")), X("geschossflaechenzahlGeplant"), gfz)

    location = b.sub(el, X("verortung"))
    plot = b.sub(b.sub(location, X("baugrundstueck")), X("grundstueck"))
    if data.plot_address is not None:
        b.address(plot, X("anschrift"), data.plot_address)
    for parcel in data.parcels:
        _parcel(plot, parcel)
    for plan in data.development_plans:
        entry = b.sub(plot, X("bebauungsplan"))
        if plan.number:
            b.sub(entry, X("nummerBebauungsplan"), plan.number)
        else:
            b.sub(entry, X("bezeichnungBebauungsplan"), plan.title)
    if data.footprint is not None:
        area = b.sub(b.sub(location, X("lageBauvorhaben")), "flaeche")
        geojson_to_gml(area, "polygon", data.footprint, "footprint-1")


def emit_participation_request(msg: ParticipationRequest, *, schema_dir: SchemaDir = None) -> bytes:
    """0300 beteiligung.aufforderung to one agency, with deadline and the consequence of missing it."""
    root = b.message_root("0300", msg.envelope)
    b.bezug(root, X("bezug"), msg.case)
    b.sub(b.sub(root, X("referenzAufforderung")), X("referenzAuftrag"), str(msg.request_id))
    b.opt(root, X("zuBeteiligendeStelle"), msg.agency_label)
    for concern in msg.concerns:
        item = b.sub(root, X("anliegenBeteiligung"))
        b.code(item, X("rolle"), concern.role.value, PARTICIPATION_ROLES_LIST)
        b.code(item, X("rechtsbereich"), concern.legal_domain)
        b.formatted(item, X("grundDerBeteiligung"), concern.reason)
    project(root, msg.project)
    if msg.attachments:
        b.attachments(root, X("anlagen"), msg.attachments)
    b.sub(root, X("frist"), b.iso_date(msg.due_on))
    b.text(root, X("rechtsfolgeFristversaeumnis"), msg.consequence_of_default)
    return b.finish(root, schema_dir)
