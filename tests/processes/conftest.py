"""Fixtures for driving the permit procedures through the service layer with the fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from permits.core.actors import Actor
from permits.core.clock import FakeClock
from permits.extensions import db
from permits.models import AuditEntry, Case, Job, OpenTask, ReviewRequest, Role, Statement, User
from permits.services.cases import start_case
from permits.services.tasks import complete_task
from permits.services.timers import fire_due_timers
from tests.factories import APPLICATION_DETAILS, UserFactory, hannover_authorities

USERS = [
    ("officer", Role.CASE_OFFICER, "bab-hannover"),
    ("officer2", Role.CASE_OFFICER, "bab-hannover"),
    ("architect", Role.ARCHITECT, None),
    ("fire_user", Role.AGENCY, "fire"),
    ("monument_user", Role.AGENCY, "monument"),
    ("nature_user", Role.AGENCY, "nature"),
    ("water_user", Role.AGENCY, "water"),
    ("roads_user", Role.AGENCY, "roads"),
    ("municipality_user", Role.AGENCY, "municipality"),
]
AGENCY_USER = {
    "fire": "fire_user",
    "monument": "monument_user",
    "nature": "nature_user",
    "water": "water_user",
    "roads": "roads_user",
    "municipality": "municipality_user",
}


CASE_DETAILS = APPLICATION_DETAILS


@dataclass
class Driver:
    """Drives one procedure: start, complete tasks as people, let time pass, and look at the results."""

    app: Flask
    clock: FakeClock
    users: dict[str, User]

    def actor(self, username: str) -> Actor:
        return Actor.for_user(self.users[username])

    def start(self, process_id: str, **data: Any) -> Case:
        architect = self.users["architect"]
        return start_case(
            process_id,
            "Neubau Wohnhaus, Am Lindenhofe 12",
            Actor.for_user(architect),
            data=data,
            applicant_id=architect.id,
            details=CASE_DETAILS,
        )

    def open_tasks(self, case: Case) -> list[OpenTask]:
        return list(db.session.scalars(select(OpenTask).filter_by(case_id=case.id).order_by(OpenTask.id)))

    def open_elements(self, case: Case) -> list[str]:
        return sorted(t.element_id for t in self.open_tasks(case))

    def task(self, case: Case, element_id: str, group: str | None = None) -> OpenTask:
        found = [
            t
            for t in self.open_tasks(case)
            if t.element_id == element_id and (group is None or t.candidate_group == group)
        ]
        assert len(found) == 1, f"expected one open {element_id} ({group}), open: {self.open_elements(case)}"
        return found[0]

    def complete(
        self, case: Case, element_id: str, username: str, group: str | None = None, **data: Any
    ) -> Case:
        task = self.task(case, element_id, group)
        # As the task page does: opening a free task claims it for whoever completes it.
        return complete_task(task.task_id, data, self.actor(username), claim=True)

    def statement(self, case: Case, agency: str, **data: Any) -> Case:
        return self.complete(case, "ut_statement", AGENCY_USER[agency], f"authority:{agency}", **data)

    def pass_time(self, **delta: float) -> int:
        self.clock.advance(timedelta(**delta))
        fired = 0
        for _ in range(10):  # timers that start timers (e.g. a deadline, then its grace period)
            count = fire_due_timers("test", limit=100)
            fired += count
            if count == 0:
                break
        return fired

    def status(self, case: Case) -> str | None:
        db.session.expire_all()
        return db.session.get_one(Case, case.id).status

    def statuses(self, case: Case) -> list[str]:
        return [e.after["status"] for e in self.audit(case, "status_changed")]

    def audit(self, case: Case, action: str | None = None) -> list[AuditEntry]:
        query = select(AuditEntry).filter_by(case_id=case.id).order_by(AuditEntry.id)
        if action:
            query = query.filter_by(action=action)
        return list(db.session.scalars(query))

    def actions(self, case: Case) -> list[str]:
        return [e.action for e in self.audit(case)]

    def documents(self, case: Case) -> list[str]:
        jobs = db.session.scalars(select(Job).filter_by(kind="render_document").order_by(Job.id))
        return [j.payload["kind"] for j in jobs if j.payload["case_id"] == case.id]

    def reviews(self, case: Case) -> dict[str, ReviewRequest]:
        rows = db.session.scalars(select(ReviewRequest).filter_by(case_id=case.id).order_by(ReviewRequest.id))
        return {r.authority.code: r for r in rows}

    def statements(self, case: Case) -> list[Statement]:
        query = (
            select(Statement)
            .join(ReviewRequest)
            .where(ReviewRequest.case_id == case.id)
            .order_by(Statement.id)
        )
        return list(db.session.scalars(query))

    # -- common stretches ---------------------------------------------------------------------------------

    def complete_check(self, case: Case, **flags: Any) -> Case:
        return self.complete(case, "ut_completeness_check", "officer", complete=True, **flags)

    def approve(self, case: Case, **decision: Any) -> Case:
        """Substantive review → decision → sign-off by a second person."""
        self.complete(case, "ut_substantive_review", "officer", intended_decision="approval")
        data = {
            "decision": "approval",
            "decision_reasons": "Das Vorhaben entspricht dem öffentlichen Baurecht.",
        }
        data.update(decision)
        self.complete(case, "ut_decision", "officer", **data)
        return self.complete(case, "ut_sign_off", "officer2", sign_off_approved=True)


@pytest.fixture
def driver(app: Flask, clock: FakeClock) -> Iterator[Driver]:
    authorities = hannover_authorities()
    users = {
        username: UserFactory(username=username, role=role, authority=authorities[code] if code else None)
        for username, role, code in USERS
    }
    db.session.commit()
    yield Driver(app, clock, users)
