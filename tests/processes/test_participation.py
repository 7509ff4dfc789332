"""Participation (beteiligung.bpmn) and municipal consent (einvernehmen.bpmn)."""

from __future__ import annotations

from datetime import date

import pytest

from permits.codelists import ReviewStatus, Verdict
from permits.core.actors import Actor
from permits.errors import Conflict, InvalidInput
from permits.extensions import db
from permits.models import GeometryCheck
from permits.participation import reviews as participation
from permits.tasks import decision_draft


def _start_participation(driver, *agencies, **data):
    case = driver.start("full_procedure", construction_value=500000, building_class=3, **data)
    driver.complete_check(case, **{f"involve_{a}": True for a in agencies})
    return case


def test_one_agency_silent_gets_deemed_consent(driver):
    case = _start_participation(
        driver, "fire", "monument", municipality_is_authority=True, monument_expert_consent=True
    )
    reviews = driver.reviews(case)
    assert reviews["fire"].due_on == date(2026, 4, 2)  # 2 March + 1 month
    # the expert authority must agree: + 2 months = Sat 2 May → Mon 4 May
    assert reviews["monument"].due_on == date(2026, 5, 4)
    driver.statement(case, "monument", statement_verdict="consent", legal_area="Denkmalschutz")
    assert driver.status(case) == "08"
    driver.pass_time(days=27)
    assert driver.open_elements(case) == ["ut_statement"]
    driver.pass_time(days=5)
    assert driver.status(case) == "09"
    assert driver.open_elements(case) == ["ut_substantive_review"]
    reviews = driver.reviews(case)
    assert reviews["fire"].status == ReviewStatus.DEEMED_CONSENT
    assert reviews["monument"].status == ReviewStatus.ANSWERED
    verdicts = {s.review_request.authority.code: s.verdict for s in driver.statements(case)}
    assert verdicts == {"monument": Verdict.CONSENT, "fire": Verdict.DEEMED_CONSENT}
    fired = [e.element_id for e in driver.audit(case, "timer_fired")]
    assert fired == ["be_statement_deadline"]
    assert "deemed_consent" in driver.actions(case)
    # a late statement after deemed consent is stored and flagged, not lost; the outcome stays
    late = participation.record_statement(
        reviews["fire"].id, "objection", [], "Zu spät", Actor(name="agency:fire"), idempotency_key="late-1"
    )
    db.session.commit()
    assert late.late and driver.reviews(case)["fire"].status == ReviewStatus.DEEMED_CONSENT
    again = participation.record_statement(
        reviews["fire"].id, "objection", [], "Zu spät", Actor(name="agency:fire"), idempotency_key="late-1"
    )
    assert again.id == late.id
    assert len(driver.statements(case)) == 3
    result = participation.participation_result(case.id)
    assert result["verdicts"] == {"fire": "deemed_consent", "monument": "consent"}


def test_one_agency_objects_and_its_conditions_reach_the_decision(driver):
    case = _start_participation(driver, "fire", "water", "nature", municipality_is_authority=True)
    driver.statement(
        case,
        "water",
        statement_verdict="objection",
        legal_area="Wasserrecht",
        statement_text="Überschwemmungsgebiet",
    )
    driver.statement(
        case,
        "fire",
        statement_verdict="consent_with_conditions",
        legal_area="Brandschutz",
        condition_type="1",
        condition_text="Feuerwehrzufahrt freihalten",
    )
    driver.statement(case, "nature", statement_verdict="consent")
    assert driver.status(case) == "09"
    result = participation.participation_result(case.id)
    assert result["objections"] == ["water"]
    assert result["conditions"] == [
        {"type": "1", "legal_area": "Brandschutz", "text": "Feuerwehrzufahrt freihalten", "authority": "fire"}
    ]
    proposed = decision_draft.merged_conditions(case.id)
    assert proposed == [
        {
            "type": "1",
            "legal_area": "Brandschutz",
            "text": "Feuerwehrzufahrt freihalten",
            "source": proposed[0]["source"],
        }
    ]
    driver.approve(
        case,
        provisions=proposed,
        overrides=[{"item": "objection:water", "reason": "Hochwasserschutz durch Auflage gesichert"}],
    )
    draft = next(
        j
        for j in driver.app.extensions["sqlalchemy"].session.query(
            __import__("permits.models", fromlist=["Job"]).Job
        )
        if j.payload.get("kind") == "approval"
    )
    texts = [c["text"] for c in draft.payload["arguments"]["conditions"]]
    assert "Feuerwehrzufahrt freihalten" in texts
    assert driver.status(case) == "10"


