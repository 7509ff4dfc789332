"""An oversized site plan is refused with a German 422 problem before the geometry checks run."""

from __future__ import annotations

import math

from sqlalchemy import func, select

from permits.extensions import db
from permits.geometry.rules import MAX_POINTS_PER_POLYGON
from permits.models import Application
from tests.factories import APPLICATION_DETAILS, APPLICATION_GEOMETRY


def _round_footprint(points: int) -> dict:
    x, y = 552_420.0, 5_800_315.0
    ring = [
        [x + 5 * math.cos(2 * math.pi * i / (points - 1)), y + 5 * math.sin(2 * math.pi * i / (points - 1))]
        for i in range(points - 1)
    ]
    return {
        "type": "Feature",
        "properties": {"height": 6.5, "floors": 2},
        "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
    }


def test_a_footprint_with_too_many_points_gets_422_and_nothing_is_stored(api):
    geometry = {**APPLICATION_GEOMETRY, "footprints": _round_footprint(MAX_POINTS_PER_POLYGON + 1)}
    response = api("architektin").post(
        "/api/v1/applications",
        json={
            "title": "Rundbau",
            "procedure": "simplified",
            "details": APPLICATION_DETAILS,
            "geometry": geometry,
        },
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    message = (
        "Gebäude 1: Eine Fläche hat 2.001 Punkte; zulässig sind höchstens 2.000 je Fläche. "
        "Bitte die Umrisse vereinfachen oder den Antrag aufteilen."
    )
    assert response.json["detail"] == message
    assert response.json["errors"] == {"footprints/0/geometry": [message]}
    assert db.session.scalar(select(func.count()).select_from(Application)) == 0
