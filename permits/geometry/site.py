"""The validated site: plot, building footprints and ancillary areas as shapely geometry in EPSG:25832."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeAlias

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping

Area: TypeAlias = Polygon | MultiPolygon
TARGET_EPSG = 25832
_SECTIONS = {"plot": "Grundstück", "footprints": "Gebäude", "ancillary": "Nebenanlage"}


def feature_id_of(feature: Mapping[str, Any]) -> str | None:
    """The feature's own id (GeoJSON `id`, or `properties.id`), if it has one."""
    value = feature.get("id", feature_properties(feature).get("id"))
    return None if value is None else str(value)


def feature_properties(feature: Mapping[str, Any]) -> Mapping[str, Any]:
    props = feature.get("properties")
    return props if isinstance(props, Mapping) else {}


def feature_label(section: str, index: int, feature_id: str | None) -> str:
    label = f"{_SECTIONS.get(section, section)} {index + 1}"
    return f"{label} („{feature_id}“)" if feature_id else label


@dataclass(frozen=True)
class Footprint:
    index: int
    feature_id: str | None
    polygon: Polygon  # exterior counter-clockwise, so the outside of every wall is on its right
    height_m: float
    floors: int
    building_class: int | None = None
    wall_heights: tuple[float, ...] | None = None  # one per exterior edge, aligned with `polygon`
    # The input ring ran clockwise and was reversed; wall numbers are reported in the input's order.
    input_reversed: bool = False

    @property
    def label(self) -> str:
        return feature_label("footprints", self.index, self.feature_id)


@dataclass(frozen=True)
class AncillaryArea:
    index: int
    feature_id: str | None
    area: Area
    kind: str


@dataclass(frozen=True)
class SiteInput:
    """A validated submission in EPSG:25832."""

    plot: Area
    footprints: tuple[Footprint, ...]
    ancillary: tuple[AncillaryArea, ...] = ()
    land: str = "NI"
    zone_type: str | None = None
    source_epsg: int = TARGET_EPSG

    def translated(self, dx: float, dy: float) -> SiteInput:
        """The same site moved by (dx, dy); used to show results do not depend on position."""

        def move(geom: Any) -> Any:
            return shapely.transform(geom, lambda c: c + np.array([dx, dy]))

        return replace(
            self,
            plot=move(self.plot),
            footprints=tuple(replace(f, polygon=move(f.polygon)) for f in self.footprints),
            ancillary=tuple(replace(a, area=move(a.area)) for a in self.ancillary),
        )

    def to_dict(self) -> dict[str, Any]:
        """The normalised input as GeoJSON in EPSG:25832."""

        def feature(geom: Any, fid: str | None, props: dict[str, Any]) -> dict[str, Any]:
            return {"type": "Feature", "id": fid, "properties": props, "geometry": mapping(geom)}

        return {
            "crs": "EPSG:25832",
            "land": self.land,
            "zone_type": self.zone_type,
            "plot": feature(self.plot, None, {}),
            "footprints": [
                feature(f.polygon, f.feature_id, {"height": f.height_m, "floors": f.floors})
                for f in self.footprints
            ],
            "ancillary": [feature(a.area, a.feature_id, {"kind": a.kind}) for a in self.ancillary],
        }
