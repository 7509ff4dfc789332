"""Turn layer indexes into what `check_plot` needs for one site: the plan context and nearby constraints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import shapely

from permits.geometry.constraints import ConstraintArea
from permits.geometry.index import LayerIndex
from permits.geometry.plan import OPEN_SPACE_SEARCH_M, PlanContext, plan_context
from permits.geometry.rules import CONSTRAINT_KINDS, DEVELOPMENT_PLAN
from permits.geometry.site import SiteInput


def site_context(
    indexes: Sequence[LayerIndex], site: SiteInput
) -> tuple[PlanContext | None, list[ConstraintArea]]:
    extent = shapely.box(
        *shapely.union_all(
            [site.plot, *(f.polygon for f in site.footprints), *(a.area for a in site.ancillary)]
        ).bounds
    )
    plans = []
    constraints: list[ConstraintArea] = []
    for index in indexes:
        if index.kind == DEVELOPMENT_PLAN:
            context = plan_context(index.near(site.plot, OPEN_SPACE_SEARCH_M), site.plot, index.name)
            if context is not None:
                has_envelope = bool(index.roles & {"building_envelope", "building_limit"})
                plans.append(replace(context, has_envelope=has_envelope))
        elif index.kind in CONSTRAINT_KINDS:
            buffer_m = index.properties.get("buffer_m")
            distance = buffer_m if buffer_m is not None else CONSTRAINT_KINDS[index.kind].default_buffer_m
            constraints += [
                ConstraintArea.from_feature(index.name, index.kind, geom, props, buffer_m)
                for geom, props in index.near(extent, distance)
            ]
    return merge_plans(plans), constraints


def merge_plans(plans: Sequence[PlanContext]) -> PlanContext | None:
    """Several plans may cover one plot (e.g. an amendment): their features add up, the first values win."""
    if len(plans) <= 1:
        return plans[0] if plans else None
    return PlanContext(
        name=", ".join(p.name for p in plans if p.name) or None,
        envelopes=tuple(e for p in plans for e in p.envelopes),
        building_lines=tuple(line for p in plans for line in p.building_lines),
        open_spaces=tuple(o for p in plans for o in p.open_spaces),
        zone_type=next((p.zone_type for p in plans if p.zone_type), None),
        grz=next((p.grz for p in plans if p.grz is not None), None),
        gfz=next((p.gfz for p in plans if p.gfz is not None), None),
        has_envelope=any(p.has_envelope for p in plans),
    )
