"""One exported FeatureCollection (plot and buildings together) becomes the submission the checks read."""

from __future__ import annotations

import json

from permits.geometry import parse_submission
from permits.geometry.collection import as_submission
from tests.geometry.geometry_helpers import building, collection, feature, rect, shared_file, submission


def test_roles_sort_features_into_plot_buildings_and_ancillary_areas():
    exported = collection(
        feature(rect(0, 0, 30, 30), role="Grundstück"),
        building(10, 10, 10, 10, role="footprint"),
        feature(rect(2, 2, 5, 5), role="ancillary", kind="carport"),
    )
    exported["land"] = "NI"

    site = parse_submission(as_submission(exported))

    assert site.plot.area == 900 and len(site.footprints) == 1 and site.ancillary[0].kind == "carport"
    assert site.land == "NI"


def test_without_role_a_feature_with_height_is_a_building_and_the_rest_the_plot():
    converted = as_submission(collection(feature(rect(0, 0, 30, 30)), building(10, 10, 10, 10)))

    assert len(converted["plot"]["features"]) == 1 and len(converted["footprints"]["features"]) == 1


def test_the_submission_object_of_the_api_is_taken_as_it_is():
    given = submission()
    assert as_submission(given) is given


def test_a_cadastral_parcel_alone_is_the_plot_and_its_crs_is_kept():
    parcel = json.loads(shared_file("flurstueck_05329001100085.geojson").read_text())

    converted = as_submission(parcel)

    assert set(converted) == {"plot", "crs"}
