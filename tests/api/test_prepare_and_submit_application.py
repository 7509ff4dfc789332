"""Architects prepare, attach documents to and submit applications through the API."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from permits.extensions import db
from permits.models import Application, Case, GeometryCheck
from tests.factories import APPLICATION_DETAILS, APPLICATION_GEOMETRY

DETAILS = APPLICATION_DETAILS
GEOMETRY = APPLICATION_GEOMETRY
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _create(api, **extra):
    body = {"title": "Neubau Einfamilienhaus", "procedure": "simplified", "details": DETAILS, **extra}
    response = api("architektin").post("/api/v1/applications", json=body)
    assert response.status_code == 201, response.json
    return response.json


def test_create_patch_and_read_a_draft(api):
    created = _create(api)
    assert created["status"] == "draft" and created["file_reference"] is None
    response = api("architektin").patch(
        f"/api/v1/applications/{created['id']}", json={"title": "Neubau mit Garage"}
    )
    assert response.status_code == 200 and response.json["title"] == "Neubau mit Garage"
    detail = api("architektin").get(f"/api/v1/applications/{created['id']}").json
    assert detail["details"]["applicant"]["name"] == "Jörg Bäcker" and detail["open_requests"] == []


def test_invalid_body_gets_422_problem_with_field_errors(api):
    response = api("architektin").post(
        "/api/v1/applications",
        json={"title": "", "details": {"plot": {"postal_code": "123"}}, "colour": "blau"},
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    errors = response.json["errors"]
    assert errors["colour"] == ["Unbekanntes Feld."]
    assert errors["details.plot.postal_code"] == ["Postleitzahl aus fünf Ziffern."]
    assert "title" in errors


def test_invalid_geometry_is_refused_and_nothing_stored(api):
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [[550000, 5800000], [550010, 5800010], [550010, 5800000], [550000, 5800010], [550000, 5800000]]
        ],
    }
    response = api("architektin").post(
        "/api/v1/applications", json={"title": "X", "geometry": {**GEOMETRY, "plot": bowtie}}
    )
    assert response.status_code == 422
    assert any("plot" in key for key in response.json["errors"])
    assert db.session.scalars(select(Application)).all() == []


def test_upload_accepts_pdf_only(api):
    created = _create(api)
    url = f"/api/v1/applications/{created['id']}/documents"
    ok = api("architektin").post(
        url, data={"document_type": "1800", "file": (io.BytesIO(PDF), "lageplan.pdf")}
    )
    assert ok.status_code == 201, ok.json
    assert ok.json["document_type_label"].startswith("Lageplan")
    not_pdf = api("architektin").post(
        url, data={"document_type": "1800", "file": (io.BytesIO(b"GIF89a"), "x.gif")}
    )
    assert not_pdf.status_code == 422 and not_pdf.json["errors"]["file"] == ["Nur PDF-Dateien sind zulässig."]
    bad_type = api("architektin").post(
        url, data={"document_type": "0000", "file": (io.BytesIO(PDF), "x.pdf")}
    )
    assert bad_type.status_code == 422 and "document_type" in bad_type.json["errors"]
    download = api("architektin").get(f"{url}/{ok.json['id']}")
    assert download.status_code == 200 and download.data == PDF


def test_incomplete_application_cannot_be_submitted(api):
    created = _create(api, details={"applicant": {"name": "Jörg Bäcker"}})
    response = api("architektin").post(f"/api/v1/applications/{created['id']}/submit")
    assert response.status_code == 422
    assert "details.plot.gemarkung" in response.json["errors"]
    assert db.session.scalars(select(Case)).all() == []


def test_submission_opens_the_case_with_geometry_check(api):
    created = _create(api, geometry=GEOMETRY, facts={"housing_project": True})
    response = api("architektin").post(f"/api/v1/applications/{created['id']}/submit")
    assert response.status_code == 200, response.json
    assert response.json["status"] == "submitted"
    assert response.json["file_reference"].startswith("BA-")
    assert response.json["xbau_status"] == "14"
    check = db.session.scalars(select(GeometryCheck)).one()
    assert check.case_id == response.json["case_id"] and check.passed
    again = api("architektin").post(f"/api/v1/applications/{created['id']}/submit")
    assert again.status_code == 409
    assert (
        api("architektin").patch(f"/api/v1/applications/{created['id']}", json={"title": "x"}).status_code
        == 409
    )


@pytest.mark.parametrize("other", ["feuerwehr", "pruefung"])
def test_others_cannot_read_a_draft(api, other):
    created = _create(api)
    assert api(other).get(f"/api/v1/applications/{created['id']}").status_code == 403


def test_officer_cannot_create_applications(api):
    response = api("sachbearbeitung").post("/api/v1/applications", json={"title": "X"})
    assert response.status_code == 403


def test_unauthenticated_and_bad_token(client):
    assert client.get("/api/v1/applications").status_code == 401
    response = client.get("/api/v1/applications", headers={"Authorization": "Bearer pmt_wrong"})
    assert response.status_code == 401 and response.json["detail"].startswith("Das API-Token ist ungültig")
