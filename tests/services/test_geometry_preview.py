"""The architect sees the plot check of a draft before submitting: the same check, no case, nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from permits.core.runtime import local_today
from permits.errors import PermissionDenied
from permits.extensions import db
from permits.geometry import InvalidGeometry
from permits.models import Application, Case, GeometryCheck
from permits.services import applications
from permits.services.geometry import run_plot_check
from permits.services.geometry_preview import draft_layers, draft_site, preview_check
from permits.services.layers import import_layer
from tests.factories import ApplicationFactory
from tests.geometry.geometry_helpers import E0, N0, building, collection, feature, rect, submission


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def plan_and_monument(app):
    import_layer(
        "Nr. 1710",
        "development_plan",
        collection(
            feature(rect(-50, -50, 150, 150), role="plan_area", zone_type="WA", grz=0.4, gfz=0.8),
            feature(rect(5, 5, 20, 20), role="building_envelope"),
        ),
    )
    import_layer(
        "Denkmal Alte Mühle", "monument", collection(feature(rect(30, 0, 10, 10), name="Alte Mühle"))
    )
    import_layer("Ferne Mühle", "monument", collection(feature(rect(2000, 2000, 10, 10))))


def _draft(people, geometry):
    draft = ApplicationFactory(applicant=people["architektin"], geometry=geometry)
    db.session.commit()
    return draft


def test_architect_previews_the_check_the_case_will_get(plan_and_monument, people, actors):
    geometry = submission(buildings=[building(8, 8, 14, 14, height=8.0)])
    draft = _draft(people, geometry)

    preview = preview_check(draft.public_id, actors["architektin"])

    assert preview is not None
    expected = run_plot_check(geometry, local_today()).report
    result = preview.result
    assert [(c.check_id, c.measured, c.passed) for c in result.checks] == [
        (c.check_id, round(c.measured, 4), c.passed) for c in expected.checks
    ]
    assert result.passed and not result.findings
    assert next(c for c in result.checks if c.check_id == "site_coverage").limit == 0.4  # the plan's GRZ
    assert [(a.agency_type, a.legal_area) for a in result.agencies] == [
        ("fire_protection_office", "Brandschutz"),
        ("monument_authority", "Denkmalschutz"),
    ]
    assert result.svg is not None and result.svg.startswith("<svg")
    assert {m.label: m.value_m2 for m in preview.metrics} == {
        "Grundstücksfläche": 900.0,
        "Grundfläche der Gebäude": 196.0,
        "Geschossfläche": 392.0,
    }


def test_preview_names_what_breaks_the_rules_in_german(plan_and_monument, people, actors):
    # 2 m from the western boundary (3 m needed) and partly outside the buildable area.
    draft = _draft(people, submission(buildings=[building(2, 8, 14, 14, height=6.0)]))

    result = preview_check(draft.public_id, actors["architektin"]).result

    assert not result.passed
    failed = {c.check_id for c in result.checks if not c.passed}
    assert {"building_envelope", "setback_areas"} <= failed
    assert any("3,00 m erforderlich, 2,00 m vorhanden" in f.description for f in result.findings)
    assert "municipality" in {a.agency_type for a in result.agencies}  # a dispensation from the plan


def test_preview_opens_no_case_and_stores_nothing(plan_and_monument, people, actors):
    draft = _draft(people, submission())
    before = (draft.geometry, draft.updated_at, draft.status)

    preview_check(draft.public_id, actors["architektin"], submission(buildings=[building(40, 0, 5, 5)]))

    db.session.expire_all()
    stored = db.session.get(Application, draft.id)
    assert (stored.geometry, stored.updated_at, stored.status) == before
    assert _count(Case) == 0 and _count(GeometryCheck) == 0


def test_saved_geometry_is_kept_and_only_it_changes(plan_and_monument, people, actors):
    draft = _draft(people, None)
    geometry = submission(buildings=[building(8, 8, 10, 10)])

    applications.update_application(draft.public_id, {"geometry": geometry}, actors["architektin"])
    preview = preview_check(draft.public_id, actors["architektin"])

    assert preview is not None and preview.result.passed
    assert db.session.get(Application, draft.id).geometry == geometry
    assert _count(Case) == 0 and _count(GeometryCheck) == 0


def test_invalid_geometry_is_refused_like_saving_it(people, actors):
    draft = _draft(people, submission())
    broken = submission(buildings=[feature(rect(8, 8, 10, 10), floors=2)])

    with pytest.raises(InvalidGeometry) as refused:
        preview_check(draft.public_id, actors["architektin"], broken)

    assert "Die Höhe" in refused.value.message


def test_nothing_to_check_without_geometry(people, actors):
    assert preview_check(_draft(people, None).public_id, actors["architektin"]) is None


def test_another_architect_cannot_preview_the_draft(people, actors):
    other = ApplicationFactory(geometry=submission())
    db.session.commit()

    with pytest.raises(PermissionDenied):
        preview_check(other.public_id, actors["architektin"])
    with pytest.raises(PermissionDenied):
        draft_layers(other.public_id, actors["architektin"])


def test_map_shows_the_site_and_the_layers_around_the_plot(plan_and_monument, people, actors):
    draft = _draft(people, submission(buildings=[building(8, 8, 10, 10, height=6.5, floors=2)]))

    site = draft_site(draft.public_id, actors["architektin"])
    layers = draft_layers(draft.public_id, actors["architektin"])

    assert [f["properties"]["role"] for f in site["features"]] == ["plot", "footprint"]
    assert site["features"][1]["properties"] | {} == {"role": "footprint", "height": 6.5, "floors": 2}
    labels = sorted(f["properties"]["label"] for f in layers["features"])
    assert labels == ["Denkmalschutz", "Geltungsbereich des Bebauungsplans", "Überbaubare Grundstücksfläche"]
    assert not layers["truncated"]  # the far monument (2 km away) is not part of the map
    plan_area = next(f for f in layers["features"] if f["properties"]["role"] == "plan_area")
    minx, miny = (min(c[i] for c in plan_area["geometry"]["coordinates"][0]) for i in (0, 1))
    assert (minx, miny) == (E0 - 50, N0 - 50)  # inside the 100 m surroundings, so not clipped


def test_map_of_a_draft_without_plot_shows_the_requested_window_only(plan_and_monument, people, actors):
    draft = _draft(people, None)
    architect = actors["architektin"]

    assert draft_layers(draft.public_id, architect)["features"] == []
    window = draft_layers(draft.public_id, architect, [E0 - 5000, N0 - 5000, E0 + 5000, N0 + 5000])
    # cut to 1 km around its centre: the monument 2 km away stays out
    assert {f["properties"]["layer"] for f in window["features"]} == {"Nr. 1710", "Denkmal Alte Mühle"}
