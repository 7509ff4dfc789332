"""Plot geometry checks: setbacks, site coverage, building envelope, constraint layers and agencies.

Pure: plain inputs (GeoJSON-like mappings, shapely geometry, dates) in, immutable results out; no
database, no web framework. Storing checks and reading layers from the database are use cases in
`permits.services.geometry` and `permits.services.layers`.

Public API:
    parse_submission(submission, crs=None) -> SiteInput        (raises InvalidGeometry)
    LayerIndex.build(layer, geometries, properties) -> LayerIndex  (one layer's STRtree)
    site_context(indexes, site) -> (PlanContext | None, [ConstraintArea])
    check_plot(submission, application_date, *, plan=None, constraints=(), crs=None, settings=...)
        -> GeometryReport
    draw_site_plan(site, report, plan=None) -> str (SVG)
    stored_agency_types(report_dict) -> list[str]
    parse_layer_features(collection, crs=None) -> [(geometry, properties)]  (layer files)
"""

from permits.geometry.constraints import ConstraintArea
from permits.geometry.context import site_context
from permits.geometry.drawing import draw_site_plan
from permits.geometry.errors import GeometryProblem, InvalidGeometry
from permits.geometry.index import LayerIndex
from permits.geometry.input import parse_submission
from permits.geometry.layer_input import parse_layer_features
from permits.geometry.plan import PlanContext, plan_context
from permits.geometry.plot_check import check_plot
from permits.geometry.results import CheckResult, GeometryReport, stored_agency_types
from permits.geometry.rules import AGENCY_TYPES, DEFAULT_SETTINGS, LAYER_KINDS, CheckSettings
from permits.geometry.site import SiteInput

__all__ = [
    "AGENCY_TYPES",
    "DEFAULT_SETTINGS",
    "LAYER_KINDS",
    "CheckResult",
    "CheckSettings",
    "ConstraintArea",
    "GeometryProblem",
    "GeometryReport",
    "InvalidGeometry",
    "LayerIndex",
    "PlanContext",
    "SiteInput",
    "check_plot",
    "draw_site_plan",
    "parse_layer_features",
    "parse_submission",
    "plan_context",
    "site_context",
    "stored_agency_types",
]
