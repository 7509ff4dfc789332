"""What a development plan says about one plot: buildable areas, building lines, open spaces, GRZ/GFZ.

Features are recognised by their XPlanung `featureType` (as in XPlanGML-derived GeoJSON) or by an
explicit `role` property for plans drawn by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

ROLE_BY_FEATURE_TYPE = {
    "BP_UeberbaubareGrundstuecksFlaeche": "building_envelope",
    "BP_BauGrenze": "building_limit",
    "BP_BauLinie": "building_line",
    "BP_StrassenVerkehrsFlaeche": "public_road",
    "BP_VerkehrsflaecheBesondererZweckbestimmung": "public_road",
    "BP_GewaesserFlaeche": "public_water",
    "BP_Plan": "plan_area",
    "BP_Bereich": "plan_area",
}
OPEN_SPACE_ROLES = frozenset({"public_road", "public_green", "public_water"})
# XPlanung BP_BaugebietsTeilFlaeche.besondereArtDerBaulichenNutzung [verify against the XPlanung code list]
XPLAN_ZONE_CODES = {
    "1000": "WS",
    "1100": "WR",
    "1200": "WA",
    "1300": "WB",
    "1400": "MD",
    "1450": "MDW",
    "1500": "MI",
    "1550": "MU",
    "1600": "MK",
    "1700": "GE",
    "1800": "GI",
    "2000": "SO",
    "2100": "SO",
}
XPLAN_PUBLIC_USE = "2000"  # nutzungsform: 1000 private, 2000 public
# Open spaces farther away than this cannot adjoin the plot; keeps the spatial query small.
OPEN_SPACE_SEARCH_M = 60.0


def feature_role(props: Mapping[str, Any]) -> str | None:
    role = props.get("role")
    if isinstance(role, str):
        return role
    feature_type = props.get("featureType")
    if feature_type == "BP_GruenFlaeche":
        return "public_green" if str(props.get("nutzungsform")) == XPLAN_PUBLIC_USE else None
    return ROLE_BY_FEATURE_TYPE.get(str(feature_type))


@dataclass(frozen=True)
class OpenSpace:
    role: str
    polygon: Polygon | MultiPolygon


@dataclass(frozen=True)
class PlanContext:
    """The parts of one or more development plans relevant to a plot."""

    name: str | None
    envelopes: tuple[Polygon | MultiPolygon, ...] = ()
    building_lines: tuple[LineString | MultiLineString, ...] = ()
    open_spaces: tuple[OpenSpace, ...] = ()
    zone_type: str | None = None
    grz: float | None = None
    gfz: float | None = None
    has_envelope: bool = (
        False  # the plan fixes buildable areas at all (then none near the plot = none allowed)
    )

    def translated(self, dx: float, dy: float) -> PlanContext:
        def move(geom: Any) -> Any:
            return shapely.transform(geom, lambda c: c + np.array([dx, dy]))

        return PlanContext(
            self.name,
            tuple(move(g) for g in self.envelopes),
            tuple(move(g) for g in self.building_lines),
            tuple(OpenSpace(o.role, move(o.polygon)) for o in self.open_spaces),
            self.zone_type,
            self.grz,
            self.gfz,
            self.has_envelope,
        )


def plan_context(
    features: Iterable[tuple[BaseGeometry, Mapping[str, Any]]], plot: BaseGeometry, name: str | None = None
) -> PlanContext | None:
    """Build the plan context from plan features near `plot`; None when no plan covers the plot."""
    by_role: dict[str, list[tuple[BaseGeometry, Mapping[str, Any]]]] = {}
    for geom, props in features:
        by_role.setdefault(feature_role(props) or "other", []).append((geom, props))
    if not _covers(by_role, plot):
        return None
    envelopes = [g for g, _ in by_role.get("building_envelope", []) if isinstance(g, Polygon | MultiPolygon)]
    limits = [g for g, _ in by_role.get("building_limit", [])]
    if not envelopes and limits:
        # Only the Baugrenze lines were digitised: the buildable areas are the faces they enclose.
        envelopes = list(shapely.get_parts(shapely.polygonize(limits)).tolist())
    zone_type, grz, gfz = _zone_values([item for items in by_role.values() for item in items], plot)
    return PlanContext(
        name=name,
        envelopes=tuple(g for g in envelopes if g.intersects(plot)),
        building_lines=tuple(
            g
            for g, _ in by_role.get("building_line", [])
            if isinstance(g, LineString | MultiLineString) and g.intersects(plot)
        ),
        open_spaces=tuple(
            OpenSpace(role, g)
            for role in sorted(OPEN_SPACE_ROLES)
            for g, _ in by_role.get(role, [])
            if isinstance(g, Polygon | MultiPolygon) and g.distance(plot) <= 0.5
        ),
        zone_type=zone_type,
        grz=grz,
        gfz=gfz,
        has_envelope=bool(envelopes),
    )


def _covers(by_role: Mapping[str, list[tuple[BaseGeometry, Mapping[str, Any]]]], plot: BaseGeometry) -> bool:
    areas = [g for g, _ in by_role.get("plan_area", [])]
    if areas:
        return any(area.contains(plot.representative_point()) for area in areas)
    return any(g.intersects(plot) for items in by_role.values() for g, _ in items)


def _zone_values(
    items: list[tuple[BaseGeometry, Mapping[str, Any]]], plot: BaseGeometry
) -> tuple[str | None, float | None, float | None]:
    """Zone type, GRZ and GFZ of the zoned area covering most of the plot."""
    best: tuple[float, Mapping[str, Any]] | None = None
    for geom, props in items:
        if not any(
            key in props
            for key in (
                "zone_type",
                "baugebiet",
                "besondereArtDerBaulichenNutzung",
                "grz",
                "GRZ",
                "gfz",
                "GFZ",
            )
        ):
            continue
        overlap = geom.intersection(plot).area if geom.intersects(plot) else 0.0
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, props)
    if best is None:
        return None, None, None
    props = best[1]
    zone = props.get("zone_type") or props.get("baugebiet")
    if zone is None and props.get("besondereArtDerBaulichenNutzung") is not None:
        zone = XPLAN_ZONE_CODES.get(str(props["besondereArtDerBaulichenNutzung"]))
    return (
        str(zone).upper() if zone else None,
        _number(props.get("grz", props.get("GRZ"))),
        _number(props.get("gfz", props.get("GFZ"))),
    )


def _number(value: Any) -> float | None:
    try:
        return float(str(value).replace(",", ".")) if value is not None else None
    except ValueError:
        return None


def permitted_setback_area(plot: BaseGeometry, plan: PlanContext | None) -> BaseGeometry:
    """The plot plus, for each adjoining public road, green or water, the half nearest the plot.

    The half is approximated as the part within w/2 of the plot, with the width w estimated as
    2·area/perimeter: close to exact for a long strip of constant width and never more than the
    true width (so the approximation errs on the safe side).
    """
    if plan is None or not plan.open_spaces:
        return plot
    halves = [plot]
    for space in plan.open_spaces:
        half_width = space.polygon.area / space.polygon.length
        halves.append(space.polygon.intersection(plot.buffer(half_width)))
    return shapely.union_all(halves)
