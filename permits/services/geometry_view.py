"""Read model of a plot check result (`GeometryReport.to_dict()`), for the case page and the map step."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from permits.codelists import LEGAL_AREA_BY_AGENCY_TYPE
from permits.geometry.format import de_number
from permits.models import GeometryCheck
from permits.services.views import GeometryAgency, GeometryCheckRow, GeometryFinding, GeometryView


def _de(value: Any) -> str:
    return de_number(float(value or 0))


def _finding(check_id: str, part: Mapping[str, Any]) -> GeometryFinding:
    if part.get("description"):
        return GeometryFinding(check_id, str(part["description"]))
    # A wall carries numbers, not a sentence: say which wall and by how much its setback falls short.
    building = part.get("building_id") or int(part.get("building_index") or 0) + 1
    wall = int(part.get("wall_index") or 0) + 1
    return GeometryFinding(
        check_id,
        f"Gebäude {building}, Wand {wall}: Abstandsfläche {_de(part.get('required_depth_m'))} m "
        f"erforderlich, {_de(part.get('available_depth_m'))} m vorhanden.",
    )


def geometry_view(check: GeometryCheck) -> GeometryView:
    return result_view(check.result or {}, passed=check.passed, checked_at=check.created_at, svg=check.svg)


def result_view(
    result: Mapping[str, Any], *, passed: bool, checked_at: datetime, svg: str | None
) -> GeometryView:
    """The stored result is plain JSON; read it defensively, since results stored by older versions may
    lack newer keys."""
    rows = result.get("checks") or []
    return GeometryView(
        passed=passed,
        checked_at=checked_at,
        checks=tuple(
            GeometryCheckRow(
                check_id=str(c.get("check_id", "")),
                label=str(c.get("label", "")),
                legal_basis=str(c.get("legal_basis", "")),
                comparison=str(c.get("comparison", "<=")),
                limit=float(c.get("limit") or 0),
                measured=float(c.get("measured") or 0),
                unit=str(c.get("unit", "")),
                passed=bool(c.get("passed")),
            )
            for c in rows
        ),
        findings=tuple(
            _finding(str(c.get("check_id", "")), part) for c in rows for part in c.get("offending") or []
        ),
        agencies=tuple(
            GeometryAgency(
                agency_type=str(a.get("agency_type", "")),
                reason=str(a.get("reason", "")),
                legal_basis=str(a.get("legal_basis", "")),
                legal_area=LEGAL_AREA_BY_AGENCY_TYPE.get(str(a.get("agency_type", "")), ""),
            )
            for a in result.get("agencies") or []
        ),
        notes=tuple(str(n) for n in result.get("notes") or []),
        svg=svg or None,
    )
