"""Replies to a portal's application: correlated with its reference and address, stored once, served
identically, and carrying the application's facts; the decision PDF embeds the 0205 that was sent."""

from __future__ import annotations

import io
from pathlib import Path
from uuid import UUID

import pytest
from lxml import etree
from pypdf import PdfReader

from permits.core.jobs import run_next_job
from permits.xbau import reading as r
from tests.conftest import XBAU_SCHEMAS, needs_xbau
from tests.xbau.conftest import IndependentValidator

pytestmark = needs_xbau

XML = {"Content-Type": "application/xml"}
RICH = Path(__file__).resolve().parents[1] / "xbau" / "fixtures" / "baugenehmigung.antrag.0200_rich.xml"
PORTAL = "bap:03459999"  # the 0200's author: not the configured fallback below
PORTAL_REFERENCE = UUID("c0ffee00-1234-4abc-8def-0123456789ab")  # its referenzAntragsservice
DESIGNER_ID = UUID("5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a")  # the Akteur id the portal sent


@pytest.fixture
def app_config(app_config: dict[str, object]) -> dict[str, object]:
    return {**app_config, "XBAU_PORTAL_DVDV": "bap:05000000", "XBAU_PORTAL_NAME": "Anderes Portal"}


@pytest.fixture(scope="module")
def validator() -> IndependentValidator:
    return IndependentValidator(XBAU_SCHEMAS)


def _import(api) -> int:
    data = RICH.read_bytes().replace(
        b"<kennung>bap:03000000</kennung>", f"<kennung>{PORTAL}</kennung>".encode()
    )
    response = api("architektin").post("/api/v1/xbau/messages", data=data, headers=XML)
    assert response.status_code == 201, response.json
    return int(response.json["case_id"])


