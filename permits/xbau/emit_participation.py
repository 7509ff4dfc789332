"""Emit the participation request (0300) to an agency, with the project as in the 0200 application."""

from __future__ import annotations

from pathlib import Path

from permits.xbau import builder as b
from permits.xbau.builder import X
from permits.xbau.codes import (
    BUILDING_CLASSES_LIST,
    DISCIPLINES_LIST,
    LAND_LIST,
    MEASURE_TYPES_LIST,
    MONUMENT_KINDS_LIST,
    PARTICIPATION_ROLES_LIST,
    PARTY_ROLES_LIST,
    STRUCTURAL_PROOFS_LIST,
)
from permits.xbau.geo import geojson_to_gml
from permits.xbau.messages import MonumentNote, ParticipationRequest, ProjectData
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


def _listed_or_text(parent: b.Element, tag: str, value: str, list_: tuple[str, str]) -> None:
    """A code of a listed value (digits), else the value as nichtGelisteterWert."""
    el = b.sub(parent, tag)
    if value.isdigit():
        b.code(el, X("code"), value, list_)
    else:
        b.sub(el, X("nichtGelisteterWert"), value)


def _people(el: b.Element, data: ProjectData) -> None:
    people = b.sub(el, X("beteiligte"))
    for owner in data.owners:
        b.party(b.sub(people, X("bauherr")), X("bauherr"), owner)
    if data.authorised_representative is not None:
        b.party(people, X("bevollmaechtigter"), data.authorised_representative)
    if data.designer is not None:
        _designer(people, data.designer)
    for other in data.other_participants:
        item = b.sub(people, X("weitereBeteiligte"))
        b.party(item, X("beteiligter"), other.party)
        _listed_or_text(item, X("rolle"), other.role, PARTY_ROLES_LIST)
        _listed_or_text(item, X("fachrichtung"), other.discipline, DISCIPLINES_LIST)
    b.party(people, X("gebuehrenpflichtiger"), data.fee_debtor)


def _figures(subject: b.Element, data: ProjectData) -> None:
    """bauvorhabenDatenblatt/flaechen/flaechen.BauNVO, in the schema's order."""
    figures = (
        data.building_height_m,
        data.full_storeys,
        data.plot_area_m2,
        data.footprint_area_m2,
        data.planned_grz,
        data.floor_area_m2,
        data.planned_gfz,
    )
    if all(v is None for v in figures):
        return
    baunvo = b.sub(b.sub(b.sub(subject, X("bauvorhabenDatenblatt")), X("flaechen")), X("flaechen.BauNVO"))
    if data.building_height_m is not None:
        b.sub(baunvo, X("hoeheDerBaulichenAnlage"), _decimal(data.building_height_m))
    b.opt(baunvo, X("anzahlVollgeschosse"), data.full_storeys)
    if data.plot_area_m2 is not None:
        b.sub(baunvo, X("flaecheDesBaugrundstuecks"), _decimal(data.plot_area_m2))
    _areas(baunvo, "grundflaechen", ("grundflaeche", data.footprint_area_m2), data.planned_grz)
    _areas(baunvo, "geschossflaechen", ("geschossflaeche", data.floor_area_m2), data.planned_gfz)


def _areas(baunvo: b.Element, block: str, area: tuple[str, float | None], ratio: float | None) -> None:
    """grundflaechen / geschossflaechen: the area and its planned ratio (…zahlGeplant)."""
    if area[1] is None and ratio is None:
        return
    el = b.sub(baunvo, X(block))
    if area[1] is not None:
        b.sub(el, X(area[0]), _decimal(area[1]))
    if ratio is not None:
        b.sub(el, X(f"{area[0]}nzahlGeplant"), _decimal(ratio))


def _subject(el: b.Element, data: ProjectData) -> None:
    subject = b.sub(el, X("gegenstand"))
    b.sub(b.sub(subject, X("anzahlDerGebaeude")), X("anzahlDerGebaeudeImBauvorhaben"), data.building_count)
    for measure in data.measure_types:
        b.code(subject, X("artDerMassnahme"), measure, MEASURE_TYPES_LIST)
    if data.building_class is not None or data.height_mbo_m is not None:
        classification = b.sub(subject, X("bauordnungsrechtlicheKlassifikation"))
        if data.building_class is not None:
            b.code(classification, X("gebaeudeklasse"), str(data.building_class), BUILDING_CLASSES_LIST)
        if data.height_mbo_m is not None:
            b.sub(classification, X("hoeheNachMBO"), _decimal(data.height_mbo_m))
    monuments = data.monuments or ((MonumentNote(),) if data.monument_affected else ())
    for monument in monuments:
        note = b.sub(subject, X("baudenkmalBetroffen"))
        if monument.kind:
            b.code(note, X("artDesBaudenkmals"), monument.kind, MONUMENT_KINDS_LIST)
        if monument.reasons:
            b.formatted(note, X("begruendung"), monument.reasons)
    _figures(subject, data)
    for proof in data.structural_proofs:
        check = b.sub(subject, X("pruefungBautechnischeNachweise"))
        b.sub(check, X("pruefungIstErforderlich"), "true" if proof.required else "false")
        if proof.kind:
            b.code(check, X("artDesBautechnischenNachweises"), proof.kind, STRUCTURAL_PROOFS_LIST)


def _location(el: b.Element, data: ProjectData) -> None:
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
        situation = b.sub(location, X("lageBauvorhaben"))
        geojson_to_gml(b.sub(situation, "flaeche"), "polygon", data.footprint, "footprint-1")
        b.opt(situation, "erlaeuterung", data.location_note)


def project(parent: b.Element, data: ProjectData) -> None:
    """xbau:bauvorhaben (type Bauvorhaben), the same structure as in the 0200 application."""
    el = b.sub(parent, X("bauvorhaben"))
    b.sub(el, X("bezeichnungDesBauvorhabens"), data.description)
    _people(el, data)
    _subject(el, data)
    _location(el, data)


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
