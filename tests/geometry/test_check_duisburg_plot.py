"""A real parcel (Duisburg-Baerl, Flur 11, Flurstück 85) with the XBau sample's 12 × 10 m house."""

import json
from datetime import date

import pytest
from lxml import etree

from permits.geometry import check_plot, draw_site_plan, parse_submission, site_context
from permits.geometry.index import LayerIndex
from permits.geometry.layer_input import parse_layer_features
from tests.geometry.geometry_helpers import shared_file

# lageBauvorhaben polygon of ../shared/xbau/samples/baugenehmigung.antrag.0200_duisburg-baerl_example.xml
HOUSE = [
    [338145.26, 5706249.03],
    [338154.13, 5706257.12],
    [338147.39, 5706264.51],
    [338138.52, 5706256.42],
    [338145.26, 5706249.03],
]


@pytest.fixture(scope="module")
def duisburg():
    plot = json.loads(shared_file("flurstueck_05329001100085.geojson").read_text(encoding="utf-8"))
    plan = json.loads(shared_file("bplan_1251_baerl.geojson").read_text(encoding="utf-8"))
    features = parse_layer_features(plan)
    layer = {
        "id": 1,
        "name": "Bebauungsplan 1251 Baerl",
        "kind": "development_plan",
        "revision": 1,
        "checksum": "test",
    }
    index = LayerIndex.build(layer, [g for g, _ in features], [p for _, p in features])
    house = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "wohnhaus",
                "properties": {"height": 8.5, "floors": 2},
                "geometry": {"type": "Polygon", "coordinates": [HOUSE]},
            }
        ],
    }
    site = parse_submission({"land": "05", "zone_type": "WA", "plot": plot, "footprints": house})
    return site, index


def test_sample_house_on_the_real_parcel(duisburg):
    site, index = duisburg
    plan, constraints = site_context([index], site)
    assert plan is not None and constraints == []
    assert len(plan.envelopes) == 1  # überbaubare Fläche "a1 2"
    assert [o.role for o in plan.open_spaces] == ["public_green"]  # public green (nutzungsform 2000) adjoins
    assert site.plot.area == pytest.approx(683.56, abs=0.01)
    assert site.footprints[0].polygon.area == pytest.approx(120.076, abs=0.001)

    report = check_plot(site, date(2026, 2, 20), plan=plan)
    assert report.land == "NW" and report.setback_rule_id == "mbo"
    assert report.check("on_plot").passed
    assert report.check("building_envelope").passed
    assert report.check("setback_areas").passed  # 0.4 × 8.5 = 3.4 m; the house keeps ≥ 5.1 m
    assert report.check("site_coverage").measured == pytest.approx(120.076 / 683.56, abs=1e-4)  # 0.1757
    assert report.check("floor_area_ratio").measured == pytest.approx(2 * 120.076 / 683.56, abs=1e-4)
    # The plan's Baulinie crosses the parcel; the sample house stands 0.18–0.19 m behind it.
    line = report.check("building_line")
    assert not line.passed
    assert line.measured == pytest.approx(0.194, abs=0.001)
    assert report.agency_types == ["fire_protection_office", "municipality"]
    etree.fromstring(draw_site_plan(site, report, plan).encode())


def test_sample_house_passes_the_baulinie_with_a_wider_tolerance(duisburg):
    from permits.geometry import CheckSettings

    site, index = duisburg
    plan, _ = site_context([index], site)
    report = check_plot(site, date(2026, 2, 20), plan=plan, settings=CheckSettings(tolerance_m=0.2))
    assert report.passed
    assert report.agency_types == ["fire_protection_office"]


def test_too_high_house_breaks_the_setback_towards_the_neighbour(duisburg):
    site, index = duisburg
    plan, _ = site_context([index], site)
    tall = site.__class__(
        **{
            **site.__dict__,
            "footprints": tuple(fp.__class__(**{**fp.__dict__, "height_m": 14.0}) for fp in site.footprints),
        }
    )
    report = check_plot(tall, date(2026, 2, 20), plan=plan)
    check = report.check("setback_areas")
    assert not check.passed  # 0.4 × 14 = 5.6 m, more than the ~5.1 m to the boundary
    assert all(w.required_depth_m == pytest.approx(5.6) for w in check.offending)
    assert min(w.available_depth_m for w in check.offending) == pytest.approx(5.116, abs=0.01)
