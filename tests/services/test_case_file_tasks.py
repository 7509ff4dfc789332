"""Which current tasks the case file links: only those the reader may work on (group, four eyes)."""

from __future__ import annotations

from datetime import UTC, datetime

from permits.core import audit
from permits.extensions import db
from permits.models import OpenTask
from permits.services.case_file import can_open_task
from tests.factories import CaseFactory


def test_sign_off_is_not_offered_to_the_officer_who_drafted_the_decision(app, actors, people):
    case = CaseFactory()
    task = OpenTask(
        task_id="t-sign-off",
        case=case,
        element_id="ut_sign_off",
        name="Bescheid freigeben",
        process_id="review_and_decision",
        candidate_group=None,
        created_at=datetime(2026, 12, 1, tzinfo=UTC),
    )
    db.session.add(task)
    db.session.flush()
    audit.record("task_completed", actors["sachbearbeitung"], case_id=case.id, element_id="ut_decision")
    db.session.commit()
    assert not can_open_task(task, actors["sachbearbeitung"], "ut_decision")
    assert can_open_task(task, actors["pruefung"], "ut_decision")
    assert not can_open_task(task, actors["feuerwehr"])
