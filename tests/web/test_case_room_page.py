"""The case room of a submitted application: what the architect sees and does without JavaScript."""

from __future__ import annotations

import html
import io
import re

from sqlalchemy import select

from permits.core.jobs import run_next_job
from permits.extensions import db
from permits.models import ApplicationDocument, CaseMessage, OpenTask
from permits.services import applications
from tests.factories import ROOM_PDF, submitted_application, with_deficiency_notice
from tests.web.conftest import csrf_token


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _render_letters() -> None:
    while run_next_job("test"):
        pass


def test_room_shows_deadline_notice_timeline_and_distinct_letters(signed_in, actors, clock):
    application = with_deficiency_notice(
        submitted_application(actors["architektin"]), actors["sachbearbeitung"]
    )
    _render_letters()
    page = signed_in("architektin").get(f"/antraege/{application.public_id}")
    assert page.status_code == 200
    text = _text(page)
    assert "Unterlagen nachgefordert" in text and application.case.file_reference in text
    assert "Frist für die Nachforderung:" in text and "(noch 2" in text  # four weeks from 2 March 2026
    assert "Ansichten fehlen." in text
    assert "Eingangsbestätigung vom" in text and "Nachforderung vom" in text
    assert "Genehmigungsfiktion" not in text  # not a housing project
    assert "user:" not in text and "ut_" not in text and "(17)" not in text
    links = re.findall(r'href="(/antraege/[^"]+/schreiben/\d+)"', page.get_data(as_text=True))
    assert links
    letter = signed_in("architektin").get(links[-1])
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"


def test_architect_answers_deficiency_with_document_on_the_page(signed_in, actors):
    application = with_deficiency_notice(
        submitted_application(actors["architektin"]), actors["sachbearbeitung"]
    )
    task = db.session.scalars(
        select(OpenTask).filter_by(case_id=application.case_id, form="procedure_resubmission")
    ).one()
    client = signed_in("architektin")
    room = f"/antraege/{application.public_id}"
    response = client.post(
        f"{room}/anfragen/{task.task_id}",
        data={
            "csrf_token": csrf_token(client, room),
            "text": "Ansichten anbei.",
            "document_type_1": "2003",
            "file_1": (io.BytesIO(ROOM_PDF), "ansichten.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    text = _text(client.get(room))
    assert "Ihre Antwort ist bei der Bauaufsicht eingegangen." in text
    assert "Änderungen zum Antrag eingegangen" in text
    assert "(lageplan.pdf, eingereicht am" in text and "(ansichten.pdf, nachgereicht am" in text
    names = db.session.scalars(
        select(ApplicationDocument.filename).filter_by(application_id=application.id)
    ).all()
    assert names == ["lageplan.pdf", "ansichten.pdf"]


def test_bad_pdf_is_reported_next_to_its_field(signed_in, actors):
    application = with_deficiency_notice(
        submitted_application(actors["architektin"]), actors["sachbearbeitung"]
    )
    task = db.session.scalars(
        select(OpenTask).filter_by(case_id=application.case_id, form="procedure_resubmission")
    ).one()
    client = signed_in("architektin")
    room = f"/antraege/{application.public_id}"
    response = client.post(
        f"{room}/anfragen/{task.task_id}",
        data={
            "csrf_token": csrf_token(client, room),
            "text": "Anbei",
            "document_type_1": "2003",
            "file_1": (io.BytesIO(b"GIF89a"), "bild.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'aria-invalid="true" aria-describedby="err-file_1"' in body
    assert "bild.pdf:" in _text(response) and "Anbei" in body


def test_message_from_the_room_reaches_the_correspondence_page(signed_in, actors, client):
    application = submitted_application(actors["architektin"])
    architect = signed_in("architektin")
    room = f"/antraege/{application.public_id}"
    response = architect.post(
        f"{room}/nachrichten",
        data={"csrf_token": csrf_token(architect, room), "body": "Wann kommt die Eingangsbestätigung?"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    architect.post("/abmelden", data={"csrf_token": csrf_token(architect, room)})
    officer = signed_in("sachbearbeitung")
    page = officer.get(f"/vorgaenge/{application.case_id}/schriftverkehr")
    assert page.status_code == 200
    assert "Wann kommt die Eingangsbestätigung?" in _text(page) and "neu" in _text(page)
    answer = officer.post(
        f"/vorgaenge/{application.case_id}/schriftverkehr",
        data={
            "csrf_token": csrf_token(officer, f"/vorgaenge/{application.case_id}/schriftverkehr"),
            "body": "Sie ist unterwegs.",
            "attachment": (io.BytesIO(ROOM_PDF), "hinweis.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    assert [m.side.value for m in db.session.scalars(select(CaseMessage).order_by(CaseMessage.id))] == [
        "applicant",
        "authority",
    ]


def test_draft_room_redirects_to_the_wizard(signed_in, actors):
    draft = applications.create_application({"title": "Entwurf"}, actors["architektin"])
    response = signed_in("architektin").get(f"/antraege/{draft.public_id}")
    assert response.status_code == 302 and response.location.endswith(
        f"/antraege/{draft.public_id}/bearbeiten"
    )


def test_officers_and_other_architects_do_not_enter_the_room(signed_in, actors):
    application = submitted_application(actors["architektin"])
    assert signed_in("sachbearbeitung").get(f"/antraege/{application.public_id}").status_code == 404


def test_architect_does_not_open_the_correspondence_page(signed_in, actors):
    application = submitted_application(actors["architektin"])
    assert signed_in("architektin").get(f"/vorgaenge/{application.case_id}/schriftverkehr").status_code == 403
