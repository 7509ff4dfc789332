"""Plot geometry checks: setbacks, site coverage, building envelope, constraint layers and agencies.

Public API:
    check_plot(submission, application_date, *, plan=None, constraints=(), crs=None, settings=...)
        -> GeometryReport
    check_case_geometry(case_id, submission, application_date) -> GeometryReport   (stores the result)
    agencies_for_case(case_id) -> list[str]
    parse_submission(submission, crs=None) -> SiteInput
    draw_site_plan(site, report, plan=None) -> str (SVG)
    import_layer(name, kind, collection, *, crs=None, buffer_m=None) -> Layer
    layers_cli (click group "layers", in permits.geometry.cli)
"""

from permits.geometry.constraints import ConstraintArea
from permits.geometry.context import site_context
from permits.geometry.drawing import draw_site_plan
from permits.geometry.errors import GeometryProblem, InvalidGeometry
from permits.geometry.input import SiteInput, parse_submission
from permits.geometry.layers import import_layer, list_layers, load_layer_indexes
from permits.geometry.plan import PlanContext, plan_context
from permits.geometry.plot_check import check_plot
from permits.geometry.results import CheckResult, GeometryReport
from permits.geometry.rules import AGENCY_TYPES, CheckSettings
from permits.geometry.service import agencies_for_case, check_case_geometry, store_geometry_check

__all__ = [
    "AGENCY_TYPES",
    "CheckResult",
    "CheckSettings",
    "ConstraintArea",
    "GeometryProblem",
    "GeometryReport",
    "InvalidGeometry",
    "PlanContext",
    "SiteInput",
    "agencies_for_case",
    "check_case_geometry",
    "check_plot",
    "draw_site_plan",
    "import_layer",
    "list_layers",
    "load_layer_indexes",
    "parse_submission",
    "plan_context",
    "site_context",
    "store_geometry_check",
]
