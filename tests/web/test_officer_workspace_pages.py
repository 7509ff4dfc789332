"""The officer's workspace pages: the inbox offers only what will not be refused (no sign-off link for the
drafter, no claim of another's task), opening a free task claims it, views are saved, and the case list and
team view answer the right people."""

from __future__ import annotations

from sqlalchemy import select

from permits.extensions import db
from permits.models import OpenTask, SavedInboxView
from permits.services.cases import start_case
from permits.services.tasks import claim_task, complete_task
from tests.factories import APPLICATION_DETAILS
from tests.web.conftest import post_form


def _task(case_id: int, element_id: str | None = None) -> OpenTask:
    query = select(OpenTask).filter_by(case_id=case_id)
    return db.session.scalars(query.filter_by(element_id=element_id) if element_id else query).one()


def _at_sign_off(people, actors):
    case = start_case(
        "full_procedure",
        "Neubau Wohnhaus",
        actors["architektin"],
        data={"construction_value": 600000, "building_class": 3, "municipality_is_authority": True},
        applicant_id=people["architektin"].id,
        details=APPLICATION_DETAILS,
    )
    officer = actors["sachbearbeitung"]
    complete_task(_task(case.id, "ut_completeness_check").task_id, {"complete": True}, officer, claim=True)
    review = _task(case.id, "ut_substantive_review").task_id
    complete_task(review, {"intended_decision": "approval"}, officer, claim=True)
    decision = {"decision": "approval", "decision_reasons": "Das Vorhaben entspricht dem Baurecht."}
    complete_task(_task(case.id, "ut_decision").task_id, decision, officer, claim=True)
    return case


def test_sign_off_is_not_offered_to_the_drafter(signed_in, people, actors):
    case = _at_sign_off(people, actors)
    sign_off = _task(case.id, "ut_sign_off")

    drafter = signed_in("sachbearbeitung").get("/aufgaben").get_data(as_text=True)
    assert f'href="/aufgaben/{sign_off.task_id}"' not in drafter
    assert f"/aufgaben/{sign_off.task_id}/uebernehmen" not in drafter
    assert "Freigabe durch eine andere Person" in drafter

    post_form(signed_in("sachbearbeitung"), "/abmelden")
    second = signed_in("pruefung").get("/aufgaben").get_data(as_text=True)
    assert f'href="/aufgaben/{sign_off.task_id}"' in second


def test_opening_a_free_task_claims_it_and_anothers_task_is_not_offered(signed_in, actors):
    case = start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    task = _task(case.id)
    client = signed_in("sachbearbeitung")

    assert client.get(f"/aufgaben/{task.task_id}").status_code == 200
    db.session.expire_all()
    assert _task(case.id).assignee_id == actors["sachbearbeitung"].user_id

    post_form(client, "/abmelden")
    other = signed_in("pruefung").get("/aufgaben").get_data(as_text=True)
    assert f'href="/aufgaben/{task.task_id}"' not in other
    assert "von einer anderen Person übernommen" in other and "Sabine Sachbearbeiterin" in other


def test_inbox_shows_counts_dates_and_overdue_in_words(signed_in, actors, clock):
    case = start_case("demo_procedure", "Neubau", actors["sachbearbeitung"])
    task = _task(case.id)
    task.due_at = clock.now().replace(year=2025)
    db.session.commit()

    page = signed_in("sachbearbeitung").get("/aufgaben").get_data(as_text=True)

    assert 'Überfällig <span class="count">(1)</span>' in page
    assert '<strong class="overdue-note">überfällig</strong>' in page
    assert clock.now().strftime("%d.%m.%Y") in page and "Demo-Verfahren" in page


def test_saving_a_view_keeps_the_filter_for_its_user(signed_in, people):
    client = signed_in("sachbearbeitung")
    response = post_form(
        client, "/aufgaben/ansichten", {"name": "Döhren", "gemarkung": "Döhren", "ansicht": "meine"}
    )
    assert response.status_code == 302 and "gemarkung=D" in response.location
    view = db.session.scalars(select(SavedInboxView)).one()
    assert view.user_id == people["sachbearbeitung"].id and view.params == {
        "ansicht": "meine",
        "gemarkung": "Döhren",
    }
    assert 'href="/aufgaben?ansicht=meine&amp;gemarkung=D%C3%B6hren">Döhren</a>' in client.get(
        "/aufgaben"
    ).get_data(as_text=True)
    refused = post_form(client, "/aufgaben/ansichten", {"name": ""})
    assert refused.status_code == 302
    assert "höchstens 80 Zeichen" in client.get(refused.location).get_data(as_text=True)


def test_case_list_is_for_the_building_authority_and_team_view_for_team_leads(signed_in, actors):
    case = start_case("demo_procedure", "Neubau Carport", actors["sachbearbeitung"])
    claim_task(_task(case.id).task_id, actors["pruefung"])
    client = signed_in("sachbearbeitung")

    listing = client.get("/vorgaenge").get_data(as_text=True)
    assert case.file_reference in listing and "Paul Prüfer" in listing and "Demo-Verfahren" in listing
    assert client.get("/vorgaenge?flurstueck=abc").status_code == 422
    assert client.get("/team").status_code == 403
    post_form(client, "/abmelden")
    assert signed_in("architektin").get("/vorgaenge").status_code == 403
