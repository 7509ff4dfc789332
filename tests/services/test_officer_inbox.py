"""The officer's inbox: views and capped counts, filters, keyset paging, saved views, assigning, the rule
that only whoever claimed a task completes it, and what an officer may work on."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from permits.core.actors import Actor
from permits.core.runtime import now
from permits.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import Case, OpenTask, User
from permits.services import case_list, inbox, team
from permits.services.cases import start_case
from permits.services.inbox import InboxQuery
from permits.services.tasks import (
    assign_task,
    bulk_assign,
    can_work_on,
    claim_task,
    complete_task,
    open_task,
)
from tests.factories import CaseFactory, UserFactory
from tests.processes_fixtures import write_process


@pytest.fixture
def app_config(app_config, tmp_path: Path):
    write_process(tmp_path / "processes", "test_process", script="result = 10 // amount")
    return {**app_config, "PROCESSES_DIR": str(tmp_path / "processes")}


@pytest.fixture
def lead(people: dict[str, User]) -> Actor:
    user = UserFactory(
        username="teamleitung",
        role=people["sachbearbeitung"].role,
        authority=people["sachbearbeitung"].authority,
    )
    user.is_team_lead = True
    db.session.commit()
    return Actor.for_user(user)


def _case(n: int, **details: Any) -> Case:
    plot = {"gemarkung": details.pop("gemarkung", "Döhren"), "zaehler": str(n), "street": f"Weg {n}"}
    applicant = {"name": details.pop("applicant", f"Person {n}")}
    return CaseFactory(file_reference=f"BA-2026-{n:06d}", details={"plot": plot, "applicant": applicant})


def _task(
    case: Case,
    minutes: int,
    *,
    due_days: float | None = None,
    assignee: User | None = None,
    name: str = "Vollständigkeit prüfen",
    group: str = "role:case_officer",
) -> OpenTask:
    task = OpenTask(
        task_id=str(uuid.uuid4()),
        case_id=case.id,
        element_id="ut_check",
        name=name,
        process_id="test_process",
        candidate_group=group,
        assignee_id=assignee.id if assignee else None,
        created_at=now() - timedelta(days=30) + timedelta(minutes=minutes),
        due_at=now() + timedelta(days=due_days) if due_days is not None else None,
    )
    db.session.add(task)
    db.session.flush()
    return task


def _ids(page: inbox.InboxPage) -> list[str]:
    return [row.task.task_id for row in page.rows]


def _counts(page: inbox.InboxPage) -> dict[str, str]:
    return {c.key: c.count for c in page.counts}


def test_views_count_what_they_show(app, actors, people):
    mine = _task(_case(1), 1, assignee=people["sachbearbeitung"])
    late = _task(_case(2), 2, due_days=-1)
    soon = _task(_case(3), 3, due_days=3)
    _task(_case(4), 4, due_days=30)
    _task(_case(5), 5, group="authority:fire")  # the fire brigade's: not in the officer's inbox
    officer = actors["sachbearbeitung"]

    page = inbox.inbox_page(officer, InboxQuery())

    assert _counts(page) == {
        "behoerde": "4",
        "meine": "1",
        "gruppe": "4",
        "ueberfaellig": "1",
        "faellig": "1",
    }
    assert _ids(inbox.inbox_page(officer, InboxQuery(view="meine"))) == [mine.task_id]
    assert _ids(inbox.inbox_page(officer, InboxQuery(view="ueberfaellig"))) == [late.task_id]
    assert _ids(inbox.inbox_page(officer, InboxQuery(view="faellig", due_days=7))) == [soon.task_id]
    assert [c.label for c in page.counts][-1] == "Fällig in 7 Tagen"


def test_counts_are_capped(app, actors):
    for n in range(inbox.COUNT_CAP + 2):
        _task(_case(n), n)

    page = inbox.inbox_page(actors["sachbearbeitung"], InboxQuery(), limit=10)

    assert _counts(page)["behoerde"] == "mehr als 99" and len(page.rows) == 10


def test_filters_by_procedure_task_gemarkung_applicant_and_file_reference(app, actors):
    linden = _task(_case(11, gemarkung="Linden", applicant="Jörg Bäcker"), 1, name="Bescheid entwerfen")
    _task(_case(12), 2)
    officer = actors["sachbearbeitung"]

    for query in (
        InboxQuery(gemarkung="linden"),
        InboxQuery(applicant="bäcker"),
        InboxQuery(file_reference="ba-2026-000011"),
        InboxQuery(task="bescheid"),
    ):
        assert _ids(inbox.inbox_page(officer, query)) == [linden.task_id], query
    assert _ids(inbox.inbox_page(officer, InboxQuery(procedure="full_procedure"))) == []
    assert len(inbox.inbox_page(officer, InboxQuery(procedure="simplified_procedure")).rows) == 2


@pytest.mark.parametrize("sort", ["eingang", "frist", "aktenzeichen"])
def test_keyset_paging_is_stable_under_inserts(app, actors, sort):
    tasks = [_task(_case(n), n, due_days=(n % 4) or None) for n in range(1, 8)]
    officer = actors["sachbearbeitung"]
    everything = _ids(inbox.inbox_page(officer, InboxQuery(sort=sort), limit=50))
    assert sorted(everything) == sorted(t.task_id for t in tasks)

    first = inbox.inbox_page(officer, InboxQuery(sort=sort), limit=3)
    _task(_case(0), -100, due_days=-50)  # sorts first in every order: must not shift the next page
    second = inbox.inbox_page(officer, InboxQuery(sort=sort, cursor=first.next_cursor or ""), limit=3)
    third = inbox.inbox_page(officer, InboxQuery(sort=sort, cursor=second.next_cursor or ""), limit=3)

    assert _ids(first) + _ids(second) + _ids(third) == everything
    assert third.next_cursor is None


def test_a_damaged_cursor_starts_at_the_first_page(app, actors):
    task = _task(_case(1), 1)
    page = inbox.inbox_page(actors["sachbearbeitung"], InboxQuery(cursor="kaputt!"))
    assert _ids(page) == [task.task_id]


def test_saved_views_belong_to_their_user(app, actors):
    officer, other = actors["sachbearbeitung"], actors["pruefung"]
    saved = inbox.save_view(
        "  Döhren   überfällig ", InboxQuery(view="ueberfaellig", gemarkung="Döhren"), officer
    )

    assert saved.name == "Döhren überfällig"
    assert saved.params == {"ansicht": "ueberfaellig", "gemarkung": "Döhren"}
    assert [v.name for v in inbox.saved_views(officer)] == ["Döhren überfällig"]
    assert inbox.saved_views(other) == []
    with pytest.raises(NotFound):
        inbox.delete_saved_view(saved.id, other)
    inbox.save_view("Döhren überfällig", InboxQuery(view="meine"), officer)  # same name: replaced
    assert [v.params for v in inbox.saved_views(officer)] == [{"ansicht": "meine"}]
    with pytest.raises(InvalidInput):
        inbox.save_view("", InboxQuery(), officer)
    inbox.delete_saved_view(saved.id, officer)
    assert inbox.saved_views(officer) == []


def test_only_team_leads_bulk_assign_and_take_others_tasks(app, actors, people, lead):
    officer, second = actors["sachbearbeitung"], actors["pruefung"]
    held = _task(_case(1), 1, assignee=people["sachbearbeitung"])
    free = _task(_case(2), 2)
    db.session.commit()

    with pytest.raises(PermissionDenied):
        bulk_assign([held.task_id, free.task_id], second.user_id, officer)
    with pytest.raises(PermissionDenied, match="Teamleitung"):
        assign_task(held.task_id, second.user_id, second)  # someone else's task
    with pytest.raises(InvalidInput):  # not of the same authority
        assign_task(free.task_id, people["feuerwehr"].id, officer)

    assert bulk_assign([held.task_id, free.task_id], second.user_id, lead) == 2
    db.session.expire_all()
    assert {t.assignee_id for t in db.session.scalars(select(OpenTask))} == {second.user_id}
    assign_task(held.task_id, officer.user_id, second)  # delegating one's own task is fine
    loads = {o.name: (o.open, o.overdue) for o in team.team_view(lead).officers}
    assert loads["Sabine Sachbearbeiterin"] == (1, 0) and loads["Paul Prüfer"] == (1, 0)
    with pytest.raises(PermissionDenied):
        team.team_view(officer)


def test_completing_an_unclaimed_task_is_refused(app, actors):
    officer = actors["sachbearbeitung"]
    case = start_case("test_process", "Neubau", officer)
    task = db.session.scalars(select(OpenTask).filter_by(case_id=case.id)).one()

    with pytest.raises(Conflict, match="übernehmen Sie die Aufgabe"):
        complete_task(task.task_id, {"amount": 1}, officer)
    opened = open_task(task.task_id, officer)  # opening the form claims it
    assert opened.assignee_id == officer.user_id
    complete_task(task.task_id, {"amount": 1}, officer)


def test_can_work_on_excludes_others_tasks(app, actors, people):
    officer, second = actors["sachbearbeitung"], actors["pruefung"]
    case = start_case("test_process", "Neubau", officer)
    task = db.session.scalars(select(OpenTask).filter_by(case_id=case.id)).one()

    assert can_work_on(task, officer) and can_work_on(task, second)
    assert not can_work_on(task, actors["feuerwehr"])
    claim_task(task.task_id, second)
    assert not can_work_on(task, officer) and can_work_on(task, second)
    row = inbox.inbox_page(officer, InboxQuery()).rows[0]
    assert not row.may_work and not row.may_claim


def test_case_list_searches_file_reference_and_parcel(app, actors):
    _case(1, gemarkung="Döhren")
    wanted = _case(85, gemarkung="Linden")
    officer = actors["sachbearbeitung"]

    by_reference = case_list.case_list(officer, case_list.CaseListQuery(file_reference="ba-2026-000085"))
    by_parcel = case_list.case_list(officer, case_list.CaseListQuery(parcel="Linden 85"))

    assert [r.id for r in by_reference.rows] == [wanted.id] == [r.id for r in by_parcel.rows]
    assert case_list.case_list(officer, case_list.CaseListQuery(parcel="Flur drei")).parcel_error
    with pytest.raises(PermissionDenied):
        case_list.case_list(actors["architektin"], case_list.CaseListQuery())


def test_case_list_pages_by_keyset(app, actors):
    made = [_case(n) for n in range(1, 6)]
    officer = actors["sachbearbeitung"]
    first = case_list.case_list(officer, case_list.CaseListQuery(), limit=2)
    second = case_list.case_list(officer, case_list.CaseListQuery(cursor=first.next_cursor or ""), limit=2)
    third = case_list.case_list(officer, case_list.CaseListQuery(cursor=second.next_cursor or ""), limit=2)
    shown = [r.id for page in (first, second, third) for r in page.rows]
    assert sorted(shown) == sorted(c.id for c in made) and len(set(shown)) == 5 and third.next_cursor is None
