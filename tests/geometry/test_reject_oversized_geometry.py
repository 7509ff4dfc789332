"""Oversized submissions are refused before any geometry is built, with a German message naming the limit."""

import math
import time
from datetime import date

import pytest

from permits.geometry import InvalidGeometry, check_plot, parse_submission
from permits.geometry import input as input_mod
from permits.geometry.rules import (
    MAX_BUILDING_POINTS,
    MAX_FEATURES,
    MAX_POINTS,
    MAX_POINTS_PER_POLYGON,
    MAX_POLYGONS,
    MAX_RINGS_PER_POLYGON,
)
from tests.geometry.geometry_helpers import E0, N0, building, collection, feature, ring, submission

SIMPLIFY = "Bitte die Umrisse vereinfachen oder den Antrag aufteilen."


def _circle(x: float, y: float, radius: float, points: int) -> list[list[float]]:
    """A closed ring of `points` positions (the last repeats the first) around (x, y) from the origin."""
    corners = [
        [
            E0 + x + radius * math.cos(2 * math.pi * i / (points - 1)),
            N0 + y + radius * math.sin(2 * math.pi * i / (points - 1)),
        ]
        for i in range(points - 1)
    ]
    return [*corners, corners[0]]


def _polygon(*rings: list[list[float]]) -> dict:
    return {"type": "Polygon", "coordinates": list(rings)}


def _round_building(x: float, y: float, radius: float, points: int) -> dict:
    return feature(_polygon(_circle(x, y, radius, points)), height=6.0, floors=2)


@pytest.fixture
def nothing_is_built(monkeypatch):
    """Fail the test if the parser (and with it numpy, pyproj and shapely) is reached at all."""

    def refuse(*args, **kwargs):
        raise AssertionError("the limits must refuse the input before it is parsed")

    monkeypatch.setattr(input_mod, "_Parser", refuse)


def _refuse(sub) -> tuple[str, str, str]:
    with pytest.raises(InvalidGeometry) as info:
        parse_submission(sub)
    (problem,) = info.value.problems
    return problem.path, problem.code, problem.message


def test_a_plot_with_too_many_points_is_refused(nothing_is_built):
    sub = {
        "plot": _polygon(_circle(15, 15, 15, MAX_POINTS_PER_POLYGON + 1)),
        "footprints": building(10, 10, 5, 5),
    }
    assert _refuse(sub) == (
        "plot/0/geometry",
        "too_many_points",
        f"Grundstück 1: Eine Fläche hat 2.001 Punkte; zulässig sind höchstens 2.000 je Fläche. {SIMPLIFY}",
    )


def test_buildings_with_too_many_walls_together_are_refused(nothing_is_built):
    per_building = MAX_BUILDING_POINTS // 3 + 1
    sub = submission(buildings=[_round_building(5 + 8 * i, 15, 3, per_building) for i in range(3)])
    assert _refuse(sub) == (
        "footprints/2/geometry",
        "too_many_points",
        "Die Gebäudegrundrisse haben zusammen mehr als 1.000 Punkte; zulässig sind höchstens 1.000. "
        + SIMPLIFY,
    )