def test_deadline_extended_on_request(driver):
    case = _start_participation(driver, "nature", municipality_is_authority=True)
    driver.statement(
        case, "nature", statement_verdict="extension_requested", statement_text="Kartierung läuft"
    )
    decide = driver.task(case, "ut_decide_extension")
    assert decide.candidate_group == "role:case_officer" and decide.lane == "Bauaufsichtsbehörde"
    driver.complete(
        case,
        "ut_decide_extension",
        "officer",
        grant_extension=True,
        extension_weeks=3,
        extension_reason="Brutzeit",
    )
    review = driver.reviews(case)["nature"]
    assert review.due_on == date(2026, 4, 2) and review.extended_until == date(2026, 4, 23)
    task = driver.task(case, "ut_statement")
    assert task.due_at.isoformat() == "2026-04-23T22:00:00+00:00"
    driver.pass_time(days=35)  # past the original deadline: no deemed consent
    assert driver.reviews(case)["nature"].status == ReviewStatus.OPEN
    assert driver.open_elements(case) == ["ut_statement"]
    driver.statement(case, "nature", statement_verdict="consent")
    assert driver.reviews(case)["nature"].status == ReviewStatus.ANSWERED
    assert driver.status(case) == "09"
    assert "deadline_extended" in driver.actions(case)
    assert [s.verdict for s in driver.statements(case)] == [Verdict.CONSENT]


def test_extension_refused_keeps_the_deadline(driver):
    case = _start_participation(driver, "roads", municipality_is_authority=True)
    driver.statement(case, "roads", statement_verdict="extension_requested")
    driver.complete(
        case, "ut_decide_extension", "officer", grant_extension=False, extension_reason="Nicht begründet"
    )
    assert driver.reviews(case)["roads"].extended_until is None
    assert driver.open_elements(case) == ["ut_statement"]
    driver.pass_time(days=32)
    assert driver.reviews(case)["roads"].status == ReviewStatus.DEEMED_CONSENT
    assert "extension_refused" in driver.actions(case)
    assert driver.status(case) == "09"
    assert driver.documents(case).count("participation_request") == 2  # first and renewed request


def test_municipal_consent_deemed_after_two_months(driver):
    case = _start_participation(driver)
    assert driver.status(case) == "18"  # no agencies: no participation statuses
    task = driver.task(case, "ut_municipal_consent")
    assert task.candidate_group == "authority:municipality" and task.lane == "Gemeinde"
    assert driver.reviews(case)["municipality"].due_on == date(2026, 5, 4)  # Sat 2 May → Mon 4 May
    driver.pass_time(days=62)
    assert driver.open_elements(case) == ["ut_municipal_consent"]
    driver.pass_time(days=2)
    assert driver.open_elements(case) == ["ut_substantive_review"]
    assert [s.verdict for s in driver.statements(case)] == [Verdict.DEEMED_CONSENT]


def test_municipal_consent_refused_is_recorded(driver):
    case = _start_participation(driver)
    driver.complete(
        case,
        "ut_municipal_consent",
        "municipality_user",
        "authority:municipality",
        consent_granted=False,
        consent_reasons="Widerspricht dem Flächennutzungsplan",
    )
    statement = driver.statements(case)[0]
    assert statement.verdict == Verdict.OBJECTION and statement.legal_area == "Bauplanungsrecht"


def test_agencies_from_geometry_check(driver):
    case = driver.start(
        "full_procedure",
        construction_value=1,
        building_class=1,
        municipality_is_authority=True,
        selected_agencies=["roads"],
    )
    # The latest stored check counts: the older one named the nature conservation authority.
    for agency_types in (["nature_conservation"], ["water_authority", "monument_authority"]):
        db.session.add(
            GeometryCheck(
                case_id=case.id,
                application_date=date(2026, 3, 2),
                input={},
                result={"agencies": [{"agency_type": t} for t in agency_types]},
                svg="<svg/>",
                passed=True,
            )
        )
        db.session.commit()
    driver.complete_check(case, involve_fire=True)
    assert sorted(driver.reviews(case)) == ["fire", "monument", "roads", "water"]
    assert len(driver.task(case, "ut_statement", "authority:water").name) > 0


def test_without_geometry_check_the_selection_stands_alone(driver):
    case = _start_participation(driver, "fire", municipality_is_authority=True)
    assert sorted(driver.reviews(case)) == ["fire"]
    assert "agencies_without_geometry_check" in driver.actions(case)


def test_record_statement_validates(driver):
    case = _start_participation(driver, "fire", municipality_is_authority=True)
    review = driver.reviews(case)["fire"]
    actor = Actor(name="agency:fire")
    with pytest.raises(InvalidInput):
        participation.record_statement(review.id, "maybe", [], None, actor)
    with pytest.raises(InvalidInput):
        participation.record_statement(review.id, "consent_with_conditions", [], None, actor)
    with pytest.raises(InvalidInput):
        participation.record_statement(review.id, "consent", [{"type": "9", "text": "x"}], None, actor)
    assert participation.statement_task(review).element_id == "ut_statement"
    assert [r.id for r in participation.review_requests(authority_id=review.authority_id)] == [review.id]
    participation.record_statement(review.id, "consent", [], None, actor, idempotency_key="k")
    with pytest.raises(Conflict):
        participation.extend_review(review.id, actor, grant=True, weeks=2, reason=None)
    db.session.rollback()
