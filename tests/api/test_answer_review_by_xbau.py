"""Agencies answer review requests by XBau: a 0303 is checked (request, case, sender), stored per legal area
with its hinweise and attachments, kept as received; a 0305 asking for more time goes to the officer, whose
decision goes back as 0306."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any
from uuid import UUID

import pytest
from lxml import etree
from sqlalchemy import select

from permits import xbau
from permits.codelists import ReviewStatus
from permits.extensions import db
from permits.models import Case, OpenTask, ReviewRequest, Statement, StatementAttachment, XbauMessage
from permits.services.cases import start_case
from permits.services.tasks import complete_task
from tests.conftest import needs_xbau
from tests.factories import APPLICATION_DETAILS
from tests.web.conftest import sign_in
from tests.xbau.agency_statement import (
    AgencyInterimMessage,
    AgencyStatement,
    StatementPart,
    emit_agency_interim_message,
    emit_agency_statement,
)
from tests.xbau.conftest import SCHEMA_DIR, IndependentValidator

pytestmark = needs_xbau

MONUMENT = xbau.DvdvAddress("bet:03241102", "Untere Denkmalschutzbehörde Hannover")
FIRE = xbau.DvdvAddress("bet:03241101", "Feuerwehr Hannover")
US = xbau.DvdvAddress("bab:03241001", "Bauordnung")
MESSAGE_ID = UUID("6d1f3c2a-8b4e-4f0a-9c7d-2e5b1a0f9d33")
XML = {"Content-Type": "application/xml"}


@pytest.fixture(scope="module")
def independent_validator() -> IndependentValidator:
    return IndependentValidator(SCHEMA_DIR)


def _case_in_participation(actors: dict, title: str) -> Case:
    architect = actors["architektin"]
    case = start_case(
        "full_procedure",
        title,
        architect,
        applicant_id=architect.user_id,
        details=dict(APPLICATION_DETAILS),
        data={"construction_value": 500000, "building_class": 3, "municipality_is_authority": True},
    )
    task = db.session.scalars(
        select(OpenTask).filter_by(case_id=case.id, element_id="ut_completeness_check")
    ).one()
    complete_task(
        task.task_id,
        {"complete": True, "involve_fire": True, "involve_monument": True},
        actors["sachbearbeitung"],
        claim=True,
    )
    db.session.commit()
    return case


@pytest.fixture
def case(actors) -> Case:
    return _case_in_participation(actors, "Neubau Wohnhaus")


def _request_of(case: Case, code: str) -> ReviewRequest:
    requests = db.session.scalars(select(ReviewRequest).filter_by(case_id=case.id))
    (review,) = [r for r in requests if r.authority.code == code]
    return review


def _reference(case: Case, file_reference: str | None = None) -> xbau.CaseReference:
    return xbau.CaseReference(UUID(case.public_id), file_reference or case.file_reference)


def _part(consent: bool, area: str, *provisions: str, **extra: Any) -> StatementPart:
    return StatementPart(
        consent,
        xbau.legal_domain(area),
        tuple(
            xbau.AncillaryProvision(xbau.ProvisionType.OBLIGATION, xbau.legal_domain(area), text)
            for text in provisions
        ),
        reasons=f"Begründung {area}",
        **extra,
    )


def _statement(
    case: Case,
    review: ReviewRequest,
    *parts: StatementPart,
    author: xbau.DvdvAddress = MONUMENT,
    message_id: UUID = MESSAGE_ID,
    reference: xbau.CaseReference | None = None,
    notes: str | None = None,
) -> bytes:
    return emit_agency_statement(
        AgencyStatement(
            xbau.Envelope(author=author, reader=US, message_id=message_id),
            reference or _reference(case),
            UUID(review.public_id),
            parts or (_part(True, "Denkmalschutz"),),
            notes=notes,
        )
    )


def _post(api, agency: str, data: bytes, files: dict[str, bytes] | None = None):
    if files is None:
        return api(f"agency:{agency}").post("/api/v1/xbau/messages", data=data, headers=XML)
    body: dict[str, Any] = {"message": (_stream(data), "0303.xml")}
    body.update({name: (_stream(content), name) for name, content in files.items()})
    return api(f"agency:{agency}").post(
        "/api/v1/xbau/messages", data=body, content_type="multipart/form-data"
    )


def _stream(content: bytes) -> BytesIO:
    return BytesIO(content)


def _nothing_stored() -> None:
    db.session.expire_all()
    assert db.session.scalars(select(Statement)).all() == []
    assert db.session.scalars(select(XbauMessage).filter_by(direction="inbound")).all() == []


# -- 0303 checks ------------------------------------------------------------------------------------------


def test_statement_naming_another_case_is_refused_and_nothing_stored(api, actors, case):
    other = _case_in_participation(actors, "Anbau Garage")
    review = _request_of(case, "monument")

    by_file_reference = _post(api, "monument", _statement(case, review, reference=_reference(other)))
    by_reference = _post(
        api,
        "monument",
        _statement(case, review, reference=xbau.CaseReference(UUID(other.public_id), None)),
    )

    assert by_file_reference.status_code == 422, by_file_reference.json
    assert by_file_reference.mimetype == "application/problem+json"
    assert other.file_reference in by_file_reference.json["detail"]
    assert case.file_reference in by_file_reference.json["detail"]
    assert by_reference.status_code == 422 and "bezug/referenz" in by_reference.json["detail"]
    _nothing_stored()
    assert _request_of(case, "monument").status == ReviewStatus.OPEN


def test_statement_from_another_sender_is_refused(api, case):
    review = _request_of(case, "monument")

    wrong_author = _post(api, "monument", _statement(case, review, author=FIRE))
    wrong_token = _post(api, "fire", _statement(case, review))

    assert wrong_author.status_code == 422, wrong_author.json
    assert "bet:03241101" in wrong_author.json["detail"] and "bet:03241102" in wrong_author.json["detail"]
    assert wrong_token.status_code == 403, wrong_token.json
    _nothing_stored()


def test_statement_for_another_authority_or_marked_test_is_refused(api, case):
    review = _request_of(case, "monument")
    elsewhere = xbau.Envelope(author=MONUMENT, reader=xbau.DvdvAddress("bab:03459000", "Anderswo"))
    test = xbau.Envelope(author=MONUMENT, reader=US, test=True)

    parts = (_part(True, "Denkmalschutz"),)
    for envelope in (elsewhere, test):
        statement = AgencyStatement(envelope, _reference(case), UUID(review.public_id), parts)
        data = emit_agency_statement(statement)
        refused = _post(api, "monument", data)
        assert refused.status_code == 422, refused.json
        assert refused.json["type"].endswith(("xbau_wrong_reader", "xbau_test_message"))
    _nothing_stored()


def test_same_message_id_for_a_second_request_gets_its_own_statement(api, actors, case):
    second = _case_in_participation(actors, "Anbau Garage")
    first_review, second_review = _request_of(case, "monument"), _request_of(second, "monument")

    first = _post(api, "monument", _statement(case, first_review))
    again = _post(api, "monument", _statement(case, first_review))
    other = _post(api, "monument", _statement(second, second_review, _part(False, "Denkmalschutz")))

    assert first.status_code == 201 and first.json["created"] is True, first.json
    assert again.json["created"] is False and again.json["statement_id"] == first.json["statement_id"]
    assert other.status_code == 201, other.json
    assert other.json["review_request_id"] == second_review.public_id
    assert other.json["created"] is True and other.json["statement_id"] != first.json["statement_id"]
    db.session.expire_all()
    assert [s.verdict.value for s in _request_of(second, "monument").statements] == ["objection"]
    assert _request_of(second, "monument").status == ReviewStatus.ANSWERED
    inbound = db.session.scalars(select(XbauMessage).filter_by(message_type="0303")).all()
    assert sorted(m.review_request_id for m in inbound) == sorted([first_review.id, second_review.id])


def test_same_message_id_with_other_content_is_refused(api, case):
    review = _request_of(case, "monument")
    assert _post(api, "monument", _statement(case, review)).status_code == 201

    changed = _post(api, "monument", _statement(case, review, _part(False, "Denkmalschutz")))

    assert changed.status_code == 422, changed.json
    db.session.expire_all()
    assert [s.verdict.value for s in _request_of(case, "monument").statements] == ["consent"]


# -- per-area verdicts, hinweise, attachments -------------------------------------------------------------


def test_two_area_statement_with_one_objection_is_an_objection_with_both_areas(api, case):
    review = _request_of(case, "monument")
    data = _statement(
        case,
        review,
        _part(True, "Denkmalschutz", "Holzfenster mit glasteilenden Sprossen"),
        _part(False, "Naturschutz"),
    )

    posted = _post(api, "monument", data)

    assert posted.status_code == 201, posted.json
    officer_view = api("sachbearbeitung").get(f"/api/v1/cases/{case.id}").json
    (statement,) = officer_view["statements"]
    assert statement["verdict"] == "objection"
    assert [(a["legal_area"], a["verdict"]) for a in statement["areas"]] == [
        ("Denkmalschutz", "consent_with_conditions"),
        ("Naturschutz", "objection"),
    ]
    monument, nature = statement["areas"]
    assert monument["conditions"] == [
        {
            "type": "2",
            "type_label": "Auflage",
            "legal_area": "Denkmalschutz",
            "text": "Holzfenster mit glasteilenden Sprossen",
        }
    ]
    assert nature["verdict_label"] == "Ablehnung" and nature["reasons"] == "Begründung Naturschutz"
    assert [c["text"] for c in statement["conditions"]] == ["Holzfenster mit glasteilenden Sprossen"]
    stored = db.session.get(Statement, posted.json["statement_id"])
    assert stored.legal_area == "Denkmalschutz, Naturschutz"
    (kept,) = db.session.scalars(select(XbauMessage).filter_by(message_type="0303")).all()
    assert kept.xml == data and (kept.case_id, kept.review_request_id) == (case.id, review.id)
    assert kept.author == MONUMENT.id and kept.direction == "inbound"


def test_hinweise_and_the_statement_pdf_are_stored_and_downloadable(api, case):
    review = _request_of(case, "monument")
    pdf = b"%PDF-1.7 signed statement"
    attachment = xbau.Attachment(
        title="Stellungnahme Denkmalschutz (unterschrieben)",
        attachment_type="9999",
        mime_type="application/pdf",
        dated=date(2026, 3, 20),
        document_id="_doc-stellungnahme-1",
        file_name="stellungnahme.pdf",
    )
    link = xbau.Attachment(
        title="Fotodokumentation",
        attachment_type="9999",
        mime_type="application/pdf",
        dated=date(2026, 3, 20),
        url="https://denkmal.example.org/fotos.pdf",
        file_name="fotos.pdf",
    )
    data = _statement(
        case,
        review,
        _part(True, "Denkmalschutz", attachments=(attachment, link)),
        notes="Die denkmalrechtliche Genehmigung wird durch die Baugenehmigung ersetzt.",
    )

    posted = _post(api, "monument", data, files={"stellungnahme.pdf": pdf})

    assert posted.status_code == 201, posted.json
    stored = db.session.get(Statement, posted.json["statement_id"])
    assert stored.notes == "Die denkmalrechtliche Genehmigung wird durch die Baugenehmigung ersetzt."
    file, linked = db.session.scalars(select(StatementAttachment).order_by(StatementAttachment.id)).all()
    assert (file.content, file.filename, file.legal_area, file.size) == (
        pdf,
        "stellungnahme.pdf",
        "Denkmalschutz",
        len(pdf),
    )
    assert (linked.content, linked.url) == (None, "https://denkmal.example.org/fotos.pdf")
    (shown,) = api("sachbearbeitung").get(f"/api/v1/cases/{case.id}").json["statements"]
    assert shown["notes"] == stored.notes
    assert [(a["title"], a["available"]) for a in shown["attachments"]] == [
        ("Stellungnahme Denkmalschutz (unterschrieben)", True),
        ("Fotodokumentation", False),
    ]
    url = f"/api/v1/review-requests/{review.public_id}/attachments/{file.id}"
    download = api("sachbearbeitung").get(url)
    assert download.status_code == 200 and download.data == pdf
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert api("agency:fire").get(url).status_code == 404
    assert api("sachbearbeitung").get(url.replace(str(file.id), str(linked.id))).status_code == 404


# -- 0305 / 0306 ------------------------------------------------------------------------------------------


def _interim(case: Case, review: ReviewRequest, concern: str, message_id: UUID | None = None) -> bytes:
    envelope = xbau.Envelope(author=MONUMENT, reader=US, **({"message_id": message_id} if message_id else {}))
    return emit_agency_interim_message(
        AgencyInterimMessage(envelope, _reference(case), UUID(review.public_id), concern)
    )


def _decide(actors, case: Case, grant: bool) -> None:
    (task,) = db.session.scalars(
        select(OpenTask).filter_by(case_id=case.id, element_id="ut_decide_extension")
    ).all()
    data = {"grant_extension": grant, "extension_weeks": 4, "extension_reason": "Ortstermin nötig."}
    complete_task(task.task_id, data, actors["sachbearbeitung"], claim=True)
    db.session.commit()


def test_extension_request_by_0305_goes_to_the_officer_and_the_decision_back_as_0306(
    api, actors, case, independent_validator
):
    review = _request_of(case, "monument")
    due = review.effective_due_on
    data = _interim(case, review, "Wir bitten um Fristverlängerung um vier Wochen, ein Ortstermin ist nötig.")

    posted = _post(api, "monument", data)

    assert posted.status_code == 201, posted.json
    assert posted.json["message"] == "0305" and posted.json["extension_requested"] is True
    assert _post(api, "monument", data).json["created"] is False
    officer_tasks = db.session.scalars(
        select(OpenTask).filter_by(case_id=case.id, element_id="ut_decide_extension")
    ).all()
    assert len(officer_tasks) == 1
    _decide(actors, case, grant=True)

    db.session.expire_all()
    review = _request_of(case, "monument")
    assert review.extended_until is not None and review.effective_due_on > due
    (reply,) = db.session.scalars(select(XbauMessage).filter_by(message_type="0306")).all()
    assert (reply.direction, reply.review_request_id, reply.reader) == ("outbound", review.id, MONUMENT.id)
    assert independent_validator.errors(reply.xml) == []
    root = etree.fromstring(reply.xml)
    ns = {"x": "http://www.xleitstelle.de/xbau/2/6", "g": "http://xoev.de/schemata/basisnachricht/g2g/1_1"}
    assert root.findtext("x:frist", namespaces=ns) == review.effective_due_on.isoformat()
    assert root.findtext("x:bezug/bezugNachricht/g:nachrichtentyp/code", namespaces=ns) == "0305"
    assert root.findtext("x:referenzAufforderung/x:referenzAuftrag", namespaces=ns) == review.public_id
    assert "verlängert" in "".join(root.find("x:reaktionZwischennachricht", ns).itertext())
    # The agency is asked again with the new deadline: its task is open once more.
    assert (
        db.session.scalars(
            select(OpenTask).filter_by(
                case_id=case.id, element_id="ut_statement", candidate_group="authority:monument"
            )
        ).first()
        is not None
    )


def test_refused_extension_is_answered_by_0306_with_the_old_deadline(
    api, actors, case, independent_validator
):
    review = _request_of(case, "monument")
    due = review.effective_due_on
    assert (
        _post(api, "monument", _interim(case, review, "Bitte um Verlängerung der Frist.")).status_code == 201
    )

    _decide(actors, case, grant=False)

    (reply,) = db.session.scalars(select(XbauMessage).filter_by(message_type="0306")).all()
    assert independent_validator.errors(reply.xml) == []
    root = etree.fromstring(reply.xml)
    assert root.findtext("{http://www.xleitstelle.de/xbau/2/6}frist") == due.isoformat()
    assert "nicht gewährt" in reply.xml.decode()


def test_other_interim_message_is_kept_as_a_note(api, case, client):
    review = _request_of(case, "monument")

    posted = _post(api, "monument", _interim(case, review, "Das immissionsschutzrechtliche Verfahren läuft."))

    assert posted.status_code == 201 and posted.json["extension_requested"] is False
    assert not db.session.scalars(select(OpenTask).filter_by(element_id="ut_decide_extension")).all()
    (kept,) = db.session.scalars(select(XbauMessage).filter_by(message_type="0305")).all()
    assert kept.review_request_id == review.id
    history = api("sachbearbeitung").get(f"/api/v1/cases/{case.id}").json["history"]
    assert "interim_message_received" in [entry["action"] for entry in history]
    assert sign_in(client, "sachbearbeitung").status_code == 302
    page = client.get(f"/vorgaenge/{case.id}").get_data(as_text=True)
    assert "Zwischennachrichten der beteiligten Stellen" in page
    assert "Das immissionsschutzrechtliche Verfahren läuft." in page


def test_interim_message_for_another_case_is_refused(api, actors, case):
    other = _case_in_participation(actors, "Anbau Garage")
    review = _request_of(case, "monument")
    data = emit_agency_interim_message(
        AgencyInterimMessage(
            xbau.Envelope(author=MONUMENT, reader=US),
            _reference(other),
            UUID(review.public_id),
            "Fristverlängerung",
        )
    )

    assert _post(api, "monument", data).status_code == 422
    assert not db.session.scalars(select(XbauMessage).filter_by(message_type="0305")).all()