def test_too_many_points_altogether_are_refused(nothing_is_built):
    plots = [
        feature(_polygon(_circle(100 * i, 0, 40, MAX_POINTS_PER_POLYGON)))
        for i in range(MAX_POINTS // MAX_POINTS_PER_POLYGON)
    ]
    sub = {"plot": collection(*plots), "footprints": building(10, 10, 5, 5)}
    assert _refuse(sub) == (
        "footprints/0/geometry",
        "too_many_points",
        f"Die Geometrien haben zusammen mehr als 10.000 Punkte; zulässig sind höchstens 10.000. {SIMPLIFY}",
    )


def test_too_many_features_are_refused(nothing_is_built):
    sub = submission(buildings=[building(i % 10, i // 10, 0.5, 0.5) for i in range(MAX_FEATURES)])
    assert _refuse(sub) == (
        "",
        "too_many_features",
        "Die Eingabe enthält 101 Flächen (Grundstück, Gebäude und Nebenanlagen); "
        f"zulässig sind höchstens 100. {SIMPLIFY}",
    )


def test_a_multipolygon_with_too_many_parts_is_refused(nothing_is_built):
    parts = [[ring(2 * i, 0, 1, 1)] for i in range(MAX_POLYGONS + 1)]
    sub = {"plot": {"type": "MultiPolygon", "coordinates": parts}, "footprints": building(10, 10, 5, 5)}
    assert _refuse(sub) == (
        "plot/0/geometry",
        "too_many_polygons",
        f"Die Eingabe enthält mehr als 200 Teilflächen; zulässig sind höchstens 200. {SIMPLIFY}",
    )


def test_a_polygon_with_too_many_holes_is_refused(nothing_is_built):
    holes = [ring(1 + 0.5 * i, 1, 0.2, 0.2)[::-1] for i in range(MAX_RINGS_PER_POLYGON)]
    sub = submission(ancillary=[feature(_polygon(ring(0, 0, 30, 3), *holes), kind="garage")])
    assert _refuse(sub) == (
        "ancillary/0/geometry",
        "too_many_rings",
        "Nebenanlage 1: Eine Fläche hat 51 Umringe (Außenkontur und Aussparungen); "
        "zulässig sind höchstens 50.",
    )


@pytest.mark.parametrize(
    "sub",
    [
        # About a million points (24 MB as JSON): one ring shared a million times costs no memory here.
        pytest.param(
            submission(buildings=[feature(_polygon([[E0, N0]] * 1_000_000), height=6.0, floors=2)]),
            id="one-huge-ring",
        ),
        pytest.param(submission(buildings=[building(1, 1, 1, 1)] * 1_000_000), id="a-million-buildings"),
        pytest.param(
            {"plot": {"type": "MultiPolygon", "coordinates": [[ring(0, 0, 1, 1)]] * 1_000_000}},
            id="a-million-parts",
        ),
        pytest.param(
            submission(plot=(0, 0, 30, 30), ancillary=[feature(_polygon(*([[]] * 1_000_000)))]),
            id="a-million-rings",
        ),
    ],
)
def test_huge_input_is_refused_at_once(sub, nothing_is_built):
    start = time.perf_counter()
    with pytest.raises(InvalidGeometry):
        parse_submission(sub)
    assert time.perf_counter() - start < 0.1  # parsing it would take tens of seconds


def test_a_large_but_realistic_site_just_under_the_limits_is_checked():
    # A big irregular parcel, two round buildings in 1° arcs and finely drawn paved areas.
    house_points = MAX_BUILDING_POINTS // 2 - 1
    plot = feature(_polygon(_circle(0, 0, 60, MAX_POINTS_PER_POLYGON)))
    houses = [_round_building(-15 + 30 * i, 0, 6, house_points) for i in range(2)]
    paved = [
        feature(_polygon(_circle(-30 + 20 * i, -40, 4, MAX_POINTS_PER_POLYGON)), kind="driveway")
        for i in range(3)
    ]
    shed_points = MAX_POINTS - 4 * MAX_POINTS_PER_POLYGON - 2 * house_points - 1
    paved.append(feature(_polygon(_circle(40, -30, 3, shed_points)), kind="shed"))
    sub = {
        "zone_type": "WA",
        "plot": collection(plot),
        "footprints": collection(*houses),
        "ancillary": collection(*paved),
    }
    report = check_plot(sub, date(2025, 3, 1))
    assert report.passed, [c.to_dict() for c in report.checks if not c.passed]
    site = parse_submission(sub)
    points = [site.plot, *(f.polygon for f in site.footprints), *(a.area for a in site.ancillary)]
    assert sum(len(p.exterior.coords) for p in points) == MAX_POINTS - 1
