"""The task pages as a case officer and an agency read them: deadlines show their last day (as the letters
do), amounts are typed the German way, and a returned decision draft opens as it was returned."""

from __future__ import annotations

import re

from sqlalchemy import select

from permits.extensions import db
from permits.models import AuditEntry, OpenTask
from permits.services.cases import start_case
from permits.services.tasks import complete_task
from tests.factories import APPLICATION_DETAILS
from tests.web.conftest import post_form


def _task(case_id: int, element_id: str) -> OpenTask:
    return db.session.scalars(select(OpenTask).filter_by(case_id=case_id, element_id=element_id)).one()


def _full_procedure(people, actors):
    return start_case(
        "full_procedure",
        "Neubau Wohnhaus",
        actors["architektin"],
        data={"construction_value": 600000, "building_class": 3, "municipality_is_authority": True},
        applicant_id=people["architektin"].id,
        details=APPLICATION_DETAILS,
    )


def test_deadline_shows_its_last_day_on_inbox_task_and_case_page(signed_in, people, actors):
    case = _full_procedure(people, actors)
    check = _task(case.id, "ut_completeness_check")
    complete_task(
        check.task_id, {"complete": True, "involve_fire": True}, actors["sachbearbeitung"], claim=True
    )
    statement = _task(case.id, "ut_statement")
    # received Monday 2 March 2026: one month, last day Thursday 2 April; expires at midnight after it
    assert statement.due_at.isoformat() == "2026-04-02T22:00:00+00:00"

    client = signed_in("feuerwehr")
    inbox = client.get("/aufgaben").get_data(as_text=True)
    assert "02.04.2026" in inbox and "03.04.2026" not in inbox
    page = client.get(f"/aufgaben/{statement.task_id}").get_data(as_text=True)
    assert "Frist bis 02.04.2026" in page and "03.04.2026" not in page

    post_form(client, "/abmelden")
    client = signed_in("sachbearbeitung")
    case_page = client.get(f"/vorgaenge/{case.id}").get_data(as_text=True)
    assert "Frist bis 02.04.2026" in case_page and "03.04.2026" not in case_page


def test_euro_amount_is_typed_with_a_decimal_comma(signed_in, people, actors):
    case = _full_procedure(people, actors)
    check = _task(case.id, "ut_completeness_check")
    complete_task(check.task_id, {"complete": True}, actors["sachbearbeitung"], claim=True)
    review = _task(case.id, "ut_substantive_review")
    client = signed_in("sachbearbeitung")
    page = client.get(f"/aufgaben/{review.task_id}").get_data(as_text=True)
    field = re.search(r'<input id="f-construction_value_checked"[^>]*>', page).group(0)
    assert 'type="text"' in field and 'inputmode="decimal"' in field

    refused = post_form(
        client,
        f"/aufgaben/{review.task_id}",
        {"intended_decision": "approval", "construction_value_checked": "480,000"},
    )
    assert refused.status_code == 422
    assert "Mehrdeutige Zahl" in refused.get_data(as_text=True)

    done = post_form(
        client,
        f"/aufgaben/{review.task_id}",
        {"intended_decision": "approval", "construction_value_checked": "480000,50"},
    )
    assert done.status_code == 302
    entry = db.session.scalars(
        select(AuditEntry).filter_by(case_id=case.id, action="task_completed").order_by(AuditEntry.id.desc())
    ).first()
    assert entry.after["construction_value_checked"] == 480000.5


def test_returned_draft_opens_prefilled_and_the_return_needs_a_reason(signed_in, people, actors):
    case = _full_procedure(people, actors)
    officer = actors["sachbearbeitung"]
    complete_task(_task(case.id, "ut_completeness_check").task_id, {"complete": True}, officer, claim=True)
    complete_task(
        _task(case.id, "ut_substantive_review").task_id,
        {"intended_decision": "approval"},
        officer,
        claim=True,
    )
    first = _task(case.id, "ut_decision")
    client = signed_in("sachbearbeitung")
    blank = client.get(f"/aufgaben/{first.task_id}").get_data(as_text=True)
    assert "Das Vorhaben hält die Abstände ein." not in blank
    draft = {
        "decision": "approval",
        "decision_reasons": "Das Vorhaben hält die Abstände ein.",
        "provisions": [{"type": "2", "text": "Rauchwarnmelder in allen Aufenthaltsräumen"}],
    }
    complete_task(first.task_id, draft, officer, claim=True)

    post_form(client, "/abmelden")
    client = signed_in("pruefung")
    sign_off = _task(case.id, "ut_sign_off")
    client.get(f"/aufgaben/{sign_off.task_id}")  # opening the form claims the task
    refused = post_form(client, f"/aufgaben/{sign_off.task_id}", {"sign_off_comment": ""})
    assert refused.status_code == 422
    assert "Bei einer Rückgabe bitte angeben, was zu ändern ist." in refused.get_data(as_text=True)
    returned = post_form(client, f"/aufgaben/{sign_off.task_id}", {"sign_off_comment": "Hinweis ergänzen"})
    assert returned.status_code == 302

    post_form(client, "/abmelden")
    client = signed_in("sachbearbeitung")
    redraft = _task(case.id, "ut_decision")
    page = client.get(f"/aufgaben/{redraft.task_id}").get_data(as_text=True)
    assert ">Das Vorhaben hält die Abstände ein.</textarea>" in page
    assert ">Rauchwarnmelder in allen Aufenthaltsräumen</textarea>" in page
    assert re.search(r'<option value="approval" selected>', page)
    assert re.search(r'<select id="f-provisions-0-type".*?<option value="2" selected>', page, re.S)
