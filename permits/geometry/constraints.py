"""Constraint layers (monuments, water, nature, roads, …) and which agencies must be asked.

The triggers are documented in one table in `permits.geometry.rules`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from permits.geometry.input import SiteInput
from permits.geometry.plan import PlanContext
from permits.geometry.results import AgencyRequirement, CheckResult, ConstraintHit
from permits.geometry.rules import CONSTRAINT_KINDS, FIRE_BUILDING_CLASSES, FIRE_HEIGHT_LIMIT_M

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
        cls, layer_name: str, kind: str, geometry: BaseGeometry, props: Mapping[str, Any], buffer_m: float | None
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
        if not shapely.dwithin(area.geometry, subject, distance) if distance > 0 else not area.geometry.intersects(subject):
            continue
        zone = area.geometry.buffer(distance) if distance > 0 else area.geometry
        affected = zone.intersection(subject)
        label = f"{kind.label} „{area.name}“" if area.name else kind.label
        hits.append(ConstraintHit(area.layer_name, area.kind, label, kind.agency_type, kind.legal_basis,
                                  affected.area, affected))  # fmt: skip
    return tuple(hits)


def derive_agencies(
    site: SiteInput, hits: Sequence[ConstraintHit], plan: PlanContext | None, checks: Sequence[CheckResult]
) -> tuple[AgencyRequirement, ...]:
    found: dict[tuple[str, str], AgencyRequirement] = {}

    def add(agency_type: str, rule_id: str, reason: str, basis: str) -> None:
        found.setdefault((agency_type, rule_id), AgencyRequirement(agency_type, rule_id, reason, basis))

    for hit in hits:
        add(hit.agency_type, f"constraint:{hit.kind}", f"Betroffen: {hit.label} (Ebene „{hit.layer_name}“).",
            hit.legal_basis)  # fmt: skip
    for fp in site.footprints:
        height = max((fp.height_m, *(fp.wall_heights or ())))
        if height > FIRE_HEIGHT_LIMIT_M:
            add("fire_protection_office", "building:fire_height",
                f"Gebäudehöhe über {FIRE_HEIGHT_LIMIT_M:g} m (Gebäudeklasse 4 oder 5 möglich).", "§ 2 Abs. 3 NBauO")  # fmt: skip
        if fp.building_class in FIRE_BUILDING_CLASSES:
            add("fire_protection_office", "building:fire_class", f"Gebäudeklasse {fp.building_class}.",
                "§ 2 Abs. 3 NBauO")  # fmt: skip
    if plan is None:
        add("municipality", "plan:outside_plan",
            "Kein Bebauungsplan: Zulässigkeit nach §§ 34, 35 BauGB, Einvernehmen der Gemeinde nötig.", "§ 36 BauGB")  # fmt: skip
    failed_plan_checks = [c.label for c in checks if c.check_id in ("building_envelope", "building_line") and not c.passed]
    if failed_plan_checks:
        add("municipality", "plan:dispensation",
            f"Befreiung vom Bebauungsplan nötig ({'; '.join(failed_plan_checks)}).", "§ 31 Abs. 2, § 36 BauGB")  # fmt: skip
    return tuple(sorted(found.values(), key=lambda a: (a.agency_type, a.rule_id)))
