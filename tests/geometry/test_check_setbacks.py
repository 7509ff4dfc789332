from datetime import date

import pytest
from shapely.geometry import box

from permits.geometry import PlanContext, check_plot
from permits.geometry.plan import OpenSpace
from permits.geometry.rules import setback_depth, setback_rule
from tests.geometry.geometry_helpers import E0, N0, building, submission

NEW = date(2025, 3, 1)  # NBauO since 2024-07-01
OLD = date(2024, 6, 30)


@pytest.mark.parametrize(
    ("height", "zone", "on", "land", "expected"),
    [
        (10.0, "WA", NEW, "NI", 4.0),
        (10.0, "WA", OLD, "NI", 5.0),
        (6.0, "WA", NEW, "NI", 3.0),
        (7.5, "WA", NEW, "NI", 3.0),
        (10.0, "GE", NEW, "NI", 3.0),
        (16.0, "GI", OLD, "NI", 4.0),
        (20.0, "GE", NEW, "NI", 4.0),
        (10.0, None, NEW, "NW", 4.0),
        (10.0, "WA", OLD, "NW", 4.0),
    ],
)
def test_setback_depth_follows_rule_in_force(height, zone, on, land, expected):
    assert setback_depth(height, setback_rule(land, on), zone) == pytest.approx(expected)


def test_rule_switches_on_first_of_july_2024():
    assert setback_rule("NI", date(2024, 6, 30)).rule_id == "nbauo-2012"
    assert setback_rule("NI", date(2024, 7, 1)).rule_id == "nbauo-2024"
    assert setback_rule("BY", date(2024, 7, 1)).rule_id == "mbo"


def test_setback_exactly_on_the_plot_boundary_passes():
    # 10 m high, 4 m from the left and bottom plot boundary: needs exactly 4 m.
    report = check_plot(submission(buildings=[building(4, 4, 10, 10)]), NEW)
    check = report.check("setback_areas")
    assert check.passed
    assert check.measured == 0.0
    assert check.legal_basis == "§ 5 Abs. 2 NBauO"


def test_short_setback_reports_the_wall():
    report = check_plot(submission(buildings=[building(3, 4, 10, 10)]), NEW)
    check = report.check("setback_areas")
    assert not check.passed
    assert check.measured == pytest.approx(1.0)
    (wall,) = check.offending
    assert wall.wall_index == 3  # (3,14) → (3,4), the left wall
    assert wall.start == pytest.approx((E0 + 3, N0 + 14))
    assert wall.end == pytest.approx((E0 + 3, N0 + 4))
    assert wall.required_depth_m == pytest.approx(4.0)
    assert wall.available_depth_m == pytest.approx(3.0)
    assert wall.geometry.area == pytest.approx(10.0)
    assert not report.passed


def test_old_rule_needs_five_metres():
    report = check_plot(submission(buildings=[building(4, 4, 10, 10)]), OLD)
    check = report.check("setback_areas")
    assert report.setback_rule_id == "nbauo-2012"
    assert {w.wall_index for w in check.offending} == {0, 3}
    assert check.measured == pytest.approx(1.0)


def test_wall_numbers_follow_the_input_ring_order_when_it_runs_clockwise():
    sub = submission(buildings=[building(3, 4, 10, 10)])
    geometry = sub["footprints"]["features"][0]["geometry"]
    geometry["coordinates"][0] = geometry["coordinates"][0][::-1]  # (3,4),(3,14),(13,14),(13,4)
    (wall,) = check_plot(sub, NEW).check("setback_areas").offending
    assert wall.wall_index == 0  # the first input edge (3,4) → (3,14) is the left wall


def test_individual_wall_heights():
    # Only the left wall is high (12.5 m → 5 m); it stands 4.5 m from the boundary.
    sub = submission(buildings=[building(4.5, 6, 10, 10, height=6.0, wall_heights=[6.0, 6.0, 6.0, 12.5])])
    check = check_plot(sub, NEW).check("setback_areas")
    (wall,) = check.offending
    assert wall.wall_index == 3
    assert wall.required_depth_m == pytest.approx(5.0)
    assert wall.available_depth_m == pytest.approx(4.5)


def test_industrial_zone_uses_lower_factor():
    sub = submission(buildings=[building(3, 3, 10, 10)], zone_type="GE")
    assert check_plot(sub, NEW).check("setback_areas").passed
    assert not check_plot(submission(buildings=[building(3, 3, 10, 10)], zone_type="WA"), NEW).passed


def _road_plan(width: float) -> PlanContext:
    # A long public road south of the plot (plot from y=0 up).
    road = box(E0 - 500, N0 - width, E0 + 520, N0)
    return PlanContext(name="Test", open_spaces=(OpenSpace("public_road", road),))


def test_setback_may_reach_the_middle_of_an_adjoining_road():
    # Building on the southern plot boundary; road 10 m wide → half width 10200 / 2060 = 4.9515 m.
    high = submission(buildings=[building(10, 0, 10, 10, height=12.0)])  # needs 4.8 m
    assert check_plot(high, NEW, plan=_road_plan(10)).check("setback_areas").passed
    assert not check_plot(high, NEW).check("setback_areas").passed

    higher = submission(buildings=[building(10, 0, 10, 10, height=13.0)])  # needs 5.2 m
    (wall,) = check_plot(higher, NEW, plan=_road_plan(10)).check("setback_areas").offending
    assert wall.wall_index == 0
    assert wall.available_depth_m == pytest.approx(10200 / 2060, abs=1e-6)


def test_setbacks_of_two_buildings_must_not_overlap():
    sub = submission(plot=(0, 0, 40, 30), buildings=[building(4, 10, 10, 10), building(18, 10, 10, 10)])
    check = check_plot(sub, NEW).check("setback_overlap")
    assert not check.passed
    assert check.measured == pytest.approx(40.0)  # 4 m gap, both need 4 m, walls 10 m long
    assert check.legal_basis == "§ 5 Abs. 2 NBauO"
    (part,) = check.offending
    assert part.description == (
        "Abstandsflächen von Gebäude 1, Wand 2, und Gebäude 2, Wand 4, überdecken sich auf 40,00 m²."
    )


def test_setbacks_touching_between_buildings_pass():
    sub = submission(plot=(0, 0, 40, 30), buildings=[building(4, 10, 10, 10), building(22, 10, 10, 10)])
    assert check_plot(sub, NEW).check("setback_overlap").passed


def test_setback_area_on_another_building_is_reported():
    # Gap 2 m: each setback covers 2 × 10 m of the other building and the two overlap on 2 × 10 m.
    sub = submission(plot=(0, 0, 40, 30), buildings=[building(4, 10, 10, 10), building(16, 10, 10, 10)])
    check = check_plot(sub, NEW).check("setback_overlap")
    assert check.measured == pytest.approx(60.0)
    assert sorted(round(p.area_m2, 3) for p in check.offending) == [20.0, 20.0, 20.0]
    assert any(
        p.description.startswith("Die Abstandsfläche von Gebäude 1, Wand 2, liegt auf Gebäude 2")
        for p in check.offending
    )
