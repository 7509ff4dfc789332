"""The case's records as the `bauvorhaben` of outgoing messages: parties, parcels, measures, figures.

Reads `case.details` in the shape the application API and the 0200 import write (see
`permits/xbau/application_details.py`): `parties` (owners, designer, authorised representative, others,
fee debtor, each with `kind` person/organisation), `plot.parcels` (all Flurstücke), `project.measure_types`
(all measures) and the declared figures; an API-submitted case has the flat `applicant`, `designer`,
`plot` and `project.measure_type` only. Nothing is invented: a fact the records lack is left out.

Akteur ids are stable: the id the portal sent with a party (`xbau_id`), else one derived from the case and
the party's role, so a message built twice names the same people with the same ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from permits.models import Case
from permits.xbau.messages import MonumentNote, OtherParticipant, ProjectData, StructuralProof
from permits.xbau.model import Address, Designer, DevelopmentPlan, Organisation, Parcel, Party, Person

LOWER_SAXONY = "03"
UNKNOWN_NAME = "unbekannt"
Record = Mapping[str, Any]


def akteur_id(case: Case, role: str, given: Any = None) -> uuid.UUID:
    """The id the party came with, else a stable one for (case, role)."""
    if given:
        try:
            return uuid.UUID(str(given))
        except ValueError:
            pass
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:permits:case:{case.public_id}:akteur:{role}")


def address(entry: Record) -> Address:
    return Address(
        street=entry.get("street") or None,
        house_number=entry.get("house_number") or None,
        postal_code=entry.get("postal_code") or None,
        city=entry.get("city") or None,
    )


def _split_name(name: str) -> tuple[str, str] | None:
    """'Clara Entwurf, Architektin' -> ('Clara', 'Entwurf'); None when there is no given name."""
    words = name.split(",", 1)[0].split()
    if len(words) < 2:
        return None
    return " ".join(words[:-1]), words[-1]


def party(case: Case, role: str, entry: Record | None, *, person: bool = False) -> Party:
    """A party of the records as an Akteur: a natural person when the record is one (or, for roles that
    are people, such as the designer, when its name reads as one), else an organisation."""
    entry = entry or {}
    pid = akteur_id(case, role, entry.get("xbau_id") or entry.get("id"))
    where = address(entry)
    if entry.get("family_name") and entry.get("given_name"):
        return Person(str(entry["family_name"]), str(entry["given_name"]), where, pid)
    name = str(entry.get("name") or UNKNOWN_NAME)
    if entry.get("kind") != "organisation" and (person or entry.get("kind") == "person"):
        split = _split_name(name)
        if split is not None:
            return Person(split[1], split[0], where, pid)
    return Organisation(name, where, pid)


def parcels(plot: Record) -> tuple[Parcel, ...]:
    """Every Flurstück of the plot (`plot.parcels`), or the single one the plot's own fields name."""
    listed: Sequence[Record] = plot.get("parcels") or [plot]
    return tuple(p for p in (_parcel(item) for item in listed) if p is not None)


def _parcel(item: Record) -> Parcel | None:
    number = item.get("gemarkung_number")
    name = item.get("gemarkung_name")
    if not (number or name):
        gemarkung = str(item.get("gemarkung") or "")
        number, name = (gemarkung, None) if gemarkung.isdigit() else (None, gemarkung or None)
    if not item.get("zaehler") or not (number or name):
        return None
    return Parcel(
        land=str(item.get("land") or LOWER_SAXONY),
        parcel_numerator=str(item["zaehler"]),
        cadastral_district_number=number,
        cadastral_district_name=None if number else name,  # XBau: number or name, a choice
        cadastral_section=item.get("flur") or None,
        parcel_denominator=item.get("nenner") or None,
    )


def measure_types(project: Record) -> tuple[str, ...]:
    listed = project.get("measure_types") or [project.get("measure_type") or "11"]
    return tuple(dict.fromkeys(str(code) for code in listed if code))


