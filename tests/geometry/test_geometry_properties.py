"""Property tests: shrinking a passing footprint keeps it passing; moving everything changes nothing."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from permits.geometry import PlanContext, check_plot, parse_submission
from permits.geometry.plan import OpenSpace
from tests.geometry.geometry_helpers import E0, N0, building, submission

ON = date(2025, 3, 1)
PLAN = PlanContext(
    name="Test",
    envelopes=(box(E0 + 3, N0 + 3, E0 + 37, N0 + 27),),
    open_spaces=(OpenSpace("public_road", box(E0 - 100, N0 - 8, E0 + 140, N0)),),
    zone_type="WA",
    has_envelope=True,
)


def _site(x, y, w, h, height):
    return parse_submission(submission(plot=(0, 0, 40, 30), buildings=[building(x, y, w, h, height=height)]))


def _summary(report):
    return [(c.check_id, c.passed, round(c.measured, 6), round(c.limit, 6)) for c in report.checks]


footprints = st.tuples(
    st.floats(0, 30), st.floats(0, 20), st.floats(2, 30), st.floats(2, 25), st.floats(3, 14)
).filter(lambda t: t[0] + t[2] <= 40 and t[1] + t[3] <= 30)


@settings(max_examples=50, deadline=None)
@given(footprints, st.floats(0, 0.45), st.floats(0, 0.45), st.floats(0, 1), st.floats(0, 1))
def test_footprint_shrunk_inside_a_passing_footprint_still_passes(fp, shrink_w, shrink_h, at_x, at_y):
    x, y, w, h, height = fp
    report = check_plot(_site(x, y, w, h, height), ON, plan=PLAN)
    if not report.passed:
        return
    new_w, new_h = w * (1 - shrink_w), h * (1 - shrink_h)
    inner = _site(x + (w - new_w) * at_x, y + (h - new_h) * at_y, new_w, new_h, height)
    shrunk = check_plot(inner, ON, plan=PLAN)
    assert shrunk.passed, _summary(shrunk)


@settings(max_examples=50, deadline=None)
@given(footprints, st.floats(-50_000, 50_000), st.floats(-50_000, 50_000))
def test_results_do_not_depend_on_position(fp, dx, dy):
    site = _site(*fp)
    here = check_plot(site, ON, plan=PLAN)
    there = check_plot(site.translated(dx, dy), ON, plan=PLAN.translated(dx, dy))
    assert [c.passed for c in here.checks] == [c.passed for c in there.checks]
    for a, b in zip(here.checks, there.checks, strict=True):
        assert abs(a.measured - b.measured) <= 1e-6 * max(1.0, abs(a.measured))
        assert len(a.offending) == len(b.offending)
    assert here.agency_types == there.agency_types
