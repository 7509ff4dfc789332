"""Parse and validate a submission (plot, building footprints, ancillary areas) into shapely geometry.

Every feature is checked before anything is computed; all problems are collected and raised together
as one `InvalidGeometry`, so the applicant sees every mistake at once. The size limits come first, on the
raw input (`limits.check_size`), so an oversized submission is refused before anything is built.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.polygon import orient

from permits.geometry import crs as crs_mod
from permits.geometry.errors import GeometryProblem, InvalidGeometry
from permits.geometry.format import de_number
from permits.geometry.limits import check_size
from permits.geometry.rules import ZONE_GUIDE_VALUES, normalise_land
from permits.geometry.site import (
    AncillaryArea,
    Area,
    Footprint,
    SiteInput,
    feature_id_of,
    feature_label,
    feature_properties,
)

_GEOS_REASONS = {
    "Hole lies outside shell": "eine Aussparung liegt außerhalb der Außenkontur",
    "Nested holes": "eine Aussparung liegt in einer anderen",
    "Interior is disconnected": "die Fläche zerfällt durch Aussparungen in Teile",
    "Nested shells": "eine Teilfläche liegt in einer anderen",
    "Duplicate Rings": "ein Umring ist doppelt angegeben",
}
SECTIONS = ("plot", "footprints", "ancillary")
ANCILLARY_KINDS = frozenset({"garage", "carport", "parking", "driveway", "shed", "underground", "other"})


def parse_submission(submission: Any, crs: str | int | None = None) -> SiteInput:
    """Validate `submission` and return it as shapely geometry in EPSG:25832.

    Raises InvalidGeometry listing one problem per faulty feature; nothing else happens on bad input.
    """
    if not isinstance(submission, Mapping):
        raise InvalidGeometry(
            [GeometryProblem("", "invalid_submission", "Die Eingabe muss ein JSON-Objekt sein.")]
        )
    check_size({key: _feature_list(submission.get(key)) for key in SECTIONS})
    parser = _Parser()
    default_epsg = parser.crs("crs", crs if crs is not None else submission.get("crs"), crs_mod.TARGET_EPSG)
    land = parser.land(submission.get("land"))
    zone_type = parser.zone_type(submission.get("zone_type"))
    plots = parser.section(submission, "plot", default_epsg, required=True)
    footprints = parser.section(submission, "footprints", default_epsg, required=True)
    ancillary = parser.section(submission, "ancillary", default_epsg, required=False)
    if parser.problems:
        raise InvalidGeometry(parser.problems)
    plot = shapely.union_all([geom for geom, _ in plots])
    return SiteInput(
        plot=plot if isinstance(plot, Polygon | MultiPolygon) else MultiPolygon([g for g, _ in plots]),
        footprints=tuple(_footprint(i, geom, feat) for i, (geom, feat) in enumerate(footprints)),
        ancillary=tuple(
            AncillaryArea(i, feature_id_of(feat), geom, _ancillary_kind(feat))
            for i, (geom, feat) in enumerate(ancillary)
        ),
        land=land,
        zone_type=zone_type,
        source_epsg=default_epsg,
    )


class _Parser:
    def __init__(self) -> None:
        self.problems: list[GeometryProblem] = []

    def fail(self, path: str, code: str, message: str) -> None:
        self.problems.append(GeometryProblem(path, code, message))

    def crs(self, path: str, value: Any, default: int) -> int:
        if value is None:
            return default
        epsg = crs_mod.parse_crs(value)
        if epsg is None:
            shown = value.get("properties", {}).get("name") if isinstance(value, dict) else value
            self.fail(
                path,
                "unsupported_crs",
                f"Das Koordinatenreferenzsystem „{shown}“ wird nicht unterstützt; "
                "zulässig sind EPSG:25832, EPSG:25833 und EPSG:4326.",
            )
            return default
        return epsg

    def land(self, value: Any) -> str:
        if value is None:
            return "NI"
        code = normalise_land(str(value))
        if code is None:
            self.fail("land", "invalid_land", f"„{value}“ ist kein deutsches Land.")
            return "NI"
        return code

    def zone_type(self, value: Any) -> str | None:
        if value is None:
            return None
        code = str(value).strip().upper()
        if code not in ZONE_GUIDE_VALUES:
            allowed = ", ".join(ZONE_GUIDE_VALUES)
            self.fail(
                "zone_type",
                "invalid_zone_type",
                f"Die Baugebietsart „{value}“ ist unbekannt; zulässig: {allowed}.",
            )
            return None
        return code

    def section(
        self, submission: Mapping[str, Any], key: str, default_epsg: int, *, required: bool
    ) -> list[tuple[Area, Mapping[str, Any]]]:
        features = self._features(submission.get(key), key, required)
        if features is None:
            return []
        raw = submission.get(key)
        epsg = (
            self.crs(f"{key}/crs", raw.get("crs"), default_epsg) if isinstance(raw, Mapping) else default_epsg
        )
        parsed: list[tuple[Area, Mapping[str, Any]]] = []
        for index, feature in enumerate(features):
            label = feature_label(key, index, feature_id_of(feature))
            geom = self._geometry(f"{key}/{index}/geometry", label, feature.get("geometry"), epsg, key)
            if key == "footprints":
                self._footprint_properties(f"{key}/{index}/properties", label, feature, geom)
            if geom is not None:
                parsed.append((geom, feature))
        return parsed

    def _features(self, value: Any, key: str, required: bool) -> list[Mapping[str, Any]] | None:
        if value is None or (
            isinstance(value, Mapping)
            and value.get("type") == "FeatureCollection"
            and not value.get("features")
        ):
            if required:
                message = (
                    "Das Grundstück (Flurstücksfläche) fehlt."
                    if key == "plot"
                    else ("Es ist kein Gebäudegrundriss angegeben.")
                )
                self.fail(key, f"missing_{'plot' if key == 'plot' else 'footprint'}", message)
            return None
        features = _feature_list(value)
        if not isinstance(features, list) or not all(isinstance(f, Mapping) for f in features):
            self.fail(key, "invalid_collection", f"„{key}“ muss eine GeoJSON-FeatureCollection sein.")
            return None
        return features

    def _geometry(self, path: str, label: str, geometry: Any, epsg: int, key: str) -> Area | None:
        if not isinstance(geometry, Mapping) or geometry.get("coordinates") is None:
            self.fail(path, "missing_geometry", f"{label}: Die Geometrie fehlt.")
            return None
        gtype = geometry.get("type")
        allowed = ("Polygon",) if key == "footprints" else ("Polygon", "MultiPolygon")
        if gtype not in allowed:
            self.fail(
                path,
                "not_a_polygon",
                f"{label}: Erwartet wird eine Fläche (Polygon), angegeben ist „{gtype}“.",
            )
            return None
        parts = [geometry["coordinates"]] if gtype == "Polygon" else geometry["coordinates"]
        if not isinstance(parts, list) or not parts:
            self._malformed(path, label)
            return None
        polygons: list[Polygon] = []
        for part in parts:
            rings = self._rings(path, label, part, epsg)
            if rings is None:
                return None
            polygons.append(Polygon(rings[0], rings[1:]))
        geom: Area = polygons[0] if gtype == "Polygon" else MultiPolygon(polygons)
        return self._valid(path, label, geom)

    def _malformed(self, path: str, label: str) -> None:
        self.fail(
            path,
            "malformed_coordinates",
            f"{label}: Die Koordinaten sind nicht lesbar; "
            "erwartet werden Zahlenpaare (Rechtswert, Hochwert).",
        )

    def _rings(self, path: str, label: str, part: Any, epsg: int) -> list[NDArray[np.float64]] | None:
        arrays = _ring_arrays(part)
        if arrays is None:
            self._malformed(path, label)
            return None
        if not all(np.isfinite(a).all() for a in arrays):
            self.fail(
                path,
                "non_finite_coordinate",
                f"{label}: Die Koordinaten enthalten ungültige Zahlenwerte (NaN oder unendlich).",
            )
            return None
        rings: list[NDArray[np.float64]] = []
        for number, ring in enumerate(arrays, start=1):
            problem = _ring_problem(ring, number)
            if problem is not None:
                self.fail(path, problem[0], f"{label}: {problem[1]}")
                return None
            target = crs_mod.to_target(ring, epsg)
            outside = crs_mod.first_point_outside_germany(target)
            if outside is not None:
                x, y = ring[outside]
                self.fail(
                    path,
                    "outside_germany",
                    f"{label}: Der Punkt ({de_number(x)} / {de_number(y)}) liegt in "
                    f"{crs_mod.CRS_LABELS[epsg]} außerhalb Deutschlands; bitte das "
                    "Koordinatenreferenzsystem prüfen.",
                )
                return None
            rings.append(target)
        return rings

    def _valid(self, path: str, label: str, geom: Area) -> Area | None:
        if geom.convex_hull.area <= 1e-9:  # the hull, because a bow-tie's signed halves cancel out
            self.fail(path, "zero_area", f"{label}: Die Fläche hat den Flächeninhalt 0 m².")
            return None
        if geom.is_valid:
            return geom
        reason = shapely.is_valid_reason(geom)
        if "Self-intersection" in reason:
            location = _location_from_reason(reason)
            where = (
                f" (bei E {de_number(location[0][0])} / N {de_number(location[0][1])})"
                if len(location)
                else ""
            )
            self.fail(path, "self_intersection", f"{label}: Die Umrisslinie schneidet sich selbst{where}.")
            return None
        text = next(
            (german for english, german in _GEOS_REASONS.items() if english in reason),
            "die Umringe überlagern sich",
        )
        self.fail(path, "invalid_geometry", f"{label}: Die Geometrie ist ungültig: {text}.")
        return None

    def _footprint_properties(
        self, path: str, label: str, feature: Mapping[str, Any], geom: Area | None
    ) -> None:
        props = feature_properties(feature)
        height = props.get("height")
        if height is None:
            self.fail(
                f"{path}/height",
                "missing_height",
                f"{label}: Die Höhe (Eigenschaft „height“ in Metern) fehlt.",
            )
        elif not _positive_number(height):
            self.fail(
                f"{path}/height",
                "invalid_height",
                f"{label}: Die Höhe muss eine Zahl größer als 0 sein (angegeben: „{height}“).",
            )
        floors = props.get("floors")
        if floors is None:
            self.fail(
                f"{path}/floors",
                "missing_floors",
                f"{label}: Die Zahl der Vollgeschosse (Eigenschaft „floors“) fehlt.",
            )
        elif isinstance(floors, bool) or not isinstance(floors, int) or floors < 1:
            self.fail(
                f"{path}/floors",
                "invalid_floors",
                f"{label}: Die Zahl der Vollgeschosse muss eine ganze Zahl ab 1 sein "
                f"(angegeben: „{floors}“).",
            )
        building_class = props.get("building_class")
        if building_class is not None and building_class not in (1, 2, 3, 4, 5):
            self.fail(
                f"{path}/building_class",
                "invalid_building_class",
                f"{label}: Die Gebäudeklasse muss 1 bis 5 sein (angegeben: „{building_class}“).",
            )
        walls = props.get("wall_heights")
        if walls is not None and isinstance(geom, Polygon):
            edges = len(geom.exterior.coords) - 1
            if (
                not isinstance(walls, list)
                or len(walls) != edges
                or not all(_positive_number(h) for h in walls)
            ):
                self.fail(
                    f"{path}/wall_heights",
                    "invalid_wall_heights",
                    f"{label}: „wall_heights“ muss für jede der {edges} Außenwände eine Höhe größer "
                    "als 0 enthalten.",
                )


def _feature_list(value: Any) -> Any:
    """The features of one section, given as a FeatureCollection, one Feature, a bare geometry or a list."""
    if isinstance(value, Mapping) and value.get("type") == "FeatureCollection":
        return value.get("features")
    if isinstance(value, Mapping) and value.get("type") == "Feature":
        return [value]
    if isinstance(value, Mapping) and "coordinates" in value:
        return [{"type": "Feature", "properties": {}, "geometry": value}]
    return value if isinstance(value, list) else None


def _ring_arrays(part: Any) -> list[NDArray[np.float64]] | None:
    if not isinstance(part, list) or not part:
        return None
    arrays = []
    for ring in part:
        if not isinstance(ring, list) or not all(
            isinstance(pos, list) and len(pos) >= 2 and all(_is_number(v) for v in pos[:2]) for pos in ring
        ):
            return None
        arrays.append(np.array([pos[:2] for pos in ring], dtype=float).reshape(-1, 2))
    return arrays


def _ring_problem(ring: NDArray[np.float64], number: int) -> tuple[str, str] | None:
    if len(ring) < 4:
        return "too_few_points", (
            f"Umring {number} hat nur {len(ring)} Punkte; nötig sind mindestens 4 "
            "(3 Eckpunkte und als letzter Punkt wieder der erste)."
        )
    if not np.array_equal(ring[0], ring[-1]):
        return (
            "unclosed_ring",
            f"Umring {number} ist nicht geschlossen; der letzte Punkt muss dem ersten gleichen.",
        )
    corners = len(np.unique(ring, axis=0))
    if corners < 3:
        return (
            "too_few_points",
            f"Umring {number} hat nur {corners} verschiedene Eckpunkte; nötig sind mindestens 3.",
        )
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _positive_number(value: Any) -> bool:
    return _is_number(value) and math.isfinite(value) and value > 0


def _location_from_reason(reason: str) -> list[list[float]]:
    # GEOS writes "Self-intersection[x y]".
    inside = reason[reason.find("[") + 1 : reason.find("]")].split()
    return [[float(inside[0]), float(inside[1])]] if len(inside) >= 2 else []


def _ancillary_kind(feature: Mapping[str, Any]) -> str:
    kind = str(feature_properties(feature).get("kind") or "other")
    return kind if kind in ANCILLARY_KINDS else "other"


def _footprint(index: int, geom: Area, feature: Mapping[str, Any]) -> Footprint:
    assert isinstance(geom, Polygon)  # the parser admits only polygons as footprints
    props = feature_properties(feature)
    walls: Sequence[float] | None = props.get("wall_heights")
    oriented = orient(geom, 1.0)
    if walls is not None and not geom.exterior.is_ccw:
        walls = list(walls)[::-1]  # orient() reverses the ring, and with it the order of the edges
    return Footprint(
        index=index,
        feature_id=feature_id_of(feature),
        polygon=oriented,
        height_m=float(props["height"]),
        floors=int(props["floors"]),
        building_class=props.get("building_class"),
        wall_heights=tuple(float(h) for h in walls) if walls is not None else None,
        input_reversed=not geom.exterior.is_ccw,
    )
