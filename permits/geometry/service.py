"""Use cases for the procedures: check a case's geometry and store the result; read the agencies back."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select

from permits.errors import NotFound
from permits.extensions import db
from permits.geometry.context import site_context
from permits.geometry.drawing import draw_site_plan
from permits.geometry.input import parse_submission
from permits.geometry.layers import load_layer_indexes
from permits.geometry.plot_check import check_plot
from permits.geometry.results import GeometryReport
from permits.geometry.rules import DEFAULT_SETTINGS, CheckSettings
from permits.models.case import Case
from permits.models.geometry import GeometryCheck

log = logging.getLogger(__name__)


def check_case_geometry(
    case_id: int,
    submission: Mapping[str, Any],
    application_date: date,
    *,
    settings: CheckSettings = DEFAULT_SETTINGS,
) -> GeometryReport:
    """Check the submission against all stored layers and store input, result and drawing.

    One transaction; on invalid input (InvalidGeometry) or an unknown case nothing is stored.
    """
    try:
        report = store_geometry_check(case_id, submission, application_date, settings=settings)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return report


def store_geometry_check(
    case_id: int,
    submission: Mapping[str, Any],
    application_date: date,
    *,
    settings: CheckSettings = DEFAULT_SETTINGS,
) -> GeometryReport:
    """Like `check_case_geometry`, but inside the caller's transaction: a submission stores the case and its
    check together or neither."""
    if db.session.get(Case, case_id) is None:
        raise NotFound(f"Vorgang {case_id} nicht gefunden.")
    site = parse_submission(submission)
    plan, constraints = site_context(load_layer_indexes(), site)
    report = check_plot(site, application_date, plan=plan, constraints=constraints, settings=settings)
    svg = draw_site_plan(site, report, plan)
    db.session.add(
        GeometryCheck(
            case_id=case_id,
            application_date=report.application_date,
            input=dict(submission),
            result=report.to_dict(),
            svg=svg,
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
    return sorted({entry["agency_type"] for entry in check.result.get("agencies", [])})
