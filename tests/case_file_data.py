"""A case in participation, reached through the real use cases: submitted by the architect (full procedure,
with a site plan), checked complete by the officer, the fire brigade asked for its statement."""

from __future__ import annotations

from sqlalchemy import select

from permits.core.actors import Actor
from permits.extensions import db
from permits.models import Case, OpenTask
from permits.services import applications
from permits.services.tasks import claim_task, complete_task
from tests.factories import APPLICATION_DETAILS, APPLICATION_GEOMETRY, PDF


def case_in_participation(actors: dict[str, Actor]) -> Case:
    architect, officer = actors["architektin"], actors["sachbearbeitung"]
    draft = applications.create_application(
        {
            "title": "Neubau Mehrfamilienhaus, Bahnhofstraße 21",
            "procedure": "full",
            "details": APPLICATION_DETAILS,
            "geometry": APPLICATION_GEOMETRY,
            "facts": {"municipality_is_authority": True},
        },
        architect,
    )
    applications.add_document(draft.public_id, "1800", "lageplan.pdf", PDF, architect)
    case = applications.submit_application(draft.public_id, architect).case
    assert case is not None
    task = db.session.scalars(
        select(OpenTask).filter_by(case_id=case.id, element_id="ut_completeness_check")
    ).one()
    claim_task(task.task_id, officer)
    complete_task(task.task_id, {"complete": True, "involve_fire": True}, officer)
    db.session.commit()
    return case
