"""Setback areas (Abstandsflächen): one rectangle of depth max(f·H, 3 m) in front of every outer wall.

Rectangles are built with numpy for all walls at once; shapely is only asked for the few that fail.
Corners between rectangles are not part of the setback area (as in NBauO and MBO).
Not checked here: overlaps within one building (walls facing each other in a courtyard or an
L-shaped building) and privileged garages in setback areas (§ 5 Abs. 8 NBauO); the case officer
judges those.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

from permits.geometry.format import de_number
from permits.geometry.results import CheckResult, OffendingArea, OffendingWall, SetbackArea
from permits.geometry.rules import MAX_LISTED_OVERLAPS, CheckSettings, SetbackRule, setback_depth
from permits.geometry.site import Footprint


@dataclass(frozen=True)
class Walls:
    """All outer walls of all buildings, as parallel arrays."""

    building: NDArray[np.int64]  # position of the footprint in the input
    wall_index: NDArray[np.int64]  # per building: exterior edges first, then courtyard (hole) edges
    start: NDArray[np.float64]  # (n, 2)
    end: NDArray[np.float64]
    height: NDArray[np.float64]
    depth: NDArray[np.float64]
    rects: NDArray[np.object_]  # shapely polygons


def build_walls(footprints: tuple[Footprint, ...], rule: SetbackRule, zone_type: str | None) -> Walls:
    parts = [_footprint_walls(position, fp) for position, fp in enumerate(footprints)]
    building = np.concatenate([p[0] for p in parts])
    wall_index = np.concatenate([p[1] for p in parts])
    start = np.concatenate([p[2] for p in parts])
    end = np.concatenate([p[3] for p in parts])
    height = np.concatenate([p[4] for p in parts])
    depth = np.array([setback_depth(float(h), rule, zone_type) for h in height])
    return Walls(building, wall_index, start, end, height, depth, _rectangles(start, end, depth))


def _footprint_walls(
    position: int, fp: Footprint
) -> tuple[
    NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]
]:
    exterior = np.asarray(fp.polygon.exterior.coords)[:, :2]
    heights = [np.asarray(fp.wall_heights or [fp.height_m] * (len(exterior) - 1), dtype=float)]
    starts, ends = [exterior[:-1]], [exterior[1:]]
    for ring in fp.polygon.interiors:
        coords = np.asarray(ring.coords)[:, :2]
        starts.append(coords[:-1])
        ends.append(coords[1:])
        heights.append(np.full(len(coords) - 1, fp.height_m))
    start, end, height = np.concatenate(starts), np.concatenate(ends), np.concatenate(heights)
    index = np.arange(len(start))
    if fp.input_reversed:
        edges = len(exterior) - 1
        index[:edges] = edges - 1 - index[:edges]
    keep = np.hypot(*(end - start).T) > 1e-9  # repeated points make zero-length "walls"
    return np.full(keep.sum(), position), index[keep], start[keep], end[keep], height[keep]


def _rectangles(
    start: NDArray[np.float64], end: NDArray[np.float64], depth: NDArray[np.float64]
) -> NDArray[np.object_]:
    direction = end - start
    direction /= np.hypot(direction[:, 0], direction[:, 1])[:, None]
    # Exteriors run counter-clockwise and holes clockwise, so the outside is always on the right.
    offset = np.column_stack([direction[:, 1], -direction[:, 0]]) * depth[:, None]
    corners = np.stack([start, end, end + offset, start + offset, start], axis=1)
    return np.asarray(shapely.polygons(corners), dtype=object)


def check_setbacks(
    walls: Walls,
    footprints: tuple[Footprint, ...],
    permitted: BaseGeometry,
    rule: SetbackRule,
    settings: CheckSettings,
) -> tuple[CheckResult, NDArray[np.bool_]]:
    """Every setback rectangle must lie on the plot or on the adjoining half of a public open space."""
    tolerant = permitted.buffer(settings.setback_tolerance_m)
    shapely.prepare(tolerant)
    ok = np.asarray(shapely.covers(tolerant, walls.rects), dtype=bool)
    offending: list[OffendingWall] = []
    worst = 0.0
    for i in np.flatnonzero(~ok):
        outside = walls.rects[i].difference(permitted)
        available = LineString([walls.start[i], walls.end[i]]).distance(outside)
        worst = max(worst, float(walls.depth[i]) - available)
        fp = footprints[int(walls.building[i])]
        offending.append(
            OffendingWall(
                building_index=fp.index,
                building_id=fp.feature_id,
                wall_index=int(walls.wall_index[i]),
                start=(float(walls.start[i][0]), float(walls.start[i][1])),
                end=(float(walls.end[i][0]), float(walls.end[i][1])),
                height_m=float(walls.height[i]),
                required_depth_m=float(walls.depth[i]),
                available_depth_m=available,
                geometry=outside,
            )
        )
    result = CheckResult(
        check_id="setback_areas",
        label="Abstandsflächen auf dem Grundstück",
        legal_basis=rule.legal_basis,
        measured=worst,
        limit=0.0,
        unit="m",
        passed=not offending,
        offending=tuple(offending),
    )
    return result, ok


def check_setback_overlaps(
    walls: Walls, footprints: tuple[Footprint, ...], rule: SetbackRule, settings: CheckSettings
) -> tuple[CheckResult, int]:
    """Setback areas of different buildings must neither overlap nor cover another building.

    Returns the check and the number of overlaps found; only the MAX_LISTED_OVERLAPS largest of each kind
    are listed (walls are compared pairwise, so contrived input could yield tens of thousands), while the
    measured area counts all of them.
    """
    overlaps: list[_Overlaps] = []
    if len(footprints) > 1:
        overlaps = [_rect_overlaps(walls, settings), _rects_on_buildings(walls, footprints, settings)]
    offending = [part for found in overlaps for part in found.listed(walls, footprints)]
    result = CheckResult(
        check_id="setback_overlap",
        label="Abstandsflächen überdecken sich nicht",
        legal_basis=rule.legal_basis,
        measured=float(sum((found.areas.sum() for found in overlaps), 0.0)),
        limit=0.0,
        unit="m²",
        passed=not offending,
        offending=tuple(offending),
    )
    return result, sum(len(found.areas) for found in overlaps)


@dataclass(frozen=True)
class _Overlaps:
    """Overlaps of setback rectangle `rect[k]` with rectangle or building `other[k]` (parallel arrays)."""

    rect: NDArray[np.int64]
    other: NDArray[np.int64]
    geometry: NDArray[np.object_]
    areas: NDArray[np.float64]
    on_buildings: bool

    @classmethod
    def of(
        cls,
        rect: NDArray[np.int64],
        other: NDArray[np.int64],
        geometry: NDArray[np.object_],
        settings: CheckSettings,
        *,
        on_buildings: bool,
    ) -> _Overlaps:
        areas = shapely.area(geometry) if len(geometry) else np.zeros(0)
        keep = areas > settings.area_epsilon_m2
        return cls(rect[keep], other[keep], geometry[keep], areas[keep], on_buildings)

    def listed(self, walls: Walls, footprints: tuple[Footprint, ...]) -> list[OffendingArea]:
        largest = np.sort(np.argsort(-self.areas, kind="stable")[:MAX_LISTED_OVERLAPS])  # in input order
        return [self._part(int(k), walls, footprints) for k in largest]

    def _part(self, k: int, walls: Walls, footprints: tuple[Footprint, ...]) -> OffendingArea:
        i, j, area = self.rect[k], self.other[k], float(self.areas[k])
        a = footprints[int(walls.building[i])]
        if self.on_buildings:
            text = (
                f"Die Abstandsfläche von {a.label}, Wand {walls.wall_index[i] + 1}, liegt auf "
                f"{footprints[int(j)].label} ({de_number(area)} m²)."
            )
        else:
            b = footprints[int(walls.building[j])]
            text = (
                f"Abstandsflächen von {a.label}, Wand {walls.wall_index[i] + 1}, und {b.label}, "
                f"Wand {walls.wall_index[j] + 1}, überdecken sich auf {de_number(area)} m²."
            )
        return OffendingArea("setbacks", a.index, a.feature_id, text, area, self.geometry[k])


def _rect_overlaps(walls: Walls, settings: CheckSettings) -> _Overlaps:
    tree = shapely.STRtree(walls.rects)
    left, right = tree.query(walls.rects, predicate="intersects")
    pairs = (left < right) & (walls.building[left] != walls.building[right])
    left, right = left[pairs], right[pairs]
    geometry = shapely.intersection(walls.rects[left], walls.rects[right])
    return _Overlaps.of(left, right, geometry, settings, on_buildings=False)


def _rects_on_buildings(
    walls: Walls, footprints: tuple[Footprint, ...], settings: CheckSettings
) -> _Overlaps:
    polygons = np.asarray([fp.polygon for fp in footprints], dtype=object)
    tree = shapely.STRtree(polygons)
    rect_i, fp_j = tree.query(walls.rects, predicate="intersects")
    other = walls.building[rect_i] != fp_j
    rect_i, fp_j = rect_i[other], fp_j[other]
    geometry = shapely.intersection(walls.rects[rect_i], polygons[fp_j])
    return _Overlaps.of(rect_i, fp_j, geometry, settings, on_buildings=True)


def setback_areas(
    walls: Walls, footprints: tuple[Footprint, ...], ok: NDArray[np.bool_]
) -> tuple[SetbackArea, ...]:
    return tuple(
        SetbackArea(footprints[int(b)].index, int(w), float(d), rect, bool(passed))
        for b, w, d, rect, passed in zip(
            walls.building, walls.wall_index, walls.depth, walls.rects, ok, strict=True
        )
    )
