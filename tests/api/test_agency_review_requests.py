"""Agencies read the review requests sent to them and answer with statements (JSON and XBau 0303)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest
from lxml import etree
from sqlalchemy import select

from permits import xbau
from permits.codelists import ReviewStatus
from permits.extensions import db
from permits.models import OpenTask, ReviewRequest, Statement
from permits.services.cases import start_case
from permits.services.tasks import complete_task
from permits.services.timers import fire_due_timers
from tests.conftest import needs_xbau
from tests.xbau.agency_statement import AgencyStatement, StatementPart, emit_agency_statement


@pytest.fixture
def case_in_participation(actors):
    architect = actors["architektin"]
    case = start_case(
        "full_procedure",
        "Neubau Wohnhaus",
        architect,
        applicant_id=architect.user_id,
        details={
            "project": {"description": "Neubau Wohnhaus"},
            "plot": {"gemarkung": "Döhren", "flur": "3", "zaehler": "85"},
        },
        data={"construction_value": 500000, "building_class": 3, "municipality_is_authority": True},
    )
    task = db.session.scalars(
        select(OpenTask).filter_by(case_id=case.id, element_id="ut_completeness_check")
    ).one()
    complete_task(
        task.task_id,
        {"complete": True, "involve_fire": True, "involve_monument": True},
        actors["sachbearbeitung"],
        claim=True,
    )
    return case


def _review_id(api, agency: str) -> str:
    page = api(f"agency:{agency}").get("/api/v1/review-requests?status=open").json
    assert page["total"] == 1, page
    return page["items"][0]["id"]


def test_agency_sees_only_its_own_requests(api, case_in_participation):
    fire_id = _review_id(api, "fire")
    detail = api("agency:fire").get(f"/api/v1/review-requests/{fire_id}").json
    assert detail["case"]["file_reference"] == case_in_participation.file_reference
    assert detail["case"]["plot"]["zaehler"] == "85" and "applicant" not in detail["case"]
    assert detail["status"] == "open" and detail["due_on"] == "2026-04-02"
    assert api("agency:monument").get(f"/api/v1/review-requests/{fire_id}").status_code == 404
    refused = api("agency:monument").post(
        f"/api/v1/review-requests/{fire_id}/statement", json={"verdict": "consent"}
    )
    assert refused.status_code == 404
    assert api("architektin").get("/api/v1/review-requests").status_code == 403


def test_statement_with_conditions_moves_the_procedure_and_is_idempotent(api, case_in_participation):
    fire_id = _review_id(api, "fire")
    body = {
        "verdict": "consent_with_conditions",
        "legal_area": "Brandschutz",
        "text": "Keine Bedenken.",
        "conditions": [
            {"type": "2", "text": "Feuerwehrzufahrt freihalten"},
            {"type": "4", "text": "Rauchwarnmelder in Aufenthaltsräumen"},
        ],
    }
    headers = {"Idempotency-Key": "abc-1"}
    first = api("agency:fire").post(
        f"/api/v1/review-requests/{fire_id}/statement", json=body, headers=headers
    )
    assert first.status_code == 201, first.json
    assert [c["text"] for c in first.json["conditions"]] == [
        "Feuerwehrzufahrt freihalten",
        "Rauchwarnmelder in Aufenthaltsräumen",
    ]
    replay = api("agency:fire").post(
        f"/api/v1/review-requests/{fire_id}/statement", json=body, headers=headers
    )
    assert replay.status_code == 200 and replay.json["id"] == first.json["id"]
    assert len(db.session.scalars(select(Statement)).all()) == 1
    review = db.session.scalars(select(ReviewRequest).filter_by(public_id=fire_id)).one()
    assert review.status == ReviewStatus.ANSWERED
    assert not db.session.scalars(select(OpenTask).filter_by(candidate_group="authority:fire")).all()


def test_invalid_statement_is_refused_with_field_errors(api, case_in_participation):
    fire_id = _review_id(api, "fire")
    response = api("agency:fire").post(
        f"/api/v1/review-requests/{fire_id}/statement",
        json={"verdict": "maybe", "conditions": [{"type": "9"}]},
    )
    assert response.status_code == 422
    assert set(response.json["errors"]) >= {"verdict", "conditions.0.type", "conditions.0.text"}


def test_late_statement_after_deemed_consent_is_stored_and_flagged(api, case_in_participation, clock):
    fire_id = _review_id(api, "fire")
    clock.advance(timedelta(days=33))
    fire_due_timers("w1", limit=100)
    late = api("agency:fire").post(
        f"/api/v1/review-requests/{fire_id}/statement",
        json={"verdict": "objection", "text": "Leider zu spät."},
    )
    assert late.status_code == 201 and late.json["late"] is True
    review = db.session.scalars(select(ReviewRequest).filter_by(public_id=fire_id)).one()
    assert review.status == ReviewStatus.DEEMED_CONSENT
    assert [s.verdict.value for s in review.statements] == ["deemed_consent", "objection"]


@needs_xbau
def test_request_as_xbau_0300_and_answer_by_0303(api, case_in_participation):
    monument_id = _review_id(api, "monument")
    response = api("agency:monument").get(f"/api/v1/review-requests/{monument_id}/xbau")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = etree.fromstring(response.data)
    assert etree.QName(root).localname == "beteiligung.aufforderung.0300"
    assert monument_id in response.data.decode()

    statement = AgencyStatement(
        envelope=xbau.Envelope(
            author=xbau.DvdvAddress("bet:03241102", "Untere Denkmalschutzbehörde"),
            reader=xbau.DvdvAddress("bab:03241001", "Bauordnung"),
        ),
        case=xbau.CaseReference(UUID(case_in_participation.public_id), case_in_participation.file_reference),
        request_id=UUID(monument_id),
        parts=(
            StatementPart(
                consent=True,
                legal_domain=xbau.legal_domain("Denkmalschutz"),
                provisions=(
                    xbau.AncillaryProvision(
                        xbau.ProvisionType.OBLIGATION,
                        xbau.legal_domain("Denkmalschutz"),
                        "Fassadenfarbe mit der Denkmalpflege abstimmen",
                    ),
                ),
            ),
        ),
    )
    message = emit_agency_statement(statement)
    posted = api("agency:monument").post(
        "/api/v1/xbau/messages", data=message, headers={"Content-Type": "application/xml"}
    )
    assert posted.status_code == 201, posted.json
    assert posted.json["message"] == "0303" and posted.json["created"] is True
    again = api("agency:monument").post(
        "/api/v1/xbau/messages", data=message, headers={"Content-Type": "application/xml"}
    )
    assert again.json["statement_id"] == posted.json["statement_id"] and again.json["created"] is False
    stored = db.session.get(Statement, posted.json["statement_id"])
    assert stored.verdict.value == "consent_with_conditions"
    assert stored.conditions[0]["text"] == "Fassadenfarbe mit der Denkmalpflege abstimmen"


def test_statement_with_areas_takes_the_strictest_verdict_and_shows_each_area(api, case_in_participation):
    fire_id = _review_id(api, "fire")
    body = {
        "verdict": "objection",
        "notes": "Bitte Brandschutzkonzept nachreichen.",
        "areas": [
            {
                "legal_area": "Brandschutz",
                "verdict": "consent_with_conditions",
                "conditions": [{"type": "2", "text": "Feuerwehrzufahrt freihalten"}],
            },
            {"legal_area": "Rettungswege", "verdict": "objection", "reasons": "Zweiter Rettungsweg fehlt."},
        ],
    }

    answered = api("agency:fire").post(f"/api/v1/review-requests/{fire_id}/statement", json=body)

    assert answered.status_code == 201, answered.json
    assert (
        answered.json["verdict"] == "objection" and answered.json["legal_area"] == "Brandschutz, Rettungswege"
    )
    assert answered.json["notes"] == "Bitte Brandschutzkonzept nachreichen."
    assert [(a["legal_area"], a["verdict_label"]) for a in answered.json["areas"]] == [
        ("Brandschutz", "Zustimmung mit Nebenbestimmungen"),
        ("Rettungswege", "Ablehnung"),
    ]
    assert answered.json["conditions"] == [
        {
            "type": "2",
            "type_label": "Auflage",
            "legal_area": "Brandschutz",
            "text": "Feuerwehrzufahrt freihalten",
        }
    ]
    case = api("sachbearbeitung").get(f"/api/v1/cases/{case_in_participation.id}").json
    (shown,) = case["statements"]
    assert shown["areas"] == answered.json["areas"] and shown["verdict"] == "objection"


def test_statement_whose_verdict_is_milder_than_an_area_is_refused(api, case_in_participation):
    fire_id = _review_id(api, "fire")
    body = {
        "verdict": "consent",
        "areas": [
            {"legal_area": "Brandschutz", "verdict": "consent"},
            {"legal_area": "Rettungswege", "verdict": "objection"},
            {"legal_area": "Löschwasser", "verdict": "consent_with_conditions"},
        ],
    }

    refused = api("agency:fire").post(f"/api/v1/review-requests/{fire_id}/statement", json=body)

    assert refused.status_code == 422, refused.json
    assert set(refused.json["errors"]) == {"verdict", "areas.2.conditions"}
    assert "Ablehnung" in refused.json["errors"]["verdict"][0]
    assert db.session.scalars(select(Statement)).all() == []
