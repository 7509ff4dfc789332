"""Applicants add documents after submission only while the authority waits for them, all or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from permits.codelists import PortalStatus
from permits.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from permits.extensions import db
from permits.models import ApplicationDocument, AuditEntry, OpenTask
from permits.services import case_room, supplements
from permits.services.supplements import Upload
from tests.factories import ROOM_PDF, submitted_application, with_deficiency_notice

ELEVATIONS = Upload("2003", "ansichten.pdf", ROOM_PDF)


def _resubmission(case_id: int) -> OpenTask:
    return db.session.scalars(select(OpenTask).filter_by(case_id=case_id, element_id="ut_resubmission")).one()


def _documents(application) -> list[str]:
    query = select(ApplicationDocument.filename).filter_by(application_id=application.id)
    return list(db.session.scalars(query.order_by(ApplicationDocument.id)))


def test_supplement_refused_while_no_documents_are_requested(actors):
    application = submitted_application(actors["architektin"])
    with pytest.raises(Conflict):
        supplements.add_supplement(application.public_id, ELEVATIONS, actors["architektin"])
    assert _documents(application) == ["lageplan.pdf"]


def test_supplement_accepted_while_documents_are_requested(actors):
    application = with_deficiency_notice(
        submitted_application(actors["architektin"]), actors["sachbearbeitung"]
    )
    assert application.case.status == PortalStatus.DOCUMENTS_REQUESTED
    document = supplements.add_supplement(application.public_id, ELEVATIONS, actors["architektin"])
    assert document.document_type == "2003" and document.title == "Ansichten"
    assert _documents(application) == ["lageplan.pdf", "ansichten.pdf"]
    # the officer's case view lists it with the application's documents
    from permits.services.case_view import case_detail

    officer_view = case_detail(application.case_id, actors["sachbearbeitung"])
    assert [d.filename for d in officer_view.application_documents] == ["lageplan.pdf", "ansichten.pdf"]


def test_architect_answers_deficiency_with_text_and_document(actors):
    architect = actors["architektin"]
    application = with_deficiency_notice(submitted_application(architect), actors["sachbearbeitung"])
    task = _resubmission(application.case_id)
    case = supplements.answer_request(
        application.public_id, task.task_id, "Ansichten liegen bei.", [ELEVATIONS], architect
    )
    assert case.status == PortalStatus.CHANGES_RECEIVED
    assert _documents(application) == ["lageplan.pdf", "ansichten.pdf"]
    completed = db.session.scalars(
        select(AuditEntry).filter_by(case_id=case.id, action="task_completed", element_id="ut_resubmission")
    ).one()
    note = completed.after["resubmission_note"]
    assert note.startswith("Ansichten liegen bei.") and "Ansichten: ansichten.pdf" in note
    # the authority no longer waits: further supplements are refused again
    with pytest.raises(Conflict):
        supplements.add_supplement(application.public_id, ELEVATIONS, architect)
    timeline = [t.text for t in case_room.room_detail(application.public_id, architect).timeline]
    assert timeline == [
        "Antrag eingereicht",
        "Eingang bestätigt",
        "Unterlagen nachgefordert",
        "Unterlage nachgereicht: Ansichten",
        "Änderungen zum Antrag eingegangen",
    ]


def test_bad_pdf_refuses_the_whole_answer_and_keeps_the_task(actors):
    architect = actors["architektin"]
    application = with_deficiency_notice(submitted_application(architect), actors["sachbearbeitung"])
    task = _resubmission(application.case_id)
    polyglot = Upload("2801", "statik.pdf", b"GIF89a" + ROOM_PDF)
    with pytest.raises(InvalidInput) as refused:
        supplements.answer_request(
            application.public_id, task.task_id, "Anbei", [ELEVATIONS, polyglot], architect
        )
    assert set(refused.value.field_errors) == {"file_2"}
    db.session.rollback()
    assert _documents(application) == ["lageplan.pdf"]
    assert _resubmission(application.case_id).task_id == task.task_id
    assert application.case.status == PortalStatus.DOCUMENTS_REQUESTED


def test_empty_answer_is_refused(actors):
    architect = actors["architektin"]
    application = with_deficiency_notice(submitted_application(architect), actors["sachbearbeitung"])
    task = _resubmission(application.case_id)
    with pytest.raises(InvalidInput) as refused:
        supplements.answer_request(application.public_id, task.task_id, "  ", [], architect)
    assert "text" in refused.value.field_errors


def test_only_the_applicant_answers(actors):
    application = with_deficiency_notice(
        submitted_application(actors["architektin"]), actors["sachbearbeitung"]
    )
    task = _resubmission(application.case_id)
    with pytest.raises(PermissionDenied):
        supplements.answer_request(application.public_id, task.task_id, "x", [], actors["sachbearbeitung"])
    with pytest.raises(PermissionDenied):
        supplements.add_supplement(application.public_id, ELEVATIONS, actors["feuerwehr"])


def test_answer_names_an_open_request_of_this_application(actors):
    architect = actors["architektin"]
    application = with_deficiency_notice(submitted_application(architect), actors["sachbearbeitung"])
    with pytest.raises(NotFound):
        supplements.answer_request(application.public_id, "no-such-task", "x", [], architect)


def _complete(case_id: int, element_id: str, actor, **data) -> None:
    from permits.services.tasks import complete_task

    task = db.session.scalars(select(OpenTask).filter_by(case_id=case_id, element_id=element_id)).one()
    complete_task(task.task_id, data, actor, claim=True)


def test_architect_answers_hearing_with_text_and_document(actors):
    architect, officer = actors["architektin"], actors["sachbearbeitung"]
    application = submitted_application(architect, municipality_is_authority=True)
    _complete(application.case_id, "ut_completeness_check", officer, complete=True)
    _complete(application.case_id, "ut_substantive_review", officer, intended_decision="approval")
    _complete(
        application.case_id, "ut_decision", officer, decision="rejection", decision_reasons="Baugrenze."
    )
    assert application.case.status == PortalStatus.HEARING_PENDING
    (request,) = case_room.room_detail(application.public_id, architect).requests
    assert request.kind == "hearing" and request.deadline is not None
    plan = Upload("1803", "lageplan-neu.pdf", ROOM_PDF)
    supplements.answer_request(
        application.public_id, request.task_id, "Baugrenze eingehalten.", [plan], architect
    )
    assert _documents(application) == ["lageplan.pdf", "lageplan-neu.pdf"]
    reply = db.session.scalars(
        select(AuditEntry).filter_by(case_id=application.case_id, element_id="ut_hearing_reply")
    ).one()
    assert reply.after["hearing_reply"].startswith("Baugrenze eingehalten.")
    timeline = [t.text for t in case_room.room_detail(application.public_id, architect).timeline]
    assert "Stellungnahme zur Anhörung gesendet" in timeline
