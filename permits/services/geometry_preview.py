"""The plot check of a draft application, before submission: read-only, nothing but the draft is touched.

The architect sees the findings, the agencies that will be asked and the site drawing that the case will
get on submission (`services.geometry.run_plot_check` runs both), and the map shows the draft's site with
the stored layers around it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from permits.core.actors import Actor
from permits.core.runtime import local_today, now
from permits.geometry import parse_submission
from permits.geometry.map_view import layer_features, site_features, window
from permits.services.applications import get_application
from permits.services.geometry import run_plot_check
from permits.services.geometry_view import result_view
from permits.services.layers import load_layer_indexes
from permits.services.views import GeometryView

_METRIC_LABELS = (
    ("plot_area_m2", "Grundstücksfläche"),
    ("footprint_area_m2", "Grundfläche der Gebäude"),
    ("ancillary_area_m2", "Grundfläche der Nebenanlagen"),
    ("floor_area_m2", "Geschossfläche"),
)


@dataclass(frozen=True)
class GeometryMetric:
    label: str  # German
    value_m2: float


@dataclass(frozen=True)
class GeometryPreview:
    """What the case's plot check would say today, with the measured areas."""

    result: GeometryView
    metrics: tuple[GeometryMetric, ...]


def preview_check(
    public_id: str, actor: Actor, submission: Mapping[str, Any] | None = None
) -> GeometryPreview | None:
    """Check `submission` (or, without one, the draft's saved geometry) as submitting would; store nothing.

    None when there is nothing to check. Raises InvalidGeometry on bad input, like saving it would.
    """
    application = get_application(public_id, actor)
    geometry = submission if submission is not None else application.geometry
    if not geometry:
        return None
    run = run_plot_check(geometry, local_today())
    result = run.report.to_dict()
    metrics = dict(run.report.metrics)
    return GeometryPreview(
        result=result_view(result, passed=run.report.passed, checked_at=now(), svg=run.svg),
        metrics=tuple(
            GeometryMetric(label, metrics[key]) for key, label in _METRIC_LABELS if metrics.get(key)
        ),
    )


def draft_site(public_id: str, actor: Actor) -> dict[str, Any] | None:
    """The draft's saved site as GeoJSON in EPSG:25832 (whatever system it was given in), or None."""
    application = get_application(public_id, actor)
    if not application.geometry:
        return None
    return site_features(parse_submission(application.geometry))


def draft_layers(public_id: str, actor: Actor, bbox: Sequence[float] | None = None) -> dict[str, Any]:
    """Development-plan and constraint features around the draft's plot (or in `bbox` while it has none)."""
    application = get_application(public_id, actor)
    site = parse_submission(application.geometry) if application.geometry else None
    area = window(site, bbox)
    if area is None:
        return {"type": "FeatureCollection", "features": [], "truncated": False}
    return layer_features(load_layer_indexes(), area)
