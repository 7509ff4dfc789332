"""The map step without JavaScript: the architect uploads or pastes GeoJSON, it is saved and checked."""

from __future__ import annotations

import io
import json
import re

import pytest

from permits.extensions import db
from permits.models import Application, ApplicationStatus, GeometryCheck
from permits.services.layers import import_layer
from tests.factories import APPLICATION_GEOMETRY, ApplicationFactory
from tests.geometry.geometry_helpers import building, collection, feature, rect, submission
from tests.web.conftest import csrf_token


def _step(draft: Application) -> str:
    return f"/antraege/{draft.public_id}/bearbeiten/lage"


@pytest.fixture
def draft(people) -> Application:
    application = ApplicationFactory(applicant=people["architektin"], geometry=None)
    db.session.commit()
    return application


@pytest.fixture
def architect(signed_in):
    return signed_in("architektin")


def _post(client, draft, **data):
    return client.post(
        _step(draft),
        data={"csrf_token": csrf_token(client, _step(draft)), **data},
        content_type="multipart/form-data",
    )


def _saved(draft: Application):
    db.session.expire_all()
    return db.session.get(Application, draft.id).geometry


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_architect_uploads_a_geojson_file_and_sees_the_check(architect, draft):
    exported = collection(feature(rect(0, 0, 30, 30), role="plot"), building(10, 10, 10, 10, height=6.5))
    upload = (io.BytesIO(json.dumps(exported).encode()), "lageplan.geojson")

    response = _post(architect, draft, datei=upload, geometrie="")

    assert response.status_code == 302 and response.headers["Location"].endswith(_step(draft))
    assert set(_saved(draft)) == {"plot", "footprints"}
    page = _text(architect.get(_step(draft)))
    assert "Lage und Baukörper gespeichert und geprüft." in page
    assert "<h1>Lage und Baukörper</h1>" in page
    assert "Bestanden:" in page and "Erfüllt:" in page
    assert "Grundstücksfläche</dt><dd>900,00 m²" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "Nach Lage und Gebäuden muss voraussichtlich keine weitere Stelle beteiligt werden." not in page
    assert "Bauplanungsrecht:" in page  # no plan for the plot: the municipality is asked
    assert db.session.query(GeometryCheck).count() == 0


def test_architect_pastes_geojson_into_the_text_field(architect, draft):
    response = _post(architect, draft, geometrie=json.dumps(APPLICATION_GEOMETRY))

    assert response.status_code == 302
    assert _saved(draft) == APPLICATION_GEOMETRY


def test_text_that_is_no_json_is_refused_next_to_the_field_and_kept(architect, draft):
    response = _post(architect, draft, geometrie='{"plot": [1, 2')

    page = _text(response)
    assert response.status_code == 422
    assert "Das ist kein gültiges GeoJSON: Zeile 1, Spalte 15 ist nicht lesbar." in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="geometrie-hilfe geometrie-fehler"' in page
    assert "{&#34;plot&#34;: [1, 2</textarea>" in page  # nothing the architect typed is lost
    assert _saved(draft) is None


def test_geometry_problems_name_the_feature_in_german(architect, draft):
    without_height = submission(buildings=[feature(rect(10, 10, 10, 10), floors=2)])

    response = _post(architect, draft, geometrie=json.dumps(without_height))

    page = _text(response)
    assert response.status_code == 422
    assert "Gebäude 1: Die Höhe (Eigenschaft „height“ in Metern) fehlt." in page
    assert 'href="#f-geometrie"' in page  # the error summary leads to the field
    assert _saved(draft) is None


def test_a_broken_upload_keeps_what_was_saved_before(architect, people):
    draft = ApplicationFactory(applicant=people["architektin"], geometry=APPLICATION_GEOMETRY)
    db.session.commit()
    upload = (io.BytesIO(b"\xff\xfe not text"), "lageplan.geojson")

    response = _post(architect, draft, datei=upload)

    page = _text(response)
    assert response.status_code == 422
    assert "Die Datei ist keine Textdatei in UTF-8 (GeoJSON)." in page
    assert 'aria-describedby="datei-hilfe datei-fehler"' in page
    assert "Gezeigt wird die Prüfung des zuletzt gespeicherten Stands." in page
    assert _saved(draft) == APPLICATION_GEOMETRY


