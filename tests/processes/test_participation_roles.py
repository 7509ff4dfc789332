"""Participation roles (beteiligungrolle): an expert body advises and gets no deemed consent; the monument
authority gets a second month only when the monument expert authority must agree."""

from __future__ import annotations

from datetime import date

from permits.codelists import ParticipationRole, ReviewStatus, Verdict
from permits.core.actors import Actor
from permits.extensions import db
from permits.models import Job, Role
from permits.participation import reviews as participation
from tests.factories import AuthorityFactory, UserFactory


def _chamber(driver):
    chamber = AuthorityFactory(code="chamber", name="Handwerkskammer Hannover", agency_type="chamber")
    driver.users["chamber_user"] = UserFactory(username="chamber_user", role=Role.AGENCY, authority=chamber)
    db.session.commit()
    return chamber


def _start(driver, *agencies, **data):
    case = driver.start(
        "full_procedure",
        construction_value=500000,
        building_class=3,
        municipality_is_authority=True,
        selected_agencies=list(agencies),
        **data,
    )
    driver.complete_check(case)
    return case


def _request_letter(agency):
    jobs = db.session.query(Job).order_by(Job.id)
    return next(
        j.payload["arguments"]
        for j in jobs
        if j.payload.get("kind") == "participation_request"
        and agency in j.payload["arguments"]["agency"]["name"]
    )


def test_expert_body_silence_is_no_statement_not_deemed_consent(driver):
    _chamber(driver)
    case = _start(driver, "chamber", "roads")
    reviews = driver.reviews(case)
    assert reviews["chamber"].role == ParticipationRole.EXPERT_BODY
    assert reviews["roads"].role == ParticipationRole.COMPETENT_BODY
    assert reviews["chamber"].due_on == date(2026, 4, 2)  # the same month (rule participation)
    driver.pass_time(days=31)  # 2 April, the last day: still open
    assert driver.reviews(case)["chamber"].status == ReviewStatus.OPEN
    driver.pass_time(days=1)  # 3 April: the deadline has passed
    reviews = driver.reviews(case)
    assert reviews["chamber"].status == ReviewStatus.NO_STATEMENT
    assert reviews["roads"].status == ReviewStatus.DEEMED_CONSENT
    assert [s.verdict for s in driver.statements(case)] == [Verdict.DEEMED_CONSENT]  # only the roads'
    result = participation.participation_result(case.id)
    assert result["verdicts"] == {"chamber": "no_statement", "roads": "deemed_consent"}
    assert result["deemed_consent"] == ["roads"]
    assert "no_statement" in driver.actions(case)
    assert driver.open_elements(case) == ["ut_substantive_review"]


def test_late_advisory_statement_is_kept_but_not_counted(driver):
    _chamber(driver)
    case = _start(driver, "chamber")
    driver.pass_time(days=32)
    review = driver.reviews(case)["chamber"]
    late = participation.record_statement(
        review.id, "objection", [], "Bedenken", Actor(name="agency:chamber"), idempotency_key="late"
    )
    db.session.commit()
    assert late.late and driver.reviews(case)["chamber"].status == ReviewStatus.NO_STATEMENT
    assert participation.participation_result(case.id)["objections"] == []


def test_expert_body_answers_in_time(driver):
    _chamber(driver)
    case = _start(driver, "chamber")
    driver.complete(
        case,
        "ut_statement",
        "chamber_user",
        "authority:chamber",
        statement_verdict="consent",
        statement_text="Keine Bedenken",
    )
    assert driver.reviews(case)["chamber"].status == ReviewStatus.ANSWERED


def test_request_letter_tells_each_body_its_role(driver):
    _chamber(driver)
    _start(driver, "chamber", "roads")
    assert _request_letter("Handwerkskammer")["role"] == ParticipationRole.EXPERT_BODY.value
    assert _request_letter("Straßenbau")["role"] == ParticipationRole.COMPETENT_BODY.value


def test_an_authority_row_may_override_its_type_role(driver):
    water = driver.users["water_user"].authority
    water.participation_role = ParticipationRole.EXPERT_BODY
    db.session.commit()
    case = _start(driver, "water")
    assert driver.reviews(case)["water"].role == ParticipationRole.EXPERT_BODY


def test_monument_authority_one_month_unless_the_expert_authority_must_agree(driver):
    case = _start(driver, "monument")
    assert driver.reviews(case)["monument"].due_on == date(2026, 4, 2)


def test_monument_authority_two_months_when_the_expert_authority_must_agree(driver):
    case = _start(driver, "monument", "fire", monument_expert_consent=True)
    reviews = driver.reviews(case)
    assert reviews["monument"].due_on == date(2026, 5, 4)  # Sat 2 May → Mon 4 May
    assert reviews["fire"].due_on == date(2026, 4, 2)  # the flag concerns the monument authority only