def _development_plans(plot: Record) -> tuple[DevelopmentPlan, ...]:
    plans: list[Any] = list(plot.get("development_plans") or [])
    if not plans and plot.get("development_plan"):
        plans = [plot["development_plan"]]
    result = []
    for plan in plans:
        if isinstance(plan, Mapping):
            number, title = plan.get("number"), plan.get("title")
            if number or title:
                result.append(DevelopmentPlan(number or None, None if number else title))
        elif plan:
            result.append(DevelopmentPlan(str(plan)))
    return tuple(result)


def _parties(details: Record) -> Record:
    return details.get("parties") or {}


def _optional_party(case: Case, role: str, entry: Record | None) -> Party | None:
    return party(case, role, entry) if entry else None


def _owners(case: Case, details: Record) -> tuple[Party, ...]:
    owners = _parties(details).get("owners")
    if owners:
        return tuple(party(case, f"bauherr:{i}", entry) for i, entry in enumerate(owners))
    return (party(case, "bauherr:0", details.get("applicant")),)


def _designer(case: Case, details: Record) -> Designer | None:
    flat = details.get("designer")
    person = _parties(details).get("designer")
    if not (flat or person):
        return None
    merged = {**(flat or {}), **(person or {})}
    name = str((flat or {}).get("name") or "")
    profession = name.split(",", 1)[1].strip() if "," in name else None
    return Designer(
        party(case, "entwurfsverfasser", merged, person=True),
        chamber_number=merged.get("chamber_number") or None,
        profession=merged.get("profession") or profession or None,
    )


def _others(case: Case, details: Record) -> tuple[OtherParticipant, ...]:
    """weitereBeteiligte: XBau needs a role and a discipline for each; those without are left out."""
    result = []
    for i, entry in enumerate(_parties(details).get("others") or []):
        role = entry.get("role") or entry.get("role_label")
        if role and entry.get("discipline"):
            result.append(
                OtherParticipant(party(case, f"beteiligter:{i}", entry), str(role), str(entry["discipline"]))
            )
    return tuple(result)


def _number(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


def _integer(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def _monuments(project: Record) -> tuple[MonumentNote, ...]:
    return tuple(
        MonumentNote(str(m["kind"]) if m.get("kind") else None, m.get("reasons") or None)
        for m in project.get("monuments") or []
    )


def _structural_proofs(project: Record) -> tuple[StructuralProof, ...]:
    return tuple(
        StructuralProof(bool(c.get("required")), str(c["kind"]) if c.get("kind") else None)
        for c in project.get("structural_checks") or []
    )


def project_data(case: Case) -> ProjectData:
    """`bauvorhaben` from the case's records: all owners, parcels and measures the application named."""
    details = case.details or {}
    project = details.get("project") or {}
    plot = details.get("plot") or {}
    owners = _owners(case, details)
    debtor = _parties(details).get("fee_debtor")
    representative = _parties(details).get("authorised_representative")
    plot_address = address(plot)
    return ProjectData(
        description=project.get("description") or case.title,
        owners=owners,
        fee_debtor=_optional_party(case, "gebuehrenpflichtiger", debtor) or owners[0],
        parcels=parcels(plot),
        measure_types=measure_types(project),
        designer=_designer(case, details),
        authorised_representative=_optional_party(case, "bevollmaechtigter", representative),
        other_participants=_others(case, details),
        building_class=_integer(project.get("building_class")),
        height_mbo_m=_number(project.get("height_mbo_m")),
        monument_affected=bool(project.get("monument_affected")),
        monuments=_monuments(project),
        building_height_m=_number(project.get("building_height_m")),
        full_storeys=_integer(project.get("full_storeys")),
        plot_address=plot_address if plot_address.street_line or plot_address.city else None,
        plot_area_m2=_number(plot.get("area_m2")),
        footprint_area_m2=_number(project.get("footprint_area_m2")),
        planned_grz=_number(project.get("planned_grz")),
        floor_area_m2=_number(project.get("floor_area_m2")),
        planned_gfz=_number(project.get("planned_gfz")),
        structural_proofs=_structural_proofs(project),
        development_plans=_development_plans(plot),
        footprint=details.get("footprint"),
        location_note=project.get("location_note") or None,
    )
