from datetime import date

import pytest
from shapely.geometry import LineString, box

from permits.geometry import AGENCY_TYPES, ConstraintArea, PlanContext, check_plot
from permits.geometry.rules import AGENCY_RULES
from tests.geometry.geometry_helpers import E0, N0, building, submission

ON = date(2025, 3, 1)
PLAN = PlanContext(name="Nr. 1", envelopes=(box(E0, N0, E0 + 30, N0 + 30),), has_envelope=True)


def _area(kind, x0, y0, x1, y1, name=None, buffer_m=None):
    return ConstraintArea("Ebene", kind, box(E0 + x0, N0 + y0, E0 + x1, N0 + y1), name, buffer_m)


def test_every_agency_rule_uses_the_shared_vocabulary():
    assert {rule.agency_type for rule in AGENCY_RULES.values()} <= set(AGENCY_TYPES)


def test_small_house_in_a_plan_needs_no_agency():
    report = check_plot(submission(buildings=[building(10, 10, 10, 10, height=6.5)]), ON, plan=PLAN)
    assert report.agencies == ()


def test_monument_next_to_the_plot_involves_the_monument_authority():
    monument = _area("monument", 30, 0, 40, 10, name="Alte Mühle")  # touches the plot's east boundary
    report = check_plot(
        submission(buildings=[building(10, 10, 10, 10, height=6)]), ON, plan=PLAN, constraints=[monument]
    )
    (hit,) = report.constraint_hits
    assert (hit.agency_type, hit.legal_basis, hit.label) == (
        "monument_authority",
        "§§ 8, 10 NDSchG",
        "Denkmalschutz „Alte Mühle“",
    )
    assert hit.overlap_m2 == 0.0
    assert report.agency_types == ["monument_authority"]
    assert report.agencies[0].reason == (
        "Grundstück berührt ein Baudenkmal oder dessen geschützte Umgebung: "
        "Denkmalschutz „Alte Mühle“ (Ebene „Ebene“)"
    )


def test_water_protection_counts_only_where_something_is_built():
    zone = _area("water_protection", 0, 0, 8, 30)  # western 8 m of the plot
    outside = check_plot(
        submission(buildings=[building(10, 10, 10, 10, height=6)]), ON, plan=PLAN, constraints=[zone]
    )
    assert outside.constraint_hits == ()
    inside = check_plot(
        submission(buildings=[building(5, 10, 10, 10, height=6)]), ON, plan=PLAN, constraints=[zone]
    )
    (hit,) = inside.constraint_hits
    assert hit.overlap_m2 == pytest.approx(30.0)  # 3 m × 10 m of the house
    assert inside.agency_types == ["water_authority"]


def test_federal_road_buffer_of_twenty_metres():
    road = ConstraintArea(
        "B 6", "federal_road", LineString([(E0 - 100, N0 - 10), (E0 + 100, N0 - 10)]), "B 6"
    )
    at_20 = check_plot(
        submission(buildings=[building(10, 10, 10, 10, height=6)]), ON, plan=PLAN, constraints=[road]
    )
    assert at_20.agency_types == ["road_authority"]  # exactly 20 m away: inside the zone
    at_21 = check_plot(
        submission(buildings=[building(10, 11, 10, 10, height=6)]), ON, plan=PLAN, constraints=[road]
    )
    assert at_21.agency_types == []
    wider = ConstraintArea("B 6", "federal_road", road.geometry, "B 6", buffer_m=40.0)
    assert check_plot(
        submission(buildings=[building(10, 11, 10, 10, height=6)]), ON, plan=PLAN, constraints=[wider]
    ).agency_types == ["road_authority"]


def test_nature_reserve_and_flood_area():
    report = check_plot(
        submission(buildings=[building(10, 10, 10, 10, height=6)]),
        ON,
        plan=PLAN,
        constraints=[_area("nature_reserve", 25, 25, 60, 60), _area("flood_area", 0, 0, 30, 12)],
    )
    assert report.agency_types == ["nature_conservation", "water_authority"]


@pytest.mark.parametrize(
    ("height", "building_class", "expected"),
    [
        (7.0, None, []),
        (7.01, None, ["fire_protection_office"]),
        (6.0, 4, ["fire_protection_office"]),
        (6.0, 3, []),
    ],
)
def test_fire_protection_office_for_high_buildings(height, building_class, expected):
    props = {"building_class": building_class} if building_class else {}
    report = check_plot(
        submission(buildings=[building(10, 10, 10, 10, height=height, **props)]), ON, plan=PLAN
    )
    assert report.agency_types == expected


def test_outside_a_development_plan_the_municipality_must_consent():
    report = check_plot(submission(buildings=[building(10, 10, 10, 10, height=6)]), ON)
    assert report.agency_types == ["municipality"]
    assert report.agencies[0].rule_id == "plan:outside_plan"
    assert report.agencies[0].legal_basis == "§ 36 BauGB"
