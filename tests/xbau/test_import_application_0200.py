"""Importing a building permit application (0200) from the portal."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from flask import Flask
from shapely.geometry import shape

from permits.xbau import (
    Organisation,
    Person,
    ProcedureType,
    SchemaViolation,
    case_details,
    parse_application,
    procedure_from_code,
)


def test_sample_application_maps_header_and_reference(sample_0200: bytes, xsd_dir: Path) -> None:
    app = parse_application(sample_0200, schema_dir=xsd_dir)

    assert app.message_id == UUID("3f8e2a52-6b1c-4c57-9f0e-2d7a1b9c4e01")
    assert app.application_id == UUID("9b2f6d0e-1a7c-4e8b-b3d5-6c0f4a2e8d11")
    assert (app.author.id, app.reader.id) == ("bap:05000000", "bab:05112000")
    assert app.test is True
    assert app.procedure is ProcedureType.SIMPLIFIED
    assert app.procedure_code is not None and app.procedure_code.code == "vereinfacht"
    assert app.measure_types == ("11",)
    assert app.description == "Neubau eines Einfamilienhauses mit Carport"
    assert app.monument_affected is False


def test_sample_application_fills_plot_people_and_attachments(sample_0200: bytes, xsd_dir: Path) -> None:
    app = parse_application(sample_0200, schema_dir=xsd_dir)

    (parcel,) = app.parcels
    assert (parcel.land, parcel.cadastral_district, parcel.cadastral_section) == ("05", "3290", "11")
    assert (parcel.parcel_numerator, parcel.parcel_denominator) == ("85", None)
    assert app.plot_area_m2 in (None, 684)
    (applicant,) = app.applicants
    assert isinstance(applicant, Person) and applicant.display_name == "Erika Muster"
    assert app.project_owners == (applicant,) and app.fee_debtor == applicant
    assert app.designer is not None and app.designer.party.display_name == "Max Planer"
    assert app.designer.profession == "Architekt"
    (attachment,) = app.attachments
    assert (attachment.attachment_type, attachment.mime_type) == ("1800", "application/pdf")
    assert (attachment.document_id, attachment.file_name) == ("_lageplan-v1", "lageplan.pdf")


def test_sample_footprint_is_a_12_by_10_metre_geojson_polygon(sample_0200: bytes, xsd_dir: Path) -> None:
    footprint = parse_application(sample_0200, schema_dir=xsd_dir).footprint

    assert footprint is not None and footprint["type"] == "Polygon"
    ring = footprint["coordinates"][0]
    assert ring[0] == ring[-1] == [338145.26, 5706249.03]  # EPSG:25832 easting/northing
    polygon = shape(footprint)
    assert polygon.is_valid
    assert polygon.area == pytest.approx(120.1, abs=0.2)


def test_case_details_have_the_app_shape(sample_0200: bytes, xsd_dir: Path) -> None:
    details = case_details(parse_application(sample_0200, schema_dir=xsd_dir))

    assert details["applicant"] == {
        "name": "Erika Muster",
        "street": "Beispielweg 1",
        "postal_code": "47199",
        "city": "Duisburg",
    }
    assert details["designer"] == {
        "name": "Max Planer, Architekt",
        "profession": "Architekt",
        "street": "Architektenstraße 7",
        "postal_code": "30159",
        "city": "Hannover",
    }
    assert details["project"] == {
        "description": "Neubau eines Einfamilienhauses mit Carport",
        "measure_type": "11",
        "measure_types": ["11"],
        "procedure": "simplified",
        "procedure_code": {
            "code": "vereinfacht",
            "list_uri": "urn:example:codeliste:verfahrensart",
            "list_version": "1",
        },
        "location_note": "Grundfläche des geplanten Wohnhauses, 12 m x 10 m (Beispielgeometrie; liegt im "
        "Flurstück und in der überbaubaren Fläche a1 2)",
    }
    assert details["plot"] == {
        "gemarkung": "3290",
        "flur": "11",
        "zaehler": "85",
        "parcels": [
            {"land": "05", "gemarkung": "3290", "gemarkung_number": "3290", "flur": "11", "zaehler": "85"}
        ],
    }
    assert (
        details["parties"]["owners"]
        == details["parties"]["applicants"]
        == [
            {
                "kind": "person",
                "given_name": "Erika",
                "family_name": "Muster",
                "name": "Erika Muster",
                "street": "Beispielweg 1",
                "postal_code": "47199",
                "city": "Duisburg",
                "xbau_id": "1c6e7f0a-2b3d-4e5f-8a9b-0c1d2e3f4a5b",
            }
        ]
    )
    assert details["xbau"]["portal_reference"] == "9b2f6d0e-1a7c-4e8b-b3d5-6c0f4a2e8d11"
    assert details["footprint"] == details["footprints"][0]
    assert "deviations" not in details and "plot_outline" not in details


def test_import_finds_the_schemas_through_the_app_config(app: Flask, sample_0200: bytes) -> None:
    assert parse_application(sample_0200).application_id == UUID("9b2f6d0e-1a7c-4e8b-b3d5-6c0f4a2e8d11")


def _enriched(sample: bytes) -> bytes:
    """The sample plus the optional parts the real portal sends: all inserted in schema order."""
    text = sample.decode("utf-8")
    replacements = {
        # applicant as an organisation
        "<xbau:antragsteller>\n    <natuerlichePerson>": "<xbau:antragsteller>\n    <organisation_marker>",
        '<xbau:verfahrensart listURI="urn:example:codeliste:verfahrensart" listVersionID="1">\n      '
        "<code>vereinfacht</code>": '<xbau:verfahrensart listURI="urn:permits:codeliste:verfahrensart" '
        'listVersionID="1.0"><code>64</code>',
        "<xbau:berechtigung>\n          <xbau:berufsbezeichnung>": "<xbau:berechtigung>"
        "<xbau:mitgliedschaftInland><xbau:mitgliedsnummerBundesland><xbau:mitgliedsnummer>AKNDS-12345"
        '</xbau:mitgliedsnummer><xbau:bundesland listVersionID="2010-04-01"><code>03</code></xbau:bundesland>'
        "</xbau:mitgliedsnummerBundesland></xbau:mitgliedschaftInland><xbau:berufsbezeichnung>",
        "<ort>Hannover</ort>\n            </anschrift>": "<ort>Hannover</ort></anschrift><kommunikation>"
        '<kanal listVersionID="3"><code>01</code></kanal><kennung>planer@architektur.example</kennung>'
        "</kommunikation>",
        "<code>11</code>\n      </xbau:artDerMassnahme>": "<code>11</code></xbau:artDerMassnahme>"
        "<xbau:bauordnungsrechtlicheKlassifikation><xbau:gebaeudeklasse><code>1</code></xbau:gebaeudeklasse>"
        "</xbau:bauordnungsrechtlicheKlassifikation><xbau:baudenkmalBetroffen/>"
        "<xbau:bauvorhabenDatenblatt><xbau:flaechen><xbau:flaechen.BauNVO>"
        "<xbau:flaecheDesBaugrundstuecks>684.00</xbau:flaecheDesBaugrundstuecks>"
        "<xbau:grundflaechen><xbau:grundflaechenzahlGeplant>0.18</xbau:grundflaechenzahlGeplant></xbau:grundflaechen>"
        "<xbau:geschossflaechen><xbau:geschossflaechenzahlGeplant>0.35</xbau:geschossflaechenzahlGeplant>"
        "</xbau:geschossflaechen></xbau:flaechen.BauNVO></xbau:flaechen></xbau:bauvorhabenDatenblatt>"
        "<xbau:herstellungskosten><xbau:summeHerstellungskosten>31250000</xbau:summeHerstellungskosten>"
        "</xbau:herstellungskosten>",
        "<xbau:grundstueck>\n          <xbau:flurstueck>": "<xbau:grundstueck><xbau:anschrift>"
        "<strasse>Am Deich</strasse><hausnummer>5</hausnummer><postleitzahl>47199</postleitzahl>"
        "<ort>Duisburg</ort>"
        "</xbau:anschrift><xbau:flurstueck>",
        "</xbau:flurstueck>\n        </xbau:grundstueck>": "</xbau:flurstueck><xbau:bebauungsplan>"
        "<xbau:nummerBebauungsplan>1123</xbau:nummerBebauungsplan></xbau:bebauungsplan><xbau:bebauungsplan>"
        "<xbau:bezeichnungBebauungsplan>Baerl-Nord</xbau:bezeichnungBebauungsplan></xbau:bebauungsplan>"
        "</xbau:grundstueck>",
        "</xbau:bauvorhaben>": "</xbau:bauvorhaben><xbau:beantragteAbweichung>"
        "<xbau:id>7a0c9e1b-2d3f-4a5b-8c6d-7e8f9a0b1c2d</xbau:id>"
        '<xbau:art listURI="urn:xoev-de:xbau:codeliste:abweichungart" listVersionID="2.1"><code>3</code>'
        "</xbau:art><xbau:vorschrift><textabsatz>§ 5 Abs. 2 NBauO</textabsatz></xbau:vorschrift>"
        "<xbau:begruendung><textabsatz>Grenzgarage mit 3,20 m Wandhöhe.</textabsatz></xbau:begruendung>"
        "</xbau:beantragteAbweichung>",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    person = text[
        text.index("<organisation_marker>") : text.index(
            "</natuerlichePerson>", text.index("<organisation_marker>")
        )
    ]
    organisation = (
        "<organisation><id>2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d</id><name><name>Muster Wohnbau GmbH</name>"
        "</name><anschrift><strasse>Hafenstraße</strasse><hausnummer>12</hausnummer>"
        "<postleitzahl>47119</postleitzahl><ort>Duisburg</ort></anschrift></organisation>"
    )
    text = text.replace(person + "</natuerlichePerson>", organisation, 1)
    return text.encode("utf-8")


def test_optional_parts_of_a_full_application_are_mapped(sample_0200: bytes, xsd_dir: Path) -> None:
    app = parse_application(_enriched(sample_0200), schema_dir=xsd_dir)  # validates first

    assert app.procedure is ProcedureType.FULL
    (applicant,) = app.applicants
    assert isinstance(applicant, Organisation) and applicant.name == "Muster Wohnbau GmbH"
    assert app.designer is not None and app.designer.chamber_number == "AKNDS-12345"
    assert app.designer.party.email == "planer@architektur.example"
    assert (app.building_class, app.monument_affected) == (1, True)
    assert (app.plot_area_m2, app.planned_grz, app.planned_gfz) == (684, 0.18, 0.35)
    assert app.construction_cost_cents == 31_250_000
    assert [(p.number, p.title) for p in app.development_plans] == [("1123", None), (None, "Baerl-Nord")]
    (deviation,) = app.requested_deviations
    assert (deviation.deviation_type.code, deviation.rule) == ("3", "§ 5 Abs. 2 NBauO")
    details = case_details(app)
    assert details["applicant"]["name"] == "Muster Wohnbau GmbH"
    assert details["designer"]["chamber_number"] == "AKNDS-12345"
    assert details["designer"]["email"] == "planer@architektur.example"
    project = {k: details["project"][k] for k in ("building_class", "construction_value_cents", "procedure")}
    assert project == {"building_class": 1, "construction_value_cents": 31_250_000, "procedure": "full"}
    assert (details["project"]["planned_grz"], details["project"]["planned_gfz"]) == (0.18, 0.35)
    assert details["project"]["monument_affected"] is True
    assert {k: details["plot"][k] for k in ("street", "postal_code", "city", "area_m2")} == {
        "street": "Am Deich 5",
        "postal_code": "47199",
        "city": "Duisburg",
        "area_m2": 684,
    }
    assert details["plot"]["development_plans"] == [{"number": "1123"}, {"title": "Baerl-Nord"}]
    assert details["deviations"][0]["type_label"] == "Abweichung (§ 67 Abs. 1 MBO)"


def test_a_schema_invalid_application_is_refused_with_line_numbers(sample_0200: bytes, xsd_dir: Path) -> None:
    broken = sample_0200.replace(b"<zaehler>85</zaehler>", b"").replace(
        b"<code>11</code>", b"<code>99</code>"
    )

    with pytest.raises(SchemaViolation) as refused:
        parse_application(broken, schema_dir=xsd_dir)

    assert refused.value.status == 422
    lines = {e.line for e in refused.value.schema_errors}
    assert len(refused.value.schema_errors) >= 2 and all(line > 0 for line in lines)
    assert "entspricht nicht dem XBau-2.6-Schema" in refused.value.message
    assert refused.value.to_problem()["errors"]["xml"][0].startswith("Zeile ")
    paths = {e.path for e in refused.value.schema_errors}
    assert (
        "/xbau:baugenehmigung.antrag.0200/xbau:bauvorhaben/xbau:gegenstand/xbau:artDerMassnahme/code" in paths
    )
    assert all(f", Element {e.path}: " in str(e) for e in refused.value.schema_errors)
    assert refused.value.to_problem()["schema_errors"][0].keys() == {"line", "path", "message"}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("vereinfacht", ProcedureType.SIMPLIFIED),
        ("63", ProcedureType.SIMPLIFIED),
        ("Vereinfachtes_Verfahren", ProcedureType.SIMPLIFIED),
        ("64", ProcedureType.FULL),
        ("regulaer", ProcedureType.FULL),
        ("Baugenehmigungsverfahren", ProcedureType.FULL),
        ("62", None),
        ("", None),
        (None, None),
    ],
)
def test_procedure_codes_map_to_our_procedure_types(code: str | None, expected: ProcedureType | None) -> None:
    assert procedure_from_code(code) is expected
