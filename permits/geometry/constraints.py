"""Constraint layers (monuments, water, nature, roads, …) and which agencies must be asked.

The triggers are documented in one table, `permits.geometry.rules.AGENCY_RULES`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from permits.geometry.plan import PlanContext
from permits.geometry.results import AgencyRequirement, CheckResult, ConstraintHit
from permits.geometry.rules import AGENCY_RULES, CONSTRAINT_KINDS, FIRE_BUILDING_CLASSES, FIRE_HEIGHT_LIMIT_M
from permits.geometry.site import SiteInput

_NAME_KEYS = ("name", "bezeichnung", "NAME", "Name")


@dataclass(frozen=True)
class ConstraintArea:
    """One feature of a constraint layer near the plot."""

    layer_name: str
    kind: str  # a key of CONSTRAINT_KINDS
    geometry: BaseGeometry
    name: str | None = None
    buffer_m: float | None = None  # None: the kind's default distance zone

    @classmethod
    def from_feature(
        cls,
        layer_name: str,
        kind: str,
        geometry: BaseGeometry,
        props: Mapping[str, Any],
        buffer_m: float | None,
    ) -> ConstraintArea:
        name = next((str(props[k]) for k in _NAME_KEYS if props.get(k)), None)
        return cls(layer_name, kind, geometry, name, buffer_m)

    @property
    def distance_m(self) -> float:
        return self.buffer_m if self.buffer_m is not None else CONSTRAINT_KINDS[self.kind].default_buffer_m


def constraint_hits(site: SiteInput, constraints: Sequence[ConstraintArea]) -> tuple[ConstraintHit, ...]:
    works = shapely.union_all([fp.polygon for fp in site.footprints] + [a.area for a in site.ancillary])
    hits = []
    for area in constraints:
        kind = CONSTRAINT_KINDS[area.kind]
        subject = site.plot if kind.applies_to == "plot" else works
        distance = area.distance_m
        if not shapely.dwithin(area.geometry, subject, distance):
            continue
        zone = area.geometry.buffer(distance) if distance > 0 else area.geometry
        affected = zone.intersection(subject)
        label = f"{kind.label} „{area.name}“" if area.name else kind.label
        rule = kind.agency_rule
        hits.append(
            ConstraintHit(
                area.layer_name, area.kind, label, rule.agency_type, rule.legal_basis, affected.area, affected
            )
        )
    return tuple(hits)


def derive_agencies(
    site: SiteInput, hits: Sequence[ConstraintHit], plan: PlanContext | None, checks: Sequence[CheckResult]
) -> tuple[AgencyRequirement, ...]:
    """Apply AGENCY_RULES; one entry per (agency, rule), with the concrete reason in German."""
    found: dict[str, AgencyRequirement] = {}

    def add(rule_id: str, detail: str) -> None:
        rule = AGENCY_RULES[rule_id]
        reason = f"{rule.trigger}: {detail}" if detail else rule.trigger
        found.setdefault(rule_id, AgencyRequirement(rule.agency_type, rule_id, reason, rule.legal_basis))

    for hit in hits:
        add(f"constraint:{hit.kind}", f"{hit.label} (Ebene „{hit.layer_name}“)")
    too_high = [
        fp.label
        for fp in site.footprints
        if max((fp.height_m, *(fp.wall_heights or ()))) > FIRE_HEIGHT_LIMIT_M
    ]
    if too_high:
        add("building:fire_height", ", ".join(too_high))
    high_class = [fp.label for fp in site.footprints if fp.building_class in FIRE_BUILDING_CLASSES]
    if high_class:
        add("building:fire_class", ", ".join(high_class))
    if plan is None:
        add("plan:outside_plan", "")
    failed = [
        c.label for c in checks if c.check_id in ("building_envelope", "building_line") and not c.passed
    ]
    if failed:
        add("plan:dispensation", "; ".join(failed))
    return tuple(sorted(found.values(), key=lambda a: (a.agency_type, a.rule_id)))
