"""The case page shows statements and the geometry check in German: names and labels, not codes."""

from __future__ import annotations

from datetime import UTC, datetime

from permits.codelists import ReviewStatus, Verdict
from permits.extensions import db
from permits.models import GeometryCheck
from tests.factories import CaseFactory, ReviewRequestFactory, StatementFactory

CHECK = {
    "check_id": "setback_north",
    "label": "Abstandsfläche Nord",
    "legal_basis": "§ 5 NBauO",
    "measured": 3.25,
    "limit": 3.0,
    "unit": "m",
    "comparison": ">=",
    "passed": False,
    "offending": [
        {
            "kind": "wall",
            "building_index": 0,
            "wall_index": 2,
            "required_depth_m": 3,
            "available_depth_m": 2.1,
        }
    ],
}


def test_officer_sees_statements_and_geometry_findings_in_german(signed_in, people):
    case = CaseFactory()
    review = ReviewRequestFactory(
        case=case, authority=people["feuerwehr"].authority, status=ReviewStatus.ANSWERED
    )
    StatementFactory(
        review_request=review,
        verdict=Verdict.CONSENT_WITH_CONDITIONS,
        conditions=[{"type": "2", "legal_area": None, "text": "Feuerwehrzufahrt freihalten"}],
        received_at=datetime(2026, 3, 9, 10, 0, tzinfo=UTC),
    )
    db.session.add(
        GeometryCheck(
            case_id=case.id,
            application_date=datetime(2026, 3, 2).date(),
            input={},
            result={"checks": [CHECK], "agencies": [], "notes": ["Kein Bebauungsplan für das Grundstück."]},
            svg="",
            passed=False,
        )
    )
    db.session.commit()
    page = signed_in("sachbearbeitung").get(f"/vorgaenge/{case.id}").get_data(as_text=True)
    assert "Feuerwehr Hannover – Vorbeugender Brandschutz" in page
    assert "Zustimmung mit Nebenbestimmungen" in page and "Auflage: Feuerwehrzufahrt freihalten" in page
    assert "09.03.2026" in page and "consent_with_conditions" not in page
    assert "≥ 3,00 m" in page and "3,25 m" in page and "nicht erfüllt" in page
    assert "Gebäude 1, Wand 3: Abstandsfläche 3,00 m erforderlich, 2,10 m vorhanden." in page
    assert "Kein Bebauungsplan für das Grundstück." in page
