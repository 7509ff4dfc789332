import json
from datetime import date
from uuid import uuid4

import pytest
from sqlalchemy import func, select

from permits.errors import NotFound
from permits.extensions import db
from permits.geometry import InvalidGeometry
from permits.models import Case, GeometryCheck
from permits.services.geometry import agencies_for_case, check_case_geometry
from permits.services.layers import import_layer
from tests.geometry.geometry_helpers import building, collection, feature, rect, submission


def _case(number: int = 1) -> Case:
    case = Case(
        public_id=str(uuid4()), file_reference=f"BA-2026-{number:06d}", process_id="demo", title="Wohnhaus"
    )
    db.session.add(case)
    db.session.commit()
    return case


def _stored() -> int:
    return db.session.scalar(select(func.count()).select_from(GeometryCheck))


def test_check_is_stored_with_input_result_and_drawing(app):
    case = _case()
    import_layer(
        "Plan",
        "development_plan",
        collection(
            feature(rect(-50, -50, 150, 150), featureType="BP_Plan"),
            feature(rect(5, 5, 20, 20), featureType="BP_UeberbaubareGrundstuecksFlaeche"),
        ),
    )
    import_layer("Denkmal", "monument", collection(feature(rect(30, 0, 10, 10), name="Alte Mühle")))
    import_layer("B 6", "federal_road", collection(feature(rect(-100, 200, 300, 10))))
    sub = submission(buildings=[building(10, 10, 10, 10, height=8.0)], zone_type="WA")
    report = check_case_geometry(case.id, sub, date(2025, 3, 1))
    assert report.passed
    stored = db.session.scalars(select(GeometryCheck)).one()
    assert stored.case_id == case.id and stored.passed and stored.application_date == date(2025, 3, 1)
    assert stored.input == sub
    assert stored.result == json.loads(json.dumps(report.to_dict()))
    assert stored.svg.startswith("<svg")
    assert stored.created_at.tzinfo is not None
    assert agencies_for_case(case.id) == ["fire_protection_office", "monument_authority"]


def test_latest_check_wins(app):
    case = _case()
    check_case_geometry(
        case.id, submission(buildings=[building(10, 10, 10, 10, height=8.0)]), date(2025, 3, 1)
    )
    assert agencies_for_case(case.id) == ["fire_protection_office", "municipality"]
    check_case_geometry(
        case.id, submission(buildings=[building(10, 10, 10, 10, height=6.0)]), date(2025, 3, 2)
    )
    assert agencies_for_case(case.id) == ["municipality"]
    assert _stored() == 2


def test_invalid_input_stores_nothing(app):
    case = _case()
    with pytest.raises(InvalidGeometry) as info:
        check_case_geometry(
            case.id, submission(buildings=[feature(rect(5, 5, 10, 10), floors=2)]), date(2025, 3, 1)
        )
    assert info.value.codes == {"footprints/0/properties/height": "missing_height"}
    assert _stored() == 0
    with pytest.raises(NotFound, match="noch keine Geometrieprüfung"):
        agencies_for_case(case.id)


def test_unknown_case(app):
    with pytest.raises(NotFound, match=r"Vorgang 999 nicht gefunden\."):
        check_case_geometry(999, submission(), date(2025, 3, 1))
    assert _stored() == 0


def test_failing_check_is_stored_as_failed(app):
    case = _case()
    report = check_case_geometry(case.id, submission(buildings=[building(1, 1, 10, 10)]), date(2025, 3, 1))
    assert not report.passed
    assert db.session.scalars(select(GeometryCheck)).one().passed is False