def _get(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/xml"
    return bytes(response.data)


def _answers_the_portal(data: bytes, file_reference: str, validator: IndependentValidator) -> etree._Element:
    """A reply to the portal: valid, quoting its reference and our file reference, addressed to it."""
    assert validator.errors(data) == []
    root = etree.fromstring(data)
    head = r.header(root)
    assert (head.reader.id, head.reader.name) == (PORTAL, "Bauportal Niedersachsen")
    assert head.author.id == "bab:03241001"
    bezug = r.find(root, "x:bezug") if r.find(root, "x:bezug") is not None else r.find(root, "bezug")
    assert r.uuid(bezug, "referenz") == PORTAL_REFERENCE
    assert r.txt(bezug, "vorgang") == file_reference
    return root


def _task(client, case_id: int, element_id: str) -> str:
    items = client.get(f"/api/v1/tasks?case={case_id}").json["items"]
    matching = [t["id"] for t in items if t["element_id"] == element_id]
    assert len(matching) == 1, items
    return matching[0]


def _complete(client, task_id: str, **data) -> None:
    client.post(f"/api/v1/tasks/{task_id}/claim")  # people complete what they claimed; tokens cannot claim
    response = client.post(f"/api/v1/tasks/{task_id}/complete", json={"data": data})
    assert response.status_code == 200, response.json


def test_an_imported_application_is_acknowledged_at_the_portal_that_sent_it(api, validator):
    case_id = _import(api)
    officer = api("sachbearbeitung")
    case = officer.get(f"/api/v1/cases/{case_id}").json

    log = officer.get(f"/api/v1/cases/{case_id}/xbau/messages")
    assert log.status_code == 200, log.json
    entries = [(m["direction"], m["message_type"], m["subject"]) for m in log.json]
    assert entries[:3] == [
        ("inbound", "0200", None),
        ("outbound", "1120", "receipt"),
        ("outbound", "1121", "file_reference"),
    ]
    assert ("outbound", "1170") in {(d, t) for d, t, _ in entries}
    assert all(m["valid"] for m in log.json)
    receipt, file_reference = log.json[1], log.json[2]
    assert (receipt["author"], receipt["reader"]) == ("bab:03241001", PORTAL)

    sent = _get(officer, f"/api/v1/cases/{case_id}/xbau/messages/{receipt['id']}")
    root = _answers_the_portal(sent, case["file_reference"], validator)
    assert case["file_reference"] in r.plain_text(root, "information")
    notice = _get(officer, f"/api/v1/cases/{case_id}/xbau/messages/{file_reference['id']}")
    assert etree.QName(_answers_the_portal(notice, case["file_reference"], validator)).localname.endswith(
        "aktenzeichen.1121"
    )

    # the applicant's side fetches the current status: the 1170 sent, the same bytes every time
    status = _get(api("architektin"), f"/api/v1/cases/{case_id}/xbau/status")
    assert _get(api("architektin"), f"/api/v1/cases/{case_id}/xbau/status") == status
    _answers_the_portal(status, case["file_reference"], validator)
    latest_1170 = [m for m in log.json if m["message_type"] == "1170"][-1]
    assert _get(officer, f"/api/v1/cases/{case_id}/xbau/messages/{latest_1170['id']}") == status

    # the log is the authority's file: not the applicant's
    assert api("architektin").get(f"/api/v1/cases/{case_id}/xbau/messages").status_code == 403
    assert officer.get(f"/api/v1/cases/{case_id}/xbau/messages/999999").status_code == 404


def test_messages_for_an_imported_case_carry_its_facts_and_the_decision_pdf_its_0205(api, validator):
    case_id = _import(api)
    officer, second, fire = api("sachbearbeitung"), api("pruefung"), api("agency:fire")
    file_reference = officer.get(f"/api/v1/cases/{case_id}").json["file_reference"]
    _complete(officer, _task(officer, case_id, "ut_completeness_check"), complete=True, involve_fire=True)

    # 0201: complete, listing the documents that arrived (the link; not the announced fire proof)
    complete = _get(officer, f"/api/v1/cases/{case_id}/xbau/completeness")
    root = _answers_the_portal(complete, file_reference, validator)
    submitted = r.findall(root, "x:unterlagenAntragVollstaendig/x:eingereichteBauvorlagen")
    assert [r.txt(s, "x:bezeichnungDatei") for s in submitted] == ["statik-v2.pdf"]
    assert _get(officer, f"/api/v1/cases/{case_id}/xbau/completeness") == complete

    # 0300 to the fire brigade: the project as the portal sent it, the same message on every GET
    review_id = fire.get("/api/v1/review-requests?status=open").json["items"][0]["id"]
    request = _get(fire, f"/api/v1/review-requests/{review_id}/xbau")
    assert _get(fire, f"/api/v1/review-requests/{review_id}/xbau") == request
    assert validator.errors(request) == []
    root = etree.fromstring(request)
    assert r.header(root).reader.id == "bet:03241101"
    assert r.uuid(root, "x:bezug/referenz") == PORTAL_REFERENCE
    project = r.find(root, "x:bauvorhaben")
    parcels = r.findall(project, "x:verortung/x:baugrundstueck/x:grundstueck/x:flurstueck")
    assert [
        (r.txt(p, "kodierungFlurstueck/zaehler"), r.txt(p, "kodierungFlurstueck/nenner")) for p in parcels
    ] == [
        ("112", "3"),
        ("113", None),
    ]
    subject = r.find(project, "x:gegenstand")
    assert [r.txt(m, "code") for m in r.findall(subject, "x:artDerMassnahme")] == ["11", "30"]
    assert r.number(subject, "x:bauordnungsrechtlicheKlassifikation/x:hoeheNachMBO") == 6.9
    baunvo = "x:bauvorhabenDatenblatt/x:flaechen/x:flaechen.BauNVO"
    assert r.number(subject, f"{baunvo}/x:grundflaechen/x:grundflaechenzahlGeplant") == 0.16
    assert r.number(subject, f"{baunvo}/x:geschossflaechen/x:geschossflaechenzahlGeplant") == 0.48
    assert r.txt(subject, "x:baudenkmalBetroffen/x:artDesBaudenkmals/code") == "3"
    people = r.find(project, "x:beteiligte")
    designer = r.find(people, "x:entwurfsverfasser/x:personendaten/natuerlichePerson")
    assert designer is not None, "the Entwurfsverfasser is a natural person, not an organisation"
    assert (r.uuid(designer, "id"), r.txt(designer, "name/familienname/name")) == (DESIGNER_ID, "Entwurf")
    assert r.txt(people, "x:bevollmaechtigter/natuerlichePerson/name/familienname/name") == "Vollmer"
    assert r.txt(people, "x:weitereBeteiligte/x:rolle/x:code/code") == "06"
    assert r.txt(people, "x:bauherr/x:bauherr/organisation/name/name") == "Wohnbau Leinetal GmbH"
    assert (
        r.txt(people, "x:gebuehrenpflichtiger/organisation/name/name") == "Leinetal Immobilienverwaltung GmbH"
    )
    plan = "x:verortung/x:baugrundstueck/x:grundstueck/x:bebauungsplan/x:nummerBebauungsplan"
    assert r.txt(project, plan) == "1234"

    # through to the decision: the PDF carries the 0205 sent to the portal, byte for byte
    answered = fire.post(
        f"/api/v1/review-requests/{review_id}/statement",
        json={"verdict": "consent", "legal_area": "Brandschutz", "conditions": []},
    )
    assert answered.status_code == 201, answered.json
    municipality = api("agency:municipality")
    _complete(municipality, _task(municipality, case_id, "ut_municipal_consent"), consent_granted=True)
    _complete(officer, _task(officer, case_id, "ut_substantive_review"), intended_decision="approval")
    _complete(
        officer,
        _task(officer, case_id, "ut_decision"),
        decision="approval",
        decision_reasons="Das Vorhaben entspricht dem öffentlichen Baurecht.",
        deviation_1_ruling="granted",
        deviation_2_ruling="refused",
        deviation_2_reasons="Die Dachneigung prägt das Quartier.",
        deviations_refusal_accepted=True,
    )
    _complete(second, _task(second, case_id, "ut_sign_off"), sign_off_approved=True)
    while run_next_job("api-test-worker"):
        pass

    decision = _get(officer, f"/api/v1/cases/{case_id}/xbau/decision")
    _answers_the_portal(decision, file_reference, validator)
    # the requested deviations of the 0200 come back ruled on, under their ids
    rulings = r.findall(r.find(etree.fromstring(decision), "x:bescheid"), "x:abweichung")
    assert [(r.txt(el, "x:id"), r.flag(el, "x:istZugelassen")) for el in rulings] == [
        ("7a0c9e1b-2d3f-4a5b-8c6d-7e8f9a0b1c2d", True),
        ("8b1d0f2c-3e4a-4b5c-9d7e-8f9a0b1c2d3e", False),
    ]
    architect = api("architektin")
    application = architect.get(f"/api/v1/applications/{PORTAL_REFERENCE}").json
    (approval,) = [d for d in application["issued_documents"] if d["kind"] == "approval"]
    pdf = architect.get(f"/api/v1/applications/{PORTAL_REFERENCE}/issued-documents/{approval['id']}")
    assert pdf.status_code == 200
    assert PdfReader(io.BytesIO(pdf.data)).attachments == {"baugenehmigung.bescheid.0205.xml": [decision]}
