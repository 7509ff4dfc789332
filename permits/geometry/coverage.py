"""Site coverage (GRZ, § 19 BauNVO) including the § 19 Abs. 4 overrun, and floor area ratio (GFZ, § 20)."""

from __future__ import annotations

from dataclasses import dataclass

import shapely

from permits.geometry.results import CheckResult
from permits.geometry.rules import ANCILLARY_OVERRUN_CAP, ANCILLARY_OVERRUN_SHARE, ZONE_GUIDE_VALUES
from permits.geometry.site import SiteInput

# Ratios are compared unrounded; this only absorbs float noise so that "exactly on the limit" passes.
_RATIO_EPSILON = 1e-9


@dataclass(frozen=True)
class CoverageLimits:
    grz: float
    gfz: float | None
    source: str  # German, for the legal basis: "Bebauungsplan …" or "Orientierungswert WA"


def coverage_limits(
    plan_grz: float | None, plan_gfz: float | None, zone_type: str | None, plan_name: str | None
) -> CoverageLimits | None:
    """The plan's own values win; otherwise the BauNVO § 17 orientation values of the zone type."""
    guide = ZONE_GUIDE_VALUES.get(zone_type or "")
    if plan_grz is not None:
        gfz = plan_gfz if plan_gfz is not None else (guide[1] if guide else None)
        return CoverageLimits(plan_grz, gfz, f"Bebauungsplan {plan_name}" if plan_name else "Bebauungsplan")
    if guide is None:
        return None
    return CoverageLimits(
        guide[0], plan_gfz if plan_gfz is not None else guide[1], f"Orientierungswert {zone_type}"
    )


def areas(site: SiteInput) -> tuple[float, float, float, float]:
    """Plot area, main building footprint area, extra ancillary area (not under a building), floor area."""
    buildings = shapely.union_all([fp.polygon for fp in site.footprints])
    ancillary = shapely.union_all([a.area for a in site.ancillary]) if site.ancillary else None
    extra = ancillary.difference(buildings).area if ancillary is not None else 0.0
    floor_area = sum(fp.polygon.area * fp.floors for fp in site.footprints)
    return site.plot.area, buildings.area, extra, floor_area


def coverage_checks(site: SiteInput, limits: CoverageLimits) -> list[CheckResult]:
    plot_area, main_area, extra_area, floor_area = areas(site)
    grz = main_area / plot_area
    total = (main_area + extra_area) / plot_area
    # § 19 Abs. 4 S. 2 BauNVO: up to 50 % more, but not beyond 0.8 (a plan GRZ above 0.8 stays as it is).
    total_limit = max(limits.grz, min(limits.grz * (1 + ANCILLARY_OVERRUN_SHARE), ANCILLARY_OVERRUN_CAP))
    checks = [
        CheckResult(
            check_id="site_coverage",
            label="Grundflächenzahl (GRZ) der Hauptanlagen",
            legal_basis=f"§ 19 Abs. 2 BauNVO ({limits.source})",
            measured=grz,
            limit=limits.grz,
            unit="",
            passed=grz <= limits.grz + _RATIO_EPSILON,
        ),
        CheckResult(
            check_id="site_coverage_total",
            label="GRZ einschließlich Garagen, Stellplätzen, Zufahrten und Nebenanlagen",
            legal_basis=f"§ 19 Abs. 4 BauNVO ({limits.source})",
            measured=total,
            limit=total_limit,
            unit="",
            passed=total <= total_limit + _RATIO_EPSILON,
        ),
    ]
    if limits.gfz is not None:
        gfz = floor_area / plot_area
        checks.append(
            CheckResult(
                check_id="floor_area_ratio",
                label="Geschossflächenzahl (GFZ)",
                legal_basis=f"§ 20 BauNVO ({limits.source})",
                measured=gfz,
                limit=limits.gfz,
                unit="",
                passed=gfz <= limits.gfz + _RATIO_EPSILON,
            )
        )
    return checks
