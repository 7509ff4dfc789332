"""Where the buildings stand: on the plot, inside the buildable area (Baugrenze), on the Baulinie."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from permits.geometry.format import de_number
from permits.geometry.plan import PlanContext
from permits.geometry.results import CheckResult, OffendingArea
from permits.geometry.rules import CheckSettings
from permits.geometry.site import Footprint, SiteInput, feature_label


def _outside_parts(
    items: list[tuple[str, int, str | None, BaseGeometry]],
    region: BaseGeometry,
    settings: CheckSettings,
    what: str,
) -> list[OffendingArea]:
    """Parts of each item outside `region`; an item passes when it lies within the tolerance strip."""
    tolerant = region.buffer(settings.tolerance_m) if not region.is_empty else region
    shapely.prepare(tolerant)
    found = []
    for section, index, feature_id, geom in items:
        if tolerant.covers(geom):
            continue
        outside = geom.difference(region)
        if outside.difference(tolerant).area <= settings.area_epsilon_m2:
            continue
        label = feature_label(section, index, feature_id)
        text = f"{label} ragt mit {de_number(outside.area)} m² über {what} hinaus."
        found.append(OffendingArea(section, index, feature_id, text, outside.area, outside))
    return found


def check_on_plot(site: SiteInput, settings: CheckSettings) -> CheckResult:
    items = [("footprints", f.index, f.feature_id, f.polygon) for f in site.footprints]
    items += [("ancillary", a.index, a.feature_id, a.area) for a in site.ancillary]
    offending = _outside_parts(items, site.plot, settings, "das Grundstück")
    return CheckResult(
        check_id="on_plot",
        label="Gebäude und Nebenanlagen liegen auf dem Baugrundstück",
        legal_basis="Baugrundstück laut Lageplan",
        measured=sum((part.area_m2 for part in offending), 0.0),
        limit=0.0,
        unit="m²",
        passed=not offending,
        offending=tuple(offending),
    )


def check_envelope(site: SiteInput, plan: PlanContext, settings: CheckSettings) -> CheckResult:
    """Main buildings must stay inside the buildable area; ancillary structures may lie outside it
    (§ 23 Abs. 5 BauNVO) unless the plan says otherwise, which the case officer checks."""
    region = shapely.union_all(plan.envelopes) if plan.envelopes else shapely.Polygon()
    items = [("footprints", f.index, f.feature_id, f.polygon) for f in site.footprints]
    offending = _outside_parts(items, region, settings, "die Baugrenze")
    return CheckResult(
        check_id="building_envelope",
        label="Gebäude innerhalb der überbaubaren Grundstücksfläche (Baugrenze)",
        legal_basis="§ 23 Abs. 3 BauNVO",
        measured=sum((part.area_m2 for part in offending), 0.0),
        limit=0.0,
        unit="m²",
        passed=not offending,
        offending=tuple(offending),
    )


def check_building_lines(site: SiteInput, plan: PlanContext, settings: CheckSettings) -> CheckResult | None:
    """Where a Baulinie crosses the plot, at least one outer wall must stand on it.

    A wall stands on the line when its ends and midpoint are all within the tolerance of the line;
    `measured` is the smallest such deviation of any wall, taken over the worst line.
    """
    lines = [line.intersection(site.plot) for line in plan.building_lines]
    lines = [line for line in lines if line.length > settings.tolerance_m]
    if not lines:
        return None
    points = _wall_points(site.footprints)
    worst = 0.0
    offending = []
    for number, line in enumerate(lines):
        distances = shapely.distance(line, points)  # (walls, 3)
        deviation = float(distances.max(axis=1).min())
        worst = max(worst, deviation)
        if deviation > settings.tolerance_m + 1e-9:
            text = (
                f"Kein Gebäude steht auf der Baulinie {number + 1}; "
                f"die nächste Wand weicht {de_number(deviation)} m ab."
            )
            offending.append(OffendingArea("building_lines", number, None, text, 0.0, line))
    return CheckResult(
        check_id="building_line",
        label="Gebäude auf der Baulinie",
        legal_basis="§ 23 Abs. 2 BauNVO",
        measured=worst,
        limit=settings.tolerance_m,
        unit="m",
        passed=not offending,
        offending=tuple(offending),
    )


def _wall_points(footprints: tuple[Footprint, ...]) -> np.ndarray:
    starts, ends = [], []
    for fp in footprints:
        coords = np.asarray(fp.polygon.exterior.coords)[:, :2]
        starts.append(coords[:-1])
        ends.append(coords[1:])
    start, end = np.concatenate(starts), np.concatenate(ends)
    return np.stack([shapely.points(start), shapely.points(end), shapely.points((start + end) / 2)], axis=1)
