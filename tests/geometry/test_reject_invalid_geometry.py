import math
from datetime import date

import pytest

from permits.errors import InvalidInput
from permits.geometry import InvalidGeometry, check_plot, parse_submission
from tests.geometry.geometry_helpers import E0, N0, building, collection, feature, rect, ring, submission


def _with_footprint_geometry(geometry, **props):
    props = {"height": 10.0, "floors": 2, **props}
    return submission(buildings=[feature(geometry, **props)])


def _reject(sub, **kwargs) -> InvalidGeometry:
    with pytest.raises(InvalidGeometry) as info:
        parse_submission(sub, **kwargs)
    return info.value


def _single(error: InvalidGeometry):
    assert len(error.problems) == 1, error.problems
    return error.problems[0]


def _polygon(*points):
    return {"type": "Polygon", "coordinates": [[[E0 + x, N0 + y] for x, y in points]]}


CASES = [
    pytest.param(
        _polygon((0, 0), (10, 10), (10, 0), (0, 10), (0, 0)),
        "self_intersection",
        "Gebäude 1: Die Umrisslinie schneidet sich selbst (bei E 550005,00 / N 5800005,00).",
        id="self-intersection",
    ),
    pytest.param(
        _polygon((0, 0), (10, 0), (10, 10), (0, 10)),
        "unclosed_ring",
        "Gebäude 1: Umring 1 ist nicht geschlossen; der letzte Punkt muss dem ersten gleichen.",
        id="unclosed-ring",
    ),
    pytest.param(
        _polygon((0, 0), (10, 0), (0, 0)),
        "too_few_points",
        "Gebäude 1: Umring 1 hat nur 3 Punkte; nötig sind mindestens 4 (3 Eckpunkte und als letzter Punkt "
        "wieder der erste).",
        id="too-few-points",
    ),
    pytest.param(
        _polygon((0, 0), (10, 0), (10, 0), (0, 0)),
        "too_few_points",
        "Gebäude 1: Umring 1 hat nur 2 verschiedene Eckpunkte; nötig sind mindestens 3.",
        id="two-distinct-corners",
    ),
    pytest.param(
        _polygon((0, 0), (math.nan, 0), (10, 10), (0, 0)),
        "non_finite_coordinate",
        "Gebäude 1: Die Koordinaten enthalten ungültige Zahlenwerte (NaN oder unendlich).",
        id="nan",
    ),
    pytest.param(
        _polygon((0, 0), (math.inf, 0), (10, 10), (0, 0)),
        "non_finite_coordinate",
        "Gebäude 1: Die Koordinaten enthalten ungültige Zahlenwerte (NaN oder unendlich).",
        id="inf",
    ),
    pytest.param(
        {"type": "Polygon", "coordinates": [[[9.7, 52.3], [9.71, 52.3], [9.71, 52.31], [9.7, 52.3]]]},
        "outside_germany",
        "Gebäude 1: Der Punkt (9,70 / 52,30) liegt in EPSG:25832 außerhalb Deutschlands; bitte das "
        "Koordinatenreferenzsystem prüfen.",
        id="wgs84-given-as-utm",
    ),
    pytest.param(
        {"type": "Polygon", "coordinates": [ring(10_000_000, 0, 10, 10)]},
        "outside_germany",
        "Gebäude 1: Der Punkt (10550000,00 / 5800000,00) liegt in EPSG:25832 außerhalb Deutschlands; "
        "bitte das "
        "Koordinatenreferenzsystem prüfen.",
        id="far-away",
    ),
    pytest.param(
        {"type": "LineString", "coordinates": ring(0, 0, 10, 10)},
        "not_a_polygon",
        "Gebäude 1: Erwartet wird eine Fläche (Polygon), angegeben ist „LineString“.",
        id="line-as-footprint",
    ),
    pytest.param(
        {"type": "MultiPolygon", "coordinates": [[ring(0, 0, 10, 10)]]},
        "not_a_polygon",
        "Gebäude 1: Erwartet wird eine Fläche (Polygon), angegeben ist „MultiPolygon“.",
        id="multipolygon-as-footprint",
    ),
    pytest.param(
        _polygon((0, 0), (10, 0), (20, 0), (0, 0)),
        "zero_area",
        "Gebäude 1: Die Fläche hat den Flächeninhalt 0 m².",
        id="zero-area",
    ),
    pytest.param(
        None,
        "missing_geometry",
        "Gebäude 1: Die Geometrie fehlt.",
        id="missing-geometry",
    ),
    pytest.param(
        {"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], ["a", "b"]]]},
        "malformed_coordinates",
        "Gebäude 1: Die Koordinaten sind nicht lesbar; erwartet werden Zahlenpaare (Rechtswert, Hochwert).",
        id="malformed",
    ),
    pytest.param(
        {"type": "Polygon", "coordinates": [ring(0, 0, 10, 10), ring(20, 20, 2, 2)]},
        "invalid_geometry",
        "Gebäude 1: Die Geometrie ist ungültig: eine Aussparung liegt außerhalb der Außenkontur.",
        id="hole-outside",
    ),
]


@pytest.mark.parametrize(("geometry", "code", "message"), CASES)
def test_bad_footprint_geometry_is_rejected_with_exact_message(geometry, code, message):
    error = _reject(_with_footprint_geometry(geometry))
    problem = _single(error)
    assert (problem.path, problem.code, problem.message) == ("footprints/0/geometry", code, message)
    assert error.field_errors == {"footprints/0/geometry": [message]}
    assert error.message == message
    assert isinstance(error, InvalidInput) and error.status == 422
    assert error.to_problem()["problems"] == [
        {"path": "footprints/0/geometry", "code": code, "message": message}
    ]


def test_missing_height_is_rejected():
    sub = submission(buildings=[feature(rect(5, 5, 10, 10), floors=2)])
    problem = _single(_reject(sub))
    assert (problem.path, problem.code) == ("footprints/0/properties/height", "missing_height")
    assert problem.message == "Gebäude 1: Die Höhe (Eigenschaft „height“ in Metern) fehlt."


@pytest.mark.parametrize("height", [0, -3, "hoch", math.nan, True])
def test_invalid_height_is_rejected(height):
    problem = _single(_reject(submission(buildings=[building(5, 5, 10, 10, height=height)])))
    assert (problem.path, problem.code) == ("footprints/0/properties/height", "invalid_height")
    assert problem.message == f"Gebäude 1: Die Höhe muss eine Zahl größer als 0 sein (angegeben: „{height}“)."


def test_missing_and_invalid_floors_are_rejected():
    sub = submission(buildings=[feature(rect(5, 5, 10, 10), height=6.0), building(16, 5, 5, 5, floors=1.5)])
    error = _reject(sub)
    assert error.codes == {
        "footprints/0/properties/floors": "missing_floors",
        "footprints/1/properties/floors": "invalid_floors",
    }
    assert error.message == "Die Eingabe enthält 2 Fehler in den Geometrien."
    assert error.field_errors["footprints/1/properties/floors"] == [
        "Gebäude 2: Die Zahl der Vollgeschosse muss eine ganze Zahl ab 1 sein (angegeben: „1.5“)."
    ]


def test_feature_id_names_the_feature():
    feat = feature(_polygon((0, 0), (10, 0), (10, 10), (0, 10)), height=6, floors=1)
    feat["id"] = "haus-a"
    problem = _single(_reject(submission(buildings=[feat])))
    assert problem.message.startswith("Gebäude 1 („haus-a“): Umring 1 ist nicht geschlossen")


def test_every_faulty_feature_is_reported_at_once():
    sub = submission(
        buildings=[building(5, 5, 10, 10), feature(None, height=3, floors=1)],
        ancillary=[feature({"type": "Point", "coordinates": [E0, N0]})],
    )
    sub["plot"] = collection(feature(_polygon((0, 0), (30, 0), (30, 30), (0, 30))))
    error = _reject(sub)
    assert error.codes == {
        "plot/0/geometry": "unclosed_ring",
        "footprints/1/geometry": "missing_geometry",
        "ancillary/0/geometry": "not_a_polygon",
    }
    assert error.field_errors["plot/0/geometry"] == [
        "Grundstück 1: Umring 1 ist nicht geschlossen; der letzte Punkt muss dem ersten gleichen."
    ]
    assert error.field_errors["ancillary/0/geometry"] == [
        "Nebenanlage 1: Erwartet wird eine Fläche (Polygon), angegeben ist „Point“."
    ]


def test_missing_plot_and_footprints():
    error = _reject({"footprints": collection()})
    assert error.codes == {"plot": "missing_plot", "footprints": "missing_footprint"}
    assert error.field_errors == {
        "plot": ["Das Grundstück (Flurstücksfläche) fehlt."],
        "footprints": ["Es ist kein Gebäudegrundriss angegeben."],
    }


def test_unsupported_crs_land_and_zone_type():
    error = _reject(submission(crs="EPSG:31467", land="XX", zone_type="WZ"))
    assert error.codes == {"crs": "unsupported_crs", "land": "invalid_land", "zone_type": "invalid_zone_type"}
    assert error.field_errors["crs"] == [
        "Das Koordinatenreferenzsystem „EPSG:31467“ wird nicht unterstützt; "
        "zulässig sind EPSG:25832, EPSG:25833 "
        "und EPSG:4326."
    ]
    assert error.field_errors["land"] == ["„XX“ ist kein deutsches Land."]


def test_not_a_collection_and_not_an_object():
    assert _reject(submission(footprints="Haus")).codes == {"footprints": "invalid_collection"}
    assert _single(_reject([1, 2])).message == "Die Eingabe muss ein JSON-Objekt sein."


def test_wall_heights_must_match_the_walls():
    problem = _single(_reject(submission(buildings=[building(5, 5, 10, 10, wall_heights=[6, 6, 6])])))
    assert (problem.path, problem.code) == ("footprints/0/properties/wall_heights", "invalid_wall_heights")
    assert (
        problem.message
        == "Gebäude 1: „wall_heights“ muss für jede der 4 Außenwände eine Höhe größer als 0 enthalten."
    )


def test_building_class_must_be_one_to_five():
    problem = _single(_reject(submission(buildings=[building(5, 5, 10, 10, building_class=6)])))
    assert (problem.code, problem.message) == (
        "invalid_building_class",
        "Gebäude 1: Die Gebäudeklasse muss 1 bis 5 sein (angegeben: „6“).",
    )


def test_check_plot_raises_the_same_error():
    with pytest.raises(InvalidGeometry) as info:
        check_plot(_with_footprint_geometry(None), date(2025, 1, 1))
    assert info.value.codes == {"footprints/0/geometry": "missing_geometry"}


def test_properties_that_are_no_object_count_as_missing():
    sub = submission(
        buildings=[{"type": "Feature", "properties": [8.0, 2], "geometry": rect(10, 10, 5, 5)}],
        ancillary=[{"type": "Feature", "properties": "garage", "geometry": rect(1, 1, 2, 2)}],
    )
    assert _reject(sub).codes == {
        "footprints/0/properties/height": "missing_height",
        "footprints/0/properties/floors": "missing_floors",
    }
