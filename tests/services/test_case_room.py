"""The case room's read model: deadlines in last days, the deemed-approval date, who may read it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from permits.errors import NotFound
from permits.extensions import db
from permits.models import OpenTask
from permits.services import case_room
from permits.services.tasks import claim_task, complete_task
from tests.factories import submitted_application, with_deficiency_notice


def test_deficiency_deadline_is_the_last_day_with_days_left(actors):
    application = with_deficiency_notice(
        submitted_application(actors["architektin"]), actors["sachbearbeitung"]
    )
    room = case_room.room_detail(application.public_id, actors["architektin"])
    (request,) = room.requests
    assert request.kind == "deficiency" and request.findings == ("Ansichten fehlen.",)
    assert request.deadline is not None
    # the fake clock stands on Monday 2 March 2026: four weeks end on Monday 30 March
    assert request.deadline.last_day == date(2026, 3, 30) and request.deadline.days_left == 28
    assert room.deadlines == (request.deadline,)


def test_housing_project_shows_the_deemed_approval_date(actors):
    application = submitted_application(actors["architektin"], housing_project=True)
    task = db.session.scalars(
        select(OpenTask).filter_by(case_id=application.case_id, element_id="ut_completeness_check")
    ).one()
    claim_task(task.task_id, actors["sachbearbeitung"])
    complete_task(task.task_id, {"complete": True}, actors["sachbearbeitung"])
    room = case_room.room_detail(application.public_id, actors["architektin"])
    (fiction,) = [d for d in room.deadlines if d.label == "Genehmigungsfiktion"]
    assert fiction.last_day > date(2026, 5, 1) and "gilt die Baugenehmigung als erteilt" in fiction.note
    assert room.requests == ()


def test_room_is_the_architects_own(actors):
    application = submitted_application(actors["architektin"])
    with pytest.raises(NotFound):
        case_room.room_detail(application.public_id, actors["sachbearbeitung"])
    assert case_room.room_detail(application.public_id, actors["admin"]).file_reference


def test_fee_payment_date_is_a_deadline_while_it_lies_ahead(actors):
    application = submitted_application(actors["architektin"])
    case = application.case
    case.details = {**case.details, "fee": {"due_on": "2026-04-01", "payment_reference": "BA-2026-000001"}}
    db.session.commit()
    (fee,) = case_room.room_detail(application.public_id, actors["architektin"]).deadlines
    assert (fee.label, fee.last_day, fee.days_left) == ("Gebühr zahlen bis", date(2026, 4, 1), 30)
    case.details = {**case.details, "fee": {"due_on": "2026-03-01"}}
    db.session.commit()
    assert case_room.room_detail(application.public_id, actors["architektin"]).deadlines == ()
