from datetime import date

import pytest

from permits.geometry import PlanContext, check_plot
from tests.geometry.geometry_helpers import building, feature, rect, submission

ON = date(2025, 3, 1)
PLOT_684 = (0, 0, 30, 22.8)  # 684 m², the sample parcel's size


def test_brief_example_wa_house_and_ancillary_areas_pass():
    # 120 m² house (2 storeys) + 95 m² of carport, drive and shed on 684 m² in WA.
    sub = submission(
        plot=PLOT_684,
        buildings=[building(2, 2, 12, 10, height=6.0, floors=2)],
        ancillary=[feature(rect(2, 15, 19, 5), kind="driveway")],
        zone_type="WA",
    )
    report = check_plot(sub, ON)
    grz, total, gfz = (report.check(c) for c in ("site_coverage", "site_coverage_total", "floor_area_ratio"))
    assert grz.measured == pytest.approx(120 / 684)  # 0.175
    assert grz.limit == 0.4 and grz.passed
    assert total.measured == pytest.approx(215 / 684)  # 0.314
    assert total.limit == pytest.approx(0.6) and total.passed
    assert gfz.measured == pytest.approx(240 / 684)  # 0.35
    assert round(gfz.measured, 2) == 0.35
    assert gfz.limit == 1.2 and gfz.passed
    assert grz.legal_basis == "§ 19 Abs. 2 BauNVO (Orientierungswert WA)"
    assert total.legal_basis == "§ 19 Abs. 4 BauNVO (Orientierungswert WA)"
    assert dict(report.metrics)["ancillary_area_m2"] == pytest.approx(95.0)


def test_grz_exactly_on_the_limit_passes():
    # 24 × 11.4 m = 273.6 m² = 0.4 × 684 m².
    sub = submission(
        plot=PLOT_684, buildings=[building(3, 3, 24, 11.4, height=6.0, floors=1)], zone_type="WA"
    )
    check = check_plot(sub, ON).check("site_coverage")
    assert check.measured == pytest.approx(0.4)
    assert check.passed


def test_grz_just_above_the_limit_fails():
    sub = submission(
        plot=PLOT_684, buildings=[building(3, 3, 24, 11.5, height=6.0, floors=1)], zone_type="WA"
    )
    check = check_plot(sub, ON).check("site_coverage")
    assert check.measured == pytest.approx(276 / 684)
    assert not check.passed


def test_ancillary_overrun_exactly_on_fifty_percent_passes():
    # 120 m² house + 264 + 26.4 m² ancillary = 410.4 m² = 0.6 × 684 m².
    sub = submission(
        plot=PLOT_684,
        buildings=[building(3, 3, 12, 10, height=6.0)],
        ancillary=[
            feature(rect(0, 14, 30, 8.8), kind="parking"),
            feature(rect(16, 3, 12, 2.2), kind="garage"),
        ],
        zone_type="WA",
    )
    total = check_plot(sub, ON).check("site_coverage_total")
    assert total.measured == pytest.approx(410.4 / 684)
    assert total.passed


def test_ancillary_under_a_building_is_not_counted_twice():
    sub = submission(
        plot=PLOT_684,
        buildings=[building(3, 3, 12, 10, height=6.0)],
        ancillary=[feature(rect(3, 3, 12, 5), kind="underground")],
        zone_type="WA",
    )
    assert check_plot(sub, ON).check("site_coverage_total").measured == pytest.approx(120 / 684)


def test_mixed_area_overrun_is_capped_at_0_8():
    # MI: GRZ 0.6, +50 % would be 0.9, capped to 0.8. 300 m² house + 281.4 m² paved = 0.85.
    sub = submission(
        plot=PLOT_684,
        buildings=[building(0, 0, 30, 10, height=6.0, floors=1)],
        ancillary=[feature(rect(0, 10, 30, 9.38), kind="parking")],
        zone_type="MI",
    )
    report = check_plot(sub, ON)
    assert report.check("site_coverage").passed
    total = report.check("site_coverage_total")
    assert total.limit == pytest.approx(0.8)
    assert total.measured == pytest.approx(581.4 / 684)
    assert not total.passed


def test_core_area_keeps_its_grz_above_the_cap():
    sub = submission(plot=PLOT_684, buildings=[building(0, 0, 30, 20, height=6.0, floors=1)], zone_type="MK")
    total = check_plot(sub, ON).check("site_coverage_total")
    assert total.limit == pytest.approx(1.0)
    assert total.passed


def test_plan_values_take_precedence_over_guide_values():
    plan = PlanContext(name="Nr. 12", grz=0.3, gfz=0.5, zone_type="WA")
    sub = submission(plot=PLOT_684, buildings=[building(0, 0, 24, 10, height=6.0, floors=2)])
    report = check_plot(sub, ON, plan=plan)
    grz, total, gfz = (report.check(c) for c in ("site_coverage", "site_coverage_total", "floor_area_ratio"))
    assert (grz.limit, grz.passed) == (0.3, False)  # 240 / 684 = 0.351
    assert total.limit == pytest.approx(0.45)
    assert gfz.limit == 0.5 and gfz.measured == pytest.approx(480 / 684) and not gfz.passed
    assert grz.legal_basis == "§ 19 Abs. 2 BauNVO (Bebauungsplan Nr. 12)"


def test_gfz_counts_every_full_storey():
    sub = submission(
        plot=PLOT_684,
        buildings=[building(2, 2, 12, 10, height=9.0, floors=3), building(16, 2, 8, 8, height=3.0, floors=1)],
        zone_type="WA",
    )
    assert check_plot(sub, ON).check("floor_area_ratio").measured == pytest.approx((360 + 64) / 684)


def test_without_zone_type_coverage_is_not_checked():
    report = check_plot(submission(plot=PLOT_684), ON)
    assert {c.check_id for c in report.checks}.isdisjoint({"site_coverage", "floor_area_ratio"})
    assert (
        "Weder der Bebauungsplan noch die Eingabe nennen eine Baugebietsart; GRZ und GFZ nicht geprüft."
        in (report.notes)
    )
