"""Use cases of the plot geometry checks: check a case's geometry and store the result; read it back."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from permits.core.transaction import transactional
from permits.errors import NotFound
from permits.extensions import db
from permits.geometry import (
    DEFAULT_SETTINGS,
    CheckSettings,
    GeometryReport,
    SiteInput,
    check_plot,
    draw_site_plan,
    parse_submission,
    site_context,
    stored_agency_types,
)
from permits.models.case import Case
from permits.models.geometry import GeometryCheck
from permits.services.layers import load_layer_indexes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlotCheck:
    """One run of the plot check: the parsed site, the report and its site drawing (SVG)."""

    site: SiteInput
    report: GeometryReport
    svg: str


def run_plot_check(
    submission: Mapping[str, Any], application_date: date, *, settings: CheckSettings = DEFAULT_SETTINGS
) -> PlotCheck:
    """The check a case gets on submission, against all stored layers; stores nothing.

    Raises InvalidGeometry on bad input. Shared by `check_case_geometry` and the draft preview, so an
    architect sees before submitting exactly what the case will get.
    """
    site = parse_submission(submission)
    plan, constraints = site_context(load_layer_indexes(), site)
    report = check_plot(site, application_date, plan=plan, constraints=constraints, settings=settings)
    return PlotCheck(site, report, draw_site_plan(site, report, plan))


@transactional
def check_case_geometry(
    case_id: int,
    submission: Mapping[str, Any],
    application_date: date,
    *,
    settings: CheckSettings = DEFAULT_SETTINGS,
) -> GeometryReport:
    """Check the submission against all stored layers and store input, result and drawing.

    On invalid input (InvalidGeometry) or an unknown case nothing is stored. Called inside another use case
    (submitting an application), it joins that transaction: the case and its check are stored together or
    not at all.
    """
    if db.session.get(Case, case_id) is None:
        raise NotFound(f"Vorgang {case_id} nicht gefunden.")
    run = run_plot_check(submission, application_date, settings=settings)
    report = run.report
    db.session.add(
        GeometryCheck(
            case_id=case_id,
            application_date=report.application_date,
            input=dict(submission),
            result=report.to_dict(),
            svg=run.svg,
            passed=report.passed,
        )
    )
    log.info("geometry check for case %s: passed=%s agencies=%s", case_id, report.passed, report.agency_types)
    return report


def latest_geometry_check(case_id: int) -> GeometryCheck | None:
    return db.session.scalars(
        select(GeometryCheck)
        .where(GeometryCheck.case_id == case_id)
        .order_by(GeometryCheck.created_at.desc(), GeometryCheck.id.desc())
        .limit(1)
    ).first()


def agencies_for_case(case_id: int) -> list[str]:
    """Agency types (sorted, unique) the latest stored geometry check asks for.

    Raises NotFound when the case has no geometry check yet: silently returning no agencies would
    let a procedure skip participation.
    """
    check = latest_geometry_check(case_id)
    if check is None:
        raise NotFound(f"Für Vorgang {case_id} liegt noch keine Geometrieprüfung vor.")
    return stored_agency_types(check.result)
