"""The decision draft page lists the case's requested deviations, and an approval that leaves one undecided
comes back with the German message next to its field."""

from __future__ import annotations

from sqlalchemy import select

from permits.extensions import db
from permits.models import OpenTask
from permits.services.cases import start_case
from permits.services.tasks import complete_task
from tests.factories import APPLICATION_DETAILS
from tests.web.conftest import post_form

REQUESTED = [
    {"type": "1", "type_label": "Befreiung", "description": "Überschreitung der Traufhöhe um 0,40 m"},
    {"type": "3", "type_label": "Abweichung", "rule": "§ 5 NBauO", "description": "Abstand Nordgrenze"},
]


def _task(case_id: int, element_id: str) -> OpenTask:
    return db.session.scalars(select(OpenTask).filter_by(case_id=case_id, element_id=element_id)).one()


def test_decision_page_lists_requested_deviations_and_asks_for_each_ruling(signed_in, people, actors):
    case = start_case(
        "full_procedure",
        "Neubau Wohnhaus",
        actors["architektin"],
        data={"construction_value": 600000, "building_class": 3, "municipality_is_authority": True},
        applicant_id=people["architektin"].id,
        details={**APPLICATION_DETAILS, "deviations": REQUESTED},
    )
    officer = actors["sachbearbeitung"]
    complete_task(_task(case.id, "ut_completeness_check").task_id, {"complete": True}, officer, claim=True)
    complete_task(
        _task(case.id, "ut_substantive_review").task_id,
        {"intended_decision": "approval"},
        officer,
        claim=True,
    )
    decision = _task(case.id, "ut_decision")
    client = signed_in("sachbearbeitung")

    page = client.get(f"/aufgaben/{decision.task_id}").get_data(as_text=True)
    assert "Beantragte Abweichungen, Ausnahmen und Befreiungen" in page
    assert "Befreiung: Überschreitung der Traufhöhe um 0,40 m" in page
    assert "Abweichung (§ 5 NBauO): Abstand Nordgrenze" in page

    refused = post_form(
        client,
        f"/aufgaben/{decision.task_id}",
        {"decision": "approval", "decision_reasons": "Genehmigungsfähig.", "deviation_1_ruling": "granted"},
    )
    assert refused.status_code == 422
    assert "Bitte über die beantragte Abweichung Nr. 2 entscheiden." in refused.get_data(as_text=True)
    assert 'name="deviation_2_ruling"' in page
    assert 'name="deviation_3_ruling"' not in page  # only as many slots as the case requested


def test_decision_page_without_requested_deviations_shows_no_deviation_fields(signed_in, people, actors):
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
    complete_task(
        _task(case.id, "ut_substantive_review").task_id,
        {"intended_decision": "approval"},
        officer,
        claim=True,
    )
    page = signed_in("sachbearbeitung").get(f"/aufgaben/{_task(case.id, 'ut_decision').task_id}")
    text = page.get_data(as_text=True)
    assert 'name="decision"' in text
    assert "deviation_" not in text and "deviations_refusal_accepted" not in text
