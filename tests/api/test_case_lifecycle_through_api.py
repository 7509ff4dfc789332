"""A whole case through the API alone: submit, deficiency notice, resubmit, complete, two agencies answer
(one by XBau 0303), decision with conditions, four-eyes sign-off, decision PDF and 0205 downloaded."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from lxml import etree
from pypdf import PdfReader

from permits import xbau
from permits.core.jobs import run_next_job
from tests.api.remote import BASE_URL, RemoteClient, remote_tokens
from tests.api.test_prepare_and_submit_application import DETAILS, GEOMETRY, PDF
from tests.conftest import needs_xbau
from tests.xbau.agency_statement import AgencyStatement, StatementPart, emit_agency_statement

XML = {"Content-Type": "application/xml"}


def detail_file_name(detail: dict, kind: str) -> str:
    (document,) = [d for d in detail["issued_documents"] if d["kind"] == kind]
    return document["filename"]


def _task(client, case_id: int, element_id: str) -> str:
    items = client.get(f"/api/v1/tasks?case={case_id}").json["items"]
    matching = [t["id"] for t in items if t["element_id"] == element_id]
    assert len(matching) == 1, items
    return matching[0]


def _complete(client, task_id: str, **data) -> dict:
    client.post(f"/api/v1/tasks/{task_id}/claim")  # people complete what they claimed; tokens cannot claim
    response = client.post(f"/api/v1/tasks/{task_id}/complete", json={"data": data})
    assert response.status_code == 200, response.json
    return response.json


def _monument_0303(case: dict, review_id: str) -> bytes:
    statement = AgencyStatement(
        envelope=xbau.Envelope(
            author=xbau.DvdvAddress("bet:03241102", "Untere Denkmalschutzbehörde Hannover"),
            reader=xbau.DvdvAddress("bab:03241001", "Bauordnung Hannover"),
        ),
        case=xbau.CaseReference(UUID(case["public_id"]), case["file_reference"]),
        request_id=UUID(review_id),
        parts=(StatementPart(consent=True, legal_domain=xbau.legal_domain("Denkmalschutz")),),
    )
    return emit_agency_statement(statement)


@dataclass
class Drive:
    """Who calls (in-process test client, or a running server) and how queued work gets done."""

    api: Callable[[str], Any]
    settle: Callable[[Callable[[], bool]], None]
    remote: bool


def _run_jobs_here(done: Callable[[], bool]) -> None:
    while run_next_job("api-test-worker"):  # the worker renders the documents
        pass
    assert done()


def _wait_for_workers(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 180
    while not done():
        assert time.monotonic() < deadline, "the workers did not finish the queued documents in time"
        time.sleep(0.5)


@pytest.fixture
def drive(request) -> Drive:
    if BASE_URL:  # scripts/e2e_production.sh: permits serve + two permits worker on PostgreSQL
        tokens = remote_tokens()
        request.getfixturevalue("app")  # an app context here: the test builds and validates XBau messages
        return Drive(lambda name: RemoteClient(tokens[name]), _wait_for_workers, remote=True)
    return Drive(request.getfixturevalue("api"), _run_jobs_here, remote=False)


def _open_review(agency, file_reference: str) -> str:
    items = agency.get("/api/v1/review-requests?status=open").json["items"]
    (review,) = [r["id"] for r in items if r["file_reference"] == file_reference]
    return review


@needs_xbau
def test_case_from_submission_to_decision_through_the_api(drive):
    api = drive.api
    architect, officer, second, fire, monument = (
        api("architektin"),
        api("sachbearbeitung"),
        api("pruefung"),
        api("agency:fire"),
        api("agency:monument"),
    )
    body = {
        "title": "Neubau Einfamilienhaus",
        "procedure": "full",
        "details": DETAILS,
        "geometry": GEOMETRY,
        "facts": {"municipality_is_authority": True},
    }
    application = architect.post("/api/v1/applications", json=body).json
    upload = architect.post(
        f"/api/v1/applications/{application['id']}/documents",
        data={"document_type": "1800", "file": (io.BytesIO(PDF), "lageplan.pdf")},
    )
    assert upload.status_code == 201
    submitted = architect.post(f"/api/v1/applications/{application['id']}/submit").json
    case_id = submitted["case_id"]

    # deficiency notice, then the architect answers it
    _complete(
        officer,
        _task(officer, case_id, "ut_completeness_check"),
        complete=False,
        findings="Die Abstandsflächenberechnung fehlt.",
    )
    detail = architect.get(f"/api/v1/applications/{application['id']}").json
    assert detail["xbau_status"] == "17"
    incomplete = architect.get(f"/api/v1/cases/{case_id}/xbau/completeness")
    assert incomplete.status_code == 200 and "Abstandsflächenberechnung" in incomplete.data.decode()
    assert (
        etree.fromstring(incomplete.data).xpath("string(//*[local-name()='antragVollstaendig'])") == "false"
    )
    (request,) = detail["open_requests"]
    _complete(architect, request["id"], resubmission_note="Berechnung nachgereicht.")

    _complete(
        officer,
        _task(officer, case_id, "ut_completeness_check"),
        complete=True,
        involve_fire=True,
        involve_monument=True,
    )

    fire_review = _open_review(fire, submitted["file_reference"])
    answered = fire.post(
        f"/api/v1/review-requests/{fire_review}/statement",
        headers={"Idempotency-Key": "k-1"},
        json={
            "verdict": "consent_with_conditions",
            "legal_area": "Brandschutz",
            "conditions": [{"type": "2", "text": "Feuerwehrzufahrt freihalten"}],
        },
    )
    assert answered.status_code == 201
    monument_review = _open_review(monument, submitted["file_reference"])
    case = officer.get(f"/api/v1/cases/{case_id}").json
    posted = monument.post("/api/v1/xbau/messages", data=_monument_0303(case, monument_review), headers=XML)
    assert posted.status_code == 201, posted.json

    _complete(officer, _task(officer, case_id, "ut_substantive_review"), intended_decision="approval")
    _complete(
        officer,
        _task(officer, case_id, "ut_decision"),
        decision="approval",
        decision_reasons="Das Vorhaben entspricht dem öffentlichen Baurecht.",
        provisions=[
            {"type": "1", "legal_area": "Bauordnungsrecht", "text": "Standsicherheitsnachweis vor Baubeginn"},
            # the agency's condition, merged into the decision by the officer (the decision desk proposes it)
            {"type": "2", "legal_area": "Brandschutz", "text": "Feuerwehrzufahrt freihalten"},
        ],
    )
    sign_off = _task(second, case_id, "ut_sign_off")
    assert (
        officer.post(
            f"/api/v1/tasks/{sign_off}/complete", json={"data": {"sign_off_approved": True}}
        ).status_code
        == 403
    )
    _complete(second, sign_off, sign_off_approved=True)

    wanted = {"receipt", "deficiency_notice", "approval", "fee_notice"}

    def rendered() -> bool:
        issued = architect.get(f"/api/v1/applications/{application['id']}").json["issued_documents"]
        return wanted <= {d["kind"] for d in issued}

    drive.settle(rendered)
    detail = architect.get(f"/api/v1/applications/{application['id']}").json
    assert detail["xbau_status"] == "10" and detail["open_requests"] == []
    kinds = {d["kind"]: d["id"] for d in detail["issued_documents"]}
    assert wanted <= set(kinds)
    pdf = architect.get(f"/api/v1/applications/{application['id']}/issued-documents/{kinds['approval']}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert submitted["file_reference"] in text and "Feuerwehrzufahrt freihalten" in text
    assert "Standsicherheitsnachweis vor Baubeginn" in text

    complete = etree.fromstring(architect.get(f"/api/v1/cases/{case_id}/xbau/completeness").data)
    if not drive.remote:  # the in-process run is on the fake clock's day
        assert complete.xpath("string(//*[local-name()='spaetestesGenehmigungsdatum'])") == "2026-06-02"
    fees = architect.get(f"/api/v1/cases/{case_id}/xbau/fees")
    assert fees.status_code == 200, fees.get_data(as_text=True)
    assert etree.QName(etree.fromstring(fees.data)).localname == "prozessnachrichten.gebuehrenbescheid.1160"

    decision = architect.get(f"/api/v1/cases/{case_id}/xbau/decision")
    assert decision.status_code == 200, decision.json
    root = etree.fromstring(decision.data)
    assert etree.QName(root).localname == "baugenehmigung.bescheid.0205"
    assert root.xpath("string(//*[local-name()='istGenehmigung'])") == "true"
    assert (
        len(root.xpath("//*[local-name()='nebenbestimmung'][*[local-name()='art']]")) == 2
    )  # the officer's and the fire brigade's

    # the decision PDF carries the 0205 that was sent, byte for byte, as its PDF/A-3 associated file
    assert architect.get(f"/api/v1/cases/{case_id}/xbau/decision").data == decision.data
    reader = PdfReader(io.BytesIO(pdf.data))
    assert reader.attachments == {"baugenehmigung.bescheid.0205.xml": [decision.data]}
    associated = {
        (f.get_object()["/F"], f.get_object()["/AFRelationship"]) for f in reader.trailer["/Root"]["/AF"]
    }
    assert associated == {("baugenehmigung.bescheid.0205.xml", "/Alternative")}
    anlage = root.xpath("//*[local-name()='anlage']")[0]
    assert anlage.xpath("string(.//*[local-name()='dateiname'])") == detail_file_name(detail, "approval")

    # so do the fee notice (1160) and the deficiency notice (the 0201 with its findings)
    for kind, message in (("fee_notice", fees.data), ("deficiency_notice", incomplete.data)):
        issued = architect.get(f"/api/v1/applications/{application['id']}/issued-documents/{kinds[kind]}")
        name = etree.QName(etree.fromstring(message)).localname
        assert PdfReader(io.BytesIO(issued.data)).attachments == {f"{name}.xml": [message]}
