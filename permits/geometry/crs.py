"""Coordinate reference systems: recognise the spellings people send, reproject to EPSG:25832."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pyproj import Transformer

TARGET_EPSG = 25832
SUPPORTED_EPSG = (25832, 25833, 4326)
CRS_LABELS = {25832: "EPSG:25832", 25833: "EPSG:25833", 4326: "EPSG:4326"}

# Germany in EPSG:25832 with a margin of a few kilometres; anything outside is a CRS or typing mistake.
GERMANY_BOUNDS = (250_000.0, 5_200_000.0, 950_000.0, 6_120_000.0)

_EPSG_CODE = re.compile(r"EPSG.*?(\d{4,5})\s*$", re.IGNORECASE)
# German surveying writes the UTM zone in front of the easting (32338145.26 = zone 32, 338145.26).
_ZONE_PREFIX = {25832: 32_000_000.0, 25833: 33_000_000.0}


def parse_crs(value: Any) -> int | None:
    """EPSG code of a CRS given as int, "EPSG:25832", an OGC URN/URL or a legacy GeoJSON `crs` member.

    None when the value is not one of the supported systems.
    """
    if isinstance(value, dict):
        value = (value.get("properties") or {}).get("name")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        code: int | None = value
    elif isinstance(value, str):
        if value.strip().upper().endswith("CRS84"):
            return 4326
        match = _EPSG_CODE.search(value.strip())
        code = int(match.group(1)) if match else None
    else:
        code = None
    return code if code in SUPPORTED_EPSG else None


@lru_cache(maxsize=8)
def _transformer(source_epsg: int) -> Transformer:
    return Transformer.from_crs(source_epsg, TARGET_EPSG, always_xy=True)


def to_target(coords: NDArray[np.float64], source_epsg: int) -> NDArray[np.float64]:
    """Reproject an (n, 2) array of x/y (lon/lat for 4326) to EPSG:25832 metres."""
    coords = strip_zone_prefix(coords, source_epsg)
    if source_epsg == TARGET_EPSG:
        return coords
    x, y = _transformer(source_epsg).transform(coords[:, 0], coords[:, 1])
    return np.column_stack([x, y])


def strip_zone_prefix(coords: NDArray[np.float64], source_epsg: int) -> NDArray[np.float64]:
    prefix = _ZONE_PREFIX.get(source_epsg)
    if prefix is None:
        return coords
    eastings = coords[:, 0]
    prefixed = (eastings >= prefix) & (eastings < prefix + 1_000_000.0)
    if not prefixed.any():
        return coords
    result = coords.copy()
    result[prefixed, 0] -= prefix
    return result


def first_point_outside_germany(coords: NDArray[np.float64]) -> int | None:
    minx, miny, maxx, maxy = GERMANY_BOUNDS
    x, y = coords[:, 0], coords[:, 1]
    outside = np.flatnonzero((x < minx) | (x > maxx) | (y < miny) | (y > maxy) | ~np.isfinite(x + y))
    return int(outside[0]) if outside.size else None
