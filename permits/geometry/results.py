"""Typed, immutable check results and the report that bundles them; `to_dict()` gives plain JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

Point2 = tuple[float, float]


def _r(value: float, digits: int = 4) -> float:
    return round(float(value), digits)


def _geojson(geom: BaseGeometry | None) -> dict[str, Any] | None:
    if geom is None or geom.is_empty:
        return None
    return dict(mapping(geom.simplify(0.0)))


@dataclass(frozen=True)
class OffendingWall:
    """An outer wall whose setback area leaves the permitted area (or overlaps another one)."""

    building_index: int
    building_id: str | None
    wall_index: int
    start: Point2
    end: Point2
    height_m: float
    required_depth_m: float
    available_depth_m: float
    geometry: BaseGeometry | None = field(
        default=None, compare=False
    )  # the part of the setback area at fault

    kind = "wall"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "building_index": self.building_index,
            "building_id": self.building_id,
            "wall_index": self.wall_index,
            "start": [_r(self.start[0], 3), _r(self.start[1], 3)],
            "end": [_r(self.end[0], 3), _r(self.end[1], 3)],
            "height_m": _r(self.height_m, 3),
            "required_depth_m": _r(self.required_depth_m, 3),
            "available_depth_m": _r(self.available_depth_m, 3),
            "geometry": _geojson(self.geometry),
        }


@dataclass(frozen=True)
class OffendingArea:
    """A part of a footprint, setback area or plan feature that breaks a rule, with a German description."""

    section: str  # "footprints", "ancillary", "setbacks", "building_lines"
    index: int
    feature_id: str | None
    description: str
    area_m2: float
    geometry: BaseGeometry | None = field(default=None, compare=False)

    kind = "area"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "section": self.section,
            "index": self.index,
            "feature_id": self.feature_id,
            "description": self.description,
            "area_m2": _r(self.area_m2, 3),
            "geometry": _geojson(self.geometry),
        }


Offending = OffendingWall | OffendingArea


@dataclass(frozen=True)
class CheckResult:
    check_id: str
    label: str  # German
    legal_basis: str
    measured: float
    limit: float
    unit: str  # "m", "m²" or "" for ratios
    passed: bool
    comparison: str = "<="  # how `measured` must relate to `limit` to pass
    offending: tuple[Offending, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "check_id": self.check_id,
            "label": self.label,
            "legal_basis": self.legal_basis,
            "measured": _r(self.measured),
            "limit": _r(self.limit),
            "unit": self.unit,
            "comparison": self.comparison,
            "passed": self.passed,
            "offending": [part.to_dict() for part in self.offending],
        }


@dataclass(frozen=True)
class ConstraintHit:
    layer_name: str
    kind: str
    label: str  # German, e.g. "Wasserschutzgebiet „Fuhrberger Feld“"
    agency_type: str
    legal_basis: str
    overlap_m2: float  # area of the affected part (0 for a contact along a line)
    geometry: BaseGeometry | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "layer_name": self.layer_name,
            "kind": self.kind,
            "label": self.label,
            "agency_type": self.agency_type,
            "legal_basis": self.legal_basis,
            "overlap_m2": _r(self.overlap_m2, 3),
        }


@dataclass(frozen=True)
class AgencyRequirement:
    agency_type: str
    rule_id: str
    reason: str  # German
    legal_basis: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency_type": self.agency_type,
            "rule_id": self.rule_id,
            "reason": self.reason,
            "legal_basis": self.legal_basis,
        }


@dataclass(frozen=True)
class SetbackArea:
    """The setback rectangle in front of one wall; kept for the drawing and for map views."""

    building_index: int
    wall_index: int
    depth_m: float
    polygon: BaseGeometry = field(compare=False)
    passed: bool = True


@dataclass(frozen=True)
class GeometryReport:
    application_date: date
    land: str
    setback_rule_id: str
    zone_type: str | None
    checks: tuple[CheckResult, ...]
    constraint_hits: tuple[ConstraintHit, ...] = ()
    agencies: tuple[AgencyRequirement, ...] = ()
    notes: tuple[str, ...] = ()  # German; e.g. why a check was not applicable
    metrics: tuple[tuple[str, float], ...] = ()
    setback_areas: tuple[SetbackArea, ...] = field(default=(), compare=False)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def agency_types(self) -> list[str]:
        return sorted({a.agency_type for a in self.agencies})

    def check(self, check_id: str) -> CheckResult:
        for result in self.checks:
            if result.check_id == check_id:
                return result
        raise KeyError(check_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "application_date": self.application_date.isoformat(),
            "land": self.land,
            "setback_rule_id": self.setback_rule_id,
            "zone_type": self.zone_type,
            "passed": self.passed,
            "checks": [c.to_dict() for c in self.checks],
            "constraint_hits": [h.to_dict() for h in self.constraint_hits],
            "agencies": [a.to_dict() for a in self.agencies],
            "agency_types": self.agency_types,
            "notes": list(self.notes),
            "metrics": {name: _r(value) for name, value in self.metrics},
            "setback_areas": [
                {
                    "building_index": s.building_index,
                    "wall_index": s.wall_index,
                    "depth_m": _r(s.depth_m, 3),
                    "passed": s.passed,
                    "geometry": _geojson(s.polygon),
                }
                for s in self.setback_areas
            ],
        }


def stored_agency_types(result: Mapping[str, Any]) -> list[str]:
    """Agency types (sorted, unique) of a report stored as `GeometryReport.to_dict()`."""
    return sorted({str(entry["agency_type"]) for entry in result.get("agencies", [])})
