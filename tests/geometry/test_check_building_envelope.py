from datetime import date

import pytest
from shapely.geometry import LineString, box

from permits.geometry import CheckSettings, PlanContext, check_plot, plan_context
from tests.geometry.geometry_helpers import E0, N0, building, feature, rect, submission

ON = date(2025, 3, 1)


def _plan(*envelopes, lines=()) -> PlanContext:
    return PlanContext(
        name="Test",
        envelopes=tuple(box(E0 + a, N0 + b, E0 + c, N0 + d) for a, b, c, d in envelopes),
        building_lines=tuple(lines),
        has_envelope=True,
    )


def test_footprint_inside_envelope_passes():
    report = check_plot(submission(buildings=[building(8, 8, 10, 10)]), ON, plan=_plan((5, 5, 25, 25)))
    check = report.check("building_envelope")
    assert check.passed and check.measured == 0.0
    assert check.legal_basis == "§ 23 Abs. 3 BauNVO"


def test_footprint_on_the_envelope_edge_passes():
    assert (
        check_plot(submission(buildings=[building(5, 5, 10, 10)]), ON, plan=_plan((5, 5, 25, 25)))
        .check("building_envelope")
        .passed
    )


def test_footprint_crossing_the_envelope_fails_with_the_area_outside():
    report = check_plot(submission(buildings=[building(8, 8, 10, 10)]), ON, plan=_plan((10, 5, 25, 25)))
    check = report.check("building_envelope")
    assert not check.passed
    assert check.measured == pytest.approx(20.0)  # 2 m × 10 m beyond x = 10
    (part,) = check.offending
    assert part.description == "Gebäude 1 ragt mit 20,00 m² über die Baugrenze hinaus."
    assert "municipality" in report.agency_types  # a dispensation needs the municipality's consent


def test_envelope_tolerance_is_configurable():
    sub = submission(buildings=[building(9.95, 8, 10, 10)])  # 5 cm over the Baugrenze at x = 10
    assert check_plot(sub, ON, plan=_plan((10, 5, 25, 25))).check("building_envelope").passed
    strict = CheckSettings(tolerance_m=0.01)
    assert (
        not check_plot(sub, ON, plan=_plan((10, 5, 25, 25)), settings=strict)
        .check("building_envelope")
        .passed
    )


def test_plan_without_buildable_area_near_the_plot_fails():
    report = check_plot(submission(), ON, plan=_plan((100, 100, 120, 120)))
    assert not report.check("building_envelope").passed


def test_footprint_and_ancillary_must_lie_on_the_plot():
    sub = submission(buildings=[building(25, 10, 10, 10, height=3)], ancillary=[feature(rect(-2, 0, 4, 5))])
    check = check_plot(sub, ON).check("on_plot")
    assert not check.passed
    assert check.measured == pytest.approx(50.0 + 10.0)
    assert [p.description for p in check.offending] == [
        "Gebäude 1 ragt mit 50,00 m² über das Grundstück hinaus.",
        "Nebenanlage 1 ragt mit 10,00 m² über das Grundstück hinaus.",
    ]


def test_building_on_the_baulinie_passes_and_off_it_fails():
    line = LineString([(E0 - 10, N0 + 5), (E0 + 40, N0 + 5)])
    on_line = check_plot(submission(buildings=[building(8, 5, 10, 10)]), ON, plan=_plan(lines=[line]))
    check = on_line.check("building_line")
    assert check.passed and check.measured == pytest.approx(0.0)
    assert check.legal_basis == "§ 23 Abs. 2 BauNVO"

    near = check_plot(submission(buildings=[building(8, 5.1, 10, 10)]), ON, plan=_plan(lines=[line]))
    assert near.check("building_line").passed  # exactly the 0.1 m tolerance

    off = check_plot(submission(buildings=[building(8, 5.5, 10, 10)]), ON, plan=_plan(lines=[line]))
    check = off.check("building_line")
    assert not check.passed
    assert check.measured == pytest.approx(0.5)
    assert (
        check.offending[0].description
        == "Kein Gebäude steht auf der Baulinie 1; die nächste Wand weicht 0,50 m ab."
    )


def test_baulinie_outside_the_plot_is_not_checked():
    line = LineString([(E0 - 10, N0 - 5), (E0 + 40, N0 - 5)])
    report = check_plot(submission(), ON, plan=_plan(lines=[line]))
    assert "building_line" not in {c.check_id for c in report.checks}


def test_plan_context_from_xplanung_features():
    plot = box(E0, N0, E0 + 30, N0 + 30)
    features = [
        (box(E0 - 100, N0 - 100, E0 + 100, N0 + 100), {"featureType": "BP_Plan", "name": "Nr. 7"}),
        (box(E0 + 5, N0 + 5, E0 + 25, N0 + 25), {"featureType": "BP_UeberbaubareGrundstuecksFlaeche"}),
        (LineString([(E0, N0 + 5), (E0 + 30, N0 + 5)]), {"featureType": "BP_BauLinie"}),
        (box(E0 - 50, N0 - 8, E0 + 80, N0), {"featureType": "BP_StrassenVerkehrsFlaeche"}),
        (box(E0 - 50, N0 + 30, E0 + 80, N0 + 40), {"featureType": "BP_GruenFlaeche", "nutzungsform": "1000"}),
        (
            box(E0 - 100, N0 - 100, E0 + 100, N0 + 100),
            {
                "featureType": "BP_BaugebietsTeilFlaeche",
                "besondereArtDerBaulichenNutzung": "1200",
                "GRZ": "0,3",
            },
        ),
    ]
    context = plan_context(features, plot, "Nr. 7")
    assert context is not None
    assert (context.zone_type, context.grz, context.gfz) == ("WA", 0.3, None)
    assert len(context.envelopes) == 1 and len(context.building_lines) == 1
    assert [o.role for o in context.open_spaces] == ["public_road"]  # the private green does not count


def test_plan_context_is_none_outside_the_plan_area():
    plot = box(E0, N0, E0 + 30, N0 + 30)
    features = [(box(E0 + 1000, N0, E0 + 1100, N0 + 100), {"featureType": "BP_Plan"})]
    assert plan_context(features, plot) is None


def test_envelope_from_baugrenze_lines_when_no_area_is_given():
    plot = box(E0, N0, E0 + 30, N0 + 30)
    outline = LineString(
        [(E0 + 5, N0 + 5), (E0 + 25, N0 + 5), (E0 + 25, N0 + 25), (E0 + 5, N0 + 25), (E0 + 5, N0 + 5)]
    )
    context = plan_context([(outline, {"featureType": "BP_BauGrenze"})], plot)
    assert context is not None and context.has_envelope
    assert context.envelopes[0].area == pytest.approx(400.0)
