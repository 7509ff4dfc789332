"""An Idempotency-Key is bound to its review request and its body: concurrent retries store one statement and
all get its answer (never a 500), the same key with another body is refused."""

from __future__ import annotations

import contextlib
import threading

import pytest
from flask import Flask
from sqlalchemy import select

from permits.codelists import ReviewStatus
from permits.extensions import db
from permits.models import Authority, OpenTask, ReviewRequest, Statement
from permits.participation import reviews
from permits.services.cases import start_case
from permits.services.tasks import complete_task
from tests.factories import ReviewRequestFactory

BODY = {"verdict": "objection", "text": "Zweiter Rettungsweg fehlt."}


@pytest.fixture
def open_request(actors) -> str:
    """A real procedure waiting for the fire brigade's statement (its task is open)."""
    architect = actors["architektin"]
    case = start_case(
        "full_procedure",
        "Neubau Wohnhaus",
        architect,
        applicant_id=architect.user_id,
        data={"construction_value": 500000, "building_class": 3, "municipality_is_authority": True},
    )
    check = db.session.scalars(
        select(OpenTask).filter_by(case_id=case.id, element_id="ut_completeness_check")
    ).one()
    complete_task(
        check.task_id, {"complete": True, "involve_fire": True}, actors["sachbearbeitung"], claim=True
    )
    review = db.session.scalars(select(ReviewRequest).filter_by(case_id=case.id)).one()
    db.session.commit()
    return review.public_id


@pytest.fixture
def closed_request(people) -> str:
    """A request closed by deemed consent: a statement now takes the late path."""
    fire = db.session.scalars(select(Authority).filter_by(code="fire")).one()
    review = ReviewRequestFactory(authority=fire, status=ReviewStatus.DEEMED_CONSENT)
    db.session.commit()
    return review.public_id


def _statements(public_id: str) -> list[Statement]:
    db.session.expire_all()
    review = db.session.scalars(select(ReviewRequest).filter_by(public_id=public_id)).one()
    return list(db.session.scalars(select(Statement).filter_by(review_request_id=review.id)))


def _concurrently(app: Flask, tokens, public_id: str, calls: int, monkeypatch) -> list[tuple[int, dict]]:
    """`calls` retries with one key at once. Where the database lets them (SQLite reads), all pass the
    key lookup before any stores; on PostgreSQL the request's row lock makes them wait instead."""
    barrier = threading.Barrier(calls)
    original = reviews.statement_task

    def after_everyone_looked(review):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=1.5)
        return original(review)

    monkeypatch.setattr(reviews, "statement_task", after_everyone_looked)
    headers = {"Authorization": f"Bearer {tokens['agency:fire']}", "Idempotency-Key": "retry-7"}
    answers: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def post() -> None:
        response = app.test_client().post(
            f"/api/v1/review-requests/{public_id}/statement", json=BODY, headers=headers
        )
        with lock:
            answers.append((response.status_code, response.json))

    threads = [threading.Thread(target=post) for _ in range(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


@pytest.mark.parametrize("which", ["open_request", "closed_request"])
def test_concurrent_calls_with_one_key_store_one_statement(app, tokens, monkeypatch, request, which):
    public_id = request.getfixturevalue(which)

    answers = _concurrently(app, tokens, public_id, 10, monkeypatch)

    assert sorted(status for status, _body in answers) == [200] * 9 + [201], answers
    assert len({body["id"] for _status, body in answers}) == 1
    stored = [s for s in _statements(public_id) if s.idempotency_key]
    assert len(stored) == 1 and stored[0].id == answers[0][1]["id"]
    assert stored[0].late is (which == "closed_request")


def test_the_same_key_with_another_body_is_refused(api, closed_request):
    fire = api("agency:fire")
    url = f"/api/v1/review-requests/{closed_request}/statement"
    headers = {"Idempotency-Key": "k-1"}
    first = fire.post(url, json=BODY, headers=headers)
    assert first.status_code == 201

    # the same body in another key order is the same call
    replay = fire.post(url, json={"text": BODY["text"], "verdict": "objection"}, headers=headers)
    assert replay.status_code == 200 and replay.json["id"] == first.json["id"]

    changed = fire.post(url, json={**BODY, "text": "Doch keine Bedenken."}, headers=headers)
    assert changed.status_code == 422 and changed.mimetype == "application/problem+json"
    assert changed.json["detail"] == (
        "Dieser Idempotency-Key wurde bereits für eine Stellungnahme mit anderem Inhalt verwendet."
    )
    assert "Idempotency-Key" in changed.json["errors"]
    assert len(_statements(closed_request)) == 1


def test_a_key_belongs_to_its_review_request(api, people):
    fire = db.session.scalars(select(Authority).filter_by(code="fire")).one()
    first, second = (
        ReviewRequestFactory(authority=fire, status=ReviewStatus.DEEMED_CONSENT) for _ in range(2)
    )
    db.session.commit()
    headers = {"Idempotency-Key": "same-key"}
    answers = [
        api("agency:fire").post(
            f"/api/v1/review-requests/{r.public_id}/statement", json=BODY, headers=headers
        )
        for r in (first, second)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json["id"] != answers[1].json["id"]
