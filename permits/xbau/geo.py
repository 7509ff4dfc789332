"""GML 3.2 polygons (XBau `GeometriePolygon`) <-> GeoJSON Polygons in EPSG:25832.

The geometry checks (permits.geometry) take GeoJSON in EPSG:25832, so that is what an import yields.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Any

from lxml import etree
from pyproj import Transformer

from permits.xbau.codes import GML_NS

log = logging.getLogger(__name__)

TARGET_EPSG = 25832
TARGET_SRS = "urn:ogc:def:crs:EPSG::25832"
_EPSG = re.compile(r"EPSG(?::+|/\d+/)(\d{4,6})$", re.IGNORECASE)
_NS = {"gml": GML_NS}
# UTM coordinates written with the zone number in front of the easting ("32338145.26").
_ZONE_PREFIX = {25832: 32_000_000.0, 25833: 33_000_000.0}

Ring = list[list[float]]


def epsg_of(srs_name: str | None) -> int | None:
    if not srs_name:
        return None
    match = _EPSG.search(srs_name.strip())
    return int(match.group(1)) if match else None


@lru_cache(maxsize=8)
def _transformer(source_epsg: int) -> Transformer:
    # GML with an EPSG URN uses the authority's axis order, so no always_xy here.
    return Transformer.from_crs(f"EPSG:{source_epsg}", f"EPSG:{TARGET_EPSG}")


def _ring(ring_el: etree._Element, dimension: int) -> Ring | None:
    pos_list = ring_el.find("gml:posList", _NS)
    if pos_list is not None:
        dim = int(pos_list.get("srsDimension") or dimension)
        values = [float(v) for v in (pos_list.text or "").split()]
    else:
        positions = ring_el.findall("gml:pos", _NS)
        dim = int(positions[0].get("srsDimension") or dimension) if positions else dimension
        values = [float(v) for p in positions for v in (p.text or "").split()]
    if dim < 2 or len(values) % dim or len(values) < 4 * dim:
        return None
    points = [values[i : i + 2] for i in range(0, len(values), dim)]  # drop any z value
    if points[0] != points[-1]:
        points.append(list(points[0]))
    return points


def polygon_to_geojson(polygon: etree._Element) -> dict[str, Any] | None:
    """A GML polygon as a GeoJSON Polygon in EPSG:25832, or None when it has no usable LinearRing."""
    epsg = epsg_of(polygon.get("srsName")) or TARGET_EPSG  # XBau Lower Saxony default
    dimension = int(polygon.get("srsDimension") or 2)
    rings: list[Ring] = []
    for path in ("gml:exterior/gml:LinearRing", "gml:interior/gml:LinearRing"):
        for ring_el in polygon.findall(path, _NS):
            ring = _ring(ring_el, dimension)
            if ring is None:
                log.info("skipped an unusable GML ring in lageBauvorhaben")
                if not rings:
                    return None
                continue
            rings.append(ring)
    if not rings:
        return None
    transformed = [_to_target(r, epsg) for r in rings]
    # RFC 7946 winding (exterior counterclockwise, holes clockwise), whichever way the portal drew them.
    return {
        "type": "Polygon",
        "coordinates": [_wound(r, counterclockwise=i == 0) for i, r in enumerate(transformed)],
    }


def _signed_area(ring: Ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


def _wound(ring: Ring, *, counterclockwise: bool) -> Ring:
    return ring if (_signed_area(ring) > 0) == counterclockwise else ring[::-1]


def _to_target(ring: Ring, epsg: int) -> Ring:
    if epsg in _ZONE_PREFIX and ring[0][0] > 10_000_000:
        offset = _ZONE_PREFIX[epsg]
        ring = [[x - offset, y] for x, y in ring]
    if epsg == TARGET_EPSG:
        return ring
    transformer = _transformer(epsg)
    return [[round(v, 3) for v in transformer.transform(x, y)] for x, y in ring]


def _number(value: float) -> str:
    return repr(float(value)).removesuffix(".0")


def geojson_to_gml(
    parent: etree._Element, tag: str, geojson: Mapping[str, Any], gml_id: str
) -> etree._Element:
    """Append `<tag gml:id=.. srsName=EPSG:25832>` with exterior and interior LinearRings."""
    if geojson.get("type") != "Polygon":
        raise ValueError("footprint must be a GeoJSON Polygon")
    rings: Sequence[Sequence[Sequence[float]]] = geojson["coordinates"]
    polygon = etree.SubElement(parent, tag, {f"{{{GML_NS}}}id": gml_id, "srsName": TARGET_SRS})
    for index, ring in enumerate(rings):
        side = etree.SubElement(polygon, f"{{{GML_NS}}}{'exterior' if index == 0 else 'interior'}")
        linear = etree.SubElement(side, f"{{{GML_NS}}}LinearRing")
        pos_list = etree.SubElement(linear, f"{{{GML_NS}}}posList", {"srsDimension": "2"})
        pos_list.text = " ".join(f"{_number(p[0])} {_number(p[1])}" for p in ring)
    return polygon
