"""`check_plot`: every geometry check for one submission, pure (no database, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from permits.geometry.constraints import ConstraintArea, constraint_hits, derive_agencies
from permits.geometry.coverage import areas, coverage_checks, coverage_limits
from permits.geometry.envelope import check_building_lines, check_envelope, check_on_plot
from permits.geometry.format import de_count
from permits.geometry.input import parse_submission
from permits.geometry.plan import PlanContext, permitted_setback_area
from permits.geometry.results import CheckResult, GeometryReport
from permits.geometry.rules import DEFAULT_SETTINGS, CheckSettings, setback_rule
from permits.geometry.setbacks import build_walls, check_setback_overlaps, check_setbacks, setback_areas
from permits.geometry.site import SiteInput


def check_plot(
    submission: Mapping[str, Any] | SiteInput,
    application_date: date,
    *,
    plan: PlanContext | None = None,
    constraints: Sequence[ConstraintArea] = (),
    crs: str | int | None = None,
    settings: CheckSettings = DEFAULT_SETTINGS,
) -> GeometryReport:
    """Run all checks. `submission` is the GeoJSON input (see `parse_submission`) or an already parsed site.

    Raises InvalidGeometry on bad input. The setback rule is the one in force on `application_date`.
    """
    site = submission if isinstance(submission, SiteInput) else parse_submission(submission, crs)
    if isinstance(application_date, datetime):
        application_date = application_date.date()
    zone_type = (plan.zone_type if plan else None) or site.zone_type
    rule = setback_rule(site.land, application_date)
    notes: list[str] = []

    checks: list[CheckResult] = [check_on_plot(site, settings)]
    if plan is not None and plan.has_envelope:
        checks.append(check_envelope(site, plan, settings))
    elif plan is not None:
        notes.append(
            "Der Bebauungsplan setzt keine überbaubaren Grundstücksflächen fest; Baugrenze nicht geprüft."
        )
    else:
        notes.append("Kein Bebauungsplan für das Grundstück; Baugrenzen und Baulinien nicht geprüft.")
    if plan is not None:
        line_check = check_building_lines(site, plan, settings)
        if line_check is not None:
            checks.append(line_check)

    walls = build_walls(site.footprints, rule, zone_type)
    setback_check, ok = check_setbacks(
        walls, site.footprints, permitted_setback_area(site.plot, plan), rule, settings
    )
    overlap_check, overlaps = check_setback_overlaps(walls, site.footprints, rule, settings)
    checks += [setback_check, overlap_check]
    listed = len(overlap_check.offending)
    if overlaps > listed:
        notes.append(
            f"Es sind nur die {listed} größten von {de_count(overlaps)} Überdeckungen von Abstandsflächen "
            "aufgeführt."
        )

    limits = coverage_limits(
        plan.grz if plan else None, plan.gfz if plan else None, zone_type, plan.name if plan else None
    )
    if limits is None:
        notes.append(
            "Weder der Bebauungsplan noch die Eingabe nennen eine Baugebietsart; GRZ und GFZ nicht geprüft."
        )
    else:
        checks += coverage_checks(site, limits)
        if limits.gfz is None:
            notes.append("Keine Geschossflächenzahl festgesetzt; GFZ nicht geprüft.")

    hits = constraint_hits(site, constraints)
    plot_area, main_area, extra_area, floor_area = areas(site)
    return GeometryReport(
        application_date=application_date,
        land=site.land,
        setback_rule_id=rule.rule_id,
        zone_type=zone_type,
        checks=tuple(checks),
        constraint_hits=hits,
        agencies=derive_agencies(site, hits, plan, checks),
        notes=tuple(notes),
        metrics=(
            ("plot_area_m2", plot_area),
            ("footprint_area_m2", main_area),
            ("ancillary_area_m2", extra_area),
            ("floor_area_m2", floor_area),
        ),
        setback_areas=setback_areas(walls, site.footprints, ok),
    )
