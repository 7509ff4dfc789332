"""What a case makes of an imported 0200: its `details`, the facts still missing, the geometry check input.

`case_details` keeps the shape the rest of the app reads (applicant, designer, project, plot, footprint)
and adds everything else the message carried:

- `project`: `measure_types` (all codes; `measure_type` is the first), `procedure_code`
  ({code, list_uri, list_version} as sent), `height_mbo_m`, `building_height_m`, `full_storeys`,
  `footprint_area_m2`, `floor_area_m2`, `planned_grz`, `planned_gfz`, `monument_affected`, `monuments`
  ([{kind, kind_list_uri, reasons}]), `structural_check_required`, `structural_checks` ([{required, kind}]),
  `prior_consultation` (Bauberatung file reference), `prior_decision` ({file_reference, dated}),
  `location_note`;
- `plot`: the first parcel flat (as before), `parcels` (all: land, gemarkung, gemarkung_number,
  gemarkung_name, flur, zaehler, nenner), `municipality_key` (AGS), `development_plans` ([{number, title}]),
  `development_plan` (the first number);
- `parties`: `applicants`, `owners`, `authorised_representative`, `designer`, `others`, `fee_debtor`, each
  {kind, name, given_name, family_name, street, postal_code, city, email, representatives, xbau_id} (others
  also role, role_label, discipline);
- `deviations`: [{id, type, type_label, list_uri, list_version, rule, description, reasons}];
- `footprints` (all building polygons), `plot_outline` (the plot polygon, if the portal sent one);
- `xbau`: {message_id, portal_reference, author {id, name}, reader {id, name}, created_at}.

Keys whose value the message lacks are left out: a missing fact is never filled with a guess. What the
completeness check must ask for is `missing_facts`, German labels for the officer.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from permits.codelists import DeviationType, DocumentType, PartyRole
from permits.xbau.application import ImportedApplication, OtherParty
from permits.xbau.model import Address, Attachment, Parcel, Party, Person


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != "" and v != [] and v != {}}


def _address(address: Address | None) -> dict[str, Any]:
    if address is None:
        return {}
    return {"street": address.street_line, "postal_code": address.postal_code, "city": address.city}


def _number(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def party_details(party: Party | None) -> dict[str, Any] | None:
    if party is None:
        return None
    if isinstance(party, Person):
        specific: dict[str, Any] = {
            "kind": "person",
            "given_name": party.given_name,
            "family_name": party.family_name,
        }
    else:
        specific = {"kind": "organisation", "representatives": list(party.representatives)}
    return _compact(
        {
            **specific,
            "name": party.display_name,
            **_address(party.address),
            "email": party.email,
            "xbau_id": str(party.id) if party.id.int else None,
        }
    )


def _other_party(other: OtherParty) -> dict[str, Any]:
    role = other.role.code if other.role else None
    return _compact(
        {
            **(party_details(other.party) or {}),
            "role": role,
            "role_label": PartyRole.label_of(role) or other.role_text,
            "discipline": (other.discipline.code if other.discipline else None) or other.discipline_text,
        }
    )


def _parcel(parcel: Parcel) -> dict[str, Any]:
    return _compact(
        {
            "land": parcel.land,
            "gemarkung": parcel.cadastral_district_name or parcel.cadastral_district_number,
            "gemarkung_number": parcel.cadastral_district_number,
            "gemarkung_name": parcel.cadastral_district_name,
            "flur": parcel.cadastral_section,
            "zaehler": parcel.parcel_numerator,
            "nenner": parcel.parcel_denominator,
        }
    )


def _designer(app: ImportedApplication) -> dict[str, Any] | None:
    if app.designer is None:
        return None
    person = app.designer.party
    name = person.display_name
    if app.designer.profession:
        name = f"{name}, {app.designer.profession}"
    return _compact(
        {
            "name": name,
            "profession": app.designer.profession,
            "chamber_number": app.designer.chamber_number,
            **_address(person.address),
            "email": person.email,
        }
    )


def _project(app: ImportedApplication) -> dict[str, Any]:
    code = app.procedure_code
    decision = app.prior_decision
    return _compact(
        {
            "description": app.description,
            "measure_type": app.measure_type,
            "measure_types": list(app.measure_types),
            "building_class": app.building_class,
            # XBau sends production costs (Herstellungskosten); the fee officer confirms the Rohbauwert.
            "construction_value_cents": app.construction_cost_cents,
            "procedure": app.procedure.value if app.procedure else None,
            "procedure_code": code
            and _compact({"code": code.code, "list_uri": code.list_uri, "list_version": code.list_version}),
            "height_mbo_m": app.height_mbo_m,
            "building_height_m": app.building_height_m,
            "full_storeys": app.full_storeys,
            "footprint_area_m2": _number(app.footprint_area_m2),
            "floor_area_m2": _number(app.floor_area_m2),
            "planned_grz": app.planned_grz,
            "planned_gfz": app.planned_gfz,
            "monument_affected": True if app.monument_affected else None,
            "monuments": [
                _compact({"kind": m.kind.code if m.kind else None, "reasons": m.reasons})
                for m in app.monuments
            ],
            "structural_check_required": app.structural_check_required,
            "structural_checks": [
                _compact({"required": c.required, "kind": c.kind.code if c.kind else None})
                for c in app.structural_checks
            ],
            "prior_consultation": app.prior_consultation,
            "prior_decision": decision
            and _compact(
                {
                    "file_reference": decision.file_reference,
                    "dated": decision.dated.isoformat() if decision.dated else None,
                    "reference": str(decision.reference) if decision.reference else None,
                }
            ),
            "location_note": app.location_note,
        }
    )


def _plot(app: ImportedApplication) -> dict[str, Any]:
    first = _parcel(app.parcels[0]) if app.parcels else {}
    plans = [_compact({"number": p.number, "title": p.title}) for p in app.development_plans]
    return _compact(
        {
            **_address(app.plot_address),
            "gemarkung": first.get("gemarkung"),
            "flur": first.get("flur"),
            "zaehler": first.get("zaehler"),
            "nenner": first.get("nenner"),
            "area_m2": _number(app.plot_area_m2),
            "municipality_key": app.municipality_key,
            "parcels": [_parcel(p) for p in app.parcels],
            "development_plans": plans,
            "development_plan": next((p.number for p in app.development_plans if p.number), None),
        }
    )


def _parties(app: ImportedApplication) -> dict[str, Any]:
    return _compact(
        {
            "applicants": [party_details(p) for p in app.applicants],
            "owners": [party_details(p) for p in app.project_owners],
            "authorised_representative": party_details(app.authorised_representative),
            "designer": party_details(app.designer.party) if app.designer else None,
            "others": [_other_party(o) for o in app.other_parties],
            "fee_debtor": party_details(app.fee_debtor),
        }
    )


def _deviations(app: ImportedApplication) -> list[dict[str, Any]]:
    official = DeviationType.code_list()
    result = []
    for deviation in app.requested_deviations:
        kind = deviation.deviation_type
        known = official is not None and kind.list_uri in (None, official.uri)
        result.append(
            _compact(
                {
                    "id": str(deviation.id),
                    "type": kind.code,
                    "type_label": DeviationType.label_of(kind.code) if known else None,
                    "list_uri": kind.list_uri,
                    "list_version": kind.list_version,
                    "rule": deviation.rule,
                    "description": deviation.description,
                    "reasons": deviation.reasons,
                }
            )
        )
    return result


def case_details(app: ImportedApplication) -> dict[str, Any]:
    """The case `details` of an imported application (see the module docstring); no guesses."""
    applicant = app.applicants[0] if app.applicants else None
    details: dict[str, Any] = {
        "applicant": applicant
        and _compact(
            {"name": applicant.display_name, **_address(applicant.address), "email": applicant.email}
        ),
        "designer": _designer(app),
        "project": _project(app),
        "plot": _plot(app),
        "parties": _parties(app),
        "deviations": _deviations(app),
        "footprint": app.footprint,
        "footprints": list(app.footprints),
        "plot_outline": _outline(app.plot_outlines),
        "xbau": {
            "message_id": str(app.message_id),
            "portal_reference": str(app.application_id),
            "author": {"id": app.author.id, "name": app.author.name},
            "reader": {"id": app.reader.id, "name": app.reader.name},
            "created_at": app.created_at.isoformat(),
        },
    }
    return {k: v for k, v in details.items() if v}


def _outline(outlines: tuple[dict[str, Any], ...]) -> dict[str, Any] | None:
    if not outlines:
        return None
    if len(outlines) == 1:
        return outlines[0]
    return {"type": "MultiPolygon", "coordinates": [o["coordinates"] for o in outlines]}


# -- what the completeness check has to ask for ------------------------------------------------------


def _parcel_name(parcel: Parcel) -> str:
    number = parcel.parcel_numerator + (f"/{parcel.parcel_denominator}" if parcel.parcel_denominator else "")
    return f"Flurstück {number} (Gemarkung {parcel.cadastral_district})"


def _document_name(attachment: Attachment) -> str:
    kind = DocumentType.label_of(attachment.attachment_type) or f"Anlageart {attachment.attachment_type}"
    title = attachment.title or kind
    return f"„{title}“ ({kind})" if title != kind else f"„{title}“"


def missing_documents(attachments: Iterable[Attachment], delivered: Collection[str]) -> list[str]:
    """Announced (wirdNachgereicht) documents and attached files that did not arrive with the message."""
    result = []
    for attachment in attachments:
        if attachment.url is not None or attachment.document_id in delivered:
            continue  # a link is where the portal keeps the file; a delivered file is here
        state = "wird nachgereicht" if attachment.deferred else "Datei nicht übermittelt"
        result.append(f"Bauvorlage {_document_name(attachment)}: {state}")
    return result


def missing_facts(app: ImportedApplication, delivered: Collection[str] = ()) -> list[str]:
    """German labels of what the application lacks for the procedure, in the order of the form.

    `delivered` are the dokumentids whose files came with the message. The procedure is not judged here:
    whether a code is unknown is the importer's business (it knows the authority's default).
    """
    missing = []
    applicant = app.applicants[0] if app.applicants else None
    if applicant is not None and not _compact(_address(applicant.address)):
        missing.append("Anschrift der Antragstellerin/des Antragstellers")
    if app.designer is None:
        missing.append("Entwurfsverfasserin/Entwurfsverfasser")
    if app.plot_address is None:
        missing.append("Anschrift des Baugrundstücks")
    missing += [f"Flur von {_parcel_name(p)}" for p in app.parcels if not p.cadastral_section]
    if app.building_class is None:
        missing.append("Gebäudeklasse")
    if app.construction_cost_cents is None:
        missing.append("Herstellungskosten (für die Gebühr)")
    missing += _missing_geometry(app)
    missing += missing_documents(app.attachments, delivered)
    return missing


def _missing_geometry(app: ImportedApplication) -> list[str]:
    """What the plot geometry check needs and the message does not carry."""
    missing = []
    if not app.footprints:
        missing.append("Lage des Bauvorhabens (Gebäudegrundriss als Geometrie)")
    if not app.plot_outlines:
        missing.append("Grundstücksfläche als Geometrie (für die Geometrieprüfung)")
    if app.building_height_m is None:
        missing.append("Höhe der baulichen Anlage (für die Abstandsflächen)")
    if app.full_storeys is None:
        missing.append("Zahl der Vollgeschosse")
    return missing


def geometry_input(app: ImportedApplication) -> dict[str, Any] | None:
    """The plot geometry check's input (as an API draft's `geometry`), or None when a part is missing."""
    if not (app.footprints and app.plot_outlines and app.building_height_m and app.full_storeys):
        return None
    properties: dict[str, Any] = {"height": app.building_height_m, "floors": app.full_storeys}
    if app.building_class is not None:
        properties["building_class"] = app.building_class
    submission: dict[str, Any] = {
        "plot": _collection(app.plot_outlines, {"name": "Baugrundstück"}),
        "footprints": _collection(app.footprints, properties),
    }
    land = app.parcels[0].land if app.parcels else None
    if land:
        submission["land"] = land
    return submission


def _collection(polygons: Iterable[dict[str, Any]], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": dict(properties), "geometry": p} for p in polygons],
    }
