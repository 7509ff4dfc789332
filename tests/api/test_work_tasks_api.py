"""Case officers work the inbox through the API: list, filter, claim, assign, complete."""

from __future__ import annotations

from datetime import timedelta

from permits.services.cases import start_case


def _demo_case(actors, title="Neubau"):
    return start_case(
        "demo_procedure", title, actors["architektin"], applicant_id=actors["architektin"].user_id
    )


def test_inbox_lists_pages_and_filters(api, actors, clock):
    cases = [_demo_case(actors, f"Vorhaben {i}") for i in range(3)]
    officer = api("sachbearbeitung")
    page = officer.get("/api/v1/tasks?per_page=2").json
    assert page["total"] == 3 and len(page["items"]) == 2 and page["page"] == 1
    assert page["items"][0]["name"] == "Vollständigkeit prüfen"
    assert page["items"][0]["file_reference"] == cases[0].file_reference
    assert officer.get("/api/v1/tasks?per_page=2&page=2").json["items"][0]["case_id"] == cases[2].id
    assert officer.get(f"/api/v1/tasks?case={cases[1].id}").json["total"] == 1
    assert officer.get("/api/v1/tasks?mine=true").json["total"] == 0
    assert officer.get("/api/v1/tasks?procedure=demo_procedure&sort=due").json["total"] == 3
    bad = officer.get("/api/v1/tasks?per_page=1000&sort=sideways")
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"per_page", "sort"}


def test_overdue_and_due_before_filters(api, actors, clock):
    case = _demo_case(actors)
    officer = api("sachbearbeitung")
    task_id = officer.get("/api/v1/tasks").json["items"][0]["id"]
    officer.post(f"/api/v1/tasks/{task_id}/claim")
    officer.post(f"/api/v1/tasks/{task_id}/complete", json={"data": {"complete": True}})
    fire = api("feuerwehr")
    assert fire.get("/api/v1/tasks?overdue=true").json["total"] == 0
    assert fire.get("/api/v1/tasks?due_before=2026-05-01T00:00:00Z").json["total"] == 1
    clock.advance(timedelta(days=40))  # the statement deadline has passed but the worker has not run yet
    overdue = fire.get("/api/v1/tasks?overdue=true").json
    assert overdue["total"] == 1 and overdue["items"][0]["overdue"] is True
    assert overdue["items"][0]["case_id"] == case.id


def test_claim_assign_unclaim_and_conflicts(api, actors):
    _demo_case(actors)
    first, second = api("sachbearbeitung"), api("pruefung")
    task_id = first.get("/api/v1/tasks").json["items"][0]["id"]
    claimed = first.post(f"/api/v1/tasks/{task_id}/claim")
    assert claimed.status_code == 200 and claimed.json["assignee"] == "sachbearbeitung"
    conflict = second.post(f"/api/v1/tasks/{task_id}/complete", json={"data": {"complete": True}})
    assert conflict.status_code == 409 and "übernommen" in conflict.json["detail"]
    assert second.post(f"/api/v1/tasks/{task_id}/claim").status_code == 409
    assigned = first.post(f"/api/v1/tasks/{task_id}/assign", json={"assignee": "pruefung"})
    assert assigned.status_code == 200 and assigned.json["assignee"] == "pruefung"
    bad_assignee = second.post(f"/api/v1/tasks/{task_id}/assign", json={"assignee": "feuerwehr"})
    assert bad_assignee.status_code == 422
    assert second.post(f"/api/v1/tasks/{task_id}/unclaim").json["assignee"] is None


def test_complete_validates_with_the_tasks_form(api, actors):
    _demo_case(actors)
    officer = api("sachbearbeitung")
    task = officer.get("/api/v1/tasks").json["items"][0]
    detail = officer.get(f"/api/v1/tasks/{task['id']}").json
    assert [f["name"] for f in detail["form_definition"]["fields"]] == ["complete", "findings"]
    unclaimed = officer.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"complete": True}})
    assert unclaimed.status_code == 409 and unclaimed.mimetype == "application/problem+json"
    assert "übernehmen Sie die Aufgabe" in unclaimed.json["detail"]
    assert officer.post(f"/api/v1/tasks/{task['id']}/claim").status_code == 200
    invalid = officer.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"complete": "vielleicht"}})
    assert invalid.status_code == 422 and invalid.json["errors"] == {"complete": ["Ungültiger Wert."]}
    done = officer.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"complete": True}})
    assert done.status_code == 200 and done.json["open_tasks"] == []  # next task belongs to the fire brigade
    again = officer.post(f"/api/v1/tasks/{task['id']}/complete", json={"data": {"complete": True}})
    assert again.status_code == 409 and again.json["type"] == "urn:permits:problem:task_not_ready"  # done
    assert officer.post("/api/v1/tasks/no-such-task/complete", json={"data": {}}).status_code == 404


def test_agency_cannot_touch_officer_tasks(api, actors):
    _demo_case(actors)
    task_id = api("sachbearbeitung").get("/api/v1/tasks").json["items"][0]["id"]
    assert api("feuerwehr").get(f"/api/v1/tasks/{task_id}").status_code == 403
    assert api("agency:fire").post(f"/api/v1/tasks/{task_id}/complete", json={"data": {}}).status_code == 403


def test_case_detail_and_read_permissions(api, actors):
    case = _demo_case(actors)
    detail = api("sachbearbeitung").get(f"/api/v1/cases/{case.id}").json
    assert detail["file_reference"] == case.file_reference and detail["status"] == "14"
    assert detail["status_label"] == "Eingang bestätigt"
    assert [h["action"] for h in detail["history"]] == ["case_started", "status_changed"]
    assert api("architektin").get(f"/api/v1/cases/{case.id}").status_code == 200
    assert api("feuerwehr").get(f"/api/v1/cases/{case.id}").status_code == 403
    assert api("sachbearbeitung").get("/api/v1/cases/999999").status_code == 404
    assert api("architektin").get("/api/v1/cases").json["total"] == 1
