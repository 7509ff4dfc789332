import pytest
from pyproj import Transformer

from permits.geometry import parse_submission
from permits.geometry.crs import parse_crs
from tests.geometry.geometry_helpers import E0, N0, building, collection, feature, submission


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("EPSG:25832", 25832),
        ("urn:ogc:def:crs:EPSG::25833", 25833),
        ("http://www.opengis.net/def/crs/EPSG/0/4326", 4326),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", 4326),
        (25832, 25832),
        ({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}, 25832),
        ("EPSG:31467", None),
        (True, None),
    ],
)
def test_crs_spellings(value, expected):
    assert parse_crs(value) == expected


def test_zone_prefixed_eastings_are_normalised():
    sub = submission()
    for part in ("plot", "footprints"):
        for feat in sub[part]["features"]:
            for position in feat["geometry"]["coordinates"][0]:
                position[0] += 32_000_000
    site = parse_submission(sub)
    assert site.plot.bounds == pytest.approx((E0, N0, E0 + 30, N0 + 30))
    assert site.footprints[0].polygon.area == pytest.approx(100.0)


def _reproject(sub, epsg):
    to_source = Transformer.from_crs(25832, epsg, always_xy=True)
    for part in ("plot", "footprints"):
        for feat in sub[part]["features"]:
            feat["geometry"]["coordinates"][0] = [
                list(to_source.transform(x, y)) for x, y in feat["geometry"]["coordinates"][0]
            ]
    return sub


@pytest.mark.parametrize("epsg", [25833, 4326])
def test_other_crs_given_as_argument_or_member(epsg):
    via_argument = parse_submission(_reproject(submission(), epsg), crs=f"EPSG:{epsg}")
    member = _reproject(submission(), epsg)
    member["plot"]["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{epsg}"}}
    member["crs"] = f"EPSG:{epsg}"
    via_member = parse_submission(member)
    for site in (via_argument, via_member):
        assert site.source_epsg == epsg
        assert site.plot.bounds == pytest.approx((E0, N0, E0 + 30, N0 + 30), abs=1e-3)
        assert site.footprints[0].polygon.area == pytest.approx(100.0, abs=1e-3)


def test_collection_crs_member_overrides_the_default():
    sub = submission(buildings=[])
    sub["footprints"] = _reproject(
        {"footprints": collection(building(10, 10, 10, 10)), "plot": collection()}
        | {"plot": {"type": "FeatureCollection", "features": []}},
        4326,
    )["footprints"]
    sub["footprints"]["crs"] = "EPSG:4326"
    site = parse_submission(sub)
    assert site.footprints[0].polygon.bounds == pytest.approx((E0 + 10, N0 + 10, E0 + 20, N0 + 20), abs=1e-3)


def test_three_dimensional_positions_are_accepted():
    sub = submission()
    feat = sub["footprints"]["features"][0]
    feat["geometry"]["coordinates"][0] = [[x, y, 42.0] for x, y in feat["geometry"]["coordinates"][0]]
    assert parse_submission(sub).footprints[0].polygon.area == pytest.approx(100.0)


def test_bare_geometry_and_single_feature_are_accepted():
    sub = submission()
    sub["plot"] = sub["plot"]["features"][0]["geometry"]
    sub["footprints"] = sub["footprints"]["features"][0]
    site = parse_submission(sub)
    assert site.plot.area == pytest.approx(900.0)
    assert feature is not None and len(site.footprints) == 1
