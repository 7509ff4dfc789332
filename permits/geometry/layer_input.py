"""Validate an imported layer file (GeoJSON FeatureCollection) and bring it to EPSG:25832."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from permits.geometry import crs as crs_mod
from permits.geometry.errors import GeometryProblem, InvalidGeometry
from permits.geometry.format import de_number

LAYER_GEOMETRY_TYPES = ("Polygon", "MultiPolygon", "LineString", "MultiLineString", "Point", "MultiPoint")


def parse_layer_features(
    collection: Any, crs: str | int | None = None
) -> list[tuple[BaseGeometry, dict[str, Any]]]:
    if (
        not isinstance(collection, Mapping)
        or collection.get("type") != "FeatureCollection"
        or not isinstance(collection.get("features"), list)
    ):
        raise InvalidGeometry(
            [GeometryProblem("", "invalid_collection", "Die Datei muss eine GeoJSON-FeatureCollection sein.")]
        )
    source = crs if crs is not None else collection.get("crs")
    epsg = crs_mod.parse_crs(source) if source is not None else crs_mod.TARGET_EPSG
    if epsg is None:
        raise InvalidGeometry(
            [
                GeometryProblem(
                    "crs",
                    "unsupported_crs",
                    "Das Koordinatenreferenzsystem wird nicht unterstützt; zulässig sind EPSG:25832, "
                    "EPSG:25833 und EPSG:4326.",
                )
            ]
        )
    problems: list[GeometryProblem] = []
    features = []
    for index, feature in enumerate(collection["features"]):
        result = _feature(index, feature, epsg)
        if isinstance(result, GeometryProblem):
            problems.append(result)
        else:
            features.append(result)
    if problems:
        raise InvalidGeometry(problems)
    return features


def _feature(index: int, feature: Any, epsg: int) -> tuple[BaseGeometry, dict[str, Any]] | GeometryProblem:
    path = f"features/{index}/geometry"
    props = dict(feature.get("properties") or {}) if isinstance(feature, Mapping) else {}
    label = f"Objekt {index + 1}" + (
        f" („{feature['id']}“)" if isinstance(feature, Mapping) and feature.get("id") else ""
    )
    raw = feature.get("geometry") if isinstance(feature, Mapping) else None
    if not isinstance(raw, Mapping) or not raw.get("coordinates"):
        return GeometryProblem(path, "missing_geometry", f"{label}: Die Geometrie fehlt.")
    if raw.get("type") not in LAYER_GEOMETRY_TYPES:
        return GeometryProblem(
            path,
            "unsupported_geometry_type",
            f"{label}: Der Geometrietyp „{raw.get('type')}“ wird nicht unterstützt.",
        )
    try:
        geom = shape(raw)
    except (TypeError, ValueError, IndexError, AttributeError):
        return GeometryProblem(path, "malformed_coordinates", f"{label}: Die Koordinaten sind nicht lesbar.")
    coords = shapely.get_coordinates(geom)
    if not np.isfinite(coords).all():
        return GeometryProblem(
            path,
            "non_finite_coordinate",
            f"{label}: Die Koordinaten enthalten ungültige Zahlenwerte (NaN oder unendlich).",
        )
    geom = shapely.transform(geom, lambda c: crs_mod.to_target(c, epsg))
    outside = crs_mod.first_point_outside_germany(shapely.get_coordinates(geom))
    if outside is not None:
        x, y = coords[outside]
        return GeometryProblem(
            path,
            "outside_germany",
            f"{label}: Der Punkt ({de_number(x)} / {de_number(y)}) liegt in "
            f"{crs_mod.CRS_LABELS[epsg]} außerhalb Deutschlands.",
        )
    if not geom.is_valid:
        return GeometryProblem(
            path,
            "invalid_geometry",
            f"{label}: Die Geometrie ist ungültig (z. B. schneidet sich die Umrisslinie selbst).",
        )
    return geom, props
