"""Builders for small hand-checkable sites (EPSG:25832, near Hannover) used by the geometry tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

E0, N0 = 550_000.0, 5_800_000.0
SHARED = Path(__file__).resolve().parents[3] / "shared"
GEODATA = SHARED / "geodata" / "duisburg-baerl"


def ring(x: float, y: float, w: float, h: float) -> list[list[float]]:
    """Counter-clockwise rectangle with its lower left corner (x, y) metres from the origin."""
    return [
        [E0 + x, N0 + y],
        [E0 + x + w, N0 + y],
        [E0 + x + w, N0 + y + h],
        [E0 + x, N0 + y + h],
        [E0 + x, N0 + y],
    ]


def rect(x: float, y: float, w: float, h: float) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [ring(x, y, w, h)]}


def feature(geometry: dict[str, Any] | None, **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def building(
    x: float, y: float, w: float, h: float, height: float = 10.0, floors: int = 2, **props: Any
) -> dict:
    return feature(rect(x, y, w, h), height=height, floors=floors, **props)


def submission(
    plot: tuple[float, float, float, float] = (0, 0, 30, 30),
    buildings: list[dict[str, Any]] | None = None,
    ancillary: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "plot": collection(feature(rect(*plot))),
        "footprints": collection(*(buildings if buildings is not None else [building(10, 10, 10, 10)])),
        **extra,
    }
    if ancillary is not None:
        data["ancillary"] = collection(*ancillary)
    return data


def shared_file(name: str) -> Path:
    path = GEODATA / name
    if not path.exists():
        pytest.skip(
            f"reference geodata not available at {path} (expected /work/shared next to the repository)"
        )
    return path