def test_an_oversized_upload_is_refused_in_german(architect, draft):
    big = b'{"plot": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    # The multipart body built by hand: the test client would spool it to a file it never closes.
    body = b"\r\n".join(
        [
            b"--grenze",
            b'Content-Disposition: form-data; name="csrf_token"',
            b"",
            csrf_token(architect, _step(draft)).encode(),
            b"--grenze",
            b'Content-Disposition: form-data; name="datei"; filename="riesig.geojson"',
            b"Content-Type: application/geo+json",
            b"",
            big,
            b"--grenze--",
            b"",
        ]
    )

    response = architect.post(_step(draft), data=body, content_type="multipart/form-data; boundary=grenze")

    assert response.status_code == 422
    assert "Die Geometrie ist größer als 2 MB. Bitte die Umrisse vereinfachen." in _text(response)
    assert _saved(draft) is None


def test_an_empty_form_asks_for_a_file_or_text(architect, draft):
    response = _post(architect, draft, geometrie="  ")

    assert response.status_code == 422
    assert "Bitte eine GeoJSON-Datei auswählen oder die Geometrie in das Textfeld einfügen." in _text(
        response
    )


def test_the_page_offers_the_upload_when_drawing_is_not_possible(architect, draft):
    page = _text(architect.get(_step(draft)))

    assert "Das Zeichnen in der Karte braucht JavaScript." in page
    assert 'id="karte" class="map" hidden' in page and 'aria-label="Karte: Grundstück' in page
    assert "/assets/vendor/ol/dist/ol.js" in page and "/static/map.js" in page
    assert 'href="/antraege"' in page and 'aria-current="step">Lage und Baukörper' in page
    assert "Noch keine Geometrie gespeichert" in page
    assert not re.search(r"<script>|style=", page)  # the CSP allows neither


def test_live_check_answers_with_the_rendered_findings_and_stores_nothing(architect, draft):
    token = csrf_token(architect, _step(draft))
    too_close = submission(buildings=[building(1, 10, 10, 10, height=6.0)])

    response = architect.post(
        f"{_step(draft)}/pruefung",
        data=json.dumps(too_close),
        headers={"X-CSRFToken": token, "Accept": "application/json"},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.get_json()
    assert body["passed"] is False and body["errors"] == []
    assert "Nicht bestanden:" in body["html"] and "Nicht erfüllt:" in body["html"]
    assert "erforderlich, 1,00 m vorhanden" in body["html"]
    assert _saved(draft) is None and db.session.query(GeometryCheck).count() == 0


def test_live_check_reports_bad_geometry_as_list(architect, draft):
    token = csrf_token(architect, _step(draft))

    response = architect.post(
        f"{_step(draft)}/pruefung", data="[1", headers={"X-CSRFToken": token}, content_type="application/json"
    )

    body = response.get_json()
    assert body["errors"] == ["Das ist kein gültiges GeoJSON: Zeile 1, Spalte 3 ist nicht lesbar."]
    assert "Nicht prüfbar:" in body["html"]


def test_live_check_needs_the_form_token(architect, draft):
    response = architect.post(
        f"{_step(draft)}/pruefung", data=json.dumps(submission()), content_type="application/json"
    )

    assert response.status_code == 400


def test_layers_come_as_geojson_around_the_plot(architect, people):
    import_layer(
        "Nr. 1710", "development_plan", collection(feature(rect(-50, -50, 150, 150), role="plan_area"))
    )
    draft = ApplicationFactory(applicant=people["architektin"], geometry=submission())
    db.session.commit()

    response = architect.get(f"{_step(draft)}/ebenen.geojson")

    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    [plan] = response.get_json()["features"]
    assert plan["properties"] == {
        "layer": "Nr. 1710",
        "kind": "development_plan",
        "role": "plan_area",
        "label": "Geltungsbereich des Bebauungsplans",
    }


def test_another_architects_draft_is_not_shown(architect):
    other = ApplicationFactory(geometry=submission())
    db.session.commit()

    assert architect.get(_step(other)).status_code == 403
    assert architect.get(f"{_step(other)}/ebenen.geojson").status_code == 403


def test_a_submitted_application_cannot_be_changed_here(architect, people):
    submitted = ApplicationFactory(applicant=people["architektin"], status=ApplicationStatus.SUBMITTED)
    db.session.commit()

    response = _post(architect, submitted, geometrie=json.dumps(submission()))

    assert response.status_code == 409
    assert "bereits eingereicht" in _text(response)
    assert architect.get(_step(submitted)).status_code == 409


def test_signed_out_visitors_are_sent_to_sign_in(client, draft):
    response = client.get(_step(draft))

    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
