"""What the map of the application step shows, as GeoJSON in EPSG:25832: the site and the nearby layers.

The browser map works in EPSG:25832 directly (a plain metric projection, no base map), so coordinates
are passed through unchanged; only the amount of data is bounded here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import shapely
from shapely.geometry import Polygon, mapping
from shapely.geometry.base import BaseGeometry

from permits.geometry.index import LayerIndex
from permits.geometry.plan import feature_role
from permits.geometry.rules import CONSTRAINT_KINDS, DEVELOPMENT_PLAN
from permits.geometry.site import SiteInput

# Around the plot the map shows this much of the surroundings; a requested window is never larger.
SURROUNDINGS_M = 100.0
MAX_WINDOW_M = 1_000.0
MAX_MAP_FEATURES = 500
PLAN_ROLE_LABELS = {
    "building_envelope": "Überbaubare Grundstücksfläche",
    "building_limit": "Baugrenze",
    "building_line": "Baulinie",
    "plan_area": "Geltungsbereich des Bebauungsplans",
    "public_road": "Öffentliche Verkehrsfläche",
    "public_green": "Öffentliche Grünfläche",
    "public_water": "Gewässer",
}
OTHER_PLAN_FEATURE = "Sonstige Festsetzung"


def site_features(site: SiteInput) -> dict[str, Any]:
    """Plot, footprints and ancillary areas; footprints keep the properties the check reads."""
    features: list[dict[str, Any]] = [_feature(site.plot, {"role": "plot"})]
    for footprint in site.footprints:
        props: dict[str, Any] = {
            "role": "footprint",
            "height": footprint.height_m,
            "floors": footprint.floors,
        }
        if footprint.building_class is not None:
            props["building_class"] = footprint.building_class
        if footprint.wall_heights is not None:  # aligned with the oriented polygon written here
            props["wall_heights"] = list(footprint.wall_heights)
        if footprint.feature_id is not None:
            props["id"] = footprint.feature_id
        features.append(_feature(footprint.polygon, props))
    for area in site.ancillary:
        props = {"role": "ancillary", "kind": area.kind}
        if area.feature_id is not None:
            props["id"] = area.feature_id
        features.append(_feature(area.area, props))
    return {"type": "FeatureCollection", "features": features}


def window(site: SiteInput | None, bbox: Sequence[float] | None) -> Polygon | None:
    """The part of the world the map shows: around the plot, or the requested box cut to MAX_WINDOW_M."""
    if site is not None:
        return shapely.box(*site.plot.bounds).buffer(SURROUNDINGS_M, join_style="mitre")
    if bbox is None or len(bbox) != 4:
        return None
    minx, miny, maxx, maxy = bbox
    if not minx < maxx or not miny < maxy:
        return None
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_w, half_h = min(maxx - minx, MAX_WINDOW_M) / 2, min(maxy - miny, MAX_WINDOW_M) / 2
    return shapely.box(cx - half_w, cy - half_h, cx + half_w, cy + half_h)


def layer_features(indexes: Sequence[LayerIndex], area: Polygon) -> dict[str, Any]:
    """Features of every development-plan and constraint layer within `area`, clipped to it.

    Properties name the layer, its kind, the plan role (development plans) and a German label for the
    legend and the screen reader; at most MAX_MAP_FEATURES features, plan areas first drawn underneath.
    """
    features: list[dict[str, Any]] = []
    for index in indexes:
        if index.kind != DEVELOPMENT_PLAN and index.kind not in CONSTRAINT_KINDS:
            continue
        for geom, props in index.near(area):
            if len(features) >= MAX_MAP_FEATURES:
                return _collection(features, truncated=True)
            clipped = geom.intersection(area)
            if clipped.is_empty:
                continue
            features.append(_feature(clipped, _layer_properties(index, props)))
    return _collection(features, truncated=False)


def _layer_properties(index: LayerIndex, props: Mapping[str, Any]) -> dict[str, Any]:
    if index.kind == DEVELOPMENT_PLAN:
        role = feature_role(props) or "other"
        label = PLAN_ROLE_LABELS.get(role, OTHER_PLAN_FEATURE)
    else:
        role = index.kind
        label = CONSTRAINT_KINDS[index.kind].label
    return {"layer": index.name, "kind": index.kind, "role": role, "label": label}


def _feature(geom: BaseGeometry, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": mapping(geom)}


def _collection(features: list[dict[str, Any]], *, truncated: bool) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features, "truncated": truncated}
