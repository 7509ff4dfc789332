"""Reading the minimal and the rich 0200: nothing dropped, nothing invented."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from shapely.geometry import LinearRing, shape

from permits.geometry import parse_submission
from permits.xbau import (
    Organisation,
    Person,
    ProcedureType,
    geometry_input,
    missing_facts,
    parse_application,
)
from tests.xbau.conftest import FIXTURES, IndependentValidator

RICH = FIXTURES / "baugenehmigung.antrag.0200_rich.xml"
MINIMAL = FIXTURES / "baugenehmigung.antrag.0200_minimal.xml"


@pytest.mark.parametrize("fixture", [RICH, MINIMAL], ids=["rich", "minimal"])
def test_fixtures_are_valid_xbau_2_6(fixture: Path, independent_validator: IndependentValidator) -> None:
    assert independent_validator.errors(fixture.read_bytes()) == []


def test_minimal_application_lacks_what_it_lacks(xsd_dir: Path) -> None:
    app = parse_application(MINIMAL.read_bytes(), schema_dir=xsd_dir)

    assert app.designer is None and app.procedure is None and app.procedure_code is None
    assert app.footprints == () and app.plot_outlines == () and app.plot_address is None
    (parcel,) = app.parcels
    assert (parcel.cadastral_section, parcel.parcel_numerator, parcel.parcel_denominator) == (
        None,
        "42",
        None,
    )
    assert app.building_class is None and app.construction_cost_cents is None
    assert app.measure_types == ("12",) and app.monuments == () and app.structural_check_required is None
    (applicant,) = app.applicants
    assert isinstance(applicant, Person) and applicant.address.street is None
    assert geometry_input(app) is None


def test_rich_application_keeps_every_parcel_measure_and_party(xsd_dir: Path) -> None:
    app = parse_application(RICH.read_bytes(), schema_dir=xsd_dir)

    assert app.application_id == UUID("c0ffee00-1234-4abc-8def-0123456789ab")
    assert (app.author.id, app.reader.id, app.test) == ("bap:03000000", "bab:03241001", False)
    assert app.procedure is ProcedureType.FULL
    assert (
        app.procedure_code is not None
        and app.procedure_code.list_uri == "urn:permits:codeliste:verfahrensart"
    )
    assert [
        (p.cadastral_district, p.cadastral_section, p.parcel_numerator, p.parcel_denominator)
        for p in app.parcels
    ] == [
        ("Linden", "4", "112", "3"),
        ("Linden", "4", "113", None),
    ]
    assert app.measure_types == ("11", "30")
    (applicant,) = app.applicants
    assert isinstance(applicant, Organisation) and applicant.representatives == ("Anna Berger",)
    assert isinstance(app.authorised_representative, Person)
    assert app.authorised_representative.display_name == "Jonas Vollmer"
    (other,) = app.other_parties
    assert other.party.display_name == "Tom Statik"
    assert (other.role and other.role.code, other.discipline and other.discipline.code) == ("06", "1")
    assert isinstance(app.fee_debtor, Organisation) and app.fee_debtor.name.startswith("Leinetal")
    assert app.designer is not None and app.designer.chamber_number == "AKNDS-12345"


def test_rich_application_keeps_figures_references_and_monument(xsd_dir: Path) -> None:
    app = parse_application(RICH.read_bytes(), schema_dir=xsd_dir)

    assert (app.prior_consultation, app.municipality_key) == ("BB-2025/0815", "03241001")
    assert [p.number for p in app.development_plans] == ["1234"]
    assert (app.height_mbo_m, app.building_height_m, app.full_storeys) == (6.9, 9.8, 3)
    assert (app.planned_grz, app.planned_gfz, app.plot_area_m2) == (0.16, 0.48, 750)
    assert app.structural_check_required is True
    (monument,) = app.monuments
    assert monument.kind is not None and monument.kind.code == "3"
    assert monument.reasons is not None and "Einzeldenkmal" in monument.reasons
    assert [(d.deviation_type.code, d.description is not None) for d in app.requested_deviations] == [
        ("3", True),
        ("1", False),
    ]


def test_rich_application_keeps_all_ten_attachments(xsd_dir: Path) -> None:
    attachments = parse_application(RICH.read_bytes(), schema_dir=xsd_dir).attachments

    assert len(attachments) == 10
    links = [a for a in attachments if a.url]
    deferred = [a for a in attachments if a.deferred]
    assert [a.attachment_type for a in links] == ["2801"] and links[0].document_id is None
    assert [(a.attachment_type, a.document_id) for a in deferred] == [("2701", "_brandschutz")]
    missing = missing_facts(parse_application(RICH.read_bytes(), schema_dir=xsd_dir), delivered={"_lageplan"})
    assert len(missing) == 8  # the seven files not sent along and the announced one; nothing else lacks
    assert missing[0] == "Bauvorlage „Baubeschreibung“: Datei nicht übermittelt"
    assert missing[1] == "Bauvorlage „Grundrisse EG bis DG“ (Grundrisse): Datei nicht übermittelt"
    assert missing[-1] == "Bauvorlage „Brandschutznachweis“: wird nachgereicht"


def test_clockwise_footprint_and_named_plot_outline_make_a_valid_check_input(xsd_dir: Path) -> None:
    app = parse_application(RICH.read_bytes(), schema_dir=xsd_dir)

    (outline,) = app.plot_outlines
    (footprint,) = app.footprints
    assert shape(outline).area == pytest.approx(750)
    ring = footprint["coordinates"][0]
    assert LinearRing(ring).is_ccw  # drawn clockwise, stored as GeoJSON wants it
    assert ring[:4] == [
        [552410.0, 5800308.0],
        [552422.0, 5800308.0],
        [552422.0, 5800318.0],
        [552410.0, 5800318.0],
    ]
    submission = geometry_input(app)
    assert submission is not None and submission["land"] == "03"
    site = parse_submission(submission)
    (building,) = site.footprints
    assert building.polygon.area == pytest.approx(120)
    assert site.plot.contains(building.polygon)
