"""The procedure reports the case status with any code of the XBau portal-status list."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from permits.codelists import PortalStatus
from permits.engine.types import ServiceCall
from permits.errors import ProcessError
from permits.extensions import db
from permits.models import AuditEntry, Case
from permits.services.cases import start_case
from permits.tasks.status import set_status


def _call(case: Case, code: str) -> ServiceCall:
    return ServiceCall(
        operation="set_status",
        element_id="st_status",
        task_id=f"task-{code}",
        params={"code": code},
        data={},
        context={"case_id": case.id, "actor": "system:test"},
    )


def test_every_portal_status_of_the_code_list_can_be_set(app, actors):
    case = start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    for status in PortalStatus:
        assert set_status(_call(case, status.value)) == status.value
        db.session.flush()
        db.session.expire(case)
        assert case.status is status
    recorded = db.session.scalars(
        select(AuditEntry).filter_by(case_id=case.id, action="status_changed", element_id="st_status")
    ).all()
    assert [entry.after["status"] for entry in recorded] == [status.value for status in PortalStatus]


def test_an_unknown_status_code_stops_the_step(app, actors):
    case = start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    with pytest.raises(ProcessError, match="Unbekannter XBau-Status"):
        set_status(_call(case, "99"))
    assert case.status is PortalStatus.RECEIPT
