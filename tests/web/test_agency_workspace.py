"""The agency workspace (/beteiligungen): an agency finds its requests, reads the project and the documents,
answers per legal area with typed conditions and a statement PDF, or asks for more time; the same rules as
the API refuse a bad statement at the fields and store nothing."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from permits.codelists import ReviewStatus
from permits.core.jobs import run_next_job
from permits.extensions import db
from permits.models import Application, AuditEntry, OpenTask, ReviewRequest, Role, Statement
from permits.services.cases import start_case
from permits.services.tasks import complete_task
from tests.api.test_agency_review_requests import case_in_participation  # noqa: F401
from tests.factories import PDF, ApplicationDocumentFactory, ApplicationFactory, UserFactory
from tests.services.test_upload_inspection import pdf_with_open_action_javascript
from tests.web.conftest import csrf_token, sign_in

FORM_KEY = re.compile(r'name="form_key" value="([^"]+)"')


@pytest.fixture
def review(case_in_participation, people):  # noqa: F811
    application = ApplicationFactory(case_id=case_in_participation.id, applicant=people["architektin"])
    ApplicationDocumentFactory(application=application, title="Lageplan 1:500")
    db.session.commit()
    return _review("fire")


def _review(code: str) -> ReviewRequest:
    return db.session.scalars(
        select(ReviewRequest).join(ReviewRequest.authority).where(ReviewRequest.authority.has(code=code))
    ).one()


def _answer(client, review: ReviewRequest, data: dict, **files):
    page = f"/beteiligungen/{review.public_id}"
    html = client.get(page).get_data(as_text=True)
    form = {"csrf_token": csrf_token(client, page), "form_key": FORM_KEY.search(html).group(1)}
    form |= {name: (io.BytesIO(content), "stellungnahme.pdf") for name, content in files.items()}
    return client.post(page, data={**form, **data}, content_type="multipart/form-data")


def _nothing_stored(review: ReviewRequest) -> None:
    db.session.expire_all()
    assert db.session.scalars(select(Statement).filter_by(review_request_id=review.id)).all() == []
    assert review.status == ReviewStatus.OPEN


def test_agency_user_lands_on_its_requests_and_reads_the_project(signed_in, review):
    client = signed_in("feuerwehr")
    assert client.get("/").headers["Location"].endswith("/beteiligungen")
    listing = client.get("/beteiligungen").get_data(as_text=True)
    assert review.case.file_reference in listing and "noch " in listing and "Offen" in listing
    page = client.get(f"/beteiligungen/{review.public_id}").get_data(as_text=True)
    assert "Lageplan 1:500" in page and "Döhren" in page and "Brandschutz" in page
    assert "Stellungnahme abgeben" in page and "Fristverlängerung beantragen" in page
    document = db.session.scalars(select(Application).filter_by(case_id=review.case_id)).one()
    download = client.get(f"/beteiligungen/{review.public_id}/unterlagen/{document.documents[0].id}")
    assert download.status_code == 200 and download.data == PDF


def test_other_agencies_officers_and_architects_cannot_open_the_request(client, signed_in, review):
    monument = _review("monument")
    assert signed_in("feuerwehr").get(f"/beteiligungen/{monument.public_id}").status_code == 404
    assert client.get(f"/beteiligungen/{monument.public_id}/schreiben").status_code == 404
    assert signed_in("sachbearbeitung").get(f"/beteiligungen/{review.public_id}").status_code == 403
    assert client.get("/beteiligungen").status_code == 403
    assert signed_in("architektin").get(f"/beteiligungen/{review.public_id}").status_code == 403
    assert signed_in("admin").get(f"/beteiligungen/{review.public_id}").status_code == 200


def test_fire_brigade_answers_per_area_with_typed_conditions_and_its_pdf(signed_in, review):
    client = signed_in("feuerwehr")
    response = _answer(
        client,
        review,
        {
            "area-0-verdict": "consent_with_conditions",
            "area-0-reasons": "Zufahrt ausreichend.",
            "area-1-verdict": "consent",
            "condition_count": "3",
            "condition-0-type": "2",
            "condition-0-area": "Brandschutz",
            "condition-0-text": "Feuerwehrzufahrt freihalten",
            "condition-1-type": "4",
            "condition-1-area": "Brandschutz",
            "condition-1-text": "Rauchwarnmelder in Aufenthaltsräumen",
            "action": "submit",
        },
        statement_pdf=PDF,
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    statement = db.session.scalars(select(Statement).filter_by(review_request_id=review.id)).one()
    assert statement.verdict.value == "consent_with_conditions"
    assert [(a["legal_area"], a["verdict"]) for a in statement.areas] == [
        ("Brandschutz", "consent_with_conditions"),
        ("Sonstige öffentliche Belange", "consent"),
    ]
    assert [(c["type"], c["text"]) for c in statement.conditions] == [
        ("2", "Feuerwehrzufahrt freihalten"),
        ("4", "Rauchwarnmelder in Aufenthaltsräumen"),
    ]
    assert [a.content for a in statement.attachments] == [PDF]
    page = client.get(f"/beteiligungen/{review.public_id}").get_data(as_text=True)
    assert "Ihre Stellungnahme" in page and "Auflage" in page and "Stellungnahme abgeben" not in page
    download = client.get(f"/beteiligungen/{review.public_id}/anlagen/{statement.attachments[0].id}")
    assert download.status_code == 200 and download.data == PDF
    # the procedure moved on: the agency's task is done
    assert not db.session.scalars(select(OpenTask).filter_by(candidate_group="authority:fire")).all()


def test_adding_a_condition_row_keeps_what_was_typed(signed_in, review):
    client = signed_in("feuerwehr")
    response = _answer(
        client,
        review,
        {"area-0-verdict": "objection", "condition-0-text": "Erster Text", "action": "add_condition"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="condition-1-text"' in page
    assert "Erster Text" in page and 'value="objection" selected' in page
    _nothing_stored(review)


def test_a_condition_without_type_is_refused_at_its_field(signed_in, review):
    response = _answer(
        signed_in("feuerwehr"),
        review,
        {
            "area-0-verdict": "consent_with_conditions",
            "condition-0-text": "Zufahrt freihalten",
            "action": "submit",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="condition-0-type" name="condition-0-type" aria-invalid="true"' in page
    assert "Bitte die Art der Nebenbestimmung angeben." in page and 'href="#condition-0-type"' in page
    _nothing_stored(review)


def test_consent_with_conditions_without_any_is_refused_at_the_verdict(signed_in, review):
    response = _answer(
        signed_in("feuerwehr"), review, {"area-0-verdict": "consent_with_conditions", "action": "submit"}
    )
    assert response.status_code == 422
    assert "braucht mindestens eine Nebenbestimmung" in response.get_data(as_text=True)
    _nothing_stored(review)


def test_an_unsafe_pdf_is_refused_and_nothing_is_stored(signed_in, review):
    response = _answer(
        signed_in("feuerwehr"),
        review,
        {"area-0-verdict": "consent", "action": "submit"},
        statement_pdf=pdf_with_open_action_javascript(),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Die PDF-Datei enthält JavaScript." in page
    assert 'id="statement_pdf" name="statement_pdf" accept="application/pdf,.pdf" aria-invalid="true"' in page
    _nothing_stored(review)
    assert db.session.scalars(select(OpenTask).filter_by(candidate_group="authority:fire")).all()


def test_a_second_click_stores_the_statement_once(signed_in, review):
    client = signed_in("feuerwehr")
    page = f"/beteiligungen/{review.public_id}"
    key = FORM_KEY.search(client.get(page).get_data(as_text=True)).group(1)
    form = {"area-0-verdict": "consent", "action": "submit", "form_key": key}
    for _ in range(2):
        assert client.post(page, data={**form, "csrf_token": csrf_token(client, page)}).status_code == 302
    assert len(db.session.scalars(select(Statement).filter_by(review_request_id=review.id)).all()) == 1


def test_extension_request_goes_to_the_officer_and_the_agency_may_still_answer(signed_in, review):
    client = signed_in("feuerwehr")
    path = f"/beteiligungen/{review.public_id}/fristverlaengerung"
    refused = client.post(
        path, data={"csrf_token": csrf_token(client), "extension_until": "01.01.2020", "extension_reason": ""}
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Bitte begründen" in page and "muss nach dem" in page
    asked = client.post(
        path,
        data={
            "csrf_token": csrf_token(client),
            "extension_until": "30.04.2026",
            "extension_reason": "Ortsbesichtigung erst im April möglich.",
        },
    )
    assert asked.status_code == 302
    tasks = db.session.scalars(select(OpenTask).filter_by(case_id=review.case_id)).all()
    assert {"ut_decide_extension", "ut_statement_pending"} <= {t.element_id for t in tasks}
    asked_entry = db.session.scalars(select(AuditEntry).filter_by(action="extension_requested")).one()
    assert asked_entry.after["requested_until"] == "2026-04-30"
    page = client.get(f"/beteiligungen/{review.public_id}").get_data(as_text=True)
    assert "Stellungnahme abgeben" in page and "Fristverlängerung beantragen</h2>" not in page


def test_the_request_letter_downloads_once_rendered(signed_in, review):
    client = signed_in("feuerwehr")
    assert client.get(f"/beteiligungen/{review.public_id}/schreiben").status_code == 404
    while run_next_job("test-worker"):
        pass
    letter = client.get(f"/beteiligungen/{review.public_id}/schreiben")
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    assert letter.data.startswith(b"%PDF")
    assert "Beteiligung vom" in client.get(f"/beteiligungen/{review.public_id}").get_data(as_text=True)


def test_municipality_gives_or_refuses_its_consent_in_the_36_form(client, actors, people):
    architect = actors["architektin"]
    case = start_case(
        "full_procedure",
        "Neubau Wohnhaus im Außenbereich",
        architect,
        applicant_id=architect.user_id,
        details={"project": {"description": "Neubau Wohnhaus"}, "plot": {"gemarkung": "Döhren"}},
        data={"construction_value": 500000, "building_class": 3, "municipality_is_authority": False},
    )
    task = db.session.scalars(
        select(OpenTask).filter_by(case_id=case.id, element_id="ut_completeness_check")
    ).one()
    complete_task(task.task_id, {"complete": True}, actors["sachbearbeitung"], claim=True)
    UserFactory(username="gemeinde", role=Role.AGENCY, authority=_review("municipality").authority)
    db.session.commit()
    review = _review("municipality")
    assert sign_in(client, "gemeinde").status_code == 302
    page = client.get(f"/beteiligungen/{review.public_id}").get_data(as_text=True)
    assert "Gemeindliches Einvernehmen (§ 36 BauGB)" in page and "Nebenbestimmung" not in page
    refused = _answer(client, review, {"action": "submit"})
    assert refused.status_code == 422 and 'id="consent" aria-invalid="true"' in refused.get_data(as_text=True)
    _nothing_stored(review)
    response = _answer(client, review, {"consent": "versagt", "consent_reasons": "Widerspricht dem FNP."})
    assert response.status_code == 302
    statement = db.session.scalars(select(Statement).filter_by(review_request_id=review.id)).one()
    assert statement.verdict.value == "objection" and statement.text == "Widerspricht dem FNP."
    assert "Einvernehmen versagt" in client.get(f"/beteiligungen/{review.public_id}").get_data(as_text=True)


def test_answered_requests_leave_the_open_list_and_appear_under_answered(signed_in, review):
    client = signed_in("feuerwehr")
    assert _answer(client, review, {"area-0-verdict": "consent", "action": "submit"}).status_code == 302
    assert review.case.file_reference not in client.get("/beteiligungen?status=offen").get_data(as_text=True)
    answered = client.get("/beteiligungen?status=beantwortet").get_data(as_text=True)
    assert review.case.file_reference in answered and "beantwortet" in answered
    assert client.get("/beteiligungen?seite=999999").status_code == 200
