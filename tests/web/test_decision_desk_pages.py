"""The decision desk pages without a browser: rows added and removed keeping the values, the preview as
an inline PDF that only our own pages may frame, and the preview's POST protected by the form token."""

from __future__ import annotations

from sqlalchemy import select

from permits.extensions import db
from permits.models import OpenTask
from permits.services.cases import start_case
from permits.services.tasks import complete_task
from tests.factories import APPLICATION_DETAILS
from tests.web.conftest import post_form


def _decision_task(people, actors) -> OpenTask:
    case = start_case(
        "full_procedure",
        "Neubau Wohnhaus",
        actors["architektin"],
        data={"construction_value": 600000, "building_class": 3, "municipality_is_authority": True},
        applicant_id=people["architektin"].id,
        details=APPLICATION_DETAILS,
    )
    officer = actors["sachbearbeitung"]
    for element_id, data in (
        ("ut_completeness_check", {"complete": True}),
        ("ut_substantive_review", {"intended_decision": "approval"}),
    ):
        task = db.session.scalars(select(OpenTask).filter_by(case_id=case.id, element_id=element_id)).one()
        complete_task(task.task_id, data, officer, claim=True)
    return db.session.scalars(select(OpenTask).filter_by(case_id=case.id, element_id="ut_decision")).one()


def test_more_provision_rows_keep_what_was_entered(signed_in, people, actors):
    task = _decision_task(people, actors)
    client = signed_in("sachbearbeitung")
    filled = {
        "decision": "approval",
        "decision_reasons": "Genehmigungsfähig.",
        "provisions-0-type": "2",
        "provisions-0-text": "Zufahrt freihalten",
    }
    page = post_form(client, f"/aufgaben/{task.task_id}", {**filled, "aktion": "weitere"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="provisions-1-text"' in html
    assert ">Zufahrt freihalten</textarea>" in html and ">Genehmigungsfähig.</textarea>" in html
    removed = post_form(client, f"/aufgaben/{task.task_id}", {**filled, "aktion": "entfernen-0"})
    assert "Zufahrt freihalten" not in removed.get_data(as_text=True)
    assert db.session.scalars(select(OpenTask).filter_by(task_id=task.task_id)).one()  # still open


def test_preview_is_an_inline_pdf_framed_only_by_our_pages(signed_in, people, actors):
    task = _decision_task(people, actors)
    client = signed_in("sachbearbeitung")
    preview = post_form(
        client,
        f"/aufgaben/{task.task_id}/vorschau.pdf",
        {"decision": "approval", "decision_reasons": "Genehmigungsfähig."},
    )
    assert preview.status_code == 200 and preview.mimetype == "application/pdf"
    assert preview.data.startswith(b"%PDF")
    assert preview.headers["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in preview.headers["Content-Security-Policy"]
    assert preview.headers["X-Frame-Options"] == "SAMEORIGIN"
    page = client.get(f"/aufgaben/{task.task_id}")
    assert "frame-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    forged = client.post(f"/aufgaben/{task.task_id}/vorschau.pdf", data={"decision": "approval"})
    assert forged.status_code == 400


def test_preview_of_a_task_of_another_party_is_refused(signed_in, people, actors):
    task = _decision_task(people, actors)
    client = signed_in("feuerwehr")
    assert client.get(f"/aufgaben/{task.task_id}/vorschau.pdf").status_code == 403
