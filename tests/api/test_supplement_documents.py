"""After submission the API accepts documents while the authority waits for them, and only then."""

from __future__ import annotations

import io

from sqlalchemy import select

from permits.extensions import db
from permits.models import ApplicationDocument
from tests.factories import ROOM_PDF, submitted_application, with_deficiency_notice


def _upload(api, application, document_type="2003", content=ROOM_PDF):
    return api("architektin").post(
        f"/api/v1/applications/{application.public_id}/documents",
        data={"document_type": document_type, "file": (io.BytesIO(content), "ansichten.pdf")},
    )


def test_supplement_is_refused_with_409_while_nothing_is_requested(api, actors):
    application = submitted_application(actors["architektin"])
    response = _upload(api, application)
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert "nachgefordert" in response.json["detail"]


def test_supplement_is_accepted_after_a_deficiency_notice(api, actors):
    application = with_deficiency_notice(
        submitted_application(actors["architektin"]), actors["sachbearbeitung"]
    )
    response = _upload(api, application)
    assert response.status_code == 201, response.json
    assert response.json["document_type"] == "2003"
    detail = api("architektin").get(f"/api/v1/applications/{application.public_id}").json
    assert [d["filename"] for d in detail["documents"]] == ["lageplan.pdf", "ansichten.pdf"]
    assert detail["open_requests"]  # the answer itself is still open: the task is completed separately


def test_bad_supplement_is_refused_and_nothing_stored(api, actors):
    application = with_deficiency_notice(
        submitted_application(actors["architektin"]), actors["sachbearbeitung"]
    )
    response = _upload(api, application, content=b"%PDF-1.7\n/JavaScript (app.alert(1))\n%%EOF")
    assert response.status_code == 422 and "file" in response.json["errors"]
    query = select(ApplicationDocument.filename).filter_by(application_id=application.id)
    assert db.session.scalars(query).all() == ["lageplan.pdf"]
