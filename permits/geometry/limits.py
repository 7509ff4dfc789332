"""Size limits of a submission, checked on the raw JSON before any geometry is built.

Only list lengths are read, and counting stops at the first limit exceeded, so the check takes the same
few microseconds whether the request holds ten points or ten million.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from permits.geometry.errors import GeometryProblem, InvalidGeometry
from permits.geometry.format import de_count
from permits.geometry.rules import (
    MAX_BUILDING_POINTS,
    MAX_FEATURES,
    MAX_POINTS,
    MAX_POINTS_PER_POLYGON,
    MAX_POLYGONS,
    MAX_RINGS_PER_POLYGON,
)
from permits.geometry.site import feature_id_of, feature_label

_SIMPLIFY = "Bitte die Umrisse vereinfachen oder den Antrag aufteilen."


def check_size(sections: Mapping[str, Any]) -> None:
    """Raise InvalidGeometry when the submission is too large to check.

    `sections` maps a section name (plot, footprints, ancillary) to its list of GeoJSON features; anything
    malformed is left for the parser to report.
    """
    problem = _size_problem({key: value for key, value in sections.items() if isinstance(value, list)})
    if problem is not None:
        raise InvalidGeometry([problem])


def _size_problem(sections: Mapping[str, list[Any]]) -> GeometryProblem | None:
    features = sum(len(value) for value in sections.values())
    if features > MAX_FEATURES:
        return GeometryProblem(
            "",
            "too_many_features",
            f"Die Eingabe enthält {de_count(features)} Flächen (Grundstück, Gebäude und Nebenanlagen); "
            f"zulässig sind höchstens {de_count(MAX_FEATURES)}. {_SIMPLIFY}",
        )
    polygons = points = building_points = 0
    for key, value in sections.items():
        for index, feature in enumerate(value):
            path = f"{key}/{index}/geometry"
            parts = _polygons(feature)
            polygons += len(parts)
            if polygons > MAX_POLYGONS:
                return GeometryProblem(
                    path,
                    "too_many_polygons",
                    f"Die Eingabe enthält mehr als {de_count(MAX_POLYGONS)} Teilflächen; zulässig sind "
                    f"höchstens {de_count(MAX_POLYGONS)}. {_SIMPLIFY}",
                )
            feature_points = 0
            for part in (p for p in parts if isinstance(p, list)):
                problem = _polygon_problem(path, feature_label(key, index, feature_id_of(feature)), part)
                if problem is not None:
                    return problem
                feature_points += _points(part)
            points += feature_points
            building_points += feature_points if key == "footprints" else 0
            if points > MAX_POINTS:
                return _too_many_points(path, "Die Geometrien haben", MAX_POINTS)
            if building_points > MAX_BUILDING_POINTS:
                return _too_many_points(path, "Die Gebäudegrundrisse haben", MAX_BUILDING_POINTS)
    return None


def _too_many_points(path: str, subject: str, limit: int) -> GeometryProblem:
    return GeometryProblem(
        path,
        "too_many_points",
        f"{subject} zusammen mehr als {de_count(limit)} Punkte; zulässig sind höchstens {de_count(limit)}. "
        f"{_SIMPLIFY}",
    )


def _polygon_problem(path: str, label: str, part: list[Any]) -> GeometryProblem | None:
    if len(part) > MAX_RINGS_PER_POLYGON:
        return GeometryProblem(
            path,
            "too_many_rings",
            f"{label}: Eine Fläche hat {de_count(len(part))} Umringe (Außenkontur und Aussparungen); "
            f"zulässig sind höchstens {de_count(MAX_RINGS_PER_POLYGON)}.",
        )
    points = _points(part)
    if points > MAX_POINTS_PER_POLYGON:
        return GeometryProblem(
            path,
            "too_many_points",
            f"{label}: Eine Fläche hat {de_count(points)} Punkte; zulässig sind höchstens "
            f"{de_count(MAX_POINTS_PER_POLYGON)} je Fläche. {_SIMPLIFY}",
        )
    return None


def _polygons(feature: Any) -> list[Any]:
    """The parts (ring lists) of a Polygon or MultiPolygon; other types are rejected later, unbuilt."""
    geometry = feature.get("geometry") if isinstance(feature, Mapping) else None
    if not isinstance(geometry, Mapping) or not isinstance(geometry.get("coordinates"), list):
        return []
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"] if geometry.get("type") == "MultiPolygon" else []


def _points(part: list[Any]) -> int:
    return sum(len(ring) for ring in part if isinstance(ring, list))
