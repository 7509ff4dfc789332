"""A layer's features with their spatial index (STRtree), built from plain geometries and properties.

Reading layers from the database and caching the built indexes is `permits.services.layers`' job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from permits.geometry.plan import feature_role


@dataclass(frozen=True)
class LayerIndex:
    """One layer's features with their STRtree; immutable, shared between threads."""

    layer_id: int
    name: str
    kind: str
    revision: int
    checksum: str
    properties: Mapping[str, Any]  # layer-wide settings (buffer_m, …)
    geometries: NDArray[np.object_]
    feature_properties: tuple[Mapping[str, Any], ...]
    tree: shapely.STRtree
    roles: frozenset[str]  # development plans: which kinds of plan features exist anywhere in the layer

    @classmethod
    def build(
        cls,
        layer: Mapping[str, Any],
        geometries: Sequence[BaseGeometry],
        properties: Sequence[Mapping[str, Any]],
    ) -> LayerIndex:
        """`layer` holds id, name, kind, revision, checksum and optionally the layer-wide properties."""
        array = np.asarray(geometries, dtype=object)
        shapely.prepare(array)
        return cls(
            layer_id=layer["id"],
            name=layer["name"],
            kind=layer["kind"],
            revision=layer["revision"],
            checksum=layer["checksum"],
            properties=dict(layer.get("properties") or {}),
            geometries=array,
            feature_properties=tuple(properties),
            tree=shapely.STRtree(array),
            roles=frozenset(r for r in (feature_role(p) for p in properties) if r),
        )

    def near(self, geom: BaseGeometry, distance: float = 0.0) -> list[tuple[BaseGeometry, Mapping[str, Any]]]:
        """Features within `distance` metres of `geom` (touching counts)."""
        if distance > 0:
            hits = self.tree.query(geom, predicate="dwithin", distance=distance)
        else:
            hits = self.tree.query(geom, predicate="intersects")
        return [(self.geometries[i], self.feature_properties[i]) for i in sorted(hits.tolist())]
